package fit_test

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"masahe/internal/catalog"
	"masahe/internal/fit"
	"masahe/internal/prices"
)

// rich has every feature any goal or the gentle score values.
var rich = base.with(
	"zero_gravity", true, "heat", true, "airbags", int64(24), "rollers", "4d", "track", "sl",
	"body_scan", true, "foot_rollers", true, "programs", int64(20), "app_control", true,
)

// bare has none of them, published as absent.
var bare = base.with(
	"zero_gravity", false, "heat", false, "airbags", int64(0), "rollers", "2d", "track", "j",
	"body_scan", false, "foot_rollers", false, "programs", int64(5), "app_control", false,
)

func item(t *testing.T, items []fit.Item, label string) (fit.Item, bool) {
	t.Helper()
	for _, it := range items {
		if english.T(it.Label) == label {
			return it, true
		}
	}
	return fit.Item{}, false
}

func result(t *testing.T, f fit.Findings, slug string) fit.Result {
	t.Helper()
	for _, r := range f.Results {
		if r.Chair.Slug == slug {
			return r
		}
	}
	t.Fatalf("%s not in results %v", slug, slugs(f.Results))
	return fit.Result{}
}

// checkBreakdown asserts the score's invariants: its items sum to it, it
// lies in 0–100, no item earns more than its maximum, and the maxima sum
// to 100.
func checkBreakdown(r fit.Result) error {
	sum := 0
	for _, it := range r.Breakdown {
		sum += it.Points
		if it.Points < 0 || it.Points > it.Max {
			return fmt.Errorf("%s: item %q has %d of %d points", r.Chair.Slug, it.Label, it.Points, it.Max)
		}
	}
	if sum != r.Score {
		return fmt.Errorf("%s: breakdown sums to %d, score is %d", r.Chair.Slug, sum, r.Score)
	}
	if r.Score < 0 || r.Score > 100 {
		return fmt.Errorf("%s: score %d outside 0–100 (breakdown %+v)", r.Chair.Slug, r.Score, r.Breakdown)
	}
	// A chair with every feature and the lowest price can reach 100.
	maxSum := 0
	for _, it := range r.Breakdown {
		maxSum += it.Max
	}
	if maxSum != 100 {
		return fmt.Errorf("%s: the items' maxima sum to %d, not 100 (breakdown %+v)", r.Chair.Slug, maxSum, r.Breakdown)
	}
	return nil
}

func TestScoreBreakdownSumsAndStaysWithin100(t *testing.T) {
	chairs := []catalog.Chair{
		chair("Rich", rich, observed(100_000)),
		chair("Bare", bare, observed(300_000)),
		chair("Half", bare.with("zero_gravity", true, "rollers", "3d", "airbags", int64(10)), stale(200_000)),
		chair("Unpriced", rich),
	}
	goals := make([]string, len(fit.Goals))
	for i, g := range fit.Goals {
		goals[i] = g.Code
	}
	failures := 0
	for pw := int64(0); pw <= 100; pw++ {
		for k := 0; k <= len(goals); k++ {
			for _, conds := range [][]string{nil, {"osteoporosis"}, {"diabetes_neuropathy"}, {"spinal_condition", "pregnancy"}} {
				p := fit.Profile{PriceWeight: n(pw), Goals: goals[:k], Conditions: conds}
				f := rankAll(chairs, p, nil)
				if len(f.Results) != len(chairs) {
					t.Fatalf("%d results, want %d", len(f.Results), len(chairs))
				}
				for _, r := range f.Results {
					if err := checkBreakdown(r); err != nil && failures < 8 {
						failures++
						t.Errorf("price_weight=%d goals=%v conditions=%v: %v", pw, goals[:k], conds, err)
					}
				}
			}
		}
	}
}

// With the default price weight, no goal picked (so all seven count) and a
// gentle condition, the best chair must still score at most 100.
func TestScoreDefaultProfileWithGentleConditionAtMost100(t *testing.T) {
	f := rankAll([]catalog.Chair{chair("Rich", rich, observed(100_000)), chair("Bare", bare, observed(200_000))},
		fit.Profile{Conditions: []string{"osteoporosis"}}, nil)
	r := result(t, f, "rich")
	if err := checkBreakdown(r); err != nil {
		t.Error(err)
	}
}

func TestScorePriceWeight(t *testing.T) {
	chairs := []catalog.Chair{chair("Rich", rich, observed(300_000)), chair("Bare", bare, observed(100_000))}
	goal := []string{"relaxation"} // one goal: no rounding between goals
	features := rankAll(chairs, fit.Profile{PriceWeight: n(0), Goals: goal}, nil)
	if got := slugs(features.Results); !slices.Equal(got, []string{"rich", "bare"}) {
		t.Errorf("price weight 0: order %v, want rich first", got)
	}
	if r := result(t, features, "rich"); r.Score != 100 {
		t.Errorf("price weight 0: rich scores %d, want 100 (%+v)", r.Score, r.Breakdown)
	}
	if r := result(t, features, "bare"); r.Score != 0 {
		t.Errorf("price weight 0: bare scores %d, want 0 (%+v)", r.Score, r.Breakdown)
	}
	price := rankAll(chairs, fit.Profile{PriceWeight: n(100), Goals: goal}, nil)
	if got := slugs(price.Results); !slices.Equal(got, []string{"bare", "rich"}) {
		t.Errorf("price weight 100: order %v, want bare first", got)
	}
	if r := result(t, price, "bare"); r.Score != 100 {
		t.Errorf("price weight 100: bare scores %d, want 100 (%+v)", r.Score, r.Breakdown)
	}
	if r := result(t, price, "rich"); r.Score != 0 {
		t.Errorf("price weight 100: rich scores %d, want 0 (%+v)", r.Score, r.Breakdown)
	}
	// The default weight (30) counts price as 30 points.
	def := rankAll(chairs, fit.Profile{}, nil)
	if it, ok := item(t, result(t, def, "bare").Breakdown, "Price"); !ok || it.Max != fit.DefaultPriceWeight || it.Points != fit.DefaultPriceWeight {
		t.Errorf("default price item = %+v, want %d of %d", it, fit.DefaultPriceWeight, fit.DefaultPriceWeight)
	}
	if it, _ := item(t, result(t, def, "rich").Breakdown, "Price"); it.Points != 0 || !strings.Contains(say(it.Why), "₱300,000") {
		t.Errorf("dearest chair's price item = %+v, want 0 points naming ₱300,000", it)
	}
}

func TestScoreUnpricedChairEarnsNoPricePoints(t *testing.T) {
	f := rankAll([]catalog.Chair{chair("Rich", rich)}, fit.Profile{PriceWeight: n(100)}, nil)
	r := result(t, f, "rich")
	if r.Score != 0 {
		t.Errorf("unpriced chair with price weight 100 scores %d, want 0 (%+v)", r.Score, r.Breakdown)
	}
}

func TestScoreGoals(t *testing.T) {
	// One goal, price counting nothing: the goal is worth 100 points and
	// each feature its share.
	for _, tc := range []struct {
		goal  string
		specs specs
		want  int
	}{
		{"relaxation", bare.with("zero_gravity", true), 40},
		{"relaxation", bare.with("heat", true, "airbags", int64(20)), 60},
		{"relaxation", bare.with("airbags", int64(19)), 0},
		{"deep_knots", bare.with("rollers", "3d"), 60},
		{"deep_knots", bare.with("track", "l"), 40},
		{"lower_back", bare.with("track", "sl", "heat", true), 70},
		{"neck_shoulders", bare.with("body_scan", true, "track", "s"), 70},
		{"legs_feet", bare.with("foot_rollers", true), 60},
		{"sleep", bare.with("programs", int64(10)), 20},
		{"sport_recovery", bare.with("rollers", "3d"), 0},
		{"sport_recovery", bare.with("rollers", "4d"), 30},
		{"relaxation", rich, 100},
		{"relaxation", base, 0}, // features not published earn nothing
	} {
		f := rankAll([]catalog.Chair{chair("C", tc.specs)}, fit.Profile{PriceWeight: n(0), Goals: []string{tc.goal}}, nil)
		r := result(t, f, "c")
		if r.Score != tc.want {
			t.Errorf("%s: score %d, want %d (%+v)", tc.goal, r.Score, tc.want, r.Breakdown)
		}
	}
}

func someChairs() []catalog.Chair {
	var out []catalog.Chair
	variants := []specs{rich, bare, base, rich.with("heat", false), bare.with("zero_gravity", true), rich.with("voltage", "110-120")}
	for i := range 24 {
		s := variants[i%len(variants)]
		var offers []prices.Offer
		switch i % 4 {
		case 0:
			offers = []prices.Offer{observed(int64(100_000 + (i%3)*50_000))}
		case 1:
			offers = []prices.Offer{stale(int64(80_000 + (i%5)*40_000))}
		case 2:
			offers = []prices.Offer{observed(150_000), stale(120_000)}
		}
		if i%7 == 0 {
			s = s.with("user_height_max_cm", int64(165)) // excluded for a 170 cm buyer
		}
		out = append(out, chair(fmt.Sprintf("Model %02d", (i*7)%24), s, offers...))
	}
	return out
}

func TestRankDeterministic(t *testing.T) {
	chairs := someChairs()
	p := fit.Profile{HeightCM: n(170), BudgetPHP: n(200_000), Goals: []string{"relaxation", "deep_knots"}, Conditions: []string{"osteoporosis"}}
	orig := slices.Clone(chairs)
	first := rankAll(chairs, p, nil)
	if !reflect.DeepEqual(chairs, orig) {
		t.Error("Rank changed its input")
	}
	if len(first.Results) == 0 || len(first.Excluded) == 0 {
		t.Fatalf("want both results and excluded, got %d and %d", len(first.Results), len(first.Excluded))
	}
	second := rankAll(chairs, p, nil)
	if !reflect.DeepEqual(first, second) {
		t.Error("two runs of Rank differ")
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for range 20 {
		shuffled := slices.Clone(chairs)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got := rankAll(shuffled, p, nil)
		if !slices.Equal(slugs(got.Results), slugs(first.Results)) {
			t.Fatalf("shuffled input: results %v, want %v", slugs(got.Results), slugs(first.Results))
		}
		if !slices.Equal(excludedSlugs(got.Excluded), excludedSlugs(first.Excluded)) {
			t.Fatalf("shuffled input: excluded %v, want %v", excludedSlugs(got.Excluded), excludedSlugs(first.Excluded))
		}
	}
	// Results are by the number of the buyer's limits left unchecked, then
	// in descending score; excluded by name.
	for i := 1; i < len(first.Results); i++ {
		a, b := first.Results[i-1], first.Results[i]
		if b.Unchecked < a.Unchecked || b.Unchecked == a.Unchecked && b.Score > a.Score {
			t.Errorf("result %d (%d unchecked, score %d) ranks below result %d (%d unchecked, score %d)", i, b.Unchecked, b.Score, i-1, a.Unchecked, a.Score)
		}
	}
	if !slices.IsSortedFunc(first.Excluded, func(a, b fit.Excluded) int { return strings.Compare(a.Chair.FullName(), b.Chair.FullName()) }) {
		t.Errorf("excluded not sorted by name: %v", excludedSlugs(first.Excluded))
	}
}

func TestRankTieBreak(t *testing.T) {
	// Price counts nothing, so every chair with the same features scores the same.
	borderline := chair("Alpha Borderline", rich.with("voltage", "110-120"), observed(50_000))
	borderline.Sources = map[string]catalog.Source{"s": {ID: "s", Market: catalog.MarketPH}}
	chairs := []catalog.Chair{
		chair("Zeta", rich, observed(200_000)),
		borderline,
		chair("Beta", rich, observed(100_000)),
		chair("Alpha", rich, stale(100_000)),
		chair("Aaa Unpriced", rich),
		chair("Gamma", rich, observed(100_000)),
		chair("Ask Twice", rich.without("voltage", "warranty_ph"), observed(10_000)),
		chair("Ask Once", rich.without("warranty_ph"), observed(300_000)),
	}
	f := rankAll(chairs, fit.Profile{PriceWeight: n(0)}, nil)
	for _, r := range f.Results {
		if r.Score != f.Results[0].Score {
			t.Fatalf("%s scores %d, want all equal to %d", r.Chair.Slug, r.Score, f.Results[0].Score)
		}
	}
	want := []string{"beta", "gamma", "zeta", "aaa-unpriced", "alpha", "ask-once", "ask-twice", "alpha-borderline"}
	if got := slugs(f.Results); !slices.Equal(got, want) {
		t.Errorf("order %v, want %v (fits, then fits what is published, then borderline; then more checks answered, "+
			"the lower observed price, the name)", got, want)
	}
	for slug, fit_ := range map[string]fit.Verdict{"beta": fit.Fits, "ask-once": fit.Unknown, "alpha-borderline": fit.Borderline} {
		if got := result(t, f, slug).Fit; got != fit_ {
			t.Errorf("%s fit = %s, want %s", slug, got, fit_)
		}
	}
	if got := result(t, f, "ask-twice").Questions; len(got) != 2 {
		t.Errorf("ask-twice asks %d things, want the voltage and the warranty", len(got))
	}
}

func TestRankSplitsResultsAndExcluded(t *testing.T) {
	chairs := someChairs()
	p := fit.Profile{HeightCM: n(170), BudgetPHP: n(150_000), MustHave: []string{"heat"}}
	f := rankAll(chairs, p, nil)
	seen := map[string]int{}
	for _, r := range f.Results {
		seen[r.Chair.Slug]++
		if r.Fit != fit.Worst(r.Checks) || r.Fit == fit.NoFit {
			t.Errorf("%s: Fit %s, checks worst %s", r.Chair.Slug, r.Fit, fit.Worst(r.Checks))
		}
		if !reflect.DeepEqual(r.Checks, fit.CheckChair(*r.Chair, p, nil)) {
			t.Errorf("%s: checks differ from CheckChair", r.Chair.Slug)
		}
		if !reflect.DeepEqual(r.TCO, fit.Ownership(*r.Chair, p)) {
			t.Errorf("%s: TCO differs from Ownership", r.Chair.Slug)
		}
	}
	for _, e := range f.Excluded {
		seen[e.Chair.Slug]++
		checks := f.Failing(e)
		if len(checks) == 0 || !slices.Equal(e.Failed, failedOf(checks)) || len(failedOf(checks)) != len(checks) {
			t.Errorf("excluded %s has no no_fit check: %+v, failed %v", e.Chair.Slug, checks, e.Failed)
		}
	}
	if len(seen) != len(chairs) || len(f.Results)+len(f.Excluded) != len(chairs) {
		t.Errorf("results %d + excluded %d, %d distinct; want %d chairs once each", len(f.Results), len(f.Excluded), len(seen), len(chairs))
	}
}

func TestRankHeatCaution(t *testing.T) {
	heated := []catalog.Chair{chair("Rich", rich, observed(100_000)), chair("Unheated", rich.with("heat", false), observed(100_000))}
	for _, c := range fit.Conditions {
		t.Run(c.Code, func(t *testing.T) {
			for _, goal := range []struct {
				code, label string
				heatShare   float64
			}{{"relaxation", "Relaxation", 0.3}, {"lower_back", "Lower-back relief", 0.3}, {"sleep", "Sleep", 0.3}} {
				f := rankAll(heated, fit.Profile{PriceWeight: n(0), Goals: []string{goal.code}, Conditions: []string{c.Code}}, nil)
				it, ok := item(t, result(t, f, "rich").Breakdown, goal.label)
				if !ok {
					t.Fatalf("no %q item", goal.label)
				}
				if c.HeatCaution {
					want := int(float64(it.Max)*(1-goal.heatShare) + 0.5)
					if it.Points != want {
						t.Errorf("%s with heat: %d of %d points, want %d (heat earns nothing)", goal.code, it.Points, it.Max, want)
					}
					if it.Caveat.ID == "" || !strings.Contains(strings.ToLower(say(it.Caveat)), "heat") {
						t.Errorf("%s with heat: caveat %q, want one about heat", goal.code, say(it.Caveat))
					}
					if strings.Contains(say(it.Why), "heat") {
						t.Errorf("%s: why %q still credits heat", goal.code, say(it.Why))
					}
				} else if it.Points != it.Max || it.Caveat.ID != "" {
					t.Errorf("%s (no heat caution): %+v, want full points and no caveat", goal.code, it)
				}
				// A chair without heat loses nothing and needs no caveat.
				un, _ := item(t, result(t, f, "unheated").Breakdown, goal.label)
				if un.Caveat.ID != "" {
					t.Errorf("%s: unheated chair carries caveat %q", goal.code, say(un.Caveat))
				}
			}
		})
	}
	if n := len(slices.DeleteFunc(slices.Clone(fit.Conditions), func(c fit.Condition) bool { return !c.HeatCaution })); n == 0 {
		t.Error("no condition is a heat caution")
	}
	for _, code := range []string{"diabetes_neuropathy", "dvt", "varicose_veins"} {
		if c, _ := fit.ConditionByCode(code); !c.HeatCaution {
			t.Errorf("%s (neuropathy or circulation) is not a heat caution", code)
		}
	}
}

func TestRankGentleConditions(t *testing.T) {
	chairs := []catalog.Chair{
		chair("Rich", rich, observed(100_000)),
		chair("Air Only", bare.with("airbags", int64(12)), observed(100_000)),
		chair("Bare", bare, observed(100_000)),
		chair("Unknown", base, observed(100_000)),
	}
	for _, c := range fit.Conditions {
		t.Run(c.Code, func(t *testing.T) {
			f := rankAll(chairs, fit.Profile{PriceWeight: n(0), Goals: []string{"relaxation"}, Conditions: []string{c.Code}}, nil)
			for _, r := range f.Results {
				it, ok := item(t, r.Breakdown, "Gentle options")
				if !c.Gentle {
					if ok {
						t.Errorf("%s: gentle item %+v for a condition that is not gentle", r.Chair.Slug, it)
					}
					continue
				}
				if !ok {
					t.Fatalf("%s: no \"Gentle options\" item in %+v", r.Chair.Slug, r.Breakdown)
				}
				if it.Caveat.ID == "" || !strings.Contains(say(it.Caveat), english.T(c.Label)) {
					t.Errorf("%s: gentle caveat %q does not name %q", r.Chair.Slug, say(it.Caveat), strings.ToLower(c.Label))
				}
				want := map[string]int{"rich": it.Max, "air-only": (it.Max + 1) / 2, "bare": 0, "unknown": 0}[r.Chair.Slug]
				if it.Points != want || it.Max != 50 {
					t.Errorf("%s: gentle item %d of %d points, want %d of 50", r.Chair.Slug, it.Points, it.Max, want)
				}
			}
			if c.Gentle {
				if got := slugs(f.Results); got[0] != "rich" || got[len(got)-1] != "unknown" && got[len(got)-1] != "bare" {
					t.Errorf("order %v: want the gentle, featured chair first", got)
				}
			}
		})
	}
	for _, code := range []string{"osteoporosis", "recent_surgery_fracture", "spinal_condition"} {
		if c, _ := fit.ConditionByCode(code); !c.Gentle {
			t.Errorf("%s is not a gentle condition", code)
		}
	}
}

func TestHealthAdvice(t *testing.T) {
	given := []string{"skin_condition", "pregnancy", "osteoporosis", "cancer"}
	f := rankAll(nil, fit.Profile{Conditions: given}, nil)
	var got []string
	for _, c := range f.Health {
		got = append(got, c.Code)
	}
	if !slices.Equal(got, given) {
		t.Errorf("health advice %v, want the conditions in the order given %v", got, given)
	}
	if len(rankAll(someChairs(), fit.Profile{}, nil).Health) != 0 {
		t.Error("advice without conditions")
	}
	if _, ok := fit.ConditionByCode("flu"); ok {
		t.Error("ConditionByCode(flu) found something")
	}
	seen := map[string]bool{}
	for _, c := range fit.Conditions {
		if seen[c.Code] {
			t.Errorf("condition %s listed twice", c.Code)
		}
		seen[c.Code] = true
		if got, ok := fit.ConditionByCode(c.Code); !ok || got.Code != c.Code {
			t.Errorf("ConditionByCode(%s) = %v, %v", c.Code, got.Code, ok)
		}
		if c.Label == "" || len(c.Advice) < 20 {
			t.Errorf("%s: label %q, advice %q", c.Code, c.Label, c.Advice)
		}
		if len(c.Sources) == 0 {
			t.Errorf("%s: advice has no source", c.Code)
		}
		for _, s := range c.Sources {
			checkSource(t, c.Code, s)
		}
	}
	checkSource(t, "Lifespan", fit.LifespanSource)
	checkSource(t, "rate", fit.RateSource)
}

func checkSource(t *testing.T, what string, s fit.Source) {
	t.Helper()
	u, err := url.Parse(s.URL)
	if err != nil || u.Scheme != "https" || u.Host == "" || s.Title == "" {
		t.Errorf("%s: source %+v is not a titled https URL", what, s)
	}
}

// TestScoreGoalWeights: a heavier goal earns a larger share of the feature
// points, so the chair with its features wins.
func TestScoreGoalWeights(t *testing.T) {
	kneader := chair("Kneader", bare.with("rollers", "4d", "track", "sl"), observed(100_000))
	lounger := chair("Lounger", bare.with("zero_gravity", true, "heat", true, "airbags", int64(30)), observed(100_000))
	for _, tc := range []struct {
		weights map[string]int64
		first   string
	}{
		{map[string]int64{"deep_knots": 10, "relaxation": 1}, "kneader"},
		{map[string]int64{"deep_knots": 1, "relaxation": 10}, "lounger"},
	} {
		f := rankAll([]catalog.Chair{kneader, lounger}, fit.Profile{PriceWeight: n(0), GoalWeights: tc.weights}, nil)
		if got := slugs(f.Results); got[0] != tc.first {
			t.Errorf("weights %v: order %v, want %s first", tc.weights, got, tc.first)
		}
		for _, r := range f.Results {
			if err := checkBreakdown(r); err != nil {
				t.Error(err)
			}
		}
		deep, _ := item(t, f.Results[0].Breakdown, "Deep knots")
		relax, _ := item(t, f.Results[0].Breakdown, "Relaxation")
		if (tc.weights["deep_knots"] > tc.weights["relaxation"]) != (deep.Max > relax.Max) {
			t.Errorf("weights %v: deep knots worth %d, relaxation %d", tc.weights, deep.Max, relax.Max)
		}
	}
}
