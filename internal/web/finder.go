package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"masahe/internal/catalog"
	"masahe/internal/errs"
	"masahe/internal/fit"
	"masahe/internal/locale"
)

// shortlistSize is how many ranked chairs the finder page shows.
const shortlistSize = 10

type finderPage struct {
	Layout
	Form           finderForm
	Submitted      bool
	Error          *errs.Error
	Health         []healthView
	Results        []resultView
	More           int
	Fits           int
	Unknown        int
	Borderline     int
	Excluded       []excludedReason
	ExcludedCount  int
	Room           *roomDrawing
	Weights        string
	Lifespan       int
	LifespanSource fit.Source
	RateSource     fit.Source
}

// resultView is an explained result, written in the page's language.
type resultView struct {
	fit.Result
	Checks    []checkView
	Breakdown []itemView
	Verdict   string
	Summary   string
	TieBreak  string
	URL       string
	DrawURL   string
	Drawn     bool
	Drawable  bool
	Price     *priceView
	TCO       tcoView
}

type excludedView struct {
	Name    string
	URL     string
	Reasons []string
}

func (s *Server) handleFinder(w http.ResponseWriter, r *http.Request) {
	pr := s.printer(r)
	query := r.URL.Query()
	page := finderPage{
		Layout:  s.layout(r, pr.T("finder.title"), pr.T("finder.description")),
		Weights: pr.T(fit.Weights), Lifespan: fit.Lifespan, LifespanSource: fit.LifespanSource, RateSource: fit.RateSource,
	}
	// The answers, health included, stay out of the canonical link.
	page.Canonical = s.canonicalURL(r, "/finder")
	p, err := fit.ParseQuery(finderQuery(query), "draw")
	page.Form = newFinderForm(pr, p, query)
	if err != nil {
		page.Error = errs.As(finderError(pr, err))
		if err := s.render(w, http.StatusBadRequest, "finder.html", page); err != nil {
			s.writeError(w, r, err)
		}
		return
	}
	page.Submitted = len(query) > 0
	if !page.Submitted {
		s.renderPage(w, r, "finder.html", page)
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
	found := chairs.Rank(p, places)
	page.Health = healthViews(pr, found.Health)
	for _, res := range found.Results {
		switch res.Fit {
		case fit.Fits:
			page.Fits++
		case fit.Unknown:
			page.Unknown++
		default:
			page.Borderline++
		}
	}
	draw := query.Get("draw")
	body := url.Values{}
	for _, k := range []string{"height_cm", "weight_kg"} {
		if v := query.Get(k); v != "" {
			body.Set(k, v)
		}
	}
	for i, res := range found.Results {
		if i >= shortlistSize && res.Chair.Slug != draw {
			continue
		}
		found.Explain(i)
		res = found.Results[i]
		v := resultView{Result: res, URL: withQuery(pr.Lang().Path("/chairs/"+res.Chair.Slug), body), TCO: newTCOView(pr, res.TCO),
			Checks: checkViews(pr, res.Checks), Breakdown: itemViews(pr, res.Breakdown),
			Verdict: verdictText(pr, res), Summary: resultSummary(pr, res)}
		if i > 0 {
			v.TieBreak = tieBreak(pr, found.Results[i-1], res)
		}
		v.Price = newPriceView(*res.Chair)
		q := p.Query()
		q.Set("draw", res.Chair.Slug)
		v.DrawURL = pr.Lang().Path("/finder") + "?" + q.Encode() + "#room"
		page.Results = append(page.Results, v)
	}
	page.More = len(found.Results) - len(page.Results)
	page.Room = pickRoomDrawing(pr, p, page.Results, draw)
	for i := range page.Results {
		page.Results[i].Drawn = page.Room != nil && page.Room.Slug == page.Results[i].Chair.Slug
		_, sized := page.Results[i].Chair.Int("upright_width_cm")
		page.Results[i].Drawable = sized && page.Room != nil
	}
	page.ExcludedCount = len(found.Excluded)
	page.Excluded = excludedSummary(pr, found, func(slug string) string { return withQuery(pr.Lang().Path("/chairs/"+slug), body) })
	s.renderPage(w, r, "finder.html", page)
}

// finderCatalog is every chair prepared for ranking, once per catalog
// version.
func (s *Server) finderCatalog(ctx context.Context) (*fit.Catalog, error) {
	return memoized(ctx, s.cache, "finder-catalog", func(ctx context.Context) (*fit.Catalog, error) {
		chairs, err := s.allChairs(ctx)
		if err != nil {
			return nil, err
		}
		return fit.Prepare(chairs), nil
	})
}

func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// pickRoomDrawing draws the buyer's room with the chair they chose, or the
// best-ranked chair whose size is published, or alone.
func pickRoomDrawing(pr *locale.Printer, p fit.Profile, results []resultView, draw string) *roomDrawing {
	if p.Room.WidthCM == nil || p.Room.DepthCM == nil {
		return nil
	}
	for _, res := range results {
		_, sized := res.Chair.Int("upright_width_cm")
		if res.Chair.Slug == draw || (draw == "" && sized) {
			return newRoomDrawing(pr, *p.Room.WidthCM, *p.Room.DepthCM, res.Chair)
		}
	}
	return newRoomDrawing(pr, *p.Room.WidthCM, *p.Room.DepthCM, &catalog.Chair{})
}

// tcoView is the cost of ownership, formatted.
type tcoView struct {
	Price       string
	Instalment  string
	Electricity string
	Warranty    string
	PerYear     string
}

func newTCOView(p *locale.Printer, t fit.TCO) tcoView {
	na := p.T("finder.tco.not_published")
	v := tcoView{Price: p.T("finder.tco.no_price"), Instalment: p.T("finder.tco.no_instalment"), Electricity: na, Warranty: na,
		PerYear: p.T("finder.tco.no_per_year")}
	if t.PricePHP != nil && t.PriceObservedAt != nil {
		v.Price = p.T("finder.tco.price", p.Peso(*t.PricePHP), *t.PriceObservedAt)
	}
	if t.InstalmentPHP != nil {
		v.Instalment = p.T("finder.tco.instalment", p.Peso(*t.InstalmentPHP), *t.InstalmentMonths)
	}
	if t.ElectricityPHPPerYear != nil {
		v.Electricity = p.T("finder.tco.electricity", p.Peso(*t.ElectricityPHPPerYear), strconv.FormatFloat(*t.KWhPerYear, 'f', -1, 64))
	}
	if t.WarrantyYears != nil {
		v.Warranty = p.T("finder.tco.warranty", strconv.FormatFloat(*t.WarrantyYears, 'f', -1, 64))
	}
	if t.CostPerYearPHP != nil {
		v.PerYear = p.T("finder.tco.per_year", p.Peso(*t.CostPerYearPHP))
	}
	return v
}

// finderForm holds the form's current answers as the inputs show them.
type finderForm struct {
	Values       map[string]string
	AgainstWall  bool
	Lift         bool
	Presets      []presetOption
	Sliders      []goalSlider
	MaxWeight    int
	MustHave     []facetOption
	Conditions   []facetOption
	Regions      []facetOption
	PriceWeights []facetOption
}

func newFinderForm(pr *locale.Printer, p fit.Profile, q url.Values) finderForm {
	f := finderForm{Values: map[string]string{}}
	for k := range q {
		f.Values[k] = q.Get(k)
	}
	check := func(opts []fit.Option, picked []string) []facetOption {
		out := make([]facetOption, len(opts))
		for i, o := range opts {
			out[i] = facetOption{Value: o.Code, Label: pr.T(o.Label), Checked: slices.Contains(picked, o.Code)}
		}
		return out
	}
	f.AgainstWall, f.Lift = p.AgainstWall, p.Delivery.Lift
	f.Presets, f.Sliders = goalForm(pr, p, q)
	f.MaxWeight = fit.MaxGoalWeight
	f.MustHave = check(fit.MustHaves, q["must_have"])
	var conds []fit.Option
	for _, c := range fit.Conditions {
		conds = append(conds, fit.Option{Code: c.Code, Label: c.Label})
	}
	f.Conditions = check(conds, q["condition"])
	var regions []fit.Option
	for _, r := range fit.Regions {
		regions = append(regions, r.Option)
	}
	f.Regions = check(regions, []string{q.Get("region")})
	weight := q.Get("price_weight")
	if weight == "" {
		weight = strconv.Itoa(fit.DefaultPriceWeight)
	}
	f.PriceWeights = check([]fit.Option{
		{Code: "0", Label: "finder.form.price_weight.0"}, {Code: "15", Label: "finder.form.price_weight.15"},
		{Code: "30", Label: "finder.form.price_weight.30"}, {Code: "50", Label: "finder.form.price_weight.50"},
		{Code: "70", Label: "finder.form.price_weight.70"}, {Code: "100", Label: "finder.form.price_weight.100"},
	}, []string{weight})
	return f
}

func (s *Server) handleAPIFinderOptions(w http.ResponseWriter, r *http.Request) {
	p, err := s.apiPrinter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newFinderOptionsJSON(p))
}
