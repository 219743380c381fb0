package web

import (
	"context"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"slices"

	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/drawing"
	"masahe/internal/errs"
	"masahe/internal/fit"
	"masahe/internal/media"
)

// CatalogStore reads the catalog: chairs, brands, the search index and the
// catalog's version, which keys the page cache. Ping checks the database.
type CatalogStore interface {
	Ping(ctx context.Context) error
	ListChairs(ctx context.Context, f catalog.Filter) (catalog.ChairPage, error)
	Chair(ctx context.Context, slug string) (catalog.Chair, error)
	Chairs(ctx context.Context, slugs []string) ([]catalog.Chair, error)
	AllChairs(ctx context.Context) ([]catalog.Chair, error)
	ChairNames(ctx context.Context) ([]string, error)
	Brands(ctx context.Context) ([]catalog.BrandCount, error)
	SearchWords(ctx context.Context) ([]string, error)
	// SiteVersion changes whenever a cached page may change (a catalog
	// or article edit, a scheduled article's publish time passing);
	// OnChange runs fn after each such edit, on any replica where the
	// database can tell (cache.go).
	SiteVersion(ctx context.Context) (string, error)
	OnChange(fn func())
}

type homePage struct {
	Layout
	ChairCount int
	Brands     []catalog.BrandCount
	Newest     []cardView
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	brands, err := s.brands(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	newest, err := s.stores.Catalog.ListChairs(ctx, catalog.Filter{Sort: catalog.SortNewest, Page: 1, PerPage: 4})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	mean, err := s.siteMeanRating(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := homePage{Layout: s.layout(r, "", ""), ChairCount: newest.Total, Brands: brands}
	if page.Newest, err = s.cards(ctx, newest.Chairs, nil, mean); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.renderPage(w, r, "home.html", page)
}

// searchChairs runs a catalog query; when a text query finds nothing it
// retries once with typos corrected against the index's words and returns
// the corrected query.
func (s *Server) searchChairs(ctx context.Context, f catalog.Filter) (catalog.ChairPage, string, error) {
	res, err := s.stores.Catalog.ListChairs(ctx, f)
	if err != nil || res.Total > 0 || f.Q == "" {
		return res, "", err
	}
	words, err := s.searchWords(ctx)
	if err != nil {
		return res, "", err
	}
	// A Filipino or Taglish query: each term matches by its own word or
	// its English ones.
	if terms, ok := s.searchTerms(f.Q, words.Starts); ok {
		f.Terms = terms
		res, err = s.stores.Catalog.ListChairs(ctx, f)
		if err != nil || res.Total > 0 {
			return res, "", err
		}
		f.Terms = nil
	}
	q, changed := words.Correct(f.Q)
	if !changed {
		return res, "", nil
	}
	f.Q = q
	res, err = s.stores.Catalog.ListChairs(ctx, f)
	return res, q, err
}

type chairsPage struct {
	Layout
	Filter        catalog.Filter
	MinPrice      string
	MaxPrice      string
	HeightCM      string
	WeightKG      string
	Total         int
	Corrected     string
	Cards         []cardView
	Brands        []facetOption
	Tracks        []facetOption
	Rollers       []facetOption
	Toggles       []toggleView
	Sorts         []facetOption
	Compare       []string
	CompareHidden []string
	// FilterHidden carries the filters in the compare form, whose page
	// buttons keep the ticked chairs across pages without JavaScript.
	FilterHidden []facetOption
	PageNum      int
	Pages        int
	ClearURL     string
}

func (s *Server) handleChairs(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	query := r.URL.Query()
	f, err := catalog.ParseFilter(query, "compare", "chairs", "go")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// The compare form sends the ticked chairs as chairs=…: on to the
	// comparison (go=compare), or to another page of the catalog with
	// them kept in compare=….
	fromForm := query.Has("chairs") || query.Has("go")
	key := "compare"
	if fromForm {
		key = "chairs"
	}
	picked, err := catalog.ParseCompareSlugs(url.Values{"chairs": query[key]})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if fromForm {
		target := compareURL(picked, false)
		if query.Get("go") != "compare" {
			target = pageURL("/chairs", f, f.Page, compareParam(picked))
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return
	}
	res, corrected, err := s.searchChairs(ctx, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	brands, err := s.brands(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	mean, err := s.siteMeanRating(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, st := s.printer(r), s.catalogText(requestLang(r))
	track, _ := catalog.FieldByKey("track")
	rollers, _ := catalog.FieldByKey("rollers")
	page := chairsPage{
		Layout:   s.layout(r, p.T("catalog.title"), p.T("catalog.description")),
		Filter:   f,
		MinPrice: intValue(f.MinPrice), MaxPrice: intValue(f.MaxPrice),
		HeightCM: intValue(f.HeightCM), WeightKG: intValue(f.WeightKG),
		Total: res.Total, Corrected: corrected,
		Brands:  brandOptions(brands, f.Brands),
		Tracks:  st.Options(track, f.Tracks),
		Rollers: st.Options(rollers, f.Rollers),
		Toggles: toggles(f, st),
		Sorts:   messageOptions(p, "catalog.sort.", catalog.SortOptions, f.Sort),
		Compare: picked,
		PageNum: f.Page,
		Pages:   max(1, (res.Total+f.PerPage-1)/f.PerPage),
	}
	page.Canonical = s.canonicalURL(r, pageURL("/chairs", f, f.Page, nil))
	page.ClearURL = pageURL("/chairs", catalog.Filter{Sort: catalog.SortName, Page: 1, PerPage: catalog.DefaultPerPage}, 1, compareParam(picked))
	hidden := f.Query()
	hidden.Del("page")
	for _, name := range slices.Sorted(maps.Keys(hidden)) {
		for _, v := range hidden[name] {
			page.FilterHidden = append(page.FilterHidden, facetOption{Value: v, Label: name})
		}
	}
	shown := map[string]bool{}
	drops := map[string]*priceView{}
	if page.Cards, err = s.cards(ctx, res.Chairs, picked, mean); err != nil {
		s.writeError(w, r, err)
		return
	}
	for i, c := range res.Chairs {
		page.Cards[i].ShowCompare = true
		page.Cards[i].Fit = newFitBadge(s.printer(r), fit.CheckBody(c, fit.Profile{HeightCM: f.HeightCM, WeightKG: f.WeightKG}))
		drops[c.Slug] = page.Cards[i].Price
		shown[c.Slug] = true
	}
	if err := s.markDrops(r.Context(), drops); err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, slug := range picked {
		if !shown[slug] {
			page.CompareHidden = append(page.CompareHidden, slug)
		}
	}
	s.renderPage(w, r, "chairs.html", page)
}

type chairPage struct {
	Layout
	Fit          *fitBadge
	FinderURL    string
	Chair        catalog.Chair
	Groups       []specGroup
	Prices       pricesSection
	Sources      []numberedSource
	Footprint    *footprint
	CompareURL   string
	Missing      int
	ModelSourceN int
	Reviews      []reviewView
	Rating       *ratingLine
	PriorWeight  int
	Reported     bool
	Editorial    *editorialSummary
	Places       *chairPlaces
	// Photos are the chair's photos, the main one first; without any,
	// Drawing is its side profile.
	Photos   []pictureView
	Drawing  template.HTML
	KeySpecs []drawing.KeySpec
}

// handleChair shows a chair. With the finder's answers in the query (as
// the finder links them) it also shows the chair's fit check.
func (s *Server) handleChair(w http.ResponseWriter, r *http.Request) {
	p, err := fit.ParseQuery(r.URL.Query(), "reported")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.stores.Catalog.Chair(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pr, st := s.printer(r), s.catalogText(requestLang(r))
	page := chairPage{
		Layout:     s.layout(r, c.FullName(), pr.T("chair.description", c.FullName())),
		Chair:      c,
		Footprint:  newFootprint(c, pr),
		CompareURL: catalogWithCompare([]string{c.Slug}),
	}
	page.Groups, page.Sources = specGroups(c, st)
	if page.Places, err = s.newChairPlaces(r.Context(), pr, c); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.chairPhotos(r.Context(), &page); err != nil {
		s.writeError(w, r, err)
		return
	}
	reviews, err := s.stores.Reviews.ChairReviews(r.Context(), c.Slug)
	if err == nil {
		page.Reviews, err = s.reviewViews(r, reviews, true)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	mean, err := s.siteMeanRating(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page.Rating = newRatingLine(c, mean)
	page.PriorWeight = content.PriorWeight
	page.Reported = r.URL.Query().Get("reported") == "1"
	if _, ok := c.Sources[c.Source]; ok {
		page.ModelSourceN = 1
	}
	if page.Prices, err = s.pricesFor(r.Context(), c, chartDays, pr); err != nil {
		s.writeError(w, r, err)
		return
	}
	page.Missing = len(catalog.Fields) - len(c.Specs)
	var review *content.EditorialReview
	switch e, err := s.stores.Editorial.EditorialReview(r.Context(), c.Slug); errs.CodeOf(err) {
	case "":
		review = &e
		summary := s.editorialSummary(s.printer(r), e, c)
		page.Editorial = &summary
	case errs.NotFound:
	default:
		s.writeError(w, r, err)
		return
	}
	crumbs := []linkView{{URL: "/chairs", Label: pr.T("nav.chairs")}, {URL: "/chairs?brand=" + url.QueryEscape(c.Brand), Label: c.BrandName},
		{URL: "/chairs/" + c.Slug, Label: c.FullName()}}
	if page.JSONLD, err = jsonLDs(s.productLD(c, review), s.breadcrumbsLD(crumbs)); err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(p.Query()) > 0 {
		page.Fit = newFitBadge(s.printer(r), fit.CheckChair(c, p, page.Places.All))
		page.FinderURL = withQuery("/finder", p.Query())
		page.Canonical = s.canonicalURL(r, "/chairs/"+c.Slug)
	}
	s.renderPage(w, r, "chair.html", page)
}

// chairPhotos fills the chair page's pictures: its photos with the main
// one first, loaded at once, or its drawing; and its key specs.
func (s *Server) chairPhotos(ctx context.Context, page *chairPage) error {
	st := s.catalogText(page.Lang)
	list, err := s.stores.Media.ChairPhotos(ctx, page.Chair.Slug)
	if err != nil {
		return err
	}
	slices.SortStableFunc(list, func(a, b media.Photo) int {
		if a.Main == b.Main {
			return 0
		} else if a.Main {
			return -1
		}
		return 1
	})
	page.Photos = newPictures(list, sizesThumb, true)
	if len(page.Photos) > 0 {
		page.Photos[0].Sizes, page.Photos[0].Eager = sizesHero, true
		page.Preload = preloadLink(page.Photos[0])
	} else {
		page.Drawing = drawing.SideProfile(page.Chair, drawing.Page, st)
	}
	page.KeySpecs = drawing.KeySpecs(page.Chair, st)
	return nil
}

type compareColumn struct {
	Chair     catalog.Chair
	URL       string
	RemoveURL string
	Price     *priceView
	// Photo is the chair's main photo; without one, Drawing is its side
	// profile.
	Photo   *pictureView
	Drawing template.HTML
}

type comparePage struct {
	Layout
	Columns   []compareColumn
	Rows      []catalog.Row
	AllRows   int
	OnlyDiff  bool
	ToggleURL string
	AddURL    string
	CanAdd    bool
}

func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	slugs, err := catalog.ParseCompareSlugs(query, "diff")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	onlyDiff := query.Get("diff") == "1"
	var chairs []catalog.Chair
	if len(slugs) > 0 {
		if chairs, err = s.stores.Catalog.Chairs(r.Context(), slugs); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	p, st := s.printer(r), s.catalogText(requestLang(r))
	page := comparePage{
		Layout:   s.layout(r, p.T("compare.title"), p.T("compare.description")),
		OnlyDiff: onlyDiff,
		AddURL:   catalogWithCompare(slugs),
		CanAdd:   len(slugs) < catalog.MaxCompare,
	}
	photos, err := s.stores.Media.MainPhotos(r.Context(), slugs)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	drops := map[string]*priceView{}
	for _, c := range chairs {
		col := compareColumn{Chair: c, URL: "/chairs/" + c.Slug, Price: newPriceView(c)}
		drops[c.Slug] = col.Price
		if p, ok := photos[c.Slug]; ok {
			pic := newPicture(p, "(min-width: 48rem) 16rem, 40vw")
			col.Photo = &pic
		} else {
			// Card size, drawn at its own width: one scale across the
			// columns, so the chairs' sizes compare at a glance.
			col.Drawing = drawing.SideProfile(c, drawing.Card, st)
		}
		rest := slices.DeleteFunc(slices.Clone(slugs), func(x string) bool { return x == c.Slug })
		col.RemoveURL = compareURL(rest, onlyDiff)
		page.Columns = append(page.Columns, col)
	}
	if err := s.markDrops(r.Context(), drops); err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(chairs) >= catalog.MinCompare {
		rows, err := compareRows(chairs, st)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		page.AllRows = len(rows)
		if onlyDiff {
			rows = slices.DeleteFunc(rows, func(row catalog.Row) bool { return !row.Differs })
		}
		page.Rows = rows
		page.ToggleURL = compareURL(slugs, !onlyDiff)
	}
	s.renderPage(w, r, "compare.html", page)
}

// compareRows are catalog.Compare's rows with their labels, values and
// source notes written in st's language; which rows differ is the
// catalog's.
func compareRows(chairs []catalog.Chair, st catalogText) ([]catalog.Row, error) {
	rows, err := catalog.Compare(chairs)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		row := &rows[i]
		f, isSpec := catalog.FieldByKey(row.Field)
		switch {
		case isSpec:
			row.Label = st.SpecLabel(f)
			for j, c := range chairs {
				row.Values[j], row.Notes[j] = st.ChairValue(c, f), st.SourceNote(c.Sources[c.Specs[f.Key].Source])
			}
		case row.Field == "brand":
			row.Label = st.T("compare.brand")
		case row.Field == "lowest_price_php":
			row.Label = st.T("compare.lowest_price")
			for j, c := range chairs {
				row.Values[j] = st.T("compare.no_price")
				if o, ok := c.LowestOffer(); ok {
					row.Values[j] = st.T("compare.price_on", o.Price.String(), st.Date(o.ObservedAt))
				}
			}
		}
	}
	return rows, nil
}
