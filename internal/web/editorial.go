package web

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/errs"
	"masahe/internal/params"
	"masahe/internal/phtime"
)

// EditorialStore is what the public advice and review pages read. Article
// and Articles return public articles only: a draft, or an article
// scheduled for later by the store's clock, is not found until its time.
type EditorialStore interface {
	Article(ctx context.Context, slug string, drafts bool) (content.ArticleRecord, error)
	Articles(ctx context.Context, f content.ArticleFilter) ([]content.ArticleRecord, int, error)
	EditorialReviews(ctx context.Context) ([]content.EditorialReview, error)
	EditorialReview(ctx context.Context, chairSlug string) (content.EditorialReview, error)
}

const (
	// articlesPerPage is the length of a page of the article lists.
	articlesPerPage = 12
	// maxArticles bounds the reads that need every public article: tag
	// pages, search, feeds and the sitemap. The site has tens.
	maxArticles = 10000
	// siteAuthor names the site's editors as an author and publisher.
	siteAuthor = "Masahe editors"
)

// linkView is a link with its text; Current marks the page itself.
type linkView struct {
	URL, Label string
	Current    bool
}

// dateView is a moment shown as its Philippine date, with the date's
// machine form for <time datetime>.
type dateView struct {
	Text, ISO string
}

func newDate(t time.Time) dateView {
	t = t.In(phtime.Manila)
	return dateView{Text: t.Format("2 January 2006"), ISO: t.Format(time.DateOnly)}
}

func articlePath(slug string) string    { return "/articles/" + slug }
func tagPath(tag string) string         { return "/tags/" + content.TagSlug(tag) }
func categoryPath(code string) string   { return "/categories/" + code }
func editorialPath(chair string) string { return "/reviews/" + chair }
func bestPath(use string) string        { return "/best/" + use }

// categoryLabel names an article category; false for an unknown one.
func categoryLabel(code string) (string, bool) {
	i := slices.IndexFunc(content.Categories, func(o content.Option) bool { return o.Code == code })
	if i < 0 {
		return "", false
	}
	return content.Categories[i].Label, true
}

// articleCard is an article in a list.
type articleCard struct {
	URL, Title, Summary string
	Date                dateView
	Category            linkView
	Tags                []linkView
}

func newArticleCard(a content.ArticleRecord) articleCard {
	label, _ := categoryLabel(a.Category)
	c := articleCard{URL: articlePath(a.Slug), Title: a.Title, Summary: a.Summary, Date: newDate(a.Published),
		Category: linkView{URL: categoryPath(a.Category), Label: label}}
	for _, t := range a.Tags {
		c.Tags = append(c.Tags, linkView{URL: tagPath(t), Label: t})
	}
	return c
}

// Article lists: /articles, /tags/{tag}, /categories/{category}.

type articleListPage struct {
	Layout
	Crumbs     []linkView
	Heading    string
	Intro      string
	Categories []linkView
	Articles   []articleCard
	Total      int
	PageNum    int
	Pages      int
	PrevURL    string
	NextURL    string
	FeedURL    string
}

// parsePage reads ?page=, the only parameter of the article lists.
func parsePage(q url.Values) (int, error) {
	if err := params.CheckKeys(q, []string{"page"}); err != nil {
		return 0, err
	}
	n, err := params.Int(q, "page")
	if err != nil || n == nil {
		return 1, err
	}
	if err := params.InRange("page", n, 1, 10000, "a page number"); err != nil {
		return 0, err
	}
	return int(*n), nil
}

// newArticleList fills a list page showing page pageNum of total articles
// at path; a page past the last is not found.
func (s *Server) newArticleList(r *http.Request, title, description, path string, list []content.ArticleRecord, total, pageNum int) (articleListPage, error) {
	page := articleListPage{Layout: s.layout(r, title, description), Heading: title, Total: total, PageNum: pageNum,
		Pages: max(1, (total+articlesPerPage-1)/articlesPerPage), FeedURL: "/feed.atom"}
	if pageNum > page.Pages {
		return page, errs.NotFoundf("there is no page %d: this list has %d", pageNum, page.Pages)
	}
	at := func(n int) string {
		if n == 1 {
			return path
		}
		return path + "?page=" + strconv.Itoa(n)
	}
	page.Canonical = s.cfg.BaseURL + at(pageNum)
	if pageNum > 1 {
		page.PrevURL = at(pageNum - 1)
	}
	if pageNum < page.Pages {
		page.NextURL = at(pageNum + 1)
	}
	page.Section = "articles"
	for _, o := range content.Categories {
		page.Categories = append(page.Categories, linkView{URL: categoryPath(o.Code), Label: o.Label, Current: path == categoryPath(o.Code)})
	}
	for _, a := range list {
		page.Articles = append(page.Articles, newArticleCard(a))
	}
	return page, nil
}

func (s *Server) handleArticles(w http.ResponseWriter, r *http.Request) {
	pageNum, err := parsePage(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	list, total, err := s.stores.Editorial.Articles(r.Context(), content.ArticleFilter{Page: pageNum, PerPage: articlesPerPage})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.newArticleList(r, "Advice", "Advice on buying, using and caring for a massage chair in the Philippines, written by Masahe's editors with every fact sourced.",
		"/articles", list, total, pageNum)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page.Intro = "How to choose a massage chair for your body, home and budget, use it safely, and keep it working. Every fact names its source."
	s.renderPage(w, r, "articles.html", page)
}

// taggedArticles lists the public articles with the tag, newest first;
// none is not found. The store's tag filter is a pattern match, so the
// tag is checked exactly here.
// taggedArticles returns the tag whose slug is in the request's path and
// its public articles. A path with the tag's name rather than its slug
// (the old form, /tags/back%20pain) is redirected, permanently, to the
// slug; then ok is false and the request is answered.
func (s *Server) taggedArticles(w http.ResponseWriter, r *http.Request, suffix string) (tag string, list []content.ArticleRecord, ok bool) {
	slug := r.PathValue("tag")
	if want := content.TagSlug(slug); want != slug && want != "" {
		target := tagPath(slug) + suffix
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return "", nil, false
	}
	all, _, err := s.stores.Editorial.Articles(r.Context(), content.ArticleFilter{Page: 1, PerPage: maxArticles})
	if err != nil {
		s.writeError(w, r, err)
		return "", nil, false
	}
	for _, a := range all {
		if i := slices.IndexFunc(a.Tags, func(t string) bool { return content.TagSlug(t) == slug }); i >= 0 {
			tag = cmp.Or(tag, a.Tags[i])
			list = append(list, a)
		}
	}
	if len(list) == 0 {
		s.writeError(w, r, errs.NotFoundf("no article is tagged %q", slug))
		return "", nil, false
	}
	return tag, list, true
}

func (s *Server) handleTag(w http.ResponseWriter, r *http.Request) {
	pageNum, err := parsePage(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	tag, all, ok := s.taggedArticles(w, r, "")
	if !ok {
		return
	}
	from := min((pageNum-1)*articlesPerPage, len(all))
	list := all[from:min(from+articlesPerPage, len(all))]
	page, err := s.newArticleList(r, "Articles tagged “"+tag+"”", "Masahe's advice articles about "+tag+".", tagPath(tag), list, len(all), pageNum)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page.Crumbs = []linkView{{URL: "/articles", Label: "Advice"}}
	page.Intro = fmt.Sprintf("%d %s tagged “%s”, newest first.", len(all), plural(len(all), "article", "articles"), tag)
	page.FeedURL = tagPath(tag) + "/feed.atom"
	page.Feeds = append(page.Feeds, feedLink{URL: page.FeedURL, Title: "Masahe advice tagged “" + tag + "”"})
	s.renderPage(w, r, "articles.html", page)
}

func (s *Server) handleCategory(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("category")
	label, ok := categoryLabel(code)
	if !ok {
		s.writeError(w, r, errs.NotFoundf("there is no article category %q", code))
		return
	}
	pageNum, err := parsePage(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	list, total, err := s.stores.Editorial.Articles(r.Context(), content.ArticleFilter{Category: code, Page: pageNum, PerPage: articlesPerPage})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.newArticleList(r, label, "Masahe's advice articles: "+strings.ToLower(label)+".", categoryPath(code), list, total, pageNum)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page.Crumbs = []linkView{{URL: "/articles", Label: "Advice"}}
	page.Intro = fmt.Sprintf("%d %s, newest first.", total, plural(total, "article", "articles"))
	s.renderPage(w, r, "articles.html", page)
}

// lowerFirst lowers a label's first letter to use it inside a sentence.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// searchArticles lists the public articles whose title, summary or tags
// contain every word of q, newest first. The site has tens of articles, so
// this is done here rather than in the database's full-text index.
func (s *Server) searchArticles(ctx context.Context, q string) ([]articleCard, error) {
	words := catalog.Tokens(q)
	if len(words) == 0 {
		return nil, nil
	}
	list, _, err := s.stores.Editorial.Articles(ctx, content.ArticleFilter{Page: 1, PerPage: maxArticles})
	if err != nil {
		return nil, err
	}
	var out []articleCard
	for _, a := range list {
		text := strings.ToLower(a.Title + " " + a.Summary + " " + strings.Join(a.Tags, " "))
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(text, w) }) {
			out = append(out, newArticleCard(a))
		}
	}
	return out, nil
}

// The article page.

type articlePage struct {
	Layout
	Article  content.ArticleRecord
	Crumbs   []linkView
	Date     dateView
	Updated  *dateView
	Category linkView
	Tags     []linkView
	TOC      []content.Heading
	Body     template.HTML
	Chairs   []cardView
	Minutes  int
	Related  []articleCard
}

func (s *Server) handleArticle(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, err := s.stores.Editorial.Article(ctx, r.PathValue("slug"), false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body, toc, err := content.RenderArticle(a.Body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	chairs, err := s.relatedChairs(ctx, a.Chairs)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	mean, err := s.stores.Reviews.SiteMeanRating(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	card := newArticleCard(a)
	page := articlePage{Layout: s.layout(r, a.Title, a.Summary), Article: a, Date: card.Date, Category: card.Category, Tags: card.Tags, TOC: toc, Body: body}
	page.Section, page.OGType = "articles", "article"
	page.Crumbs = []linkView{{URL: "/articles", Label: "Advice"}, card.Category}
	mod := a.Modified()
	if newDate(mod).Text != page.Date.Text {
		d := newDate(mod)
		page.Updated = &d
	}
	for _, c := range chairs {
		page.Chairs = append(page.Chairs, newCard(c, nil, mean))
	}
	page.Minutes = content.ReadingMinutes(a.Body)
	public, _, err := s.stores.Editorial.Articles(ctx, content.ArticleFilter{Page: 1, PerPage: maxArticles})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	others := make([]content.Article, len(public))
	bySlug := map[string]content.ArticleRecord{}
	for i, o := range public {
		others[i], bySlug[o.Slug] = o.Article, o
	}
	for _, rel := range content.Related(a.Article, others, 3) {
		page.Related = append(page.Related, newArticleCard(bySlug[rel.Slug]))
	}
	if page.JSONLD, err = jsonLDs(s.articleLD(a, mod), s.breadcrumbsLD(append(page.Crumbs, linkView{URL: articlePath(a.Slug), Label: a.Title}))); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.renderPage(w, r, "article.html", page)
}

// relatedChairs returns the chairs an editorial text names, leaving out
// any retired or removed since it was written.
func (s *Server) relatedChairs(ctx context.Context, slugs []string) ([]catalog.Chair, error) {
	if len(slugs) == 0 {
		return nil, nil
	}
	chairs, err := s.stores.Catalog.Chairs(ctx, slugs)
	if errs.CodeOf(err) != errs.NotFound {
		return chairs, err
	}
	chairs = nil
	for _, slug := range slugs {
		c, err := s.stores.Catalog.Chair(ctx, slug)
		switch errs.CodeOf(err) {
		case "":
			chairs = append(chairs, c)
		case errs.NotFound:
		default:
			return nil, err
		}
	}
	return chairs, nil
}

// Editorial reviews.

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
		v := useScoreView{Key: u.Key, Label: u.Label, Score: scoreText(scores[u.Key]), Value: scores[u.Key], URL: bestPath(u.Key)}
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
