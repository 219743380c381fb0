package fit_test

import (
	"encoding/json"
	"net/url"
	"reflect"
	"regexp"
	"testing"

	"masahe/internal/errs"
	"masahe/internal/fit"
)

const fullForm = "height_cm=170&weight_kg=70&budget_php=150,000&room_width_cm=120&room_depth_cm=220&against_wall=true" +
	"&door_width_cm=80&floors_by_stairs=3&lift=false&region=ncr&goal=relaxation&goal=lower_back" +
	"&must_have=heat,zero_gravity&condition=osteoporosis&condition=diabetes_neuropathy" +
	"&sessions_per_week=5&minutes_per_session=20&price_weight=40&electricity_php_per_kwh=13"

func TestParseQueryFullForm(t *testing.T) {
	v, err := url.ParseQuery(fullForm)
	if err != nil {
		t.Fatal(err)
	}
	p, err := fit.ParseQuery(v)
	if err != nil {
		t.Fatalf("ParseQuery: %v", err)
	}
	want := fit.Profile{
		HeightCM: n(170), WeightKG: n(70), BudgetPHP: n(150_000),
		Room: fit.Room{WidthCM: n(120), DepthCM: n(220)}, AgainstWall: true,
		Delivery: fit.Delivery{DoorWidthCM: n(80), FloorsByStairs: n(3), Lift: false},
		Region:   "ncr", Goals: []string{"relaxation", "lower_back"}, MustHave: []string{"heat", "zero_gravity"},
		Conditions:      []string{"osteoporosis", "diabetes_neuropathy"},
		SessionsPerWeek: n(5), MinutesPerSession: n(20), PriceWeight: n(40), ElectricityPHPPerKWh: n(13),
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("ParseQuery =\n%s\nwant\n%s", js(p), js(want))
	}
	// Round trip: Query writes what ParseQuery reads back.
	back, err := fit.ParseQuery(p.Query())
	if err != nil {
		t.Fatalf("ParseQuery(Query()) = %v (query %s)", err, p.Query().Encode())
	}
	if !reflect.DeepEqual(back, p) {
		t.Errorf("round trip =\n%s\nwant\n%s", js(back), js(p))
	}
	if got, again := p.Query().Encode(), back.Query().Encode(); got != again {
		t.Errorf("Query not stable: %q then %q", got, again)
	}
}

func TestParseQueryRoundTrips(t *testing.T) {
	for _, q := range []string{
		"",
		"height_cm=150",
		"lift=true&floors_by_stairs=5",
		"against_wall=1&room_depth_cm=200",
		"goal=sleep,legs_feet&must_have=app",
		"price_weight=0&sessions_per_week=0",
		"condition=pregnancy",
		"budget_php=1&height_cm=80&weight_kg=300&door_width_cm=400",
		"preset=back_and_neck",
		"preset=rest_and_sleep&weight_sleep=0&weight_legs_feet=10",
		"goal=sleep&weight_deep_knots=4",
	} {
		v, _ := url.ParseQuery(q)
		p, err := fit.ParseQuery(v)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", q, err)
			continue
		}
		back, err := fit.ParseQuery(p.Query())
		if err != nil || !reflect.DeepEqual(back, p) {
			t.Errorf("ParseQuery(%q).Query() = %q → %s, %v; want %s", q, p.Query().Encode(), js(back), err, js(p))
		}
	}
}

func TestParseQueryAllowExtra(t *testing.T) {
	v, _ := url.ParseQuery("height_cm=170&page=2")
	if _, err := fit.ParseQuery(v, "page"); err != nil {
		t.Errorf("ParseQuery with page allowed: %v", err)
	}
	if _, err := fit.ParseQuery(v); errs.CodeOf(err) != errs.Invalid || errs.As(err).Field != "page" {
		t.Errorf("ParseQuery with page not allowed: %v", err)
	}
}

func TestParseQueryErrors(t *testing.T) {
	for _, tc := range []struct{ query, field string }{
		{"colour=red", "colour"},
		{"height_cm=170&zzz=1", "zzz"},
		{"goal=flying", "goal"},
		{"goal=relaxation,flying", "goal"},
		{"condition=flu", "condition"},
		{"region=mars", "region"},
		{"region=NCR", "region"},
		{"must_have=jacuzzi", "must_have"},
		{"height_cm=20", "height_cm"},
		{"height_cm=251", "height_cm"},
		{"height_cm=tall", "height_cm"},
		{"height_cm=170.5", "height_cm"},
		{"weight_kg=-5", "weight_kg"},
		{"weight_kg=301", "weight_kg"},
		{"budget_php=0", "budget_php"},
		{"budget_php=lots", "budget_php"},
		{"room_width_cm=10", "room_width_cm"},
		{"room_width_cm=wide", "room_width_cm"},
		{"room_depth_cm=3001", "room_depth_cm"},
		{"door_width_cm=0", "door_width_cm"},
		{"door_width_cm=x", "door_width_cm"},
		{"floors_by_stairs=-1", "floors_by_stairs"},
		{"floors_by_stairs=two", "floors_by_stairs"},
		{"against_wall=maybe", "against_wall"},
		{"lift=perhaps", "lift"},
		{"sessions_per_week=29", "sessions_per_week"},
		{"minutes_per_session=0", "minutes_per_session"},
		{"price_weight=101", "price_weight"},
		{"price_weight=-1", "price_weight"},
		{"electricity_php_per_kwh=0", "electricity_php_per_kwh"},
		{"electricity_php_per_kwh=12.5", "electricity_php_per_kwh"},
		{"preset=everything", "preset"},
		{"weight_sleep=11", "weight_sleep"},
		{"weight_sleep=-1", "weight_sleep"},
		{"weight_sleep=much", "weight_sleep"},
		{"weight_flying=2", "weight_flying"},
		{"goal=sleep&weight_sleep=0", "goal_weights"},
	} {
		v, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		p, err := fit.ParseQuery(v)
		if err == nil {
			t.Errorf("ParseQuery(%q) = %s, want an error", tc.query, js(p))
			continue
		}
		e := errs.As(err)
		if e.Code != errs.Invalid || e.Field != tc.field {
			t.Errorf("ParseQuery(%q) error %s/%q (%v), want invalid/%q", tc.query, e.Code, e.Field, err, tc.field)
		}
		// The message a form user reads names the form's field, not the API's.
		if !regexp.MustCompile(`(^|[^a-z_.])` + tc.field + `([^a-z_.]|$)`).MatchString(e.Message) {
			t.Errorf("ParseQuery(%q) message %q does not name the form field %q", tc.query, e.Message, tc.field)
		}
		if !reflect.DeepEqual(p, fit.Profile{}) {
			t.Errorf("ParseQuery(%q) returned a half-filled profile with its error: %s", tc.query, js(p))
		}
	}
}

func TestValidateAPIFieldNames(t *testing.T) {
	for _, tc := range []struct {
		name  string
		p     fit.Profile
		field string
	}{
		{"height", fit.Profile{HeightCM: n(20)}, "height_cm"},
		{"weight", fit.Profile{WeightKG: n(-5)}, "weight_kg"},
		{"budget", fit.Profile{BudgetPHP: n(0)}, "budget_php"},
		{"room width", fit.Profile{Room: fit.Room{WidthCM: n(10)}}, "room.width_cm"},
		{"room depth", fit.Profile{Room: fit.Room{DepthCM: n(39)}}, "room.depth_cm"},
		{"door", fit.Profile{Delivery: fit.Delivery{DoorWidthCM: n(0)}}, "delivery.door_width_cm"},
		{"floors", fit.Profile{Delivery: fit.Delivery{FloorsByStairs: n(-1)}}, "delivery.floors_by_stairs"},
		{"region", fit.Profile{Region: "mars"}, "region"},
		{"goal", fit.Profile{Goals: []string{"relaxation", "flying"}}, "goals"},
		{"must have", fit.Profile{MustHave: []string{"jacuzzi"}}, "must_have"},
		{"condition", fit.Profile{Conditions: []string{"flu"}}, "conditions"},
		{"price weight", fit.Profile{PriceWeight: n(101)}, "price_weight"},
		{"rate", fit.Profile{ElectricityPHPPerKWh: n(0)}, "electricity_php_per_kwh"},
	} {
		err := tc.p.Validate()
		if e := errs.As(err); err == nil || e.Code != errs.Invalid || e.Field != tc.field {
			t.Errorf("%s: Validate() = %v (field %q), want invalid %q", tc.name, err, e.Field, tc.field)
		}
	}
}

func TestValidateJSONProfile(t *testing.T) {
	var p fit.Profile
	body := `{"height_cm":170,"room":{"width_cm":10,"depth_cm":200},"delivery":{"door_width_cm":80}}`
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	if e := errs.As(p.Validate()); e.Field != "room.width_cm" {
		t.Errorf("Validate() field %q, want room.width_cm", e.Field)
	}
}

func TestValidateAcceptsLimitsAndEveryCode(t *testing.T) {
	p := fit.Profile{
		HeightCM: n(80), WeightKG: n(300), BudgetPHP: n(100_000_000),
		Room: fit.Room{WidthCM: n(40), DepthCM: n(3000)}, Delivery: fit.Delivery{DoorWidthCM: n(400), FloorsByStairs: n(0)},
		SessionsPerWeek: n(0), MinutesPerSession: n(120), PriceWeight: n(0), ElectricityPHPPerKWh: n(100),
	}
	for _, o := range fit.Goals {
		p.Goals = append(p.Goals, o.Code)
	}
	for _, o := range fit.MustHaves {
		p.MustHave = append(p.MustHave, o.Code)
	}
	for _, c := range fit.Conditions {
		p.Conditions = append(p.Conditions, c.Code)
	}
	for _, r := range fit.Regions {
		p.Region = r.Code
		if err := p.Validate(); err != nil {
			t.Errorf("Validate(%s) = %v", js(p), err)
		}
	}
	if err := (fit.Profile{}).Validate(); err != nil {
		t.Errorf("empty profile: %v", err)
	}
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestGoalWeights: a preset, then the goals picked, then every goal sets
// the weights; weights given replace them and a weight of 0 drops a goal.
func TestGoalWeights(t *testing.T) {
	all := map[string]int64{}
	for _, g := range fit.Goals {
		all[g.Code] = 1
	}
	for _, tc := range []struct {
		name string
		p    fit.Profile
		want map[string]int64
	}{
		{"nothing given: every goal alike", fit.Profile{}, all},
		{"goals picked", fit.Profile{Goals: []string{"sleep", "legs_feet"}}, map[string]int64{"sleep": 1, "legs_feet": 1}},
		{"weights only", fit.Profile{GoalWeights: map[string]int64{"deep_knots": 5}}, map[string]int64{"deep_knots": 5}},
		{"weights over goals", fit.Profile{Goals: []string{"sleep"}, GoalWeights: map[string]int64{"deep_knots": 5}}, map[string]int64{"sleep": 1, "deep_knots": 5}},
		{"preset", fit.Profile{Preset: "rest_and_sleep"}, map[string]int64{"relaxation": 3, "sleep": 3, "legs_feet": 1}},
		{"preset over goals, weights over preset", fit.Profile{Preset: "rest_and_sleep", Goals: []string{"deep_knots"}, GoalWeights: map[string]int64{"sleep": 0, "legs_feet": 4}},
			map[string]int64{"relaxation": 3, "legs_feet": 4}},
	} {
		if got := tc.p.EffectiveGoalWeights(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: weights %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, ps := range fit.GoalPresets {
		p := fit.Profile{Preset: ps.Code}
		if err := p.Validate(); err != nil || ps.Label == "" {
			t.Errorf("preset %s: %v", ps.Code, err)
		}
	}
	for _, tc := range []struct {
		weights map[string]int64
		field   string
	}{
		{map[string]int64{"flying": 1}, "goal_weights.flying"},
		{map[string]int64{"sleep": 11}, "goal_weights.sleep"},
		{map[string]int64{"sleep": -1}, "goal_weights.sleep"},
		{map[string]int64{"sleep": 0, "relaxation": 0}, "goal_weights"},
	} {
		if err := (fit.Profile{GoalWeights: tc.weights}).Validate(); errs.As(err).Field != tc.field {
			t.Errorf("weights %v: error %v, want one on %s", tc.weights, err, tc.field)
		}
	}
	var p fit.Profile
	if err := json.Unmarshal([]byte(`{"goal_weights": {"deep_knots": 3, "sleep": 1}, "preset": "after_sport"}`), &p); err != nil ||
		!reflect.DeepEqual(p.GoalWeights, map[string]int64{"deep_knots": 3, "sleep": 1}) || p.Preset != "after_sport" {
		t.Errorf("JSON goal_weights and preset = %v, %q, %v", p.GoalWeights, p.Preset, err)
	}
}
