package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"masahe/internal/catalog"
	"masahe/internal/errs"
	"masahe/internal/fit"
)

// shortlistSize is how many ranked chairs the finder page shows.
const shortlistSize = 10

type finderPage struct {
	Layout
	Form           finderForm
	Submitted      bool
	Error          *errs.Error
	Health         []fit.Condition
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

type resultView struct {
	fit.Result
	Verdict  string
	Summary  string
	TieBreak string
	URL      string
	DrawURL  string
	Drawn    bool
	Drawable bool
	Price    *priceView
	TCO      tcoView
}

type excludedView struct {
	Name    string
	URL     string
	Reasons []string
}

func (s *Server) handleFinder(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	page := finderPage{
		Layout:  s.layout(r, "Chair finder", "Answer a few questions and see which massage chairs fit your body, room, doorway, power, region, budget and health, ranked for your goals."),
		Weights: fit.Weights, Lifespan: fit.Lifespan, LifespanSource: fit.LifespanSource, RateSource: fit.RateSource,
	}
	// The answers, health included, stay out of the canonical link.
	page.Canonical = s.canonicalURL(r, "/finder")
	p, err := fit.ParseQuery(finderQuery(query), "draw")
	page.Form = newFinderForm(p, query)
	if err != nil {
		page.Error = errs.As(err)
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
	found := fit.Rank(chairs, p, places)
	page.Health = found.Health
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
		v := resultView{Result: res, URL: withQuery("/chairs/"+res.Chair.Slug, body), TCO: newTCOView(res.TCO),
			Verdict: verdictText(res), Summary: resultSummary(res)}
		if i > 0 {
			v.TieBreak = tieBreak(found.Results[i-1], res)
		}
		v.Price = newPriceView(res.Chair)
		q := p.Query()
		q.Set("draw", res.Chair.Slug)
		v.DrawURL = "/finder?" + q.Encode() + "#room"
		page.Results = append(page.Results, v)
	}
	page.More = len(found.Results) - len(page.Results)
	page.Room = pickRoomDrawing(p, page.Results, draw)
	for i := range page.Results {
		page.Results[i].Drawn = page.Room != nil && page.Room.Slug == page.Results[i].Chair.Slug
		_, sized := page.Results[i].Chair.Int("upright_width_cm")
		page.Results[i].Drawable = sized && page.Room != nil
	}
	page.ExcludedCount = len(found.Excluded)
	page.Excluded = excludedSummary(found.Excluded, func(slug string) string { return withQuery("/chairs/"+slug, body) })
	s.renderPage(w, r, "finder.html", page)
}

func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// pickRoomDrawing draws the buyer's room with the chair they chose, or the
// best-ranked chair whose size is published, or alone.
func pickRoomDrawing(p fit.Profile, results []resultView, draw string) *roomDrawing {
	if p.Room.WidthCM == nil || p.Room.DepthCM == nil {
		return nil
	}
	for _, res := range results {
		_, sized := res.Chair.Int("upright_width_cm")
		if res.Chair.Slug == draw || (draw == "" && sized) {
			return newRoomDrawing(*p.Room.WidthCM, *p.Room.DepthCM, &res.Chair)
		}
	}
	return newRoomDrawing(*p.Room.WidthCM, *p.Room.DepthCM, &catalog.Chair{})
}

// tcoView is the cost of ownership, formatted.
type tcoView struct {
	Price       string
	Instalment  string
	Electricity string
	Warranty    string
	PerYear     string
}

func newTCOView(t fit.TCO) tcoView {
	const na = "not published"
	v := tcoView{Price: "no fresh observed price", Instalment: "none offered", Electricity: na, Warranty: na, PerYear: "needs a fresh observed price and the power use"}
	if t.PricePHP != nil && t.PriceObservedAt != nil {
		v.Price = catalog.FormatPeso(*t.PricePHP) + " (lowest observed, " + *t.PriceObservedAt + ")"
	}
	if t.InstalmentPHP != nil {
		v.Instalment = fmt.Sprintf("%s a month for %d months", catalog.FormatPeso(*t.InstalmentPHP), *t.InstalmentMonths)
	}
	if t.ElectricityPHPPerYear != nil {
		v.Electricity = fmt.Sprintf("%s a year (%s kWh)", catalog.FormatPeso(*t.ElectricityPHPPerYear), strconv.FormatFloat(*t.KWhPerYear, 'f', -1, 64))
	}
	if t.WarrantyYears != nil {
		v.Warranty = strconv.FormatFloat(*t.WarrantyYears, 'f', -1, 64) + " years on parts"
	}
	if t.CostPerYearPHP != nil {
		v.PerYear = catalog.FormatPeso(*t.CostPerYearPHP) + " a year"
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

func newFinderForm(p fit.Profile, q url.Values) finderForm {
	f := finderForm{Values: map[string]string{}}
	for k := range q {
		f.Values[k] = q.Get(k)
	}
	check := func(opts []fit.Option, picked []string) []facetOption {
		out := make([]facetOption, len(opts))
		for i, o := range opts {
			out[i] = facetOption{Value: o.Code, Label: o.Label, Checked: slices.Contains(picked, o.Code)}
		}
		return out
	}
	f.AgainstWall, f.Lift = p.AgainstWall, p.Delivery.Lift
	f.Presets, f.Sliders = goalForm(p, q)
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
		{Code: "0", Label: "Features only"}, {Code: "15", Label: "Mostly features"}, {Code: "30", Label: "Balanced, leaning to features"},
		{Code: "50", Label: "Features and price equally"}, {Code: "70", Label: "Mostly price"}, {Code: "100", Label: "Price only"},
	}, []string{weight})
	return f
}

func (s *Server) handleAPIFinderOptions(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, newFinderOptionsJSON())
}
