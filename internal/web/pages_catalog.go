package web

import (
	"cmp"
	"context"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

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
	page := chairsPage{
		Layout:   s.layout(r, "Massage chairs", "Filter massage chairs sold to the Philippines by brand, track, rollers, features, price in pesos and the height and weight they fit."),
		Filter:   f,
		MinPrice: intValue(f.MinPrice), MaxPrice: intValue(f.MaxPrice),
		HeightCM: intValue(f.HeightCM), WeightKG: intValue(f.WeightKG),
		Total: res.Total, Corrected: corrected,
		Brands:  brandOptions(brands, f.Brands),
		Tracks:  options(catalog.TrackOptions, f.Tracks),
		Rollers: options(catalog.RollerOptions, f.Rollers),
		Toggles: toggles(f),
		Sorts:   options(catalog.SortOptions, []string{f.Sort}),
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
		page.Cards[i].Fit = newFitBadge(fit.CheckBody(c, fit.Profile{HeightCM: f.HeightCM, WeightKG: f.WeightKG}))
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
	page := chairPage{
		Layout:     s.layout(r, c.FullName(), "Every published spec of the "+c.FullName()+" massage chair with its source, offers in pesos and its footprint upright and reclined."),
		Chair:      c,
		Footprint:  newFootprint(c),
		CompareURL: catalogWithCompare([]string{c.Slug}),
	}
	page.Groups, page.Sources = specGroups(c)
	if page.Places, err = s.newChairPlaces(r.Context(), c); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.chairPhotos(r.Context(), &page); err != nil {
		s.writeError(w, r, err)
		return
	}
	reviews, err := s.stores.Reviews.ChairReviews(r.Context(), c.Slug)
	if err == nil {
		page.Reviews, err = s.reviewViews(r.Context(), reviews, true)
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
	if page.Prices, err = s.pricesFor(r.Context(), c, chartDays); err != nil {
		s.writeError(w, r, err)
		return
	}
	page.Missing = len(catalog.Fields) - len(c.Specs)
	var review *content.EditorialReview
	switch e, err := s.stores.Editorial.EditorialReview(r.Context(), c.Slug); errs.CodeOf(err) {
	case "":
		review = &e
		summary := newEditorialSummary(e, c)
		page.Editorial = &summary
	case errs.NotFound:
	default:
		s.writeError(w, r, err)
		return
	}
	crumbs := []linkView{{URL: "/chairs", Label: "Chairs"}, {URL: "/chairs?brand=" + url.QueryEscape(c.Brand), Label: c.BrandName},
		{URL: "/chairs/" + c.Slug, Label: c.FullName()}}
	if page.JSONLD, err = jsonLDs(s.productLD(c, review), s.breadcrumbsLD(crumbs)); err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(p.Query()) > 0 {
		page.Fit = newFitBadge(fit.CheckChair(c, p, page.Places.All))
		page.FinderURL = withQuery("/finder", p.Query())
		page.Canonical = s.canonicalURL(r, "/chairs/"+c.Slug)
	}
	s.renderPage(w, r, "chair.html", page)
}

// chairPhotos fills the chair page's pictures: its photos with the main
// one first, loaded at once, or its drawing; and its key specs.
func (s *Server) chairPhotos(ctx context.Context, page *chairPage) error {
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
		page.Drawing = drawing.SideProfile(page.Chair, drawing.Page)
	}
	page.KeySpecs = drawing.KeySpecs(page.Chair)
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
	page := comparePage{
		Layout:   s.layout(r, "Compare massage chairs", "Compare massage chairs side by side: every spec with its source, differences highlighted."),
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
			col.Drawing = drawing.SideProfile(c, drawing.Card)
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
		rows, err := catalog.Compare(chairs)
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

type searchPage struct {
	Layout
	Q         string
	Corrected string
	Total     int
	Cards     []cardView
	Brands    []catalog.BrandCount
	MoreURL   string
	Articles  []articleCard
}

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	f, err := catalog.ParseFilter(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := searchPage{Layout: s.layout(r, "Search", "Search massage chairs and brands sold to the Philippines, and Masahe's advice articles."), Q: f.Q}
	page.Query = f.Q
	if f.Q != "" {
		page.Title = "Search: " + f.Q
		res, corrected, err := s.searchChairs(r.Context(), f)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		page.Total, page.Corrected = res.Total, corrected
		mean, err := s.siteMeanRating(r.Context())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if page.Cards, err = s.cards(r.Context(), res.Chairs, nil, mean); err != nil {
			s.writeError(w, r, err)
			return
		}
		if page.Brands, err = s.matchingBrands(r.Context(), cmp.Or(corrected, f.Q)); err != nil {
			s.writeError(w, r, err)
			return
		}
		if page.Articles, err = s.searchArticles(r.Context(), f.Q); err != nil {
			s.writeError(w, r, err)
			return
		}
		if res.Total > len(res.Chairs) {
			page.MoreURL = pageURL("/chairs", catalog.Filter{Q: cmp.Or(corrected, f.Q), Sort: catalog.SortName, PerPage: catalog.DefaultPerPage}, 1, nil)
		}
	}
	s.renderPage(w, r, "search.html", page)
}

// matchingBrands lists the brands one of whose name words starts with a
// query word.
func (s *Server) matchingBrands(ctx context.Context, q string) ([]catalog.BrandCount, error) {
	brands, err := s.brands(ctx)
	if err != nil {
		return nil, err
	}
	words := catalog.Tokens(q)
	return slices.DeleteFunc(slices.Clone(brands), func(b catalog.BrandCount) bool {
		for _, name := range catalog.Tokens(b.Name + " " + b.Slug) {
			for _, w := range words {
				if strings.HasPrefix(name, w) {
					return false
				}
			}
		}
		return true
	}), nil
}
