package web

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routes lists every route of the site.
func (s *Server) routes(reg *prometheus.Registry) http.Handler {
	mux := http.NewServeMux()

	// Catalog pages and API answers depend only on the catalog: they are
	// cached until it changes (cache.go).
	mux.HandleFunc("GET /{$}", s.cached(s.handleHome))
	mux.HandleFunc("GET /chairs", s.cached(s.handleChairs))
	mux.HandleFunc("GET /chairs/{slug}", s.cached(s.handleChair))
	mux.HandleFunc("GET /compare", s.cached(s.handleCompare))
	mux.HandleFunc("GET /search", s.cached(s.handleSearch))
	// The finder's answers may include health conditions: never cached.
	mux.HandleFunc("GET /finder", s.handleFinder)

	mux.HandleFunc("GET /api/v1/chairs", s.cached(s.handleAPIChairs))
	mux.HandleFunc("GET /api/v1/chairs/{slug}", s.cached(s.handleAPIChair))
	mux.HandleFunc("GET /api/v1/compare", s.cached(s.handleAPICompare))
	mux.HandleFunc("GET /api/v1/brands", s.cached(s.handleAPIBrands))
	mux.HandleFunc("GET /api/v1/search", s.cached(s.handleAPIChairs))
	mux.HandleFunc("POST /api/v1/finder", s.handleAPIFinder)
	mux.HandleFunc("GET /api/v1/finder/options", s.cached(s.handleAPIFinderOptions))

	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.Handle("GET /static/", staticHandler())
	mux.HandleFunc("GET /favicon.ico", s.handleFavicon)
	mux.HandleFunc("GET /robots.txt", s.handleRobots)

	return s.recoverPanics(s.logRequests(s.countRequests(securityHeaders(s.plainErrors(mux)))))
}
