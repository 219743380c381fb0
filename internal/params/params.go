// Package params reads query parameters and form values into typed values,
// reporting bad input as invalid-input errors that name the parameter.
package params

import (
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"masahe/internal/errs"
)

// CheckKeys rejects a parameter not in allowed, naming the first in
// alphabetical order so that the answer does not vary.
func CheckKeys(v url.Values, allowed []string) error {
	for _, key := range slices.Sorted(maps.Keys(v)) {
		if key == "" {
			return errs.Invalidf("query", "the query has a value without a parameter name")
		}
		if !slices.Contains(allowed, key) {
			return errs.Invalidf(key, "unknown parameter %q", key)
		}
	}
	return nil
}

// MaxListItems bounds a list parameter: more values than any list has
// options, few enough that a query naming them stays small.
const MaxListItems = 100

// List reads a list from a comma list, repeated parameters, or both:
// lowercased, trimmed, without empty items or repeats, at most
// MaxListItems. Each item must satisfy valid; hint says what is valid
// ("one of a, b, c").
func List(v url.Values, key string, valid func(string) bool, hint string) ([]string, error) {
	var out []string
	for _, raw := range v[key] {
		for _, item := range strings.Split(raw, ",") {
			item = strings.ToLower(strings.TrimSpace(item))
			if item == "" || slices.Contains(out, item) {
				continue
			}
			if !valid(item) {
				return nil, errs.Invalidf(key, "%s: %q is not %s", key, item, hint)
			}
			if len(out) == MaxListItems {
				return nil, errs.Invalidf(key, "%s lists more than %d values", key, MaxListItems)
			}
			out = append(out, item)
		}
	}
	return out, nil
}

// Bool reads true/false (also 1/0, yes/no, on); empty is nil.
func Bool(v url.Values, key string) (*bool, error) {
	s := v.Get(key)
	switch s {
	case "":
		return nil, nil
	case "true", "1", "yes", "on":
		b := true
		return &b, nil
	case "false", "0", "no":
		b := false
		return &b, nil
	}
	return nil, errs.Invalidf(key, "%s must be true or false, not %q", key, s)
}

// Int reads a whole number, allowing thousands separators ("129,990");
// empty is nil.
func Int(v url.Values, key string) (*int64, error) {
	s := strings.TrimSpace(v.Get(key))
	if s == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
	if err != nil {
		return nil, errs.Invalidf(key, "%s must be a whole number, not %q", key, s)
	}
	return &n, nil
}

// InRange checks that n, when given, lies between min and max; what names
// the quantity for people ("a height in centimetres").
func InRange(field string, n *int64, min, max int64, what string) error {
	if n != nil && (*n < min || *n > max) {
		return errs.Invalidf(field, "%s must be %s between %d and %d", field, what, min, max)
	}
	return nil
}
