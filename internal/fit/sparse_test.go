package fit_test

import (
	"maps"
	"slices"
	"testing"

	"masahe/internal/catalog"
	"masahe/internal/fit"
	"masahe/internal/prices"
)

// unknownLimits are the indexes of r's checks of the buyer's own limits
// that cannot be checked. CheckChair gives every chair the same checks in
// the same order for one profile, so an index names the same limit in
// every result.
func unknownLimits(r fit.Result) map[int]bool {
	out := map[int]bool{}
	for i, c := range r.Checks {
		if c.Result == fit.Unknown && c.BuyerLimit() {
			out[i] = true
		}
	}
	return out
}

// TestPropertySparseData holds the finder to the three promises on
// the bundled data and hundreds of profiles: no chair that breaks a
// published limit is listed as fitting; a chair that cannot be checked on
// a limit the buyer set is never above one known to fit it (never above a
// chair known on every limit, nor above one whose unknown limits are a
// strict subset of its own); and every question names a value that is
// really missing.
func TestPropertySparseData(t *testing.T) {
	chairs := bundled(t)
	places := bundledPlaces(t)
	for i, p := range profiles(t, propertyProfiles) {
		f := rankAll(chairs, p, places)
		for k, r := range f.Results {
			if v := violations(*r.Chair, p); len(v) > 0 {
				t.Errorf("profile %d: %s is listed (%s) but breaks %v", i, r.Chair.Slug, r.Fit, v)
			}
			if !slices.Contains([]fit.Verdict{fit.Fits, fit.Unknown, fit.Borderline}, r.Fit) {
				t.Errorf("profile %d: %s listed with fit %s", i, r.Chair.Slug, r.Fit)
			}
			if len(r.Checks) != len(f.Results[0].Checks) {
				t.Fatalf("profile %d: %s has %d checks, %s %d: checks do not line up", i, r.Chair.Slug, len(r.Checks), f.Results[0].Chair.Slug, len(f.Results[0].Checks))
			}
			mine := unknownLimits(r)
			if len(mine) != r.Unchecked {
				t.Errorf("profile %d: %s Unchecked = %d, but %d of its limits are unknown", i, r.Chair.Slug, r.Unchecked, len(mine))
			}
			for _, below := range f.Results[k+1:] {
				theirs := unknownLimits(below)
				if len(mine) > 0 && len(theirs) == 0 || len(theirs) < len(mine) && isSubset(theirs, mine) {
					t.Errorf("profile %d: %s (unknown on %v) ranks above %s (unknown on %v)", i, r.Chair.Slug, slices.Sorted(maps.Keys(mine)), below.Chair.Slug, slices.Sorted(maps.Keys(theirs)))
				}
			}
			asked := 0
			for _, c := range r.Checks {
				if !c.Asks() {
					continue
				}
				asked++
				if len(c.Missing) == 0 {
					t.Errorf("profile %d: %s asks %q without naming what is missing", i, r.Chair.Slug, say(c.Ask))
				}
				for _, key := range c.Missing {
					if !reallyMissing(*r.Chair, key, p, places) {
						t.Errorf("profile %d: %s asks %q about %s, which is published", i, r.Chair.Slug, say(c.Ask), key)
					}
				}
			}
			if asked != len(r.Questions) || r.Fit == fit.Unknown && asked == 0 {
				t.Errorf("profile %d: %s (%s) lists %d questions for %d checks that ask", i, r.Chair.Slug, r.Fit, len(r.Questions), asked)
			}
		}
		if t.Failed() {
			return
		}
	}
}

func isSubset(a, b map[int]bool) bool {
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// reallyMissing tells whether a value a question asks about is missing: a
// spec that is not published (a voltage counts as missing here unless a
// Philippine source gives 220–240 V), a real price, or a service centre of
// the brand in the buyer's region.
func reallyMissing(c catalog.Chair, key string, p fit.Profile, places []catalog.Place) bool {
	switch key {
	case "price":
		return !slices.ContainsFunc(c.Offers, func(o prices.Offer) bool {
			return o.Buyable() && (p.BudgetPHP == nil || o.Price.WholePesos() <= *p.BudgetPHP)
		})
	case "service_centre":
		var psa string
		for _, r := range fit.Regions {
			if r.Code == p.Region {
				psa = r.PSA
			}
		}
		return !slices.ContainsFunc(places, func(pl catalog.Place) bool {
			return pl.Brand == c.Brand && pl.Kind == catalog.PlaceServiceCentre && pl.Region == psa
		})
	case "voltage":
		v, ok := c.Str("voltage")
		return !ok || v != "220-240"
	}
	if _, known := catalog.FieldByKey(key); !known {
		return false
	}
	_, published := c.Specs[key]
	return !published
}

// The two profiles of the acceptance test, over the bundled data.
var (
	defaultProfile = fit.Profile{HeightCM: n(160), WeightKG: n(60), Room: fit.Room{WidthCM: n(250), DepthCM: n(300)}}
	smallCondo     = fit.Profile{HeightCM: n(160), WeightKG: n(60), Room: fit.Room{WidthCM: n(110), DepthCM: n(200)},
		Delivery: fit.Delivery{DoorWidthCM: n(80)}}
)

// TestAcceptanceDefaultProfile: a 160 cm, 60 kg buyer with a 250 × 300 cm
// room is shown chairs that fit what is published, each with the
// questions to ask, and never "nothing fits".
func TestAcceptanceDefaultProfile(t *testing.T) {
	f := rankAll(bundled(t), defaultProfile, bundledPlaces(t))
	published := 0
	for _, r := range f.Results {
		if r.Fit != fit.Unknown {
			continue
		}
		published++
		if len(r.Questions) == 0 {
			t.Errorf("%s fits what is published but asks nothing", r.Chair.Slug)
		}
	}
	if published == 0 {
		t.Fatalf("no chair fits what is published; results %v", slugs(f.Results))
	}
	top := f.Results[0]
	if top.Unchecked != 0 {
		t.Errorf("the top chair %s cannot be checked on %d of the buyer's limits", top.Chair.Slug, top.Unchecked)
	}
	for _, r := range f.Results[:min(5, len(f.Results))] {
		t.Logf("%s: %s, score %d; %d questions", r.Chair.FullName(), r.Fit, r.Score, len(r.Questions))
	}
}

// TestAcceptanceSmallCondo: in a small room behind a narrow door, the
// chairs known to fit every limit the buyer set come first, and none of
// them below a chair whose size is not published.
func TestAcceptanceSmallCondo(t *testing.T) {
	f := rankAll(bundled(t), smallCondo, bundledPlaces(t))
	if len(f.Results) == 0 {
		t.Fatal("no results")
	}
	sizeUnknown := func(r fit.Result) bool {
		return slices.ContainsFunc(r.Checks, func(c fit.Check) bool { return c.Check == "room" && c.Result == fit.Unknown })
	}
	if sizeUnknown(f.Results[0]) || f.Results[0].Unchecked != 0 {
		t.Fatalf("the top chair %s is not known to fit the room and door; results %v", f.Results[0].Chair.Slug, slugs(f.Results))
	}
	seenUnknown := ""
	for _, r := range f.Results {
		switch {
		case sizeUnknown(r):
			seenUnknown = r.Chair.Slug
		case seenUnknown != "" && r.Unchecked == 0:
			t.Errorf("%s, with a published size, ranks below %s, without one", r.Chair.Slug, seenUnknown)
		}
	}
	for _, r := range f.Results[:min(5, len(f.Results))] {
		t.Logf("%s: %s, %d unchecked, score %d", r.Chair.FullName(), r.Fit, r.Unchecked, r.Score)
	}
}
