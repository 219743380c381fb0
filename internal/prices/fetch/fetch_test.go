package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is the Fetcher's clock: Sleep records each wait and moves time.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

// shop serves the fixture pages, a robots.txt, redirects and misbehaving
// pages, and remembers every request.
type shop struct {
	mu       sync.Mutex
	requests []string
	agents   map[string]bool
	robots   string
	robotsSC int
}

func (s *shop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.URL.RequestURI())
	s.agents[r.UserAgent()] = true
	s.mu.Unlock()
	p := r.URL.Path
	switch {
	case p == "/robots.txt":
		if s.robotsSC != 0 {
			w.WriteHeader(s.robotsSC)
			return
		}
		fmt.Fprint(w, s.robots)
	case strings.HasPrefix(p, "/pages/"):
		page, err := os.ReadFile("testdata/" + strings.TrimPrefix(p, "/pages/"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	case p == "/loop":
		http.Redirect(w, r, "/loop", http.StatusFound)
	case strings.HasPrefix(p, "/hops/"):
		var n int
		fmt.Sscanf(p, "/hops/%d", &n)
		if n == 0 {
			http.Redirect(w, r, "/pages/shopify.html", http.StatusMovedPermanently)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hops/%d", n-1), http.StatusFound)
	case p == "/huge":
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body>"))
		chunk := []byte(strings.Repeat("<p>sample</p>", 1000))
		for range 300 { // 3.9 MB, streamed without a Content-Length
			w.Write(chunk)
		}
	case p == "/slow":
		<-r.Context().Done() // answers only when the client gives up
	case p == "/json":
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"price": 1}`)
	case p == "/gone":
		http.Error(w, "gone", http.StatusGone)
	default:
		http.NotFound(w, r)
	}
}

func (s *shop) saw(uri string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.requests {
		if r == uri {
			return true
		}
	}
	return false
}

func setup(t *testing.T, robots string) (*shop, *httptest.Server, *Fetcher, *fakeClock) {
	t.Helper()
	s := &shop{agents: map[string]bool{}, robots: robots}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	clock := &fakeClock{now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	f := New(Config{BaseURL: "https://masahe.example", Transport: srv.Client().Transport, Interval: 7 * time.Second,
		Timeout: 500 * time.Millisecond, Now: clock.Now, Sleep: clock.Sleep})
	return s, srv, f, clock
}

func reason(err error) Reason {
	var ferr *Error
	if errors.As(err, &ferr) {
		return ferr.Reason
	}
	return ""
}

func TestGetAndExtract(t *testing.T) {
	t.Parallel()
	s, srv, f, clock := setup(t, "User-agent: *\nDisallow: /admin\n")
	for _, page := range []string{"shopify.html", "woocommerce.html", "marketplace.html"} {
		p, err := f.Get(context.Background(), srv.URL+"/pages/"+page)
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		if e, err := Extract(p.Body, p.URL); err != nil || e.Price <= 0 {
			t.Errorf("%s: %+v, %v", page, e, err)
		}
	}
	if want := "MasaheBot/1.0 (+https://masahe.example/about/bot)"; len(s.agents) != 1 || !s.agents[want] {
		t.Errorf("user agents %v, want only %q", s.agents, want)
	}
	// robots.txt once, then three pages, each a full interval after the last.
	if fmt.Sprint(clock.sleeps) != "[7s 7s 7s]" || strings.Count(strings.Join(s.requests, " "), "/robots.txt") != 1 {
		t.Errorf("sleeps %v, requests %v", clock.sleeps, s.requests)
	}
}

func TestRobotsObeyed(t *testing.T) {
	t.Parallel()
	s, srv, f, _ := setup(t, "User-agent: *\nDisallow: /\n\nUser-agent: MasaheBot\nDisallow: /pages/usd\n")
	_, err := f.Get(context.Background(), srv.URL+"/pages/usd.html")
	if reason(err) != Disallowed || s.saw("/pages/usd.html") {
		t.Errorf("err %v; fetched anyway: %v", err, s.saw("/pages/usd.html"))
	}
	if _, err := f.Get(context.Background(), srv.URL+"/pages/shopify.html"); err != nil {
		t.Errorf("allowed page: %v", err)
	}
	// A redirect into a disallowed path is refused at the hop.
	s2, srv2, f2, _ := setup(t, "User-agent: *\nDisallow: /pages/\n")
	if _, err := f2.Get(context.Background(), srv2.URL+"/hops/0"); reason(err) != Disallowed || s2.saw("/pages/shopify.html") {
		t.Errorf("redirect into a disallowed path: %v", err)
	}
}

func TestRobotsStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		want   Reason
	}{{http.StatusNotFound, ""}, {http.StatusForbidden, ""}, {http.StatusInternalServerError, Disallowed}, {http.StatusServiceUnavailable, Disallowed}}
	for _, tt := range tests {
		s, srv, f, _ := setup(t, "")
		s.robotsSC = tt.status
		_, err := f.Get(context.Background(), srv.URL+"/pages/shopify.html")
		if reason(err) != tt.want {
			t.Errorf("robots.txt %d: err %v, want reason %q", tt.status, err, tt.want)
		}
	}
}

func TestFetchFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path string
		want Reason
	}{
		{"/loop", TooManyRedirects},
		{"/hops/6", TooManyRedirects},
		{"/huge", TooLarge},
		{"/slow", TimedOut},
		{"/json", NotHTML},
		{"/gone", BadStatus},
	}
	for _, tt := range tests {
		_, srv, f, _ := setup(t, "")
		if _, err := f.Get(context.Background(), srv.URL+tt.path); reason(err) != tt.want {
			t.Errorf("%s: err %v, want %s", tt.path, err, tt.want)
		}
	}
	_, srv, f, _ := setup(t, "")
	p, err := f.Get(context.Background(), srv.URL+"/hops/4") // five redirects: allowed
	if err != nil || !strings.HasSuffix(p.URL.Path, "/pages/shopify.html") {
		t.Errorf("five redirects: %v, %v", p.URL, err)
	}
	for _, bad := range []string{"ftp://x/y", "/relative", "http://"} {
		if _, err := f.Get(context.Background(), bad); reason(err) != BadURL {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestSeparateHostsDoNotWait(t *testing.T) {
	t.Parallel()
	_, srvA, f, clock := setup(t, "")
	srvB := httptest.NewServer(&shop{agents: map[string]bool{}})
	t.Cleanup(srvB.Close)
	for _, u := range []string{srvA.URL, srvB.URL} {
		if _, err := f.Get(context.Background(), u+"/pages/og-sale.html"); err != nil {
			t.Fatal(err)
		}
	}
	// Each host: robots.txt, then the page one interval later.
	if fmt.Sprint(clock.sleeps) != "[7s 7s]" {
		t.Errorf("sleeps %v", clock.sleeps)
	}
}
