package web

import (
	"cmp"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"masahe/internal/errs"
)

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// observe writes one structured log line per request and records its
// metrics, labelled by the matched route pattern so that /chairs/a and
// /chairs/b count as one route. The log line goes to the logger's writer,
// which cmd/masahe buffers and flushes every second, so a request costs no
// write system call of its own.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		took := time.Since(start)
		route := cmp.Or(r.Pattern, "unmatched")
		s.metrics.observe(route, r.Method, sw.status, took)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.String("route", r.Pattern), slog.Int("status", sw.status), slog.Int("bytes", sw.bytes), slog.Duration("duration", took))
	})
}

// recoverPanics turns a panic into a logged 500 instead of a dropped
// connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.writeError(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// metrics counts requests by route, method and status and times them by
// route. The labelled children are looked up once and kept: a lookup by
// label values hashes and allocates on every call.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	counters sync.Map // requestLabels → prometheus.Counter
	timers   sync.Map // route → prometheus.Observer
}

type requestLabels struct {
	route, method string
	code          int
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "masahe_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "masahe_http_request_duration_seconds", Help: "HTTP request duration by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// observe records one request. Methods outside the standard set are
// counted as OTHER, so that a client cannot grow the label set.
func (m *metrics) observe(route, method string, code int, took time.Duration) {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
	default:
		method = "OTHER"
	}
	key := requestLabels{route, method, code}
	c, ok := m.counters.Load(key)
	if !ok {
		c, _ = m.counters.LoadOrStore(key, m.requests.WithLabelValues(route, method, strconv.Itoa(code)))
	}
	c.(prometheus.Counter).Inc()
	t, ok := m.timers.Load(route)
	if !ok {
		t, _ = m.timers.LoadOrStore(route, m.duration.WithLabelValues(route))
	}
	t.(prometheus.Observer).Observe(took.Seconds())
}

// contentSecurityPolicy allows scripts and styles only from the site's own
// files: the pages use no script at all (the JSON-LD blocks are data, which
// browsers do not run) and no inline style.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

var (
	cspValue      = []string{contentSecurityPolicy}
	nosniffValue  = []string{"nosniff"}
	referrerValue = []string{"strict-origin-when-cross-origin"}
	hstsValue     = []string{"max-age=63072000; includeSubDomains"}
)

// securityHeaders sets the headers every response carries: the strict
// Content-Security-Policy, nosniff, the referrer policy and, over https,
// HSTS.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// The values are shared, never appended to (len == cap), so
		// setting them costs no allocation.
		h["Content-Security-Policy"] = cspValue
		h["X-Content-Type-Options"] = nosniffValue
		h["Referrer-Policy"] = referrerValue
		if s.cfg.HSTS {
			h["Strict-Transport-Security"] = hstsValue
		}
		next.ServeHTTP(w, r)
	})
}

// plainErrors replaces the mux's own plain-text 404 and 405 answers with
// the site's error page or JSON error, so every error looks the same.
func (s *Server) plainErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&plainErrorWriter{ResponseWriter: w, s: s, r: r}, r)
	})
}

type plainErrorWriter struct {
	http.ResponseWriter
	s        *Server
	r        *http.Request
	replaced bool
}

func (w *plainErrorWriter) WriteHeader(code int) {
	ct := w.Header().Get("Content-Type")
	if (code == http.StatusNotFound || code == http.StatusMethodNotAllowed) && strings.HasPrefix(ct, "text/plain") {
		w.replaced = true
		err := errs.NotFoundf("there is no page at %s", w.r.URL.Path)
		if code == http.StatusMethodNotAllowed {
			err = &errs.Error{Code: errs.MethodNotAllowed, Message: fmt.Sprintf("%s is not allowed here; use %s", w.r.Method, w.Header().Get("Allow"))}
		}
		w.Header().Del("Content-Type")
		w.s.writeError(w.ResponseWriter, w.r, err)
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *plainErrorWriter) Write(b []byte) (int, error) {
	if w.replaced {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}
