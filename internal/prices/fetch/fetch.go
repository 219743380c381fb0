// Package fetch reads product pages politely and extracts their peso
// price. The Fetcher obeys robots.txt, names itself, waits between
// requests to one host, bounds time, size and redirects; Extract reads
// schema.org Product/Offer data (JSON-LD, then microdata, then Open Graph
// product tags) and records nothing it is not sure of.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Config sets a Fetcher up. Zero fields take the defaults below.
type Config struct {
	// BaseURL is the site's address; the User-Agent points to
	// BaseURL/about/bot.
	BaseURL string
	// Transport carries the requests (http.DefaultTransport when nil).
	Transport http.RoundTripper
	// Interval is the least time between two requests to one host
	// (default 10 s). A robots.txt request counts.
	Interval time.Duration
	// Timeout bounds one request with its redirects and body (default
	// 20 s); waiting for the host's first turn does not count.
	Timeout time.Duration
	// MaxBytes caps a page (default 2 MiB); robots.txt is capped at
	// 500 KiB.
	MaxBytes int64
	// RobotsTTL is how long a host's robots.txt is kept (default 24 h).
	RobotsTTL time.Duration
	// Now and Sleep are the clock; Sleep returns early with ctx's error.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Defaults.
const (
	DefaultInterval  = 10 * time.Second
	DefaultTimeout   = 20 * time.Second
	DefaultMaxBytes  = 2 << 20
	DefaultRobotsTTL = 24 * time.Hour
	MaxRedirects     = 5
	maxRobotsBytes   = 500 << 10
	agentToken       = "MasaheBot"
)

// Fetcher fetches pages politely. It is safe for concurrent use.
type Fetcher struct {
	cfg    Config
	agent  string
	client *http.Client

	mu     sync.Mutex
	next   map[string]time.Time // per host: the earliest next request
	robots map[string]robotsEntry
}

type robotsEntry struct {
	rules   robots
	expires time.Time
}

// New returns a Fetcher.
func New(cfg Config) *Fetcher {
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultInterval
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	if cfg.RobotsTTL <= 0 {
		cfg.RobotsTTL = DefaultRobotsTTL
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	if cfg.Transport == nil {
		cfg.Transport = http.DefaultTransport
	}
	f := &Fetcher{cfg: cfg, agent: agentToken + "/1.0 (+" + cfg.BaseURL + "/about/bot)",
		next: map[string]time.Time{}, robots: map[string]robotsEntry{}}
	f.client = &http.Client{Transport: cfg.Transport, CheckRedirect: f.checkRedirect}
	return f
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// UserAgent is the User-Agent header the Fetcher sends.
func (f *Fetcher) UserAgent() string { return f.agent }

// Page is a fetched page.
type Page struct {
	// URL is where the page was found, after redirects.
	URL  *url.URL
	Body []byte
}

// Reason says why a fetch or an extraction failed, for the editors' list
// of failing URLs.
type Reason string

const (
	Disallowed       Reason = "robots_disallowed"
	TooManyRedirects Reason = "too_many_redirects"
	TooLarge         Reason = "too_large"
	TimedOut         Reason = "timed_out"
	BadStatus        Reason = "bad_status"
	NotHTML          Reason = "not_html"
	Unreachable      Reason = "unreachable"
	BadURL           Reason = "bad_url"
)

// Error is a failed fetch.
type Error struct {
	Reason Reason
	URL    string
	Status int
	Err    error
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("fetch %s: %s", e.URL, e.Reason)
	if e.Status != 0 {
		msg += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

var errRedirects = errors.New("more than 5 redirects")

// Get fetches an http or https page: robots.txt first (cached), then the
// page, waiting for each host's turn. Only 2xx HTML responses up to
// MaxBytes succeed.
func (f *Fetcher) Get(ctx context.Context, rawURL string) (Page, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Page{}, &Error{Reason: BadURL, URL: rawURL, Err: err}
	}
	if err := f.admit(ctx, u); err != nil {
		return Page{}, err
	}
	body, final, err := f.do(ctx, u, f.cfg.MaxBytes, true)
	if err != nil {
		return Page{}, err
	}
	return Page{URL: final, Body: body}, nil
}

// admit checks robots.txt for u and waits for u's host.
func (f *Fetcher) admit(ctx context.Context, u *url.URL) error {
	rules, err := f.robotsFor(ctx, u)
	if err != nil {
		return err
	}
	if !rules.allowed(u.EscapedPath() + query(u)) {
		return &Error{Reason: Disallowed, URL: u.String()}
	}
	return f.wait(ctx, u.Host)
}

func query(u *url.URL) string {
	if u.RawQuery == "" {
		return ""
	}
	return "?" + u.RawQuery
}

// checkRedirect bounds redirects and treats each hop as a new request:
// robots.txt and the host's turn apply to it too.
func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > MaxRedirects {
		return errRedirects
	}
	return f.admit(req.Context(), req.URL)
}

// wait sleeps until host's turn and books the next one.
func (f *Fetcher) wait(ctx context.Context, host string) error {
	f.mu.Lock()
	now := f.cfg.Now()
	at := f.next[host]
	if at.Before(now) {
		at = now
	}
	f.next[host] = at.Add(f.cfg.Interval)
	f.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		if err := f.cfg.Sleep(ctx, d); err != nil {
			return &Error{Reason: TimedOut, URL: host, Err: err}
		}
	}
	return nil
}

// robotsFor returns u's host's rules. RFC 9309: a 4xx means no rules; a
// 5xx or no answer means everything is disallowed until the next try.
func (f *Fetcher) robotsFor(ctx context.Context, u *url.URL) (robots, error) {
	key := u.Scheme + "://" + u.Host
	f.mu.Lock()
	e, ok := f.robots[key]
	f.mu.Unlock()
	if ok && f.cfg.Now().Before(e.expires) {
		return e.rules, nil
	}
	ru, err := url.Parse(key + "/robots.txt")
	if err != nil {
		return robots{}, &Error{Reason: BadURL, URL: key, Err: err}
	}
	if err := f.wait(ctx, u.Host); err != nil {
		return robots{}, err
	}
	var rules robots
	body, _, err := f.do(ctx, ru, maxRobotsBytes, false)
	var ferr *Error
	switch {
	case err == nil:
		rules = parseRobots(body, agentToken)
	case errors.As(err, &ferr) && ferr.Reason == BadStatus && ferr.Status >= 400 && ferr.Status < 500:
		// no robots.txt: no rules
	case errors.As(err, &ferr) && ferr.Reason == TimedOut:
		return robots{}, err
	default:
		rules = robots{rules: []rule{{allow: false, pattern: "/"}}}
	}
	f.mu.Lock()
	f.robots[key] = robotsEntry{rules: rules, expires: f.cfg.Now().Add(f.cfg.RobotsTTL)}
	f.mu.Unlock()
	return rules, nil
}

// do sends one GET and reads at most max bytes of a 2xx answer; html
// requires an HTML content type.
func (f *Fetcher) do(ctx context.Context, u *url.URL, max int64, html bool) ([]byte, *url.URL, error) {
	fail := func(r Reason, status int, err error) ([]byte, *url.URL, error) {
		return nil, nil, &Error{Reason: r, URL: u.String(), Status: status, Err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fail(BadURL, 0, err)
	}
	req.Header.Set("User-Agent", f.agent)
	if html {
		req.Header.Set("Accept", "text/html,application/xhtml+xml")
	}
	resp, err := f.client.Do(req)
	if err != nil {
		var ferr *Error
		switch {
		case errors.As(err, &ferr):
			return nil, nil, ferr
		case errors.Is(err, errRedirects):
			return fail(TooManyRedirects, 0, nil)
		case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil:
			return fail(TimedOut, 0, err)
		}
		return fail(Unreachable, 0, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fail(BadStatus, resp.StatusCode, nil)
	}
	if html {
		mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		if mt != "text/html" && mt != "application/xhtml+xml" {
			return fail(NotHTML, resp.StatusCode, fmt.Errorf("content type %q", mt))
		}
	}
	if resp.ContentLength > max {
		return fail(TooLarge, resp.StatusCode, fmt.Errorf("%d bytes, the cap is %d", resp.ContentLength, max))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	switch {
	case err != nil && (errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil):
		return fail(TimedOut, resp.StatusCode, err)
	case err != nil:
		return fail(Unreachable, resp.StatusCode, err)
	case int64(len(body)) > max:
		return fail(TooLarge, resp.StatusCode, fmt.Errorf("more than %d bytes", max))
	}
	return body, resp.Request.URL, nil
}
