package web

import (
	"slices"

	"masahe/internal/locale"
	"masahe/internal/safety"
)

// The triage in the page's language. The level, the rules that matched and
// the hours to wait are safety.Triage's, untouched; only the words come
// from the catalog (triage.* messages, which internal/locale's tests hold
// to the safety package's English, and triage_lang_test.go to its advice).

// localTriage is res, the triage of a, with its reasons and advice written
// by p.
func localTriage(p *locale.Printer, a safety.Answers, res safety.Result) safety.Result {
	out := res
	out.Reasons = slices.Clone(res.Reasons)
	for i, r := range out.Reasons {
		out.Reasons[i].Message = p.T(reasonID(a, r))
	}
	out.Advice = triageAdvice(p, a, res)
	return out
}

// reasonID is the message of a reason: its rule's, or for the self-care
// answer (which no rule gives) the one safety.Triage chose.
func reasonID(a safety.Answers, r safety.Reason) string {
	switch r.Code {
	case "no_pain_now":
		return "triage.reason.no_pain_now"
	case "normal_soreness":
		if a.HoursSinceMassage != nil && *a.HoursSinceMassage > safety.NormalWindowHours {
			return "triage.reason.normal_soreness_easing"
		}
		return "triage.reason.normal_soreness"
	}
	return "triage.rule." + r.Code
}

// triageAdvice is the advice of res in p's language, in safety.Triage's
// order.
func triageAdvice(p *locale.Printer, a safety.Answers, res safety.Result) []string {
	signs := p.T("triage.advice.emergency_signs", safety.Hotline)
	switch res.Level {
	case safety.Emergency:
		return []string{p.T("triage.advice.emergency.go", safety.Hotline), p.T("triage.advice.emergency.no_driving", safety.Hotline),
			p.T("triage.advice.emergency.tell"), p.T("triage.advice.emergency.stop")}
	case safety.Urgent:
		return []string{p.T("triage.advice.urgent.see"), p.T("triage.advice.urgent.stop"), p.T("triage.advice.urgent.tell"), signs}
	case safety.Doctor:
		return []string{p.T("triage.advice.doctor.book"), p.T("triage.advice.doctor.rest"), p.T("triage.advice.doctor.move"),
			p.T("triage.advice.doctor.sooner") + " " + signs}
	}
	var pain int64
	if a.Pain != nil {
		pain = *a.Pain
	}
	out := []string{p.T("triage.advice.self_care.no_rest")}
	if days := safety.RestDays(pain); days > 0 {
		out[0] = p.Plural("triage.advice.self_care.rest_days", days)
	}
	out = append(out, p.T("triage.advice.self_care.move"), p.T("triage.advice.self_care.warmth"),
		p.T("triage.advice.self_care.next_time"), p.Plural("triage.advice.self_care.check_again", res.RecheckInHours))
	if a.Age == nil {
		out = append(out, p.T("triage.advice.self_care.no_age"))
	}
	return append(out, signs)
}

// levelText is a level's label and headline in p's language.
func levelText(p *locale.Printer, l safety.Level) (label, headline string) {
	id := "triage.level." + string(l)
	headline = p.T(id + ".headline")
	if l == safety.Emergency {
		headline = p.T(id+".headline", safety.Hotline)
	}
	return p.T(id + ".label"), headline
}

// localTopics are the safe-use guides with their titles and summaries in
// p's language.
func localTopics(p *locale.Printer) []guideTopic {
	out := slices.Clone(guideTopics)
	for i, g := range out {
		id := "safety.topic." + g.Slug
		out[i].Title, out[i].Summary, out[i].Description = p.T(id+".title"), p.T(id+".summary"), p.T(id+".description")
	}
	return out
}
