// Package catalogtest generates large, made-up catalogs for benchmarks and
// tests. Its data is never bundled or shown to users: every value is
// invented and attributed to a placeholder source.
package catalogtest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/prices"
)

// SourceID is the id of the one placeholder source every generated spec
// cites.
const SourceID = "generated"

// Generate returns a catalog of n chairs spread over 40 brands and two
// retailers (Observations prices them). The same n always gives the same
// document, and the document passes Validate against an empty database.
func Generate(n int) *catalog.Document {
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	doc := &catalog.Document{
		Sources: []catalog.Source{{ID: SourceID, URL: "https://example.test/generated", Title: "Generated benchmark data"}},
		Retailers: []catalog.Retailer{
			{Slug: "retailer-a", Name: "Retailer A", URL: "https://a.example.test"},
			{Slug: "retailer-b", Name: "Retailer B", URL: "https://b.example.test"},
		},
	}
	for i := range 40 {
		doc.Brands = append(doc.Brands, catalog.Brand{Slug: fmt.Sprintf("brand-%02d", i), Name: fmt.Sprintf("Brand %02d", i)})
	}
	pick := func(opts []catalog.Option) string { return opts[rng.IntN(len(opts))].Value }
	between := func(lo, hi int64) int64 { return lo + rng.Int64N(hi-lo+1) }
	for i := range n {
		brand := doc.Brands[i%len(doc.Brands)]
		slug := fmt.Sprintf("%s-model-%d", brand.Slug, i)
		values := map[string]any{
			"track":                  pick(catalog.TrackOptions),
			"track_length_cm":        between(100, 150),
			"rollers":                pick(catalog.RollerOptions),
			"airbags":                between(0, 60),
			"programs":               between(5, 40),
			"zero_gravity":           rng.IntN(2) == 0,
			"heat":                   rng.IntN(2) == 0,
			"heat_zones":             between(0, 4),
			"foot_rollers":           rng.IntN(2) == 0,
			"body_scan":              rng.IntN(2) == 0,
			"user_height_min_cm":     between(140, 155),
			"user_height_max_cm":     between(180, 200),
			"max_user_weight_kg":     between(100, 160),
			"upright_width_cm":       between(70, 90),
			"upright_depth_cm":       between(120, 150),
			"upright_height_cm":      between(110, 125),
			"reclined_width_cm":      between(70, 90),
			"reclined_depth_cm":      between(170, 200),
			"reclined_height_cm":     between(70, 90),
			"wall_clearance_cm":      between(0, 60),
			"space_saving":           rng.IntN(2) == 0,
			"chair_weight_kg":        float64(between(600, 1200)) / 10,
			"voltage":                "220-240",
			"power_w":                between(100, 300),
			"warranty_parts_months":  between(12, 60),
			"warranty_labour_months": between(12, 36),
			"warranty_ph":            rng.IntN(2) == 0,
			"service_areas":          []string{"Metro Manila", "Cebu"},
			"app_control":            rng.IntN(2) == 0,
			"release_year":           between(2015, 2025),
		}
		specs := make(map[string]catalog.Spec, len(values))
		for key, v := range values {
			specs[key] = catalog.Spec{Value: v, Source: SourceID}
		}
		doc.Chairs = append(doc.Chairs, catalog.Chair{Slug: slug, Brand: brand.Slug, Name: fmt.Sprintf("Model %d", i), Specs: specs})
	}
	return doc
}

// Observations returns one made-up price for each chair of doc at each of
// its retailers, observed at at: the same doc always gives the same prices.
func Observations(doc *catalog.Document, at time.Time) []prices.Observation {
	rng := rand.New(rand.NewPCG(2, uint64(len(doc.Chairs))))
	var out []prices.Observation
	for _, c := range doc.Chairs {
		price := prices.Pesos((40 + rng.Int64N(561)) * 1000)
		for j, r := range doc.Retailers {
			out = append(out, prices.Observation{ChairSlug: c.Slug, RetailerSlug: r.Slug, Price: price + prices.Pesos(int64(j)*5000),
				URL: r.URL + "/" + c.Slug, ObservedAt: at, Method: prices.ByFeed})
		}
	}
	return out
}
