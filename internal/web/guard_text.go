package web

import (
	"fmt"
	"slices"
	"time"

	"masahe/internal/locale"
	"masahe/internal/safety"
)

// The session log's guard in the page's language. The warnings, their
// order, their days and counts and the plan are safety.Guard's and
// safety.PlanKind's, untouched; only the words come from the catalog
// (log.guard.* and log.plan.* messages, which guard_lang_test.go holds to
// the safety package's English).

// localWarnings are ws with their messages and actions written by p, and
// their days by p.Date.
func localWarnings(p *locale.Printer, ws []safety.Warning) []safety.Warning {
	out := slices.Clone(ws)
	for i := range out {
		out[i].Message, out[i].Action = guardText(p, out[i], p.Date)
	}
	return out
}

// guardText is w's message and action written by p, its days by day.
func guardText(p *locale.Printer, w safety.Warning, day func(time.Time) string) (message, action string) {
	args := slices.Clone(w.Args)
	for i, a := range args {
		if t, ok := a.(time.Time); ok {
			args[i] = day(t)
		}
	}
	message = p.T("log.guard."+w.Code, args...)
	if w.More > 0 {
		message += " " + p.Plural("log.guard.more", w.More)
	}
	id := "log.guard." + w.Code + ".action"
	if w.Triage != nil {
		id = "log.guard." + w.Code + ".action." + string(w.Triage.Level)
	}
	return message, p.T(id)
}

// localPlan is the plan for next week the warnings call for, written by
// p.
func localPlan(p *locale.Printer, warnings []safety.Warning) []string {
	kind := safety.PlanKind(warnings)
	out := make([]string, len(safety.Plan(warnings)))
	for i := range out {
		out[i] = p.T(fmt.Sprintf("log.plan.%s.%d", kind, i+1))
	}
	return out
}

// localOptions are opts with their labels written by p, from the triage's
// messages of group ("area", "symptom").
func localOptions(p *locale.Printer, group string, opts []safety.Option) []safety.Option {
	out := slices.Clone(opts)
	for i, o := range out {
		out[i].Label = p.T("triage." + group + "." + o.Code)
	}
	return out
}

// weekdays are the short names of the days of the week, Sunday first.
func weekdays(p *locale.Printer) [7]string {
	return [7]string{p.T("log.weekday.sun"), p.T("log.weekday.mon"), p.T("log.weekday.tue"), p.T("log.weekday.wed"),
		p.T("log.weekday.thu"), p.T("log.weekday.fri"), p.T("log.weekday.sat")}
}
