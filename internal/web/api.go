package web

import (
	"net/http"

	"masahe/internal/catalog"
)

// handleAPIChairs answers both /api/v1/chairs and /api/v1/search: a
// search is the catalog query with q, and takes the same filters.
func (s *Server) handleAPIChairs(w http.ResponseWriter, r *http.Request) {
	f, err := catalog.ParseFilter(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, corrected, err := s.searchChairs(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := chairListJSON{Items: []chairJSON{}, Total: res.Total, Page: f.Page, PerPage: f.PerPage, Corrected: optString(corrected)}
	for _, c := range res.Chairs {
		out.Items = append(out.Items, newChairJSON(c))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleAPIChair(w http.ResponseWriter, r *http.Request) {
	c, err := s.stores.Catalog.Chair(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newChairJSON(c))
}

func (s *Server) handleAPICompare(w http.ResponseWriter, r *http.Request) {
	slugs, err := catalog.ParseCompareSlugs(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// The count is checked before loading, so that "chairs=a" reports
	// the count, not a missing chair.
	if err := catalog.CompareCount(len(slugs)); err != nil {
		s.writeError(w, r, err)
		return
	}
	chairs, err := s.stores.Catalog.Chairs(r.Context(), slugs)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rows, err := catalog.Compare(chairs)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := compareJSON{Rows: jsonList(rows, newRowJSON)}
	for _, c := range chairs {
		out.Chairs = append(out.Chairs, newChairJSON(c))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleAPIBrands(w http.ResponseWriter, r *http.Request) {
	brands, err := s.brands(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := brandListJSON{Items: []brandJSON{}}
	for _, b := range brands {
		out.Items = append(out.Items, brandJSON{b.Slug, b.Name, optString(b.Country), optString(b.Website), optString(b.PHPresence), b.Chairs})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if err := s.stores.Catalog.Ping(r.Context()); err != nil {
		s.log.Error("health check", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, healthStatusJSON{"unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, healthStatusJSON{"ok"})
}
