package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestAcceptedCodings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		header   string
		br, gzip bool
	}{
		{"", false, false},
		{"gzip", false, true},
		{"gzip, deflate, br", true, true},
		{"br;q=0, gzip;q=0.5", false, true},
		{"*", true, true},
		{"BR", true, false},
		{" gzip ; q=0 , br", true, false},
	} {
		got := acceptedCodings(tc.header)
		if got.br != tc.br || got.gzip != tc.gzip {
			t.Errorf("acceptedCodings(%q) = %v, want br %v gzip %v", tc.header, got, tc.br, tc.gzip)
		}
	}
}

func decodeBody(t *testing.T, coding string, b []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(b)
	switch coding {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "":
	default:
		t.Fatalf("unexpected Content-Encoding %q", coding)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCompressedAnswers: cached and uncached pages, HTML and JSON, come in
// the coding the client asks for, with their length, decode to the same
// bytes, and each coding has its own ETag.
func TestCompressedAnswers(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	for _, target := range []string{"/chairs", "/api/v1/chairs", "/safety", "/articles"} {
		var plain []byte
		tags := map[string]bool{}
		for _, ae := range []string{"", "gzip", "gzip, br"} {
			r := httptest.NewRequest(http.MethodGet, target, nil)
			if ae != "" {
				r.Header.Set("Accept-Encoding", ae)
			}
			w := httptest.NewRecorder()
			f.h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				t.Fatalf("GET %s: %d", target, w.Code)
			}
			coding := w.Header().Get("Content-Encoding")
			want := map[string]string{"": "", "gzip": "gzip", "gzip, br": "br"}[ae]
			if coding != want {
				t.Errorf("GET %s with Accept-Encoding %q: Content-Encoding %q, want %q", target, ae, coding, want)
			}
			if cl := w.Header().Get("Content-Length"); cl != strconv.Itoa(w.Body.Len()) {
				t.Errorf("GET %s (%q): Content-Length %q for %d bytes", target, ae, cl, w.Body.Len())
			}
			if ae != "" && !slices.Contains(w.Header().Values("Vary"), "Accept-Encoding") {
				t.Errorf("GET %s: Vary %q", target, w.Header().Values("Vary"))
			}
			body := decodeBody(t, coding, w.Body.Bytes())
			if plain == nil {
				plain = body
			} else if !bytes.Equal(body, plain) {
				t.Errorf("GET %s: the %q body decodes to other bytes than the plain one", target, coding)
			}
			if coding != "" && w.Body.Len() >= len(plain) {
				t.Errorf("GET %s: %s body of %d bytes is not smaller than %d", target, coding, w.Body.Len(), len(plain))
			}
			tag := w.Header().Get("ETag")
			if tag == "" || tags[tag] {
				t.Errorf("GET %s (%q): ETag %q empty or shared with another coding", target, ae, tag)
			}
			tags[tag] = true
			// The tag brings a 304 for the same coding.
			r2 := httptest.NewRequest(http.MethodGet, target, nil)
			r2.Header.Set("Accept-Encoding", ae)
			r2.Header.Set("If-None-Match", tag)
			w2 := httptest.NewRecorder()
			f.h.ServeHTTP(w2, r2)
			if w2.Code != http.StatusNotModified {
				t.Errorf("GET %s with If-None-Match %s: %d, want 304", target, tag, w2.Code)
			}
		}
	}
}

// TestStaticFiles: pages link the stylesheet by a content-hashed name that
// is immutable; the folder is never listed, and hostile names get the
// site's 404 page.
func TestStaticFiles(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	home := f.do(t, http.MethodGet, "/")
	m := regexp.MustCompile(`href="(/static/site\.[A-Za-z0-9_-]{12}\.css)"`).FindStringSubmatch(home.Body.String())
	if m == nil {
		t.Fatal("the home page does not link a content-hashed stylesheet")
	}
	css := f.do(t, http.MethodGet, m[1])
	if css.Code != http.StatusOK || !strings.Contains(css.Header().Get("Cache-Control"), "immutable") ||
		!strings.HasPrefix(css.Header().Get("Content-Type"), "text/css") {
		t.Errorf("GET %s: %d, Cache-Control %q, Content-Type %q", m[1], css.Code, css.Header().Get("Cache-Control"), css.Header().Get("Content-Type"))
	}
	plain := f.do(t, http.MethodGet, "/static/site.css")
	if plain.Code != http.StatusOK || strings.Contains(plain.Header().Get("Cache-Control"), "immutable") || plain.Body.String() != css.Body.String() {
		t.Errorf("GET /static/site.css: %d, Cache-Control %q", plain.Code, plain.Header().Get("Cache-Control"))
	}
	for target, want := range map[string]int{"/static/": 404, "/static/%FF": 400, "/static/..%2fsite.go": 400, "/static/nope.css": 404} {
		w := f.do(t, http.MethodGet, target)
		if w.Code != want || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: %d %q, want the site's %d page", target, w.Code, w.Header().Get("Content-Type"), want)
		}
		if strings.Contains(w.Body.String(), "site.css</a>") {
			t.Errorf("GET %s lists the folder", target)
		}
	}
}
