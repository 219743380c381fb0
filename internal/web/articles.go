package web

import (
	"cmp"
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"masahe/internal/content"
	"masahe/internal/errs"
	"masahe/internal/locale"
	"masahe/internal/params"
)

// Advice articles in every language (docs/CONTENT.md, docs/I18N.md). An
// article is written in English and may have a translation per language at
// the same slug: /fil/articles/x shows the Filipino translation when there
// is one, and otherwise the English text marked lang="en" under a note
// that says so.

// translations are the public translations into lang by slug; none for
// English. Callers must not change them.
func (s *Server) translations(ctx context.Context, lang locale.Lang) (map[string]content.ArticleRecord, error) {
	if lang == locale.English {
		return nil, nil
	}
	return memoized(ctx, s.cache, "translations-"+string(lang), func(ctx context.Context) (map[string]content.ArticleRecord, error) {
		list, err := s.stores.Editorial.Translations(ctx, string(lang))
		out := map[string]content.ArticleRecord{}
		for _, a := range list {
			out[a.Slug] = a
		}
		return out, err
	})
}

// inLang swaps each article for its translation into lang where there is
// one; the others stay English (their Lang says so).
func (s *Server) inLang(ctx context.Context, lang locale.Lang, list []content.ArticleRecord) ([]content.ArticleRecord, error) {
	trs, err := s.translations(ctx, lang)
	if err != nil || len(trs) == 0 {
		return list, err
	}
	out := make([]content.ArticleRecord, len(list))
	for i, a := range list {
		out[i] = a
		if tr, ok := trs[a.Slug]; ok {
			out[i] = tr
		}
	}
	return out, nil
}

// articleLangs are the languages the article slug is written in: English
// and those of its public translations.
func (s *Server) articleLangs(ctx context.Context, slug string) ([]locale.Lang, error) {
	langs := []locale.Lang{locale.English}
	for _, l := range locale.Langs {
		trs, err := s.translations(ctx, l)
		if err != nil {
			return nil, err
		}
		if _, ok := trs[slug]; ok {
			langs = append(langs, l)
		}
	}
	return langs, nil
}

// categoryName is an article category's label in p's language; false
// for an unknown category.
func categoryName(p *locale.Printer, code string) (string, bool) {
	switch code {
	case "buying":
		return p.T("articles.category.buying"), true
	case "using":
		return p.T("articles.category.using"), true
	case "safety":
		return p.T("articles.category.safety"), true
	case "care":
		return p.T("articles.category.care"), true
	}
	return "", false
}

// localDate is a moment's Philippine date written in p's language.
func localDate(p *locale.Printer, t time.Time) dateView {
	d := newDate(t)
	d.Text = p.Date(t)
	return d
}

// articleCard is an article in a list. Lang is set when its words are in
// another language than the page's (an article not translated yet).
type articleCard struct {
	URL, Title, Summary string
	Lang                string
	Date                dateView
	Category            linkView
	Tags                []linkView
}

// newArticleCard is a card of a (an original or a translation) on a page
// in p's language: its links stay in that language.
func newArticleCard(p *locale.Printer, a content.ArticleRecord) articleCard {
	lang := p.Lang()
	label, _ := categoryName(p, a.Category)
	c := articleCard{URL: lang.Path(articlePath(a.Slug)), Title: a.Title, Summary: a.Summary, Date: localDate(p, a.Published),
		Category: linkView{URL: lang.Path(categoryPath(a.Category)), Label: label}}
	if a.Lang != string(lang) {
		c.Lang = a.Lang
	}
	for _, t := range a.Tags {
		c.Tags = append(c.Tags, linkView{URL: lang.Path(tagPath(t)), Label: t})
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
	AllURL     string
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
// at path (a path within the page's language), each in the page's language
// where it is translated; a page past the last is not found.
func (s *Server) newArticleList(r *http.Request, title, description, path string, list []content.ArticleRecord, total, pageNum int) (articleListPage, error) {
	p := s.printer(r)
	lang := p.Lang()
	page := articleListPage{Layout: s.layout(r, title, description), Heading: title, Total: total, PageNum: pageNum,
		Pages: max(1, (total+articlesPerPage-1)/articlesPerPage), FeedURL: "/feed.atom", AllURL: lang.Path("/articles")}
	if pageNum > page.Pages {
		return page, errs.NotFoundf("there is no page %d: this list has %d", pageNum, page.Pages)
	}
	at := func(n int) string {
		if n == 1 {
			return lang.Path(path)
		}
		return lang.Path(path) + "?page=" + strconv.Itoa(n)
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
		label, _ := categoryName(p, o.Code)
		page.Categories = append(page.Categories, linkView{URL: lang.Path(categoryPath(o.Code)), Label: label, Current: path == categoryPath(o.Code)})
	}
	shown, err := s.inLang(r.Context(), lang, list)
	if err != nil {
		return page, err
	}
	for _, a := range shown {
		page.Articles = append(page.Articles, newArticleCard(p, a))
	}
	return page, nil
}

// adviceCrumb is the first crumb of every article page: the advice list.
func adviceCrumb(p *locale.Printer) linkView {
	return linkView{URL: p.Lang().Path("/articles"), Label: p.T("articles.title")}
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
	p := s.printer(r)
	page, err := s.newArticleList(r, p.T("articles.title"), p.T("articles.description"), "/articles", list, total, pageNum)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page.Intro = p.T("articles.intro")
	s.renderPage(w, r, "articles.html", page)
}

// taggedArticles returns the tag whose slug is in the request's path and
// its public articles, newest first; none is not found. A path with the
// tag's name rather than its slug (the old form, /tags/back%20pain) is
// redirected, permanently, to the slug; then ok is false and the request
// is answered.
func (s *Server) taggedArticles(w http.ResponseWriter, r *http.Request, suffix string) (tag string, list []content.ArticleRecord, ok bool) {
	slug := r.PathValue("tag")
	if want := content.TagSlug(slug); want != slug && want != "" {
		target := requestLang(r).Path(tagPath(slug)) + suffix
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
	p := s.printer(r)
	from := min((pageNum-1)*articlesPerPage, len(all))
	list := all[from:min(from+articlesPerPage, len(all))]
	page, err := s.newArticleList(r, p.T("articles.tag.title", tag), p.T("articles.tag.description", tag), tagPath(tag), list, len(all), pageNum)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page.Crumbs = []linkView{adviceCrumb(p)}
	page.Intro = p.Plural("articles.tag.intro", len(all), tag)
	page.FeedURL = tagPath(tag) + "/feed.atom"
	page.Feeds = append(page.Feeds, feedLink{URL: page.FeedURL, Title: "Masahe advice tagged “" + tag + "”"})
	s.renderPage(w, r, "articles.html", page)
}

func (s *Server) handleCategory(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("category")
	p := s.printer(r)
	label, ok := categoryName(p, code)
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
	page, err := s.newArticleList(r, label, p.T("articles.category.description", lowerFirst(label)), categoryPath(code), list, total, pageNum)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page.Crumbs = []linkView{adviceCrumb(p)}
	page.Intro = p.Plural("articles.category.intro", total)
	s.renderPage(w, r, "articles.html", page)
}

// The article page.

type articlePage struct {
	Layout
	Article content.ArticleRecord
	// ContentLang is the language of the article's words when it is not
	// the page's: an article with no translation into the page's language
	// shows its English original, and Untranslated links the English page.
	ContentLang  string
	Untranslated string
	// OriginalURL links a translation's English original.
	OriginalURL string
	Crumbs      []linkView
	Date        dateView
	Updated     *dateView
	Category    linkView
	Tags        []linkView
	TOC         []content.Heading
	Body        template.HTML
	Chairs      []cardView
	Minutes     int
	Related     []articleCard
}

func (s *Server) handleArticle(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := s.printer(r)
	lang := p.Lang()
	orig, err := s.stores.Editorial.Article(ctx, r.PathValue("slug"), false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	langs, err := s.articleLangs(ctx, orig.Slug)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := orig
	if lang != locale.English && slices.Contains(langs, lang) {
		if a, err = s.stores.Editorial.Translation(ctx, orig.Slug, string(lang), false); err != nil {
			s.writeError(w, r, err)
			return
		}
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
	card := newArticleCard(p, a)
	page := articlePage{Layout: s.layout(r, a.Title, a.Summary), Article: a, ContentLang: card.Lang, Date: card.Date, Category: card.Category,
		Tags: card.Tags, TOC: toc, Body: body}
	page.Section, page.OGType = "articles", "article"
	page.Crumbs = []linkView{adviceCrumb(p), card.Category}
	// hreflang names only the languages the article is written in; a page
	// in another language is the English article under a note, whose
	// canonical address is the English page.
	page.Alternates = slices.DeleteFunc(page.Alternates, func(alt alternate) bool {
		return alt.Hreflang != "x-default" && !slices.Contains(langs, alt.Lang)
	})
	switch {
	case !slices.Contains(langs, lang):
		page.Canonical = s.cfg.BaseURL + articlePath(a.Slug)
		page.Untranslated = articlePath(a.Slug)
	case a.TranslationOf != "":
		page.OriginalURL = articlePath(a.Slug)
	}
	mod := a.Modified()
	if d := localDate(p, mod); d.Text != page.Date.Text {
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
	for i, o := range public {
		others[i] = o.Article
	}
	shown, err := s.inLang(ctx, lang, public)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	bySlug := map[string]content.ArticleRecord{}
	for _, o := range shown {
		bySlug[o.Slug] = o
	}
	for _, rel := range content.Related(orig.Article, others, 3) {
		page.Related = append(page.Related, newArticleCard(p, bySlug[rel.Slug]))
	}
	if page.JSONLD, err = jsonLDs(s.articleLD(p, a, page.Canonical, mod), s.breadcrumbsLD(append(page.Crumbs, linkView{URL: lang.Path(articlePath(a.Slug)), Label: a.Title}))); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.renderPage(w, r, "article.html", page)
}
