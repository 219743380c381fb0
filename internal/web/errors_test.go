package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"masahe/internal/account"
	"masahe/internal/errs"
	"masahe/internal/locale"
	"masahe/internal/safety"
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

// TestErrorTexts: every error message the pages translate is, in the
// English catalog, exactly what the package that writes it says, and the
// account and log checks write messages the table has, so a reworded
// check fails here until its message is in both catalogs.
func TestErrorTexts(t *testing.T) {
	t.Parallel()
	b, err := locale.NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	en, fil := b.Printer(locale.English), b.Printer(locale.Filipino)
	for english, text := range errorTexts {
		if got := en.T(text.id, text.args...); got != english {
			t.Errorf("%s: the catalog says %q, the code %q", text.id, got, english)
		}
		if got := fil.T(text.id, text.args...); got == english {
			t.Errorf("%s is not translated: %q", text.id, got)
		}
	}
	pw := testPasswords(t)
	now := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	check := func(_ any, err error) error { return err }
	produced := []error{
		check(account.NormalizeEmail("not an address")),
		check(account.CheckDisplayName("")),
		check(pw.Check("\xff\xfe", "")),
		check(pw.Check("short", "")),
		check(pw.Check(strings.Repeat("x", account.MaxPassword+1), "")),
		check(pw.Check("tab\there!", "")),
		check(pw.Check("         ", "")),
		check(pw.Check("password123", "")),
		check(pw.Check("ana@example.ph", "ana@example.ph")),
		account.OneTimeToken{}.Check(account.VerifyEmail, now),
		safety.LoggedSession{Intensity: 3, Minutes: 10}.Validate(now),
		safety.LoggedSession{At: now.Add(time.Hour), Intensity: 3, Minutes: 10}.Validate(now),
		safety.LoggedSession{At: now.AddDate(-2, 0, 0), Intensity: 3, Minutes: 10}.Validate(now),
		safety.LoggedSession{At: now, Intensity: 9, Minutes: 10}.Validate(now),
		safety.LoggedSession{At: now, Intensity: 3, Minutes: 999}.Validate(now),
		safety.LoggedSession{At: now, Intensity: 3, Minutes: 10, Chair: strings.Repeat("c", 101)}.Validate(now),
		safety.LoggedSession{At: now, Intensity: 3, Minutes: 10, Program: strings.Repeat("p", 61)}.Validate(now),
		safety.CheckIn{}.Validate(now),
		safety.CheckIn{At: now.Add(time.Hour)}.Validate(now),
		safety.CheckIn{At: now, Soreness: 11}.Validate(now),
		check(safety.ParseSessionForm(url.Values{}, now)),
		check(safety.ParseSessionForm(url.Values{"intensity": {"3"}}, now)),
		check(safety.ParseCheckInForm(url.Values{}, now)),
		check(safety.ParseSessionForm(url.Values{"at": {"yesterday"}}, now)),
	}
	for _, err := range produced {
		e := errs.As(err)
		if err == nil || e.Code != errs.Invalid {
			t.Errorf("the check gave %v, want an invalid-input error", err)
			continue
		}
		if _, ok := errorTexts[e.Message]; !ok {
			t.Errorf("the message %q (%s) is not in errorTexts", e.Message, e.Field)
		}
	}
}
