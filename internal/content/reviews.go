package content

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"masahe/internal/errs"
	"masahe/internal/params"
)

// ReviewStatus is where an owner review stands in moderation.
type ReviewStatus string

const (
	Pending   ReviewStatus = "pending"
	Published ReviewStatus = "published"
	Rejected  ReviewStatus = "rejected"
)

// SubRating is one aspect an owner rates from 1 to 5.
type SubRating struct {
	Key, Label string
}

// SubRatings are the aspects of an owner review, besides the overall
// rating.
var SubRatings = []SubRating{
	{"comfort", "Comfort"},
	{"intensity_range", "Intensity range"},
	{"body_fit", "Fit for my body"},
	{"build", "Build"},
	{"value", "Value"},
	{"after_sales", "After-sales service"},
}

// OwnerReview is a member's review of a chair they own.
type OwnerReview struct {
	ID           int64
	Chair        string
	ChairName    string
	UserID       int64
	Author       string
	Overall      int
	Ratings      map[string]int
	MonthsOwned  int
	Text         string
	Pros         string
	Cons         string
	Status       ReviewStatus
	RejectReason string
	Reports      int
	UpdatedAt    time.Time
	PublishedAt  time.Time
}

// Review text limits, in characters.
const (
	MinReviewText = 30
	MaxReviewText = 5000
	MaxProsCons   = 1000
)

// HoneypotField is a form field people never see and never fill in; a
// bot that fills it is refused.
const HoneypotField = "website"

// ParseReviewForm reads and checks a review form.
func ParseReviewForm(v url.Values) (OwnerReview, error) {
	if v.Get(HoneypotField) != "" {
		return OwnerReview{}, errs.Invalidf(HoneypotField, "the form was filled in by a program, not a person")
	}
	r := OwnerReview{Ratings: map[string]int{}}
	overall, err := rating(v, "overall", true)
	if err != nil {
		return r, err
	}
	r.Overall = overall
	for _, s := range SubRatings {
		n, err := rating(v, s.Key, false)
		if err != nil {
			return r, err
		}
		if n > 0 {
			r.Ratings[s.Key] = n
		}
	}
	months, err := params.Int(v, "months_owned")
	if err != nil {
		return r, err
	}
	if months == nil {
		return r, errs.Invalidf("months_owned", "say how many months you have owned the chair")
	}
	if err := params.InRange("months_owned", months, 0, 360, "a number of months"); err != nil {
		return r, err
	}
	r.MonthsOwned = int(*months)
	r.Text = strings.TrimSpace(v.Get("text"))
	r.Pros = strings.TrimSpace(v.Get("pros"))
	r.Cons = strings.TrimSpace(v.Get("cons"))
	switch n := utf8.RuneCountInString(r.Text); {
	case n < MinReviewText:
		return r, errs.Invalidf("text", "write at least %d characters about the chair", MinReviewText)
	case n > MaxReviewText:
		return r, errs.Invalidf("text", "keep the review under %d characters", MaxReviewText)
	}
	for field, s := range map[string]string{"pros": r.Pros, "cons": r.Cons} {
		if utf8.RuneCountInString(s) > MaxProsCons {
			return r, errs.Invalidf(field, "keep %s under %d characters", field, MaxProsCons)
		}
	}
	return r, nil
}

func rating(v url.Values, key string, required bool) (int, error) {
	s := v.Get(key)
	if s == "" {
		if required {
			return 0, errs.Invalidf(key, "choose a rating from 1 to 5")
		}
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 5 {
		return 0, errs.Invalidf(key, "a rating is a whole number from 1 to 5")
	}
	return n, nil
}

// PriorWeight is how many imaginary ratings at the site mean the Bayesian
// average adds to every chair's real ones.
const PriorWeight = 5

// Rating summarises a chair's published owner ratings.
type Rating struct {
	Count    int
	Average  float64
	Bayesian float64
	SiteMean float64
	Prior    int
}

// NewRating shrinks a chair's average toward the site mean: a chair with
// few ratings stays near the mean until more owners agree.
func NewRating(sum, count int, siteMean float64) Rating {
	r := Rating{Count: count, SiteMean: siteMean, Prior: PriorWeight}
	if count > 0 {
		r.Average = float64(sum) / float64(count)
	}
	r.Bayesian = (PriorWeight*siteMean + float64(sum)) / float64(PriorWeight+count)
	return r
}
