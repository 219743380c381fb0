package web

import (
	"maps"
	"net/url"
	"slices"
	"strings"

	"masahe/internal/errs"
	"masahe/internal/fit"
	"masahe/internal/fit/fittext"
	"masahe/internal/locale"
)

// The finder in the page's language: fit decides and gives codes and
// figures (fit.Text); this file writes them with the page's printer.

// fitText writes a fit sentence in p's language.
func fitText(p *locale.Printer, t fit.Text) string { return fittext.Write(p, t) }

// joinAnd lists items the language's way: "a, b and c".
func joinAnd(p *locale.Printer, items []string) string { return fittext.And(p, items) }

// checkView is a check with its sentence and question written.
type checkView struct {
	fit.Check
	Message, Ask string
}

func checkViews(p *locale.Printer, checks []fit.Check) []checkView {
	out := make([]checkView, len(checks))
	for i, c := range checks {
		out[i] = checkView{Check: c, Message: fitText(p, c.Text), Ask: fitText(p, c.Ask)}
	}
	return out
}

// itemView is a line of a score's breakdown, written.
type itemView struct {
	Label       string
	Points, Max int
	Why, Caveat string
}

func itemViews(p *locale.Printer, items []fit.Item) []itemView {
	out := make([]itemView, len(items))
	for i, it := range items {
		out[i] = itemView{Label: p.T(it.Label), Points: it.Points, Max: it.Max, Why: fitText(p, it.Why), Caveat: fitText(p, it.Caveat)}
	}
	return out
}

func questions(p *locale.Printer, qs []fit.Text) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = fitText(p, q)
	}
	return out
}

// healthView is a condition's advice, written, with its sources.
type healthView struct {
	Code, Label, Advice string
	Sources             []fit.Source
}

func healthViews(p *locale.Printer, conds []fit.Condition) []healthView {
	out := make([]healthView, len(conds))
	for i, c := range conds {
		out[i] = healthView{Code: c.Code, Label: p.T(c.Label), Advice: p.T(c.Advice), Sources: c.Sources}
	}
	return out
}

// The finder's shortlist as a phone shows it: a verdict badge with its
// words, the price, a line or two on what to ask, and the full check list
// behind a <details>.

// verdictText is an explained result's verdict in words: "Fits what is
// published — ask about 3 things".
func verdictText(p *locale.Printer, r fit.Result) string {
	if r.Fit == fit.Unknown {
		return p.Plural("finder.verdict.unknown_ask", len(r.Questions))
	}
	return verdictWord(p, r.Fit)
}

func verdictWord(p *locale.Printer, v fit.Verdict) string {
	switch v {
	case fit.Fits:
		return p.T("verdict.fits")
	case fit.Unknown:
		return p.T("verdict.unknown")
	case fit.Borderline:
		return p.T("verdict.borderline")
	}
	return p.T("verdict.no_fit")
}

// missingTopics name, for a buyer, the values a question is about
// (message IDs).
var missingTopics = map[string]string{
	"voltage":            "finder.topic.voltage",
	"warranty_ph":        "finder.topic.warranty",
	"service_centre":     "finder.topic.service",
	"price":              "finder.topic.price",
	"user_height_min_cm": "finder.topic.height",
	"user_height_max_cm": "finder.topic.height",
	"max_user_weight_kg": "finder.topic.weight",
	"reclined_depth_cm":  "finder.topic.reclined_depth",
	"wall_clearance_cm":  "finder.topic.clearance",
	"space_saving":       "finder.topic.clearance",
	"upright_width_cm":   "finder.topic.size",
	"reclined_width_cm":  "finder.topic.size",
	"upright_depth_cm":   "finder.topic.size",
	"upright_height_cm":  "finder.topic.size",
	"zero_gravity":       "finder.topic.zero_gravity",
	"heat":               "finder.topic.heat",
	"foot_rollers":       "finder.topic.foot_rollers",
	"app_control":        "finder.topic.app",
	"track":              "finder.topic.track",
	"rollers":            "finder.topic.rollers",
}

// checkAreas name, for a buyer, what a check is about (message IDs).
var checkAreas = map[string]string{
	"body": "finder.area.body", "room": "finder.area.room", "delivery": "finder.area.delivery", "power": "finder.area.power",
	"warranty": "finder.area.warranty", "service": "finder.area.service", "budget": "finder.area.budget", "features": "finder.area.features",
}

// maxTopics is how many things the card's summary names before "and N more".
const maxTopics = 3

// resultSummary is an explained result's short line: the verdict, where a
// borderline chair is close, and what to ask: "fits what is published;
// ask about the 220 V version and the reclined depth".
func resultSummary(p *locale.Printer, r fit.Result) string {
	var topics, areas []string
	for _, c := range r.Checks {
		if c.Result == fit.Borderline && !slices.Contains(areas, checkAreas[c.Check]) {
			areas = append(areas, checkAreas[c.Check])
		}
		if !c.Asks() {
			continue
		}
		for _, key := range c.Missing {
			if t := missingTopics[key]; !slices.Contains(topics, t) {
				topics = append(topics, t)
			}
		}
	}
	var head string
	switch r.Fit {
	case fit.Fits:
		head = p.T("finder.summary.fits")
	case fit.Unknown:
		head = p.T("finder.summary.unknown")
	default:
		head = p.T("finder.summary.borderline", joinAnd(p, translated(p, areas)))
	}
	if len(topics) == 0 {
		return head
	}
	words := translated(p, topics)
	if len(words) > maxTopics {
		words = append(words[:maxTopics-1], p.T("finder.summary.more", len(words)-maxTopics+1))
	}
	return p.T("finder.summary.ask", head, joinAnd(p, words))
}

// translated writes each message ID.
func translated(p *locale.Printer, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = p.T(id)
	}
	return out
}

// tieBreak says in words why a result comes after the one above it when
// both cannot be checked on as many limits and score the same; "" when
// the score or the limits decided.
func tieBreak(p *locale.Printer, above, r fit.Result) string {
	if above.Unchecked != r.Unchecked || above.Score != r.Score {
		return ""
	}
	name := above.Chair.FullName()
	switch {
	case above.Fit != r.Fit:
		return p.T("finder.tie.verdict", r.Score, name, strings.ToLower(verdictWord(p, above.Fit)), strings.ToLower(verdictWord(p, r.Fit)))
	case above.Checked != r.Checked:
		return p.T("finder.tie.checked", r.Score, name, above.Checked, r.Checked)
	case observedPriceText(p, above) != observedPriceText(p, r):
		return p.T("finder.tie.price", r.Score, name, observedPriceText(p, above), observedPriceText(p, r))
	}
	return p.T("finder.tie.name", r.Score, name)
}

func observedPriceText(p *locale.Printer, r fit.Result) string {
	o, ok := r.Chair.LowestOffer()
	if !ok {
		return p.T("finder.tie.no_price")
	}
	return p.Peso(o.Price.WholePesos())
}

// excludedReason is one reason chairs were left out, with the first of
// their names (and why) and how many more there are.
type excludedReason struct {
	Label  string
	Count  int
	Chairs []excludedView
	More   int
}

// excludedShown is how many chairs the page names under each reason.
const excludedShown = 20

// excludedLabels sum up, by reason code, why chairs do not fit (message
// IDs); a code not listed is a missing must-have.
var excludedLabels = map[string]string{
	"too_short":        "finder.excluded.too_short",
	"too_tall":         "finder.excluded.too_tall",
	"too_heavy":        "finder.excluded.too_heavy",
	"room_too_shallow": "finder.excluded.room_too_shallow",
	"room_too_narrow":  "finder.excluded.room_too_narrow",
	"door_too_narrow":  "finder.excluded.door_too_narrow",
	"over_budget":      "finder.excluded.over_budget",
}

func excludedLabel(code string) string {
	if id, ok := excludedLabels[code]; ok {
		return id
	}
	return "finder.excluded.must_have"
}

// excludedSummary counts the chairs left out by reason (a chair with two
// reasons counts under both), most common first, and names the first
// excludedShown of each with the sentence of the check it fails: only
// those chairs' checks are written.
func excludedSummary(p *locale.Printer, found fit.Findings, link func(slug string) string) []excludedReason {
	by := map[string]*excludedReason{}
	for _, ex := range found.Excluded {
		var checks []fit.Check // written when the chair is named
		seen := map[string]bool{}
		for _, f := range ex.Failed {
			id := excludedLabel(f.Code)
			if seen[id] {
				continue
			}
			seen[id] = true
			if by[id] == nil {
				by[id] = &excludedReason{Label: p.T(id)}
			}
			e := by[id]
			e.Count++
			if len(e.Chairs) >= excludedShown {
				e.More++
				continue
			}
			if checks == nil {
				checks = found.Failing(ex)
			}
			i := slices.IndexFunc(checks, func(c fit.Check) bool { return c.Code == f.Code })
			e.Chairs = append(e.Chairs, excludedView{Name: ex.Chair.FullName(), URL: link(ex.Chair.Slug), Reasons: []string{fitText(p, checks[i].Text)}})
		}
	}
	out := make([]excludedReason, 0, len(by))
	for _, k := range slices.Sorted(maps.Keys(by)) {
		out = append(out, *by[k])
	}
	slices.SortStableFunc(out, func(a, b excludedReason) int { return b.Count - a.Count })
	return out
}

// goalSlider is one goal's weight on the form.
type goalSlider struct {
	Code, Label, Name string
	Value             int64
}

// presetOption is a preset radio.
type presetOption struct {
	Value, Label, Weights string
	Checked               bool
}

// goalForm lays out the presets and the per-goal sliders. A preset chosen
// sets the sliders to its weights; "my own weights" (preset "") uses them.
func goalForm(p *locale.Printer, prof fit.Profile, q url.Values) ([]presetOption, []goalSlider) {
	chosen := q.Get("preset")
	if len(q) == 0 {
		chosen = "balanced"
	}
	var presets []presetOption
	for _, ps := range fit.GoalPresets {
		var parts []string
		for _, g := range fit.Goals {
			if w := ps.Weights[g.Code]; w > 0 {
				parts = append(parts, p.T("finder.form.preset_weight", strings.ToLower(p.T(g.Label)), w))
			}
		}
		presets = append(presets, presetOption{Value: ps.Code, Label: p.T(ps.Label), Weights: strings.Join(parts, ", "), Checked: ps.Code == chosen})
	}
	presets = append(presets, presetOption{Value: "", Label: p.T("finder.form.own_weights"), Checked: chosen == ""})
	if len(q) == 0 {
		prof.Preset = "balanced"
	}
	weights := prof.EffectiveGoalWeights()
	var sliders []goalSlider
	for _, g := range fit.Goals {
		sliders = append(sliders, goalSlider{Code: g.Code, Label: p.T(g.Label), Name: "weight_" + g.Code, Value: weights[g.Code]})
	}
	return presets, sliders
}

// finderQuery is the finder form's query as the finder reads it: with a
// preset chosen, the sliders (which the form always sends) give way to it.
func finderQuery(q url.Values) url.Values {
	if q.Get("preset") == "" {
		return q
	}
	out := url.Values{}
	for k, v := range q {
		if !strings.HasPrefix(k, "weight_") {
			out[k] = v
		}
	}
	return out
}

// finderError is err with its message in p's language when it is bad
// input in the finder's answers (fit.InputError); other errors as they are.
func finderError(p *locale.Printer, err error) error {
	t, ok := fit.ErrorText(err)
	if !ok {
		return err
	}
	e := *errs.As(err)
	e.Message = fittext.Write(p, t)
	return &e
}
