package store

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"masahe/data"
	"masahe/internal/catalog"
	"masahe/internal/errs"
	"masahe/internal/prices"
	"masahe/internal/store/storetest"
)

var testNow = func() time.Time { return time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC) }

// eachStore runs fn against a fresh store of every dialect under test.
func eachStore(t *testing.T, fn func(t *testing.T, s *Store)) {
	for name, dsn := range storetest.DSNs() {
		t.Run(name, func(t *testing.T) {
			s, err := Open(context.Background(), dsn(t), testNow)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			fn(t, s)
		})
	}
}

func starter(t *testing.T) *catalog.Document {
	t.Helper()
	doc, err := data.Starter()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// priceStarter records made-up prices for the starter chairs at two test
// retailers of its own: every even-numbered chair a fresh price at the
// first (₱60,000 plus ₱20,000 a chair), every odd-numbered one only a
// stale price (40 days old) at the second. It returns the fresh ones.
func priceStarter(t *testing.T, s *Store, doc *catalog.Document) []prices.Observation {
	t.Helper()
	shops := []catalog.Retailer{{Slug: "test-shop-a", Name: "Test Shop A"}, {Slug: "test-shop-b", Name: "Test Shop B"}}
	if _, err := s.Import(context.Background(), &catalog.Document{Retailers: shops}, nil); err != nil {
		t.Fatal(err)
	}
	var fresh, all []prices.Observation
	for i, c := range doc.Chairs {
		o := prices.Observation{ChairSlug: c.Slug, RetailerSlug: shops[0].Slug, Price: prices.Pesos(60_000 + int64(i)*20_000),
			URL: "https://shop.example.test/" + c.Slug, ObservedAt: testNow().Add(-24 * time.Hour), Method: prices.ByEditor}
		if i%2 == 1 {
			o.RetailerSlug, o.ObservedAt = shops[1].Slug, testNow().AddDate(0, 0, -40)
		} else {
			fresh = append(fresh, o)
		}
		all = append(all, o)
	}
	if _, err := s.RecordObservations(context.Background(), all, nil); err != nil {
		t.Fatal(err)
	}
	return fresh
}

func loadStarter(t *testing.T, s *Store) *catalog.Document {
	t.Helper()
	doc := starter(t)
	if loaded, err := s.LoadStarter(context.Background(), doc); err != nil || !loaded {
		t.Fatalf("LoadStarter = %v, %v", loaded, err)
	}
	return doc
}

func TestMigrateTwice(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		if err := s.migrate(context.Background()); err != nil {
			t.Fatalf("second migration run: %v", err)
		}
		if err := s.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}

func TestStarterLoadsOnce(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc := loadStarter(t, s)
		if loaded, err := s.LoadStarter(ctx, starter(t)); err != nil || loaded {
			t.Fatalf("second LoadStarter = %v, %v; want false, nil", loaded, err)
		}
		page, err := s.ListChairs(ctx, filter(t, ""))
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != len(doc.Chairs) || page.Total < 40 {
			t.Errorf("total = %d, want the %d starter chairs (at least 40)", page.Total, len(doc.Chairs))
		}
	})
}

func TestImportIsIdempotent(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc := starter(t)
		res, err := s.Import(ctx, doc, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != doc.Records() || res.Updated+res.Unchanged != 0 {
			t.Fatalf("first import = %+v, want %d created", res, doc.Records())
		}
		res, err = s.Import(ctx, starter(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Unchanged != doc.Records() || res.Created+res.Updated != 0 {
			t.Fatalf("second import = %+v, want all %d unchanged", res, doc.Records())
		}
		changed := starter(t)
		changed.Chairs[0].Name += " (2026)"
		res, err = s.Import(ctx, changed, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Updated != 1 || res.Unchanged != doc.Records()-1 {
			t.Fatalf("import with one renamed chair = %+v", res)
		}
		c, err := s.Chair(ctx, changed.Chairs[0].Slug)
		if err != nil || c.Name != changed.Chairs[0].Name {
			t.Fatalf("renamed chair = %q, %v", c.Name, err)
		}
	})
}

func TestImportIsAllOrNothing(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc := starter(t)
		doc.Chairs[len(doc.Chairs)-1].Brand = "no-such-brand"
		_, err := s.Import(ctx, doc, nil)
		var verr *catalog.ValidationError
		if !errors.As(err, &verr) || len(verr.Problems) != 1 || verr.Problems[0].Field != "brand" {
			t.Fatalf("err = %v, want one problem with the brand", err)
		}
		page, err := s.ListChairs(ctx, filter(t, ""))
		if err != nil {
			t.Fatal(err)
		}
		brands, err := s.Brands(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 0 || len(brands) != 0 {
			t.Errorf("a refused import wrote %d chairs and %d brands", page.Total, len(brands))
		}
	})
}

func filter(t *testing.T, query string) catalog.Filter {
	t.Helper()
	v, err := urlValues(query)
	if err != nil {
		t.Fatal(err)
	}
	f, err := catalog.ParseFilter(v)
	if err != nil {
		t.Fatal(err)
	}
	f.PerPage = catalog.MaxPerPage
	return f
}

func TestListChairsFilters(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		priceStarter(t, s, loadStarter(t, s))
		all, err := s.ListChairs(ctx, filter(t, ""))
		if err != nil {
			t.Fatal(err)
		}
		is := func(c catalog.Chair, key string) bool { v, _ := c.Bool(key); return v }
		tests := []struct {
			query string
			ok    func(catalog.Chair) bool
		}{
			{"brand=osaki", func(c catalog.Chair) bool { return c.Brand == "osaki" }},
			{"brand=osaki,infinity", func(c catalog.Chair) bool { return c.Brand == "osaki" || c.Brand == "infinity" }},
			{"track=sl", func(c catalog.Chair) bool { v, _ := c.Str("track"); return v == "sl" }},
			{"rollers=4d", func(c catalog.Chair) bool { v, _ := c.Str("rollers"); return v == "4d" }},
			{"zero_gravity=true", func(c catalog.Chair) bool { return is(c, "zero_gravity") }},
			{"heat=true", func(c catalog.Chair) bool { return is(c, "heat") }},
			{"space_saving=true", func(c catalog.Chair) bool { return is(c, "space_saving") }},
			{"height_cm=185", func(c catalog.Chair) bool {
				lo, ok1 := c.Int("user_height_min_cm")
				hi, ok2 := c.Int("user_height_max_cm")
				return ok1 && ok2 && lo <= 185 && 185 <= hi
			}},
			{"weight_kg=120", func(c catalog.Chair) bool { w, ok := c.Int("max_user_weight_kg"); return ok && w >= 120 }},
			{"max_price=200000", func(c catalog.Chair) bool { o, ok := c.LowestOffer(); return ok && o.Price <= prices.Pesos(200000) }},
			{"min_price=200000", func(c catalog.Chair) bool { o, ok := c.LowestOffer(); return ok && o.Price >= prices.Pesos(200000) }},
		}
		for _, tt := range tests {
			page, err := s.ListChairs(ctx, filter(t, tt.query))
			if err != nil {
				t.Fatalf("%s: %v", tt.query, err)
			}
			if page.Total == 0 || page.Total >= all.Total {
				t.Errorf("%s: %d of %d chairs; a facet should narrow the starter catalog without emptying it", tt.query, page.Total, all.Total)
			}
			want := 0
			for _, c := range all.Chairs {
				if tt.ok(c) {
					want++
				}
			}
			if page.Total != want {
				t.Errorf("%s: total %d, but %d of all chairs satisfy it", tt.query, page.Total, want)
			}
			for _, c := range page.Chairs {
				if !tt.ok(c) {
					t.Errorf("%s: %s does not satisfy the filter", tt.query, c.Slug)
				}
			}
		}
	})
}

func TestListChairsSortAndPages(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		priceStarter(t, s, loadStarter(t, s))
		page, err := s.ListChairs(ctx, filter(t, "sort=price_asc"))
		if err != nil {
			t.Fatal(err)
		}
		var seen []prices.Centavos
		seenMissing := false
		for _, c := range page.Chairs {
			o, ok := c.LowestOffer()
			if !ok {
				seenMissing = true
				continue
			}
			if seenMissing {
				t.Fatalf("%s has a price after chairs without one: nulls must sort last", c.Slug)
			}
			seen = append(seen, o.Price)
		}
		if !slices.IsSorted(seen) || len(seen) == 0 {
			t.Errorf("prices not ascending: %v", seen)
		}
		byName, err := s.ListChairs(ctx, filter(t, ""))
		if err != nil {
			t.Fatal(err)
		}
		f := filter(t, "per_page=10&page=2")
		f.PerPage = 10
		second, err := s.ListChairs(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(second.Chairs) != 10 || second.Chairs[0].Slug != byName.Chairs[10].Slug {
			t.Errorf("page 2 of 10 starts with %s, want %s", second.Chairs[0].Slug, byName.Chairs[10].Slug)
		}
	})
}

func TestFullTextSearch(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		loadStarter(t, s)
		slugs := func(q string) []string {
			page, err := s.ListChairs(ctx, filter(t, "q="+q))
			if err != nil {
				t.Fatalf("q=%s: %v", q, err)
			}
			var out []string
			for _, c := range page.Chairs {
				out = append(out, c.Slug)
			}
			return out
		}
		if got := slugs("osim+udivine"); !slices.Equal(got, []string{"osim-udivine-v"}) {
			t.Errorf("osim udivine found %v", got)
		}
		if got := slugs("udiv"); !slices.Contains(got, "osim-udivine-v") {
			t.Errorf("a word prefix should match: udiv found %v", got)
		}
		got := slugs("zero+gravity+4d")
		if len(got) == 0 {
			t.Fatal("zero gravity 4d found nothing")
		}
		chairs, err := s.Chairs(ctx, got)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range chairs {
			zg, _ := c.Bool("zero_gravity")
			r, _ := c.Str("rollers")
			if !zg || (r != "4d" && !strings.Contains(strings.ToLower(c.Name), "4d")) {
				t.Errorf("zero gravity 4d found %s (zero gravity %v, rollers %q)", c.Slug, zg, r)
			}
		}
		if got := slugs("osaki&brand=infinity"); len(got) != 0 {
			t.Errorf("a facet must narrow a text match: osaki within infinity found %v", got)
		}
		if got := slugs("%22%2A+OR+-"); len(got) != 0 {
			t.Errorf("query syntax characters must be plain text: found %v", got)
		}
	})
}

func TestChairsNotFound(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		loadStarter(t, s)
		_, err := s.Chairs(context.Background(), []string{"osim-udivine-v", "no-such-chair"})
		if errs.CodeOf(err) != errs.NotFound || !strings.Contains(err.Error(), "no-such-chair") {
			t.Errorf("err = %v, want not found naming the slug", err)
		}
	})
}

func TestChairDetails(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		priceStarter(t, s, loadStarter(t, s))
		c, err := s.Chair(context.Background(), "osaki-os-4000")
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Offers) != 1 || c.RetailerName(c.Offers[0].RetailerSlug) == c.Offers[0].RetailerSlug {
			t.Errorf("offers = %+v, names %v", c.Offers, c.RetailerNames)
		}
		for key, spec := range c.Specs {
			if spec.Source == "" && !spec.Sample {
				t.Errorf("%s has neither source nor sample mark", key)
			}
			if _, ok := c.Sources[spec.Source]; spec.Source != "" && !ok {
				t.Errorf("%s cites %s, which was not loaded", key, spec.Source)
			}
		}
	})
}

func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		loadStarter(t, s)
		doc, err := s.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		first, _ := json.Marshal(doc)
		other, err := Open(ctx, filepath.Join(t.TempDir(), "copy.db"), testNow)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		again, err := catalog.ParseDocument("export.json", strings.NewReader(string(first)))
		if err != nil {
			t.Fatal(err)
		}
		res, err := other.Import(ctx, again, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != doc.Records() {
			t.Errorf("import of the export = %+v, want %d created", res, doc.Records())
		}
		doc2, err := other.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if second, _ := json.Marshal(doc2); string(first) != string(second) {
			t.Error("export → import → export changed the catalog")
		}
		res, err = s.Import(ctx, again, nil)
		if err != nil || res.Unchanged != doc.Records() {
			t.Errorf("re-importing the export into its source = %+v, %v; want all unchanged", res, err)
		}
	})
}

func TestBackup(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc := loadStarter(t, s)
		file := filepath.Join(t.TempDir(), "backup.db")
		err := s.Backup(ctx, file)
		if s.Dialect() == Postgres {
			if err == nil || !strings.Contains(err.Error(), "pg_dump") {
				t.Errorf("PostgreSQL backup: err = %v, want advice to use pg_dump", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		copy, err := Open(ctx, file, testNow)
		if err != nil {
			t.Fatal(err)
		}
		defer copy.Close()
		page, err := copy.ListChairs(ctx, filter(t, ""))
		if err != nil || page.Total != len(doc.Chairs) {
			t.Errorf("backup holds %d chairs (%v), want %d", page.Total, err, len(doc.Chairs))
		}
	})
}

func TestChairNames(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		doc := loadStarter(t, s)
		names, err := s.ChairNames(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(names) != len(doc.Chairs) || !slices.Contains(names, "OSIM uDivine V") {
			t.Errorf("%d names (want %d), OSIM uDivine V among them: %v", len(names), len(doc.Chairs), slices.Contains(names, "OSIM uDivine V"))
		}
	})
}
