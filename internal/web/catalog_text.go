package web

import (
	"slices"
	"strings"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/locale"
	"masahe/internal/phtime"
)

// catalogText writes the catalog's field labels, option labels and values in
// the printer's language. internal/catalog keeps its English labels (the
// API, the admin and imports use them) and knows no language; its messages
// are named after its keys: spec.<key> for a field's label,
// spec.<key>.<option> for an enum value, spec.group.<group> for a group of
// the chair page, spec.source.<kind> for a source kind, catalog.sort.<order>
// for a sort order, places.kind.<kind> and places.region.<code> for a
// place's kind and region (TestCatalogMessages holds every one to both
// catalogs). It is drawing.Words for the drawings.
type catalogText struct{ *locale.Printer }

func (s *Server) catalogText(l locale.Lang) catalogText { return catalogText{s.bundle.Printer(l)} }

// specGroupIDs name the message of each field group.
var specGroupIDs = map[string]string{
	catalog.GroupMassage:  "spec.group.massage",
	catalog.GroupBody:     "spec.group.body",
	catalog.GroupSize:     "spec.group.size",
	catalog.GroupPower:    "spec.group.power",
	catalog.GroupWarranty: "spec.group.warranty",
	catalog.GroupOther:    "spec.group.other",
}

// SpecLabel is a field's label: "Track length".
func (t catalogText) SpecLabel(f catalog.Field) string { return t.T("spec." + f.Key) }

// Group is a field group's heading.
func (t catalogText) Group(g string) string { return t.T(specGroupIDs[g]) }

// Option is an enum field's value label ("SL-track"); a value the field
// does not list is written as it is.
func (t catalogText) Option(f catalog.Field, v string) string {
	if !slices.ContainsFunc(f.Options, func(o catalog.Option) bool { return o.Value == v }) {
		return v
	}
	return t.T("spec." + f.Key + "." + v)
}

// Options are an enum list's values and labels, for a form.
func (t catalogText) Options(f catalog.Field, checked []string) []facetOption {
	out := make([]facetOption, len(f.Options))
	for i, o := range f.Options {
		out[i] = facetOption{Value: o.Value, Label: t.Option(f, o.Value), Checked: slices.Contains(checked, o.Value)}
	}
	return out
}

// SpecValue is a published value as people read it: catalog.FormatValue
// with its words (yes, no, none, months, option labels) in the language.
func (t catalogText) SpecValue(f catalog.Field, s catalog.Spec) string {
	switch v := s.Value.(type) {
	case nil:
		return t.T("spec.not_published")
	case bool:
		if v {
			return t.T("spec.yes")
		}
		return t.T("spec.no")
	case string:
		return t.Option(f, v)
	case []string:
		if len(v) == 0 {
			return t.T("spec.none")
		}
	case int64:
		if f.Unit == "months" {
			return t.Plural("spec.months", int(v))
		}
	}
	return catalog.FormatValue(f, s, true)
}

// ChairValue is a chair's spec as catalog.Chair.SpecText writes it, in the
// language: "not published", or the value, saying whose version it
// describes when it differs by market and its source describes another
// market than the Philippines.
func (t catalogText) ChairValue(c catalog.Chair, f catalog.Field) string {
	s, ok := c.Specs[f.Key]
	if !ok {
		return t.T("spec.not_published")
	}
	text := t.SpecValue(f, s)
	market := c.SpecMarket(f.Key)
	switch {
	case market == "" || market == catalog.MarketPH || !slices.Contains(catalog.MarketSpecific, f.Key):
		return text
	case market == "other":
		return t.T("spec.version_other", text)
	}
	return t.T("spec.version", market, text)
}

// SourceNote is a source's kind and market as a citation shows them
// (catalog.Source.Note): "official distributor, US"; "" when neither is
// stated.
func (t catalogText) SourceNote(src catalog.Source) string {
	var parts []string
	if src.Kind != "" {
		parts = append(parts, t.T("spec.source."+src.Kind))
	}
	switch src.Market {
	case "":
	case "other":
		parts = append(parts, t.T("spec.source.other_market"))
	default:
		parts = append(parts, src.Market)
	}
	return strings.Join(parts, ", ")
}

// Region is a PSA region's name (places.region.<code>, lower case; the English is
// catalog.Regions' name).
func (t catalogText) Region(code string) string { return t.T("places.region." + strings.ToLower(code)) }

// Day writes a catalog date ("2026-12-01": a source read, a place
// checked) as the language writes dates; text that is not such a date is
// written as it is.
func (t catalogText) Day(iso string) string {
	d, err := time.ParseInLocation(time.DateOnly, iso, phtime.Manila)
	if err != nil {
		return iso
	}
	return t.Date(d)
}
