package safety

import (
	"fmt"
	"slices"
	"time"
)

// LoggedSession is one massage in an owner's log.
type LoggedSession struct {
	ID        int64
	At        time.Time
	Chair     string
	Program   string
	Intensity int
	Minutes   int
	Areas     []string
	Heat      bool
}

// CheckIn is how an owner felt some time after their massages.
type CheckIn struct {
	ID       int64
	At       time.Time
	Soreness int
	Areas    []string
	Symptoms []string
}

// Warning is something the guard noticed in the log, with its source and
// what to do.
type Warning struct {
	Code    string
	Message string
	Action  string
	Source  Source
	At      time.Time
	// Triage is set when a check-in calls for the triage at once, with
	// TriageURL the triage page for the same answers.
	Triage    *Result
	TriageURL string
	// Args are the values Message is written from, in its order, for
	// writing it in another language: a day is a time.Time in the owner's
	// zone (Message writes it as 2006-01-02), a count an int. More is how
	// many more warnings of the kind the window had (Message ends by
	// saying so).
	Args []any
	More int
}

// Guard limits. No health authority sets a number of minutes or sessions
// for home massage chairs; MaxSessionMinutes and MaxSessionsPerDay are
// Masahe's cautious limits, and the warnings say so. They rest on what the
// authorities do say: harms after massage are rare but real
// (SrcMassageHarms), and a home device is to be used as its manual says
// (SrcMHLW).
const (
	MaxSessionMinutes = 20
	MaxSessionsPerDay = 2
	// DailyMinutesLimit: a day's total past two sessions at the limit.
	DailyMinutesLimit = MaxSessionMinutes * MaxSessionsPerDay
	StrongIntensity   = 4
	IntensityJump     = 2
	// ModerateSoreness: soreness from 4 of 10 is moderate (as in the
	// triage); after a day past DailyMinutesLimit it is a warning.
	ModerateSoreness    = ModeratePain
	SevereSoreness      = 7
	SorenessWindowHours = 72
	// GuardWindow is how far back the guard reads the log.
	GuardWindow = 14 * 24 * time.Hour
)

// Alarm reports whether the warning calls for help now or within a day:
// the page shows it first, on its own, in the level's colour and words.
func (w Warning) Alarm() bool { return w.Triage != nil && w.Triage.Level.Rank() >= Urgent.Rank() }

// Guard reads an owner's log and warns about over-massaging: sessions that
// are too long, too many or too many minutes in a day, strong programs on
// consecutive days without rest, sudden jumps in intensity, soreness after
// a long day, severe or lasting soreness, and red-flag symptoms (which
// return the triage at once). Days are counted in loc, the owner's time
// zone. Each kind of warning is given once (see dedupe), alarms first.
func Guard(sessions []LoggedSession, checkIns []CheckIn, now time.Time, loc *time.Location) []Warning {
	var out []Warning
	since := now.Add(-GuardWindow)
	var recent []LoggedSession
	for _, s := range sessions {
		if !s.At.Before(since) && !s.At.After(now) {
			recent = append(recent, s)
		}
	}
	slices.SortStableFunc(recent, func(a, b LoggedSession) int { return a.At.Compare(b.At) })
	perDay := map[string][]LoggedSession{}
	for i, s := range recent {
		if s.Minutes > MaxSessionMinutes {
			out = append(out, warn(Warning{Code: "long_session", At: s.At, Source: SrcMassageHarms,
				Action: "Keep sessions to 15–20 minutes; set the chair's timer."},
				"On %s you massaged for %d minutes, past Masahe's cautious limit of %d. No health authority sets a limit for home chairs, but injuries after massage, though rare, are real.", s.At.In(loc), s.Minutes, MaxSessionMinutes))
		}
		if i > 0 && s.Intensity-recent[i-1].Intensity >= IntensityJump {
			out = append(out, warn(Warning{Code: "intensity_jump", At: s.At, Source: SrcMHLW,
				Action: "Raise intensity one step at a time, and only when the last session left no soreness."},
				"On %s the intensity jumped from %d to %d.", s.At.In(loc), recent[i-1].Intensity, s.Intensity))
		}
		perDay[day(s.At, loc)] = append(perDay[day(s.At, loc)], s)
	}
	// longDays: the days past DailyMinutesLimit, with their minutes and
	// last session.
	type longDay struct {
		first, last time.Time
		minutes     int
	}
	var longDays []longDay
	for _, d := range sortedKeys(perDay) {
		n := len(perDay[d])
		if n > MaxSessionsPerDay {
			out = append(out, warn(Warning{Code: "too_many_in_a_day", At: perDay[d][n-1].At, Source: SrcMassageHarms,
				Action: "Keep to one or two sessions a day, morning and evening."},
				"On %s you had %d sessions, more than Masahe's cautious limit of %d a day.", perDay[d][0].At.In(loc), n, MaxSessionsPerDay))
		}
		total := 0
		for _, s := range perDay[d] {
			total += s.Minutes
		}
		// A day past the total always has a long session or too many
		// sessions, which warn already; the total matters with soreness.
		if total > DailyMinutesLimit {
			longDays = append(longDays, longDay{perDay[d][0].At, perDay[d][n-1].At, total})
		}
	}
	days := sortedKeys(perDay)
	for i := 1; i < len(days); i++ {
		prev, cur := days[i-1], days[i]
		if strong(perDay[prev]) && strong(perDay[cur]) && consecutive(prev, cur, loc) {
			out = append(out, warn(Warning{Code: "no_rest_day", At: perDay[cur][0].At, Source: SrcDOMS,
				Action: "After a strong session, give the muscles a day or two to recover: rest, or use a gentle program."},
				"Strong sessions (intensity %d or more) on %s and %s, with no rest day between.", StrongIntensity, perDay[prev][0].At.In(loc), perDay[cur][0].At.In(loc)))
		}
	}
	for _, c := range checkIns {
		if c.At.Before(since) || c.At.After(now) {
			continue
		}
		if a := CheckInAnswers(c, sessions); len(c.Symptoms) > 0 {
			if res := Triage(a); res.Level != SelfCare {
				out = append(out, warn(Warning{Code: "red_flag", At: c.At, Source: res.Reasons[0].Source, Triage: &res,
					TriageURL: "/safety/triage?" + a.Query().Encode(), Action: levelAction(res.Level)},
					"Your check-in on %s reported symptoms that need attention.", c.At.In(loc)))
				continue
			}
		}
		// Moderate soreness within the soreness window after a long day.
		for _, d := range longDays {
			if c.Soreness >= ModerateSoreness && c.Soreness < SevereSoreness && c.At.After(d.last) && c.At.Sub(d.last) <= SorenessWindowHours*time.Hour {
				out = append(out, warn(Warning{Code: "sore_after_long_day", At: c.At, Source: SrcDOMS,
					Action: "Pause the chair until the soreness has gone, and take the triage. When you start again, keep each day short."},
					"On %s you rated your soreness %d out of 10, after %d minutes of massage on %s.", c.At.In(loc), c.Soreness, d.minutes, d.first.In(loc)))
				break
			}
		}
		if c.Soreness >= SevereSoreness {
			out = append(out, warn(Warning{Code: "severe_soreness", At: c.At, Source: SrcDOMS,
				Action: "Pause the chair and take the triage: severe pain after a massage is not normal soreness."},
				"On %s you rated your soreness %d out of 10.", c.At.In(loc), c.Soreness))
		}
		if last, ok := lastBefore(sessions, c.At); ok && c.Soreness >= 3 && c.At.Sub(last) > SorenessWindowHours*time.Hour {
			out = append(out, warn(Warning{Code: "lasting_soreness", At: c.At, Source: SrcDOMS,
				Action: "Pause the chair and take the triage; see a physiotherapist if it lasts more than 4 days."},
				"On %s you were still sore (%d out of 10) more than %d hours after your last session.", c.At.In(loc), c.Soreness, SorenessWindowHours))
		}
	}
	return dedupe(out)
}

// dedupe keeps one warning of each kind: the most recent, and of the red
// flags the most urgent, then the most recent. It says how many more of the
// kind there were. Alarms come first, then the rest, newest first.
func dedupe(ws []Warning) []Warning {
	rank := func(w Warning) int {
		if w.Triage == nil {
			return 0
		}
		return w.Triage.Level.Rank()
	}
	// Most urgent, then newest, first: the first of each code is kept.
	slices.SortStableFunc(ws, func(a, b Warning) int {
		if r := rank(b) - rank(a); r != 0 {
			return r
		}
		return b.At.Compare(a.At)
	})
	var out []Warning
	count := map[string]int{}
	for _, w := range ws {
		if count[w.Code]++; count[w.Code] == 1 {
			out = append(out, w)
		}
	}
	for i, w := range out {
		out[i].More = count[w.Code] - 1
		if out[i].More == 1 {
			out[i].Message += " This happened once more in the last 14 days."
		} else if out[i].More > 1 {
			out[i].Message += fmt.Sprintf(" This happened %d more times in the last 14 days.", out[i].More)
		}
	}
	slices.SortStableFunc(out, func(a, b Warning) int {
		if a.Alarm() != b.Alarm() {
			if a.Alarm() {
				return -1
			}
			return 1
		}
		if a.Alarm() {
			return rank(b) - rank(a)
		}
		return b.At.Compare(a.At)
	})
	return out
}

// warn is w with its Message written from format and args, a day (a
// time.Time) as 2006-01-02, and with its Args kept.
func warn(w Warning, format string, args ...any) Warning {
	w.Args = args
	shown := slices.Clone(args)
	for i, a := range shown {
		if t, ok := a.(time.Time); ok {
			shown[i] = t.Format(time.DateOnly)
		}
	}
	w.Message = fmt.Sprintf(format, shown...)
	return w
}

// CheckInAnswers are the triage answers a check-in gives: its soreness,
// its symptoms, and the hours since the session before it (0 when none is
// logged before it: the red flags do not depend on the hours).
func CheckInAnswers(c CheckIn, sessions []LoggedSession) Answers {
	pain := int64(c.Soreness)
	var hours int64
	if last, ok := lastBefore(sessions, c.At); ok {
		hours = min(int64(c.At.Sub(last)/time.Hour), MaxHours)
	}
	return Answers{Pain: &pain, Symptoms: c.Symptoms, HoursSinceMassage: &hours}
}

func day(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.DateOnly) }

func strong(sessions []LoggedSession) bool {
	return slices.ContainsFunc(sessions, func(s LoggedSession) bool { return s.Intensity >= StrongIntensity })
}

func consecutive(a, b string, loc *time.Location) bool {
	da, _ := time.ParseInLocation(time.DateOnly, a, loc)
	db, _ := time.ParseInLocation(time.DateOnly, b, loc)
	return da.AddDate(0, 0, 1).Equal(db)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func lastBefore(sessions []LoggedSession, t time.Time) (time.Time, bool) {
	var last time.Time
	found := false
	for _, s := range sessions {
		if s.At.Before(t) && (!found || s.At.After(last)) {
			last, found = s.At, true
		}
	}
	return last, found
}

func levelAction(l Level) string {
	switch l {
	case Emergency:
		return "Go to the emergency department now, or call 911."
	case Urgent:
		return "See a doctor within 24 hours."
	}
	return "Book a doctor or physiotherapist within the next few days."
}

// DayTotal is one day of the weekly view.
type DayTotal struct {
	Day          string
	Minutes      int
	Sessions     int
	MaxIntensity int
}

// Week totals the seven days that end today.
func Week(sessions []LoggedSession, now time.Time, loc *time.Location) []DayTotal {
	today, _ := time.ParseInLocation(time.DateOnly, day(now, loc), loc)
	out := make([]DayTotal, 7)
	for i := range out {
		out[i].Day = today.AddDate(0, 0, i-6).Format(time.DateOnly)
	}
	for _, s := range sessions {
		i := slices.IndexFunc(out, func(d DayTotal) bool { return d.Day == day(s.At, loc) })
		if i < 0 {
			continue
		}
		out[i].Minutes += s.Minutes
		out[i].Sessions++
		out[i].MaxIntensity = max(out[i].MaxIntensity, s.Intensity)
	}
	return out
}

// Plan is plain advice for next week, shaped by the warnings: the
// advice of their PlanKind.
func Plan(warnings []Warning) []string { return slices.Clone(plans[PlanKind(warnings)]) }

// The kinds of plan: pause after pain, ease off after other warnings, keep
// on without any.
const (
	PlanPause = "pause"
	PlanEase  = "ease"
	PlanKeep  = "keep"
)

// PlanKind is the plan the warnings call for.
func PlanKind(warnings []Warning) string {
	codes := map[string]bool{}
	for _, w := range warnings {
		codes[w.Code] = true
	}
	switch {
	case codes["red_flag"] || codes["severe_soreness"] || codes["lasting_soreness"] || codes["sore_after_long_day"]:
		return PlanPause
	case len(warnings) > 0:
		return PlanEase
	}
	return PlanKeep
}

var plans = map[string][]string{
	PlanPause: {
		"Pause the chair until the pain has settled, and take the triage.",
		"When you start again, begin with 5 to 10 minutes on a light setting and build up over a week.",
	},
	PlanEase: {
		"Two or three 15-minute sessions this week, at intensity 3 or lower.",
		"Leave a rest day after any session that leaves you sore.",
		"Raise the intensity one step at a time, and only after a session that left no soreness.",
	},
	PlanKeep: {
		"Keep to sessions of 15–20 minutes, at most twice a day.",
		"Mix strong programs with gentle ones, and rest a day after a strong one.",
	},
}
