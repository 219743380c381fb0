package web

import (
	"encoding/json"
	"html"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"masahe/internal/fit"
	"masahe/internal/locale"
)

// randomFinderQuery is a finder form answered at random: any answer may be
// left out.
func randomFinderQuery(rng *rand.Rand) url.Values {
	q := url.Values{}
	maybe := func(key string, vals ...string) {
		if rng.IntN(3) > 0 {
			q.Set(key, vals[rng.IntN(len(vals))])
		}
	}
	maybe("height_cm", "140", "150", "155", "165", "170", "180", "188", "195", "205")
	maybe("weight_kg", "45", "60", "80", "110", "130", "160")
	maybe("budget_php", "60000", "150000", "300000", "600000", "2000000")
	maybe("room_width_cm", "70", "85", "100", "150")
	maybe("room_depth_cm", "150", "180", "200", "260")
	maybe("against_wall", "true", "false")
	maybe("door_width_cm", "60", "70", "80", "90")
	maybe("floors_by_stairs", "0", "2", "4")
	maybe("lift", "true", "false")
	maybe("price_weight", "0", "30", "70", "100")
	maybe("preset", "balanced", "back_and_neck", "rest_and_sleep", "after_sport")
	if rng.IntN(2) == 0 {
		q.Set("region", fit.Regions[rng.IntN(len(fit.Regions))].Code)
	}
	for _, o := range fit.Goals {
		if rng.IntN(4) == 0 {
			q.Add("goal", o.Code)
		}
	}
	for _, o := range fit.MustHaves {
		if rng.IntN(6) == 0 {
			q.Add("must_have", o.Code)
		}
	}
	for _, c := range fit.Conditions {
		if rng.IntN(8) == 0 {
			q.Add("condition", c.Code)
		}
	}
	return q
}

// postFinderAt posts body to target and decodes the 200 answer strictly.
func (f apiFixture) postFinderAt(t *testing.T, target, body string) finderAnswer {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("POST %s %s: status %d, body %.300s", target, body, w.Code, w.Body)
	}
	var a finderAnswer
	dec := json.NewDecoder(w.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("POST %s: %v", target, err)
	}
	return a
}

// untranslated are signs of a text not written: a message ID, a fmt
// complaint, an empty list.
var untranslated = regexp.MustCompile(`\b(?:fit|finder|verdict)\.[a-z_]+|%!|%\[|%[ds]\b`)

// withoutWords is a finder answer with every text taken out, and the
// texts it held: what must be the same in every language, and what is
// written in one.
func withoutWords(a finderAnswer) (finderAnswer, []string) {
	var texts []string
	take := func(s *string) {
		texts = append(texts, *s)
		*s = ""
	}
	b, _ := json.Marshal(a)
	var out finderAnswer
	_ = json.Unmarshal(b, &out)
	for i := range out.Results {
		r := &out.Results[i]
		take(&r.Verdict)
		take(&r.Summary)
		for j := range r.Questions {
			take(&r.Questions[j])
		}
		for j := range r.Checks {
			take(&r.Checks[j].Message)
			if r.Checks[j].Ask != "" {
				take(&r.Checks[j].Ask)
			}
		}
		for j := range r.Breakdown {
			take(&r.Breakdown[j].Label)
			take(&r.Breakdown[j].Why)
			if r.Breakdown[j].Caveat != nil {
				take(r.Breakdown[j].Caveat)
			}
		}
	}
	for i := range out.Excluded {
		for j := range out.Excluded[i].Checks {
			take(&out.Excluded[i].Checks[j].Message)
		}
	}
	for i := range out.Health {
		take(&out.Health[i].Label)
		take(&out.Health[i].Advice)
	}
	if out.Weights != nil {
		take(out.Weights)
	}
	return out, texts
}

// TestFinderLanguagesAgree: for many buyers, the finder in Filipino (the
// API with lang=fil, and the /fil/finder page) gives exactly the English
// answer: the same chairs in the same order, verdicts, scores, points,
// reason codes, questions asked, costs and excluded chairs. Only the words
// differ, and each of them is written: no message ID or placeholder
// shows, and the Filipino words are not the English ones.
func TestFinderLanguagesAgree(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	rng := rand.New(rand.NewPCG(13, 14))
	var differ, compared int
	for i := range 50 {
		q := randomFinderQuery(rng)
		body := profileJSON(t, q)
		en := f.postFinderAt(t, "/api/v1/finder?limit=500", body)
		fil := f.postFinderAt(t, "/api/v1/finder?limit=500&lang=fil", body)
		enBare, enTexts := withoutWords(en)
		filBare, filTexts := withoutWords(fil)
		if !reflect.DeepEqual(enBare, filBare) {
			t.Fatalf("buyer %d (%s): the Filipino answer differs from the English beyond its words", i, q.Encode())
		}
		if defaultAnswer := f.postFinderAt(t, "/api/v1/finder?limit=500&lang=en", body); !reflect.DeepEqual(defaultAnswer, en) {
			t.Fatalf("buyer %d: lang=en differs from no lang", i)
		}
		if len(enTexts) != len(filTexts) {
			t.Fatalf("buyer %d: %d English texts, %d Filipino", i, len(enTexts), len(filTexts))
		}
		for j := range enTexts {
			for _, s := range []string{enTexts[j], filTexts[j]} {
				if strings.TrimSpace(s) == "" || untranslated.MatchString(s) {
					t.Errorf("buyer %d (%s): text %q is not written", i, q.Encode(), s)
				}
			}
			compared++
			if enTexts[j] != filTexts[j] {
				differ++
			}
		}
		if i%10 == 0 {
			f.samePages(t, q)
		}
	}
	// Names, places and a few spec terms read the same in both; most of
	// the sentences must not.
	if compared == 0 || differ*10 < compared*8 {
		t.Errorf("only %d of %d Filipino texts differ from the English", differ, compared)
	}
}

var (
	pageCards    = regexp.MustCompile(`<li class="result">\s*<h3><a href="(?:/fil)?/chairs/([^"?]+)[^"]*">.*?<span class="score">(\d+)<.*?<span class="verdict ([a-z_]+)">`)
	pageVerdicts = regexp.MustCompile(`<li class="([a-z_]+)"><span class="verdict ([a-z_]+)">`)
	pageStrong   = regexp.MustCompile(`<strong>(\d+)</strong>`)
)

// samePages asks the finder page in both languages and requires the same
// counts, the same cards with the same scores and verdicts, and the same
// check verdicts.
func (f apiFixture) samePages(t *testing.T, q url.Values) {
	t.Helper()
	_, en := f.fetch(t, "/finder?"+q.Encode())
	_, fil := f.fetch(t, "/fil/finder?"+q.Encode())
	for _, re := range []*regexp.Regexp{pageCards, pageVerdicts} {
		groups := func(page string) [][]string {
			var out [][]string
			for _, m := range re.FindAllStringSubmatch(strings.ReplaceAll(page, "\n", " "), -1) {
				out = append(out, m[1:])
			}
			return out
		}
		a, b := groups(en), groups(fil)
		if len(a) == 0 && strings.Contains(en, `id="shortlist"`) || !reflect.DeepEqual(a, b) {
			t.Errorf("%s: the Filipino page's cards or checks differ from the English: %d against %d", q.Encode(), len(b), len(a))
		}
	}
	summary := func(page string) []string {
		var out []string
		for _, m := range pageStrong.FindAllStringSubmatch(section(page, `<p id="summary"`, "</p>"), -1) {
			out = append(out, m[1])
		}
		return out
	}
	if a, b := summary(en), summary(fil); len(a) != 4 || !slices.Equal(a, b) {
		t.Errorf("%s: summary counts %v in English, %v in Filipino", q.Encode(), a, b)
	}
	if !strings.Contains(fil, `<html lang="fil"`) || strings.Contains(section(fil, `<main`, "</main>"), "Your shortlist") {
		t.Errorf("%s: /fil/finder is not in Filipino", q.Encode())
	}
}

// TestFitMessagesInBothCatalogs: every message ID fit and the finder can
// use (the literal IDs in their code, and the labels of the options,
// conditions, topics and reasons) is in the English and the Filipino
// catalog with the same placeholders, and every spec a question can name
// has a topic for the card's summary.
func TestFitMessagesInBothCatalogs(t *testing.T) {
	t.Parallel()
	b, err := locale.NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	literal := regexp.MustCompile(`"((?:fit|finder)\.[a-z0-9_.]+)"`)
	var ids []string
	files, _ := filepath.Glob("../fit/*.go")
	more, _ := filepath.Glob("../fit/fittext/*.go")
	for _, name := range append(append(files, more...), "finder.go", "finder_views.go", "api_finder.go", "room.go") {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			if !strings.HasSuffix(m[1], ".html") { // a template's name
				ids = append(ids, m[1])
			}
		}
	}
	for _, want := range []string{"fit.check.too_tall", "fit.ask.voltage", "fit.why.price", "finder.tco.price", "finder.room.desc_chair"} {
		if !slices.Contains(ids, want) {
			t.Errorf("the scan missed %s", want)
		}
	}
	for _, opts := range [][]fit.Option{fit.Goals, fit.MustHaves} {
		for _, o := range opts {
			ids = append(ids, o.Label)
		}
	}
	for _, r := range fit.Regions {
		ids = append(ids, r.Label)
	}
	for _, ps := range fit.GoalPresets {
		ids = append(ids, ps.Label)
	}
	for _, c := range fit.Conditions {
		ids = append(ids, c.Label, c.Advice)
		if len(c.Sources) == 0 {
			t.Errorf("condition %s has no source", c.Code)
		}
	}
	for _, m := range []map[string]string{missingTopics, checkAreas, excludedLabels} {
		for _, id := range m {
			ids = append(ids, id)
		}
	}
	for _, p := range b.Check(ids...) {
		t.Error(p)
	}
	// Every spec a question names has a topic, and every failing code a
	// reason label.
	specs := []string{"price", "service_centre", "wall_clearance_cm", "space_saving", "upright_width_cm", "upright_depth_cm",
		"upright_height_cm", "reclined_width_cm", "reclined_depth_cm", "user_height_min_cm", "user_height_max_cm",
		"max_user_weight_kg", "voltage", "warranty_ph", "zero_gravity", "heat", "foot_rollers", "app_control", "track", "rollers"}
	for _, key := range specs {
		if missingTopics[key] == "" {
			t.Errorf("spec %s has no topic for the card's summary", key)
		}
	}
	for i, n := range []int{0, 1, 2, 4, 5, 21} {
		for _, l := range locale.Langs {
			p := b.Printer(l)
			if s := p.Plural("finder.excluded.reason", n, "x"); !strings.Contains(s, strconv.Itoa(n)) || untranslated.MatchString(s) {
				t.Errorf("%d %s: reason count %q", i, l, s)
			}
		}
	}
}

// TestFinderErrorsInPageLanguage: a bad answer is a 400 whose message is
// in the reader's language: Filipino on /fil/finder and from the API with
// lang=fil, the English as it has always been on /finder and from the API
// without lang.
func TestFinderErrorsInPageLanguage(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	const (
		en  = "height_cm must be a height in centimetres between 80 and 250"
		fil = "Ang height_cm ay dapat taas sa sentimetro mula 80 hanggang 250"
	)
	for _, tc := range []struct{ target, want, not string }{
		{"/finder?height_cm=20", en, fil},
		{"/fil/finder?height_cm=20", fil, en},
		{"/fil/finder?height_cm=tall", `Ang height_cm ay dapat buong numero, hindi "tall"`, "must be a whole number"},
	} {
		status, page := f.fetch(t, tc.target)
		if status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", tc.target, status)
		}
		if !strings.Contains(page, `<p class="error" role="alert">`+html.EscapeString(tc.want)+"</p>") || strings.Contains(page, tc.not) {
			t.Errorf("%s: the page's error is not %q", tc.target, tc.want)
		}
	}
	for _, tc := range []struct{ target, want string }{
		{"/api/v1/finder", en},
		{"/api/v1/finder?lang=en", en},
		{"/api/v1/finder?lang=fil", fil},
	} {
		r := httptest.NewRequest(http.MethodPost, tc.target, strings.NewReader(`{"height_cm": 20}`))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		f.h.ServeHTTP(w, r)
		var body struct {
			Error struct{ Code, Message, Field string }
		}
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != http.StatusBadRequest {
			t.Fatalf("%s: status %d, body %.300s (%v)", tc.target, w.Code, w.Body, err)
		}
		if e := body.Error; e.Code != "invalid" || e.Field != "height_cm" || e.Message != tc.want {
			t.Errorf("%s: error %+v, want invalid height_cm %q", tc.target, e, tc.want)
		}
	}
}
