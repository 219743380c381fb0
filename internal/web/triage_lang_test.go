package web

import (
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
	var sets []safety.Answers
	n := func(v int64) *int64 { return &v }
	for _, o := range safety.Symptoms {
		sets = append(sets, safety.Answers{HoursSinceMassage: n(24), Pain: n(3), Symptoms: []string{o.Code}})
	}
	for _, o := range safety.Conditions {
		sets = append(sets, safety.Answers{HoursSinceMassage: n(24), Pain: n(5), Trend: "worse", Conditions: []string{o.Code}})
	}
	rng := rand.New(rand.NewPCG(13, 2026))
	for range 5000 {
		sets = append(sets, randomAnswers(rng))
	}
	matched := map[string]bool{}
	for _, a := range sets {
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
	for _, r := range safety.Rules() {
		if !matched[r.Code] {
			t.Errorf("no answer set matched rule %s", r.Code)
		}
	}
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
