package web

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"masahe/internal/fit"
)

// The finder's shortlist as a phone shows it: a verdict badge with its
// words, the price, a line or two on what to ask, and the full check list
// behind a <details>.

// verdictText is a result's verdict in words: "Fits what is published —
// ask about 3 things".
func verdictText(r fit.Result) string {
	switch r.Fit {
	case fit.Fits:
		return "Fits"
	case fit.Unknown:
		n := len(r.Questions)
		return fmt.Sprintf("Fits what is published — ask about %d %s", n, plural(n, "thing", "things"))
	case fit.Borderline:
		return "Borderline"
	}
	return "Does not fit"
}

// missingTopics name, for a buyer, the values a question is about.
var missingTopics = map[string]string{
	"voltage":            "the 220 V version",
	"warranty_ph":        "the Philippine warranty",
	"service_centre":     "service in your region",
	"price":              "the price in pesos",
	"user_height_min_cm": "the height range",
	"user_height_max_cm": "the height range",
	"max_user_weight_kg": "the weight limit",
	"reclined_depth_cm":  "the reclined depth",
	"wall_clearance_cm":  "the space behind it",
	"space_saving":       "the space behind it",
	"upright_width_cm":   "its size",
	"reclined_width_cm":  "its size",
	"upright_depth_cm":   "its size",
	"upright_height_cm":  "its size",
}

// checkAreas name, for a buyer, what a check is about.
var checkAreas = map[string]string{
	"body": "your height or weight", "room": "your room", "delivery": "the way in", "power": "the power",
	"warranty": "the warranty", "service": "service", "budget": "your budget", "features": "a must-have",
}

// maxTopics is how many things the card's summary names before "and N more".
const maxTopics = 3

// resultSummary is the card's short line: the verdict, where a borderline
// chair is close, and what to ask: "fits what is published; ask about the
// 220 V version and the reclined depth".
func resultSummary(r fit.Result) string {
	var topics, areas []string
	for _, c := range r.Checks {
		if c.Result == fit.Borderline && !slices.Contains(areas, checkAreas[c.Check]) {
			areas = append(areas, checkAreas[c.Check])
		}
		if c.Ask == "" {
			continue
		}
		for _, key := range c.Missing {
			t, ok := missingTopics[key]
			if !ok {
				t = "whether it has " + strings.ReplaceAll(key, "_", " ")
			}
			if !slices.Contains(topics, t) {
				topics = append(topics, t)
			}
		}
	}
	var b strings.Builder
	switch r.Fit {
	case fit.Fits:
		b.WriteString("fits on every published figure you asked about")
	case fit.Unknown:
		b.WriteString("fits what is published")
	default:
		b.WriteString("borderline on " + joinAnd(areas))
	}
	if len(topics) > 0 {
		b.WriteString("; ask about ")
		if len(topics) > maxTopics {
			rest := len(topics) - maxTopics + 1
			topics = append(topics[:maxTopics-1], fmt.Sprintf("%d more", rest))
		}
		b.WriteString(joinAnd(topics))
	}
	return b.String()
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// tieBreak says in words why a result comes after the one above it when
// both cannot be checked on as many limits and score the same; "" when
// the score or the limits decided.
func tieBreak(above, r fit.Result) string {
	if above.Unchecked != r.Unchecked || above.Score != r.Score {
		return ""
	}
	name := above.Chair.FullName()
	same := fmt.Sprintf("Same %d points as the %s", r.Score, name)
	why := same + "; listed after it because "
	switch {
	case above.Fit != r.Fit:
		return why + fmt.Sprintf("the %s is %s and this chair is %s.", name, strings.ToLower(verdictWord(above.Fit)), strings.ToLower(verdictWord(r.Fit)))
	case above.Checked != r.Checked:
		return why + fmt.Sprintf("published figures answer %d of your checks for it and %d for this chair.", above.Checked, r.Checked)
	case observedPriceText(above) != observedPriceText(r):
		return why + fmt.Sprintf("its lowest observed price (%s) is lower than this chair's (%s).", observedPriceText(above), observedPriceText(r))
	}
	return same + " and equal on everything else, so listed by name."
}

func verdictWord(v fit.Verdict) string {
	return map[fit.Verdict]string{fit.Fits: "Fits", fit.Unknown: "Fits what is published", fit.Borderline: "Borderline"}[v]
}

func observedPriceText(r fit.Result) string {
	o, ok := r.Chair.LowestOffer()
	if !ok {
		return "none observed"
	}
	return o.Price.String()
}

// excludedReason is one reason chairs were left out, with their names.
type excludedReason struct {
	Label  string
	Chairs []excludedView
}

// excludedLabels sum up, by reason code, why chairs do not fit.
var excludedLabels = map[string]string{
	"too_short":        "Made for taller users",
	"too_tall":         "Made for shorter users",
	"too_heavy":        "Takes less weight than yours",
	"room_too_shallow": "Too deep for your room when reclined",
	"room_too_narrow":  "Too wide for your room",
	"door_too_narrow":  "Too big for your door",
	"over_budget":      "Over your budget",
}

// excludedSummary counts the chairs left out by reason (a chair with two
// reasons counts under both), most common first.
func excludedSummary(excluded []fit.Excluded, link func(slug string) string) []excludedReason {
	by := map[string]*excludedReason{}
	for _, ex := range excluded {
		seen := map[string]bool{}
		for _, c := range ex.Checks {
			if c.Result != fit.NoFit || seen[c.Code] {
				continue
			}
			seen[c.Code] = true
			label, ok := excludedLabels[c.Code]
			if !ok {
				label = "Lacks a must-have"
			}
			if by[label] == nil {
				by[label] = &excludedReason{Label: label}
			}
			v := excludedView{Name: ex.Chair.FullName(), URL: link(ex.Chair.Slug), Reasons: []string{c.Message}}
			if !slices.ContainsFunc(by[label].Chairs, func(e excludedView) bool { return e.URL == v.URL }) {
				by[label].Chairs = append(by[label].Chairs, v)
			}
		}
	}
	out := make([]excludedReason, 0, len(by))
	for _, k := range slices.Sorted(maps.Keys(by)) {
		out = append(out, *by[k])
	}
	slices.SortStableFunc(out, func(a, b excludedReason) int { return len(b.Chairs) - len(a.Chairs) })
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
func goalForm(p fit.Profile, q url.Values) ([]presetOption, []goalSlider) {
	chosen := q.Get("preset")
	if len(q) == 0 {
		chosen = "balanced"
	}
	var presets []presetOption
	for _, ps := range fit.GoalPresets {
		var parts []string
		for _, g := range fit.Goals {
			if w := ps.Weights[g.Code]; w > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", strings.ToLower(g.Label), w))
			}
		}
		presets = append(presets, presetOption{Value: ps.Code, Label: ps.Label, Weights: strings.Join(parts, ", "), Checked: ps.Code == chosen})
	}
	presets = append(presets, presetOption{Value: "", Label: "My own weights, set below", Checked: chosen == ""})
	if len(q) == 0 {
		p.Preset = "balanced"
	}
	weights := p.EffectiveGoalWeights()
	var sliders []goalSlider
	for _, g := range fit.Goals {
		sliders = append(sliders, goalSlider{Code: g.Code, Label: g.Label, Name: "weight_" + g.Code, Value: weights[g.Code]})
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
