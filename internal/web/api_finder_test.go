package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"masahe/internal/fit"
	"masahe/internal/locale"
)

// TestAPIFinderSummary checks that the finder's answer carries the best of
// the shortlist and the excluded chairs as counts by reason plus one page
// of names, and that the paging parameters are checked.
func TestAPIFinderSummary(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	post := func(t *testing.T, query string) (*httptest.ResponseRecorder, finderAnswer) {
		t.Helper()
		r := httptest.NewRequest(http.MethodPost, "/api/v1/finder"+query, strings.NewReader(fullProfile))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		f.h.ServeHTTP(w, r)
		var a finderAnswer
		if w.Code == http.StatusOK {
			dec := json.NewDecoder(w.Body)
			dec.DisallowUnknownFields()
			if err := dec.Decode(&a); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
		}
		return w, a
	}
	all := f.find(t, fullProfile)
	if all.ResultsTotal != len(all.Results) || all.ExcludedTotal != len(all.Excluded) || all.ExcludedTotal == 0 {
		t.Fatalf("starter catalog: %d of %d results, %d of %d excluded; want every chair in one answer",
			len(all.Results), all.ResultsTotal, len(all.Excluded), all.ExcludedTotal)
	}
	counted := 0
	for _, reason := range all.ExcludedByReason {
		if reason.Check == "" || reason.Code == "" || reason.Count < 1 {
			t.Errorf("reason %+v: want a check, a code and a count", reason)
		}
		counted += reason.Count
	}
	failures := 0
	for _, e := range all.Excluded {
		if len(e.Checks) == 0 {
			t.Errorf("excluded %s names no reason", e.Chair.Slug)
		}
		for _, c := range e.Checks {
			if c.Result != "no_fit" {
				t.Errorf("excluded %s lists a %s check; only the failing ones belong", e.Chair.Slug, c.Result)
			}
		}
		failures += len(e.Checks)
	}
	if counted != failures {
		t.Errorf("the reasons count %d failures, the excluded chairs list %d", counted, failures)
	}

	for _, tc := range []struct {
		query        string
		status       int
		results      int
		excluded     int
		excludedPage int
	}{
		{"?limit=1", http.StatusOK, 1, all.ExcludedTotal, 1},
		{"?limit=2&excluded_page=2", http.StatusOK, 2, 0, 2},
		{"?limit=0", http.StatusBadRequest, 0, 0, 0},
		{"?limit=501", http.StatusBadRequest, 0, 0, 0},
		{"?limit=x", http.StatusBadRequest, 0, 0, 0},
		{"?excluded_page=0", http.StatusBadRequest, 0, 0, 0},
	} {
		w, a := post(t, tc.query)
		if w.Code != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.query, w.Code, tc.status, w.Body)
			continue
		}
		if tc.status != http.StatusOK {
			continue
		}
		if len(a.Results) != tc.results || a.ResultsTotal != all.ResultsTotal || len(a.Excluded) != tc.excluded ||
			a.ExcludedPage != tc.excludedPage || a.ExcludedTotal != all.ExcludedTotal {
			t.Errorf("%s: %d of %d results, %d of %d excluded on page %d; want %d results, %d excluded on page %d",
				tc.query, len(a.Results), a.ResultsTotal, len(a.Excluded), a.ExcludedTotal, a.ExcludedPage, tc.results, tc.excluded, tc.excludedPage)
		}
	}
}

// TestAPIFinderLang: lang picks the words of the finder's answers and
// options, English by default; any other language is a 400 naming the
// field.
func TestAPIFinderLang(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	en, fil := testPrinter(t, locale.English), testPrinter(t, locale.Filipino)
	for _, tc := range []struct {
		query string
		p     *locale.Printer
	}{{"", en}, {"?lang=en", en}, {"?lang=fil", fil}} {
		a := f.postFinderAt(t, "/api/v1/finder"+tc.query, fullProfile)
		if a.Weights == nil || *a.Weights != tc.p.T(fit.Weights) {
			t.Errorf("POST %s: weights in the wrong language", tc.query)
		}
		opts := f.get(t, "/api/v1/finder/options"+tc.query)
		goals := opts["goals"].([]any)
		if got := goals[0].(map[string]any)["label"]; got != tc.p.T(fit.Goals[0].Label) {
			t.Errorf("GET options%s: first goal %q, want %q", tc.query, got, tc.p.T(fit.Goals[0].Label))
		}
	}
	for _, target := range []string{"/api/v1/finder?lang=tl", "/api/v1/finder/options?lang=de"} {
		method := http.MethodPost
		if strings.Contains(target, "options") {
			method = http.MethodGet
		}
		r := httptest.NewRequest(method, target, nil)
		w := httptest.NewRecorder()
		f.h.ServeHTTP(w, r)
		var e struct {
			Error struct{ Code, Field string } `json:"error"`
		}
		if err := json.NewDecoder(w.Body).Decode(&e); w.Code != http.StatusBadRequest || err != nil || e.Error.Field != "lang" {
			t.Errorf("%s %s: status %d, error %+v (%v); want a 400 on lang", method, target, w.Code, e.Error, err)
		}
	}
}
