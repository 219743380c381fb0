package web

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"

	"masahe/internal/locale"
	"masahe/internal/safety"
)

// randomAnswers draws a valid set of triage answers: any hours, pain, age
// (or none), trend, area, trauma, first episode, and a few symptoms and
// conditions.
func randomAnswers(rng *rand.Rand) safety.Answers {
	n := func(v int64) *int64 { return &v }
	pick := func(opts []safety.Option) string { return opts[rng.IntN(len(opts))].Code }
	some := func(opts []safety.Option) []string {
		var out []string
		for _, o := range opts {
			if rng.IntN(len(opts)) < 2 {
				out = append(out, o.Code)
			}
		}
		return out
	}
	a := safety.Answers{HoursSinceMassage: n(rng.Int64N(200)), Pain: n(rng.Int64N(11)), Symptoms: some(safety.Symptoms),
		Conditions: some(safety.Conditions)}
	if rng.IntN(4) > 0 {
		a.Age = n(1 + rng.Int64N(100))
	}
	if rng.IntN(3) > 0 {
		a.Trend = pick(safety.Trends)
	}
	if rng.IntN(3) > 0 {
		a.Area = pick(safety.Areas)
	}
	if rng.IntN(3) > 0 {
		a.Trauma = pick(safety.Traumas)
	}
	if rng.IntN(3) > 0 {
		first := rng.IntN(2) == 0
		a.FirstEpisode = &first
	}
	return a
}

// TestTriageSameInEveryLanguage: for every symptom and condition on its own
// and for thousands of random answer sets, the English words of the page
// are exactly safety.Triage's, and every language gives the same level,
// the same reasons in the same order, the same time to check again and,
// for an emergency, the emergency number in the headline and the first
// advice. Together the answers match every rule of the triage.
func TestTriageSameInEveryLanguage(t *testing.T) {
	t.Parallel()
	b, err := locale.NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	matched := map[string]bool{}
	for _, a := range triageAnswerSets(5000) {
		if err := a.Validate(); err != nil {
			t.Fatalf("the test drew invalid answers %v: %v", a.Query(), err)
		}
		want := safety.Triage(a)
		en := localTriage(b.Printer(locale.English), a, want)
		if !slices.Equal(en.Advice, want.Advice) || !slices.EqualFunc(en.Reasons, want.Reasons, func(x, y safety.Reason) bool { return x == y }) {
			t.Fatalf("%s: the English page says\n%q %v\nthe triage\n%q %v", a.Query().Encode(), en.Advice, en.Reasons, want.Advice, want.Reasons)
		}
		for _, r := range want.Reasons {
			matched[r.Code] = true
		}
		for _, l := range locale.Langs {
			p := b.Printer(l)
			got := localTriage(p, a, want)
			label, headline := levelText(p, got.Level)
			codes := func(rs []safety.Reason) []string {
				var out []string
				for _, r := range rs {
					out = append(out, r.Code+" "+string(r.Level))
				}
				return out
			}
			if got.Level != want.Level || got.RecheckInHours != want.RecheckInHours || !slices.Equal(codes(got.Reasons), codes(want.Reasons)) ||
				len(got.Advice) != len(want.Advice) {
				t.Fatalf("%s in %s: level %s, recheck %d, reasons %v, %d advice; the triage: %s, %d, %v, %d", a.Query().Encode(), l,
					got.Level, got.RecheckInHours, codes(got.Reasons), len(got.Advice), want.Level, want.RecheckInHours, codes(want.Reasons), len(want.Advice))
			}
			for _, text := range append([]string{label, headline}, got.Advice...) {
				if strings.HasPrefix(text, "triage.") || strings.Contains(text, "%!") {
					t.Fatalf("%s in %s: a message is missing or misfilled: %q", a.Query().Encode(), l, text)
				}
			}
			if got.Level == safety.Emergency && (!strings.Contains(headline, safety.Hotline) || !strings.Contains(got.Advice[0], safety.Hotline)) {
				t.Fatalf("%s in %s: the emergency answer %q / %q does not give %s", a.Query().Encode(), l, headline, got.Advice[0], safety.Hotline)
			}
		}
	}
	checkEveryRule(t, matched)
}

// triageAnswerSets are every symptom and every condition on its own, then
// random answer sets, always the same ones.
func triageAnswerSets(random int) []safety.Answers {
	var sets []safety.Answers
	n := func(v int64) *int64 { return &v }
	for _, o := range safety.Symptoms {
		sets = append(sets, safety.Answers{HoursSinceMassage: n(24), Pain: n(3), Symptoms: []string{o.Code}})
	}
	for _, o := range safety.Conditions {
		sets = append(sets, safety.Answers{HoursSinceMassage: n(24), Pain: n(5), Trend: "worse", Conditions: []string{o.Code}})
	}
	rng := rand.New(rand.NewPCG(13, 2026))
	for range random {
		sets = append(sets, randomAnswers(rng))
	}
	return sets
}

// checkEveryRule fails unless the rules matched include every rule of the
// triage.
func checkEveryRule(t *testing.T, matched map[string]bool) {
	t.Helper()
	for _, r := range safety.Rules() {
		if !matched[r.Code] {
			t.Errorf("no answer set matched rule %s", r.Code)
		}
	}
}

// triageBody is the JSON body of POST /api/v1/triage for a, with lang when
// it is not "".
func triageBody(t *testing.T, a safety.Answers, lang string) string {
	t.Helper()
	body := map[string]any{"hours_since_massage": a.HoursSinceMassage, "pain": a.Pain, "symptoms": a.Symptoms, "conditions": a.Conditions}
	for k, v := range map[string]string{"lang": lang, "trend": a.Trend, "area": a.Area, "trauma": a.Trauma} {
		if v != "" {
			body[k] = v
		}
	}
	if a.Age != nil {
		body["age"] = *a.Age
	}
	if a.FirstEpisode != nil {
		body["first_episode"] = *a.FirstEpisode
	}
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAPITriageSameInEveryLanguage: POST /api/v1/triage answers every
// answer set in each language (every answer checked against
// docs/openapi.yaml) with the same level, the same reasons with the same
// sources in the same order, the same number of advice lines and the same
// time to check again; an emergency gives the number to call first in
// every language. The words are the triage page's in that language: with no
// lang, or "en", exactly safety.Triage's; with "fil", the Filipino ones,
// which differ from the English. Content-Language names the language.
func TestAPITriageSameInEveryLanguage(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	decode := func(t *testing.T, body string) (triageAnswer, string) {
		t.Helper()
		w := f.postTriage(t, body)
		var a triageAnswer
		if err := json.Unmarshal(w.Body.Bytes(), &a); w.Code != http.StatusOK || err != nil || a.RecheckInHours == nil {
			t.Fatalf("%s: status %d, %v: %.300s", body, w.Code, err, w.Body)
		}
		return a, w.Header().Get("Content-Language")
	}
	// What the answer must say: its codes, sources, level and numbers in
	// one string, and its words apart.
	same := func(a triageAnswer) string {
		out := fmt.Sprintf("%s recheck %d, %d advice:", a.Level, *a.RecheckInHours, len(a.Advice))
		for _, r := range a.Reasons {
			out += fmt.Sprintf(" %s (%s %s)", r.Code, r.Source.Title, r.Source.URL)
		}
		return out
	}
	words := func(a triageAnswer) []string {
		out := slices.Clone(a.Advice)
		for _, r := range a.Reasons {
			out = append(out, r.Message)
		}
		return out
	}
	want := func(l locale.Lang, a safety.Answers) triageAnswer {
		res := localTriage(f.srv.bundle.Printer(l), a, safety.Triage(a))
		out := triageAnswer{Level: string(res.Level), Advice: res.Advice, RecheckInHours: &res.RecheckInHours}
		for _, r := range res.Reasons {
			out.Reasons = append(out.Reasons, triageReason{Code: r.Code, Message: r.Message, Source: triageSource{Title: r.Source.Title, URL: r.Source.URL}})
		}
		return out
	}
	matched := map[string]bool{}
	for _, a := range triageAnswerSets(1000) {
		plain, lang := decode(t, triageBody(t, a, ""))
		if lang != "en" {
			t.Fatalf("%s: Content-Language %q, want en", triageBody(t, a, ""), lang)
		}
		english := safety.Triage(a)
		if !slices.Equal(plain.Advice, english.Advice) || same(plain) != same(want(locale.English, a)) {
			t.Fatalf("%s: answered %s %q, the triage says %s %q", triageBody(t, a, ""), same(plain), plain.Advice, same(want(locale.English, a)), english.Advice)
		}
		for _, r := range english.Reasons {
			matched[r.Code] = true
		}
		for _, l := range locale.Langs {
			body := triageBody(t, a, string(l))
			got, lang := decode(t, body)
			if lang != string(l) {
				t.Fatalf("%s: Content-Language %q, want %s", body, lang, l)
			}
			if same(got) != same(plain) {
				t.Fatalf("%s: answered\n%s\nwithout lang:\n%s", body, same(got), same(plain))
			}
			if !slices.Equal(words(got), words(want(l, a))) {
				t.Fatalf("%s: the words are\n%q\nthe triage page's in %s:\n%q", body, words(got), l, words(want(l, a)))
			}
			if l != locale.English && slices.Equal(got.Advice, plain.Advice) {
				t.Fatalf("%s: the advice is the English advice %q", body, got.Advice)
			}
			if got.Level == string(safety.Emergency) && !strings.Contains(got.Advice[0], safety.Hotline) {
				t.Fatalf("%s: the emergency advice %q does not start with %s", body, got.Advice[0], safety.Hotline)
			}
		}
	}
	checkEveryRule(t, matched)
}

// TestFilipinoTriagePage: the triage under /fil asks and answers in
// Filipino, and saddle numbness is an emergency with the number to call.
func TestFilipinoTriagePage(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	w := f.do(t, http.MethodGet, "/fil/safety/triage?hours_since_massage=5&pain=3&symptom=saddle_numbness")
	page := w.Body.String()
	if w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	p := f.srv.bundle.Printer(locale.Filipino)
	for _, want := range []string{
		`<html lang="fil">`, `<h1 id="result-level" class="level">` + p.T("triage.level.emergency.headline", "911") + `</h1>`,
		`href="tel:911">` + p.T("triage.page.call", "911") + `</a>`, p.T("triage.symptom.saddle_numbness"),
		`action="/fil/safety/triage"`, `<span class="muted">Pinagmulan: <a href="`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the Filipino triage page lacks %s", want)
		}
	}
	if strings.Contains(page, "Check my pain") || strings.Contains(page, "What to do") {
		t.Error("the Filipino triage page has English words")
	}
}
