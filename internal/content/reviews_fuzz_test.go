package content

import (
	"errors"
	"net/url"
	"testing"
	"unicode/utf8"

	"masahe/internal/errs"
)

// FuzzParseReviewForm: any posted form either gives a review within every
// limit or an invalid-input error naming a field; it never panics.
func FuzzParseReviewForm(f *testing.F) {
	f.Add("overall=4&months_owned=12&text=" + url.QueryEscape("A good chair for my lower back, every evening."))
	f.Add("overall=9&months_owned=-1&text=short")
	f.Add("overall=5&comfort=0&months_owned=1&website=spam&text=x")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		r, err := ParseReviewForm(v)
		if err != nil {
			var e *errs.Error
			if !errors.As(err, &e) || e.Code != errs.Invalid || e.Field == "" {
				t.Fatalf("ParseReviewForm(%q) = %v, want an invalid error with a field", raw, err)
			}
			return
		}
		if r.Overall < 1 || r.Overall > 5 || r.MonthsOwned < 0 || r.MonthsOwned > 360 {
			t.Fatalf("out-of-range review accepted: %+v", r)
		}
		for k, n := range r.Ratings {
			if n < 1 || n > 5 {
				t.Fatalf("sub-rating %s = %d accepted", k, n)
			}
		}
		if n := utf8.RuneCountInString(r.Text); n < MinReviewText || n > MaxReviewText {
			t.Fatalf("text of %d characters accepted", n)
		}
	})
}
