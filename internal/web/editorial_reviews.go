package web

// The editorial reviews in public: /reviews, /reviews/{chair}, the rubric
// and the "best for" rankings.

import (
	"cmp"
	"context"
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
)

// latestRubric is the rubric new reviews are scored under.
func latestRubric() content.Rubric { return content.Rubrics[len(content.Rubrics)-1] }

func scoreText(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// criterionName is a criterion's key as a short name for the maths.
func criterionName(key string) string {
	name := strings.ReplaceAll(key, "_", " ")
	return strings.ToUpper(name[:1]) + name[1:]
}

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
func useWeights(r content.Rubric, u content.Use) []weightView {
	var out []weightView
	for _, c := range r.Criteria {
		if w, ok := u.Weights[c.Key]; ok {
			out = append(out, weightView{Name: criterionName(c.Key), Percent: percent(w)})
		}
	}
	return out
}

// useScores are a review's per-use scores under its rubric, from
// content's own sums.
func useScores(e content.EditorialReview) []useScoreView {
	r, _ := content.RubricVersion(e.Rubric)
	scores := e.UseScores()
	var out []useScoreView
	for _, u := range r.Uses {
		v := useScoreView{Key: u.Key, Label: u.Label, Score: scoreText(scores[u.Key]), Value: scores[u.Key], URL: bestPath(u.Key),
			Bar: drawing.ScoreBar(u.Label, scores[u.Key])}
		for _, c := range r.Criteria {
			if w, ok := u.Weights[c.Key]; ok {
				v.Terms = append(v.Terms, weightView{Name: criterionName(c.Key), Percent: percent(w),
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

func newEditorialSummary(e content.EditorialReview, c catalog.Chair) editorialSummary {
	return editorialSummary{URL: editorialPath(e.Chair), Chair: c, Title: e.Title, Verdict: e.Verdict, Tested: e.Tested,
		Rubric: e.Rubric, Old: e.Rubric != latestRubric().Version, Date: newDate(e.Published), Uses: useScores(e)}
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
	page := reviewsPage{Layout: s.layout(r, "Editorial reviews", "Masahe's reviews of massage chairs sold in the Philippines, scored on a published rubric for lower-back relief, neck and shoulders, tall users, small spaces, gentle use and value."),
		Rubric: latestRubric().Version, Uses: bestLinks("")}
	for _, e := range reviews {
		page.Reviews = append(page.Reviews, newEditorialSummary(e, chairs[e.Chair]))
	}
	s.renderPage(w, r, "reviews.html", page)
}

// bestLinks links every "best for" page of the latest rubric.
func bestLinks(current string) []linkView {
	var out []linkView
	for _, u := range latestRubric().Uses {
		out = append(out, linkView{URL: bestPath(u.Key), Label: lowerFirst(u.Label), Current: u.Key == current})
	}
	return out
}

// rubricView is one rubric version on the rubric page.
type rubricView struct {
	content.Rubric
	Latest bool
	Uses   []rubricUse
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
	page := rubricPage{Layout: s.layout(r, "How we score chairs: the review rubric", "The published rubric Masahe's editorial reviews use: each criterion scored 0 to 10, and the weights that make each per-use score.")}
	page.Section = "reviews"
	page.Crumbs = []linkView{{URL: "/reviews", Label: "Reviews"}}
	for i := len(content.Rubrics) - 1; i >= 0; i-- {
		rb := content.Rubrics[i]
		v := rubricView{Rubric: rb, Latest: i == len(content.Rubrics)-1}
		for _, u := range rb.Uses {
			v.Uses = append(v.Uses, rubricUse{Key: u.Key, Label: u.Label, Weights: useWeights(rb, u)})
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
	page := editorialReviewPage{Layout: s.layout(r, e.Title, content.Excerpt(e.Verdict, 200)), Review: e, Summary: newEditorialSummary(e, c), Body: body, Author: siteAuthor,
		Latest: latestRubric().Version, RubricURL: "/reviews/rubric#rubric-" + strconv.Itoa(e.Rubric)}
	page.Section, page.OGType = "reviews", "article"
	page.Crumbs = []linkView{{URL: "/reviews", Label: "Reviews"}}
	rb, _ := content.RubricVersion(e.Rubric)
	for _, cr := range rb.Criteria {
		page.Criteria = append(page.Criteria, criterionScore{Key: cr.Key, Label: cr.Label, Score: strconv.FormatFloat(e.Scores[cr.Key], 'f', -1, 64)})
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
func bestFor(use string, reviews []content.EditorialReview, chairs map[string]catalog.Chair) ([]bestRow, time.Time) {
	var rows []bestRow
	var newest time.Time
	for _, e := range reviews {
		rb, _ := content.RubricVersion(e.Rubric)
		if !slices.ContainsFunc(rb.Uses, func(u content.Use) bool { return u.Key == use }) {
			continue
		}
		v := e.UseScores()[use]
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
	rb := latestRubric()
	i := slices.IndexFunc(rb.Uses, func(u content.Use) bool { return u.Key == key })
	if i < 0 {
		s.writeError(w, r, errs.NotFoundf("there is no “best for” list %q", key))
		return
	}
	use := rb.Uses[i]
	reviews, chairs, err := s.reviewedChairs(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	title := "Best massage chairs for " + lowerFirst(use.Label)
	page := bestPage{Layout: s.layout(r, title, "Massage chairs ranked for "+strings.ToLower(use.Label)+" by Masahe's editorial reviews, on a published rubric."),
		Use: use, Uses: bestLinks(key), Weights: useWeights(rb, use)}
	page.Section = "reviews"
	page.Crumbs = []linkView{{URL: "/reviews", Label: "Reviews"}, {URL: "/best", Label: "Best for"}}
	var newest time.Time
	page.Rows, newest = bestFor(key, reviews, chairs)
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
	page := bestPage{Layout: s.layout(r, "Best massage chairs for each use", "Massage chairs ranked by Masahe's editorial reviews for lower-back relief, neck and shoulders, tall users, small spaces, gentle use and value.")}
	page.Section = "reviews"
	page.Crumbs = []linkView{{URL: "/reviews", Label: "Reviews"}}
	var newest time.Time
	for _, u := range latestRubric().Uses {
		rows, n := bestFor(u.Key, reviews, chairs)
		entry := bestIndexEntry{URL: bestPath(u.Key), Label: lowerFirst(u.Label), Count: len(rows)}
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
	if page.JSONLD, err = jsonLDs(s.breadcrumbsLD(append(page.Crumbs, linkView{URL: "/best", Label: "Best for"}))); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.renderPage(w, r, "best.html", page)
}
