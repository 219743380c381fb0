package web

// The editorial reviews in public: /reviews, /reviews/{chair}, the rubric
// and the "best for" rankings.

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/drawing"
	"masahe/internal/errs"
	"masahe/internal/locale"
	"masahe/internal/phtime"
)

func scoreText(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// criterionName, criterionLabel and useLabel write a rubric's words in the
// printer's language, from catalog IDs made of the keys (rubric.json;
// TestRubricTranslated holds every language to them).
func criterionName(p *locale.Printer, key string) string {
	return p.T("rubric.criterion." + key + ".name")
}

func criterionLabel(p *locale.Printer, key string) string {
	return p.T("rubric.criterion." + key + ".label")
}

func useLabel(p *locale.Printer, key string) string { return p.T("rubric.use." + key) }

func percent(w float64) string {
	return strconv.FormatFloat(math.Round(w*1000)/10, 'f', -1, 64) + "%"
}

// weightView is one term of a per-use score: a criterion's score and its
// weight.
type weightView struct {
	Name, Percent, Score string
}

// useScoreView is a review's score for one use, with its maths.
type useScoreView struct {
	Key, Label, Score, URL string
	Value                  float64
	Terms                  []weightView
	// Bar draws the score (drawing.ScoreBar), its number included.
	Bar template.HTML
}

// useWeights lists a use's weights in the rubric's criterion order.
func useWeights(p *locale.Printer, r content.Rubric, u content.Use) []weightView {
	var out []weightView
	for _, c := range r.Criteria {
		if w, ok := u.Weights[c.Key]; ok {
			out = append(out, weightView{Name: criterionName(p, c.Key), Percent: percent(w)})
		}
	}
	return out
}

// useScores are a review's per-use scores under its rubric, from
// content's own sums.
func useScores(p *locale.Printer, r content.Rubric, e content.EditorialReview) []useScoreView {
	scores := r.UseScores(e.Scores)
	var out []useScoreView
	for _, u := range r.Uses {
		label := useLabel(p, u.Key)
		v := useScoreView{Key: u.Key, Label: label, Score: scoreText(scores[u.Key]), Value: scores[u.Key], URL: bestPath(u.Key),
			Bar: drawing.ScoreBar(label, scores[u.Key], catalogText{p})}
		for _, c := range r.Criteria {
			if w, ok := u.Weights[c.Key]; ok {
				v.Terms = append(v.Terms, weightView{Name: criterionName(p, c.Key), Percent: percent(w),
					Score: strconv.FormatFloat(e.Scores[c.Key], 'f', -1, 64)})
			}
		}
		out = append(out, v)
	}
	return out
}

// editorialSummary is a review in the list and on its chair's page.
type editorialSummary struct {
	URL     string
	Chair   catalog.Chair
	Title   string
	Verdict string
	Tested  bool
	Rubric  int
	Old     bool
	Date    dateView
	Uses    []useScoreView
}

// editorialSummary sums up a review in the printer's language.
func (s *Server) editorialSummary(p *locale.Printer, e content.EditorialReview, c catalog.Chair) editorialSummary {
	rb, _ := s.cfg.Rubrics.Version(e.Rubric)
	return editorialSummary{URL: editorialPath(e.Chair), Chair: c, Title: e.Title, Verdict: e.Verdict, Tested: e.Tested,
		Rubric: e.Rubric, Old: e.Rubric != s.cfg.Rubrics.Latest().Version, Date: newDate(e.Published), Uses: useScores(p, rb, e)}
}

// reviewedChairs returns every editorial review with its chair.
func (s *Server) reviewedChairs(ctx context.Context) ([]content.EditorialReview, map[string]catalog.Chair, error) {
	reviews, err := s.stores.Editorial.EditorialReviews(ctx)
	if err != nil || len(reviews) == 0 {
		return nil, nil, err
	}
	slugs := make([]string, len(reviews))
	for i, e := range reviews {
		slugs[i] = e.Chair
	}
	chairs, err := s.relatedChairs(ctx, slugs)
	if err != nil {
		return nil, nil, err
	}
	bySlug := map[string]catalog.Chair{}
	for _, c := range chairs {
		bySlug[c.Slug] = c
	}
	reviews = slices.DeleteFunc(reviews, func(e content.EditorialReview) bool { _, ok := bySlug[e.Chair]; return !ok })
	return reviews, bySlug, nil
}

type reviewsPage struct {
	Layout
	Reviews []editorialSummary
	Rubric  int
	Uses    []linkView
}

func (s *Server) handleEditorialReviews(w http.ResponseWriter, r *http.Request) {
	reviews, chairs, err := s.reviewedChairs(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := s.printer(r)
	page := reviewsPage{Layout: s.layout(r, p.T("editorial.list.title"), p.T("editorial.list.description")),
		Rubric: s.cfg.Rubrics.Latest().Version, Uses: s.bestLinks(p, "")}
	for _, e := range reviews {
		page.Reviews = append(page.Reviews, s.editorialSummary(p, e, chairs[e.Chair]))
	}
	s.renderPage(w, r, "reviews.html", page)
}

// bestLinks links every "best for" page of the latest rubric.
func (s *Server) bestLinks(p *locale.Printer, current string) []linkView {
	var out []linkView
	for _, u := range s.cfg.Rubrics.Latest().Uses {
		out = append(out, linkView{URL: bestPath(u.Key), Label: lowerFirst(useLabel(p, u.Key)), Current: u.Key == current})
	}
	return out
}

// reviewsCrumb leads back to the review list.
func reviewsCrumb(p *locale.Printer) linkView {
	return linkView{URL: "/reviews", Label: p.T("nav.reviews")}
}

// rubricView is one rubric version on the rubric page.
type rubricView struct {
	Version   int
	Published dateView
	Latest    bool
	Criteria  []criterionView
	Uses      []rubricUse
}

type criterionView struct {
	Key, Name, Label string
}

type rubricUse struct {
	Key, Label string
	Weights    []weightView
}

type rubricPage struct {
	Layout
	Crumbs  []linkView
	Rubrics []rubricView
}

func (s *Server) handleRubric(w http.ResponseWriter, r *http.Request) {
	p := s.printer(r)
	page := rubricPage{Layout: s.layout(r, p.T("rubric.title"), p.T("rubric.description"))}
	page.Section = "reviews"
	page.Crumbs = []linkView{reviewsCrumb(p)}
	rubrics := s.cfg.Rubrics
	for i := len(rubrics) - 1; i >= 0; i-- {
		rb := rubrics[i]
		published, err := time.ParseInLocation(time.DateOnly, rb.Published, phtime.Manila)
		if err != nil {
			s.writeError(w, r, fmt.Errorf("rubric %d: published %q: %w", rb.Version, rb.Published, err))
			return
		}
		v := rubricView{Version: rb.Version, Published: newDate(published), Latest: i == len(rubrics)-1}
		for _, c := range rb.Criteria {
			v.Criteria = append(v.Criteria, criterionView{Key: c.Key, Name: criterionName(p, c.Key), Label: criterionLabel(p, c.Key)})
		}
		for _, u := range rb.Uses {
			v.Uses = append(v.Uses, rubricUse{Key: u.Key, Label: useLabel(p, u.Key), Weights: useWeights(p, rb, u)})
		}
		page.Rubrics = append(page.Rubrics, v)
	}
	s.renderPage(w, r, "rubric.html", page)
}

type criterionScore struct {
	Key, Label, Score string
}

type editorialReviewPage struct {
	Layout
	Author    string
	Review    content.EditorialReview
	Summary   editorialSummary
	Crumbs    []linkView
	Criteria  []criterionScore
	Latest    int
	RubricURL string
	Body      template.HTML
}

func (s *Server) handleEditorialReview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	slug := r.PathValue("chair")
	c, err := s.stores.Catalog.Chair(ctx, slug)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	e, err := s.stores.Editorial.EditorialReview(ctx, slug)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body, _, err := content.RenderArticle(e.Body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := s.printer(r)
	page := editorialReviewPage{Layout: s.layout(r, e.Title, content.Excerpt(e.Verdict, 200)), Review: e, Summary: s.editorialSummary(p, e, c), Body: body,
		Author: siteAuthor, Latest: s.cfg.Rubrics.Latest().Version, RubricURL: "/reviews/rubric#rubric-" + strconv.Itoa(e.Rubric)}
	page.Section, page.OGType = "reviews", "article"
	page.Crumbs = []linkView{reviewsCrumb(p)}
	rb, _ := s.cfg.Rubrics.Version(e.Rubric)
	for _, cr := range rb.Criteria {
		page.Criteria = append(page.Criteria, criterionScore{Key: cr.Key, Label: criterionLabel(p, cr.Key), Score: strconv.FormatFloat(e.Scores[cr.Key], 'f', -1, 64)})
	}
	review := s.reviewLD(e, c)
	review.Context = schemaContext
	review.ItemReviewed = &ldProduct{Type: "Product", Name: c.FullName(), Brand: &ldThing{Type: "Brand", Name: c.BrandName}, URL: s.cfg.BaseURL + "/chairs/" + c.Slug}
	if page.JSONLD, err = jsonLDs(review, s.breadcrumbsLD(append(page.Crumbs, linkView{URL: editorialPath(slug), Label: c.FullName()}))); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.renderPage(w, r, "editorial_review.html", page)
}

// "Best for" pages.

type bestRow struct {
	Rank      int
	Name      string
	ChairURL  string
	ReviewURL string
	Score     string
	Value     float64
	Rubric    int
	Tested    bool
	Date      dateView
}

// bestPage is a "best for" ranking, or with Entries and no Use the index
// of them all.
type bestPage struct {
	Layout
	// Use is the ranking's use, its Label in the page's language.
	Use         content.Use
	Crumbs      []linkView
	Rows        []bestRow
	LastChecked *dateView
	Uses        []linkView
	Weights     []weightView
	Entries     []bestIndexEntry
}

// bestFor ranks the reviewed chairs for a use by their score under their
// own rubric, ties by chair name; reviews under a rubric without the use
// are left out. It also returns the newest review date.
func bestFor(rubrics content.Rubrics, use string, reviews []content.EditorialReview, chairs map[string]catalog.Chair) ([]bestRow, time.Time) {
	var rows []bestRow
	var newest time.Time
	for _, e := range reviews {
		rb, _ := rubrics.Version(e.Rubric)
		if !slices.ContainsFunc(rb.Uses, func(u content.Use) bool { return u.Key == use }) {
			continue
		}
		v := rb.UseScores(e.Scores)[use]
		c := chairs[e.Chair]
		rows = append(rows, bestRow{Name: c.FullName(), ChairURL: "/chairs/" + c.Slug, ReviewURL: editorialPath(e.Chair), Score: scoreText(v),
			Value: v, Rubric: e.Rubric, Tested: e.Tested, Date: newDate(e.Published)})
		if e.Published.After(newest) {
			newest = e.Published
		}
	}
	slices.SortStableFunc(rows, func(a, b bestRow) int {
		return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ReviewURL, b.ReviewURL))
	})
	for i := range rows {
		rows[i].Rank = i + 1
	}
	return rows, newest
}

func (s *Server) handleBest(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("use")
	rb := s.cfg.Rubrics.Latest()
	i := slices.IndexFunc(rb.Uses, func(u content.Use) bool { return u.Key == key })
	p := s.printer(r)
	if i < 0 {
		s.writeError(w, r, errs.NotFoundf("%s", p.T("editorial.best.no_such_use", key)))
		return
	}
	reviews, chairs, err := s.reviewedChairs(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	use := rb.Uses[i]
	use.Label = useLabel(p, key)
	page := bestPage{Layout: s.layout(r, p.T("editorial.best.title", lowerFirst(use.Label)), p.T("editorial.best.description", strings.ToLower(use.Label))),
		Use: use, Uses: s.bestLinks(p, key), Weights: useWeights(p, rb, use)}
	page.Section = "reviews"
	page.Crumbs = []linkView{reviewsCrumb(p), {URL: "/best", Label: p.T("editorial.best.crumb")}}
	var newest time.Time
	page.Rows, newest = bestFor(s.cfg.Rubrics, key, reviews, chairs)
	if !newest.IsZero() {
		d := newDate(newest)
		page.LastChecked = &d
	}
	if page.JSONLD, err = jsonLDs(s.breadcrumbsLD(append(page.Crumbs, linkView{URL: bestPath(key), Label: use.Label}))); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.renderPage(w, r, "best.html", page)
}

type bestIndexEntry struct {
	URL, Label string
	Top        *bestRow
	Count      int
}

func (s *Server) handleBestIndex(w http.ResponseWriter, r *http.Request) {
	reviews, chairs, err := s.reviewedChairs(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := s.printer(r)
	page := bestPage{Layout: s.layout(r, p.T("editorial.best.index_title"), p.T("editorial.best.index_description"))}
	page.Section = "reviews"
	page.Crumbs = []linkView{reviewsCrumb(p)}
	var newest time.Time
	for _, u := range s.cfg.Rubrics.Latest().Uses {
		rows, n := bestFor(s.cfg.Rubrics, u.Key, reviews, chairs)
		entry := bestIndexEntry{URL: bestPath(u.Key), Label: lowerFirst(useLabel(p, u.Key)), Count: len(rows)}
		if len(rows) > 0 {
			entry.Top = &rows[0]
		}
		page.Entries = append(page.Entries, entry)
		if n.After(newest) {
			newest = n
		}
	}
	if !newest.IsZero() {
		d := newDate(newest)
		page.LastChecked = &d
	}
	if page.JSONLD, err = jsonLDs(s.breadcrumbsLD(append(page.Crumbs, linkView{URL: "/best", Label: p.T("editorial.best.crumb")}))); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.renderPage(w, r, "best.html", page)
}
