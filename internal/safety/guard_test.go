package safety

import (
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"masahe/internal/phtime"
)

// guardNow is the guard tests' injected clock: 08:00 UTC, 16:00 in Manila,
// on 24 November 2026.
var guardNow = time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)

// mnl is a time in Manila.
func mnl(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2026, month, day, hour, minute, 0, 0, phtime.Manila)
}

// session is a gentle, short session: it alone never warns.
func session(at time.Time) LoggedSession {
	return LoggedSession{At: at, Chair: "Test chair", Program: "Relax", Intensity: 2, Minutes: 15, Areas: []string{"back"}}
}

func sessionWith(at time.Time, intensity, minutes int) LoggedSession {
	s := session(at)
	s.Intensity, s.Minutes = intensity, minutes
	return s
}

func checkIn(at time.Time, soreness int, symptoms ...string) CheckIn {
	if symptoms == nil {
		symptoms = []string{}
	}
	return CheckIn{At: at, Soreness: soreness, Areas: []string{"back"}, Symptoms: symptoms}
}

func warningCodes(ws []Warning) []string {
	out := []string{}
	for _, w := range ws {
		out = append(out, w.Code)
	}
	slices.Sort(out)
	return out
}

func countCode(ws []Warning, code string) int {
	n := 0
	for _, w := range ws {
		if w.Code == code {
			n++
		}
	}
	return n
}

func codesOf(list ...string) []string {
	if list == nil {
		list = []string{}
	}
	slices.Sort(list)
	return list
}

// TestGuardRules checks each rule on both sides of its limit, with the
// clock injected and days counted in Manila.
func TestGuardRules(t *testing.T) {
	h := time.Hour
	for _, c := range []struct {
		name     string
		sessions []LoggedSession
		checkIns []CheckIn
		want     []string // warning codes, sorted
	}{
		{name: "empty log"},
		{name: "one gentle session", sessions: []LoggedSession{session(guardNow.Add(-h))}},

		// Session length: 20 minutes is the limit, 21 is over it.
		{name: "20 minutes", sessions: []LoggedSession{sessionWith(guardNow.Add(-h), 2, 20)}},
		{name: "21 minutes", sessions: []LoggedSession{sessionWith(guardNow.Add(-h), 2, 21)}, want: codesOf("long_session")},
		// One warning of a kind, however often it happened.
		{name: "three long sessions on three days warn once", want: codesOf("long_session"),
			sessions: []LoggedSession{sessionWith(guardNow.Add(-50*h), 2, 30), sessionWith(guardNow.Add(-26*h), 2, 30), sessionWith(guardNow.Add(-h), 2, 30)}},

		// Sessions a day: two are fine, three are too many, counted by the
		// day in Manila (midnight there is 16:00 UTC).
		{name: "2 sessions in a Manila day",
			sessions: []LoggedSession{session(mnl(11, 24, 7, 0)), session(mnl(11, 24, 15, 0))}},
		{name: "3 sessions in a Manila day", want: codesOf("too_many_in_a_day"),
			sessions: []LoggedSession{session(mnl(11, 24, 0, 0)), session(mnl(11, 24, 7, 0)), session(mnl(11, 24, 15, 59))}},
		{name: "3 sessions in a UTC day but across Manila midnight",
			sessions: []LoggedSession{
				session(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)),   // 23 Nov 17:00 in Manila
				session(time.Date(2026, 11, 23, 15, 59, 0, 0, time.UTC)), // 23 Nov 23:59 in Manila
				session(time.Date(2026, 11, 23, 16, 0, 0, 0, time.UTC)),  // 24 Nov 00:00 in Manila
			}},
		{name: "3 sessions in a Manila day across UTC midnight", want: codesOf("too_many_in_a_day"),
			sessions: []LoggedSession{
				session(time.Date(2026, 11, 22, 16, 0, 0, 0, time.UTC)),  // 23 Nov 00:00 in Manila
				session(time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC)), // 23 Nov 07:30 in Manila
				session(time.Date(2026, 11, 23, 15, 59, 0, 0, time.UTC)), // 23 Nov 23:59 in Manila
			}},
		{name: "4 sessions in a day warn once", want: codesOf("too_many_in_a_day"),
			sessions: []LoggedSession{session(mnl(11, 24, 6, 0)), session(mnl(11, 24, 8, 0)), session(mnl(11, 24, 10, 0)), session(mnl(11, 24, 12, 0))}},

		// Strong programs (intensity 4–5) on consecutive days.
		{name: "intensity 4 on consecutive days", want: codesOf("no_rest_day"),
			sessions: []LoggedSession{sessionWith(mnl(11, 23, 9, 0), 4, 15), sessionWith(mnl(11, 24, 9, 0), 4, 15)}},
		{name: "intensity 5 then 4 on consecutive days", want: codesOf("no_rest_day"),
			sessions: []LoggedSession{sessionWith(mnl(11, 23, 9, 0), 5, 15), sessionWith(mnl(11, 24, 9, 0), 4, 15)}},
		{name: "intensity 4 on consecutive Manila days, 30 minutes apart", want: codesOf("no_rest_day"),
			sessions: []LoggedSession{sessionWith(mnl(11, 23, 23, 45), 4, 15), sessionWith(mnl(11, 24, 0, 15), 4, 15)}},
		{name: "intensity 4 with a rest day between",
			sessions: []LoggedSession{sessionWith(mnl(11, 22, 9, 0), 4, 15), sessionWith(mnl(11, 24, 9, 0), 4, 15)}},
		{name: "intensity 4 on the same Manila day",
			sessions: []LoggedSession{sessionWith(mnl(11, 24, 7, 0), 4, 15), sessionWith(mnl(11, 24, 15, 0), 4, 15)}},
		{name: "intensity 3 on consecutive days",
			sessions: []LoggedSession{sessionWith(mnl(11, 23, 9, 0), 3, 15), sessionWith(mnl(11, 24, 9, 0), 3, 15)}},
		{name: "intensity 4 then 3 on consecutive days",
			sessions: []LoggedSession{sessionWith(mnl(11, 23, 9, 0), 4, 15), sessionWith(mnl(11, 24, 9, 0), 3, 15)}},
		{name: "three strong days in a row warn once", want: codesOf("no_rest_day"),
			sessions: []LoggedSession{sessionWith(mnl(11, 22, 9, 0), 4, 15), sessionWith(mnl(11, 23, 9, 0), 4, 15), sessionWith(mnl(11, 24, 9, 0), 4, 15)}},

		// Intensity jumps: one step is fine, two are sudden.
		{name: "intensity +1",
			sessions: []LoggedSession{sessionWith(mnl(11, 24, 7, 0), 2, 15), sessionWith(mnl(11, 24, 15, 0), 3, 15)}},
		{name: "intensity +2", want: codesOf("intensity_jump"),
			sessions: []LoggedSession{sessionWith(mnl(11, 24, 7, 0), 1, 15), sessionWith(mnl(11, 24, 15, 0), 3, 15)}},
		{name: "intensity +2, the sessions logged out of order", want: codesOf("intensity_jump"),
			sessions: []LoggedSession{sessionWith(mnl(11, 24, 15, 0), 3, 15), sessionWith(mnl(11, 24, 7, 0), 1, 15)}},
		{name: "intensity −2",
			sessions: []LoggedSession{sessionWith(mnl(11, 24, 7, 0), 3, 15), sessionWith(mnl(11, 24, 15, 0), 1, 15)}},
		{name: "intensity +1 twice",
			sessions: []LoggedSession{sessionWith(mnl(11, 22, 7, 0), 1, 15), sessionWith(mnl(11, 23, 7, 0), 2, 15), sessionWith(mnl(11, 24, 7, 0), 3, 15)}},

		// Soreness: 7 or more is severe.
		{name: "soreness 6", sessions: []LoggedSession{session(guardNow.Add(-24 * h))}, checkIns: []CheckIn{checkIn(guardNow, 6)}},
		{name: "soreness 7", sessions: []LoggedSession{session(guardNow.Add(-24 * h))}, checkIns: []CheckIn{checkIn(guardNow, 7)},
			want: codesOf("severe_soreness")},
		{name: "soreness 10", sessions: []LoggedSession{session(guardNow.Add(-24 * h))}, checkIns: []CheckIn{checkIn(guardNow, 10)},
			want: codesOf("severe_soreness")},

		// Lasting soreness: still sore more than 72 hours after the last
		// session.
		{name: "sore 72 hours after", sessions: []LoggedSession{session(guardNow.Add(-72 * h))}, checkIns: []CheckIn{checkIn(guardNow, 4)}},
		{name: "sore 73 hours after", sessions: []LoggedSession{session(guardNow.Add(-73 * h))}, checkIns: []CheckIn{checkIn(guardNow, 4)},
			want: codesOf("lasting_soreness")},
		{name: "sore 72 hours and a second after", sessions: []LoggedSession{session(guardNow.Add(-72*h - time.Second))}, checkIns: []CheckIn{checkIn(guardNow, 4)},
			want: codesOf("lasting_soreness")},
		{name: "sore 73 hours after an old session but 2 after the last",
			sessions: []LoggedSession{session(guardNow.Add(-73 * h)), session(guardNow.Add(-2 * h))}, checkIns: []CheckIn{checkIn(guardNow, 4)}},
		{name: "no soreness 73 hours after", sessions: []LoggedSession{session(guardNow.Add(-73 * h))}, checkIns: []CheckIn{checkIn(guardNow, 0)}},
		{name: "severe and lasting", sessions: []LoggedSession{session(guardNow.Add(-80 * h))}, checkIns: []CheckIn{checkIn(guardNow, 8)},
			want: codesOf("lasting_soreness", "severe_soreness")},
		{name: "sore without any session", checkIns: []CheckIn{checkIn(guardNow, 4)}},

		// Soreness after a day past 40 minutes in all: from 4 of 10, within
		// 72 hours of the day's last session.
		{name: "soreness 6 after 135 minutes in a day", want: codesOf("long_session", "sore_after_long_day", "too_many_in_a_day"),
			sessions: []LoggedSession{sessionWith(mnl(11, 24, 7, 0), 2, 45), sessionWith(mnl(11, 24, 9, 0), 2, 45), sessionWith(mnl(11, 24, 11, 0), 2, 45)},
			checkIns: []CheckIn{checkIn(mnl(11, 24, 15, 0), 6)}},
		{name: "soreness 4 after 41 minutes in a day", want: codesOf("long_session", "sore_after_long_day"),
			sessions: []LoggedSession{sessionWith(mnl(11, 24, 7, 0), 2, 20), sessionWith(mnl(11, 24, 9, 0), 2, 21)},
			checkIns: []CheckIn{checkIn(mnl(11, 24, 15, 0), 4)}},
		{name: "soreness 3 after 41 minutes in a day", want: codesOf("long_session"),
			sessions: []LoggedSession{sessionWith(mnl(11, 24, 7, 0), 2, 20), sessionWith(mnl(11, 24, 9, 0), 2, 21)},
			checkIns: []CheckIn{checkIn(mnl(11, 24, 15, 0), 3)}},
		{name: "soreness 6 after 40 minutes in a day",
			sessions: []LoggedSession{sessionWith(mnl(11, 24, 7, 0), 2, 20), sessionWith(mnl(11, 24, 9, 0), 2, 20)},
			checkIns: []CheckIn{checkIn(mnl(11, 24, 15, 0), 6)}},
		{name: "soreness 6 more than 72 hours after a long day", want: codesOf("long_session", "lasting_soreness"),
			sessions: []LoggedSession{sessionWith(guardNow.Add(-73*h), 2, 45)},
			checkIns: []CheckIn{checkIn(guardNow, 6)}},
		{name: "soreness 6 before the long day", want: codesOf("long_session"),
			sessions: []LoggedSession{sessionWith(guardNow.Add(-h), 2, 45)},
			checkIns: []CheckIn{checkIn(guardNow.Add(-2*h), 6)}},

		// Symptoms go to the triage.
		{name: "saddle numbness", sessions: []LoggedSession{session(guardNow.Add(-24 * h))},
			checkIns: []CheckIn{checkIn(guardNow, 3, "saddle_numbness")}, want: codesOf("red_flag")},
		{name: "bruising", sessions: []LoggedSession{session(guardNow.Add(-24 * h))},
			checkIns: []CheckIn{checkIn(guardNow, 2, "bruising")}, want: codesOf("red_flag")},
		{name: "a check-in without symptoms, mild", sessions: []LoggedSession{session(guardNow.Add(-24 * h))},
			checkIns: []CheckIn{checkIn(guardNow, 2)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Guard(c.sessions, c.checkIns, guardNow, phtime.Manila)
			want := c.want
			if want == nil {
				want = []string{}
			}
			if codes := warningCodes(got); !slices.Equal(codes, want) {
				t.Errorf("warnings %q, want %q", codes, want)
				for _, w := range got {
					t.Logf("  %s: %s", w.Code, w.Message)
				}
			}
			checkWarnings(t, got)
		})
	}
}

// checkWarnings checks what every warning must carry: a message, an action,
// a source with an https URL, a time, and a triage exactly for red flags.
func checkWarnings(t *testing.T, ws []Warning) {
	t.Helper()
	for _, w := range ws {
		if w.Message == "" || w.Action == "" {
			t.Errorf("%s: message %q, action %q; want both", w.Code, w.Message, w.Action)
		}
		if w.Source.Title == "" || !strings.HasPrefix(w.Source.URL, "https://") {
			t.Errorf("%s: source %+v; want a title and an https URL", w.Code, w.Source)
		}
		if u, err := url.Parse(w.Source.URL); err != nil || u.Host == "" {
			t.Errorf("%s: source URL %q does not parse: %v", w.Code, w.Source.URL, err)
		}
		if w.At.IsZero() {
			t.Errorf("%s: no time", w.Code)
		}
		if (w.Code == "red_flag") != (w.Triage != nil) || (w.Code == "red_flag") != (w.TriageURL != "") {
			t.Errorf("%s: triage %v, triage URL %q; want both exactly for red_flag", w.Code, w.Triage, w.TriageURL)
		}
	}
	if !slices.IsSortedFunc(ws, func(a, b Warning) int { return b.At.Compare(a.At) }) {
		t.Errorf("warnings are not newest first")
	}
}

func find(t *testing.T, ws []Warning, code string) Warning {
	t.Helper()
	for _, w := range ws {
		if w.Code == code {
			return w
		}
	}
	t.Fatalf("no %s warning among %q", code, warningCodes(ws))
	return Warning{}
}

// triageOf opens a red flag's triage link as the triage page would: it
// must be /safety/triage with answers that parse.
func triageOf(t *testing.T, w Warning) (Answers, Result) {
	t.Helper()
	u, err := url.Parse(w.TriageURL)
	if err != nil {
		t.Fatalf("triage URL %q: %v", w.TriageURL, err)
	}
	if u.Path != "/safety/triage" || u.Host != "" {
		t.Fatalf("triage URL %q: want a path on this site, /safety/triage", w.TriageURL)
	}
	a, err := ParseQuery(u.Query())
	if err != nil {
		t.Fatalf("triage URL %q: the triage page would refuse its answers: %v", w.TriageURL, err)
	}
	return a, Triage(a)
}

func TestGuardRedFlag(t *testing.T) {
	sessions := []LoggedSession{session(guardNow.Add(-30 * time.Hour))}
	t.Run("saddle numbness is an emergency", func(t *testing.T) {
		ws := Guard(sessions, []CheckIn{checkIn(guardNow.Add(-time.Hour), 5, "saddle_numbness")}, guardNow, phtime.Manila)
		w := find(t, ws, "red_flag")
		if w.Triage == nil || w.Triage.Level != Emergency {
			t.Fatalf("triage %+v, want the emergency level", w.Triage)
		}
		if w.Source != SrcRedFlags {
			t.Errorf("source %+v, want the red-flags source %+v", w.Source, SrcRedFlags)
		}
		if !strings.Contains(w.Action, Hotline) || !strings.Contains(w.Action, "emergency") {
			t.Errorf("action %q, want the emergency department and %s", w.Action, Hotline)
		}
		a, res := triageOf(t, w)
		q, _ := url.Parse(w.TriageURL)
		want := url.Values{"hours_since_massage": {"29"}, "pain": {"5"}, "symptom": {"saddle_numbness"}}
		if !reflect.DeepEqual(q.Query(), want) {
			t.Errorf("triage URL answers %v, want %v", q.Query(), want)
		}
		if *a.HoursSinceMassage != 29 || *a.Pain != 5 || !slices.Equal(a.Symptoms, []string{"saddle_numbness"}) {
			t.Errorf("answers %+v", a)
		}
		if res.Level != Emergency || !reflect.DeepEqual(res, *w.Triage) {
			t.Errorf("the triage page would say %s (%v); the warning says %s", res.Level, reasonCodes(res), w.Triage.Level)
		}
	})
	t.Run("bruising alone sees a doctor", func(t *testing.T) {
		ws := Guard(sessions, []CheckIn{checkIn(guardNow, 2, "bruising")}, guardNow, phtime.Manila)
		w := find(t, ws, "red_flag")
		if w.Triage == nil || w.Triage.Level != Doctor {
			t.Fatalf("triage %+v, want the doctor level", w.Triage)
		}
		if !strings.Contains(w.Action, "doctor") {
			t.Errorf("action %q, want a doctor", w.Action)
		}
		if _, res := triageOf(t, w); res.Level != Doctor {
			t.Errorf("the triage link gives %s, want doctor", res.Level)
		}
	})
	t.Run("fever is urgent", func(t *testing.T) {
		ws := Guard(sessions, []CheckIn{checkIn(guardNow, 2, "fever")}, guardNow, phtime.Manila)
		if w := find(t, ws, "red_flag"); w.Triage.Level != Urgent || !strings.Contains(w.Action, "24 hours") {
			t.Errorf("fever: level %s, action %q; want urgent within 24 hours", w.Triage.Level, w.Action)
		}
	})
	t.Run("every symptom is a red flag", func(t *testing.T) {
		for _, s := range Symptoms {
			ws := Guard(sessions, []CheckIn{checkIn(guardNow, 1, s.Code)}, guardNow, phtime.Manila)
			if countCode(ws, "red_flag") != 1 {
				t.Errorf("%s: warnings %q, want one red_flag", s.Code, warningCodes(ws))
			}
		}
	})
	t.Run("hours since the last session before the check-in", func(t *testing.T) {
		// A session after the check-in does not count.
		s := append(slices.Clone(sessions), session(guardNow.Add(-10*time.Minute)))
		w := find(t, Guard(s, []CheckIn{checkIn(guardNow.Add(-time.Hour), 3, "chest_pain")}, guardNow, phtime.Manila), "red_flag")
		if a, _ := triageOf(t, w); *a.HoursSinceMassage != 29 {
			t.Errorf("hours since massage %d, want 29", *a.HoursSinceMassage)
		}
	})
}

// TestGuardRedFlagLinkAlwaysOpens: the triage link of a red flag must open
// a triage result whatever the log holds. The triage requires
// hours_since_massage; a check-in with no session strictly before it (none
// logged, or one logged at the same minute, which is what the forms'
// default "now" gives) must still send answers the triage page accepts.
func TestGuardRedFlagLinkAlwaysOpens(t *testing.T) {
	for name, sessions := range map[string][]LoggedSession{
		"no session logged":              nil,
		"a session at the same time":     {session(guardNow)},
		"only a session after the check": {session(guardNow.Add(time.Minute))},
	} {
		t.Run(name, func(t *testing.T) {
			ws := Guard(sessions, []CheckIn{checkIn(guardNow, 4, "saddle_numbness")}, guardNow.Add(2*time.Minute), phtime.Manila)
			w := find(t, ws, "red_flag")
			_, res := triageOf(t, w)
			if res.Level != Emergency {
				t.Errorf("the triage link gives %s, want emergency", res.Level)
			}
		})
	}
}

// TestGuardEveryWarningSourced builds a log that trips every rule at once.
func TestGuardEveryWarningSourced(t *testing.T) {
	sessions := []LoggedSession{
		sessionWith(mnl(11, 19, 9, 0), 1, 15),
		sessionWith(mnl(11, 20, 9, 0), 4, 30), // long, jump +3
		sessionWith(mnl(11, 21, 9, 0), 4, 15), // no rest day
		sessionWith(mnl(11, 21, 12, 0), 4, 15),
		sessionWith(mnl(11, 21, 15, 0), 4, 15), // three that day
	}
	checkIns := []CheckIn{
		checkIn(mnl(11, 22, 9, 0), 8),                           // severe
		checkIn(mnl(11, 24, 15, 30), 4),                         // lasting: 72.5 hours after
		checkIn(mnl(11, 24, 15, 45), 2, "leg_weakness"),         // red flag
		checkIn(mnl(11, 24, 15, 50), 3, "bladder_bowel_change"), // red flag
	}
	ws := Guard(sessions, checkIns, guardNow, phtime.Manila)
	want := codesOf("long_session", "intensity_jump", "no_rest_day", "too_many_in_a_day", "severe_soreness", "lasting_soreness", "red_flag")
	if got := warningCodes(ws); !slices.Equal(got, want) {
		t.Errorf("warnings %q, want %q", got, want)
	}
	checkWarnings(t, ws)
	for _, w := range ws {
		if w.Code != "red_flag" && !slices.Contains([]Source{SrcMassageHarms, SrcMHLW, SrcDOMS}, w.Source) {
			t.Errorf("%s: source %+v, want the session-length or soreness source", w.Code, w.Source)
		}
	}
	if ws[0].Code != "red_flag" || !ws[0].At.Equal(mnl(11, 24, 15, 50)) {
		t.Errorf("first warning %s at %v, want the newest red flag", ws[0].Code, ws[0].At)
	}
}

// TestGuardWindow: the guard reads the last 14 days, up to now.
func TestGuardWindow(t *testing.T) {
	edge := guardNow.Add(-GuardWindow)
	for _, c := range []struct {
		name     string
		sessions []LoggedSession
		checkIns []CheckIn
		want     []string
	}{
		{name: "a long session exactly 14 days ago", sessions: []LoggedSession{sessionWith(edge, 2, 40)}, want: codesOf("long_session")},
		{name: "a long session 14 days and a second ago", sessions: []LoggedSession{sessionWith(edge.Add(-time.Second), 2, 40)}},
		{name: "a long session 20 days ago", sessions: []LoggedSession{sessionWith(guardNow.AddDate(0, 0, -20), 2, 40)}},
		{name: "a long session in the future", sessions: []LoggedSession{sessionWith(guardNow.Add(time.Minute), 2, 40)}},
		{name: "three sessions on a day 15 days ago", sessions: []LoggedSession{
			session(mnl(11, 9, 7, 0)), session(mnl(11, 9, 8, 0)), session(mnl(11, 9, 9, 0))}},
		{name: "severe soreness 15 days ago", sessions: []LoggedSession{session(guardNow.AddDate(0, 0, -16))},
			checkIns: []CheckIn{checkIn(guardNow.AddDate(0, 0, -15), 9)}},
		{name: "a red flag 15 days ago", sessions: []LoggedSession{session(guardNow.AddDate(0, 0, -16))},
			checkIns: []CheckIn{checkIn(guardNow.AddDate(0, 0, -15), 3, "saddle_numbness")}},
		{name: "a red flag 13 days ago", sessions: []LoggedSession{session(guardNow.AddDate(0, 0, -16))},
			checkIns: []CheckIn{checkIn(guardNow.AddDate(0, 0, -13), 3, "saddle_numbness")}, want: codesOf("red_flag")},
		{name: "a jump from a session outside the window", sessions: []LoggedSession{
			sessionWith(guardNow.AddDate(0, 0, -15), 1, 15), sessionWith(guardNow.AddDate(0, 0, -1), 4, 15)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := c.want
			if want == nil {
				want = []string{}
			}
			if got := warningCodes(Guard(c.sessions, c.checkIns, guardNow, phtime.Manila)); !slices.Equal(got, want) {
				t.Errorf("warnings %q, want %q", got, want)
			}
		})
	}
}

func TestGuardMessagesUseManilaDays(t *testing.T) {
	// 23 Nov 17:00 UTC is 24 Nov 01:00 in Manila.
	ws := Guard([]LoggedSession{sessionWith(time.Date(2026, 11, 23, 17, 0, 0, 0, time.UTC), 2, 25)}, nil, guardNow, phtime.Manila)
	if w := find(t, ws, "long_session"); !strings.Contains(w.Message, "2026-11-24") || !strings.Contains(w.Message, "25 minutes") {
		t.Errorf("message %q, want the Manila day 2026-11-24 and 25 minutes", w.Message)
	}
}

func TestWeek(t *testing.T) {
	t.Run("seven days ending today in Manila", func(t *testing.T) {
		// 23 Nov 17:00 UTC: already 24 Nov in Manila.
		now := time.Date(2026, 11, 23, 17, 0, 0, 0, time.UTC)
		sessions := []LoggedSession{
			sessionWith(time.Date(2026, 11, 17, 15, 59, 0, 0, time.UTC), 5, 50), // 17 Nov 23:59 Manila: before the week
			sessionWith(time.Date(2026, 11, 17, 16, 0, 0, 0, time.UTC), 2, 10),  // 18 Nov 00:00 Manila: first day
			sessionWith(mnl(11, 21, 9, 0), 3, 15),
			sessionWith(mnl(11, 21, 20, 0), 4, 25),
			sessionWith(time.Date(2026, 11, 23, 16, 30, 0, 0, time.UTC), 1, 5), // 24 Nov 00:30 Manila: today
			sessionWith(mnl(11, 25, 9, 0), 5, 60),                              // tomorrow
		}
		got := Week(sessions, now, phtime.Manila)
		want := []DayTotal{
			{Day: "2026-11-18", Minutes: 10, Sessions: 1, MaxIntensity: 2},
			{Day: "2026-11-19"},
			{Day: "2026-11-20"},
			{Day: "2026-11-21", Minutes: 40, Sessions: 2, MaxIntensity: 4},
			{Day: "2026-11-22"},
			{Day: "2026-11-23"},
			{Day: "2026-11-24", Minutes: 5, Sessions: 1, MaxIntensity: 1},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Week =\n%+v\nwant\n%+v", got, want)
		}
	})
	t.Run("an empty log", func(t *testing.T) {
		got := Week(nil, guardNow, phtime.Manila)
		if len(got) != 7 || got[0].Day != "2026-11-18" || got[6].Day != "2026-11-24" {
			t.Fatalf("Week(nil) = %+v, want seven empty days 18–24 Nov", got)
		}
		for _, d := range got {
			if d.Minutes+d.Sessions+d.MaxIntensity != 0 {
				t.Errorf("%s: %+v, want empty", d.Day, d)
			}
		}
	})
	t.Run("just before Manila midnight", func(t *testing.T) {
		now := time.Date(2026, 11, 24, 15, 59, 59, 0, time.UTC) // 24 Nov 23:59:59 Manila
		if got := Week(nil, now, phtime.Manila); got[6].Day != "2026-11-24" {
			t.Errorf("today = %s, want 2026-11-24", got[6].Day)
		}
		now = now.Add(time.Second)
		if got := Week(nil, now, phtime.Manila); got[6].Day != "2026-11-25" || got[0].Day != "2026-11-19" {
			t.Errorf("after Manila midnight the week is %s–%s, want 2026-11-19–2026-11-25", got[0].Day, got[6].Day)
		}
	})
}

func TestPlan(t *testing.T) {
	h := time.Hour
	for _, c := range []struct {
		name     string
		sessions []LoggedSession
		checkIns []CheckIn
		want     string
	}{
		{name: "no warnings", sessions: []LoggedSession{session(guardNow.Add(-h))}, want: "at most twice a day"},
		{name: "a long session", sessions: []LoggedSession{sessionWith(guardNow.Add(-h), 2, 40)}, want: "Two or three 15-minute sessions"},
		{name: "too many", sessions: []LoggedSession{session(mnl(11, 24, 7, 0)), session(mnl(11, 24, 8, 0)), session(mnl(11, 24, 9, 0))},
			want: "Two or three 15-minute sessions"},
		{name: "severe soreness", sessions: []LoggedSession{session(guardNow.Add(-24 * h))}, checkIns: []CheckIn{checkIn(guardNow, 7)},
			want: "Pause the chair"},
		{name: "lasting soreness", sessions: []LoggedSession{session(guardNow.Add(-80 * h))}, checkIns: []CheckIn{checkIn(guardNow, 4)},
			want: "Pause the chair"},
		{name: "a red flag", sessions: []LoggedSession{sessionWith(guardNow.Add(-24*h), 2, 40)}, checkIns: []CheckIn{checkIn(guardNow, 2, "saddle_numbness")},
			want: "Pause the chair"},
	} {
		t.Run(c.name, func(t *testing.T) {
			plan := Plan(Guard(c.sessions, c.checkIns, guardNow, phtime.Manila))
			if len(plan) < 2 || !strings.Contains(plan[0], c.want) {
				t.Errorf("plan %q, want it to start with %q", plan, c.want)
			}
			for _, p := range plan {
				if strings.TrimSpace(p) == "" || !strings.HasSuffix(p, ".") {
					t.Errorf("plan line %q: want a sentence", p)
				}
			}
		})
	}
	if a, b := Plan(nil), Plan([]Warning{}); !slices.Equal(a, b) {
		t.Errorf("Plan(nil) = %q, Plan(empty) = %q", a, b)
	}
}

func TestCheckInAnswers(t *testing.T) {
	sessions := []LoggedSession{session(guardNow.Add(-100 * 24 * time.Hour))}
	a := CheckInAnswers(checkIn(guardNow, 3, "fever"), sessions)
	if a.HoursSinceMassage == nil || *a.HoursSinceMassage != MaxHours {
		t.Errorf("100 days after: hours %v, want capped at %d", a.HoursSinceMassage, MaxHours)
	}
	if err := a.Validate(); err != nil {
		t.Errorf("the answers do not validate: %v", err)
	}
}

// TestGuardDedupe checks that a kind of warning is given once, the most
// urgent red flag first, and says how often it happened.
func TestGuardDedupe(t *testing.T) {
	sessions := []LoggedSession{sessionWith(mnl(11, 22, 9, 0), 2, 45), sessionWith(mnl(11, 23, 9, 0), 2, 45), sessionWith(mnl(11, 24, 9, 0), 2, 45)}
	checkIns := []CheckIn{
		checkIn(mnl(11, 22, 12, 0), 2, "chest_pain"), // emergency, oldest
		checkIn(mnl(11, 23, 12, 0), 2, "fever"),      // urgent
		checkIn(mnl(11, 24, 12, 0), 2, "bruising"),   // doctor, newest
	}
	ws := Guard(sessions, checkIns, guardNow, phtime.Manila)
	if got, want := warningCodes(ws), codesOf("long_session", "red_flag"); !slices.Equal(got, want) {
		t.Fatalf("warnings %q, want %q", got, want)
	}
	first := ws[0]
	if first.Code != "red_flag" || first.Triage.Level != Emergency || !first.Alarm() || !first.At.Equal(mnl(11, 22, 12, 0)) {
		t.Errorf("first warning %s (%v) at %v, want the emergency red flag", first.Code, first.Triage, first.At)
	}
	if !strings.Contains(first.Message, "2 more times") {
		t.Errorf("red flag message %q does not say it happened twice more", first.Message)
	}
	long := find(t, ws, "long_session")
	if long.Alarm() || strings.Count(long.Message, "45 minutes") != 1 || !strings.Contains(long.Message, "2 more times") {
		t.Errorf("long-session message %q: want 45 minutes once and 2 more times", long.Message)
	}
	for _, tc := range []struct {
		symptom string
		alarm   bool
	}{{"chest_pain", true}, {"fever", true}, {"bruising", false}} {
		w := find(t, Guard(sessions[:1], []CheckIn{checkIn(mnl(11, 22, 12, 0), 2, tc.symptom)}, guardNow, phtime.Manila), "red_flag")
		if w.Alarm() != tc.alarm {
			t.Errorf("%s: Alarm() = %v, want %v", tc.symptom, w.Alarm(), tc.alarm)
		}
	}
}
