package fit

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/phtime"
)

// Item is one line of a chair's score: which goal earned how many points
// and why. A caveat marks points that a health condition added or took.
type Item struct {
	Label  string
	Points int
	Max    int
	Why    string
	Caveat string
}

// feature is one thing a goal values, worth a share of the goal's points.
type feature struct {
	share float64
	name  string
	has   func(catalog.Chair) bool
}

func boolSpec(key string) func(catalog.Chair) bool {
	return func(c catalog.Chair) bool { v, _ := c.Bool(key); return v }
}

func oneOf(key string, vals ...string) func(catalog.Chair) bool {
	return func(c catalog.Chair) bool { v, _ := c.Str(key); return slices.Contains(vals, v) }
}

func atLeast(key string, n int64) func(catalog.Chair) bool {
	return func(c catalog.Chair) bool { v, ok := c.Int(key); return ok && v >= n }
}

// goalFeatures says what each goal values. The shares of a goal add up to 1.
var goalFeatures = map[string][]feature{
	"relaxation":     {{0.4, "zero gravity", boolSpec("zero_gravity")}, {0.3, "heat", boolSpec("heat")}, {0.3, "20 or more air cells", atLeast("airbags", 20)}},
	"deep_knots":     {{0.6, "3D or 4D rollers", oneOf("rollers", "3d", "4d")}, {0.4, "an L- or SL-track", oneOf("track", "l", "sl")}},
	"lower_back":     {{0.4, "an L- or SL-track", oneOf("track", "l", "sl")}, {0.3, "3D or 4D rollers", oneOf("rollers", "3d", "4d")}, {0.3, "heat", boolSpec("heat")}},
	"neck_shoulders": {{0.4, "a body scan", boolSpec("body_scan")}, {0.3, "3D or 4D rollers", oneOf("rollers", "3d", "4d")}, {0.3, "an S- or SL-track", oneOf("track", "s", "sl")}},
	"legs_feet":      {{0.6, "foot rollers", boolSpec("foot_rollers")}, {0.4, "20 or more air cells", atLeast("airbags", 20)}},
	"sleep":          {{0.5, "zero gravity", boolSpec("zero_gravity")}, {0.3, "heat", boolSpec("heat")}, {0.2, "10 or more programs", atLeast("programs", 10)}},
	"sport_recovery": {{0.4, "an L- or SL-track for stretching", oneOf("track", "l", "sl")}, {0.3, "4D rollers", oneOf("rollers", "4d")}, {0.3, "20 or more air cells", atLeast("airbags", 20)}},
}

// gentleFeatures are what lets a chair massage gently, for conditions that
// call for it.
var gentleFeatures = []feature{
	{0.5, "air-cell massage", atLeast("airbags", 1)},
	{0.5, "adjustable roller depth (3D or 4D)", oneOf("rollers", "3d", "4d")},
}

// Weights explains the score and the order to buyers.
const Weights = "Each chair scores 0 to 100. Features earn (100 − price weight) points, shared between your goals in " +
	"proportion to their weights (all goals alike when you set none); within a goal, each feature the chair has earns its " +
	"share, and a feature that is not published earns nothing. Price earns the price-weight points: the cheapest chair in " +
	"the shortlist earns them all, the dearest none, a chair without a known price none. Chairs are listed first by how " +
	"many of your limits (body, room, door, region, budget, must-haves) they cannot be checked on, fewest first, so a " +
	"chair known to fit comes before one whose size is not published; then by score. Ties go to the chair that fits " +
	"(before one that fits what is published, before a borderline one), then to the one with more of your checks " +
	"answered by published figures, then the lower observed price, then the name."

// part is one line of the score before points are given out: its share
// of the 100 points and the fraction of that share the chair earns.
type part struct {
	item   Item
	weight float64
	got    float64
}

// score computes a chair's score and its breakdown. minPrice and maxPrice
// span the candidates' lowest prices.
func score(c catalog.Chair, p Profile, minPrice, maxPrice int64) (int, []Item) {
	w := float64(orDefault(p.PriceWeight, DefaultPriceWeight)) / 100
	weights := p.EffectiveGoalWeights()
	goals := slices.Sorted(maps.Keys(weights))
	slices.SortStableFunc(goals, func(a, b string) int { return cmp.Compare(goalIndex(a), goalIndex(b)) })
	heatCaution, hasHeatCaution := p.anyCondition(func(c Condition) bool { return c.HeatCaution })
	gentle, hasGentle := p.anyCondition(func(c Condition) bool { return c.Gentle })
	var total float64
	for _, g := range goals {
		total += float64(weights[g])
	}
	// The gentle part weighs as much as an average goal.
	gentleWeight := total / float64(len(goals))
	if hasGentle {
		total += gentleWeight
	}
	var parts []part
	for _, g := range goals {
		got, why := 0.0, []string{}
		caveat := ""
		for _, f := range goalFeatures[g] {
			if !f.has(c) {
				continue
			}
			if f.name == "heat" && hasHeatCaution {
				caveat = fmt.Sprintf("Heat earns nothing for you: with %s it is a caution.", strings.ToLower(heatCaution.Label))
				continue
			}
			got += f.share
			why = append(why, f.name)
		}
		parts = append(parts, part{Item{Label: optionLabel(Goals, g), Why: because(why), Caveat: caveat}, (1 - w) * float64(weights[g]) / total, got})
	}
	if hasGentle {
		got, why := 0.0, []string{}
		for _, f := range gentleFeatures {
			if f.has(c) {
				got += f.share
				why = append(why, f.name)
			}
		}
		parts = append(parts, part{Item{Label: "Gentle options", Why: because(why),
			Caveat: fmt.Sprintf("Added for %s: points for being able to massage gently, not a sign that massage is safe for you. Ask your doctor first.", strings.ToLower(gentle.Label))},
			(1 - w) * gentleWeight / total, got})
	}
	price := part{item: Item{Label: "Price", Why: "no price known"}, weight: w}
	if o, ok := c.LowestOffer(); ok {
		price.got = 1
		if p := o.Price.WholePesos(); maxPrice > minPrice {
			price.got = float64(maxPrice-p) / float64(maxPrice-minPrice)
		}
		price.item.Why = fmt.Sprintf("lowest observed price %s, in a shortlist from %s to %s", o.Price, catalog.FormatPeso(minPrice), catalog.FormatPeso(maxPrice))
	}
	parts = append(parts, price)
	shares := make([]float64, len(parts))
	for i, pt := range parts {
		shares[i] = pt.weight
	}
	points := 0
	items := make([]Item, len(parts))
	for i, max := range apportion(shares, 100) {
		items[i] = parts[i].item
		items[i].Max, items[i].Points = max, round(float64(max)*parts[i].got)
		points += items[i].Points
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

func because(features []string) string {
	if len(features) == 0 {
		return "none of the features this goal values is published as present"
	}
	return "has " + strings.Join(features, ", ")
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
// published: Questions are what to ask the seller, one per check that a
// missing value stops. Unchecked counts the buyer's own limits it cannot be
// checked on; Checked the checks that published figures answered.
type Result struct {
	Chair     catalog.Chair
	Score     int
	Fit       Verdict
	Checks    []Check
	Questions []string
	Unchecked int
	Checked   int
	Breakdown []Item
	TCO       TCO
}

// Excluded is a chair that does not fit, with every check.
type Excluded struct {
	Chair  catalog.Chair
	Checks []Check
}

// Findings is the finder's answer: health advice first, then the ranked
// shortlist, then the chairs that do not fit.
type Findings struct {
	Health   []Condition
	Results  []Result
	Excluded []Excluded
}

// Rank checks every chair for the buyer, drops those with any no_fit
// check, and orders the rest: first by how many of the buyer's limits they
// cannot be checked on, then by score; ties go to fits, then fits what is
// published, then borderline, then to more checks answered, the lower
// price and the name. places are the showrooms, stores and service centres
// known, for the region check.
func Rank(chairs []catalog.Chair, p Profile, places []catalog.Place) Findings {
	f := Findings{Health: p.Advice()}
	var keep []Result
	for _, c := range chairs {
		checks := CheckChair(c, p, places)
		if Worst(checks) == NoFit {
			f.Excluded = append(f.Excluded, Excluded{Chair: c, Checks: checks})
			continue
		}
		r := Result{Chair: c, Fit: Worst(checks), Checks: checks}
		for _, ch := range checks {
			if ch.Ask != "" {
				r.Questions = append(r.Questions, ch.Ask)
			}
			switch {
			case ch.Result != Unknown:
				r.Checked++
			case ch.BuyerLimit():
				r.Unchecked++
			}
		}
		keep = append(keep, r)
	}
	minPrice, maxPrice := priceSpan(keep)
	for i := range keep {
		keep[i].Score, keep[i].Breakdown = score(keep[i].Chair, p, minPrice, maxPrice)
		keep[i].TCO = Ownership(keep[i].Chair, p)
	}
	slices.SortStableFunc(keep, func(a, b Result) int {
		return cmp.Or(
			cmp.Compare(a.Unchecked, b.Unchecked),
			cmp.Compare(b.Score, a.Score),
			cmp.Compare(a.Fit.rank(), b.Fit.rank()),
			cmp.Compare(b.Checked, a.Checked),
			cmp.Compare(observedPrice(a.Chair), observedPrice(b.Chair)),
			cmp.Compare(a.Chair.FullName(), b.Chair.FullName()),
			cmp.Compare(a.Chair.Slug, b.Chair.Slug),
		)
	})
	f.Results = keep
	slices.SortStableFunc(f.Excluded, func(a, b Excluded) int {
		return cmp.Or(cmp.Compare(a.Chair.FullName(), b.Chair.FullName()), cmp.Compare(a.Chair.Slug, b.Chair.Slug))
	})
	return f
}

// observedPrice is a chair's lowest fresh observed price, or the largest
// number when none is known, so that chairs without one sort last.
func observedPrice(c catalog.Chair) int64 {
	if o, ok := c.LowestOffer(); ok {
		return o.Price.WholePesos()
	}
	return math.MaxInt64
}

func priceSpan(results []Result) (int64, int64) {
	var lo, hi int64 = math.MaxInt64, 0
	for _, r := range results {
		if o, ok := r.Chair.LowestOffer(); ok {
			lo, hi = min(lo, o.Price.WholePesos()), max(hi, o.Price.WholePesos())
		}
	}
	if hi == 0 {
		return 0, 0
	}
	return lo, hi
}
