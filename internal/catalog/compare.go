package catalog

import (
	"masahe/internal/prices"
	"net/url"

	"masahe/internal/errs"
	"masahe/internal/params"
)

// MinCompare and MaxCompare bound a comparison.
const (
	MinCompare = 2
	MaxCompare = 4
)

// ParseCompareSlugs reads the chairs to compare from the "chairs"
// parameter: a comma list or repeated parameters of at most four slugs.
// Parameters other than "chairs" and allowExtra are errors.
func ParseCompareSlugs(v url.Values, allowExtra ...string) ([]string, error) {
	if err := params.CheckKeys(v, append(allowExtra, "chairs")); err != nil {
		return nil, err
	}
	slugs, err := parseList(v, "chairs", nil)
	if err != nil {
		return nil, err
	}
	if len(slugs) > MaxCompare {
		return nil, errs.Invalidf("chairs", "compare at most %d chairs; %d were given", MaxCompare, len(slugs))
	}
	return slugs, nil
}

// Row is one line of a comparison: a spec's values for each chair.
type Row struct {
	Field  string
	Label  string
	Group  string
	Values []string
	Sample []bool
	// Notes give each value's source kind and market (Source.Note).
	Notes   []string
	Differs bool
}

// CompareCount reports whether n chairs can be compared.
func CompareCount(n int) error {
	if n < MinCompare || n > MaxCompare {
		return errs.Invalidf("chairs", "compare %d to %d chairs; %d were given", MinCompare, MaxCompare, n)
	}
	return nil
}

// Compare lines up the specs of two to four chairs, lowest price and brand
// first, and marks the rows whose values differ.
func Compare(chairs []Chair) ([]Row, error) {
	if err := CompareCount(len(chairs)); err != nil {
		return nil, err
	}
	rows := []Row{newRow("brand", "Brand", GroupOther, chairs, func(c Chair) (string, bool, string) { return c.BrandName, false, "" })}
	rows = append(rows, newRow("lowest_price_php", "Lowest observed price", GroupOther, chairs, func(c Chair) (string, bool, string) {
		if o, ok := c.LowestOffer(); ok {
			return o.Price.String() + " on " + prices.FormatDate(o.ObservedAt), false, ""
		}
		return "no observed price yet", false, ""
	}))
	for _, f := range Fields {
		rows = append(rows, newRow(f.Key, f.Label, f.Group, chairs, func(c Chair) (string, bool, string) {
			s := c.Specs[f.Key]
			return c.SpecText(f), s.Sample, c.Sources[s.Source].Note()
		}))
	}
	return rows, nil
}

// newRow lines up one spec: value gives each chair's text, sample mark and
// source note.
func newRow(key, label, group string, chairs []Chair, value func(Chair) (string, bool, string)) Row {
	r := Row{Field: key, Label: label, Group: group}
	for _, c := range chairs {
		v, sample, note := value(c)
		r.Values = append(r.Values, v)
		r.Sample = append(r.Sample, sample)
		r.Notes = append(r.Notes, note)
		if v != r.Values[0] {
			r.Differs = true
		}
	}
	return r
}
