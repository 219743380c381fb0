package safety

import (
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"masahe/internal/errs"
)

func wantField(t *testing.T, what string, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Errorf("%s: %v, want no error", what, err)
		}
		return
	}
	e := errs.As(err)
	if err == nil || e.Code != errs.Invalid || e.Field != field || e.Message == "" {
		t.Errorf("%s: error %v (field %q), want invalid %q", what, err, e.Field, field)
	}
}

func TestLoggedSessionValidate(t *testing.T) {
	ok := session(guardNow.Add(-time.Hour))
	for _, c := range []struct {
		name  string
		edit  func(*LoggedSession)
		field string
	}{
		{"valid", func(*LoggedSession) {}, ""},
		{"intensity 0", func(s *LoggedSession) { s.Intensity = 0 }, "intensity"},
		{"intensity 1", func(s *LoggedSession) { s.Intensity = 1 }, ""},
		{"intensity 5", func(s *LoggedSession) { s.Intensity = 5 }, ""},
		{"intensity 6", func(s *LoggedSession) { s.Intensity = 6 }, "intensity"},
		{"intensity −1", func(s *LoggedSession) { s.Intensity = -1 }, "intensity"},
		{"minutes 0", func(s *LoggedSession) { s.Minutes = 0 }, "minutes"},
		{"minutes 1", func(s *LoggedSession) { s.Minutes = 1 }, ""},
		{"minutes 240", func(s *LoggedSession) { s.Minutes = 240 }, ""},
		{"minutes 241", func(s *LoggedSession) { s.Minutes = 241 }, "minutes"},
		{"no time", func(s *LoggedSession) { s.At = time.Time{} }, "at"},
		{"now", func(s *LoggedSession) { s.At = guardNow }, ""},
		{"5 minutes ahead (clock skew)", func(s *LoggedSession) { s.At = guardNow.Add(5 * time.Minute) }, ""},
		{"6 minutes ahead", func(s *LoggedSession) { s.At = guardNow.Add(6 * time.Minute) }, "at"},
		{"tomorrow", func(s *LoggedSession) { s.At = guardNow.AddDate(0, 0, 1) }, "at"},
		{"a year ago", func(s *LoggedSession) { s.At = guardNow.AddDate(-1, 0, 0) }, ""},
		{"a year and a second ago", func(s *LoggedSession) { s.At = guardNow.AddDate(-1, 0, 0).Add(-time.Second) }, "at"},
		{"unknown area", func(s *LoggedSession) { s.Areas = []string{"back", "elbow"} }, "areas"},
		{"no areas", func(s *LoggedSession) { s.Areas = []string{} }, ""},
		{"every area", func(s *LoggedSession) {
			s.Areas = nil
			for _, a := range Areas {
				s.Areas = append(s.Areas, a.Code)
			}
		}, ""},
		{"chair of 100 characters", func(s *LoggedSession) { s.Chair = strings.Repeat("ñ", 100) }, ""},
		{"chair of 101 characters", func(s *LoggedSession) { s.Chair = strings.Repeat("ñ", 101) }, "chair"},
		{"program of 60 characters", func(s *LoggedSession) { s.Program = strings.Repeat("a", 60) }, ""},
		{"program of 61 characters", func(s *LoggedSession) { s.Program = strings.Repeat("a", 61) }, "program"},
	} {
		s := ok
		s.Areas = slices.Clone(ok.Areas)
		c.edit(&s)
		wantField(t, c.name, s.Validate(guardNow), c.field)
	}
}

func TestCheckInValidate(t *testing.T) {
	ok := checkIn(guardNow.Add(-time.Hour), 3)
	for _, c := range []struct {
		name  string
		edit  func(*CheckIn)
		field string
	}{
		{"valid", func(*CheckIn) {}, ""},
		{"soreness −1", func(c *CheckIn) { c.Soreness = -1 }, "soreness"},
		{"soreness 0", func(c *CheckIn) { c.Soreness = 0 }, ""},
		{"soreness 10", func(c *CheckIn) { c.Soreness = 10 }, ""},
		{"soreness 11", func(c *CheckIn) { c.Soreness = 11 }, "soreness"},
		{"no time", func(c *CheckIn) { c.At = time.Time{} }, "at"},
		{"6 minutes ahead", func(c *CheckIn) { c.At = guardNow.Add(6 * time.Minute) }, "at"},
		{"unknown area", func(c *CheckIn) { c.Areas = []string{"elbow"} }, "areas"},
		{"unknown symptom", func(c *CheckIn) { c.Symptoms = []string{"flu"} }, "symptoms"},
		{"a condition is not a symptom", func(c *CheckIn) { c.Symptoms = []string{"pregnancy"} }, "symptoms"},
		{"every symptom", func(c *CheckIn) {
			for _, s := range Symptoms {
				c.Symptoms = append(c.Symptoms, s.Code)
			}
		}, ""},
	} {
		ci := ok
		ci.Areas, ci.Symptoms = slices.Clone(ok.Areas), slices.Clone(ok.Symptoms)
		c.edit(&ci)
		wantField(t, c.name, ci.Validate(guardNow), c.field)
	}
}

func TestParseSessionForm(t *testing.T) {
	base := url.Values{"at": {"2026-11-24T13:30"}, "chair": {"  OSIM uDream  "}, "program": {" Deep tissue "}, "intensity": {"3"},
		"minutes": {"15"}, "area": {"back", "neck"}, "heat": {"on"}}
	s, err := ParseSessionForm(base, guardNow)
	if err != nil {
		t.Fatal(err)
	}
	want := LoggedSession{At: time.Date(2026, 11, 24, 5, 30, 0, 0, time.UTC), Chair: "OSIM uDream", Program: "Deep tissue", Intensity: 3, Minutes: 15,
		Areas: []string{"back", "neck"}, Heat: true}
	if !s.At.Equal(want.At) {
		t.Errorf("at = %v, want 13:30 in Manila = %v", s.At, want.At)
	}
	s.At = want.At
	if !reflect.DeepEqual(s, want) {
		t.Errorf("ParseSessionForm = %+v, want %+v", s, want)
	}

	for _, c := range []struct {
		name  string
		set   map[string]string // "" deletes
		field string
	}{
		{"blank time is now", map[string]string{"at": ""}, ""},
		{"intensity 0", map[string]string{"intensity": "0"}, "intensity"},
		{"intensity 1", map[string]string{"intensity": "1"}, ""},
		{"intensity 5", map[string]string{"intensity": "5"}, ""},
		{"intensity 6", map[string]string{"intensity": "6"}, "intensity"},
		{"intensity missing", map[string]string{"intensity": ""}, "intensity"},
		{"intensity not a number", map[string]string{"intensity": "strong"}, "intensity"},
		{"intensity a fraction", map[string]string{"intensity": "2.5"}, "intensity"},
		{"minutes 0", map[string]string{"minutes": "0"}, "minutes"},
		{"minutes 1", map[string]string{"minutes": "1"}, ""},
		{"minutes 240", map[string]string{"minutes": "240"}, ""},
		{"minutes 241", map[string]string{"minutes": "241"}, "minutes"},
		{"minutes missing", map[string]string{"minutes": ""}, "minutes"},
		{"minutes huge", map[string]string{"minutes": "99999999999999999999"}, "minutes"},
		{"in the future", map[string]string{"at": "2026-11-24T16:06"}, "at"},
		{"5 minutes ahead", map[string]string{"at": "2026-11-24T16:05"}, ""},
		{"tomorrow", map[string]string{"at": "2026-11-25T09:00"}, "at"},
		{"a year ago", map[string]string{"at": "2025-11-24T16:00"}, ""},
		{"more than a year ago", map[string]string{"at": "2025-11-24T15:59"}, "at"},
		{"bad datetime", map[string]string{"at": "yesterday"}, "at"},
		{"datetime with a space", map[string]string{"at": "2026-11-24 13:30"}, "at"},
		{"impossible date", map[string]string{"at": "2026-02-30T10:00"}, "at"},
		{"unknown area", map[string]string{"area": "elbow"}, "areas"},
		{"chair too long", map[string]string{"chair": strings.Repeat("x", 101)}, "chair"},
	} {
		v := url.Values{}
		for k, vs := range base {
			v[k] = slices.Clone(vs)
		}
		for k, x := range c.set {
			if x == "" {
				v.Del(k)
			} else {
				v.Set(k, x)
			}
		}
		s, err := ParseSessionForm(v, guardNow)
		wantField(t, c.name, err, c.field)
		if c.name == "blank time is now" && !s.At.Equal(guardNow) {
			t.Errorf("blank time: at = %v, want now %v", s.At, guardNow)
		}
	}

	s, err = ParseSessionForm(url.Values{"intensity": {"2"}, "minutes": {"10"}}, guardNow)
	if err != nil || s.Areas == nil || len(s.Areas) != 0 || s.Heat || s.Chair != "" {
		t.Errorf("a minimal form = %+v, %v; want no areas (not nil), heat off", s, err)
	}
}

func TestParseCheckInForm(t *testing.T) {
	c, err := ParseCheckInForm(url.Values{"at": {"2026-11-24T15:00"}, "soreness": {"7"}, "area": {"neck"}, "symptom": {"saddle_numbness", "fever"}}, guardNow)
	if err != nil {
		t.Fatal(err)
	}
	if !c.At.Equal(guardNow.Add(-time.Hour)) || c.Soreness != 7 || !slices.Equal(c.Areas, []string{"neck"}) ||
		!slices.Equal(c.Symptoms, []string{"saddle_numbness", "fever"}) {
		t.Errorf("ParseCheckInForm = %+v", c)
	}
	c, err = ParseCheckInForm(url.Values{"soreness": {"0"}}, guardNow)
	if err != nil || !c.At.Equal(guardNow) || c.Areas == nil || c.Symptoms == nil {
		t.Errorf("a minimal check-in = %+v, %v; want now, empty lists (not nil)", c, err)
	}
	for _, x := range []struct {
		name  string
		v     url.Values
		field string
	}{
		{"soreness missing", url.Values{}, "soreness"},
		{"soreness −1", url.Values{"soreness": {"-1"}}, "soreness"},
		{"soreness 10", url.Values{"soreness": {"10"}}, ""},
		{"soreness 11", url.Values{"soreness": {"11"}}, "soreness"},
		{"soreness not a number", url.Values{"soreness": {"bad"}}, "soreness"},
		{"unknown symptom", url.Values{"soreness": {"3"}, "symptom": {"flu"}}, "symptoms"},
		{"unknown area", url.Values{"soreness": {"3"}, "area": {"elbow"}}, "areas"},
		{"in the future", url.Values{"soreness": {"3"}, "at": {"2026-11-24T17:00"}}, "at"},
		{"bad datetime", url.Values{"soreness": {"3"}, "at": {"24/11/2026 15:00"}}, "at"},
	} {
		_, err := ParseCheckInForm(x.v, guardNow)
		wantField(t, x.name, err, x.field)
	}
}
