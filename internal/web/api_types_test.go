package web

import (
	"reflect"
	"testing"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/fit"
	"masahe/internal/locale"
)

// finderRequestOf is the API body for a profile: the inverse of
// finderRequest.profile, for tests that compare the finder page with the
// API.
func finderRequestOf(p fit.Profile) finderRequest {
	var q finderRequest
	q.HeightCM, q.WeightKG, q.BudgetPHP = p.HeightCM, p.WeightKG, p.BudgetPHP
	q.Room.WidthCM, q.Room.DepthCM = p.Room.WidthCM, p.Room.DepthCM
	q.AgainstWall = p.AgainstWall
	q.Delivery.DoorWidthCM, q.Delivery.FloorsByStairs, q.Delivery.Lift = p.Delivery.DoorWidthCM, p.Delivery.FloorsByStairs, p.Delivery.Lift
	q.Region, q.Goals, q.MustHave, q.Conditions = p.Region, p.Goals, p.MustHave, p.Conditions
	q.GoalWeights, q.Preset = p.GoalWeights, p.Preset
	q.SessionsPerWeek, q.MinutesPerSession = p.SessionsPerWeek, p.MinutesPerSession
	q.PriceWeight, q.ElectricityPHPPerKWh = p.PriceWeight, p.ElectricityPHPPerKWh
	return q
}

// fill sets every exported field reachable from v to a non-zero value: a
// pointer to a filled value, a list or map of one filled item.
func fill(v reflect.Value) {
	if v.Type() == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(7)
	case reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem())
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0))
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k)
		fill(e)
		v.SetMapIndex(k, e)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i))
			}
		}
	}
}

// zeroFields lists the exported fields reachable from v that are zero.
func zeroFields(v reflect.Value, path string) []string {
	if v.IsZero() {
		return []string{path}
	}
	switch v.Kind() {
	case reflect.Pointer:
		return zeroFields(v.Elem(), path)
	case reflect.Slice:
		return zeroFields(v.Index(0), path+"[0]")
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return nil
		}
		var out []string
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				out = append(out, zeroFields(v.Field(i), path+"."+f.Name)...)
			}
		}
		return out
	}
	return nil
}

// keepsEveryField fails when convert, given a value with every field set,
// leaves a field of its answer unset: a field forgotten in a converter.
func keepsEveryField[S, T any](t *testing.T, convert func(S) T) {
	t.Helper()
	var in S
	fill(reflect.ValueOf(&in).Elem())
	out := convert(in)
	if zero := zeroFields(reflect.ValueOf(out), reflect.TypeFor[T]().Name()); len(zero) > 0 {
		t.Errorf("from a full %T, the converter leaves %v unset", in, zero)
	}
}

func TestWireConvertersKeepEveryField(t *testing.T) {
	keepsEveryField(t, finderRequest.profile)
	keepsEveryField(t, finderRequestOf)
	keepsEveryField(t, triageRequest.answers)
	keepsEveryField(t, sessionJSON.session)
	keepsEveryField(t, newSessionJSON)
	keepsEveryField(t, newCheckInJSON)
	keepsEveryField(t, newWarningJSON)
	keepsEveryField(t, newTriageJSON)
	keepsEveryField(t, newDayTotalJSON)
	keepsEveryField(t, newCheckJSON)
	keepsEveryField(t, newScoreItemJSON)
	keepsEveryField(t, newTCOJSON)
	keepsEveryField(t, newHealthJSON)
	keepsEveryField(t, newConditionJSON)
	en := testPrinter(t, locale.English)
	keepsEveryField(t, func(o fit.Option) optionJSON { return newOptionJSON(en, o) })
	keepsEveryField(t, newRatingJSON)
	keepsEveryField(t, newRowJSON)
	keepsEveryField(t, func(l logExport) logExportJSON { return newLogExportJSON(l) })
	keepsEveryField(t, func(s catalog.Source) sourceJSON { return newSourceJSON(s, []string{"model"}) })
}

// TestFinderRequestRoundTrip: the API body of a profile is the profile.
func TestFinderRequestRoundTrip(t *testing.T) {
	var p fit.Profile
	fill(reflect.ValueOf(&p).Elem())
	if back := finderRequestOf(p).profile(); !reflect.DeepEqual(back, p) {
		t.Error("finderRequestOf(p).profile() differs from p: a field is lost on the way")
	}
}
