package catalog

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"masahe/internal/errs"
)

// FuzzParseFilter: any query string either parses into a filter whose
// canonical query parses back to itself, or fails with an invalid-input
// error naming a field; it never panics.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"", "brand=osim&track=sl", "min_price=-1", "per_page=10000", "q=zero+gravity+4d", "zero_gravity=yes&page=2", "sort=price_asc&height_cm=180"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		flt, err := ParseFilter(v)
		if err != nil {
			var e *errs.Error
			if !errors.As(err, &e) || e.Code != errs.Invalid || e.Field == "" {
				t.Fatalf("ParseFilter(%q) = %v: want an invalid error with a field", raw, err)
			}
			return
		}
		if flt.PerPage < 1 || flt.PerPage > MaxPerPage || flt.Page < 1 {
			t.Fatalf("bad paging %+v", flt)
		}
		again, err := ParseFilter(flt.Query())
		if err != nil || again.Query().Encode() != flt.Query().Encode() {
			t.Fatalf("canonical query %q does not round-trip: %v", flt.Query().Encode(), err)
		}
	})
}

// FuzzParseDocument: any input either parses and validates to a result, or
// fails with an error; it never panics, and problems always name a record.
func FuzzParseDocument(f *testing.F) {
	f.Add(validDoc)
	f.Add(`{"chairs":[{"slug":"a","brand":"b","name":"c","specs":{"airbags":{"value":1e400,"source":"s"}}}]}`)
	f.Add(`{"places":[{"slug":"a","brand":"b"}]}`)
	f.Fuzz(func(t *testing.T, raw string) {
		doc, err := ParseDocument("fuzz.json", strings.NewReader(raw))
		if err != nil {
			return
		}
		var verr *ValidationError
		if err := doc.Validate(Known{}); err != nil && errors.As(err, &verr) {
			for _, p := range verr.Problems {
				if p.Record == "" || p.Message == "" {
					t.Fatalf("problem without record or message: %+v", p)
				}
			}
		}
	})
}
