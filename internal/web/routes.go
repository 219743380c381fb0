package web

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routes lists every route of the site.
func (s *Server) routes(reg *prometheus.Registry) http.Handler {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /{$}", s.handleHome)
	mux.HandleFunc("GET /chairs", s.handleChairs)
	mux.HandleFunc("GET /chairs/{slug}", s.handleChair)
	mux.HandleFunc("GET /compare", s.handleCompare)
	mux.HandleFunc("GET /search", s.handleSearch)

	mux.HandleFunc("GET /api/v1/chairs", s.handleAPIChairs)
	mux.HandleFunc("GET /api/v1/chairs/{slug}", s.handleAPIChair)
	mux.HandleFunc("GET /api/v1/compare", s.handleAPICompare)
	mux.HandleFunc("GET /api/v1/brands", s.handleAPIBrands)
	mux.HandleFunc("GET /api/v1/search", s.handleAPISearch)

	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.Handle("GET /static/", staticHandler())
	mux.HandleFunc("GET /favicon.ico", s.handleFavicon)
	mux.HandleFunc("GET /robots.txt", s.handleRobots)

	return s.recoverPanics(s.logRequests(s.countRequests(securityHeaders(s.plainErrors(mux)))))
}
