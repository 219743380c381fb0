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
	"masahe/internal/errs"
	"masahe/internal/fit"
	"masahe/internal/locale"
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

// apiPrinter is the printer of the finder API's lang parameter: English
// when there is none.
func (s *Server) apiPrinter(r *http.Request) (*locale.Printer, error) {
	code := r.URL.Query().Get("lang")
	if code == "" {
		return s.bundle.Printer(locale.English), nil
	}
	l, ok := locale.Parse(code)
	if !ok {
		return nil, errs.Invalidf("lang", "lang: %q is not a language; use en or fil", code)
	}
	return s.bundle.Printer(l), nil
}

func (s *Server) handleAPIFinder(w http.ResponseWriter, r *http.Request) {
	// Every answer is optional, so an empty body asks about everything.
	var q finderRequest
	limit, excludedPage, err := finderPaging(r.URL.Query())
	var pr *locale.Printer
	if err == nil {
		pr, err = s.apiPrinter(r)
	}
	if err == nil {
		err = decodeJSON(w, r, &q, true)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := q.profile()
	if err := p.Validate(); err != nil {
		s.writeError(w, r, finderError(pr, err))
		return
	}
	chairs, err := s.finderCatalog(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	places, err := s.stores.Places.Places(r.Context(), catalog.PlaceFilter{})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newFinderJSON(pr, chairs.Rank(p, places), limit, excludedPage))
}

// newFinderJSON keeps the first limit results and the page excludedPage of
// the excluded chairs, each with only the checks it fails, written in p's
// language: only those chairs' checks are written.
func newFinderJSON(p *locale.Printer, found fit.Findings, limit, excludedPage int) finderJSON {
	out := finderJSON{Results: []finderResultJSON{}, ResultsTotal: len(found.Results), Excluded: []excludedJSON{},
		ExcludedTotal: len(found.Excluded), ExcludedByReason: []excludedReasonJSON{}, ExcludedPage: excludedPage,
		ExcludedPages: max(1, (len(found.Excluded)+finderExcludedPer-1)/finderExcludedPer), Health: []healthJSON{}, Weights: p.T(fit.Weights)}
	for i := range found.Results[:min(limit, len(found.Results))] {
		found.Explain(i)
		out.Results = append(out.Results, newFinderResultJSON(p, found.Results[i]))
	}
	reasons := map[excludedReasonJSON]int{}
	for i, ex := range found.Excluded {
		for _, f := range ex.Failed {
			reasons[excludedReasonJSON{Check: f.Check, Code: f.Code}]++
		}
		if i/finderExcludedPer == excludedPage-1 {
			out.Excluded = append(out.Excluded, excludedJSON{Chair: brandRef{ex.Chair.Slug, ex.Chair.FullName()}, Checks: jsonList(checkViews(p, found.Failing(ex)), newCheckJSON)})
		}
	}
	for reason, n := range reasons {
		reason.Count = n
		out.ExcludedByReason = append(out.ExcludedByReason, reason)
	}
	slices.SortFunc(out.ExcludedByReason, func(a, b excludedReasonJSON) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Check, b.Check), cmp.Compare(a.Code, b.Code))
	})
	for _, c := range healthViews(p, found.Health) {
		out.Health = append(out.Health, newHealthJSON(c))
	}
	return out
}

// finderRequest is the body of POST /api/v1/finder: a fit.Profile.
type finderRequest struct {
	HeightCM  *int64 `json:"height_cm"`
	WeightKG  *int64 `json:"weight_kg"`
	BudgetPHP *int64 `json:"budget_php"`
	Room      struct {
		WidthCM *int64 `json:"width_cm"`
		DepthCM *int64 `json:"depth_cm"`
	} `json:"room"`
	AgainstWall bool `json:"against_wall"`
	Delivery    struct {
		DoorWidthCM    *int64 `json:"door_width_cm"`
		FloorsByStairs *int64 `json:"floors_by_stairs"`
		Lift           bool   `json:"lift"`
	} `json:"delivery"`
	Region               string           `json:"region"`
	Goals                []string         `json:"goals"`
	GoalWeights          map[string]int64 `json:"goal_weights"`
	Preset               string           `json:"preset"`
	MustHave             []string         `json:"must_have"`
	Conditions           []string         `json:"conditions"`
	SessionsPerWeek      *int64           `json:"sessions_per_week"`
	MinutesPerSession    *int64           `json:"minutes_per_session"`
	PriceWeight          *int64           `json:"price_weight"`
	ElectricityPHPPerKWh *int64           `json:"electricity_php_per_kwh"`
}

func (q finderRequest) profile() fit.Profile {
	return fit.Profile{
		HeightCM: q.HeightCM, WeightKG: q.WeightKG, BudgetPHP: q.BudgetPHP,
		Room:        fit.Room{WidthCM: q.Room.WidthCM, DepthCM: q.Room.DepthCM},
		AgainstWall: q.AgainstWall,
		Delivery:    fit.Delivery{DoorWidthCM: q.Delivery.DoorWidthCM, FloorsByStairs: q.Delivery.FloorsByStairs, Lift: q.Delivery.Lift},
		Region:      q.Region, Goals: q.Goals, GoalWeights: q.GoalWeights, Preset: q.Preset, MustHave: q.MustHave, Conditions: q.Conditions,
		SessionsPerWeek: q.SessionsPerWeek, MinutesPerSession: q.MinutesPerSession,
		PriceWeight: q.PriceWeight, ElectricityPHPPerKWh: q.ElectricityPHPPerKWh,
	}
}

type finderResultJSON struct {
	Chair   chairJSON   `json:"chair"`
	Score   int         `json:"score"`
	Fit     fit.Verdict `json:"fit"`
	Verdict string      `json:"verdict"`
	Summary string      `json:"summary"`
	// Questions are what to ask the seller, one per check that a missing
	// value stops; Unchecked counts the buyer's limits that cannot be
	// checked, Checked the checks that published figures answered.
	Questions []string        `json:"questions"`
	Unchecked int             `json:"unchecked"`
	Checked   int             `json:"checked"`
	Checks    []checkJSON     `json:"checks"`
	Breakdown []scoreItemJSON `json:"breakdown"`
	TCO       tcoJSON         `json:"tco"`
}

type checkJSON struct {
	Check   string      `json:"check"`
	Result  fit.Verdict `json:"result"`
	Code    string      `json:"code"`
	Message string      `json:"message"`
	Ask     string      `json:"ask,omitempty"`
	Missing []string    `json:"missing,omitempty"`
}

func newCheckJSON(c checkView) checkJSON {
	return checkJSON{Check: c.Check.Check, Result: c.Result, Code: c.Code, Message: c.Message, Ask: c.Ask, Missing: c.Missing}
}

type scoreItemJSON struct {
	Label  string `json:"label"`
	Points int    `json:"points"`
	Max    int    `json:"max"`
	Why    string `json:"why"`
	Caveat string `json:"caveat,omitempty"`
}

func newScoreItemJSON(i itemView) scoreItemJSON {
	return scoreItemJSON{Label: i.Label, Points: i.Points, Max: i.Max, Why: i.Why, Caveat: i.Caveat}
}

// tcoJSON is a chair's cost of ownership.
type tcoJSON struct {
	PricePHP              *int64   `json:"price_php"`
	PriceObservedAt       *string  `json:"price_observed_at"`
	InstalmentMonths      *int64   `json:"instalment_months"`
	InstalmentPHP         *int64   `json:"instalment_php"`
	KWhPerYear            *float64 `json:"kwh_per_year"`
	ElectricityPHPPerYear *int64   `json:"electricity_php_per_year"`
	WarrantyYears         *float64 `json:"warranty_years"`
	LifespanYears         int      `json:"lifespan_years"`
	CostPerYearPHP        *int64   `json:"cost_per_year_php"`
}

func newTCOJSON(t fit.TCO) tcoJSON {
	return tcoJSON{PricePHP: t.PricePHP, PriceObservedAt: t.PriceObservedAt, InstalmentMonths: t.InstalmentMonths,
		InstalmentPHP: t.InstalmentPHP, KWhPerYear: t.KWhPerYear, ElectricityPHPPerYear: t.ElectricityPHPPerYear,
		WarrantyYears: t.WarrantyYears, LifespanYears: t.LifespanYears, CostPerYearPHP: t.CostPerYearPHP}
}

// newFinderResultJSON is an explained result in p's language.
func newFinderResultJSON(p *locale.Printer, r fit.Result) finderResultJSON {
	return finderResultJSON{Chair: newChairJSON(*r.Chair), Score: r.Score, Fit: r.Fit, Verdict: verdictText(p, r), Summary: resultSummary(p, r),
		Questions: questions(p, r.Questions), Unchecked: r.Unchecked, Checked: r.Checked, Checks: jsonList(checkViews(p, r.Checks), newCheckJSON),
		Breakdown: jsonList(itemViews(p, r.Breakdown), newScoreItemJSON), TCO: newTCOJSON(r.TCO)}
}

type healthJSON struct {
	Condition string         `json:"condition"`
	Label     string         `json:"label"`
	Advice    string         `json:"advice"`
	Source    citationJSON   `json:"source"`
	Sources   []citationJSON `json:"sources"`
}

func newHealthJSON(c healthView) healthJSON {
	return healthJSON{Condition: c.Code, Label: c.Label, Advice: c.Advice, Source: newCitationJSON(c.Sources[0]),
		Sources: jsonList(c.Sources, newCitationJSON)}
}

type optionJSON struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

func newOptionJSON(p *locale.Printer, o fit.Option) optionJSON {
	return optionJSON{Code: o.Code, Label: p.T(o.Label)}
}

type conditionJSON struct {
	Code    string         `json:"code"`
	Label   string         `json:"label"`
	Advice  string         `json:"advice"`
	Sources []citationJSON `json:"sources"`
}

func newConditionJSON(c healthView) conditionJSON {
	return conditionJSON{Code: c.Code, Label: c.Label, Advice: c.Advice, Sources: jsonList(c.Sources, newCitationJSON)}
}

type presetJSON struct {
	Code    string           `json:"code"`
	Label   string           `json:"label"`
	Weights map[string]int64 `json:"weights"`
}

func newPresetJSON(p *locale.Printer, ps fit.Preset) presetJSON {
	return presetJSON{Code: ps.Code, Label: p.T(ps.Label), Weights: ps.Weights}
}

type finderOptionsJSON struct {
	Goals         []optionJSON    `json:"goals"`
	Presets       []presetJSON    `json:"presets"`
	MaxGoalWeight int             `json:"max_goal_weight"`
	MustHave      []optionJSON    `json:"must_have"`
	Conditions    []conditionJSON `json:"conditions"`
	Regions       []optionJSON    `json:"regions"`
}

// newFinderOptionsJSON is the finder's options with their labels in p's
// language.
func newFinderOptionsJSON(p *locale.Printer) finderOptionsJSON {
	option := func(o fit.Option) optionJSON { return newOptionJSON(p, o) }
	out := finderOptionsJSON{Goals: jsonList(fit.Goals, option), Presets: jsonList(fit.GoalPresets, func(ps fit.Preset) presetJSON { return newPresetJSON(p, ps) }),
		MaxGoalWeight: fit.MaxGoalWeight, MustHave: jsonList(fit.MustHaves, option), Conditions: jsonList(healthViews(p, fit.Conditions), newConditionJSON)}
	for _, reg := range fit.Regions {
		out.Regions = append(out.Regions, option(reg.Option))
	}
	return out
}
