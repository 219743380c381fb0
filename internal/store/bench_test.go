package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/catalog/catalogtest"
	"masahe/internal/store/storetest"
)

// Benchmark data: 10,000 generated chairs (catalogtest) and 100,000
// generated owner reviews (GenerateOwnerReviews), on SQLite and, when
// MASAHE_TEST_POSTGRES is set, on PostgreSQL. Each database is built once
// per benchmark run and shared by every sub-benchmark.
const (
	benchChairs  = 10_000
	benchReviews = 100_000
)

func benchStore(b *testing.B, dsn string) *Store {
	b.Helper()
	ctx := context.Background()
	st, err := Open(ctx, dsn, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if _, err := st.Import(ctx, catalogtest.Generate(benchChairs), nil); err != nil {
		b.Fatal(err)
	}
	if err := st.GenerateOwnerReviews(ctx, benchReviews); err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkStore runs each store read the site's hot paths make.
func BenchmarkStore(b *testing.B) {
	dbs := []struct{ name, dsn string }{{"sqlite", filepath.Join(b.TempDir(), "bench.db")}}
	if os.Getenv("MASAHE_TEST_POSTGRES") != "" {
		dbs = append(dbs, struct{ name, dsn string }{"postgres", storetest.Postgres(b)})
	}
	ctx := context.Background()
	yes, maxPrice, height, weight := true, int64(300_000), int64(180), int64(100)
	for _, db := range dbs {
		st := benchStore(b, db.dsn)
		slug := catalogtest.Generate(benchChairs).Chairs[benchChairs/2].Slug
		for _, bc := range []struct {
			name   string
			filter catalog.Filter
		}{
			{"default", catalog.Filter{}},
			{"facets", catalog.Filter{ZeroGravity: &yes, Rollers: []string{"4d"}, MaxPrice: &maxPrice}},
			{"body", catalog.Filter{HeightCM: &height, WeightKG: &weight, Heat: &yes}},
			{"brands", catalog.Filter{Brands: []string{"brand-01", "brand-02", "brand-03"}, Tracks: []string{"sl"}}},
			{"price_sort", catalog.Filter{Sort: catalog.SortPriceAsc}},
			{"rating_sort", catalog.Filter{Sort: catalog.SortRating}},
			{"deep_page", catalog.Filter{Page: 300}},
			{"fulltext", catalog.Filter{Q: "zero gravity 4d"}},
			// A typo search's first query, which finds nothing.
			{"fulltext_miss", catalog.Filter{Q: "zerro gravty"}},
		} {
			f := bc.filter
			f.Page, f.PerPage = max(1, f.Page), catalog.DefaultPerPage
			if f.Sort == "" {
				f.Sort = catalog.SortName
			}
			b.Run(db.name+"/ListChairs/"+bc.name, func(b *testing.B) {
				b.ReportAllocs()
				cpu := storetest.CPU()
				for b.Loop() {
					if _, err := st.ListChairs(ctx, f); err != nil {
						b.Fatal(err)
					}
				}
				storetest.ReportCPU(b, cpu)
			})
		}
		for _, bc := range []struct {
			name string
			run  func() error
		}{
			{"Brands", func() error { _, err := st.Brands(ctx); return err }},
			{"SearchWords", func() error { _, err := st.SearchWords(ctx); return err }},
			{"Chair", func() error { _, err := st.Chair(ctx, slug); return err }},
			{"AllChairs", func() error { _, err := st.AllChairs(ctx); return err }},
			{"SiteMeanRating", func() error { _, err := st.SiteMeanRating(ctx); return err }},
			{"SiteVersion", func() error { _, err := st.SiteVersion(ctx); return err }},
		} {
			b.Run(db.name+"/"+bc.name, func(b *testing.B) {
				b.ReportAllocs()
				cpu := storetest.CPU()
				for b.Loop() {
					if err := bc.run(); err != nil {
						b.Fatal(err)
					}
				}
				storetest.ReportCPU(b, cpu)
			})
		}
	}
}
