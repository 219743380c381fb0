package fit_test

import (
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"masahe/internal/errs"
	"masahe/internal/fit"
	"masahe/internal/fit/fittext"
	"masahe/internal/locale"
)

// TestInputErrorsInBothLanguages: every kind of bad answer to the finder,
// from the form (ParseQuery) and from the API (Validate), is an invalid
// error naming the field whose English message is exactly the one the API
// has always sent, and which carries a Text that the English catalog writes
// as that very message and the Filipino catalog writes in Filipino, with
// the same placeholders and the field and value in it.
func TestInputErrorsInBothLanguages(t *testing.T) {
	b, err := locale.NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	fil := b.Printer(locale.Filipino)
	form := func(q string) error {
		v, err := url.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		_, err = fit.ParseQuery(v)
		return err
	}
	longList := "must_have=x"
	for i := range 100 {
		longList += ",x" + strconv.Itoa(i)
	}
	seen := map[string]bool{}
	for _, tc := range []struct {
		err          error
		field, value string
		want         string
	}{
		{form("height_cm=20"), "height_cm", "250", "height_cm must be a height in centimetres between 80 and 250"},
		{form("weight_kg=301"), "weight_kg", "300", "weight_kg must be a weight in kilograms between 20 and 300"},
		{form("budget_php=0"), "budget_php", "100000000", "budget_php must be a budget in pesos between 1 and 100000000"},
		{form("room_width_cm=10"), "room_width_cm", "3000", "room_width_cm must be a width in centimetres between 40 and 3000"},
		{form("room_depth_cm=3001"), "room_depth_cm", "3000", "room_depth_cm must be a depth in centimetres between 40 and 3000"},
		{form("door_width_cm=0"), "door_width_cm", "400", "door_width_cm must be a door width in centimetres between 40 and 400"},
		{form("floors_by_stairs=-1"), "floors_by_stairs", "100", "floors_by_stairs must be a number of floors between 0 and 100"},
		{form("sessions_per_week=29"), "sessions_per_week", "28", "sessions_per_week must be a number of sessions a week between 0 and 28"},
		{form("minutes_per_session=0"), "minutes_per_session", "120", "minutes_per_session must be a number of minutes between 1 and 120"},
		{form("price_weight=101"), "price_weight", "100", "price_weight must be a weight in percent between 0 and 100"},
		{form("electricity_php_per_kwh=0"), "electricity_php_per_kwh", "100", "electricity_php_per_kwh must be a rate in pesos per kWh between 1 and 100"},
		{form("weight_sleep=11"), "weight_sleep", "10", "weight_sleep must be a goal weight between 0 and 10"},
		{form("region=mars"), "region", "mars", `region: "mars" is not a region code; GET /api/v1/finder/options lists them`},
		{form("preset=everything"), "preset", "everything", `preset: "everything" is not a preset; GET /api/v1/finder/options lists them`},
		{form("goal=sleep&weight_sleep=0"), "goal_weights", "0", "goal_weights: at least one goal needs a weight above 0"},
		{form("goal=flying"), "goal", "flying", `goal: "flying" is not a known code; GET /api/v1/finder/options lists them`},
		{form("condition=flu"), "condition", "flu", `condition: "flu" is not a known code; GET /api/v1/finder/options lists them`},
		{form("=1"), "query", "", "the query has a value without a parameter name"},
		{form("colour=red"), "colour", "colour", `unknown parameter "colour"`},
		{form("height_cm=tall"), "height_cm", "tall", `height_cm must be a whole number, not "tall"`},
		{form("lift=perhaps"), "lift", "perhaps", `lift must be true or false, not "perhaps"`},
		{form(longList), "must_have", "100", "must_have lists more than 100 values"},
		// The API's names for the same answers.
		{fit.Profile{Room: fit.Room{WidthCM: n(10)}}.Validate(), "room.width_cm", "3000", "room.width_cm must be a width in centimetres between 40 and 3000"},
		{fit.Profile{GoalWeights: map[string]int64{"flying": 1}}.Validate(), "goal_weights.flying", "flying",
			`goal_weights.flying: "flying" is not a goal code; GET /api/v1/finder/options lists them`},
		{fit.Profile{Conditions: []string{"flu"}}.Validate(), "conditions", "flu", `conditions: "flu" is not a known code; GET /api/v1/finder/options lists them`},
	} {
		e := errs.As(tc.err)
		if e.Code != errs.Invalid || e.Field != tc.field || e.Message != tc.want {
			t.Errorf("error %s/%q %q, want invalid/%q %q", e.Code, e.Field, e.Message, tc.field, tc.want)
			continue
		}
		text, ok := fit.ErrorText(tc.err)
		if !ok {
			t.Errorf("%q carries no Text", tc.want)
			continue
		}
		seen[text.ID] = true
		for _, p := range b.Check(text.ID) {
			if strings.Contains(p, "finder.error.") {
				t.Error(p)
			}
		}
		if got := say(text); got != tc.want {
			t.Errorf("%s in English is %q, want the API's %q", text.ID, got, tc.want)
		}
		got := fittext.Write(fil, text)
		if got == tc.want || strings.Contains(got, "%!") || strings.Contains(got, "finder.error.") ||
			tc.field != "query" && !strings.Contains(got, tc.field) || !strings.Contains(got, tc.value) {
			t.Errorf("%s in Filipino is %q: want it written, with %q and %q in it, not the English", text.ID, got, tc.field, tc.value)
		}
	}
	// Every message ID the errors use was met (the labels inside the range
	// message by the range cases).
	for _, id := range []string{"finder.error.range", "finder.error.region", "finder.error.preset", "finder.error.goal",
		"finder.error.no_weight", "finder.error.code", "finder.error.query_blank", "finder.error.unknown_parameter",
		"finder.error.whole_number", "finder.error.true_false", "finder.error.list_long"} {
		if !seen[id] {
			t.Errorf("no case gives %s", id)
		}
	}
}
