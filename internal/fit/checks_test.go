package fit_test

import (
	"strings"
	"testing"

	"masahe/internal/catalog"
	"masahe/internal/fit"
)

type checkCase struct {
	name  string
	specs specs
	offer []catalog.Offer
	p     fit.Profile
	want  []wantCheck
}

func runChecks(t *testing.T, kind string, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := chair("Test Chair", tc.specs, tc.offer...)
			assertChecks(t, of(fit.CheckChair(c, tc.p), kind), tc.want)
		})
	}
}

func TestCheckHeight(t *testing.T) {
	h := func(cm int64) fit.Profile { return fit.Profile{HeightCM: n(cm)} }
	near := func(cm string) wantCheck {
		return wantCheck{fit.Borderline, "height_near_limit", []string{cm + " cm", "150–190 cm", "3 cm"}}
	}
	ok := func(cm string) wantCheck {
		return wantCheck{fit.Fits, "height_ok", []string{cm + " cm", "150–190 cm"}}
	}
	runChecks(t, "body", []checkCase{
		{"below min", base, nil, h(140), []wantCheck{{fit.NoFit, "too_short", []string{"140 cm", "150 cm"}}}},
		{"min-1", base, nil, h(149), []wantCheck{{fit.NoFit, "too_short", []string{"149 cm", "150 cm"}}}},
		{"min", base, nil, h(150), []wantCheck{near("150")}},
		{"min+2", base, nil, h(152), []wantCheck{near("152")}},
		{"min+3", base, nil, h(153), []wantCheck{ok("153")}},
		{"middle", base, nil, h(170), []wantCheck{ok("170")}},
		{"max-3", base, nil, h(187), []wantCheck{ok("187")}},
		{"max-2", base, nil, h(188), []wantCheck{near("188")}},
		{"max", base, nil, h(190), []wantCheck{near("190")}},
		{"max+1", base, nil, h(191), []wantCheck{{fit.NoFit, "too_tall", []string{"191 cm", "190 cm"}}}},
		{"range not published", base.without("user_height_min_cm", "user_height_max_cm"), nil, h(170),
			[]wantCheck{{fit.Borderline, "not_published", []string{"not published", "height"}}}},
		{"only min published, above it", base.without("user_height_max_cm"), nil, h(170),
			[]wantCheck{{fit.Borderline, "not_published", []string{"not published"}}}},
		{"only max published, below it", base.without("user_height_min_cm"), nil, h(170),
			[]wantCheck{{fit.Borderline, "not_published", []string{"not published"}}}},
		{"only min published, below it", base.without("user_height_max_cm"), nil, h(149),
			[]wantCheck{{fit.NoFit, "too_short", []string{"149 cm", "150 cm"}}}},
		{"only max published, above it", base.without("user_height_min_cm"), nil, h(191),
			[]wantCheck{{fit.NoFit, "too_tall", []string{"191 cm", "190 cm"}}}},
		{"no height given", base, nil, fit.Profile{}, nil},
	})
}

func TestCheckWeight(t *testing.T) {
	w := func(kg int64) fit.Profile { return fit.Profile{WeightKG: n(kg)} }
	runChecks(t, "body", []checkCase{
		{"well under", base, nil, w(70), []wantCheck{{fit.Fits, "weight_ok", []string{"70 kg", "130 kg"}}}},
		{"max-5", base, nil, w(125), []wantCheck{{fit.Fits, "weight_ok", []string{"125 kg", "130 kg"}}}},
		{"max-4", base, nil, w(126), []wantCheck{{fit.Borderline, "weight_near_limit", []string{"126 kg", "130 kg", "5 kg"}}}},
		{"max", base, nil, w(130), []wantCheck{{fit.Borderline, "weight_near_limit", []string{"130 kg"}}}},
		{"max+1", base, nil, w(131), []wantCheck{{fit.NoFit, "too_heavy", []string{"131 kg", "130 kg"}}}},
		{"not published", base.without("max_user_weight_kg"), nil, w(70),
			[]wantCheck{{fit.Borderline, "not_published", []string{"not published", "weight"}}}},
	})
	// Height and weight together give two body checks, height first.
	c := chair("Test Chair", base)
	assertChecks(t, of(fit.CheckChair(c, fit.Profile{HeightCM: n(170), WeightKG: n(131)}), "body"), []wantCheck{
		{fit.Fits, "height_ok", []string{"170 cm"}},
		{fit.NoFit, "too_heavy", []string{"131 kg"}},
	})
}

func TestCheckRoomDepth(t *testing.T) {
	d := func(cm int64) fit.Profile { return fit.Profile{Room: fit.Room{DepthCM: n(cm)}} }
	// base needs 180 + 10 = 190 cm.
	runChecks(t, "room", []checkCase{
		{"spare 5", base, nil, d(195), []wantCheck{{fit.Fits, "room_depth_ok", []string{"190 cm", "10 cm", "195 cm"}}}},
		{"spare 4", base, nil, d(194), []wantCheck{{fit.Borderline, "room_tight", []string{"190 cm", "194 cm", "4 cm"}}}},
		{"exactly enough", base, nil, d(190), []wantCheck{{fit.Borderline, "room_tight", []string{"190 cm", "0 cm"}}}},
		{"1 cm short", base, nil, d(189), []wantCheck{{fit.NoFit, "room_too_shallow", []string{"190 cm", "10 cm", "189 cm"}}}},
		{"deep enough without clearance but not with it", base, nil, d(185),
			[]wantCheck{{fit.NoFit, "room_too_shallow", []string{"190 cm", "185 cm"}}}},
		{"clearance 0, spare 5", base.with("wall_clearance_cm", int64(0)), nil, d(185),
			[]wantCheck{{fit.Fits, "room_depth_ok", []string{"180 cm", "185 cm"}}}},
		{"clearance 0, spare 4", base.with("wall_clearance_cm", int64(0)), nil, d(184),
			[]wantCheck{{fit.Borderline, "room_tight", []string{"180 cm", "184 cm", "4 cm"}}}},
		{"clearance not published, room deep", base.without("wall_clearance_cm"), nil, d(250),
			[]wantCheck{{fit.Borderline, "clearance_not_published", []string{"180 cm", "250 cm", "not published"}}}},
		{"clearance not published, room too shallow", base.without("wall_clearance_cm"), nil, d(179),
			[]wantCheck{{fit.NoFit, "room_too_shallow", []string{"180 cm", "179 cm"}}}},
		{"depth not published", base.without("reclined_depth_cm"), nil, d(250),
			[]wantCheck{{fit.Borderline, "not_published", []string{"not published", "depth"}}}},
	})
}

func TestCheckRoomWidth(t *testing.T) {
	w := func(cm int64) fit.Profile { return fit.Profile{Room: fit.Room{WidthCM: n(cm)}} }
	upright := base.without("reclined_width_cm") // 78 cm upright
	runChecks(t, "room", []checkCase{
		{"spare 5", base, nil, w(85), []wantCheck{{fit.Fits, "room_width_ok", []string{"80 cm", "85 cm"}}}},
		{"spare 4", base, nil, w(84), []wantCheck{{fit.Borderline, "room_width_tight", []string{"80 cm", "84 cm", "4 cm"}}}},
		{"exactly", base, nil, w(80), []wantCheck{{fit.Borderline, "room_width_tight", []string{"80 cm", "0 cm"}}}},
		{"too narrow", base, nil, w(79), []wantCheck{{fit.NoFit, "room_too_narrow", []string{"80 cm", "79 cm"}}}},
		{"upright width when reclined is not published", upright, nil, w(83),
			[]wantCheck{{fit.Fits, "room_width_ok", []string{"78 cm", "83 cm"}}}},
		{"upright width, spare 4", upright, nil, w(82),
			[]wantCheck{{fit.Borderline, "room_width_tight", []string{"78 cm", "82 cm", "4 cm"}}}},
		{"upright width too wide", upright, nil, w(77),
			[]wantCheck{{fit.NoFit, "room_too_narrow", []string{"78 cm", "77 cm"}}}},
		{"no width published", upright.without("upright_width_cm"), nil, w(200),
			[]wantCheck{{fit.Borderline, "not_published", []string{"not published", "width"}}}},
	})
	// Depth and width together: depth first.
	c := chair("Test Chair", base)
	assertChecks(t, of(fit.CheckChair(c, fit.Profile{Room: fit.Room{WidthCM: n(100), DepthCM: n(250)}}), "room"), []wantCheck{
		{fit.Fits, "room_depth_ok", []string{"190 cm", "250 cm"}},
		{fit.Fits, "room_width_ok", []string{"80 cm", "100 cm"}},
	})
}

func TestCheckAgainstWall(t *testing.T) {
	p := fit.Profile{AgainstWall: true}
	runChecks(t, "room", []checkCase{
		{"small gap", base, nil, p, []wantCheck{{fit.Fits, "wall_ok", []string{"10 cm"}}}},
		{"gap 15", base.with("wall_clearance_cm", int64(15)), nil, p, []wantCheck{{fit.Fits, "wall_ok", []string{"15 cm"}}}},
		{"gap 16", base.with("wall_clearance_cm", int64(16)), nil, p, []wantCheck{{fit.Borderline, "wall_gap", []string{"16 cm"}}}},
		{"gap 0, not a space-saver", base.with("wall_clearance_cm", int64(0), "space_saving", false), nil, p,
			[]wantCheck{{fit.Fits, "wall_ok", []string{"0 cm"}}}},
		{"published gap wins over space-saving", base.with("wall_clearance_cm", int64(30)), nil, p,
			[]wantCheck{{fit.Borderline, "wall_gap", []string{"30 cm"}}}},
		{"space-saver, gap not published", base.without("wall_clearance_cm"), nil, p,
			[]wantCheck{{fit.Fits, "space_saver", []string{"wall"}}}},
		{"not a space-saver, gap not published", base.without("wall_clearance_cm").with("space_saving", false), nil, p,
			[]wantCheck{{fit.Borderline, "not_space_saver", []string{"not published"}}}},
		{"nothing published", base.without("wall_clearance_cm", "space_saving"), nil, p,
			[]wantCheck{{fit.Borderline, "not_published", []string{"not published"}}}},
		{"not against a wall: no room check", base, nil, fit.Profile{}, nil},
	})
}

func TestCheckDoor(t *testing.T) {
	d := func(cm int64) fit.Profile { return fit.Profile{Delivery: fit.Delivery{DoorWidthCM: n(cm)}} }
	// base is 78 × 130 × 115 cm upright: the narrowest side is 78 cm.
	runChecks(t, "delivery", []checkCase{
		{"door = narrowest side", base, nil, d(78), []wantCheck{{fit.Borderline, "door_tight", []string{"78 cm", "78 cm door", "3 cm"}}}},
		{"side+2", base, nil, d(80), []wantCheck{{fit.Borderline, "door_tight", []string{"78 cm", "80 cm"}}}},
		{"side+3", base, nil, d(81), []wantCheck{{fit.Fits, "door_ok", []string{"78 cm", "81 cm"}}}},
		{"side-1, all three sides known", base, nil, d(77), []wantCheck{{fit.NoFit, "door_too_narrow", []string{"78 cm", "77 cm"}}}},
		{"narrowest side is the height", base.with("upright_height_cm", int64(70)), nil, d(75),
			[]wantCheck{{fit.Fits, "door_ok", []string{"70 cm", "75 cm"}}}},
		{"two sides known, both too big", base.without("upright_height_cm"), nil, d(77),
			[]wantCheck{{fit.Borderline, "door_unknown_side", []string{"77 cm", "78 cm", "not published"}}}},
		{"one side known, too big", base.without("upright_height_cm", "upright_width_cm"), nil, d(77),
			[]wantCheck{{fit.Borderline, "door_unknown_side", []string{"77 cm", "130 cm", "not published"}}}},
		{"one side known, fits", base.without("upright_width_cm", "upright_depth_cm"), nil, d(118),
			[]wantCheck{{fit.Fits, "door_ok", []string{"115 cm", "118 cm"}}}},
		{"one side known, tight", base.without("upright_width_cm", "upright_depth_cm"), nil, d(116),
			[]wantCheck{{fit.Borderline, "door_tight", []string{"115 cm", "116 cm"}}}},
		{"no size published", base.without("upright_width_cm", "upright_depth_cm", "upright_height_cm"), nil, d(100),
			[]wantCheck{{fit.Borderline, "not_published", []string{"not published"}}}},
	})
}

func TestCheckStairs(t *testing.T) {
	s := func(floors int64, lift bool) fit.Profile {
		return fit.Profile{Delivery: fit.Delivery{FloorsByStairs: n(floors), Lift: lift}}
	}
	runChecks(t, "delivery", []checkCase{
		{"ground floor", base, nil, s(0, false), []wantCheck{{fit.Fits, "stairs_ok", []string{"0 floors", "95.5 kg"}}}},
		{"2 floors, no lift", base, nil, s(2, false), []wantCheck{{fit.Fits, "stairs_ok", []string{"2 floors"}}}},
		{"3 floors, no lift", base, nil, s(3, false), []wantCheck{{fit.Borderline, "stairs", []string{"3 floors", "2", "95.5 kg"}}}},
		{"3 floors, no lift, weight not published", base.without("chair_weight_kg"), nil, s(3, false),
			[]wantCheck{{fit.Borderline, "stairs", []string{"3 floors"}}}},
		{"2 floors, lift", base, nil, s(2, true), nil},
		{"3 floors, lift", base, nil, s(3, true), nil},
		{"10 floors, lift", base, nil, s(10, true), nil},
	})
	// Door and stairs together: door first.
	c := chair("Test Chair", base)
	p := fit.Profile{Delivery: fit.Delivery{DoorWidthCM: n(90), FloorsByStairs: n(3)}}
	assertChecks(t, of(fit.CheckChair(c, p), "delivery"), []wantCheck{
		{fit.Fits, "door_ok", []string{"78 cm", "90 cm"}},
		{fit.Borderline, "stairs", []string{"3 floors"}},
	})
}

func TestCheckPower(t *testing.T) {
	runChecks(t, "power", []checkCase{
		{"220-240", base, nil, fit.Profile{}, []wantCheck{{fit.Fits, "voltage_ok", []string{"220–240 V"}}}},
		{"110-120", base.with("voltage", "110-120"), nil, fit.Profile{},
			[]wantCheck{{fit.Borderline, "step_down_needed", []string{"110–120 V", "220 V", "step-down transformer"}}}},
		{"100", base.with("voltage", "100"), nil, fit.Profile{},
			[]wantCheck{{fit.Borderline, "step_down_needed", []string{"100 V", "220 V", "step-down transformer"}}}},
		{"missing", base.without("voltage"), nil, fit.Profile{},
			[]wantCheck{{fit.Borderline, "not_published", []string{"not published", "voltage"}}}},
	})
}

func TestCheckService(t *testing.T) {
	type row struct {
		warranty any // true, false or nil (missing)
		region   string
		areas    []string // nil: not published
		want     wantCheck
	}
	served := []string{"Metro Manila", "Cebu"}
	rows := []row{
		{nil, "", served, wantCheck{fit.Borderline, "not_published", []string{"not published", "warranty"}}},
		{nil, "ncr", served, wantCheck{fit.Borderline, "not_published", []string{"not published"}}},
		{nil, "davao", served, wantCheck{fit.Borderline, "not_published", []string{"not published"}}},
		{nil, "ncr", nil, wantCheck{fit.Borderline, "not_published", []string{"not published"}}},
		{false, "", served, wantCheck{fit.Borderline, "no_ph_warranty", []string{"not honoured"}}},
		{false, "ncr", served, wantCheck{fit.Borderline, "no_ph_warranty", []string{"not honoured"}}},
		{false, "davao", served, wantCheck{fit.Borderline, "no_ph_warranty", []string{"not honoured"}}},
		{false, "ncr", nil, wantCheck{fit.Borderline, "no_ph_warranty", []string{"not honoured"}}},
		{true, "", served, wantCheck{fit.Fits, "ph_warranty", []string{"Philippines"}}},
		{true, "", nil, wantCheck{fit.Fits, "ph_warranty", []string{"Philippines"}}},
		{true, "ncr", served, wantCheck{fit.Fits, "region_served", []string{"Metro Manila (NCR)"}}},
		{true, "central_visayas", served, wantCheck{fit.Fits, "region_served", []string{"Central Visayas"}}},
		{true, "ncr", []string{"metro manila"}, wantCheck{fit.Fits, "region_served", []string{"Metro Manila (NCR)"}}},
		{true, "calabarzon", []string{"Laguna"}, wantCheck{fit.Fits, "region_served", []string{"Calabarzon"}}},
		{true, "davao", served, wantCheck{fit.Borderline, "region_not_served", []string{"Metro Manila, Cebu", "Davao Region"}}},
		{true, "ncr", nil, wantCheck{fit.Borderline, "areas_not_published", []string{"Metro Manila (NCR)", "not published"}}},
		{true, "ncr", []string{}, wantCheck{fit.Borderline, "areas_not_published", []string{"not published"}}},
	}
	var cases []checkCase
	for _, r := range rows {
		s := base.with("warranty_ph", r.warranty, "service_areas", nil)
		if r.areas != nil {
			s = s.with("service_areas", r.areas)
		}
		name := strings.Join([]string{"warranty=" + fmtAny(r.warranty), "region=" + r.region, "areas=" + strings.Join(r.areas, "+")}, " ")
		if r.areas == nil {
			name += "(missing)"
		}
		cases = append(cases, checkCase{name, s, nil, fit.Profile{Region: r.region}, []wantCheck{r.want}})
	}
	runChecks(t, "service", cases)
}

func fmtAny(v any) string {
	switch v := v.(type) {
	case nil:
		return "missing"
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	return "?"
}

func TestCheckBudget(t *testing.T) {
	b := func(php int64) fit.Profile { return fit.Profile{BudgetPHP: n(php)} }
	runChecks(t, "budget", []checkCase{
		{"observed, under", base, []catalog.Offer{observed(100_000)}, b(150_000),
			[]wantCheck{{fit.Fits, "within_budget", []string{"₱100,000", "₱150,000"}}}},
		{"observed, exactly the budget", base, []catalog.Offer{observed(100_000)}, b(100_000),
			[]wantCheck{{fit.Fits, "within_budget", []string{"₱100,000"}}}},
		{"observed, 1 peso over", base, []catalog.Offer{observed(100_000)}, b(99_999),
			[]wantCheck{{fit.NoFit, "over_budget", []string{"₱100,000", "₱99,999"}}}},
		{"lowest of several offers counts", base, []catalog.Offer{observed(120_000), observed(95_000)}, b(100_000),
			[]wantCheck{{fit.Fits, "within_budget", []string{"₱95,000", "₱100,000"}}}},
		{"sample, under", base, []catalog.Offer{sample(90_000)}, b(95_000),
			[]wantCheck{{fit.Borderline, "sample_price", []string{"₱90,000", "₱95,000", "sample"}}}},
		{"sample, over", base, []catalog.Offer{sample(90_000)}, b(80_000),
			[]wantCheck{{fit.NoFit, "over_budget", []string{"sample price", "₱90,000", "₱80,000"}}}},
		{"cheaper sample beside an observed offer", base, []catalog.Offer{observed(100_000), sample(90_000)}, b(95_000),
			[]wantCheck{{fit.Borderline, "sample_price", []string{"₱90,000"}}}},
		{"observed preferred over a sample at the same price", base, []catalog.Offer{sample(90_000), observed(90_000)}, b(95_000),
			[]wantCheck{{fit.Fits, "within_budget", []string{"₱90,000"}}}},
		{"no offer", base, nil, b(95_000), []wantCheck{{fit.Borderline, "no_offer", []string{"budget"}}}},
		{"no budget given: no budget check", base, []catalog.Offer{observed(1_000_000)}, fit.Profile{}, nil},
	})
}

func TestCheckMustHaves(t *testing.T) {
	type row struct {
		code, key string
		yes, no   any
	}
	rows := []row{
		{"zero_gravity", "zero_gravity", true, false},
		{"heat", "heat", true, false},
		{"foot_rollers", "foot_rollers", true, false},
		{"space_saving", "space_saving", true, false},
		{"app", "app_control", true, false},
		{"l_track", "track", "l", "s"},
		{"l_track", "track", "sl", "j"},
		{"rollers_3d", "rollers", "3d", "2d"},
		{"rollers_3d", "rollers", "4d", "2d"},
	}
	var cases []checkCase
	for _, r := range rows {
		label := ""
		for _, o := range fit.MustHaves {
			if o.Code == r.code {
				label = strings.ToLower(o.Label)
			}
		}
		p := fit.Profile{MustHave: []string{r.code}}
		cases = append(cases,
			checkCase{r.code + " yes " + fmtVal(r.yes), base.with(r.key, r.yes), nil, p, []wantCheck{{fit.Fits, "has_" + r.code, []string{label}}}},
			checkCase{r.code + " no " + fmtVal(r.no), base.with(r.key, r.no), nil, p, []wantCheck{{fit.NoFit, "missing_" + r.code, []string{label}}}},
			checkCase{r.code + " unknown", base.without(r.key), nil, p, []wantCheck{{fit.Borderline, "feature_not_published", []string{label, "not published"}}}},
		)
	}
	cases = append(cases, checkCase{"several, in the order asked", base.with("heat", true, "zero_gravity", false), nil,
		fit.Profile{MustHave: []string{"heat", "zero_gravity", "app"}}, []wantCheck{
			{fit.Fits, "has_heat", nil}, {fit.NoFit, "missing_zero_gravity", nil}, {fit.Borderline, "feature_not_published", nil},
		}})
	runChecks(t, "features", cases)
}

func fmtVal(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return fmtAny(v)
}

// A chair with no published data never passes a check silently: every
// check that needs its data is borderline and says "not published".
func TestCheckUnknownDataIsBorderline(t *testing.T) {
	empty := chair("Empty", specs{})
	p := fit.Profile{
		HeightCM: n(170), WeightKG: n(70), BudgetPHP: n(100_000),
		Room: fit.Room{WidthCM: n(100), DepthCM: n(250)}, AgainstWall: true,
		Delivery: fit.Delivery{DoorWidthCM: n(90), FloorsByStairs: n(1)}, Region: "ncr",
		MustHave: []string{"zero_gravity", "heat", "foot_rollers", "l_track", "rollers_3d", "space_saving", "app"},
	}
	checks := fit.CheckChair(empty, p)
	kinds := map[string]int{}
	for _, c := range checks {
		kinds[c.Check]++
		if c.Code == "stairs_ok" {
			continue // about the stairs, not the chair
		}
		if c.Result != fit.Borderline {
			t.Errorf("%s/%s = %s for a chair with no data: %q", c.Check, c.Code, c.Result, c.Message)
		}
		if c.Code != "no_offer" && !strings.Contains(c.Message, "not published") {
			t.Errorf("%s/%s message %q does not say \"not published\"", c.Check, c.Code, c.Message)
		}
	}
	for kind, want := range map[string]int{"body": 2, "room": 3, "delivery": 2, "power": 1, "service": 1, "budget": 1, "features": 7} {
		if kinds[kind] != want {
			t.Errorf("%d %s checks, want %d (all: %+v)", kinds[kind], kind, want, checks)
		}
	}
	if got := fit.Worst(checks); got != fit.Borderline {
		t.Errorf("Worst = %s, want borderline", got)
	}
}

func TestCheckChairRunsOnlyAskedChecks(t *testing.T) {
	checks := fit.CheckChair(chair("Test Chair", base), fit.Profile{})
	assertChecks(t, checks, []wantCheck{
		{fit.Fits, "voltage_ok", nil},
		{fit.Fits, "ph_warranty", nil},
	})
}

func TestWorst(t *testing.T) {
	c := func(v fit.Verdict) fit.Check { return fit.Check{Result: v} }
	for _, tc := range []struct {
		checks []fit.Check
		want   fit.Verdict
	}{
		{nil, fit.Fits},
		{[]fit.Check{c(fit.Fits)}, fit.Fits},
		{[]fit.Check{c(fit.Fits), c(fit.Borderline)}, fit.Borderline},
		{[]fit.Check{c(fit.NoFit), c(fit.Borderline), c(fit.Fits)}, fit.NoFit},
		{[]fit.Check{c(fit.Borderline), c(fit.NoFit)}, fit.NoFit},
	} {
		if got := fit.Worst(tc.checks); got != tc.want {
			t.Errorf("Worst(%v) = %s, want %s", tc.checks, got, tc.want)
		}
	}
}
