package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// TestMemberPagesNotStored checks Cache-Control: no-store on every page
// that shows a member's own data (and the moderation queue, which shows
// unpublished reviews), for the page and for its re-render with an error;
// public pages keep their caching.
func TestMemberPagesNotStored(t *testing.T) {
	s := newReviewSite(t)
	slug := s.chairs[2].Slug
	s.mustSave(t, "member", slug, reviewValues(4, "Good rollers and a quiet motor; the heat is mild but welcome after work."))
	for _, tc := range []struct {
		name, method, target, who string
		form                      url.Values
		status                    int
	}{
		{"account", http.MethodGet, "/account", "member", nil, http.StatusOK},
		{"account with an error", http.MethodPost, "/account/password", "member", url.Values{"current_password": {"not it"}, "new_password": {"another quiet evening"}}, http.StatusBadRequest},
		{"own reviews", http.MethodGet, "/account/reviews", "member", nil, http.StatusOK},
		{"own review form", http.MethodGet, "/chairs/" + slug + "/review", "member", nil, http.StatusOK},
		{"own review form with an error", http.MethodPost, "/chairs/" + slug + "/review", "member", url.Values{"overall": {"9"}, "text": {"too high"}}, http.StatusBadRequest},
		{"session log", http.MethodGet, "/me/log", "member", nil, http.StatusOK},
		{"moderation queue", http.MethodGet, "/admin/reviews", "editor", nil, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var w *httptest.ResponseRecorder
			if tc.method == http.MethodGet {
				w = s.get(t, tc.target, s.tokens[tc.who])
			} else {
				w = s.post(t, tc.target, tc.form, s.tokens[tc.who])
			}
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d; body %.300s", w.Code, tc.status, w.Body)
			}
			if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", cc)
			}
		})
	}
	if cc := s.get(t, "/chairs/"+slug, "").Header().Get("Cache-Control"); cc == "no-store" {
		t.Errorf("the public chair page is no-store too; only a member's own pages should be")
	}
}
