package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestCacheKeepsNoHealthAnswers: a page asked for with a health answer is
// served but never kept in the page cache, while the same page without one
// is.
func TestCacheKeepsNoHealthAnswers(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	slug := f.doc.Chairs[0].Slug
	for _, target := range []string{"/chairs/" + slug + "?height_cm=170&condition=pacemaker_implant", "/chairs/" + slug + "?height_cm=170"} {
		if w := f.do(t, http.MethodGet, target); w.Code != http.StatusOK {
			t.Fatalf("GET %s: status %d", target, w.Code)
		}
	}
	cache := f.srv.cache
	cache.mu.Lock()
	defer cache.mu.Unlock()
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

func TestCacheKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ a, b string }{
		{"/chairs?page=1&page=1&page=1", "/chairs?page=1"},
		{"/chairs?sort=name&brand=osim", "/chairs?brand=osim&sort=name"},
		{"/chairs?brand=osim&brand=ogawa&brand=osim", "/chairs?brand=osim&brand=ogawa"},
	} {
		ua, _ := url.Parse(tc.a)
		ub, _ := url.Parse(tc.b)
		if cacheKey(ua) != cacheKey(ub) {
			t.Errorf("cacheKey(%s) = %s, cacheKey(%s) = %s: want one key", tc.a, cacheKey(ua), tc.b, cacheKey(ub))
		}
	}
	// Order within one list parameter is kept: it can matter.
	ua, _ := url.Parse("/compare?chairs=a&chairs=b")
	ub, _ := url.Parse("/compare?chairs=b&chairs=a")
	if cacheKey(ua) == cacheKey(ub) {
		t.Errorf("cacheKey folds %s and %s into one key", ua, ub)
	}
}

// TestCacheBoundedInBytes: the cache never holds more than its size, and
// it drops the least recently used page first.
func TestCacheBoundedInBytes(t *testing.T) {
	t.Parallel()
	c := newPageCache(func(context.Context) (string, error) { return "v1", nil }, time.Now, 1<<20)
	c.fresh(context.Background())
	body := []byte(strings.Repeat("x", 100<<10))
	page := func(key string) *cachedPage {
		return &cachedPage{key: key, header: http.Header{}, body: newCompressor().encode(body, "application/octet-stream", accepted{}, true)}
	}
	c.put(page("/first"), "v1")
	for i := range 50 {
		c.put(page(fmt.Sprintf("/p%d", i)), "v1")
		c.get("/first") // kept in use: must survive
		if c.bytes > c.maxBytes {
			t.Fatalf("after %d pages the cache holds %d bytes, over its %d", i+1, c.bytes, c.maxBytes)
		}
	}
	if _, ok := c.get("/first"); !ok {
		t.Error("the most recently used page was dropped")
	}
	if _, ok := c.get("/p0"); ok {
		t.Error("the least recently used page is still there")
	}
	if len(c.pages) < 5 {
		t.Errorf("only %d pages kept in a 1 MiB cache of 100 KiB pages", len(c.pages))
	}
	// A page made under an older version is not kept.
	c.put(page("/old"), "v0")
	if _, ok := c.get("/old"); ok {
		t.Error("a page made under an older catalog version was kept")
	}
}

// TestCacheServesStaleWhileDown: when the catalog version cannot be read,
// kept pages are served with a Warning, and the cache recovers when the
// database answers again.
func TestCacheServesStaleWhileDown(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	srv := f.srv
	now := time.Now()
	var down bool
	srv.cache.now = func() time.Time { return now }
	srv.cache.version = func(ctx context.Context) (string, error) {
		if down {
			return "", errors.New("database down")
		}
		return "v1", nil
	}
	target := "/chairs/" + f.doc.Chairs[0].Slug
	if w := f.do(t, http.MethodGet, target); w.Code != http.StatusOK || w.Header().Get("Warning") != "" {
		t.Fatalf("GET %s: %d, Warning %q", target, w.Code, w.Header().Get("Warning"))
	}
	down, now = true, now.Add(2*time.Second)
	w := f.do(t, http.MethodGet, target)
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Warning"), "Stale") {
		t.Fatalf("GET %s while down: %d, Warning %q", target, w.Code, w.Header().Get("Warning"))
	}
	down, now = false, now.Add(2*time.Second)
	if w := f.do(t, http.MethodGet, target); w.Code != http.StatusOK || w.Header().Get("Warning") != "" {
		t.Fatalf("GET %s after recovery: %d, Warning %q", target, w.Code, w.Header().Get("Warning"))
	}
}

// TestCacheHitNeedsNoRender: a second request for a page is answered from
// memory: its bytes are the same, and a 304 follows its ETag.
func TestCacheHitSameBytes(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	first := f.do(t, http.MethodGet, "/chairs")
	second := f.do(t, http.MethodGet, "/chairs")
	if first.Body.String() != second.Body.String() || first.Header().Get("ETag") != second.Header().Get("ETag") {
		t.Fatal("a cached page differs from the page first served")
	}
	r := httptest.NewRequest(http.MethodGet, "/chairs", nil)
	r.Header.Set("If-None-Match", first.Header().Get("ETag"))
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Fatalf("If-None-Match with the page's ETag: %d with %d bytes, want 304 and none", w.Code, w.Body.Len())
	}
}
