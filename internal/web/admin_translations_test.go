package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masahe/internal/content"
	"masahe/internal/errs"
)

// TestAdminTranslationFlow: an editor adds, previews, drafts and
// publishes a Filipino translation of an article from its page; the
// translation keeps the original's tags and sources whatever the form
// says, a bad form saves nothing, and a member or a bad language is
// refused.
func TestAdminTranslationFlow(t *testing.T) {
	t.Parallel()
	f := newEditorFixture(t)
	ctx := context.Background()
	const slug = "your-first-week"
	if w := f.post(t, "/admin/articles/new", articleForm(slug, "publish"), f.editor); w.Code != http.StatusSeeOther {
		t.Fatalf("publish the original: %d", w.Code)
	}
	w := f.get(t, "/admin/articles/"+slug, f.editor)
	if !strings.Contains(w.Body.String(), `href="/admin/articles/`+slug+`/fil">Add the Filipino translation`) {
		t.Errorf("the article's form does not offer a translation:\n%.3000s", w.Body)
	}
	form := func(action string) url.Values {
		return url.Values{"title": {"Ang unang linggo mo sa massage chair"}, "summary": {"Paano magsimula nang dahan-dahan."},
			"author": {"Masahe editors"}, "tags": {"other, tags"}, "sources": {"Other | https://example.org/other"},
			"body": {strings.ReplaceAll(testArticleBody, "/safety/triage", "/fil/safety/triage")}, "action": {action}}
	}
	target := "/admin/articles/" + slug + "/fil"

	for _, q := range []req{{method: http.MethodGet, target: target}, {method: http.MethodPost, target: target, form: form("publish")}} {
		q.cookie = f.member
		if w := f.do(t, q); w.Code != http.StatusForbidden {
			t.Errorf("member: %s: %d, want 403", q.method, w.Code)
		}
	}
	for _, bad := range []string{"/admin/articles/" + slug + "/en", "/admin/articles/" + slug + "/de", "/admin/articles/no-such-article/fil"} {
		if w := f.get(t, bad, f.editor); w.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", bad, w.Code)
		}
	}
	if w := f.get(t, target, f.editor); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Not translated yet") {
		t.Errorf("the empty translation form: %d", w.Code)
	}

	// Preview and a bad form save nothing.
	if w := f.post(t, target, form("preview"), f.editor); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Preview (not saved)") {
		t.Errorf("preview: %d", w.Code)
	}
	short := form("publish")
	short.Set("body", "Maikli.")
	if w := f.post(t, target, short, f.editor); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "200 to") {
		t.Errorf("a short body: %d", w.Code)
	}
	if _, err := f.st.Translation(ctx, slug, "fil", true); errs.CodeOf(err) != errs.NotFound {
		t.Fatalf("a preview or a refused form saved a translation: %v", err)
	}

	w = f.post(t, target, form("draft"), f.editor)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != target+"?done=draft" {
		t.Fatalf("draft: %d %q %.500s", w.Code, w.Header().Get("Location"), w.Body)
	}
	if w := f.get(t, "/fil/articles/"+slug, ""); !strings.Contains(w.Body.String(), "Wala pang salin") {
		t.Error("a draft translation shows on the site")
	}
	if w := f.post(t, target, form("publish"), f.editor); w.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d", w.Code)
	}
	tr, err := f.st.Translation(ctx, slug, "fil", false)
	if err != nil || tr.Title != "Ang unang linggo mo sa massage chair" || strings.Join(tr.Tags, ",") != "beginners,session length" ||
		len(tr.Sources) != 1 || tr.Sources[0].URL == "https://example.org/other" || tr.Status != content.ArticlePublished {
		t.Fatalf("published translation %+v, %v", tr, err)
	}
	if revs, err := f.st.TranslationRevisions(ctx, slug, "fil"); err != nil || len(revs) != 2 || revs[0].Editor == "" {
		t.Errorf("revisions %+v, %v", revs, err)
	}
	if w := f.get(t, "/fil/articles/"+slug, ""); !strings.Contains(w.Body.String(), "Ang unang linggo mo sa massage chair") {
		t.Error("the published translation is not on the site")
	}
	if w := f.get(t, "/admin/articles/"+slug, f.editor); !strings.Contains(w.Body.String(), "Edit the Filipino translation") {
		t.Error("the article's form does not link its translation")
	}
	if w := f.get(t, target, f.editor); !strings.Contains(w.Body.String(), "Published since") || !strings.Contains(w.Body.String(), "Edit history") {
		t.Error("the translation's form does not show its state and history")
	}
}
