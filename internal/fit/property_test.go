package fit_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"masahe/data"
	"masahe/internal/catalog"
	"masahe/internal/catalog/catalogtest"
	"masahe/internal/fit"
	"masahe/internal/prices"
)

// bundled returns the starter catalog's chairs, normalised, with their
// offers and brand names.
func bundled(t testing.TB) []catalog.Chair {
	t.Helper()
	doc, err := data.Starter()
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(catalog.Known{}); err != nil {
		t.Fatal(err)
	}
	return withOffers(doc)
}

// bundledPlaces returns the starter catalog's showrooms, stores and
// service centres.
func bundledPlaces(t testing.TB) []catalog.Place {
	t.Helper()
	doc, err := data.Starter()
	if err != nil {
		t.Fatal(err)
	}
	return doc.Places
}

// withOffers gives the document's chairs their offers, brand names and
// sources, as the store loads them.
func withOffers(doc *catalog.Document) []catalog.Chair {
	sources := map[string]catalog.Source{}
	for _, s := range doc.Sources {
		sources[s.ID] = s
	}
	brands := map[string]string{}
	for _, b := range doc.Brands {
		brands[b.Slug] = b.Name
	}
	offers := map[string][]prices.Offer{}
	at := time.Date(2025, 1, 1, 2, 0, 0, 0, time.UTC)
	for _, o := range catalogtest.Observations(doc, at) {
		offers[o.ChairSlug] = append(offers[o.ChairSlug], prices.Offer{Observation: o})
	}
	chairs := slices.Clone(doc.Chairs)
	for i := range chairs {
		chairs[i].BrandName = brands[chairs[i].Brand]
		chairs[i].Offers = offers[chairs[i].Slug]
		chairs[i].Sources = sources
	}
	return chairs
}

// profiles generates count valid profiles, the same ones every run.
func profiles(t testing.TB, count int) []fit.Profile {
	rng := rand.New(rand.NewPCG(2025, 10173))
	maybe := func(lo, hi int64) *int64 {
		if rng.IntN(4) == 0 {
			return nil
		}
		return n(lo + rng.Int64N(hi-lo+1))
	}
	some := func(codes []string, most int) []string {
		var out []string
		for range rng.IntN(most + 1) {
			c := codes[rng.IntN(len(codes))]
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		return out
	}
	var goals, musts, conds, regions []string
	for _, g := range fit.Goals {
		goals = append(goals, g.Code)
	}
	for _, m := range fit.MustHaves {
		musts = append(musts, m.Code)
	}
	for _, c := range fit.Conditions {
		conds = append(conds, c.Code)
	}
	for _, r := range fit.Regions {
		regions = append(regions, r.Code)
	}
	var out []fit.Profile
	for range count {
		p := fit.Profile{
			HeightCM: maybe(140, 205), WeightKG: maybe(45, 160), BudgetPHP: maybe(30_000, 800_000),
			Room:        fit.Room{WidthCM: maybe(60, 200), DepthCM: maybe(120, 300)},
			AgainstWall: rng.IntN(3) == 0,
			Delivery:    fit.Delivery{DoorWidthCM: maybe(60, 130), FloorsByStairs: maybe(0, 5), Lift: rng.IntN(2) == 0},
			Goals:       some(goals, 3), MustHave: some(musts, 2), Conditions: some(conds, 2),
			SessionsPerWeek: maybe(0, 21), MinutesPerSession: maybe(5, 60),
			PriceWeight: maybe(0, 100), ElectricityPHPPerKWh: maybe(8, 20),
		}
		if rng.IntN(3) > 0 {
			p.Region = regions[rng.IntN(len(regions))]
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("generated an invalid profile %s: %v", js(p), err)
		}
		out = append(out, p)
	}
	return out
}

const propertyProfiles = 400

// violations lists the buyer's hard limits that a chair's known data breaks.
func violations(c catalog.Chair, p fit.Profile) []string {
	var out []string
	if p.HeightCM != nil {
		if lo, ok := c.Int("user_height_min_cm"); ok && *p.HeightCM < lo {
			out = append(out, fmt.Sprintf("height %d < min %d", *p.HeightCM, lo))
		}
		if hi, ok := c.Int("user_height_max_cm"); ok && *p.HeightCM > hi {
			out = append(out, fmt.Sprintf("height %d > max %d", *p.HeightCM, hi))
		}
	}
	if max, ok := c.Int("max_user_weight_kg"); ok && p.WeightKG != nil && *p.WeightKG > max {
		out = append(out, fmt.Sprintf("weight %d > max %d", *p.WeightKG, max))
	}
	if o, ok := c.LowestOffer(); ok && p.BudgetPHP != nil && o.Price.WholePesos() > *p.BudgetPHP {
		out = append(out, fmt.Sprintf("price %s > budget %d", o.Price, *p.BudgetPHP))
	}
	if depth, ok := c.Int("reclined_depth_cm"); ok && p.Room.DepthCM != nil {
		clearance, _ := c.Int("wall_clearance_cm")
		if depth+clearance > *p.Room.DepthCM {
			out = append(out, fmt.Sprintf("depth %d+%d > room %d", depth, clearance, *p.Room.DepthCM))
		}
	}
	if p.Room.WidthCM != nil {
		width, ok := c.Int("reclined_width_cm")
		if !ok {
			width, ok = c.Int("upright_width_cm")
		}
		if ok && width > *p.Room.WidthCM {
			out = append(out, fmt.Sprintf("width %d > room %d", width, *p.Room.WidthCM))
		}
	}
	if p.Delivery.DoorWidthCM != nil {
		w, okW := c.Int("upright_width_cm")
		d, okD := c.Int("upright_depth_cm")
		h, okH := c.Int("upright_height_cm")
		if okW && okD && okH && min(w, d, h) > *p.Delivery.DoorWidthCM {
			out = append(out, fmt.Sprintf("sides %d×%d×%d > door %d", w, d, h, *p.Delivery.DoorWidthCM))
		}
	}
	return out
}

func TestPropertyHardLimits(t *testing.T) {
	chairs := bundled(t)
	if len(chairs) < 20 {
		t.Fatalf("only %d bundled chairs", len(chairs))
	}
	var results, excluded int
	for i, p := range profiles(t, propertyProfiles) {
		f := rankAll(chairs, p, nil)
		results += len(f.Results)
		excluded += len(f.Excluded)
		seen := map[string]int{}
		for _, r := range f.Results {
			seen[r.Chair.Slug]++
			if v := violations(*r.Chair, p); len(v) > 0 {
				t.Errorf("profile %d %s: result %s breaks %v", i, js(p), r.Chair.Slug, v)
			}
			for _, c := range r.Checks {
				if c.Result == fit.NoFit {
					t.Errorf("profile %d: result %s has a no_fit check %+v", i, r.Chair.Slug, c)
				}
			}
			if r.Fit != fit.Worst(r.Checks) {
				t.Errorf("profile %d: result %s Fit %s, worst check %s", i, r.Chair.Slug, r.Fit, fit.Worst(r.Checks))
			}
			for _, code := range p.MustHave {
				for _, c := range r.Checks {
					if c.Code == "missing_"+code {
						t.Errorf("profile %d: result %s lacks required %s", i, r.Chair.Slug, code)
					}
				}
			}
		}
		for _, e := range f.Excluded {
			seen[e.Chair.Slug]++
			checks := f.Failing(e)
			if len(checks) == 0 || !slices.Equal(e.Failed, failedOf(checks)) || len(failedOf(checks)) != len(checks) {
				t.Errorf("profile %d: excluded %s has no no_fit check: %+v, failed %v", i, e.Chair.Slug, checks, e.Failed)
			}
		}
		if len(f.Results)+len(f.Excluded) != len(chairs) || len(seen) != len(chairs) {
			t.Errorf("profile %d: %d results + %d excluded (%d distinct) for %d chairs", i, len(f.Results), len(f.Excluded), len(seen), len(chairs))
		}
		for slug, times := range seen {
			if times != 1 {
				t.Errorf("profile %d: %s appears %d times", i, slug, times)
			}
		}
		if t.Failed() {
			return
		}
	}
	t.Logf("%d profiles × %d chairs: %d results, %d excluded", propertyProfiles, len(chairs), results, excluded)
	if results == 0 || excluded == 0 {
		t.Errorf("the profiles gave %d results and %d exclusions in all: too weak to test anything", results, excluded)
	}
}

func TestPropertyScores(t *testing.T) {
	chairs := bundled(t)
	failures := 0
	for i, p := range profiles(t, propertyProfiles) {
		f := rankAll(chairs, p, nil)
		for _, r := range f.Results {
			sum := 0
			for _, it := range r.Breakdown {
				sum += it.Points
			}
			if (sum != r.Score || r.Score < 0 || r.Score > 100) && failures < 5 {
				failures++
				t.Errorf("profile %d (price_weight %v, goals %v, conditions %v): %s scores %d, breakdown sums to %d: %+v",
					i, deref(p.PriceWeight), p.Goals, p.Conditions, r.Chair.Slug, r.Score, sum, r.Breakdown)
			}
		}
	}
}

func TestPropertyRaisingBudgetKeepsResults(t *testing.T) {
	chairs := bundled(t)
	for i, p := range profiles(t, propertyProfiles) {
		before := rankAll(chairs, p, nil)
		for _, more := range []*int64{n(orZero(p.BudgetPHP) + 1), n(orZero(p.BudgetPHP) * 2), n(100_000_000), nil} {
			q := p
			q.BudgetPHP = more
			if more != nil && p.BudgetPHP == nil {
				continue // a budget where there was none is not a raise
			}
			after := rankAll(chairs, q, nil)
			kept := slugs(after.Results)
			for _, r := range before.Results {
				if !slices.Contains(kept, r.Chair.Slug) {
					t.Errorf("profile %d: budget %v → %v removes %s", i, deref(p.BudgetPHP), deref(more), r.Chair.Slug)
				}
			}
		}
	}
}

func orZero(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func TestPropertyConditionNeverRaisesScoreWithoutCaveat(t *testing.T) {
	chairs := bundled(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for i, p := range profiles(t, propertyProfiles) {
		before := rankAll(chairs, p, nil)
		q := p
		q.Conditions = append(slices.Clone(p.Conditions), fit.Conditions[rng.IntN(len(fit.Conditions))].Code)
		after := rankAll(chairs, q, nil)
		if !slices.Equal(slices.Sorted(slices.Values(slugs(before.Results))), slices.Sorted(slices.Values(slugs(after.Results)))) {
			t.Errorf("profile %d: a condition changed which chairs fit", i)
			continue
		}
		old := map[string]int{}
		for _, r := range before.Results {
			old[r.Chair.Slug] = r.Score
		}
		for _, r := range after.Results {
			if r.Score <= old[r.Chair.Slug] {
				continue
			}
			if !slices.ContainsFunc(r.Breakdown, func(it fit.Item) bool { return it.Caveat.ID != "" }) {
				t.Errorf("profile %d: adding %q raises %s from %d to %d with no caveat: %+v",
					i, q.Conditions[len(q.Conditions)-1], r.Chair.Slug, old[r.Chair.Slug], r.Score, r.Breakdown)
			}
		}
		if len(after.Health) != len(slices.Compact(slices.Clone(q.Conditions))) && !hasDup(q.Conditions) {
			t.Errorf("profile %d: %d advice items for conditions %v", i, len(after.Health), q.Conditions)
		}
	}
}

func hasDup(s []string) bool {
	c := slices.Clone(s)
	slices.Sort(c)
	return len(slices.Compact(c)) != len(s)
}

func TestPropertyDeterministic(t *testing.T) {
	chairs := bundled(t)
	rng := rand.New(rand.NewPCG(5, 6))
	for i, p := range profiles(t, 50) {
		want := rankAll(chairs, p, nil)
		shuffled := slices.Clone(chairs)
		rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		got := rankAll(shuffled, p, nil)
		if !slices.Equal(slugs(got.Results), slugs(want.Results)) || !slices.Equal(excludedSlugs(got.Excluded), excludedSlugs(want.Excluded)) {
			t.Errorf("profile %d: order depends on input order", i)
		}
	}
}
