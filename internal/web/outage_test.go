package web

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"masahe/data"
	"masahe/internal/store"
	"masahe/internal/store/storetest"
)

// tcpProxy forwards connections to a database server until it is cut; cut
// drops every open connection as a crashed or unplugged server would.
type tcpProxy struct {
	t      *testing.T
	addr   string
	target string

	mu    sync.Mutex
	ln    net.Listener
	conns []net.Conn
}

func newTCPProxy(t *testing.T, target string) *tcpProxy {
	p := &tcpProxy{t: t, target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *tcpProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
}

func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *tcpProxy) restore() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("listen again on %s: %v", p.addr, err)
	}
	p.serve(ln)
}

// TestDatabaseOutage runs the site on PostgreSQL through a proxy and cuts
// it, as a crashed or unreachable database server: cached pages are served
// stale with a Warning, every other page and API answer is a 503 with
// Retry-After in the site's own error shapes, a write changes nothing, and
// the site is back to normal within seconds of the database returning.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	dsn := storetest.Postgres(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newTCPProxy(t, u.Host)
	u.Host = proxy.addr
	q := u.Query()
	q.Set("connect_timeout", "2")
	u.RawQuery = q.Encode()
	ctx := context.Background()
	clk := &testClock{t: time.Now()}
	st, err := store.Open(ctx, u.String(), clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	doc, err := data.Starter()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadStarter(ctx, doc); err != nil {
		t.Fatal(err)
	}
	srv, err := NewServer(Config{BaseURL: "http://example.test", Now: clk.Now}, storesOf(st), slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	f := apiFixture{h: srv, st: st, doc: doc}
	cachedPage, uncachedPage := "/chairs/"+doc.Chairs[0].Slug, "/chairs/"+doc.Chairs[1].Slug
	if w := f.do(t, http.MethodGet, cachedPage); w.Code != http.StatusOK {
		t.Fatalf("GET %s before the outage: %d", cachedPage, w.Code)
	}

	proxy.cut()
	clk.Advance(2 * time.Second)
	w := f.do(t, http.MethodGet, cachedPage)
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Warning"), "Stale") {
		t.Errorf("GET %s during the outage: %d, Warning %q; want the stale page", cachedPage, w.Code, w.Header().Get("Warning"))
	}
	for _, target := range []string{uncachedPage, "/api/v1/chairs/" + doc.Chairs[1].Slug, "/articles"} {
		w := f.do(t, http.MethodGet, target)
		wantType := "text/html"
		if strings.HasPrefix(target, "/api/") {
			wantType = "application/json"
		}
		if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" ||
			!strings.HasPrefix(w.Header().Get("Content-Type"), wantType) {
			t.Errorf("GET %s during the outage: %d, Retry-After %q, Content-Type %q; want 503 with Retry-After in %s",
				target, w.Code, w.Header().Get("Retry-After"), w.Header().Get("Content-Type"), wantType)
		}
	}
	form := url.Values{"email": {"new@example.ph"}, "display_name": {"New"}, "password": {"a long passphrase for the outage"}}
	r := httptest.NewRequest(http.MethodPost, "/signup", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w = httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("POST /signup during the outage: %d, want 503", w.Code)
	}

	proxy.restore()
	deadline := time.Now().Add(10 * time.Second)
	for {
		clk.Advance(2 * time.Second)
		w := f.do(t, http.MethodGet, uncachedPage)
		if w.Code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s 10 s after the database came back: %d", uncachedPage, w.Code)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if w := f.do(t, http.MethodGet, cachedPage); w.Header().Get("Warning") != "" {
		t.Errorf("GET %s after recovery still warns %q", cachedPage, w.Header().Get("Warning"))
	}
	if _, _, err := st.UserByEmail(ctx, "new@example.ph"); err == nil {
		t.Error("the sign-up refused during the outage created the account")
	}
}
