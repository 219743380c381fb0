package safety

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"masahe/internal/errs"
	"masahe/internal/params"
	"masahe/internal/phtime"
)

// ConsentVersion names the consent text owners agree to; a new text gets
// a new version.
const ConsentVersion = "2026-11-24"

// Validate checks a logged session.
func (s LoggedSession) Validate(now time.Time) error {
	switch {
	case s.At.IsZero():
		return errs.Invalidf("at", "say when the session was")
	case s.At.After(now.Add(5 * time.Minute)):
		return errs.Invalidf("at", "the session cannot be in the future")
	case s.At.Before(now.AddDate(-1, 0, 0)):
		return errs.Invalidf("at", "the log keeps the last year only")
	case s.Intensity < 1 || s.Intensity > 5:
		return errs.Invalidf("intensity", "intensity is from 1 (gentlest) to 5 (strongest)")
	case s.Minutes < 1 || s.Minutes > 240:
		return errs.Invalidf("minutes", "minutes must be from 1 to 240")
	case utf8.RuneCountInString(s.Chair) > 100:
		return errs.Invalidf("chair", "the chair's name is longer than 100 characters")
	case utf8.RuneCountInString(s.Program) > 60:
		return errs.Invalidf("program", "the program's name is longer than 60 characters")
	}
	return checkCodes("areas", s.Areas, Areas)
}

// Validate checks a soreness check-in.
func (c CheckIn) Validate(now time.Time) error {
	switch {
	case c.At.IsZero():
		return errs.Invalidf("at", "say when you felt this")
	case c.At.After(now.Add(5 * time.Minute)):
		return errs.Invalidf("at", "the check-in cannot be in the future")
	case c.Soreness < 0 || c.Soreness > 10:
		return errs.Invalidf("soreness", "soreness is from 0 (none) to 10 (worst imaginable)")
	}
	if err := checkCodes("areas", c.Areas, Areas); err != nil {
		return err
	}
	return checkCodes("symptoms", c.Symptoms, Symptoms)
}

func checkCodes(field string, got []string, valid []Option) error {
	for _, g := range got {
		if !slices.ContainsFunc(valid, func(o Option) bool { return o.Code == g }) {
			return errs.Invalidf(field, "%s: %q is not a known code", field, g)
		}
	}
	return nil
}

// ParseSessionForm reads the session form; a blank time means now.
func ParseSessionForm(v url.Values, now time.Time) (LoggedSession, error) {
	s := LoggedSession{Chair: strings.TrimSpace(v.Get("chair")), Program: strings.TrimSpace(v.Get("program")), Heat: v.Get("heat") == "on" || v.Get("heat") == "true", Areas: v["area"]}
	var err error
	if s.At, err = formTime(v, "at", now); err != nil {
		return s, err
	}
	n, err := requiredInt(v, "intensity", "choose an intensity from 1 to 5")
	if err != nil {
		return s, err
	}
	s.Intensity = n
	if s.Minutes, err = requiredInt(v, "minutes", "say how many minutes the session lasted"); err != nil {
		return s, err
	}
	if s.Areas == nil {
		s.Areas = []string{}
	}
	return s, s.Validate(now)
}

// ParseCheckInForm reads the soreness check-in form.
func ParseCheckInForm(v url.Values, now time.Time) (CheckIn, error) {
	c := CheckIn{Areas: v["area"], Symptoms: v["symptom"]}
	var err error
	if c.At, err = formTime(v, "at", now); err != nil {
		return c, err
	}
	if c.Soreness, err = requiredInt(v, "soreness", "rate your soreness from 0 to 10"); err != nil {
		return c, err
	}
	if c.Areas == nil {
		c.Areas = []string{}
	}
	if c.Symptoms == nil {
		c.Symptoms = []string{}
	}
	return c, c.Validate(now)
}

func requiredInt(v url.Values, key, missing string) (int, error) {
	n, err := params.Int(v, key)
	if err != nil {
		return 0, err
	}
	if n == nil {
		return 0, errs.Invalidf(key, "%s", missing)
	}
	return int(*n), nil
}

// formTime reads a datetime-local value in phtime.Manila time; blank is now.
func formTime(v url.Values, key string, now time.Time) (time.Time, error) {
	s := strings.TrimSpace(v.Get(key))
	if s == "" {
		return now, nil
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", s, phtime.Manila)
	if err != nil {
		return time.Time{}, errs.Invalidf(key, "write the time as YYYY-MM-DD HH:MM")
	}
	return t, nil
}
