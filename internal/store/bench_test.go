package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/catalog/catalogtest"
)

// BenchmarkListChairs queries a SQLite catalog of 10,000 generated chairs.
func BenchmarkListChairs(b *testing.B) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"), time.Now)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if _, err := st.Import(ctx, catalogtest.Generate(10_000), nil); err != nil {
		b.Fatal(err)
	}
	yes, maxPrice := true, int64(300_000)
	for _, bc := range []struct {
		name   string
		filter catalog.Filter
	}{
		{"default", catalog.Filter{}},
		{"facets", catalog.Filter{ZeroGravity: &yes, Rollers: []string{"4d"}, MaxPrice: &maxPrice}},
		{"price_sort", catalog.Filter{Sort: catalog.SortPriceAsc}},
		{"fulltext", catalog.Filter{Q: "zero gravity 4d"}},
	} {
		f := bc.filter
		f.Page, f.PerPage = 1, catalog.DefaultPerPage
		if f.Sort == "" {
			f.Sort = catalog.SortName
		}
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				page, err := st.ListChairs(ctx, f)
				if err != nil {
					b.Fatal(err)
				}
				if len(page.Chairs) == 0 {
					b.Fatal("no chairs found")
				}
			}
		})
	}
}
