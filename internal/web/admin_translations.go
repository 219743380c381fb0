package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"strings"

	"masahe/internal/account"
	"masahe/internal/content"
	"masahe/internal/errs"
	"masahe/internal/locale"
)

// The editors' form for a translation of an article:
// /admin/articles/{slug}/{lang}. A translation has its own title, summary,
// author, publish time and body; its category, tags, sources and chairs
// are the original's (docs/CONTENT.md), shown on the form and saved from
// the original, so the two never drift apart.

// translationPath is the editor's address of an article's translation.
func translationPath(slug string, lang locale.Lang) string {
	return "/admin/articles/" + url.PathEscape(slug) + "/" + string(lang)
}

// translationLinks link the translation of the article into every
// language but English: "edit" when it exists, "add" when not.
func (s *Server) translationLinks(ctx context.Context, slug string) ([]link, error) {
	var out []link
	for _, l := range locale.Langs {
		if l == locale.English {
			continue
		}
		label := "Add the " + l.Name() + " translation"
		_, err := s.stores.Editor.Translation(ctx, slug, string(l), true)
		switch errs.CodeOf(err) {
		case "":
			label = "Edit the " + l.Name() + " translation"
		case errs.NotFound:
		default:
			return nil, err
		}
		out = append(out, link{URL: translationPath(slug, l), Label: label})
	}
	return out, nil
}

// translationTarget reads the original and language of the request's
// path; a language that is English or unknown, or an article that does
// not exist, is not found.
func (s *Server) translationTarget(r *http.Request) (content.ArticleRecord, locale.Lang, error) {
	lang, ok := locale.Parse(r.PathValue("lang"))
	if !ok || lang == locale.English {
		return content.ArticleRecord{}, "", errs.NotFoundf("no translation language %q: articles are written in English and translated into fil", r.PathValue("lang"))
	}
	orig, err := s.stores.Editor.Article(r.Context(), r.PathValue("slug"), true)
	return orig, lang, err
}

func (s *Server) handleAdminTranslationForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	orig, lang, err := s.translationTarget(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	tr, err := s.stores.Editor.Translation(r.Context(), orig.Slug, string(lang), true)
	v := url.Values{"author": {orig.Author}}
	switch errs.CodeOf(err) {
	case "":
		v = articleValues(tr, s.cfg.Now())
	case errs.NotFound:
		tr = content.ArticleRecord{}
	default:
		s.writeError(w, r, err)
		return
	}
	s.showTranslationForm(w, r, http.StatusOK, orig, tr, lang, v, nil, nil)
}

func (s *Server) handleAdminTranslationSave(w http.ResponseWriter, r *http.Request) {
	sess := s.postedForm(w, r, account.Editor)
	if sess == nil {
		return
	}
	ctx := r.Context()
	orig, lang, err := s.translationTarget(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	tr, err := s.stores.Editor.Translation(ctx, orig.Slug, string(lang), true)
	if err != nil && errs.CodeOf(err) != errs.NotFound {
		s.writeError(w, r, err)
		return
	}
	action, err := editAction(r.PostForm)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// The original's category, tags, sources and chairs, whatever the
	// form says: a translation keeps them.
	v := articleValues(orig, s.cfg.Now())
	for _, key := range []string{"title", "summary", "author", "publish_at", "body"} {
		v.Set(key, r.PostForm.Get(key))
	}
	now := s.cfg.Now()
	src := "---\nlang: " + string(lang) + "\ntranslation_of: " + orig.Slug + "\n" + strings.TrimPrefix(articleSource(v, orig.Slug, now), "---\n")
	a, err := content.ParseArticle("article", src)
	var problem *fieldProblem
	if err != nil {
		problem = articleProblem(err)
	}
	if action == "preview" {
		preview, err := previewArticle(v)
		if err != nil && problem == nil {
			problem = &fieldProblem{Field: "body", Message: err.Error()}
		}
		status := http.StatusOK
		if problem != nil {
			status = http.StatusBadRequest
		}
		s.showTranslationForm(w, r, status, orig, tr, lang, v, problem, preview)
		return
	}
	if problem != nil {
		s.showTranslationForm(w, r, http.StatusBadRequest, orig, tr, lang, v, problem, nil)
		return
	}
	status, done := content.ArticleDraft, "draft"
	if action == "publish" {
		status, done = content.ArticlePublished, "published"
		if a.Published.After(now) {
			done = "scheduled"
		}
	}
	if err := s.stores.Editor.SaveTranslation(ctx, a, status, sess.User.ID, cmp.Or(sess.User.DisplayName, sess.User.Email)); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, translationPath(orig.Slug, lang)+"?done="+done, http.StatusSeeOther)
}

// showTranslationForm shows the form of the translation tr (none yet when
// it has no slug) of orig into lang, filled with v.
func (s *Server) showTranslationForm(w http.ResponseWriter, r *http.Request, status int, orig, tr content.ArticleRecord, lang locale.Lang,
	v url.Values, problem *fieldProblem, preview *articlePreview) {
	name := lang.Name()
	page := articleEditPage{Back: link{"/admin/articles/" + url.PathEscape(orig.Slug), orig.Title}, Heading: name + " translation: " + orig.Title,
		Action: r.URL.Path, Preview: preview, Previewing: preview != nil, Status: "Not translated yet: /" + string(lang) + articlePath(orig.Slug) +
			" shows the English text with a note."}
	if tr.Slug != "" {
		switch articleStatus(tr, s.cfg.Now()) {
		case "draft":
			page.Status = "Draft: not on the site; the English text shows at its address."
		case "published":
			page.Status = "Published since " + phtTime(tr.Published) + "."
			page.PublicURL = lang.Path(articlePath(orig.Slug))
		default:
			page.Status = "Scheduled: appears on the site at " + phtTime(tr.Published) + "."
		}
	}
	page.Layout = s.layout(r, page.Heading, "")
	page.Fields = []*formField{
		{Name: "title", Label: "Title", Type: "text", Value: v.Get("title"), Required: true, Hint: "in " + name + "; the original: " + orig.Title},
		{Name: "summary", Label: "Summary", Type: "text", Value: v.Get("summary"), Required: true, Hint: "one sentence in " + name},
		{Name: "author", Label: "Author", Type: "text", Value: v.Get("author"), Required: true},
		{Name: "publish_at", Label: "Publish at", Unit: "Philippine time", Type: "datetime-local", Value: v.Get("publish_at"),
			Hint: "blank is now; a later time schedules the translation"},
	}
	page.Body = &formField{Name: "body", Label: "Body", Type: "textarea", Value: v.Get("body"), Required: true,
		Hint: "Markdown in " + name + ", the same facts, numbers, cautions and sources as the original; link the site's pages in " + name +
			" (/" + string(lang) + "/safety/triage). Category, tags, sources and related chairs are the original's: " +
			orig.Category + "; " + strings.Join(orig.Tags, ", ") + "; " + strings.Join(orig.Chairs, ", ")}
	page.notice(r, problem, preview)
	if tr.Slug != "" {
		revs, err := s.stores.Editor.TranslationRevisions(r.Context(), orig.Slug, string(lang))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		page.Revisions = revisionViews(revs)
	}
	s.renderAdmin(w, r, status, "admin_article.html", page)
}
