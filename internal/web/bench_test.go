package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"masahe/internal/catalog/catalogtest"
	"masahe/internal/store"
)

// BenchmarkChairPage renders pages of a SQLite catalog of 10,000 generated
// chairs through the whole handler, middleware included.
func BenchmarkChairPage(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), time.Now)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	doc := catalogtest.Generate(10_000)
	if _, err := st.Import(ctx, doc, nil); err != nil {
		b.Fatal(err)
	}
	srv, err := NewServer(Config{BaseURL: "http://example.test"}, storesOf(st), slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	if err != nil {
		b.Fatal(err)
	}
	// cached: the same page again, as served from the page cache; uncached:
	// a different chair or catalog page every time, rendered from the store.
	i := 0
	for _, bc := range []struct {
		name string
		path func() string
	}{
		{"chair/cached", func() string { return "/chairs/" + doc.Chairs[len(doc.Chairs)/2].Slug }},
		{"chair/uncached", func() string { i++; return "/chairs/" + doc.Chairs[i%len(doc.Chairs)].Slug }},
		{"chairs/cached", func() string { return "/chairs" }},
		{"chairs/uncached", func() string { i++; return fmt.Sprintf("/chairs?page=%d", i%400+1) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				path := bc.path()
				w := httptest.NewRecorder()
				srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("GET %s: status %d", path, w.Code)
				}
			}
		})
	}
}
