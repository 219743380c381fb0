package web

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"masahe/internal/locale"
	"masahe/internal/phtime"
	"masahe/internal/safety"
)

// randomLog draws two weeks of an owner's log: sessions of any intensity
// and length, some days several, and check-ins with any soreness and now
// and then a symptom.
func randomLog(rng *rand.Rand, now time.Time) ([]safety.LoggedSession, []safety.CheckIn) {
	var sessions []safety.LoggedSession
	var checkIns []safety.CheckIn
	for range rng.IntN(12) {
		at := now.Add(-time.Duration(rng.Int64N(int64(15 * 24 * time.Hour))))
		sessions = append(sessions, safety.LoggedSession{At: at, Chair: "Test chair", Intensity: 1 + rng.IntN(5),
			Minutes: 5 + rng.IntN(60), Areas: []string{}})
		if rng.IntN(3) == 0 {
			sessions = append(sessions, safety.LoggedSession{At: at.Add(time.Hour), Intensity: 1 + rng.IntN(5), Minutes: 10 + rng.IntN(30),
				Areas: []string{}})
		}
	}
	for range rng.IntN(5) {
		c := safety.CheckIn{At: now.Add(-time.Duration(rng.Int64N(int64(14 * 24 * time.Hour)))), Soreness: rng.IntN(11),
			Areas: []string{}, Symptoms: []string{}}
		if rng.IntN(4) == 0 {
			c.Symptoms = append(c.Symptoms, safety.Symptoms[rng.IntN(len(safety.Symptoms))].Code)
		}
		checkIns = append(checkIns, c)
	}
	return sessions, checkIns
}

// TestGuardSameInEveryLanguage: for thousands of random logs, the English
// words of the log page are exactly safety.Guard's and safety.Plan's
// (days written as the safety package writes them), and every language
// gives the same warnings in the same order, with the same days (as
// p.Date writes them), counts, sources, triage levels and links, and the
// same plan. Together the logs give every kind of warning.
func TestGuardSameInEveryLanguage(t *testing.T) {
	t.Parallel()
	b, err := locale.NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	en := b.Printer(locale.English)
	isoDay := func(t time.Time) string { return t.Format(time.DateOnly) }
	now := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(13, 2026))
	seen := map[string]bool{}
	for i := range 5000 {
		sessions, checkIns := randomLog(rng, now)
		want := safety.Guard(sessions, checkIns, now, phtime.Manila)
		for _, w := range want {
			seen[w.Code] = true
			if w.Triage != nil {
				seen[w.Code+" "+string(w.Triage.Level)] = true
			}
			if w.More > 0 {
				seen["more"] = true
			}
			msg, action := guardText(en, w, isoDay)
			if msg != w.Message || action != w.Action {
				t.Fatalf("log %d, %s: the English page says\n%q %q\nthe guard\n%q %q", i, w.Code, msg, action, w.Message, w.Action)
			}
		}
		seen["plan "+safety.PlanKind(want)] = true
		if plan := localPlan(en, want); !slices.Equal(plan, safety.Plan(want)) {
			t.Fatalf("log %d: the English plan %q, the guard's %q", i, plan, safety.Plan(want))
		}
		for _, l := range locale.Langs {
			p := b.Printer(l)
			got := localWarnings(p, want)
			if len(got) != len(want) {
				t.Fatalf("log %d in %s: %d warnings, the guard %d", i, l, len(got), len(want))
			}
			for j, g := range got {
				w := want[j]
				if g.Code != w.Code || !g.At.Equal(w.At) || g.Source != w.Source || g.TriageURL != w.TriageURL || g.Alarm() != w.Alarm() ||
					(g.Triage == nil) != (w.Triage == nil) || g.Triage != nil && g.Triage.Level != w.Triage.Level {
					t.Fatalf("log %d in %s: warning %d is %+v, the guard's %+v", i, l, j, g, w)
				}
				if l != locale.English && (g.Message == w.Message || g.Action == w.Action) {
					t.Fatalf("log %d in %s: warning %s is in English: %q %q", i, l, w.Code, g.Message, g.Action)
				}
				for _, text := range []string{g.Message, g.Action} {
					if strings.HasPrefix(text, "log.") || strings.Contains(text, "%!") {
						t.Fatalf("log %d in %s: a message is missing or misfilled: %q", i, l, text)
					}
				}
				// Every day and count of the warning is in its words.
				for _, a := range w.Args {
					s := fmt.Sprint(a)
					if d, ok := a.(time.Time); ok {
						s = p.Date(d)
					}
					if !strings.Contains(g.Message, s) {
						t.Fatalf("log %d in %s: %q does not say %s", i, l, g.Message, s)
					}
				}
			}
			if plan := localPlan(p, want); len(plan) != len(safety.Plan(want)) || slices.ContainsFunc(plan, func(s string) bool { return strings.HasPrefix(s, "log.") }) {
				t.Fatalf("log %d in %s: plan %q, the guard's %q", i, l, plan, safety.Plan(want))
			}
		}
	}
	for _, code := range []string{"long_session", "intensity_jump", "too_many_in_a_day", "no_rest_day", "red_flag", "sore_after_long_day",
		"severe_soreness", "lasting_soreness", "red_flag emergency", "red_flag urgent", "red_flag doctor", "more",
		"plan " + safety.PlanPause, "plan " + safety.PlanEase, "plan " + safety.PlanKeep} {
		if !seen[code] {
			t.Errorf("no random log gave %s", code)
		}
	}
}
