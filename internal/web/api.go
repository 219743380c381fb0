package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/prices"
)

// chairJSON is a chair in the API: the contract other tools rely on.
// Unknown values are null.
type chairJSON struct {
	Slug            string         `json:"slug"`
	Name            string         `json:"name"`
	Brand           brandRef       `json:"brand"`
	Track           *string        `json:"track"`
	TrackLengthCM   *int64         `json:"track_length_cm"`
	Rollers         *string        `json:"rollers"`
	Airbags         *int64         `json:"airbags"`
	Programs        *int64         `json:"programs"`
	ZeroGravity     *bool          `json:"zero_gravity"`
	Heat            *bool          `json:"heat"`
	HeatZones       *int64         `json:"heat_zones"`
	FootRollers     *bool          `json:"foot_rollers"`
	BodyScan        *bool          `json:"body_scan"`
	SpaceSaving     *bool          `json:"space_saving"`
	UserHeightCM    rangeJSON      `json:"user_height_cm"`
	MaxUserWeightKG *int64         `json:"max_user_weight_kg"`
	DimensionsCM    dimensionsJSON `json:"dimensions_cm"`
	WallClearanceCM *int64         `json:"wall_clearance_cm"`
	ChairWeightKG   *float64       `json:"chair_weight_kg"`
	Voltage         *string        `json:"voltage"`
	PowerW          *int64         `json:"power_w"`
	Warranty        warrantyJSON   `json:"warranty"`
	AppControl      *bool          `json:"app_control"`
	ReleaseYear     *int64         `json:"release_year"`
	LowestPricePHP  *float64       `json:"lowest_price_php"`
	Offers          []offerJSON    `json:"offers"`
	Sources         []sourceJSON   `json:"sources"`
	Sample          []string       `json:"sample_fields"`
}

type brandRef struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type rangeJSON struct {
	Min *int64 `json:"min"`
	Max *int64 `json:"max"`
}

type sizeJSON struct {
	W *int64 `json:"w"`
	D *int64 `json:"d"`
	H *int64 `json:"h"`
}

type dimensionsJSON struct {
	Upright  sizeJSON `json:"upright"`
	Reclined sizeJSON `json:"reclined"`
}

type warrantyJSON struct {
	PartsMonths  *int64   `json:"parts_months"`
	LabourMonths *int64   `json:"labour_months"`
	PHService    *bool    `json:"ph_service"`
	ServiceAreas []string `json:"service_areas"`
}

// offerJSON is a retailer's current offer: its latest observation. A
// stale one (older than the maximum age) is listed, marked, and never the
// lowest price.
type offerJSON struct {
	Retailer        brandRef        `json:"retailer"`
	PricePHP        float64         `json:"price_php"`
	RegularPricePHP *float64        `json:"regular_price_php"`
	Instalment      *instalmentJSON `json:"instalment"`
	InStock         *bool           `json:"in_stock"`
	URL             *string         `json:"url"`
	ObservedAt      time.Time       `json:"observed_at"`
	Method          prices.Method   `json:"method"`
	Stale           bool            `json:"stale"`
}

// instalmentJSON is a plan with what it costs (Estimate: worked out from
// a quoted rate, not quoted by the retailer).
type instalmentJSON struct {
	Months      int      `json:"months"`
	MonthlyRate float64  `json:"monthly_rate_percent"`
	Banks       []string `json:"banks"`
	MonthlyPHP  float64  `json:"monthly_php"`
	TotalPHP    float64  `json:"total_php"`
	Estimate    bool     `json:"estimate"`
}

// pesos is an amount for the API: pesos, with centavos as decimals.
func pesos(c prices.Centavos) float64 { return float64(c) / 100 }

func newOfferJSON(c catalog.Chair, o prices.Offer) offerJSON {
	j := offerJSON{Retailer: brandRef{o.RetailerSlug, c.RetailerName(o.RetailerSlug)}, PricePHP: pesos(o.Price), URL: optString(o.URL),
		ObservedAt: o.ObservedAt.UTC(), Method: o.Method, Stale: o.Stale}
	if o.RegularPrice > 0 {
		r := pesos(o.RegularPrice)
		j.RegularPricePHP = &r
	}
	if o.Stock != prices.StockUnknown {
		in := o.Stock == prices.InStock
		j.InStock = &in
	}
	if in := o.Instalment; in != nil {
		if pay, ok := in.Payment(o.Price); ok {
			j.Instalment = &instalmentJSON{Months: pay.Months, MonthlyRate: float64(in.MonthlyRateBP) / 100, Banks: append([]string{}, in.Banks...),
				MonthlyPHP: pesos(pay.Monthly), TotalPHP: pesos(pay.Total), Estimate: pay.Estimate}
		}
	}
	return j
}

// sourceJSON is a source with the fields it supports.
type sourceJSON struct {
	catalog.Source
	Supports []string `json:"supports"`
}

func specPtr[T any](c catalog.Chair, key string) *T {
	if v, ok := c.Specs[key].Value.(T); ok {
		return &v
	}
	return nil
}

// serviceAreas is null when unpublished, a list (maybe empty) otherwise.
func serviceAreas(c catalog.Chair) []string {
	areas, _ := c.Specs["service_areas"].Value.([]string)
	return areas
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func newChairJSON(c catalog.Chair) chairJSON {
	ints := func(key string) *int64 { return specPtr[int64](c, key) }
	bools := func(key string) *bool { return specPtr[bool](c, key) }
	strs := func(key string) *string { return specPtr[string](c, key) }
	j := chairJSON{
		Slug: c.Slug, Name: c.Name, Brand: brandRef{c.Brand, c.BrandName},
		Track: strs("track"), TrackLengthCM: ints("track_length_cm"), Rollers: strs("rollers"),
		Airbags: ints("airbags"), Programs: ints("programs"), ZeroGravity: bools("zero_gravity"),
		Heat: bools("heat"), HeatZones: ints("heat_zones"), FootRollers: bools("foot_rollers"),
		BodyScan: bools("body_scan"), SpaceSaving: bools("space_saving"),
		UserHeightCM:    rangeJSON{ints("user_height_min_cm"), ints("user_height_max_cm")},
		MaxUserWeightKG: ints("max_user_weight_kg"),
		DimensionsCM: dimensionsJSON{
			Upright:  sizeJSON{ints("upright_width_cm"), ints("upright_depth_cm"), ints("upright_height_cm")},
			Reclined: sizeJSON{ints("reclined_width_cm"), ints("reclined_depth_cm"), ints("reclined_height_cm")},
		},
		WallClearanceCM: ints("wall_clearance_cm"), ChairWeightKG: specPtr[float64](c, "chair_weight_kg"),
		Voltage: strs("voltage"), PowerW: ints("power_w"),
		Warranty: warrantyJSON{ints("warranty_parts_months"), ints("warranty_labour_months"), bools("warranty_ph"),
			serviceAreas(c)},
		AppControl: bools("app_control"), ReleaseYear: ints("release_year"),
		Offers: []offerJSON{}, Sources: []sourceJSON{}, Sample: []string{},
	}
	if o, ok := c.LowestOffer(); ok {
		p := pesos(o.Price)
		j.LowestPricePHP = &p
	}
	supports := map[string][]string{}
	if c.Source != "" {
		supports[c.Source] = []string{"model"}
	}
	for _, f := range catalog.Fields {
		spec, ok := c.Specs[f.Key]
		switch {
		case ok && spec.Sample:
			j.Sample = append(j.Sample, f.Key)
		case ok && spec.Source != "":
			supports[spec.Source] = append(supports[spec.Source], f.Key)
		}
	}
	for _, o := range c.Offers {
		j.Offers = append(j.Offers, newOfferJSON(c, o))
	}
	for id, fields := range supports {
		if src, ok := c.Sources[id]; ok {
			j.Sources = append(j.Sources, sourceJSON{Source: src, Supports: fields})
		}
	}
	slices.SortFunc(j.Sources, func(a, b sourceJSON) int { return strings.Compare(a.ID, b.ID) })
	return j
}

type chairListJSON struct {
	Items     []chairJSON `json:"items"`
	Total     int         `json:"total"`
	Page      int         `json:"page"`
	PerPage   int         `json:"per_page"`
	Corrected *string     `json:"corrected_query,omitempty"`
}

// handleAPIChairs answers both /api/v1/chairs and /api/v1/search: a
// search is the catalog query with q, and takes the same filters.
func (s *Server) handleAPIChairs(w http.ResponseWriter, r *http.Request) {
	f, err := catalog.ParseFilter(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, corrected, err := s.searchChairs(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := chairListJSON{Items: []chairJSON{}, Total: res.Total, Page: f.Page, PerPage: f.PerPage, Corrected: optString(corrected)}
	for _, c := range res.Chairs {
		out.Items = append(out.Items, newChairJSON(c))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleAPIChair(w http.ResponseWriter, r *http.Request) {
	c, err := s.stores.Catalog.Chair(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newChairJSON(c))
}

type compareJSON struct {
	Chairs []chairJSON   `json:"chairs"`
	Rows   []catalog.Row `json:"rows"`
}

func (s *Server) handleAPICompare(w http.ResponseWriter, r *http.Request) {
	slugs, err := catalog.ParseCompareSlugs(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// The count is checked before loading, so that "chairs=a" reports
	// the count, not a missing chair.
	if err := catalog.CompareCount(len(slugs)); err != nil {
		s.writeError(w, r, err)
		return
	}
	chairs, err := s.stores.Catalog.Chairs(r.Context(), slugs)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rows, err := catalog.Compare(chairs)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := compareJSON{Rows: rows}
	for _, c := range chairs {
		out.Chairs = append(out.Chairs, newChairJSON(c))
	}
	writeJSON(w, http.StatusOK, out)
}

type brandJSON struct {
	Slug       string  `json:"slug"`
	Name       string  `json:"name"`
	Country    *string `json:"country"`
	Website    *string `json:"website"`
	PHPresence *string `json:"ph_presence"`
	Chairs     int     `json:"chairs"`
}

func (s *Server) handleAPIBrands(w http.ResponseWriter, r *http.Request) {
	brands, err := s.stores.Catalog.Brands(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := struct {
		Items []brandJSON `json:"items"`
	}{Items: []brandJSON{}}
	for _, b := range brands {
		out.Items = append(out.Items, brandJSON{b.Slug, b.Name, optString(b.Country), optString(b.Website), optString(b.PHPresence), b.Chairs})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if err := s.stores.Catalog.Ping(r.Context()); err != nil {
		s.log.Error("health check", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
