package web

import (
	"net/http"
)

// handleFavicon serves the site icon, an SVG, at the address browsers ask for.
func (s *Server) handleFavicon(w http.ResponseWriter, r *http.Request) {
	icon, err := assets.ReadFile("static/favicon.svg")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Write(icon)
}

// handleRobots lets crawlers in everywhere but the API and points them
// to the sitemap.
func (s *Server) handleRobots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("User-agent: *\nDisallow: /api/\n\nSitemap: " + s.cfg.BaseURL + "/sitemap.xml\n"))
}
