package fit

import (
	"errors"
	"net/url"
	"testing"

	"masahe/internal/errs"
)

// FuzzParseQuery: any finder query either gives a valid profile that
// round-trips through Query, or an invalid-input error naming a field; it
// never panics.
func FuzzParseQuery(f *testing.F) {
	f.Add("height_cm=175&weight_kg=70&room_width_cm=120&room_depth_cm=250&goal=sleep&condition=osteoporosis")
	f.Add("height_cm=20&door_width_cm=0")
	f.Add("goal=relaxation,deep_knots&must_have=heat&region=ncr&lift=true&floors_by_stairs=3")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p, err := ParseQuery(v)
		if err != nil {
			var e *errs.Error
			if !errors.As(err, &e) || e.Code != errs.Invalid || e.Field == "" {
				t.Fatalf("ParseQuery(%q) = %v, want an invalid error with a field", raw, err)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("a parsed profile fails Validate: %v", err)
		}
		again, err := ParseQuery(p.Query())
		if err != nil || again.Query().Encode() != p.Query().Encode() {
			t.Fatalf("profile %q does not round-trip: %v", p.Query().Encode(), err)
		}
	})
}
