package fit

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/phtime"
)

// Item is one line of a chair's score: which part (a goal's code,
// "gentle" or "price") earned how many points and why. Label is the
// part's message ID; a caveat marks points that a health condition added
// or took.
type Item struct {
	Part   string
	Label  string
	Points int
	Max    int
	Why    Text
	Caveat Text
}

// feature is one thing a goal values, worth a share of the goal's points;
// name is its message ID.
type feature struct {
	share float64
	name  string
	has   func(*facts) bool
}

func isTrue(get func(*facts) opt[bool]) func(*facts) bool {
	return func(f *facts) bool { return get(f).v }
}

func oneOf(get func(*facts) opt[string], vals ...string) func(*facts) bool {
	return func(f *facts) bool { v := get(f); return v.ok && slices.Contains(vals, v.v) }
}

func atLeast(get func(*facts) opt[int64], n int64) func(*facts) bool {
	return func(f *facts) bool { v := get(f); return v.ok && v.v >= n }
}

// The values the goals read.
var (
	zeroGravity = isTrue(func(f *facts) opt[bool] { return f.zeroGravity })
	heat        = isTrue(func(f *facts) opt[bool] { return f.heat })
	bodyScan    = isTrue(func(f *facts) opt[bool] { return f.bodyScan })
	footRollers = isTrue(func(f *facts) opt[bool] { return f.footRollers })
	track       = func(f *facts) opt[string] { return f.track }
	rollers     = func(f *facts) opt[string] { return f.rollers }
	airbags     = func(f *facts) opt[int64] { return f.airbags }
	programs    = func(f *facts) opt[int64] { return f.programs }
)

const heatFeature = "fit.feature.heat"

// goalFeatures says what each goal values. The shares of a goal add up to 1.
var goalFeatures = map[string][]feature{
	"relaxation":     {{0.4, "fit.feature.zero_gravity", zeroGravity}, {0.3, heatFeature, heat}, {0.3, "fit.feature.air_cells_20", atLeast(airbags, 20)}},
	"deep_knots":     {{0.6, "fit.feature.rollers_3d", oneOf(rollers, "3d", "4d")}, {0.4, "fit.feature.l_track", oneOf(track, "l", "sl")}},
	"lower_back":     {{0.4, "fit.feature.l_track", oneOf(track, "l", "sl")}, {0.3, "fit.feature.rollers_3d", oneOf(rollers, "3d", "4d")}, {0.3, heatFeature, heat}},
	"neck_shoulders": {{0.4, "fit.feature.body_scan", bodyScan}, {0.3, "fit.feature.rollers_3d", oneOf(rollers, "3d", "4d")}, {0.3, "fit.feature.s_track", oneOf(track, "s", "sl")}},
	"legs_feet":      {{0.6, "fit.feature.foot_rollers", footRollers}, {0.4, "fit.feature.air_cells_20", atLeast(airbags, 20)}},
	"sleep":          {{0.5, "fit.feature.zero_gravity", zeroGravity}, {0.3, heatFeature, heat}, {0.2, "fit.feature.programs_10", atLeast(programs, 10)}},
	"sport_recovery": {{0.4, "fit.feature.l_track_stretch", oneOf(track, "l", "sl")}, {0.3, "fit.feature.rollers_4d", oneOf(rollers, "4d")}, {0.3, "fit.feature.air_cells_20", atLeast(airbags, 20)}},
}

// gentleFeatures are what lets a chair massage gently, for conditions that
// call for it.
var gentleFeatures = []feature{
	{0.5, "fit.feature.air_cells", atLeast(airbags, 1)},
	{0.5, "fit.feature.roller_depth", oneOf(rollers, "3d", "4d")},
}

// Weights is the message that explains the score and the order to buyers.
const Weights = "fit.weights"

// part is one line of the score: its code, label and features, and the
// whole points it can earn.
type part struct {
	code, label string
	features    []feature
	max         int
}

// scoring is what scoring every chair for one buyer shares: the parts with
// their points, the conditions that change them, and the span of the
// shortlist's prices.
type scoring struct {
	parts              []part
	price              int // the price part's points
	heat, gentle       *Condition
	minPrice, maxPrice int64
}

// newScoring shares the 100 points between the buyer's goals in proportion
// to their weights, a gentle part for conditions that call for one
// (weighing as much as an average goal), and price.
func newScoring(p Profile) scoring {
	var s scoring
	w := float64(orDefault(p.PriceWeight, DefaultPriceWeight)) / 100
	weights := p.EffectiveGoalWeights()
	goals := slices.Sorted(maps.Keys(weights))
	slices.SortStableFunc(goals, func(a, b string) int { return cmp.Compare(goalIndex(a), goalIndex(b)) })
	if c, ok := p.anyCondition(func(c Condition) bool { return c.HeatCaution }); ok {
		s.heat = &c
	}
	if c, ok := p.anyCondition(func(c Condition) bool { return c.Gentle }); ok {
		s.gentle = &c
	}
	var total float64
	for _, g := range goals {
		total += float64(weights[g])
	}
	gentleWeight := total / float64(len(goals))
	if s.gentle != nil {
		total += gentleWeight
	}
	var shares []float64
	for _, g := range goals {
		s.parts = append(s.parts, part{code: g, label: optionLabel(Goals, g), features: goalFeatures[g]})
		shares = append(shares, (1-w)*float64(weights[g])/total)
	}
	if s.gentle != nil {
		s.parts = append(s.parts, part{code: "gentle", label: "fit.part.gentle", features: gentleFeatures})
		shares = append(shares, (1-w)*gentleWeight/total)
	}
	points := apportion(append(shares, w), 100)
	for i := range s.parts {
		s.parts[i].max = points[i]
	}
	s.price = points[len(points)-1]
	return s
}

// score is a chair's score, and with detail its breakdown.
func (s scoring) score(c *facts, detail bool) (int, []Item) {
	points := 0
	var items []Item
	for _, pt := range s.parts {
		got := 0.0
		var why []Arg
		var caveat Text
		for _, f := range pt.features {
			if !f.has(c) {
				continue
			}
			if f.name == heatFeature && s.heat != nil {
				if detail {
					caveat = text("fit.caveat.heat", label(s.heat.Label))
				}
				continue
			}
			got += f.share
			if detail {
				why = append(why, label(f.name))
			}
		}
		n := round(float64(pt.max) * got)
		points += n
		if detail {
			it := Item{Part: pt.code, Label: pt.label, Points: n, Max: pt.max, Why: because(why), Caveat: caveat}
			if pt.code == "gentle" {
				it.Caveat = text("fit.caveat.gentle", label(s.gentle.Label))
			}
			items = append(items, it)
		}
	}
	price := Item{Part: "price", Label: "fit.part.price", Max: s.price, Why: text("fit.why.no_price")}
	if o, ok := c.offer.get(); ok {
		got := 1.0
		if p := o.Price.WholePesos(); s.maxPrice > s.minPrice {
			got = float64(s.maxPrice-p) / float64(s.maxPrice-s.minPrice)
		}
		price.Points = round(float64(s.price) * got)
		price.Why = text("fit.why.price", peso(o.Price.WholePesos()), peso(s.minPrice), peso(s.maxPrice))
	}
	points += price.Points
	if detail {
		items = append(items, price)
	}
	return points, items
}

// apportion shares total whole points in proportion to weights (which add
// up to 1), giving the points lost to rounding down to the largest
// remainders, so that the shares always add up to total.
func apportion(weights []float64, total int) []int {
	out := make([]int, len(weights))
	rest := make([]int, len(weights))
	given := 0
	for i, w := range weights {
		out[i] = int(math.Floor(w * float64(total)))
		given += out[i]
		rest[i] = i
	}
	slices.SortStableFunc(rest, func(a, b int) int {
		ra := weights[a]*float64(total) - float64(out[a])
		rb := weights[b]*float64(total) - float64(out[b])
		return cmp.Compare(rb, ra)
	})
	for k := 0; given < total && k < len(rest); k++ {
		out[rest[k]]++
		given++
	}
	return out
}

func round(x float64) int { return int(math.Round(x)) }

func because(features []Arg) Text {
	if len(features) == 0 {
		return text("fit.why.none")
	}
	return text("fit.why.has", list(features...))
}

// Lifespan is how many years the cost per year spreads the price over: the
// upper end of the 6–8 years a chair typically lasts without service.
const Lifespan = 8

// LifespanSource supports Lifespan.
var LifespanSource = Source{Title: "Human Touch support: how long do massage chairs last?", URL: "https://support.humantouch.com/hc/en-us/articles/360058864651"}

// RateSource supports the default electricity rate.
var RateSource = Source{Title: "RareJob Scribbles: Meralco rate of about ₱12.03 per kWh (February 2025)", URL: "https://scribbles.rarejob.com.ph/whats-up/15-watt-the-facts-for-your-meralco-bill-hacks"}

// TCO is the total cost of owning a chair, in pesos.
type TCO struct {
	PricePHP              *int64
	PriceObservedAt       *string
	InstalmentMonths      *int64
	InstalmentPHP         *int64
	KWhPerYear            *float64
	ElectricityPHPPerYear *int64
	WarrantyYears         *float64
	LifespanYears         int
	CostPerYearPHP        *int64
}

// Ownership works out a chair's cost of ownership for the buyer's planned
// use. A figure that needs an unpublished value is null.
func Ownership(c catalog.Chair, p Profile) TCO {
	t := TCO{LifespanYears: Lifespan}
	// Only a fresh observed price counts: without one the figures that
	// need it stay null and the page says why.
	if o, ok := c.LowestOffer(); ok {
		p, at := o.Price.WholePesos(), o.ObservedAt.In(phtime.Manila).Format(time.DateOnly)
		t.PricePHP, t.PriceObservedAt = &p, &at
	}
	for _, o := range c.Offers {
		if o.Instalment == nil || !o.Buyable() {
			continue
		}
		if pay, ok := o.Instalment.Payment(o.Price); ok && (t.InstalmentPHP == nil || pay.Monthly.WholePesos() < *t.InstalmentPHP) {
			monthly, months := pay.Monthly.WholePesos(), int64(pay.Months)
			t.InstalmentPHP, t.InstalmentMonths = &monthly, &months
		}
	}
	if watts, ok := c.Int("power_w"); ok {
		hours := float64(orDefault(p.SessionsPerWeek, DefaultSessionsPerWeek)*52) * float64(orDefault(p.MinutesPerSession, DefaultMinutesPerSession)) / 60
		kwh := math.Round(float64(watts)*hours/1000*10) / 10
		pesos := int64(math.Round(float64(watts) * hours / 1000 * float64(orDefault(p.ElectricityPHPPerKWh, DefaultRatePHPPerKWh))))
		t.KWhPerYear, t.ElectricityPHPPerYear = &kwh, &pesos
	}
	if months, ok := c.Int("warranty_parts_months"); ok {
		years := float64(months) / 12
		t.WarrantyYears = &years
	}
	if t.PricePHP != nil && t.ElectricityPHPPerYear != nil {
		perYear := int64(math.Round(float64(*t.PricePHP)/Lifespan)) + *t.ElectricityPHPPerYear
		t.CostPerYearPHP = &perYear
	}
	return t
}

// Result is a chair on the shortlist. Fit Unknown means it fits what is
// published. Unchecked counts the buyer's own limits it cannot be checked
// on; Checked the checks that published figures answered. Rank leaves
// Detail nil: Findings.Explain fills it in for the results shown.
type Result struct {
	Chair     *catalog.Chair
	Score     int
	Fit       Verdict
	Unchecked int
	Checked   int
	facts     *facts
	*Detail
}

// Detail is what a result shows: every check, the questions to put to the
// seller (one per check that a missing value stops), the score's breakdown
// and the cost of ownership.
type Detail struct {
	Checks    []Check
	Questions []Text
	Breakdown []Item
	TCO       TCO
}

// Reason is a check a chair fails, by its check and reason code.
type Reason struct {
	Check, Code string
}

// Excluded is a chair that does not fit, with the checks it fails;
// Findings.Failing writes them.
type Excluded struct {
	Chair  *catalog.Chair
	Failed []Reason
	facts  *facts
}

// Findings is the finder's answer: health advice first, then the ranked
// shortlist, then the chairs that do not fit.
type Findings struct {
	Health   []Condition
	Results  []Result
	Excluded []Excluded
	buyer    *buyer
	scoring  scoring
	scratch  *[]Check // the checks of one chair, reused: Findings is not for concurrent use
}

// Rank checks every chair for the buyer, drops those with any no_fit
// check, and orders the rest: first by how many of the buyer's limits they
// cannot be checked on, then by score; ties go to fits, then fits what is
// published, then borderline, then to more checks answered, the lower
// price and the name. places are the showrooms, stores and service centres
// known, for the region check. It writes no sentence and keeps no check:
// Explain and Checks give them for the chairs shown.
func Rank(chairs []catalog.Chair, p Profile, places []catalog.Place) Findings {
	return Prepare(chairs).Rank(p, places)
}

// Rank is Rank for the prepared chairs.
func (cat *Catalog) Rank(p Profile, places []catalog.Place) Findings {
	b := newBuyer(p, places)
	f := Findings{Health: p.Advice(), buyer: &b, scoring: newScoring(p), scratch: new([]Check),
		Results: make([]Result, 0, len(cat.facts)), Excluded: make([]Excluded, 0, len(cat.facts))}
	var buf []Check
	reasons := make([]Reason, 0, len(cat.facts)) // every excluded chair's, one after the other
	for i := range cat.facts {
		c := &cat.facts[i]
		buf = checkChair(buf[:0], c, &b)
		r := Result{Chair: c.chair, Fit: Worst(buf), facts: c}
		if r.Fit == NoFit {
			start := len(reasons)
			for _, ch := range buf {
				if ch.Result == NoFit {
					reasons = append(reasons, Reason{ch.Check, ch.Code})
				}
			}
			f.Excluded = append(f.Excluded, Excluded{Chair: c.chair, Failed: reasons[start:len(reasons):len(reasons)], facts: c})
			continue
		}
		for _, ch := range buf {
			switch {
			case ch.Result != Unknown:
				r.Checked++
			case ch.BuyerLimit():
				r.Unchecked++
			}
		}
		f.Results = append(f.Results, r)
	}
	f.scoring.minPrice, f.scoring.maxPrice = priceSpan(f.Results)
	for i := range f.Results {
		f.Results[i].Score, _ = f.scoring.score(f.Results[i].facts, false)
	}
	// The name order makes the order total, so an unstable sort gives the
	// one answer.
	slices.SortFunc(f.Results, func(a, b Result) int {
		return cmp.Or(
			cmp.Compare(a.Unchecked, b.Unchecked),
			cmp.Compare(b.Score, a.Score),
			cmp.Compare(a.Fit.rank(), b.Fit.rank()),
			cmp.Compare(b.Checked, a.Checked),
			cmp.Compare(a.facts.price(), b.facts.price()),
			cmp.Compare(a.facts.order, b.facts.order),
		)
	})
	// The excluded chairs are in the catalog's order: by name.
	return f
}

// checks are the checks of c, with their sentences, that keep accepts.
func (f Findings) checks(c *facts, keep func(Check) bool) []Check {
	*f.scratch = checkChair((*f.scratch)[:0], c, f.buyer)
	out := slices.Clone(*f.scratch)
	return slices.DeleteFunc(out, func(ch Check) bool { return !keep(ch) })
}

// Failing are the checks an excluded chair fails, with their sentences.
func (f Findings) Failing(e Excluded) []Check {
	return f.checks(e.facts, func(c Check) bool { return c.Result == NoFit })
}

// Explain fills in the Detail of the result i.
func (f Findings) Explain(i int) {
	r := &f.Results[i]
	d := &Detail{Checks: f.checks(r.facts, func(Check) bool { return true }), TCO: Ownership(*r.Chair, f.buyer.Profile)}
	for _, ch := range d.Checks {
		if ch.Asks() {
			d.Questions = append(d.Questions, ch.Ask)
		}
	}
	_, d.Breakdown = f.scoring.score(r.facts, true)
	r.Detail = d
}

func priceSpan(results []Result) (int64, int64) {
	var lo, hi int64 = math.MaxInt64, 0
	for _, r := range results {
		if p := r.facts.price(); p != math.MaxInt64 {
			lo, hi = min(lo, p), max(hi, p)
		}
	}
	if hi == 0 {
		return 0, 0
	}
	return lo, hi
}
