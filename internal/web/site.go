package web

import (
	"net/http"
)

// handleRobots lets crawlers in everywhere but the API and points them
// to the sitemap.
func (s *Server) handleRobots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("User-agent: *\nDisallow: /api/\n\nSitemap: " + s.cfg.BaseURL + "/sitemap.xml\n"))
}
