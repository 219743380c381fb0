package web

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"masahe/internal/account"
	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/errs"
	"masahe/internal/phtime"
)

// EditorStore is what the editors' pages for articles and editorial
// reviews need from the database. Article saves keep their own revision
// history (store.ArticleRevisions); the audit log covers catalog records
// and users only, and is written inside the store.
type EditorStore interface {
	AllArticles(ctx context.Context) ([]content.ArticleRecord, error)
	Article(ctx context.Context, slug string, drafts bool) (content.ArticleRecord, error)
	ArticleRevisions(ctx context.Context, slug string) ([]content.Revision, error)
	SaveArticle(ctx context.Context, a content.Article, status string, editorID int64, editor string) error
	// Translations of articles (lang is a locale.Lang code).
	Translation(ctx context.Context, slug, lang string, drafts bool) (content.ArticleRecord, error)
	TranslationRevisions(ctx context.Context, slug, lang string) ([]content.Revision, error)
	SaveTranslation(ctx context.Context, tr content.Article, status string, editorID int64, editor string) error
	EditorialReviews(ctx context.Context) ([]content.EditorialReview, error)
	EditorialReview(ctx context.Context, chairSlug string) (content.EditorialReview, error)
	SaveEditorialReview(ctx context.Context, e content.EditorialReview) error
}

// publishLayout is how a publish time travels in the form: an HTML
// datetime-local value, in Philippine time.
const publishLayout = "2006-01-02T15:04"

// editorNotice confirms the last save on an article or review page.
var editorNotice = map[string]string{
	"draft":     "Saved as a draft: it is not on the site.",
	"published": "Published: the article is on the site.",
	"scheduled": "Scheduled: the article appears on the site at its publish time.",
	"saved":     "Saved.",
}

// Articles: the list.

type articlesPage struct {
	Layout
	Notice   string
	Articles []articleRow
}

type articleRow struct {
	URL, Title, Slug, Status string
	Publish, PublishISO      string
	Updated, UpdatedISO      string
}

func (s *Server) handleAdminArticles(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	list, err := s.stores.Editor.AllArticles(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := articlesPage{Layout: s.layout(r, "Articles", ""), Notice: editorNotice[r.URL.Query().Get("done")]}
	now := s.cfg.Now()
	for _, a := range list {
		page.Articles = append(page.Articles, articleRow{URL: "/admin/articles/" + url.PathEscape(a.Slug), Title: a.Title, Slug: a.Slug,
			Status: articleStatus(a, now), Publish: phtTime(a.Published), PublishISO: a.Published.Format(time.RFC3339),
			Updated: phtTime(a.UpdatedAt), UpdatedISO: a.UpdatedAt.Format(time.RFC3339)})
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_articles.html", page)
}

// articleStatus is a stored article's state at now: draft, scheduled or
// published.
func articleStatus(a content.ArticleRecord, now time.Time) string {
	switch {
	case a.Status != content.ArticlePublished:
		return "draft"
	case a.Public(now):
		return "published"
	}
	return "scheduled"
}

func phtTime(t time.Time) string { return t.In(phtime.Manila).Format("2 Jan 2006, 15:04 PHT") }

// Articles: the edit form.

type articleEditPage struct {
	Layout
	Back     link
	Heading  string
	Notice   string
	Status   string
	Problems []problemView
	// Previewing says the problems come from a preview: nothing was saved
	// either way.
	Previewing bool
	Action     string
	Fields     []*formField
	Body       *formField
	Preview    *articlePreview
	PublicURL  string
	Revisions  []revisionView
	// Translations link the article's translation into each other
	// language, to edit or to add (admin_translations.go).
	Translations []link
}

// articlePreview is the article as the site would render it.
type articlePreview struct {
	Title, Summary string
	Contents       []content.Heading
	HTML           template.HTML
}

type revisionView struct {
	When, ISO, Editor, Status, Title, Body string
}

func (s *Server) handleAdminArticleForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	var rec content.ArticleRecord
	v := url.Values{"author": {"Masahe editors"}}
	if slug := r.PathValue("slug"); slug != "" {
		var err error
		if rec, err = s.stores.Editor.Article(r.Context(), slug, true); err != nil {
			s.writeError(w, r, err)
			return
		}
		v = articleValues(rec, s.cfg.Now())
	}
	s.showArticleForm(w, r, http.StatusOK, rec, v, nil, nil)
}

func (s *Server) handleAdminArticleSave(w http.ResponseWriter, r *http.Request) {
	sess := s.postedForm(w, r, account.Editor)
	if sess == nil {
		return
	}
	ctx := r.Context()
	var rec content.ArticleRecord
	slug := r.PathValue("slug")
	if slug != "" {
		var err error
		if rec, err = s.stores.Editor.Article(ctx, slug, true); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	action, err := editAction(r.PostForm)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.cfg.Now()
	src := articleSource(r.PostForm, cmp.Or(slug, strings.TrimSpace(r.PostForm.Get("slug"))), now)
	a, err := content.ParseArticle("article", src)
	var problem *fieldProblem
	if err != nil {
		problem = articleProblem(err)
	} else if problem, err = s.checkArticle(ctx, a, slug == ""); err != nil {
		s.writeError(w, r, err)
		return
	}
	if action == "preview" {
		preview, err := previewArticle(r.PostForm)
		if err != nil && problem == nil {
			problem = &fieldProblem{Field: "body", Message: err.Error()}
		}
		status := http.StatusOK
		if problem != nil {
			status = http.StatusBadRequest
		}
		s.showArticleForm(w, r, status, rec, r.PostForm, problem, preview)
		return
	}
	if problem != nil {
		s.showArticleForm(w, r, http.StatusBadRequest, rec, r.PostForm, problem, nil)
		return
	}
	status, done := content.ArticleDraft, "draft"
	if action == "publish" {
		status, done = content.ArticlePublished, "published"
		if a.Published.After(now) {
			done = "scheduled"
		}
	}
	editor := cmp.Or(sess.User.DisplayName, sess.User.Email)
	if err := s.stores.Editor.SaveArticle(ctx, a, status, sess.User.ID, editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/articles/"+url.PathEscape(a.Slug)+"?done="+done, http.StatusSeeOther)
}

// fieldProblem is a problem with one field of an editor's form; Field ""
// is the form as a whole.
type fieldProblem struct {
	Field, Message string
}

// articleFields maps the fields ParseArticle names to the form's.
var articleFields = map[string]string{
	"slug": "slug", "title": "title", "summary": "summary", "author": "author", "category": "category",
	"published": "publish_at", "source": "sources", "body": "body",
}

// articleProblem places a ParseArticle error ("article: field: message")
// on its form field.
func articleProblem(err error) *fieldProblem {
	msg := strings.TrimPrefix(err.Error(), "article: ")
	if field, rest, ok := strings.Cut(msg, ": "); ok {
		if name, ok := articleFields[field]; ok {
			return &fieldProblem{Field: name, Message: rest}
		}
	}
	return &fieldProblem{Message: strings.TrimPrefix(msg, "article:")}
}

// checkArticle checks what a file cannot know: that a new article's slug
// is free and that the related chairs are in the catalog.
func (s *Server) checkArticle(ctx context.Context, a content.Article, create bool) (*fieldProblem, error) {
	if create {
		if a.Slug == "new" {
			return &fieldProblem{Field: "slug", Message: `"new" is kept for the new-article page: choose another slug`}, nil
		}
		_, err := s.stores.Editor.Article(ctx, a.Slug, true)
		if err == nil {
			return &fieldProblem{Field: "slug", Message: "an article with this slug already exists: edit that one, or choose another slug"}, nil
		}
		if errs.CodeOf(err) != errs.NotFound {
			return nil, err
		}
	}
	if len(a.Chairs) == 0 {
		return nil, nil
	}
	chairs, err := s.stores.Admin.ChairEntries(ctx)
	if err != nil {
		return nil, err
	}
	for _, slug := range a.Chairs {
		if !slices.ContainsFunc(chairs, func(c catalog.ChairEntry) bool { return c.Slug == slug }) {
			return &fieldProblem{Field: "chairs", Message: fmt.Sprintf("there is no chair %q in the catalog", slug)}, nil
		}
	}
	return nil, nil
}

// previewArticle renders the form's article as the site would.
func previewArticle(v url.Values) (*articlePreview, error) {
	body, toc, err := content.RenderArticle(strings.TrimSpace(v.Get("body")))
	if err != nil {
		return nil, fmt.Errorf("the body cannot be shown: %v", err)
	}
	return &articlePreview{Title: oneLine(v.Get("title")), Summary: oneLine(v.Get("summary")), Contents: toc, HTML: body}, nil
}

// oneLine joins a form value's lines and spaces into one line, so that no
// value can add lines to the front matter.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// lines returns the non-empty lines of a textarea, each on one line.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = oneLine(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// commaList returns the non-empty items of a comma-separated value.
func commaList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = oneLine(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// articleSource writes the form as an article file (docs/CONTENT.md), so
// that the form is checked exactly as an imported file is. A blank publish
// time is now.
func articleSource(v url.Values, slug string, now time.Time) string {
	publish := oneLine(v.Get("publish_at"))
	if publish == "" {
		publish = now.In(phtime.Manila).Format(publishLayout)
	} else if t, err := time.Parse("2006-01-02T15:04:05", publish); err == nil {
		// Some browsers send seconds.
		publish = t.Format(publishLayout)
	}
	var b strings.Builder
	b.WriteString("---\n")
	for _, kv := range [][2]string{{"title", v.Get("title")}, {"slug", slug}, {"summary", v.Get("summary")}, {"category", v.Get("category")},
		{"tags", v.Get("tags")}, {"published", publish}, {"author", v.Get("author")}} {
		fmt.Fprintf(&b, "%s: %s\n", kv[0], oneLine(kv[1]))
	}
	for _, l := range lines(v.Get("sources")) {
		fmt.Fprintf(&b, "source: %s\n", l)
	}
	for _, c := range commaList(v.Get("chairs")) {
		fmt.Fprintf(&b, "chair: %s\n", c)
	}
	b.WriteString("---\n")
	b.WriteString(v.Get("body"))
	return b.String()
}

// articleValues is a stored article as form values. A draft's publish
// time shows only when it is in the future (a time the editor chose);
// otherwise it stays blank, meaning "when published".
func articleValues(a content.ArticleRecord, now time.Time) url.Values {
	var sources []string
	for _, ref := range a.Sources {
		sources = append(sources, ref.Title+" | "+ref.URL)
	}
	v := url.Values{"title": {a.Title}, "slug": {a.Slug}, "summary": {a.Summary}, "category": {a.Category},
		"tags": {strings.Join(a.Tags, ", ")}, "author": {a.Author}, "sources": {strings.Join(sources, "\n")},
		"chairs": {strings.Join(a.Chairs, ", ")}, "body": {a.Body}}
	if a.Status == content.ArticlePublished || a.Published.After(now) {
		v.Set("publish_at", a.Published.In(phtime.Manila).Format(publishLayout))
	}
	return v
}

// showArticleForm shows the form of rec (a new article when it has no
// slug) filled with v, with a problem beside its field and a preview.
func (s *Server) showArticleForm(w http.ResponseWriter, r *http.Request, status int, rec content.ArticleRecord, v url.Values,
	problem *fieldProblem, preview *articlePreview) {
	create := rec.Slug == ""
	page := articleEditPage{Back: link{"/admin/articles", "Articles"}, Heading: "New article", Action: r.URL.Path, Preview: preview,
		Previewing: preview != nil}
	now := s.cfg.Now()
	if !create {
		page.Heading = "Edit: " + rec.Title
		switch articleStatus(rec, now) {
		case "draft":
			page.Status = "Draft: not on the site."
		case "published":
			page.Status = "Published since " + phtTime(rec.Published) + "."
			page.PublicURL = "/articles/" + url.PathEscape(rec.Slug)
		default:
			page.Status = "Scheduled: appears on the site at " + phtTime(rec.Published) + "."
		}
	}
	page.Layout = s.layout(r, page.Heading, "")
	categories := []catalog.Option{{Value: "", Label: "Choose a category"}}
	for _, c := range content.Categories {
		categories = append(categories, catalog.Option{Value: c.Code, Label: c.Label})
	}
	page.Fields = []*formField{
		{Name: "title", Label: "Title", Type: "text", Value: v.Get("title"), Required: true},
	}
	if create {
		page.Fields = append(page.Fields, &formField{Name: "slug", Label: "Slug", Type: "text", Value: v.Get("slug"), Required: true,
			Hint: "the address: /articles/your-slug; " + slugHint})
	}
	page.Fields = append(page.Fields,
		&formField{Name: "summary", Label: "Summary", Type: "text", Value: v.Get("summary"), Required: true,
			Hint: "one sentence that says what the reader will learn, shown in lists, feeds and search"},
		&formField{Name: "category", Label: "Category", Type: "select", Value: v.Get("category"), Options: categories, Required: true},
		&formField{Name: "tags", Label: "Tags", Type: "text", Value: v.Get("tags"), Hint: "lowercase words separated by commas, e.g. safety, beginners"},
		&formField{Name: "author", Label: "Author", Type: "text", Value: v.Get("author"), Required: true},
		&formField{Name: "sources", Label: "Sources", Type: "textarea", Value: v.Get("sources"), Required: true,
			Hint: "one a line: Title | https://address"},
		&formField{Name: "chairs", Label: "Related chairs", Type: "text", Value: v.Get("chairs"),
			Hint: "chair slugs separated by commas, e.g. ogawa-smart-jazz"},
		&formField{Name: "publish_at", Label: "Publish at", Unit: "Philippine time", Type: "datetime-local", Value: v.Get("publish_at"),
			Hint: "blank is now; a later time schedules the article"},
	)
	page.Body = &formField{Name: "body", Label: "Body", Type: "textarea", Value: v.Get("body"), Required: true,
		Hint: `Markdown, 200 to 20,000 bytes; headings start with "##"; link the site's pages with paths such as /finder`}
	page.notice(r, problem, preview)
	if !create {
		revs, err := s.stores.Editor.ArticleRevisions(r.Context(), rec.Slug)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		page.Revisions = revisionViews(revs)
		if page.Translations, err = s.translationLinks(r.Context(), rec.Slug); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	s.renderAdmin(w, r, status, "admin_article.html", page)
}

// notice places a problem beside its field, or shows the last save's
// confirmation when there is no problem and no preview.
func (page *articleEditPage) notice(r *http.Request, problem *fieldProblem, preview *articlePreview) {
	if problem != nil {
		pv := problemView{Label: "Article", Message: problem.Message}
		for _, f := range append(slices.Clone(page.Fields), page.Body) {
			if f.Name == problem.Field {
				f.Error = problem.Message
				pv.Target, pv.Label = f.ID(), f.Label
			}
		}
		page.Problems = []problemView{pv}
	} else if preview == nil {
		page.Notice = editorNotice[r.URL.Query().Get("done")]
	}
}

func revisionViews(revs []content.Revision) []revisionView {
	var out []revisionView
	for _, rv := range revs {
		out = append(out, revisionView{When: phtTime(rv.SavedAt), ISO: rv.SavedAt.Format(time.RFC3339),
			Editor: cmp.Or(rv.Editor, "import"), Status: rv.Status, Title: rv.Title, Body: rv.Body})
	}
	return out
}

// editAction is what an article or translation form asks for: "draft" (the
// default), "preview" or "publish".
func editAction(form url.Values) (string, error) {
	action := cmp.Or(form.Get("action"), "draft")
	if action != "draft" && action != "preview" && action != "publish" {
		return "", errs.Invalidf("action", "choose Save draft, Preview or Publish")
	}
	return action, nil
}
