package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"masahe/internal/catalog"
	"masahe/internal/catalog/catalogtest"
	"masahe/internal/prices"
	"masahe/internal/store"
)

// BenchmarkChairPagePrices renders the chair page and the full price
// history page of a chair with two years of daily observations from ten
// retailers (7,300 observations), uncached, and reports the bytes of the
// page and of its chart's SVG.
func BenchmarkChairPagePrices(b *testing.B) {
	ctx := context.Background()
	now := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), func() time.Time { return now })
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	doc := catalogtest.Generate(10)
	doc.Retailers = nil
	for i := range 10 {
		doc.Retailers = append(doc.Retailers, catalog.Retailer{Slug: "retailer-" + string(rune('a'+i)), Name: "Retailer " + string(rune('A'+i))})
	}
	if _, err := st.Import(ctx, doc, nil); err != nil {
		b.Fatal(err)
	}
	slug := doc.Chairs[0].Slug
	var obs []prices.Observation
	for d := range 730 {
		at := now.AddDate(0, 0, -730+d)
		for i, r := range doc.Retailers {
			// Prices that move: a weekly cycle per retailer and a slow fall.
			p := prices.Pesos(150_000 + int64(i)*2_000 - int64(d)*20 + int64((d+i)%7)*500)
			obs = append(obs, prices.Observation{ChairSlug: slug, RetailerSlug: r.Slug, Price: p, URL: "https://shop.example.test/" + r.Slug,
				ObservedAt: at, Method: prices.ByFeed})
		}
	}
	if _, err := st.RecordObservations(ctx, obs, nil); err != nil {
		b.Fatal(err)
	}
	srv, err := NewServer(Config{BaseURL: "http://example.test", Now: func() time.Time { return now }, CacheBytes: 1},
		storesOf(st), slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	if err != nil {
		b.Fatal(err)
	}
	for _, path := range []string{"/chairs/" + slug, "/chairs/" + slug + "/prices"} {
		b.Run(strings.TrimPrefix(strings.ReplaceAll(path, slug, "{slug}"), "/"), func(b *testing.B) {
			var body string
			for b.Loop() {
				w := httptest.NewRecorder()
				srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("GET %s: status %d", path, w.Code)
				}
				body = w.Body.String()
			}
			svg := body[strings.Index(body, `<svg xmlns="http://www.w3.org/2000/svg" viewBox`):]
			svg = svg[:strings.Index(svg, "</svg>")+len("</svg>")]
			b.ReportMetric(float64(len(body)), "page-bytes")
			b.ReportMetric(float64(len(svg)), "svg-bytes")
		})
	}
}
