package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"masahe/internal/catalog"
	"masahe/internal/errs"
)

const placesDoc = `{
  "sources": [{"id": "acme-ph-stores", "url": "https://example.ph/stores", "title": "Stores", "market": "PH", "kind": "official_distributor"}],
  "brands": [{"slug": "acme", "name": "Acme"}, {"slug": "zeta", "name": "Zeta"}],
  "places": [
    {"slug": "acme-davao", "brand": "acme", "kind": "store", "name": "Acme Davao", "address": "SM Lanang Premier", "city": "Davao City", "region": "XI", "source": "acme-ph-stores", "checked": "2026-11-24"},
    {"slug": "acme-pasay", "brand": "acme", "kind": "service_centre", "name": "Acme Service", "address": "1 Example Ave", "city": "Pasay", "region": "NCR", "hours": "10:00–21:00", "phone": "+63 2 0000 0000", "source": "acme-ph-stores", "checked": "2026-11-24"},
    {"slug": "zeta-makati", "brand": "zeta", "kind": "showroom", "name": "Zeta Makati", "address": "2 Example St", "city": "Makati", "region": "NCR", "source": "acme-ph-stores", "checked": "2026-11-24"}
  ]
}`

// TestPlaces: places import with their source's market and kind, read back
// by region and brand in the PSA's region order, then by city, and update
// in place.
func TestPlaces(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc, err := catalog.ParseDocument("places.json", strings.NewReader(placesDoc))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Import(ctx, doc, nil); err != nil {
			t.Fatal(err)
		}
		src, err := s.Source(ctx, "acme-ph-stores")
		if err != nil || src.Market != "PH" || src.Kind != catalog.KindOfficialDistributor {
			t.Errorf("source = %+v, %v; want market PH, kind official_distributor", src, err)
		}
		slugs := func(f catalog.PlaceFilter) []string {
			t.Helper()
			places, err := s.Places(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range places {
				out = append(out, p.Slug)
			}
			return out
		}
		for _, tt := range []struct {
			f    catalog.PlaceFilter
			want []string
		}{
			{catalog.PlaceFilter{}, []string{"zeta-makati", "acme-pasay", "acme-davao"}},
			{catalog.PlaceFilter{Region: "NCR"}, []string{"zeta-makati", "acme-pasay"}},
			{catalog.PlaceFilter{Brand: "acme"}, []string{"acme-pasay", "acme-davao"}},
			{catalog.PlaceFilter{Region: "NCR", Brand: "acme", Kind: catalog.PlaceServiceCentre}, []string{"acme-pasay"}},
			{catalog.PlaceFilter{Region: "VII"}, nil},
		} {
			if got := slugs(tt.f); !slices.Equal(got, tt.want) {
				t.Errorf("Places(%+v) = %v, want %v", tt.f, got, tt.want)
			}
		}
		all, _ := s.Places(ctx, catalog.PlaceFilter{Region: "NCR", Brand: "acme"})
		if len(all) != 1 || all[0].Cited.URL != "https://example.ph/stores" || all[0].Cited.Market != "PH" {
			t.Fatalf("read back %+v, want one place citing https://example.ph/stores (PH)", all)
		}
		got := all[0]
		got.Cited = catalog.Source{}
		if got != doc.Places[1] {
			t.Errorf("read back %+v, want %+v", got, doc.Places[1])
		}
		one, err := s.Place(ctx, "acme-pasay")
		if err != nil || one.Name != "Acme Service" {
			t.Errorf("Place(acme-pasay) = %+v, %v", one, err)
		}
		if _, err := s.Place(ctx, "no-such-place"); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("Place(no-such-place) error %v, want not_found", err)
		}
		doc.Places[0].Hours = "10:00–21:00"
		res, err := s.Import(ctx, doc, nil)
		if err != nil || res.Updated != 1 {
			t.Errorf("re-import with one place changed = %+v, %v; want 1 updated", res, err)
		}
	})
}
