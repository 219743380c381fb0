package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"masahe/data"
	"masahe/internal/catalog/catalogtest"
	"masahe/internal/store"
	"masahe/internal/store/storetest"
)

// The benchmark site: the starter catalog and content plus 10,000
// generated chairs and 100,000 generated owner reviews on SQLite, built
// once per package run (sync.Once) and shared by every benchmark.
var bench struct {
	once sync.Once
	err  error
	dir  string
	srv  *Server
	// uncached shares srv's store but keeps no page (a cache too small for
	// any), so every request is rendered; what is kept per catalog
	// version (memo.go) it keeps.
	uncached *Server
	slugs    []string // generated chairs
}

func benchServer(b *testing.B) *Server {
	b.Helper()
	bench.once.Do(func() {
		bench.err = func() error {
			ctx := context.Background()
			dir, err := makeBenchDir()
			if err != nil {
				return err
			}
			bench.dir = dir
			st, err := store.Open(ctx, filepath.Join(dir, "bench.db"), time.Now)
			if err != nil {
				return err
			}
			starter, err := data.Starter()
			if err != nil {
				return err
			}
			if _, err := st.LoadStarter(ctx, starter); err != nil {
				return err
			}
			articles, err := data.Articles()
			if err != nil {
				return err
			}
			reviews, err := data.EditorialReviews()
			if err != nil {
				return err
			}
			if _, err := st.LoadStarterContent(ctx, articles, reviews); err != nil {
				return err
			}
			doc := catalogtest.Generate(10_000)
			if _, err := st.Import(ctx, doc, nil); err != nil {
				return err
			}
			if err := st.GenerateOwnerReviews(ctx, 100_000); err != nil {
				return err
			}
			for _, c := range doc.Chairs {
				bench.slugs = append(bench.slugs, c.Slug)
			}
			bench.srv, err = NewServer(Config{BaseURL: "http://example.test"}, storesOf(st), slog.New(slog.DiscardHandler), prometheus.NewRegistry())
			if err != nil {
				return err
			}
			bench.uncached, err = NewServer(Config{BaseURL: "http://example.test", CacheBytes: 1}, storesOf(st), slog.New(slog.DiscardHandler), prometheus.NewRegistry())
			return err
		}()
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.srv
}

// makeBenchDir is a directory for the package run's database; the OS
// cleans the temporary directory.
func makeBenchDir() (string, error) {
	return os.MkdirTemp("", "masahe-bench-")
}

// serve sends one request through the whole handler, middleware
// included, and fails on any status but 200.
func serve(b *testing.B, srv *Server, method, target, body string) {
	var r *http.Request
	if body != "" {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	r.Header.Set("Accept-Encoding", "br, gzip")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		b.Fatalf("%s %s: status %d: %.300s", method, target, w.Code, w.Body)
	}
}

// BenchmarkCachedPages serves each kind of page again, from the page
// cache, compressed.
func BenchmarkCachedPages(b *testing.B) {
	srv := benchServer(b)
	for _, bc := range []struct{ name, path string }{
		{"home", "/"},
		{"catalog", "/chairs"},
		{"chair", "/chairs/" + bench.slugs[len(bench.slugs)/2]},
		{"compare", "/compare?chairs=" + bench.slugs[1] + "," + bench.slugs[2]},
		{"article", "/articles/buying-on-instalments"},
		{"review", "/reviews/osaki-os-champ"},
		{"feed", "/feed.atom"},
		{"sitemap", "/sitemap.xml"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			serve(b, srv, http.MethodGet, bc.path, "")
			b.ReportAllocs()
			for b.Loop() {
				serve(b, srv, http.MethodGet, bc.path, "")
			}
		})
	}
}

// BenchmarkUncached renders pages and answers the cache does not hold: a
// different chair, filter or query every time, on a server that keeps no
// page, so that every iteration (-count and -benchtime included) renders.
func BenchmarkUncached(b *testing.B) {
	benchServer(b)
	srv := bench.uncached
	filters := []string{"zero_gravity=true&rollers=4d&max_price=300000", "height_cm=180&weight_kg=100&heat=true",
		"brand=brand-01,brand-02&track=sl", "sort=price_asc", "sort=rating", "sort=newest&foot_rollers=true"}
	typos := []string{"zerro+gravty", "modle+42", "brnad+07+hetaed", "massge+chiar"}
	i := 0
	for _, bc := range []struct {
		name, method string
		target       func() string
		body         string
	}{
		{"chair", http.MethodGet, func() string { return "/chairs/" + bench.slugs[i%len(bench.slugs)] }, ""},
		{"catalog_filter", http.MethodGet, func() string { return fmt.Sprintf("/chairs?%s&page=%d", filters[i%len(filters)], i%5+1) }, ""},
		{"search_typo", http.MethodGet, func() string { return fmt.Sprintf("/search?q=%s&page=%d", typos[i%len(typos)], i%3+1) }, ""},
		{"api_search_typo", http.MethodGet, func() string { return fmt.Sprintf("/api/v1/search?q=%s&page=%d", typos[i%len(typos)], i%3+1) }, ""},
		{"finder_api", http.MethodPost, func() string { return "/api/v1/finder" },
			`{"height_cm":170,"weight_kg":80,"budget_php":400000,"room":{"width_cm":120,"depth_cm":240},"against_wall":true,` +
				`"delivery":{"door_width_cm":85,"floors_by_stairs":2},"region":"ncr","goals":["relaxation","lower_back"],` +
				`"must_have":["zero_gravity"],"conditions":["osteoporosis"]}`},
		{"finder_page", http.MethodGet, func() string {
			return "/finder?height_cm=170&weight_kg=80&budget_php=400000&room_width_cm=120&room_depth_cm=240&against_wall=true" +
				"&door_width_cm=85&floors_by_stairs=2&region=ncr&goal=relaxation&goal=lower_back&must_have=zero_gravity&condition=osteoporosis"
		}, ""},
		{"finder_page_fil", http.MethodGet, func() string {
			return "/fil/finder?height_cm=170&weight_kg=80&budget_php=400000&room_width_cm=120&room_depth_cm=240&against_wall=true" +
				"&door_width_cm=85&floors_by_stairs=2&region=ncr&goal=relaxation&goal=lower_back&must_have=zero_gravity&condition=osteoporosis"
		}, ""},
	} {
		b.Run(bc.name, func(b *testing.B) {
			// The first request loads what is kept per catalog version
			// (the finder's chairs, the search words); the loop measures
			// the requests after it.
			serve(b, srv, bc.method, bc.target(), bc.body)
			b.ReportAllocs()
			cpu := storetest.CPU()
			for b.Loop() {
				i++
				serve(b, srv, bc.method, bc.target(), bc.body)
			}
			storetest.ReportCPU(b, cpu)
		})
	}
}
