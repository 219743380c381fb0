package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestCacheKeepsNoHealthAnswers: a page asked for with a health answer is
// served but never kept in the page cache, while the same page without one
// is.
func TestCacheKeepsNoHealthAnswers(t *testing.T) {
	f := newAPIFixture(t)
	slug := f.doc.Chairs[0].Slug
	for _, target := range []string{"/chairs/" + slug + "?height_cm=170&condition=pacemaker_implant", "/chairs/" + slug + "?height_cm=170"} {
		if w := f.do(t, http.MethodGet, target); w.Code != http.StatusOK {
			t.Fatalf("GET %s: status %d", target, w.Code)
		}
	}
	cache := f.srv.cache
	cache.mu.RLock()
	defer cache.mu.RUnlock()
	kept := false
	for key := range cache.pages {
		if strings.Contains(key, "condition") {
			t.Errorf("the cache kept %s", key)
		}
		kept = kept || key == "/chairs/"+slug+"?height_cm=170"
	}
	if !kept {
		t.Error("the page without a health answer was not cached")
	}
}
