package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestCheckText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in        string
		multiline bool
		ok        bool
	}{
		{"Osaki OS-Pro Maestro", false, true},
		{"masakit ang likod — ₱129,990", false, true},
		{"two\nlines\tand a tab", true, true},
		{"two\nlines", false, false},
		{"a\x00b", true, false},
		{"a\xffb", true, false},
		{"\xc0\xaf", false, false}, // an overlong "/"
		{"bell\x07", true, false},
		{"c1\u0085control", true, false},
		{"rtl\u202eoverride", false, false},
		{"isolate\u2067", true, false},
	} {
		err := checkText("name", tc.in, tc.multiline)
		if (err == nil) != tc.ok {
			t.Errorf("checkText(%q, multiline %v) = %v, want ok %v", tc.in, tc.multiline, err, tc.ok)
		}
	}
}

// TestHostileBytesAtTheEdge: paths, queries, forms and JSON bodies with
// NUL, invalid UTF-8 or over-long values get a 400 naming the field, before
// any handler runs.
func TestHostileBytesAtTheEdge(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, true)
	long := strings.Repeat("a", 50000)
	for _, tc := range []struct {
		q     req
		field string
	}{
		{req{method: "GET", target: "/chairs/a%00b"}, "path"},
		{req{method: "GET", target: "/articles/%C0%AF"}, "path"},
		{req{method: "GET", target: "/tags/" + long}, "path"},
		{req{method: "GET", target: "/chairs?q=a%00b"}, "q"},
		{req{method: "GET", target: "/search?q=" + long}, "q"},
		{req{method: "POST", target: "/login", form: url.Values{"email": {"a\x00b@example.ph"}, "password": {"x"}}}, "email"},
		{req{method: "POST", target: "/signup", form: url.Values{"email": {"a@example.ph"}, "display_name": {"a\xffb"}, "password": {"x"}}}, "display_name"},
		{req{method: "POST", target: "/api/v1/triage", body: `{"areas":["lower_back\u0000"]}`, header: map[string]string{"Content-Type": "application/json"}}, "areas"},
	} {
		w := f.do(t, tc.q)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), tc.field) {
			t.Errorf("%s %.60s: %d %.200s; want 400 naming %q", tc.q.method, tc.q.target, w.Code, w.Body, tc.field)
		}
	}
}

// TestClientGoneIsNotAnError: a request whose client has gone away is
// logged as such at info level, never as an internal error or a 500.
func TestClientGoneIsNotAnError(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, true)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequestWithContext(ctx, http.MethodGet, "/chairs?sort=rating", nil)
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	if w.Code == http.StatusInternalServerError {
		t.Errorf("a request whose client went away got %d", w.Code)
	}
	logs := f.logs.String()
	if strings.Contains(logs, "internal error") || !strings.Contains(logs, "client went away") {
		t.Errorf("the log does not say the client went away, or calls it an internal error:\n%s", logs)
	}
}
