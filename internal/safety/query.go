package safety

import (
	"net/url"
	"strconv"
	"strings"

	"masahe/internal/errs"
	"masahe/internal/params"
)

// QueryKeys are the triage form's parameter names. They are the API's
// field names, except that the lists are repeated as symptom and
// condition, one value each.
var QueryKeys = []string{"hours_since_massage", "pain", "trend", "age", "area", "trauma", "first_episode", "symptom", "condition"}

// ParseQuery reads the triage form's answers from a query string and
// validates them. Errors name the form's parameter.
func ParseQuery(v url.Values) (Answers, error) {
	if err := params.CheckKeys(v, QueryKeys); err != nil {
		return Answers{}, err
	}
	var a Answers
	var err error
	for _, n := range []struct {
		key string
		dst **int64
	}{{"hours_since_massage", &a.HoursSinceMassage}, {"pain", &a.Pain}, {"age", &a.Age}} {
		if *n.dst, err = params.Int(v, n.key); err != nil {
			return Answers{}, err
		}
	}
	if a.FirstEpisode, err = params.Bool(v, "first_episode"); err != nil {
		return Answers{}, err
	}
	a.Trend, a.Area, a.Trauma = v.Get("trend"), v.Get("area"), v.Get("trauma")
	any := func(string) bool { return true }
	if a.Symptoms, err = params.List(v, "symptom", any, ""); err != nil {
		return Answers{}, err
	}
	if a.Conditions, err = params.List(v, "condition", any, ""); err != nil {
		return Answers{}, err
	}
	if err := a.Validate(); err != nil {
		return Answers{}, formField(err)
	}
	return a, nil
}

// Query writes the answers as the triage form's parameters.
func (a Answers) Query() url.Values {
	q := url.Values{}
	for _, n := range []struct {
		key string
		n   *int64
	}{{"hours_since_massage", a.HoursSinceMassage}, {"pain", a.Pain}, {"age", a.Age}} {
		if n.n != nil {
			q.Set(n.key, strconv.FormatInt(*n.n, 10))
		}
	}
	for key, s := range map[string]string{"trend": a.Trend, "area": a.Area, "trauma": a.Trauma} {
		if s != "" {
			q.Set(key, s)
		}
	}
	if a.FirstEpisode != nil {
		q.Set("first_episode", strconv.FormatBool(*a.FirstEpisode))
	}
	for _, s := range a.Symptoms {
		q.Add("symptom", s)
	}
	for _, c := range a.Conditions {
		q.Add("condition", c)
	}
	return q
}

// formField renames an API field in an error to the form's name for it.
func formField(err error) error {
	e := errs.As(err)
	name, ok := map[string]string{"symptoms": "symptom", "conditions": "condition"}[e.Field]
	if !ok {
		return err
	}
	return &errs.Error{Code: e.Code, Field: name, Message: strings.Replace(e.Message, e.Field, name, 1)}
}
