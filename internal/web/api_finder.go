package web

// The finder's JSON answer (POST /api/v1/finder): the best of the ranked
// shortlist and the excluded chairs summarised, never the whole catalog.

import (
	"cmp"
	"math"
	"net/http"
	"net/url"
	"slices"

	"masahe/internal/catalog"
	"masahe/internal/fit"
	"masahe/internal/params"
)

// excludedReasonJSON counts the excluded chairs that fail one check for
// one reason.
type excludedReasonJSON struct {
	Check string `json:"check"`
	Code  string `json:"code"`
	Count int    `json:"count"`
}

type excludedJSON struct {
	Chair  brandRef    `json:"chair"`
	Checks []checkJSON `json:"checks"`
}

// finderJSON is the finder's answer: the best of the shortlist, and the
// excluded chairs summarised (counts by reason) with one page of their names
// and failing checks, so that the answer stays small at any catalog size.
type finderJSON struct {
	Results          []finderResultJSON   `json:"results"`
	ResultsTotal     int                  `json:"results_total"`
	Excluded         []excludedJSON       `json:"excluded"`
	ExcludedTotal    int                  `json:"excluded_total"`
	ExcludedByReason []excludedReasonJSON `json:"excluded_by_reason"`
	ExcludedPage     int                  `json:"excluded_page"`
	ExcludedPages    int                  `json:"excluded_pages"`
	Health           []healthJSON         `json:"health"`
	Weights          string               `json:"weights"`
}

// How much of the finder's answer one response carries: the first results
// (the limit parameter) and one page of excluded chairs (excluded_page).
const (
	finderDefaultResults = 100
	finderMaxResults     = 500
	finderExcludedPer    = 100
)

// finderPaging reads the limit and excluded_page parameters.
func finderPaging(q url.Values) (limit, page int, err error) {
	n, err := params.Int(q, "limit")
	if err == nil {
		err = params.InRange("limit", n, 1, finderMaxResults, "a whole number")
	}
	if err != nil {
		return 0, 0, err
	}
	p, err := params.Int(q, "excluded_page")
	if err == nil {
		err = params.InRange("excluded_page", p, 1, math.MaxInt32, "a whole number")
	}
	if err != nil {
		return 0, 0, err
	}
	limit, page = finderDefaultResults, 1
	if n != nil {
		limit = int(*n)
	}
	if p != nil {
		page = int(*p)
	}
	return limit, page, nil
}

func (s *Server) handleAPIFinder(w http.ResponseWriter, r *http.Request) {
	// Every answer is optional, so an empty body asks about everything.
	var q finderRequest
	limit, excludedPage, err := finderPaging(r.URL.Query())
	if err == nil {
		err = decodeJSON(w, r, &q, true)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := q.profile()
	if err := p.Validate(); err != nil {
		s.writeError(w, r, err)
		return
	}
	chairs, err := s.allChairs(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	places, err := s.stores.Places.Places(r.Context(), catalog.PlaceFilter{})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newFinderJSON(fit.Rank(chairs, p, places), limit, excludedPage))
}

// newFinderJSON keeps the first limit results and the page excludedPage of
// the excluded chairs, each with only the checks it fails.
func newFinderJSON(found fit.Findings, limit, excludedPage int) finderJSON {
	out := finderJSON{Results: []finderResultJSON{}, ResultsTotal: len(found.Results), Excluded: []excludedJSON{},
		ExcludedTotal: len(found.Excluded), ExcludedByReason: []excludedReasonJSON{}, ExcludedPage: excludedPage,
		ExcludedPages: max(1, (len(found.Excluded)+finderExcludedPer-1)/finderExcludedPer), Health: []healthJSON{}, Weights: fit.Weights}
	for _, res := range found.Results[:min(limit, len(found.Results))] {
		out.Results = append(out.Results, newFinderResultJSON(res))
	}
	reasons := map[excludedReasonJSON]int{}
	for i, ex := range found.Excluded {
		var failed []fit.Check
		for _, c := range ex.Checks {
			if c.Result == fit.NoFit {
				failed = append(failed, c)
				reasons[excludedReasonJSON{Check: c.Check, Code: c.Code}]++
			}
		}
		if i/finderExcludedPer == excludedPage-1 {
			out.Excluded = append(out.Excluded, excludedJSON{Chair: brandRef{ex.Chair.Slug, ex.Chair.FullName()}, Checks: jsonList(failed, newCheckJSON)})
		}
	}
	for reason, n := range reasons {
		reason.Count = n
		out.ExcludedByReason = append(out.ExcludedByReason, reason)
	}
	slices.SortFunc(out.ExcludedByReason, func(a, b excludedReasonJSON) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Check, b.Check), cmp.Compare(a.Code, b.Code))
	})
	for _, c := range found.Health {
		out.Health = append(out.Health, newHealthJSON(c))
	}
	return out
}
