package web

import (
	"bytes"
	"container/list"
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// pageCache keeps rendered pages and API answers in memory, already
// compressed, until the site version changes: a catalog or article edit, or
// a scheduled article's publish time passing. The cache asks for the
// version at most once a second, so a change made through another replica
// shows within a second even when no notification arrives; the store's
// change callback (expire) makes the next request look at once, and on
// PostgreSQL it fires for edits on every replica. It holds at most maxBytes of answers and drops the
// least recently used first. While the version cannot be read (the
// database is down) it serves what it has, marked stale.
type pageCache struct {
	version  func(context.Context) (string, error)
	now      func() time.Time
	maxBytes int

	mu      sync.Mutex
	current string
	checked time.Time
	down    bool
	lru     *list.List // of *cachedPage, most recently used first
	pages   map[string]*list.Element
	bytes   int
	// derived holds data made from the catalog, per version (memo.go).
	derived map[string]*memoEntry
}

type cachedPage struct {
	key    string
	header http.Header
	body   *encoded
}

// size is what a page costs the cache: its encodings plus a little for the
// key and headers.
func (p *cachedPage) size() int {
	return p.body.size() + len(p.key) + 256
}

const cacheCheckEvery = time.Second

// DefaultCacheBytes bounds the page cache when the configuration does not.
const DefaultCacheBytes = 32 << 20

func newPageCache(version func(context.Context) (string, error), now func() time.Time, maxBytes int) *pageCache {
	return &pageCache{version: version, now: now, maxBytes: maxBytes, lru: list.New(), pages: map[string]*list.Element{}, derived: map[string]*memoEntry{}}
}

// fresh drops every page when the catalog version has changed since the
// last look, and reports whether the version could be read.
func (c *pageCache) fresh(ctx context.Context) bool {
	c.mu.Lock()
	due := c.now().Sub(c.checked) >= cacheCheckEvery
	down := c.down
	if due {
		// One request looks; the others go on with what is known.
		c.checked = c.now()
	}
	c.mu.Unlock()
	if !due {
		return !down
	}
	v, err := c.version(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.down = err != nil
	if err == nil && v != c.current {
		c.current = v
		c.lru.Init()
		clear(c.pages)
		clear(c.derived)
		c.bytes = 0
	}
	return !c.down
}

// expire makes the next request read the version.
func (c *pageCache) expire() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.checked = time.Time{}
}

// get returns the page kept under key, marking it recently used.
func (c *pageCache) get(key string) (*cachedPage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.pages[key]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(el)
	return el.Value.(*cachedPage), true
}

// put keeps a page, dropping the least recently used ones while the cache
// is over its size. A page larger than an eighth of the cache is not kept.
// version is the catalog version the page was made under: a page made
// before a change that the cache has since seen is not kept.
func (c *pageCache) put(p *cachedPage, version string) {
	size := p.size()
	if size > c.maxBytes/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.current {
		return
	}
	if el, ok := c.pages[p.key]; ok {
		c.bytes -= el.Value.(*cachedPage).size()
		c.lru.Remove(el)
	}
	c.pages[p.key] = c.lru.PushFront(p)
	c.bytes += size
	for c.bytes > c.maxBytes {
		oldest := c.lru.Back()
		old := oldest.Value.(*cachedPage)
		c.lru.Remove(oldest)
		delete(c.pages, old.key)
		c.bytes -= old.size()
	}
}

// versionNow is the catalog version the cache last saw.
func (c *pageCache) versionNow() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.current
}

// cacheKey is the canonical form of a request: its path and its
// parameters sorted by name, each value once, in the order given (list
// parameters read the order; the handlers read the first of a single
// value). Unknown parameters need no care: the handlers refuse them, and
// an answer that is not 200 is never kept.
func cacheKey(u *url.URL) string {
	if u.RawQuery == "" {
		return u.Path
	}
	q := u.Query()
	if len(q) == 0 {
		return u.Path
	}
	var b strings.Builder
	b.WriteString(u.Path)
	sep := byte('?')
	for _, k := range slices.Sorted(maps.Keys(q)) {
		var seen []string
		for _, v := range q[k] {
			if slices.Contains(seen, v) {
				continue
			}
			seen = append(seen, v)
			b.WriteByte(sep)
			sep = '&'
			b.WriteString(url.QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	return b.String()
}

// staleWarning marks an answer served from the cache while the database
// could not be asked whether it is current (RFC 7234's warn-code 110).
const staleWarning = `110 masahe "Response is Stale"`

// cached serves GET requests from the cache and fills it with the
// successful answers of next, headers and body. Error answers are never
// kept. Only what is the same for every visitor may be cached: a page that
// shows who is signed in must not be.
func (s *Server) cached(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// Health answers are sensitive: a page asked for with one is
		// never kept.
		if r.Method != http.MethodGet || (r.URL.RawQuery != "" && r.URL.Query().Has("condition")) {
			next(w, r)
			return
		}
		up := s.cache.fresh(r.Context())
		// The key is the page's own address, language prefix included:
		// /fil/chairs and /chairs are routed alike but are different pages.
		u := *r.URL
		u.Path = requestLang(r).Path(u.Path)
		key := cacheKey(&u)
		// A page offers another language to a browser that prefers it
		// (Layout.Suggest): the offer is part of the key too.
		if to, ok := s.bundle.Suggest(r.Header.Get("Accept-Language"), requestLang(r)); ok {
			key += " suggest=" + string(to)
		}
		if page, ok := s.cache.get(key); ok {
			maps.Copy(w.Header(), page.header)
			if !up {
				w.Header().Set("Warning", staleWarning)
			}
			writeEncoded(w, r, http.StatusOK, page.body)
			return
		}
		version := s.cache.versionNow()
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		next(rec, r)
		maps.Copy(w.Header(), rec.header)
		if rec.status != http.StatusOK {
			w.WriteHeader(rec.status)
			w.Write(rec.body.Bytes())
			return
		}
		page := &cachedPage{key: key, header: rec.header, body: s.compressor.encode(rec.body.Bytes(), rec.header.Get("Content-Type"), accepted{}, true)}
		writeEncoded(w, r, http.StatusOK, page.body)
		if up {
			s.cache.put(page, version)
		}
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
