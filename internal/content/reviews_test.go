package content

import (
	"math"
	"net/url"
	"strings"
	"testing"

	"masahe/internal/errs"
)

// validReview is a review form every check accepts; cases change one
// field of it.
func validReview() url.Values {
	return url.Values{
		"overall":      {"4"},
		"months_owned": {"12"},
		"text":         {"Good for my lower back after long shifts at the hospital."},
	}
}

func TestParseReviewForm(t *testing.T) {
	t.Parallel()
	// Multi-byte letters count as one character each.
	runes := func(n int) string { return strings.Repeat("ñ", n) }
	cases := []struct {
		name      string
		change    func(v url.Values)
		wantField string // "" when the form is valid
	}{
		{"valid", func(url.Values) {}, ""},
		{"overall missing", func(v url.Values) { v.Del("overall") }, "overall"},
		{"overall empty", func(v url.Values) { v.Set("overall", "") }, "overall"},
		{"overall 0", func(v url.Values) { v.Set("overall", "0") }, "overall"},
		{"overall 6", func(v url.Values) { v.Set("overall", "6") }, "overall"},
		{"overall abc", func(v url.Values) { v.Set("overall", "abc") }, "overall"},
		{"overall 4.5", func(v url.Values) { v.Set("overall", "4.5") }, "overall"},
		{"overall -1", func(v url.Values) { v.Set("overall", "-1") }, "overall"},
		{"overall 1", func(v url.Values) { v.Set("overall", "1") }, ""},
		{"overall 5", func(v url.Values) { v.Set("overall", "5") }, ""},
		{"every sub-rating empty", func(v url.Values) {
			for _, s := range SubRatings {
				v.Set(s.Key, "")
			}
		}, ""},
		{"every sub-rating 1", func(v url.Values) {
			for _, s := range SubRatings {
				v.Set(s.Key, "1")
			}
		}, ""},
		{"every sub-rating 5", func(v url.Values) {
			for _, s := range SubRatings {
				v.Set(s.Key, "5")
			}
		}, ""},
		{"comfort 0", func(v url.Values) { v.Set("comfort", "0") }, "comfort"},
		{"intensity_range 6", func(v url.Values) { v.Set("intensity_range", "6") }, "intensity_range"},
		{"body_fit abc", func(v url.Values) { v.Set("body_fit", "abc") }, "body_fit"},
		{"build -3", func(v url.Values) { v.Set("build", "-3") }, "build"},
		{"value 10", func(v url.Values) { v.Set("value", "10") }, "value"},
		{"after_sales 2.5", func(v url.Values) { v.Set("after_sales", "2.5") }, "after_sales"},
		{"months missing", func(v url.Values) { v.Del("months_owned") }, "months_owned"},
		{"months blank", func(v url.Values) { v.Set("months_owned", "  ") }, "months_owned"},
		{"months -1", func(v url.Values) { v.Set("months_owned", "-1") }, "months_owned"},
		{"months 0", func(v url.Values) { v.Set("months_owned", "0") }, ""},
		{"months 360", func(v url.Values) { v.Set("months_owned", "360") }, ""},
		{"months 361", func(v url.Values) { v.Set("months_owned", "361") }, "months_owned"},
		{"months abc", func(v url.Values) { v.Set("months_owned", "abc") }, "months_owned"},
		{"text missing", func(v url.Values) { v.Del("text") }, "text"},
		{"text 29 characters", func(v url.Values) { v.Set("text", runes(29)) }, "text"},
		{"text 30 characters", func(v url.Values) { v.Set("text", runes(30)) }, ""},
		{"text 29 characters padded with spaces", func(v url.Values) { v.Set("text", "   "+runes(29)+"\n\n  ") }, "text"},
		{"text 5000 characters", func(v url.Values) { v.Set("text", runes(5000)) }, ""},
		{"text 5001 characters", func(v url.Values) { v.Set("text", runes(5001)) }, "text"},
		{"pros 1000 characters", func(v url.Values) { v.Set("pros", runes(1000)) }, ""},
		{"pros 1001 characters", func(v url.Values) { v.Set("pros", runes(1001)) }, "pros"},
		{"cons 1000 characters", func(v url.Values) { v.Set("cons", runes(1000)) }, ""},
		{"cons 1001 characters", func(v url.Values) { v.Set("cons", runes(1001)) }, "cons"},
		{"honeypot filled", func(v url.Values) { v.Set(HoneypotField, "http://spam.example") }, "website"},
		{"honeypot filled on an otherwise empty form", func(v url.Values) {
			for k := range v {
				v.Del(k)
			}
			v.Set("website", "x")
		}, "website"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := validReview()
			c.change(v)
			r, err := ParseReviewForm(v)
			if c.wantField == "" {
				if err != nil {
					t.Fatalf("ParseReviewForm = %v, want no error", err)
				}
				return
			}
			e := errs.As(err)
			if err == nil || e.Code != errs.Invalid || e.Field != c.wantField || e.Message == "" {
				t.Fatalf("ParseReviewForm = %+v, %v; want an invalid error in field %q with a message", r, err, c.wantField)
			}
		})
	}
}

func TestParseReviewFormValues(t *testing.T) {
	t.Parallel()
	v := url.Values{
		"overall": {"5"}, "months_owned": {" 12 "},
		"comfort": {"3"}, "after_sales": {"1"}, "build": {""},
		"text": {"  *Great* chair for the price; my back thanks me daily.  "},
		"pros": {" Quiet "}, "cons": {" Heavy "},
		"website": {""},
	}
	r, err := ParseReviewForm(v)
	if err != nil {
		t.Fatal(err)
	}
	if r.Overall != 5 || r.MonthsOwned != 12 || r.Text != "*Great* chair for the price; my back thanks me daily." || r.Pros != "Quiet" || r.Cons != "Heavy" {
		t.Errorf("ParseReviewForm = %+v", r)
	}
	if len(r.Ratings) != 2 || r.Ratings["comfort"] != 3 || r.Ratings["after_sales"] != 1 {
		t.Errorf("sub-ratings = %v, want comfort 3 and after_sales 1 only (empty ones left out)", r.Ratings)
	}
	if r.Status != "" || r.ID != 0 || r.UserID != 0 {
		t.Errorf("the form set fields it must not: %+v", r)
	}
}

func TestSubRatingKeys(t *testing.T) {
	t.Parallel()
	want := []string{"comfort", "intensity_range", "body_fit", "build", "value", "after_sales"}
	if len(SubRatings) != len(want) {
		t.Fatalf("SubRatings = %v, want %v", SubRatings, want)
	}
	for i, s := range SubRatings {
		if s.Key != want[i] || s.Label == "" {
			t.Errorf("SubRatings[%d] = %+v, want key %q with a label", i, s, want[i])
		}
	}
}

func TestNewRating(t *testing.T) {
	t.Parallel()
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
	cases := []struct {
		sum, count int
		mean       float64
		want       Rating
	}{
		// Two ratings summing 9 at a site mean of 4, with 5 imaginary ones:
		// (5×4 + 9) / (5 + 2).
		{9, 2, 4, Rating{Count: 2, Average: 4.5, Bayesian: 29.0 / 7, SiteMean: 4, Prior: 5}},
		// No ratings: the site mean itself.
		{0, 0, 3.7, Rating{Count: 0, Average: 0, Bayesian: 3.7, SiteMean: 3.7, Prior: 5}},
		{0, 0, 0, Rating{Prior: 5}},
		// One 5-star rating at a mean of 3: (15 + 5) / 6.
		{5, 1, 3, Rating{Count: 1, Average: 5, Bayesian: 20.0 / 6, SiteMean: 3, Prior: 5}},
		// Many ratings settle near their own average: 100 fours at a mean of 2.
		{400, 100, 2, Rating{Count: 100, Average: 4, Bayesian: 410.0 / 105, SiteMean: 2, Prior: 5}},
		// A chair at the site mean stays there.
		{12, 3, 4, Rating{Count: 3, Average: 4, Bayesian: 4, SiteMean: 4, Prior: 5}},
	}
	for _, c := range cases {
		got := NewRating(c.sum, c.count, c.mean)
		if got.Count != c.want.Count || got.Prior != c.want.Prior || !near(got.Average, c.want.Average) ||
			!near(got.Bayesian, c.want.Bayesian) || !near(got.SiteMean, c.want.SiteMean) {
			t.Errorf("NewRating(%d, %d, %v) = %+v, want %+v", c.sum, c.count, c.mean, got, c.want)
		}
	}
	if PriorWeight != 5 {
		t.Errorf("PriorWeight = %d; the figures above assume 5", PriorWeight)
	}
	// One glowing review does not outrank many good ones.
	one := NewRating(5, 1, 3.5)
	many := NewRating(45, 10, 3.5)
	if one.Bayesian >= many.Bayesian {
		t.Errorf("one 5-star review (%v) outranks ten averaging 4.5 (%v)", one.Bayesian, many.Bayesian)
	}
}
