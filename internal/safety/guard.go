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
}

// SrcSessionLength: how long and how often to use a massage chair.
var SrcSessionLength = Source{
	Title: "RVVR, How to properly use a massage chair: precautions (about 20 minutes, morning and bedtime)",
	URL:   "https://www.rvvrgroup.com/topicweb/bookview.aspx?id=114&lang=engb",
}

// Guard limits.
const (
	MaxSessionMinutes   = 20
	MaxSessionsPerDay   = 2
	StrongIntensity     = 4
	IntensityJump       = 2
	SevereSoreness      = 7
	SorenessWindowHours = 72
	// GuardWindow is how far back the guard reads the log.
	GuardWindow = 14 * 24 * time.Hour
)

// Guard reads an owner's log and warns about over-massaging: sessions that
// are too long, too many in a day, strong programs on consecutive days
// without rest, sudden jumps in intensity, severe or lasting soreness, and
// red-flag symptoms (which return the triage at once). Days are counted in
// loc, the owner's time zone.
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
			out = append(out, Warning{Code: "long_session", At: s.At, Source: SrcSessionLength,
				Message: fmt.Sprintf("On %s you massaged for %d minutes; chair makers advise about %d at most.", day(s.At, loc), s.Minutes, MaxSessionMinutes),
				Action:  "Keep sessions to 15–20 minutes; set the chair's timer."})
		}
		if i > 0 && s.Intensity-recent[i-1].Intensity >= IntensityJump {
			out = append(out, Warning{Code: "intensity_jump", At: s.At, Source: SrcSessionLength,
				Message: fmt.Sprintf("On %s the intensity jumped from %d to %d.", day(s.At, loc), recent[i-1].Intensity, s.Intensity),
				Action:  "Raise intensity one step at a time, and only when the last session left no soreness."})
		}
		perDay[day(s.At, loc)] = append(perDay[day(s.At, loc)], s)
	}
	for _, d := range sortedKeys(perDay) {
		if n := len(perDay[d]); n > MaxSessionsPerDay {
			out = append(out, Warning{Code: "too_many_in_a_day", At: perDay[d][n-1].At, Source: SrcSessionLength,
				Message: fmt.Sprintf("On %s you had %d sessions; the advice is at most %d a day.", d, n, MaxSessionsPerDay),
				Action:  "Keep to one or two sessions a day, morning and evening."})
		}
	}
	days := sortedKeys(perDay)
	for i := 1; i < len(days); i++ {
		prev, cur := days[i-1], days[i]
		if strong(perDay[prev]) && strong(perDay[cur]) && consecutive(prev, cur, loc) {
			out = append(out, Warning{Code: "no_rest_day", At: perDay[cur][0].At, Source: SrcDOMS,
				Message: fmt.Sprintf("Strong sessions (intensity %d or more) on %s and %s, with no rest day between.", StrongIntensity, prev, cur),
				Action:  "After a strong session, give the muscles a day or two to recover: rest, or use a gentle program."})
		}
	}
	for _, c := range checkIns {
		if c.At.Before(since) || c.At.After(now) {
			continue
		}
		if a := CheckInAnswers(c, sessions); len(c.Symptoms) > 0 {
			if res := Triage(a); res.Level != SelfCare {
				out = append(out, Warning{Code: "red_flag", At: c.At, Source: res.Reasons[0].Source, Triage: &res,
					TriageURL: "/safety/triage?" + a.Query().Encode(),
					Message:   fmt.Sprintf("Your check-in on %s reported symptoms that need attention.", day(c.At, loc)),
					Action:    levelAction(res.Level)})
				continue
			}
		}
		if c.Soreness >= SevereSoreness {
			out = append(out, Warning{Code: "severe_soreness", At: c.At, Source: SrcDOMS,
				Message: fmt.Sprintf("On %s you rated your soreness %d out of 10.", day(c.At, loc), c.Soreness),
				Action:  "Pause the chair and take the triage: severe pain after a massage is not normal soreness."})
		}
		if last, ok := lastBefore(sessions, c.At); ok && c.Soreness >= 3 && c.At.Sub(last) > SorenessWindowHours*time.Hour {
			out = append(out, Warning{Code: "lasting_soreness", At: c.At, Source: SrcDOMS,
				Message: fmt.Sprintf("On %s you were still sore (%d out of 10) more than %d hours after your last session.", day(c.At, loc), c.Soreness, SorenessWindowHours),
				Action:  "Pause the chair and take the triage; see a physiotherapist if it lasts more than 4 days."})
		}
	}
	slices.SortStableFunc(out, func(a, b Warning) int { return b.At.Compare(a.At) })
	return out
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

// Plan is plain advice for next week, shaped by the warnings.
func Plan(warnings []Warning) []string {
	codes := map[string]bool{}
	for _, w := range warnings {
		codes[w.Code] = true
	}
	switch {
	case codes["red_flag"] || codes["severe_soreness"] || codes["lasting_soreness"]:
		return []string{
			"Pause the chair until the pain has settled, and take the triage.",
			"When you start again, begin with 5 to 10 minutes on a light setting and build up over a week.",
		}
	case len(warnings) > 0:
		return []string{
			"Two or three 15-minute sessions this week, at intensity 3 or lower.",
			"Leave a rest day after any session that leaves you sore.",
			"Raise the intensity one step at a time, and only after a session that left no soreness.",
		}
	}
	return []string{
		"Keep to sessions of 15–20 minutes, at most twice a day.",
		"Mix strong programs with gentle ones, and rest a day after a strong one.",
	}
}
