package web

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestKeepAliveAfterUnreadPost sends POSTs whose bodies the handlers do not
// read, or read only in part (refused before the form is read, larger than
// the form limit, larger than what the server drains), each followed on the
// same connection by a GET. The GET must get its page: a body left on the
// wire would be parsed as the next request and get the connection layer's
// plain "400 Bad Request" (issue 15). The server either drains the rest or
// closes the connection, saying so.
func TestKeepAliveAfterUnreadPost(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	ts := httptest.NewServer(f.h)
	t.Cleanup(ts.Close)
	for _, tc := range []struct {
		name, path, contentType string
		size                    int
	}{
		{"refused before reading", "/account/password", "application/x-www-form-urlencoded", 3_000},
		{"review without a session", "/chairs/x/review", "application/x-www-form-urlencoded", 40_000},
		{"form over the limit", "/login", "application/x-www-form-urlencoded", maxFormBytes + 10_000},
		{"form past the drain", "/login", "application/x-www-form-urlencoded", 400_000},
		{"JSON over the limit", "/api/v1/triage", "application/json", maxJSONBody + 5_000},
		{"finder", "/api/v1/finder", "application/json", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			conn, err := net.Dial("tcp", ts.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			body := "email=" + strings.Repeat("a", max(0, tc.size-6))
			if tc.contentType == "application/json" {
				body = `{"height_cm": 170}`
				if tc.size > 0 {
					body = `{"x":"` + strings.Repeat("b", tc.size) + `"}`
				}
			}
			go fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: example.test\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%sGET /chairs HTTP/1.1\r\nHost: example.test\r\n\r\n",
				tc.path, tc.contentType, len(body), body)
			br := bufio.NewReader(conn)
			post, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Fatalf("POST %s: %v", tc.path, err)
			}
			io.Copy(io.Discard, post.Body)
			post.Body.Close()
			if post.StatusCode == http.StatusBadRequest && post.Header.Get("Content-Type") == "text/plain; charset=utf-8" {
				t.Fatalf("POST %s: the connection layer's plain 400", tc.path)
			}
			get, err := http.ReadResponse(br, nil)
			if post.Close {
				// The server said it would close: the GET goes unanswered
				// on this connection, as it should.
				if err == nil {
					t.Errorf("POST %s said Connection: close, yet the GET got %d", tc.path, get.StatusCode)
				}
				return
			}
			if err != nil {
				t.Fatalf("GET after POST %s on a kept-alive connection: %v", tc.path, err)
			}
			b, _ := io.ReadAll(get.Body)
			if get.StatusCode != http.StatusOK {
				t.Errorf("GET after POST %s: status %d, body %.80q", tc.path, get.StatusCode, b)
			}
		})
	}
}
