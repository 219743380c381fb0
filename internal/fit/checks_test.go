package fit_test

import (
	"strings"
	"testing"

	"masahe/internal/catalog"
	"masahe/internal/fit"
	"masahe/internal/prices"
)

type checkCase struct {
	name  string
	specs specs
	offer []prices.Offer
	p     fit.Profile
	want  []wantCheck
}

func runChecks(t *testing.T, kind string, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := chair("Test Chair", tc.specs, tc.offer...)
			assertChecks(t, of(fit.CheckChair(c, tc.p, nil), kind), tc.want)
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
			[]wantCheck{{fit.Unknown, "not_published", []string{"not published", "height"}}}},
		{"only min published, above it", base.without("user_height_max_cm"), nil, h(170),
			[]wantCheck{{fit.Unknown, "not_published", []string{"not published"}}}},
		{"only max published, below it", base.without("user_height_min_cm"), nil, h(170),
			[]wantCheck{{fit.Unknown, "not_published", []string{"not published"}}}},
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
			[]wantCheck{{fit.Unknown, "not_published", []string{"not published", "weight"}}}},
	})
	// Height and weight together give two body checks, height first.
	c := chair("Test Chair", base)
	assertChecks(t, of(fit.CheckChair(c, fit.Profile{HeightCM: n(170), WeightKG: n(131)}, nil), "body"), []wantCheck{
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
			[]wantCheck{{fit.Unknown, "clearance_not_published", []string{"180 cm", "250 cm", "not published"}}}},
		{"clearance not published, room too shallow", base.without("wall_clearance_cm"), nil, d(179),
			[]wantCheck{{fit.NoFit, "room_too_shallow", []string{"180 cm", "179 cm"}}}},
		{"depth not published", base.without("reclined_depth_cm"), nil, d(250),
			[]wantCheck{{fit.Unknown, "not_published", []string{"not published", "depth"}}}},
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
			[]wantCheck{{fit.Unknown, "not_published", []string{"not published", "width"}}}},
	})
	// Depth and width together: depth first.
	c := chair("Test Chair", base)
	assertChecks(t, of(fit.CheckChair(c, fit.Profile{Room: fit.Room{WidthCM: n(100), DepthCM: n(250)}}, nil), "room"), []wantCheck{
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
			[]wantCheck{{fit.Unknown, "not_published", []string{"not published"}}}},
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
			[]wantCheck{{fit.Unknown, "door_unknown_side", []string{"77 cm", "78 cm", "not published"}}}},
		{"one side known, too big", base.without("upright_height_cm", "upright_width_cm"), nil, d(77),
			[]wantCheck{{fit.Unknown, "door_unknown_side", []string{"77 cm", "130 cm", "not published"}}}},
		{"one side known, fits", base.without("upright_width_cm", "upright_depth_cm"), nil, d(118),
			[]wantCheck{{fit.Fits, "door_ok", []string{"115 cm", "118 cm"}}}},
		{"one side known, tight", base.without("upright_width_cm", "upright_depth_cm"), nil, d(116),
			[]wantCheck{{fit.Borderline, "door_tight", []string{"115 cm", "116 cm"}}}},
		{"no size published", base.without("upright_width_cm", "upright_depth_cm", "upright_height_cm"), nil, d(100),
			[]wantCheck{{fit.Unknown, "not_published", []string{"not published"}}}},
	})
}

func TestCheckStairs(t *testing.T) {
	s := func(floors int64, lift bool) fit.Profile {
		return fit.Profile{Delivery: fit.Delivery{FloorsByStairs: n(floors), Lift: lift}}
	}
	runChecks(t, "delivery", []checkCase{
		{"ground floor", base, nil, s(0, false), []wantCheck{{fit.Fits, "stairs_ok", []string{"Floors by stairs: 0", "95.5 kg"}}}},
		{"2 floors, no lift", base, nil, s(2, false), []wantCheck{{fit.Fits, "stairs_ok", []string{"Floors by stairs: 2"}}}},
		{"3 floors, no lift", base, nil, s(3, false), []wantCheck{{fit.Borderline, "stairs", []string{"no lift: 3", "more than 2", "95.5 kg"}}}},
		{"3 floors, no lift, weight not published", base.without("chair_weight_kg"), nil, s(3, false),
			[]wantCheck{{fit.Borderline, "stairs", []string{"no lift: 3"}}}},
		{"2 floors, lift", base, nil, s(2, true), nil},
		{"3 floors, lift", base, nil, s(3, true), nil},
		{"10 floors, lift", base, nil, s(10, true), nil},
	})
	// Door and stairs together: door first.
	c := chair("Test Chair", base)
	p := fit.Profile{Delivery: fit.Delivery{DoorWidthCM: n(90), FloorsByStairs: n(3)}}
	assertChecks(t, of(fit.CheckChair(c, p, nil), "delivery"), []wantCheck{
		{fit.Fits, "door_ok", []string{"78 cm", "90 cm"}},
		{fit.Borderline, "stairs", []string{"no lift: 3"}},
	})
}

func TestCheckPower(t *testing.T) {
	runChecks(t, "power", []checkCase{
		{"220-240", base, nil, fit.Profile{}, []wantCheck{{fit.Fits, "voltage_ok", []string{"220–240 V"}}}},
		{"110-120, market not stated", base.with("voltage", "110-120"), nil, fit.Profile{},
			[]wantCheck{{fit.Unknown, "voltage_other_market", []string{"110–120 V", "220 V", "not published"}}}},
		{"100, market not stated", base.with("voltage", "100"), nil, fit.Profile{},
			[]wantCheck{{fit.Unknown, "voltage_other_market", []string{"100 V", "220 V"}}}},
		{"missing", base.without("voltage"), nil, fit.Profile{},
			[]wantCheck{{fit.Unknown, "not_published", []string{"not published", "voltage"}}}},
	})
	// The market of the voltage's source decides: a US page describes the
	// US version, a Philippine page the chair sold here.
	for _, tc := range []struct {
		market, voltage string
		want            wantCheck
	}{
		{"US", "110-120", wantCheck{fit.Unknown, "voltage_other_market", []string{"US version: 110–120 V"}}},
		{"JP", "100", wantCheck{fit.Unknown, "voltage_other_market", []string{"Japanese version: 100 V"}}},
		{"PH", "110-120", wantCheck{fit.Borderline, "step_down_needed", []string{"110–120 V", "step-down transformer"}}},
		{"SG", "220-240", wantCheck{fit.Fits, "voltage_ok", []string{"Singapore version", "220–240 V"}}},
		{"PH", "220-240", wantCheck{fit.Fits, "voltage_ok", []string{"Philippine version"}}},
	} {
		c := chair("Test Chair", base.with("voltage", tc.voltage))
		c.Sources = map[string]catalog.Source{"s": {ID: "s", Market: tc.market}}
		checks := of(fit.CheckChair(c, fit.Profile{}, nil), "power")
		assertChecks(t, checks, []wantCheck{tc.want})
		if tc.want.result != fit.Fits && (len(checks) != 1 || !strings.Contains(say(checks[0].Ask), "220 V version")) {
			t.Errorf("%s %s: %+v does not ask for a 220 V version", tc.market, tc.voltage, checks)
		}
	}
}

func TestCheckWarranty(t *testing.T) {
	runChecks(t, "warranty", []checkCase{
		{"honoured", base, nil, fit.Profile{}, []wantCheck{{fit.Fits, "ph_warranty", []string{"Philippines"}}}},
		{"not honoured", base.with("warranty_ph", false), nil, fit.Profile{Region: "ncr"}, []wantCheck{{fit.Borderline, "no_ph_warranty", []string{"not honoured"}}}},
		{"not published", base.without("warranty_ph"), nil, fit.Profile{}, []wantCheck{{fit.Unknown, "not_published", []string{"not published", "warranty"}}}},
	})
}

// TestCheckService: the region check looks for a service centre of the
// chair's brand in the buyer's region among the places given, then at the
// chair's published service areas; with neither it is a question.
func TestCheckService(t *testing.T) {
	centre := func(slug, region, city string) catalog.Place {
		return catalog.Place{Slug: slug, Brand: "test", Kind: catalog.PlaceServiceCentre, Name: "Test Service " + city, City: city, Region: region}
	}
	davao := centre("test-davao", "XI", "Davao City")
	cebu := centre("test-cebu", "VII", "Cebu City")
	otherBrand := davao
	otherBrand.Brand = "other"
	store := davao
	store.Kind = catalog.PlaceStore
	served := base.with("service_areas", []string{"Metro Manila", "Cebu"})
	noAreas := base.without("service_areas")
	for _, tc := range []struct {
		name   string
		specs  specs
		region string
		places []catalog.Place
		want   []wantCheck
	}{
		{"no region given: no check", served, "", []catalog.Place{davao}, nil},
		{"service centre in the region", noAreas, "davao", []catalog.Place{cebu, davao}, []wantCheck{{fit.Fits, "service_centre_in_region", []string{"Davao Region", "Test Service Davao City"}}}},
		{"service centre beats areas that leave the region out", served, "davao", []catalog.Place{davao}, []wantCheck{{fit.Fits, "service_centre_in_region", nil}}},
		{"another brand's centre does not count", noAreas, "davao", []catalog.Place{otherBrand}, []wantCheck{{fit.Unknown, "service_not_published", []string{"Davao Region"}}}},
		{"a store is not a service centre, but is named", noAreas, "davao", []catalog.Place{store}, []wantCheck{{fit.Unknown, "service_not_published", []string{"sold at Test Service Davao City"}}}},
		{"centres elsewhere are named", noAreas, "davao", []catalog.Place{cebu}, []wantCheck{{fit.Unknown, "service_not_published", []string{"Cebu City", "not Davao Region"}}}},
		{"published areas include the region", served, "ncr", nil, []wantCheck{{fit.Fits, "region_served", []string{"Metro Manila (NCR)"}}}},
		{"areas match case-insensitively", base.with("service_areas", []string{"metro manila"}), "ncr", nil, []wantCheck{{fit.Fits, "region_served", nil}}},
		{"an alias names the region", base.with("service_areas", []string{"Laguna"}), "calabarzon", nil, []wantCheck{{fit.Fits, "region_served", []string{"Calabarzon"}}}},
		{"published areas leave the region out", served, "davao", nil, []wantCheck{{fit.Borderline, "region_not_served", []string{"Metro Manila and Cebu", "Davao Region"}}}},
		{"nothing known", noAreas, "ncr", nil, []wantCheck{{fit.Unknown, "service_not_published", []string{"Metro Manila (NCR)"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := chair("Test Chair", tc.specs)
			assertChecks(t, of(fit.CheckChair(c, fit.Profile{Region: tc.region}, tc.places), "service"), tc.want)
		})
	}
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
		{"observed, under", base, []prices.Offer{observed(100_000)}, b(150_000),
			[]wantCheck{{fit.Fits, "within_budget", []string{"₱100,000", "₱150,000"}}}},
		{"observed, exactly the budget", base, []prices.Offer{observed(100_000)}, b(100_000),
			[]wantCheck{{fit.Fits, "within_budget", []string{"₱100,000"}}}},
		{"observed, 1 peso over", base, []prices.Offer{observed(100_000)}, b(99_999),
			[]wantCheck{{fit.NoFit, "over_budget", []string{"₱100,000", "₱99,999"}}}},
		{"lowest of several offers counts", base, []prices.Offer{observed(120_000), observed(95_000)}, b(100_000),
			[]wantCheck{{fit.Fits, "within_budget", []string{"₱95,000", "₱100,000"}}}},
		{"only a stale price, under: unknown", base, []prices.Offer{stale(90_000)}, b(95_000),
			[]wantCheck{{fit.Unknown, "no_offer", []string{"fresh"}}}},
		{"only a stale price, over: unknown", base, []prices.Offer{stale(90_000)}, b(80_000),
			[]wantCheck{{fit.Unknown, "no_offer", []string{"fresh"}}}},
		{"a cheaper stale price beside a fresh one does not count", base, []prices.Offer{observed(100_000), stale(90_000)}, b(95_000),
			[]wantCheck{{fit.NoFit, "over_budget", []string{"₱100,000", "1 January 2025"}}}},
		{"no offer", base, nil, b(95_000), []wantCheck{{fit.Unknown, "no_offer", []string{"budget"}}}},
		{"no budget given: no budget check", base, []prices.Offer{observed(1_000_000)}, fit.Profile{}, nil},
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
				label = strings.ToLower(english.T(o.Label))
			}
		}
		p := fit.Profile{MustHave: []string{r.code}}
		cases = append(cases,
			checkCase{r.code + " yes " + fmtVal(r.yes), base.with(r.key, r.yes), nil, p, []wantCheck{{fit.Fits, "has_" + r.code, []string{label}}}},
			checkCase{r.code + " no " + fmtVal(r.no), base.with(r.key, r.no), nil, p, []wantCheck{{fit.NoFit, "missing_" + r.code, []string{label}}}},
			checkCase{r.code + " unknown", base.without(r.key), nil, p, []wantCheck{{fit.Unknown, "feature_not_published", []string{label, "not published"}}}},
		)
	}
	cases = append(cases, checkCase{"several, in the order asked", base.with("heat", true, "zero_gravity", false), nil,
		fit.Profile{MustHave: []string{"heat", "zero_gravity", "app"}}, []wantCheck{
			{fit.Fits, "has_heat", nil}, {fit.NoFit, "missing_zero_gravity", nil}, {fit.Unknown, "feature_not_published", nil},
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
// check that needs its data cannot be checked, says "not published" or
// what is unknown, and asks for the missing value.
func TestCheckUnknownDataCannotBeChecked(t *testing.T) {
	empty := chair("Empty", specs{})
	p := fit.Profile{
		HeightCM: n(170), WeightKG: n(70), BudgetPHP: n(100_000),
		Room: fit.Room{WidthCM: n(100), DepthCM: n(250)}, AgainstWall: true,
		Delivery: fit.Delivery{DoorWidthCM: n(90), FloorsByStairs: n(1)}, Region: "ncr",
		MustHave: []string{"zero_gravity", "heat", "foot_rollers", "l_track", "rollers_3d", "space_saving", "app"},
	}
	checks := fit.CheckChair(empty, p, nil)
	kinds := map[string]int{}
	for _, c := range checks {
		kinds[c.Check]++
		if c.Code == "stairs_ok" {
			continue // about the stairs, not the chair
		}
		if c.Result != fit.Unknown || !c.Asks() || len(c.Missing) == 0 {
			t.Errorf("%s/%s = %s for a chair with no data, asking %q about %v: %q", c.Check, c.Code, c.Result, say(c.Ask), c.Missing, say(c.Text))
		}
		if c.Code != "no_offer" && c.Code != "service_not_published" && !strings.Contains(say(c.Text), "not published") {
			t.Errorf("%s/%s message %q does not say \"not published\"", c.Check, c.Code, say(c.Text))
		}
	}
	for kind, want := range map[string]int{"body": 2, "room": 3, "delivery": 2, "power": 1, "warranty": 1, "service": 1, "budget": 1, "features": 7} {
		if kinds[kind] != want {
			t.Errorf("%d %s checks, want %d (all: %+v)", kinds[kind], kind, want, checks)
		}
	}
	if got := fit.Worst(checks); got != fit.Unknown {
		t.Errorf("Worst = %s, want unknown", got)
	}
}

func TestCheckChairRunsOnlyAskedChecks(t *testing.T) {
	checks := fit.CheckChair(chair("Test Chair", base), fit.Profile{}, nil)
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
		{[]fit.Check{c(fit.Fits), c(fit.Unknown)}, fit.Unknown},
		{[]fit.Check{c(fit.Unknown), c(fit.Borderline)}, fit.Borderline},
		{[]fit.Check{c(fit.Unknown), c(fit.NoFit)}, fit.NoFit},
		{[]fit.Check{c(fit.NoFit), c(fit.Borderline), c(fit.Fits)}, fit.NoFit},
		{[]fit.Check{c(fit.Borderline), c(fit.NoFit)}, fit.NoFit},
	} {
		if got := fit.Worst(tc.checks); got != tc.want {
			t.Errorf("Worst(%v) = %s, want %s", tc.checks, got, tc.want)
		}
	}
}
