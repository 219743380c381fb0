package web

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
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
// machine form for <time datetime>. Templates write Time in the page's
// language ({{template "day" .}}); Text is the English, for the article
// pages that still show it.
type dateView struct {
	Text, ISO string
	Time      time.Time
}

func newDate(t time.Time) dateView {
	t = t.In(phtime.Manila)
	return dateView{Text: t.Format("2 January 2006"), ISO: t.Format(time.DateOnly), Time: t}
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
	page.Canonical = s.canonicalURL(r, at(pageNum))
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
	all, err := s.publicArticles(r.Context())
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
	list, err := s.publicArticles(ctx)
	if err != nil {
		return nil, err
	}
	texts := make([]string, len(list))
	for i, a := range list {
		texts[i] = strings.ToLower(a.Title + " " + a.Summary + " " + strings.Join(a.Tags, " "))
	}
	// Every word must be in the text, or with a Filipino query every term
	// by one of its words.
	terms := make([][]string, len(words))
	for i, w := range words {
		terms[i] = []string{w}
	}
	if t, ok := s.searchTerms(q, func(w string) bool {
		return slices.ContainsFunc(texts, func(text string) bool { return strings.Contains(text, w) })
	}); ok {
		terms = t
	}
	var out []articleCard
	for i, a := range list {
		if !slices.ContainsFunc(terms, func(alts []string) bool {
			return !slices.ContainsFunc(alts, func(w string) bool { return strings.Contains(texts[i], w) })
		}) {
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
	mean, err := s.siteMeanRating(ctx)
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
	if page.Chairs, err = s.cards(ctx, chairs, nil, mean); err != nil {
		s.writeError(w, r, err)
		return
	}
	page.Minutes = content.ReadingMinutes(a.Body)
	public, err := s.publicArticles(ctx)
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
