// Package fit decides, for one buyer and one chair, whether the chair fits
// their body, room, doorway, power, region and budget, screens for health
// conditions, and ranks chairs for the buyer's goals. It is pure: no I/O,
// no clock, and the same inputs always give the same answer.
package fit

import (
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"masahe/internal/errs"
)

// Room is the floor space the buyer has for the chair.
type Room struct {
	WidthCM *int64
	DepthCM *int64
}

// Delivery is the way into the buyer's home.
type Delivery struct {
	DoorWidthCM    *int64
	FloorsByStairs *int64
	Lift           bool
}

// Profile is everything the finder asks. Every field is optional; the
// finder stores none of it.
type Profile struct {
	HeightCM    *int64
	WeightKG    *int64
	BudgetPHP   *int64
	Room        Room
	AgainstWall bool
	Delivery    Delivery
	Region      string
	Goals       []string
	// GoalWeights weighs goals from 0 (ignore) to MaxGoalWeight; Preset
	// names a set of weights (GoalPresets). Weights given override the
	// preset's, and both override Goals (docs: EffectiveGoalWeights).
	GoalWeights       map[string]int64
	Preset            string
	MustHave          []string
	Conditions        []string
	SessionsPerWeek   *int64
	MinutesPerSession *int64
	// PriceWeight is how much price counts against features in the score,
	// from 0 (features only) to 100 (price only).
	PriceWeight *int64
	// ElectricityPHPPerKWh is the buyer's electricity rate.
	ElectricityPHPPerKWh *int64
}

// Defaults used when the buyer leaves a question blank.
const (
	DefaultSessionsPerWeek   = 7
	DefaultMinutesPerSession = 15
	DefaultPriceWeight       = 30
	DefaultRatePHPPerKWh     = 12
)

// Option is an accepted code with its label's message ID.
type Option struct {
	Code  string
	Label string
}

// Goals the finder ranks for.
var Goals = []Option{
	{"relaxation", "fit.goal.relaxation"},
	{"deep_knots", "fit.goal.deep_knots"},
	{"lower_back", "fit.goal.lower_back"},
	{"neck_shoulders", "fit.goal.neck_shoulders"},
	{"legs_feet", "fit.goal.legs_feet"},
	{"sleep", "fit.goal.sleep"},
	{"sport_recovery", "fit.goal.sport_recovery"},
}

// MaxGoalWeight is the largest weight a goal can have.
const MaxGoalWeight = 10

// Preset is a named set of goal weights.
type Preset struct {
	Option
	Weights map[string]int64
}

// GoalPresets are the named goal weights the finder offers.
var GoalPresets = []Preset{
	{Option{"balanced", "fit.preset.balanced"}, map[string]int64{
		"relaxation": 1, "deep_knots": 1, "lower_back": 1, "neck_shoulders": 1, "legs_feet": 1, "sleep": 1, "sport_recovery": 1}},
	{Option{"back_and_neck", "fit.preset.back_and_neck"}, map[string]int64{"lower_back": 3, "neck_shoulders": 3, "deep_knots": 2, "relaxation": 1}},
	{Option{"rest_and_sleep", "fit.preset.rest_and_sleep"}, map[string]int64{"relaxation": 3, "sleep": 3, "legs_feet": 1}},
	{Option{"after_sport", "fit.preset.after_sport"}, map[string]int64{"sport_recovery": 3, "legs_feet": 2, "deep_knots": 2}},
}

// EffectiveGoalWeights are the weights the score uses, goals of weight 0
// left out: the preset's, or 1 for each goal picked, or 1 for every goal
// when neither is given; then the goal weights given replace those.
func (p Profile) EffectiveGoalWeights() map[string]int64 {
	out := map[string]int64{}
	switch i := slices.IndexFunc(GoalPresets, func(ps Preset) bool { return ps.Code == p.Preset }); {
	case i >= 0:
		maps.Copy(out, GoalPresets[i].Weights)
	case len(p.Goals) > 0:
		for _, g := range p.Goals {
			out[g] = 1
		}
	case len(p.GoalWeights) == 0:
		for _, g := range Goals {
			out[g.Code] = 1
		}
	}
	maps.Copy(out, p.GoalWeights)
	maps.DeleteFunc(out, func(_ string, w int64) bool { return w == 0 })
	return out
}

func goalIndex(code string) int {
	return slices.IndexFunc(Goals, func(o Option) bool { return o.Code == code })
}

// MustHaves are features a buyer can require.
var MustHaves = []Option{
	{"zero_gravity", "fit.must_have.zero_gravity"},
	{"heat", "fit.must_have.heat"},
	{"foot_rollers", "fit.must_have.foot_rollers"},
	{"l_track", "fit.must_have.l_track"},
	{"rollers_3d", "fit.must_have.rollers_3d"},
	{"space_saving", "fit.must_have.space_saving"},
	{"app", "fit.must_have.app"},
}

// Region is a Philippine region as the finder offers it; PSA is its code
// in catalog.Regions, which places and service lists are matched against.
type Region struct {
	Option
	PSA string
}

// Regions are the regions of the Philippines.
var Regions = []Region{
	{Option{"ncr", "fit.region.ncr"}, "NCR"},
	{Option{"car", "fit.region.car"}, "CAR"},
	{Option{"ilocos", "fit.region.ilocos"}, "I"},
	{Option{"cagayan_valley", "fit.region.cagayan_valley"}, "II"},
	{Option{"central_luzon", "fit.region.central_luzon"}, "III"},
	{Option{"calabarzon", "fit.region.calabarzon"}, "IV-A"},
	{Option{"mimaropa", "fit.region.mimaropa"}, "MIMAROPA"},
	{Option{"bicol", "fit.region.bicol"}, "V"},
	{Option{"western_visayas", "fit.region.western_visayas"}, "VI"},
	{Option{"central_visayas", "fit.region.central_visayas"}, "VII"},
	{Option{"eastern_visayas", "fit.region.eastern_visayas"}, "VIII"},
	{Option{"zamboanga", "fit.region.zamboanga"}, "IX"},
	{Option{"northern_mindanao", "fit.region.northern_mindanao"}, "X"},
	{Option{"davao", "fit.region.davao"}, "XI"},
	{Option{"soccsksargen", "fit.region.soccsksargen"}, "XII"},
	{Option{"caraga", "fit.region.caraga"}, "XIII"},
	{Option{"barmm", "fit.region.barmm"}, "BARMM"},
}

func codes(opts []Option) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.Code
	}
	return out
}

func regionCodes() []string {
	out := make([]string, len(Regions))
	for i, r := range Regions {
		out[i] = r.Code
	}
	return out
}

func conditionCodes() []string {
	out := make([]string, len(Conditions))
	for i, c := range Conditions {
		out[i] = c.Code
	}
	return out
}

// Validate checks every answer: known codes and possible numbers. The
// error names the field, in the API's spelling ("room.width_cm").
func (p Profile) Validate() error {
	for _, r := range []struct {
		field    string
		n        *int64
		min, max int64
		what     string
		whatID   string
	}{
		{"height_cm", p.HeightCM, 80, 250, "a height in centimetres", "finder.error.what.height"},
		{"weight_kg", p.WeightKG, 20, 300, "a weight in kilograms", "finder.error.what.weight"},
		{"budget_php", p.BudgetPHP, 1, 100_000_000, "a budget in pesos", "finder.error.what.budget"},
		{"room.width_cm", p.Room.WidthCM, 40, 3000, "a width in centimetres", "finder.error.what.width"},
		{"room.depth_cm", p.Room.DepthCM, 40, 3000, "a depth in centimetres", "finder.error.what.depth"},
		{"delivery.door_width_cm", p.Delivery.DoorWidthCM, 40, 400, "a door width in centimetres", "finder.error.what.door_width"},
		{"delivery.floors_by_stairs", p.Delivery.FloorsByStairs, 0, 100, "a number of floors", "finder.error.what.floors"},
		{"sessions_per_week", p.SessionsPerWeek, 0, 28, "a number of sessions a week", "finder.error.what.sessions"},
		{"minutes_per_session", p.MinutesPerSession, 1, 120, "a number of minutes", "finder.error.what.minutes"},
		{"price_weight", p.PriceWeight, 0, 100, "a weight in percent", "finder.error.what.price_weight"},
		{"electricity_php_per_kwh", p.ElectricityPHPPerKWh, 1, 100, "a rate in pesos per kWh", "finder.error.what.rate"},
	} {
		if err := inRange(r.field, r.n, r.min, r.max, r.what, r.whatID); err != nil {
			return err
		}
	}
	if p.Region != "" && !slices.Contains(regionCodes(), p.Region) {
		return invalid(errs.Invalidf("region", "region: %q is not a region code; GET /api/v1/finder/options lists them", p.Region),
			"finder.error.region", quoted(p.Region))
	}
	if p.Preset != "" && !slices.ContainsFunc(GoalPresets, func(ps Preset) bool { return ps.Code == p.Preset }) {
		return invalid(errs.Invalidf("preset", "preset: %q is not a preset; GET /api/v1/finder/options lists them", p.Preset),
			"finder.error.preset", quoted(p.Preset))
	}
	for _, g := range slices.Sorted(maps.Keys(p.GoalWeights)) {
		field := "goal_weights." + g
		if goalIndex(g) < 0 {
			return invalid(errs.Invalidf(field, "%s: %q is not a goal code; GET /api/v1/finder/options lists them", field, g),
				"finder.error.goal", name(field), quoted(g))
		}
		w := p.GoalWeights[g]
		if err := inRange(field, &w, 0, MaxGoalWeight, "a goal weight", "finder.error.what.goal_weight"); err != nil {
			return err
		}
	}
	if len(p.EffectiveGoalWeights()) == 0 {
		return invalid(errs.Invalidf("goal_weights", "goal_weights: at least one goal needs a weight above 0"), "finder.error.no_weight")
	}
	for _, l := range []struct {
		field string
		got   []string
		valid []string
	}{
		{"goals", p.Goals, codes(Goals)},
		{"must_have", p.MustHave, codes(MustHaves)},
		{"conditions", p.Conditions, conditionCodes()},
	} {
		for _, c := range l.got {
			if !slices.Contains(l.valid, c) {
				return invalid(errs.Invalidf(l.field, "%s: %q is not a known code; GET /api/v1/finder/options lists them", l.field, c),
					"finder.error.code", name(l.field), quoted(c))
			}
		}
	}
	return nil
}

// queryKeys are the finder form's parameter names; weightKey gives each
// goal's weight its own ("weight_lower_back").
var queryKeys = []string{
	"height_cm", "weight_kg", "budget_php", "room_width_cm", "room_depth_cm", "against_wall",
	"door_width_cm", "floors_by_stairs", "lift", "region", "goal", "must_have", "condition",
	"sessions_per_week", "minutes_per_session", "price_weight", "electricity_php_per_kwh", "preset",
}

func weightKey(goal string) string { return "weight_" + goal }

// ParseQuery reads the finder form (a GET query, so that results can be
// bookmarked and shared) and validates it. Field names in errors are the
// form's. Parameters in allowExtra are ignored.
func ParseQuery(v url.Values, allowExtra ...string) (Profile, error) {
	keys := slices.Concat(allowExtra, queryKeys)
	for _, g := range Goals {
		keys = append(keys, weightKey(g.Code))
	}
	if err := checkKeys(v, keys); err != nil {
		return Profile{}, err
	}
	var p Profile
	var err error
	for _, g := range Goals {
		w, err := intParam(v, weightKey(g.Code))
		if err != nil {
			return Profile{}, err
		}
		if w != nil {
			if p.GoalWeights == nil {
				p.GoalWeights = map[string]int64{}
			}
			p.GoalWeights[g.Code] = *w
		}
	}
	for _, n := range []struct {
		key string
		dst **int64
	}{
		{"height_cm", &p.HeightCM}, {"weight_kg", &p.WeightKG}, {"budget_php", &p.BudgetPHP},
		{"room_width_cm", &p.Room.WidthCM}, {"room_depth_cm", &p.Room.DepthCM},
		{"door_width_cm", &p.Delivery.DoorWidthCM}, {"floors_by_stairs", &p.Delivery.FloorsByStairs},
		{"sessions_per_week", &p.SessionsPerWeek}, {"minutes_per_session", &p.MinutesPerSession},
		{"price_weight", &p.PriceWeight}, {"electricity_php_per_kwh", &p.ElectricityPHPPerKWh},
	} {
		if *n.dst, err = intParam(v, n.key); err != nil {
			return Profile{}, err
		}
	}
	for _, b := range []struct {
		key string
		dst *bool
	}{{"against_wall", &p.AgainstWall}, {"lift", &p.Delivery.Lift}} {
		val, err := boolParam(v, b.key)
		if err != nil {
			return Profile{}, err
		}
		*b.dst = val != nil && *val
	}
	p.Region, p.Preset = v.Get("region"), v.Get("preset")
	for _, l := range []struct {
		key string
		dst *[]string
	}{{"goal", &p.Goals}, {"must_have", &p.MustHave}, {"condition", &p.Conditions}} {
		if *l.dst, err = listParam(v, l.key); err != nil {
			return Profile{}, err
		}
	}
	if err := p.Validate(); err != nil {
		return Profile{}, formField(err)
	}
	return p, nil
}

// formField renames an API field in an error to the form's name for it.
func formField(err error) error {
	e := errs.As(err)
	names := map[string]string{
		"room.width_cm": "room_width_cm", "room.depth_cm": "room_depth_cm",
		"delivery.door_width_cm": "door_width_cm", "delivery.floors_by_stairs": "floors_by_stairs",
		"goals": "goal", "conditions": "condition",
	}
	name, ok := names[e.Field]
	if goal, isWeight := strings.CutPrefix(e.Field, "goal_weights."); isWeight {
		name, ok = weightKey(goal), true
	}
	if ok {
		return renamed(err, e.Field, name)
	}
	return err
}

// Query writes the profile as the finder form's parameters.
func (p Profile) Query() url.Values {
	v := url.Values{}
	num := func(key string, n *int64) {
		if n != nil {
			v.Set(key, strconv.FormatInt(*n, 10))
		}
	}
	num("height_cm", p.HeightCM)
	num("weight_kg", p.WeightKG)
	num("budget_php", p.BudgetPHP)
	num("room_width_cm", p.Room.WidthCM)
	num("room_depth_cm", p.Room.DepthCM)
	num("door_width_cm", p.Delivery.DoorWidthCM)
	num("floors_by_stairs", p.Delivery.FloorsByStairs)
	num("sessions_per_week", p.SessionsPerWeek)
	num("minutes_per_session", p.MinutesPerSession)
	num("price_weight", p.PriceWeight)
	num("electricity_php_per_kwh", p.ElectricityPHPPerKWh)
	if p.AgainstWall {
		v.Set("against_wall", "true")
	}
	if p.Delivery.Lift {
		v.Set("lift", "true")
	}
	if p.Region != "" {
		v.Set("region", p.Region)
	}
	if p.Preset != "" {
		v.Set("preset", p.Preset)
	}
	for g, w := range p.GoalWeights {
		num(weightKey(g), &w)
	}
	v["goal"], v["must_have"], v["condition"] = p.Goals, p.MustHave, p.Conditions
	for k, vals := range v {
		if len(vals) == 0 {
			delete(v, k)
		}
	}
	return v
}

func orDefault(n *int64, def int64) int64 {
	if n == nil {
		return def
	}
	return *n
}
