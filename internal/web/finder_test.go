// This file is over 600 lines on purpose: it holds the finder page and API over the starter catalog, with the acceptance profiles.
// Splitting it would scatter one fixture across files.

package web

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/errs"
	"masahe/internal/fit"
	"masahe/internal/locale"
)

// The finder API's answer, decoded.
type (
	finderCheckJSON struct {
		Check   string   `json:"check"`
		Result  string   `json:"result"`
		Code    string   `json:"code"`
		Message string   `json:"message"`
		Ask     string   `json:"ask"`
		Missing []string `json:"missing"`
	}
	finderSourceJSON struct {
		Title string `json:"title"`
		URL   string `json:"url"`
	}
	finderExcludedJSON struct {
		Chair struct {
			Slug string `json:"slug"`
			Name string `json:"name"`
		} `json:"chair"`
		Checks []finderCheckJSON `json:"checks"`
	}
	finderAnswer struct {
		Results []struct {
			Chair     map[string]any    `json:"chair"`
			Score     int               `json:"score"`
			Fit       string            `json:"fit"`
			Verdict   string            `json:"verdict"`
			Summary   string            `json:"summary"`
			Questions []string          `json:"questions"`
			Unchecked int               `json:"unchecked"`
			Checked   int               `json:"checked"`
			Checks    []finderCheckJSON `json:"checks"`
			Breakdown []struct {
				Label  string  `json:"label"`
				Points int     `json:"points"`
				Max    int     `json:"max"`
				Why    string  `json:"why"`
				Caveat *string `json:"caveat"`
			} `json:"breakdown"`
			TCO map[string]any `json:"tco"`
		} `json:"results"`
		Excluded         []finderExcludedJSON `json:"excluded"`
		ResultsTotal     int                  `json:"results_total"`
		ExcludedTotal    int                  `json:"excluded_total"`
		ExcludedByReason []struct {
			Check string `json:"check"`
			Code  string `json:"code"`
			Count int    `json:"count"`
		} `json:"excluded_by_reason"`
		ExcludedPage  int `json:"excluded_page"`
		ExcludedPages int `json:"excluded_pages"`
		Health        []struct {
			Condition string             `json:"condition"`
			Label     string             `json:"label"`
			Advice    string             `json:"advice"`
			Source    finderSourceJSON   `json:"source"`
			Sources   []finderSourceJSON `json:"sources"`
		} `json:"health"`
		Weights *string `json:"weights"`
	}
)

func (a finderAnswer) resultSlugs() []string {
	var out []string
	for _, r := range a.Results {
		out = append(out, r.Chair["slug"].(string))
	}
	return out
}

func (a finderAnswer) excludedSlugs() []string {
	var out []string
	for _, e := range a.Excluded {
		out = append(out, e.Chair.Slug)
	}
	return out
}

// postFinder sends body (nil for none) to POST /api/v1/finder.
func (f apiFixture) postFinder(t *testing.T, body *string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/api/v1/finder", nil)
	if body != nil {
		r = httptest.NewRequest(http.MethodPost, "/api/v1/finder", strings.NewReader(*body))
		r.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

// find posts body, requires a 200 JSON answer and decodes it.
func (f apiFixture) find(t *testing.T, body string) finderAnswer {
	t.Helper()
	w := f.postFinder(t, &body)
	if w.Code != http.StatusOK {
		t.Fatalf("POST /api/v1/finder %s: status %d, body %s", body, w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want JSON", ct)
	}
	var a finderAnswer
	dec := json.NewDecoder(w.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("POST /api/v1/finder %s: %v", body, err)
	}
	return a
}

// fetch GETs a page and returns its status and body.
func (f apiFixture) fetch(t *testing.T, target string) (int, string) {
	t.Helper()
	w := f.do(t, http.MethodGet, target)
	return w.Code, w.Body.String()
}

// profileJSON is the API body for the finder form's query.
func profileJSON(t *testing.T, q url.Values) string {
	t.Helper()
	p, err := fit.ParseQuery(q)
	if err != nil {
		t.Fatalf("ParseQuery(%s): %v", q.Encode(), err)
	}
	b, err := json.Marshal(finderRequestOf(p))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// chairsBySlug is the stored catalog, with brand names filled in.
func (f apiFixture) chairsBySlug(t *testing.T) map[string]catalog.Chair {
	t.Helper()
	chairs, err := f.st.AllChairs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]catalog.Chair{}
	for _, c := range chairs {
		out[c.Slug] = c
	}
	return out
}

func sized(c catalog.Chair) bool {
	_, w := c.Int("upright_width_cm")
	_, d := c.Int("upright_depth_cm")
	return w && d
}

// section returns the HTML from the tag that opens with start to the first
// end after it, or "" when start is not found.
func section(page, start, end string) string {
	i := strings.Index(page, start)
	if i < 0 {
		return ""
	}
	j := strings.Index(page[i:], end)
	if j < 0 {
		return page[i:]
	}
	return page[i : i+j+len(end)]
}

var summaryCounts = regexp.MustCompile(`<p id="summary"><strong>(\d+)</strong>[^<]*<strong>(\d+)</strong>[^<]*<strong>(\d+)</strong>[^<]*<strong>(\d+)</strong>`)

// summaryTotal adds up the finder page's fits, fits-what-is-published,
// borderline and does-not-fit counts: every chair in the catalog.
func summaryTotal(t *testing.T, page string) int {
	t.Helper()
	m := summaryCounts.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no summary counts in the page")
	}
	total := 0
	for _, s := range m[1:] {
		n, _ := strconv.Atoi(s)
		total += n
	}
	return total
}

const fullProfile = `{
	"height_cm": 175, "weight_kg": 80, "budget_php": 300000,
	"room": {"width_cm": 120, "depth_cm": 220}, "against_wall": true,
	"delivery": {"door_width_cm": 80, "floors_by_stairs": 3, "lift": false},
	"region": "ncr", "goals": ["lower_back", "sleep"], "must_have": ["zero_gravity"],
	"conditions": ["pacemaker_implant", "osteoporosis", "diabetes_neuropathy"],
	"sessions_per_week": 5, "minutes_per_session": 20, "price_weight": 40, "electricity_php_per_kwh": 13
}`

func TestAPIFinder(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	all := f.starterSlugs(func(catalog.Chair) bool { return true })

	t.Run("full profile", func(t *testing.T) {
		a := f.find(t, fullProfile)
		if len(a.Results) == 0 || len(a.Excluded) == 0 {
			t.Fatalf("%d results and %d excluded: the profile should both keep and exclude chairs", len(a.Results), len(a.Excluded))
		}
		got := slices.Concat(a.resultSlugs(), a.excludedSlugs())
		slices.Sort(got)
		if !slices.Equal(got, all) {
			t.Errorf("results and excluded hold %d chairs (%q), want the %d starter chairs once each", len(got), got, len(all))
		}
		prevUnchecked := 0
		for i, r := range a.Results {
			slug := r.Chair["slug"]
			worst, unchecked := "fits", 0
			for _, c := range r.Checks {
				if c.Result == "no_fit" {
					t.Errorf("result %v has a no_fit check: %+v", slug, c)
				}
				if c.Result == "unknown" && worst == "fits" {
					worst = "unknown"
				}
				if c.Result == "unknown" && c.Check != "power" && c.Check != "warranty" {
					unchecked++
				}
				if c.Result == "borderline" {
					worst = "borderline"
				}
				if c.Result == "unknown" && (c.Ask == "" || len(c.Missing) == 0) {
					t.Errorf("result %v: unknown check without its question %+v", slug, c)
				}
				if c.Check == "" || c.Code == "" || c.Message == "" {
					t.Errorf("result %v: incomplete check %+v", slug, c)
				}
			}
			if r.Fit != worst {
				t.Errorf("result %v: fit = %q, want the worst check, %q", slug, r.Fit, worst)
			}
			sum := 0
			for _, it := range r.Breakdown {
				sum += it.Points
				if it.Points < 0 || it.Points > it.Max {
					t.Errorf("result %v: %s earns %d of %d", slug, it.Label, it.Points, it.Max)
				}
				if it.Caveat != nil && *it.Caveat == "" {
					t.Errorf("result %v: %s has an empty caveat; leave it out instead", slug, it.Label)
				}
			}
			if sum != r.Score {
				t.Errorf("result %v: breakdown adds up to %d, score is %d", slug, sum, r.Score)
			}
			if r.Score < 0 || r.Score > 100 {
				t.Errorf("result %v: score %d out of 0–100", slug, r.Score)
			}
			// Chairs that cannot be checked on more of the buyer's limits
			// rank lower; among equals, the higher score ranks first.
			if i > 0 && (unchecked < prevUnchecked || unchecked == prevUnchecked && r.Score > a.Results[i-1].Score) {
				t.Errorf("result %v (%d unchecked, score %d) ranks below %v (%d unchecked, score %d)", slug, unchecked, r.Score, a.Results[i-1].Chair["slug"], prevUnchecked, a.Results[i-1].Score)
			}
			prevUnchecked = unchecked
			if _, ok := r.TCO["lifespan_years"]; !ok {
				t.Errorf("result %v: tco lacks lifespan_years: %v", slug, r.TCO)
			}
		}
		for _, e := range a.Excluded {
			if !slices.ContainsFunc(e.Checks, func(c finderCheckJSON) bool { return c.Result == "no_fit" }) {
				t.Errorf("excluded %s has no no_fit check: %+v", e.Chair.Slug, e.Checks)
			}
			if e.Chair.Name == "" {
				t.Errorf("excluded %s has no name", e.Chair.Slug)
			}
		}
		want := []string{"pacemaker_implant", "osteoporosis", "diabetes_neuropathy"}
		if len(a.Health) != len(want) {
			t.Fatalf("%d health entries, want %d", len(a.Health), len(want))
		}
		for i, h := range a.Health {
			if h.Condition != want[i] {
				t.Errorf("health[%d] is %s, want %s (the order given)", i, h.Condition, want[i])
			}
			c, _ := fit.ConditionByCode(want[i])
			if en := testPrinter(t, locale.English); h.Advice == "" || h.Advice != en.T(c.Advice) || h.Label != en.T(c.Label) {
				t.Errorf("health %s: label %q advice %q, want fit's", h.Condition, h.Label, h.Advice)
			}
			if len(h.Sources) == 0 || h.Source != h.Sources[0] {
				t.Errorf("health %s: source %+v, sources %+v: want source = sources[0]", h.Condition, h.Source, h.Sources)
			}
			for _, s := range h.Sources {
				if u, err := url.Parse(s.URL); err != nil || u.Scheme != "https" || u.Host == "" || s.Title == "" {
					t.Errorf("health %s: source %+v, want a titled https URL", h.Condition, s)
				}
			}
		}
		if a.Weights == nil || *a.Weights == "" {
			t.Error("weights missing")
		}
		again := f.find(t, fullProfile)
		if !slices.Equal(a.resultSlugs(), again.resultSlugs()) || !slices.Equal(a.excludedSlugs(), again.excludedSlugs()) {
			t.Error("the same body twice gave a different order")
		}
	})

	t.Run("no answers", func(t *testing.T) {
		for name, body := range map[string]*string{"empty object": ptr("{}"), "no body": nil} {
			w := f.postFinder(t, body)
			if w.Code != http.StatusOK {
				t.Fatalf("%s: status %d, body %s", name, w.Code, w.Body)
			}
			var raw map[string]json.RawMessage
			if err := json.Unmarshal(w.Body.Bytes(), &raw); err != nil {
				t.Fatal(err)
			}
			for _, key := range []string{"results", "excluded", "health"} {
				if s := string(raw[key]); s == "" || s == "null" {
					t.Errorf("%s: %s = %q, want a list", name, key, s)
				}
			}
			var a finderAnswer
			if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
				t.Fatal(err)
			}
			got := a.resultSlugs()
			slices.Sort(got)
			if !slices.Equal(got, all) || len(a.Excluded) != 0 || len(a.Health) != 0 {
				t.Errorf("%s: %d results, %d excluded, %d health; want every chair on the shortlist", name, len(got), len(a.Excluded), len(a.Health))
			}
		}
	})

	t.Run("raising the budget keeps every chair", func(t *testing.T) {
		low := f.find(t, `{"height_cm": 175, "budget_php": 100000}`)
		high := f.find(t, `{"height_cm": 175, "budget_php": 300000}`)
		for _, slug := range low.resultSlugs() {
			if !slices.Contains(high.resultSlugs(), slug) {
				t.Errorf("%s fits a ₱100,000 budget but not ₱300,000", slug)
			}
		}
		if len(low.Results) >= len(high.Results) {
			t.Errorf("%d results at ₱100,000 and %d at ₱300,000: the budget check was not exercised", len(low.Results), len(high.Results))
		}
	})
}

func ptr(s string) *string { return &s }

func TestAPIFinderErrors(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	for _, tc := range []struct {
		name, body, field string
	}{
		{"height too small", `{"height_cm": 20}`, "height_cm"},
		{"negative weight", `{"weight_kg": -5}`, "weight_kg"},
		{"door zero", `{"delivery": {"door_width_cm": 0}}`, "delivery.door_width_cm"},
		{"room too narrow", `{"room": {"width_cm": 10}}`, "room.width_cm"},
		{"unknown goal", `{"goals": ["x"]}`, "goals"},
		{"unknown condition", `{"conditions": ["flu"]}`, "conditions"},
		{"unknown must-have", `{"must_have": ["jetpack"]}`, "must_have"},
		{"unknown region", `{"region": "mars"}`, "region"},
		{"price weight over 100", `{"price_weight": 101}`, "price_weight"},
		{"height not a number", `{"height_cm": "tall"}`, "height_cm"},
		{"nested wrong type", `{"room": {"width_cm": "wide"}}`, "room.width_cm"},
		{"goals not a list", `{"goals": "sleep"}`, "goals"},
		{"fractional height", `{"height_cm": 170.5}`, "height_cm"},
		{"unknown field", `{"nope": 1}`, "body"},
		{"unknown nested field", `{"room": {"height_cm": 250}}`, "body"},
		{"malformed JSON", `{"height_cm": `, "body"},
		{"not JSON", `height_cm=170`, "body"},
		{"trailing data", `{"height_cm": 170} {"height_cm": 20}`, "body"},
		{"array body", `[]`, "body"},
		{"too large", `{"region": "` + strings.Repeat("a", 70<<10) + `"}`, "body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := f.postFinder(t, &tc.body)
			if w.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400; body %.200s", w.Code, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q, want JSON", ct)
			}
			var body map[string]map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
				t.Fatalf("%v in %.300s", err, w.Body)
			}
			e := body["error"]
			if e["code"] != "invalid" {
				t.Errorf("error.code = %v, want invalid", e["code"])
			}
			if e["field"] != tc.field {
				t.Errorf("error.field = %v, want %s (message %q)", e["field"], tc.field, e["message"])
			}
			if msg, _ := e["message"].(string); msg == "" || strings.HasPrefix(msg, " ") {
				t.Errorf("error.message = %q, want a sentence", msg)
			}
		})
	}
	t.Run("GET", func(t *testing.T) {
		w := f.do(t, http.MethodGet, "/api/v1/finder")
		if w.Code != http.StatusMethodNotAllowed {
			t.Errorf("status %d, want 405", w.Code)
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q, want JSON", ct)
		}
		var body map[string]map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || body["error"]["code"] != "method_not_allowed" {
			t.Errorf("body %s, want a method_not_allowed error", w.Body)
		}
		if !strings.Contains(w.Header().Get("Allow"), "POST") {
			t.Errorf("Allow = %q, want POST", w.Header().Get("Allow"))
		}
	})
}

func TestAPIFinderOptions(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	res := f.get(t, "/api/v1/finder/options")
	codesAt := func(key string) []string {
		var out []string
		list, _ := res[key].([]any)
		for _, it := range list {
			it := it.(map[string]any)
			if l, _ := it["label"].(string); l == "" {
				t.Errorf("%s: %v has no label", key, it["code"])
			}
			out = append(out, it["code"].(string))
		}
		return out
	}
	optionCodes := func(opts []fit.Option) []string {
		var out []string
		for _, o := range opts {
			out = append(out, o.Code)
		}
		return out
	}
	var conds, regions []string
	for _, c := range fit.Conditions {
		conds = append(conds, c.Code)
	}
	for _, r := range fit.Regions {
		regions = append(regions, r.Code)
	}
	for key, want := range map[string][]string{
		"goals": optionCodes(fit.Goals), "must_have": optionCodes(fit.MustHaves), "conditions": conds, "regions": regions,
	} {
		if got := codesAt(key); !slices.Equal(got, want) {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	for _, c := range res["conditions"].([]any) {
		c := c.(map[string]any)
		if a, _ := c["advice"].(string); a == "" {
			t.Errorf("condition %v has no advice", c["code"])
		}
		sources, _ := c["sources"].([]any)
		if len(sources) == 0 {
			t.Errorf("condition %v has no sources", c["code"])
		}
		for _, s := range sources {
			if u, _ := s.(map[string]any)["url"].(string); !strings.HasPrefix(u, "https://") {
				t.Errorf("condition %v: source URL %q, want https", c["code"], u)
			}
		}
		for _, key := range []string{"heat_caution", "HeatCaution", "gentle", "Gentle"} {
			if _, ok := c[key]; ok {
				t.Errorf("condition %v exposes %s", c["code"], key)
			}
		}
	}
}

// tallBuyer is a tall, heavy buyer with a small room, a narrow door and a
// pacemaker.
var tallBuyer = url.Values{
	"height_cm": {"198"}, "weight_kg": {"95"}, "room_width_cm": {"90"}, "room_depth_cm": {"190"},
	"door_width_cm": {"70"}, "condition": {"pacemaker_implant"}, "budget_php": {"300000"},
}

func TestFinderPage(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	chairs := f.chairsBySlug(t)

	t.Run("no answers", func(t *testing.T) {
		status, page := f.fetch(t, "/finder")
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		if !strings.Contains(page, `<form id="finder"`) {
			t.Error("no form#finder")
		}
		if strings.Contains(page, `id="shortlist"`) || strings.Contains(page, `id="summary"`) {
			t.Error("a shortlist before any answer")
		}
	})

	t.Run("tall buyer, small room, pacemaker", func(t *testing.T) {
		target := "/finder?" + tallBuyer.Encode()
		status, page := f.fetch(t, target)
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		want := f.find(t, profileJSON(t, tallBuyer))

		health := section(page, `<section class="health"`, "</section>")
		pacemaker, _ := fit.ConditionByCode("pacemaker_implant")
		if !strings.Contains(health, html.EscapeString(testPrinter(t, locale.English).T(pacemaker.Advice))) {
			t.Errorf("the health section lacks the pacemaker advice: %q", health)
		}
		for _, s := range pacemaker.Sources {
			if !strings.Contains(health, `href="`+html.EscapeString(s.URL)+`"`) {
				t.Errorf("the health section does not link %s", s.URL)
			}
		}
		if hi, si := strings.Index(page, `class="health"`), strings.Index(page, `id="shortlist"`); hi < 0 || (si >= 0 && si < hi) {
			t.Error("health advice must come before the shortlist")
		}

		excluded := section(page, `<section id="excluded"`, "</section>")
		if excluded == "" {
			t.Fatal(`no section id="excluded"`)
		}
		// Excluded chairs are summed up by reason, each reason's chairs
		// one tap away: a reason counts its chairs and names the first
		// excludedShown of them, each with the sentence of the check it
		// fails, and says how many more there are.
		byslug := map[string]finderExcludedJSON{}
		for _, e := range want.Excluded {
			byslug[e.Chair.Slug] = e
		}
		reasons := regexp.MustCompile(`<summary>([^<:]+): (\d+) chairs?</summary>`).FindAllStringSubmatch(excluded, -1)
		if len(reasons) == 0 {
			t.Errorf("no reason counts under excluded: %.500s", excluded)
		}
		named := map[string]bool{}
		for _, m := range reasons {
			details := section(excluded, m[0], "</details>")
			n, _ := strconv.Atoi(m[2])
			listed := regexp.MustCompile(`<li><a href="/chairs/([^"?]+)[^"]*">[^<]*</a>: ([^<]*)</li>`).FindAllStringSubmatch(details, -1)
			more := 0
			if mm := regexp.MustCompile(`<li>and (\d+) more chairs?</li>`).FindStringSubmatch(details); mm != nil {
				more, _ = strconv.Atoi(mm[1])
			}
			if len(listed) != min(n, excludedShown) || len(listed)+more != n {
				t.Errorf("reason %q counts %d chairs, names %d and says %d more", m[1], n, len(listed), more)
			}
			for _, l := range listed {
				named[l[1]] = true
				e, ok := byslug[l[1]]
				if !ok {
					t.Errorf("%s listed under %q but the API does not exclude it", l[1], m[1])
				}
				if !slices.ContainsFunc(e.Checks, func(c finderCheckJSON) bool { return c.Result == "no_fit" && html.EscapeString(c.Message) == l[2] }) {
					t.Errorf("%s under %q: reason %q is none of the API's failing checks", l[1], m[1], l[2])
				}
			}
		}
		if len(named) == 0 || len(named) > len(want.Excluded) {
			t.Errorf("%d chairs named under excluded, the API excludes %d", len(named), len(want.Excluded))
		}
		if got := summaryTotal(t, page); got != len(chairs) {
			t.Errorf("summary counts add up to %d, want %d chairs", got, len(chairs))
		}

		var firstSized string
		for _, slug := range want.resultSlugs()[:min(shortlistSize, len(want.Results))] {
			if sized(chairs[slug]) {
				firstSized = slug
				break
			}
		}
		desc := section(page, `<desc id="room-svg-desc">`, "</desc>")
		switch {
		case !strings.Contains(page, `<svg id="room-plan"`):
			t.Error("the room's size was given but no svg#room-plan is drawn")
		case firstSized != "" && !strings.Contains(desc, html.EscapeString(chairs[firstSized].FullName())):
			t.Errorf("want svg#room-plan drawing %s, the best-ranked chair with a published size; desc %q", firstSized, desc)
		case firstSized == "":
			// No shortlisted chair publishes its size: the room is drawn alone.
			for _, slug := range want.resultSlugs() {
				if strings.Contains(desc, html.EscapeString(chairs[slug].FullName())) {
					t.Errorf("the drawing names %s, whose size is not published: %q", slug, desc)
				}
			}
		}

		canonical := regexp.MustCompile(`<link rel="canonical" href="([^"]*)">`).FindStringSubmatch(page)
		if canonical == nil || canonical[1] != "http://example.test/finder" {
			t.Errorf("canonical %q, want http://example.test/finder without the answers", canonical)
		}
		// Chair pages are cached: links to them must not carry health answers.
		for _, m := range regexp.MustCompile(`href="(/chairs/[^"]*)"`).FindAllStringSubmatch(page, -1) {
			if strings.Contains(html.UnescapeString(m[1]), "condition") {
				t.Errorf("link %s carries a health answer to a cached page", m[1])
			}
		}
	})

	t.Run("draw picks the chair", func(t *testing.T) {
		q := url.Values{"room_width_cm": {"150"}, "room_depth_cm": {"300"}}
		var drawable []string
		for _, slug := range f.find(t, profileJSON(t, q)).resultSlugs() {
			if sized(chairs[slug]) {
				drawable = append(drawable, slug)
			}
		}
		if len(drawable) < 2 {
			t.Fatalf("%d shortlisted chairs with a published size, need 2", len(drawable))
		}
		for _, slug := range []string{drawable[0], drawable[len(drawable)-1]} {
			q.Set("draw", slug)
			status, page := f.fetch(t, "/finder?"+q.Encode())
			if status != http.StatusOK {
				t.Fatalf("draw=%s: status %d", slug, status)
			}
			svg := section(page, `<svg id="room-plan"`, "</svg>")
			if svg == "" {
				t.Fatalf("draw=%s: no svg#room-plan", slug)
			}
			if desc := section(svg, `<desc`, "</desc>"); !strings.Contains(desc, html.EscapeString(chairs[slug].FullName())) {
				t.Errorf("draw=%s: the drawing's description %q does not name %s", slug, desc, chairs[slug].FullName())
			}
			for _, other := range drawable {
				if other != slug && strings.Contains(svg, html.EscapeString(chairs[other].FullName())+" ") {
					t.Errorf("draw=%s: the drawing names %s too", slug, other)
				}
			}
		}
	})

	t.Run("errors", func(t *testing.T) {
		_, err := fit.ParseQuery(url.Values{"height_cm": {"20"}})
		msg := errs.As(err).Message
		for _, tc := range []struct {
			target, message string
		}{
			{"/finder?height_cm=20", msg},
			{"/finder?goal=bogus", ""},
			{"/finder?condition=flu", ""},
			{"/finder?room_width_cm=10", ""},
			{"/finder?height_cm=abc", ""},
			{"/finder?lift=maybe", ""},
			{"/finder?nope=1", ""},
		} {
			status, page := f.fetch(t, tc.target)
			if status != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400", tc.target, status)
			}
			if !strings.Contains(page, `<p class="error" role="alert">`) {
				t.Errorf("%s: no error message in the page", tc.target)
			}
			if tc.message != "" && !strings.Contains(page, html.EscapeString(tc.message)) {
				t.Errorf("%s: the page lacks %q", tc.target, tc.message)
			}
			if !strings.Contains(page, `<form id="finder"`) {
				t.Errorf("%s: the form is not shown again", tc.target)
			}
		}
		if _, page := f.fetch(t, "/finder?height_cm=20"); !strings.Contains(page, `name="height_cm" min="80" max="250" inputmode="numeric" value="20"`) {
			t.Error("the form does not keep the answer that was wrong")
		}
	})
}

func TestFitBadges(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	var slug string
	for _, c := range f.doc.Chairs {
		_, h := c.Int("user_height_max_cm")
		_, w := c.Int("max_user_weight_kg")
		if h && w {
			slug = c.Slug
			break
		}
	}
	if slug == "" {
		t.Fatal("no starter chair publishes both a height range and a weight limit")
	}
	for _, tc := range []struct {
		target string
		status int
		want   string
	}{
		{"/chairs?height_cm=180", 200, `class="fit-badge"`},
		{"/chairs/" + slug + "?height_cm=180&weight_kg=80", 200, "Your fit check"},
		{"/chairs/" + slug + "?height_cm=abc", 400, ""},
		{"/chairs/" + slug + "?height_cm=20", 400, ""},
		{"/chairs/" + slug + "?goal=bogus", 400, ""},
	} {
		status, page := f.fetch(t, tc.target)
		if status != tc.status {
			t.Errorf("%s: status %d, want %d", tc.target, status, tc.status)
		}
		if tc.want != "" && !strings.Contains(page, tc.want) {
			t.Errorf("%s: no %q", tc.target, tc.want)
		}
	}
	if _, page := f.fetch(t, "/chairs"); strings.Contains(page, `class="fit-badge"`) {
		t.Error("/chairs without a height or weight shows fit badges")
	}
	if _, page := f.fetch(t, "/chairs/"+slug); strings.Contains(page, "Your fit check") {
		t.Errorf("/chairs/%s without answers shows a fit check", slug)
	}
	_, page := f.fetch(t, "/chairs/"+slug+"?height_cm=180&weight_kg=80")
	if !strings.Contains(page, `<link rel="canonical" href="http://example.test/chairs/`+slug+`">`) {
		t.Error("the chair page's canonical link carries the answers")
	}
}

// TestFinderNotCached checks that the finder's answers, which may hold
// health conditions, are never kept by the page cache: in routes.go and in
// behaviour.
func TestFinderNotCached(t *testing.T) {
	t.Parallel()
	t.Run("routes.go", func(t *testing.T) {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "routes.go", nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]bool{}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 2 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "HandleFunc" && sel.Sel.Name != "Handle") {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok {
				return true
			}
			pattern, _ := strconv.Unquote(lit.Value)
			if pattern != "GET /finder" && pattern != "POST /api/v1/finder" {
				return true
			}
			found[pattern] = true
			ast.Inspect(call.Args[1], func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "cached" {
					t.Errorf("%s: %q is wrapped in cached", fset.Position(call.Pos()), pattern)
				}
				return true
			})
			return true
		})
		for _, p := range []string{"GET /finder", "POST /api/v1/finder"} {
			if !found[p] {
				t.Errorf("routes.go does not route %q", p)
			}
		}
	})

	t.Run("different answers", func(t *testing.T) {
		f := newAPIFixture(t)
		shortlist := func(q string) string {
			status, page := f.fetch(t, "/finder?"+q)
			if status != http.StatusOK {
				t.Fatalf("%s: status %d", q, status)
			}
			return section(page, `<ol id="shortlist"`, "</ol>")
		}
		cheap, dear := shortlist("budget_php=60000&price_weight=100"), shortlist("budget_php=900000&goal=deep_knots")
		if cheap == "" || dear == "" || cheap == dear {
			t.Error("two different budgets gave the same shortlist")
		}
	})

	t.Run("sees the catalog at once", func(t *testing.T) {
		// The clock stands still, so a cached answer would never be
		// refreshed; the finder must still count a chair imported since.
		clock := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		f := newAPIFixtureAt(t, func() time.Time { return clock })
		const target = "/finder?height_cm=175"
		_, before := f.fetch(t, target)
		apiBefore := f.find(t, `{"height_cm": 175}`)
		extra := &catalog.Document{Chairs: []catalog.Chair{{
			Slug: "zz-test-finder", Brand: f.doc.Chairs[0].Brand, Name: "Finder Test", Specs: map[string]catalog.Spec{},
		}}}
		if _, err := f.st.Import(context.Background(), extra, nil); err != nil {
			t.Fatal(err)
		}
		_, after := f.fetch(t, target)
		if got, want := summaryTotal(t, after), summaryTotal(t, before)+1; got != want {
			t.Errorf("after an import the page counts %d chairs, want %d", got, want)
		}
		apiAfter := f.find(t, `{"height_cm": 175}`)
		if got, want := len(apiAfter.Results)+len(apiAfter.Excluded), len(apiBefore.Results)+len(apiBefore.Excluded)+1; got != want {
			t.Errorf("after an import the API ranks %d chairs, want %d", got, want)
		}
	})
}
