package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"masahe/internal/errs"
	"masahe/internal/store"
)

// Every error code has its own HTTP status in the one table.
func TestStatusOfEveryCode(t *testing.T) {
	t.Parallel()
	seen := map[int]errs.Code{}
	for _, code := range errs.Codes() {
		status, ok := statusOf[code]
		if !ok || status < 400 || status > 599 {
			t.Errorf("code %q maps to status %d (in table: %v), want a 4xx or 5xx", code, status, ok)
		}
		if other, dup := seen[status]; dup {
			t.Errorf("codes %q and %q share status %d", other, code, status)
		}
		seen[status] = code
	}
	if len(statusOf) != len(errs.Codes()) {
		t.Errorf("the table has %d entries for %d codes", len(statusOf), len(errs.Codes()))
	}
}

// A code missing from the table is answered as an internal error and
// logged, never as status 0 (which panics in WriteHeader).
func TestUnmappedCodeIsLogged500(t *testing.T) {
	t.Parallel()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	logs := &logBuffer{}
	srv, err := NewServer(Config{BaseURL: "http://example.test"}, storesOf(st), slog.New(slog.NewTextHandler(logs, nil)), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/v1/chairs", "/chairs"} {
		w := httptest.NewRecorder()
		srv.writeError(w, httptest.NewRequest(http.MethodGet, path, nil), &errs.Error{Code: "no_such_code", Message: "secret detail"})
		if w.Code != http.StatusInternalServerError || strings.Contains(w.Body.String(), "secret detail") {
			t.Errorf("%s: status %d, body %q; want 500 without the error's text", path, w.Code, w.Body.String())
		}
		if strings.HasPrefix(path, "/api/") {
			var body errorBody
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || body.Error.Code != errs.Internal {
				t.Errorf("%s: body %q (%v), want code internal", path, w.Body.String(), err)
			}
		}
	}
	if got := logs.String(); !strings.Contains(got, "no_such_code") || !strings.Contains(got, "without an HTTP status") {
		t.Errorf("log %q does not name the unmapped code", got)
	}
}
