package web

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"masahe/internal/locale"
	"masahe/internal/safety"
)

// postTriage sends body to POST /api/v1/triage.
func (f apiFixture) postTriage(t *testing.T, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/api/v1/triage", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

type triageAnswer struct {
	Level          string         `json:"level"`
	Reasons        []triageReason `json:"reasons"`
	Advice         []string       `json:"advice"`
	RecheckInHours *int           `json:"recheck_in_hours"`
}

type triageReason struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Source  triageSource `json:"source"`
}

type triageSource struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

var mainText = regexp.MustCompile(`(?s)<main id="main">(.*)</main>`)

// mainOf is the page's main element, tags stripped to text.
func mainOf(page string) string {
	m := mainText.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], " "))
}

func TestTriagePage(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	t.Run("form", func(t *testing.T) {
		status, page := f.fetch(t, "/safety/triage")
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		for _, want := range []string{`<form id="triage"`, `action="/safety/triage" method="get"`, `name="hours_since_massage"`, `name="pain"`,
			`name="trend" value="worse"`, `name="area" value="full_body"`, `name="trauma" value="major"`, `name="first_episode"`,
			`name="symptom" value="saddle_numbness"`, `name="condition" value="anticoagulants"`, "not a diagnosis", "Call 911 now",
			`<link rel="canonical" href="http://example.test/safety/triage">`, `aria-current="page">Safe use`} {
			if !strings.Contains(page, want) {
				t.Errorf("form page lacks %q", want)
			}
		}
		if strings.Contains(page, "<script") {
			t.Error("the triage page has a script; it must work without JavaScript")
		}
		for _, o := range safety.Symptoms {
			if !strings.Contains(page, `value="`+o.Code+`"`) {
				t.Errorf("form lacks symptom %s", o.Code)
			}
		}
	})

	t.Run("emergency", func(t *testing.T) {
		status, page := f.fetch(t, "/safety/triage?hours_since_massage=30&pain=5&trend=same&area=back&trauma=none&symptom=saddle_numbness&condition=pregnancy")
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		text := mainOf(page)
		first := strings.Fields(text)
		if len(first) < 2 || first[0] != "Emergency" {
			t.Errorf("the page does not start with the level: %.120q", text)
		}
		if !strings.Contains(page, `<h1 id="result-level" class="level">Emergency: go to the emergency department now or call 911</h1>`) {
			t.Error("no large emergency headline")
		}
		if !strings.Contains(page, `href="tel:911"`) {
			t.Error("no call link to 911")
		}
		level, todo, why := strings.Index(text, "Emergency: go to"), strings.Index(text, "What to do"), strings.Index(text, "Why")
		if level < 0 || todo < level || why < todo {
			t.Errorf("order: level at %d, what to do at %d, why at %d; want level, then what to do, then why", level, todo, why)
		}
		for _, want := range []string{"cauda equina", safety.SrcRedFlags.URL, "not a diagnosis", "obstetrician"} {
			if !strings.Contains(page, html.EscapeString(want)) && !strings.Contains(page, want) {
				t.Errorf("emergency result lacks %q", want)
			}
		}
		if !strings.Contains(page, `<link rel="canonical" href="http://example.test/safety/triage">`) {
			t.Error("the canonical link carries the answers")
		}
		// The form keeps the answers.
		for _, want := range []string{`name="symptom" value="saddle_numbness" checked`, `name="condition" value="pregnancy" checked`, `name="pain" min="0" max="10" inputmode="numeric" required aria-describedby="tr-pain-hint" value="5"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the form does not keep %q", want)
			}
		}
	})

	// Every symptom, asked on its own, gives its level and cites its
	// rule's source on the page.
	for _, o := range safety.Symptoms {
		t.Run("symptom "+o.Code, func(t *testing.T) {
			hours, pain := int64(24), int64(3)
			a := safety.Answers{HoursSinceMassage: &hours, Pain: &pain, Symptoms: []string{o.Code}}
			res := safety.Triage(a)
			status, page := f.fetch(t, "/safety/triage?"+a.Query().Encode())
			if status != http.StatusOK {
				t.Fatalf("status %d", status)
			}
			for _, want := range []string{html.EscapeString(res.Level.Headline()), `href="` + html.EscapeString(res.Reasons[0].Source.URL) + `"`} {
				if !strings.Contains(page, want) {
					t.Errorf("result lacks %q", want)
				}
			}
		})
	}

	t.Run("self-care", func(t *testing.T) {
		status, page := f.fetch(t, "/safety/triage?hours_since_massage=24&pain=2&trend=better&age=30&area=back&trauma=none&first_episode=false")
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		text := mainOf(page)
		if !strings.HasPrefix(strings.Join(strings.Fields(text), " "), "Self-care Self-care: you can look after this at home") {
			t.Errorf("the page does not start with the self-care level: %.120q", text)
		}
		for _, want := range []string{"Take 2 days off from massage", "Check again in 48 hours", "Handbook for Massage Therapists", "Warmth"} {
			if !strings.Contains(text, want) {
				t.Errorf("self-care result lacks %q", want)
			}
		}
		if strings.Contains(page, "tel:911") {
			t.Error("a self-care result shows the emergency call button")
		}
	})

	t.Run("bad input", func(t *testing.T) {
		for _, tc := range []struct{ query, message string }{
			{"hours_since_massage=24&pain=11", "pain must be a pain score between 0 and 10, not 11"},
			{"hours_since_massage=-1&pain=2", "hours_since_massage must be a number of hours between 0 and 2160, not -1"},
			{"pain=2", "hours_since_massage is required"},
			{"hours_since_massage=24&pain=2&symptom=flu", `symptom: "flu" is not a known code`},
			{"hours_since_massage=24&pain=lots", `pain must be a whole number, not "lots"`},
		} {
			status, page := f.fetch(t, "/safety/triage?"+tc.query)
			if status != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400", tc.query, status)
			}
			if !strings.Contains(html.UnescapeString(page), tc.message) || !strings.Contains(page, `role="alert"`) {
				t.Errorf("%s: the page does not show %q", tc.query, tc.message)
			}
			if !strings.Contains(page, `<form id="triage"`) {
				t.Errorf("%s: the page has no form to correct the answers", tc.query)
			}
		}
	})
}

// TestTriageNotCached checks, in routes.go and in behaviour, that the
// triage is never kept by the page cache.
func TestTriageNotCached(t *testing.T) {
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
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok {
				return true
			}
			pattern, _ := strconv.Unquote(lit.Value)
			if pattern != "GET /safety/triage" && pattern != "POST /api/v1/triage" {
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
		for _, p := range []string{"GET /safety/triage", "POST /api/v1/triage"} {
			if !found[p] {
				t.Errorf("routes.go does not route %q", p)
			}
		}
	})
	t.Run("different answers", func(t *testing.T) {
		f := newAPIFixture(t)
		level := func(q string) string {
			status, page := f.fetch(t, "/safety/triage?"+q)
			if status != http.StatusOK {
				t.Fatalf("%s: status %d", q, status)
			}
			return section(page, `<h1 id="result-level"`, "</h1>")
		}
		calm := level("hours_since_massage=24&pain=2&trend=better")
		alarm := level("hours_since_massage=24&pain=2&trend=better&symptom=chest_pain")
		again := level("hours_since_massage=24&pain=2&trend=better")
		if !strings.Contains(calm, "Self-care") || !strings.Contains(alarm, "Emergency") || again != calm {
			t.Errorf("results %q, %q, %q: want self-care, emergency, self-care", calm, alarm, again)
		}
	})
}

func TestAPITriage(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	decode := func(t *testing.T, body string) triageAnswer {
		t.Helper()
		w := f.postTriage(t, body)
		if w.Code != http.StatusOK {
			t.Fatalf("status %d, body %s", w.Code, w.Body)
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("Content-Type %q", ct)
		}
		var a triageAnswer
		dec := json.NewDecoder(w.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&a); err != nil {
			t.Fatal(err)
		}
		if a.RecheckInHours == nil || len(a.Reasons) == 0 || len(a.Advice) == 0 {
			t.Fatalf("answer %+v lacks recheck_in_hours, reasons or advice", a)
		}
		for _, r := range a.Reasons {
			if r.Code == "" || r.Message == "" || r.Source.Title == "" || !strings.HasPrefix(r.Source.URL, "https://") {
				t.Errorf("reason %+v is not fully sourced", r)
			}
		}
		return a
	}
	for _, tc := range []struct {
		name, body, level, reason string
		recheck                   int
	}{
		{"self-care", `{"hours_since_massage": 24, "pain": 2, "trend": "better", "age": 30, "area": "back", "trauma": "none", "first_episode": false, "symptoms": [], "conditions": []}`,
			"self_care", "normal_soreness", 48},
		{"only the required answers", `{"hours_since_massage": 0, "pain": 0}`, "self_care", "no_pain_now", 48},
		{"emergency", `{"hours_since_massage": 48, "pain": 6, "trend": "worse", "area": "neck", "symptoms": ["sudden_severe_headache"]}`,
			"emergency", "sudden_severe_headache", 0},
		{"urgent", `{"hours_since_massage": 10, "pain": 3, "symptoms": ["fever"]}`, "urgent", "fever", 24},
		{"doctor", `{"hours_since_massage": 100, "pain": 4, "trend": "same", "first_episode": false}`, "doctor", "not_improving", 72},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := decode(t, tc.body)
			if a.Level != tc.level || a.Reasons[0].Code != tc.reason || *a.RecheckInHours != tc.recheck {
				t.Errorf("level %s, first reason %s, recheck %d; want %s, %s, %d", a.Level, a.Reasons[0].Code, *a.RecheckInHours, tc.level, tc.reason, tc.recheck)
			}
		})
	}
}

func TestAPITriageErrors(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	for _, tc := range []struct {
		name, body, field, message string
	}{
		{"unknown symptom", `{"hours_since_massage": 5, "pain": 2, "symptoms": ["flu"]}`, "symptoms", `symptoms: "flu" is not a known code`},
		{"unknown condition", `{"hours_since_massage": 5, "pain": 2, "conditions": ["flu"]}`, "conditions", "conditions"},
		{"pain 11", `{"hours_since_massage": 5, "pain": 11}`, "pain", "pain must be a pain score between 0 and 10, not 11"},
		{"hours -1", `{"hours_since_massage": -1, "pain": 2}`, "hours_since_massage", "between 0 and 2160"},
		{"hours missing", `{"pain": 2}`, "hours_since_massage", "required"},
		{"age 0", `{"hours_since_massage": 5, "pain": 2, "age": 0}`, "age", "age"},
		{"unknown trend", `{"hours_since_massage": 5, "pain": 2, "trend": "up"}`, "trend", "trend"},
		{"unknown area", `{"hours_since_massage": 5, "pain": 2, "area": "arm"}`, "area", "area"},
		{"unknown trauma", `{"hours_since_massage": 5, "pain": 2, "trauma": "some"}`, "trauma", "trauma"},
		{"pain as a string", `{"hours_since_massage": 5, "pain": "2"}`, "pain", "whole number"},
		{"fractional hours", `{"hours_since_massage": 1.5, "pain": 2}`, "hours_since_massage", "whole number"},
		{"first_episode not a bool", `{"hours_since_massage": 5, "pain": 2, "first_episode": "yes"}`, "first_episode", "true or false"},
		{"symptoms not a list", `{"hours_since_massage": 5, "pain": 2, "symptoms": "fever"}`, "symptoms", "list"},
		{"unknown field", `{"hours_since_massage": 5, "pain": 2, "mood": "bad"}`, "body", "unknown field"},
		{"malformed JSON", `{"hours_since_massage": `, "body", "not valid JSON"},
		{"empty body", ``, "body", "empty"},
		{"trailing data", `{"hours_since_massage": 5, "pain": 2} {"pain": 3}`, "body", "nothing after it"},
		{"array body", `[]`, "body", "body"},
		{"too large", `{"area": "` + strings.Repeat("a", 70<<10) + `"}`, "body", "larger than"},
		{"unknown lang", `{"hours_since_massage": 5, "pain": 2, "lang": "tl"}`, "lang", `lang must be "en" (English) or "fil" (Filipino), not "tl"`},
		{"lang in capitals", `{"hours_since_massage": 5, "pain": 2, "lang": "FIL"}`, "lang", `not "FIL"`},
		{"empty lang", `{"hours_since_massage": 5, "pain": 2, "lang": ""}`, "lang", `not ""`},
		{"lang not a string", `{"hours_since_massage": 5, "pain": 2, "lang": 1}`, "lang", "lang must be a string"},
		{"unknown lang with bad answers", `{"hours_since_massage": 5, "pain": 11, "lang": "xx"}`, "lang", `not "xx"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := f.postTriage(t, tc.body)
			if w.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400; body %.200s", w.Code, w.Body)
			}
			var body map[string]map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
				t.Fatalf("%v in %.300s", err, w.Body)
			}
			e := body["error"]
			msg, _ := e["message"].(string)
			if e["code"] != "invalid" || e["field"] != tc.field || !strings.Contains(msg, tc.message) {
				t.Errorf("error %v, want invalid on %s saying %q", e, tc.field, tc.message)
			}
		})
	}
	t.Run("GET", func(t *testing.T) {
		w := f.do(t, http.MethodGet, "/api/v1/triage")
		if w.Code != http.StatusMethodNotAllowed || !strings.Contains(w.Header().Get("Allow"), "POST") {
			t.Errorf("status %d, Allow %q; want 405 allowing POST", w.Code, w.Header().Get("Allow"))
		}
	})
}

func TestSafetyGuides(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	status, index := f.fetch(t, "/safety")
	if status != http.StatusOK {
		t.Fatalf("/safety: status %d", status)
	}
	if !strings.Contains(index, `href="/safety/triage"`) {
		t.Error("/safety does not link to the triage")
	}
	sources := map[string][]safety.Source{
		"session-length":     {safety.SrcDOMS, safety.SrcInjuries, safety.SrcMHLW, safety.SrcMassageHarms, safety.SrcHeatBurns},
		"ask-a-doctor-first": {safety.SrcPMDA, safety.SrcNCCIH, safety.SrcHeatBurns, safety.SrcManual, safety.SrcBloodThinners, safety.SrcDVT},
		"normal-soreness":    {safety.SrcDOMS},
		"red-flags": {safety.SrcRedFlags, safety.SrcUrgent, safety.SrcNHSBackPain, safety.SrcStroke, safety.SrcPE, safety.SrcNeckNHS,
			safety.SrcDissection, safety.SrcDOMS},
		"after-a-painful-massage": {safety.SrcDOMS, safety.SrcACP},
	}
	if len(sources) != len(guideTopics) {
		t.Fatalf("the test covers %d guides, the site has %d", len(sources), len(guideTopics))
	}
	for _, g := range guideTopics {
		t.Run(g.Slug, func(t *testing.T) {
			if !strings.Contains(index, `href="`+g.URL()+`"`) {
				t.Errorf("/safety does not link to %s", g.URL())
			}
			status, page := f.fetch(t, g.URL())
			if status != http.StatusOK {
				t.Fatalf("status %d", status)
			}
			for _, src := range sources[g.Slug] {
				if !strings.Contains(page, `href="`+html.EscapeString(src.URL)+`"`) {
					t.Errorf("does not cite %s", src.URL)
				}
			}
			for _, want := range []string{"<h1>" + html.EscapeString(g.Title) + "</h1>", `href="/safety/triage"`, "not a diagnosis", "911", `aria-current="page">Safe use`} {
				if !strings.Contains(page, want) {
					t.Errorf("lacks %q", want)
				}
			}
		})
	}
	if status, _ := f.fetch(t, "/safety/no-such-guide"); status != http.StatusNotFound {
		t.Errorf("unknown guide: status %d, want 404", status)
	}
	if _, home := f.fetch(t, "/"); !strings.Contains(home, `<a href="/safety">`) {
		t.Error("the home page does not link to /safety")
	}
}

// TestTriageContractCodes: docs/openapi.yaml lists exactly the triage's
// codes for each answer and the site's languages for lang, so a new rule's
// symptom is documented (and the contract test accepts it) as soon as the
// safety package has it.
func TestTriageContractCodes(t *testing.T) {
	t.Parallel()
	c, err := loadContract()
	if err != nil {
		t.Fatal(err)
	}
	answers := c.model.Components.Schemas.GetOrZero("TriageAnswers").Schema()
	enum := func(field string) []string {
		s := answers.Properties.GetOrZero(field).Schema()
		if s.Items != nil {
			s = s.Items.A.Schema()
		}
		var out []string
		for _, n := range s.Enum {
			if n.Tag != "!!null" {
				out = append(out, n.Value)
			}
		}
		return out
	}
	codes := func(opts []safety.Option) []string {
		var out []string
		for _, o := range opts {
			out = append(out, o.Code)
		}
		return out
	}
	langs := func() []string {
		var out []string
		for _, l := range locale.Langs {
			out = append(out, string(l))
		}
		return out
	}
	for field, want := range map[string][]string{"symptoms": codes(safety.Symptoms), "conditions": codes(safety.Conditions),
		"trend": codes(safety.Trends), "area": codes(safety.Areas), "trauma": codes(safety.Traumas), "lang": langs()} {
		if got := enum(field); !slices.Equal(got, want) {
			t.Errorf("docs/openapi.yaml TriageAnswers.%s lists %q, the site has %q", field, got, want)
		}
	}
}
