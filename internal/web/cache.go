package web

import (
	"bytes"
	"context"
	"maps"
	"net/http"
	"sync"
	"time"
)

// pageCache keeps rendered catalog pages and API answers in memory until
// the catalog changes. The catalog changes only through imports, which bump
// the store's catalog version; the cache asks for the version at most once
// a second, so a change made through another replica shows within a second.
type pageCache struct {
	version func(context.Context) (string, error)
	now     func() time.Time

	mu      sync.RWMutex
	current string
	checked time.Time
	pages   map[string]cachedPage
}

type cachedPage struct {
	header http.Header
	body   []byte
}

const (
	cacheCheckEvery = time.Second
	cacheMaxPages   = 2000
)

func newPageCache(version func(context.Context) (string, error), now func() time.Time) *pageCache {
	return &pageCache{version: version, now: now, pages: map[string]cachedPage{}}
}

// fresh drops every page when the catalog version has changed since the
// last look.
func (c *pageCache) fresh(ctx context.Context) error {
	c.mu.RLock()
	due := c.now().Sub(c.checked) >= cacheCheckEvery
	c.mu.RUnlock()
	if !due {
		return nil
	}
	v, err := c.version(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.current {
		c.current, c.pages = v, map[string]cachedPage{}
	}
	c.checked = c.now()
	return nil
}

// cached serves GET requests from the cache and fills it with the
// successful answers of next, headers and body. Error answers are never
// kept. Only what is the same for every visitor may be cached: a page that
// shows who is signed in must not be.
func (s *Server) cached(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// Health answers are sensitive: a page asked for with one is
		// never kept.
		if r.Method != http.MethodGet || r.URL.Query().Has("condition") {
			next(w, r)
			return
		}
		if err := s.cache.fresh(r.Context()); err != nil {
			s.writeError(w, r, err)
			return
		}
		key := r.URL.RequestURI()
		s.cache.mu.RLock()
		page, ok := s.cache.pages[key]
		s.cache.mu.RUnlock()
		if ok {
			maps.Copy(w.Header(), page.header)
			w.Write(page.body)
			return
		}
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		next(rec, r)
		maps.Copy(w.Header(), rec.header)
		w.WriteHeader(rec.status)
		w.Write(rec.body.Bytes())
		if rec.status != http.StatusOK {
			return
		}
		s.cache.mu.Lock()
		if len(s.cache.pages) >= cacheMaxPages {
			s.cache.pages = map[string]cachedPage{}
		}
		s.cache.pages[key] = cachedPage{header: rec.header, body: rec.body.Bytes()}
		s.cache.mu.Unlock()
	}
}

// recorder buffers a response so that it can be both sent and kept.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(status int)      { r.status = status }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
