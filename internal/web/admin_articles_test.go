package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"masahe/data"
	"masahe/internal/account"
	"masahe/internal/content"
	"masahe/internal/errs"
	"masahe/internal/phtime"
)

// testArticleBody is a valid article body: over 200 bytes, two headings.
const testArticleBody = `## First heading

Start with the gentlest program and the lowest intensity, and keep the first sessions to about fifteen minutes.
See [the triage](/safety/triage) if anything hurts the day after.

## Second heading

Raise the intensity one step at a time, a few days apart, so that you can tell which change your body did not like.`

// articleForm is a valid article form with slug, posted with action.
func articleForm(slug, action string) url.Values {
	return url.Values{
		"title":    {"Your first week with a massage chair"},
		"slug":     {slug},
		"summary":  {"How to start gently, and how to tell when to stop."},
		"category": {"using"},
		"tags":     {"Beginners, session length"},
		"author":   {"Masahe editors"},
		"sources":  {"Handbook for Massage Therapists, DOMS | https://ecampusontario.pressbooks.pub/handbookformassagetherapists/chapter/doms/\n\n"},
		"body":     {testArticleBody},
		"action":   {action},
	}
}

// testReviewText is a valid editorial review file of chair, without the
// score lines in leave.
func testReviewText(chair string, leave ...string) string {
	scores := ""
	for _, c := range content.PublishedRubrics()[0].Criteria {
		if !strings.Contains(strings.Join(leave, ","), c.Key) {
			scores += "score: " + c.Key + "=6.5\n"
		}
	}
	return "---\nchair: " + chair + "\ntitle: A review written in the admin\npublished: 2026-11-20\ntested: false\nrubric: 1\n" +
		"verdict: A solid chair for most users.\npro: Long SL-track\npro: Quiet\ncon: Heavy\nfor: Tall users.\nskip: Small rooms.\n" + scores +
		"source: The maker's specification table | https://example.com/spec\n---\n" + testArticleBody + "\n"
}

// editorFixture is the site over the starter catalog with a member and an
// editor signed in.
type editorFixture struct {
	*accountFixture
	member, editor string // session tokens
	chair, chair2  string
}

func newEditorFixture(t *testing.T) editorFixture {
	t.Helper()
	// Sessions outlast the days the tests move the clock by.
	f := editorFixture{accountFixture: newAccountFixture(t, Config{SessionIdle: 1000 * time.Hour, SessionLifetime: 1000 * time.Hour}, true)}
	session := func(email string, role account.Role) string {
		u := f.addUser(t, email, role, "not a real hash")
		token, hash, err := account.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if err := f.st.CreateSession(context.Background(), u.ID, hash, 1000*time.Hour); err != nil {
			t.Fatal(err)
		}
		return token
	}
	f.member = session("juan@example.ph", account.Member)
	f.editor = session("rosa.editor@example.ph", account.Editor)
	doc, err := data.Starter()
	if err != nil {
		t.Fatal(err)
	}
	f.chair, f.chair2 = doc.Chairs[0].Slug, doc.Chairs[1].Slug
	return f
}

func (f editorFixture) revisions(t *testing.T, slug string) []content.Revision {
	t.Helper()
	revs, err := f.st.ArticleRevisions(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return revs
}

func TestAdminArticleFlow(t *testing.T) {
	t.Parallel()
	f := newEditorFixture(t)
	ctx := context.Background()
	const slug = "your-first-week"

	for _, q := range []req{
		{method: http.MethodGet, target: "/admin/articles"},
		{method: http.MethodGet, target: "/admin/articles/new"},
		{method: http.MethodPost, target: "/admin/articles/new", form: articleForm(slug, "publish")},
		{method: http.MethodGet, target: "/admin/editorial"},
		{method: http.MethodPost, target: "/admin/editorial/" + f.chair, form: url.Values{"review": {testReviewText(f.chair)}}},
	} {
		q.cookie = f.member
		if w := f.do(t, q); w.Code != http.StatusForbidden {
			t.Errorf("member: %s %s: status %d, want 403", q.method, q.target, w.Code)
		}
	}
	if list, _ := f.st.AllArticles(ctx); len(list) != 0 {
		t.Fatalf("a member's post saved %d articles", len(list))
	}

	// A draft is saved but not public.
	w := f.post(t, "/admin/articles/new", articleForm(slug, "draft"), f.editor)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/articles/"+slug+"?done=draft" {
		t.Fatalf("save draft: status %d, Location %q. Body %.500s", w.Code, w.Header().Get("Location"), w.Body)
	}
	if _, err := f.st.Article(ctx, slug, false); errs.CodeOf(err) != errs.NotFound {
		t.Errorf("a draft is public: err %v", err)
	}
	a, err := f.st.Article(ctx, slug, true)
	if err != nil || a.Status != content.ArticleDraft || !reflect.DeepEqual(a.Tags, []string{"beginners", "session length"}) || len(a.Sources) != 1 {
		t.Fatalf("stored draft %+v, %v", a, err)
	}
	w = f.get(t, "/admin/articles", f.editor)
	if body := w.Body.String(); w.Code != 200 || !strings.Contains(body, "Your first week with a massage chair") || !strings.Contains(body, ">draft<") {
		t.Errorf("list: status %d, body %.2000s", w.Code, body)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("list: Cache-Control %q", cc)
	}

	// A preview renders the article and saves nothing.
	form := articleForm(slug, "preview")
	form.Set("body", testArticleBody+"\n\n## A heading only in the preview\n\nMore text.")
	w = f.post(t, "/admin/articles/"+slug, form, f.editor)
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, `<h2 id="a-heading-only-in-the-preview">`) || !strings.Contains(body, `<a href="/safety/triage">`) {
		t.Errorf("preview: status %d, body %.3000s", w.Code, body)
	}
	if n := len(f.revisions(t, slug)); n != 1 {
		t.Errorf("after a preview: %d revisions, want 1", n)
	}
	if a, _ := f.st.Article(ctx, slug, true); strings.Contains(a.Body, "only in the preview") {
		t.Error("the preview saved the body")
	}

	// Publishing at a later time schedules the article.
	form = articleForm(slug, "publish")
	at := f.clk.Now().Add(48 * time.Hour).In(phtime.Manila)
	form.Set("publish_at", at.Format("2006-01-02T15:04"))
	w = f.post(t, "/admin/articles/"+slug, form, f.editor)
	if w.Code != http.StatusSeeOther || !strings.HasSuffix(w.Header().Get("Location"), "?done=scheduled") {
		t.Fatalf("schedule: status %d, Location %q. Body %.500s", w.Code, w.Header().Get("Location"), w.Body)
	}
	if _, err := f.st.Article(ctx, slug, false); errs.CodeOf(err) != errs.NotFound {
		t.Errorf("a scheduled article is public before its time: err %v", err)
	}
	if body := f.get(t, "/admin/articles", f.editor).Body.String(); !strings.Contains(body, ">scheduled<") {
		t.Errorf("list does not say scheduled: %.2000s", body)
	}
	f.clk.Advance(48*time.Hour + time.Minute)
	if a, err := f.st.Article(ctx, slug, false); err != nil || !a.Published.Equal(at.Truncate(time.Minute)) {
		t.Errorf("after its time: %v, %v; want public from %v", a.Published, err, at)
	}

	// An edit adds a revision under the editor's name; the page lists the
	// history with the old bodies.
	form = articleForm(slug, "publish")
	form.Set("title", "Your first week with a massage chair, revised")
	form.Set("publish_at", at.Format("2006-01-02T15:04"))
	if w := f.post(t, "/admin/articles/"+slug, form, f.editor); w.Code != http.StatusSeeOther {
		t.Fatalf("edit: status %d. Body %.500s", w.Code, w.Body)
	}
	revs := f.revisions(t, slug)
	if len(revs) != 3 || revs[0].Editor != "rosa.editor" || revs[0].Title != "Your first week with a massage chair, revised" || revs[2].Status != content.ArticleDraft {
		t.Fatalf("revisions %+v", revs)
	}
	w = f.get(t, "/admin/articles/"+slug+"?done=published", f.editor)
	body = w.Body.String()
	if w.Code != 200 || strings.Count(body, "<td>rosa.editor</td>") != 3 || !strings.Contains(body, "Edit history") || !strings.Contains(body, "<details>") ||
		!strings.Contains(body, html.EscapeString("See [the triage](/safety/triage)")) || !strings.Contains(body, "Published since") {
		t.Errorf("edit page: status %d, body %.4000s", w.Code, body)
	}
	// The edit form keeps the publish time and has no slug field.
	if !strings.Contains(body, `value="`+at.Format("2006-01-02T15:04")+`"`) || strings.Contains(body, `name="slug"`) {
		t.Errorf("edit form: %.4000s", body)
	}

	// A blank publish time is now.
	const now = "published-right-away"
	if w := f.post(t, "/admin/articles/new", articleForm(now, "publish"), f.editor); w.Code != http.StatusSeeOther ||
		!strings.HasSuffix(w.Header().Get("Location"), "?done=published") {
		t.Fatalf("publish now: status %d, Location %q", w.Code, w.Header().Get("Location"))
	}
	if _, err := f.st.Article(ctx, now, false); err != nil {
		t.Errorf("published now, yet not public: %v", err)
	}
}

func TestAdminArticleInvalid(t *testing.T) {
	t.Parallel()
	f := newEditorFixture(t)
	if w := f.post(t, "/admin/articles/new", articleForm("taken", "publish"), f.editor); w.Code != http.StatusSeeOther {
		t.Fatalf("setup: status %d", w.Code)
	}
	for _, tc := range []struct {
		name, target, field, message string
		change                       func(v url.Values)
	}{
		{"bad category", "/admin/articles/new", "category", "must be buying, using, safety or care", func(v url.Values) { v.Set("category", "gossip") }},
		{"no source", "/admin/articles/new", "sources", "every article cites at least one source", func(v url.Values) { v.Set("sources", " \n ") }},
		{"a source without an address", "/admin/articles/new", "sources", "write Title | https://address", func(v url.Values) { v.Set("sources", "Just a title") }},
		{"bad slug", "/admin/articles/new", "slug", "must be lowercase words joined by hyphens", func(v url.Values) { v.Set("slug", "Not A Slug") }},
		{"slug taken", "/admin/articles/new", "slug", "already exists", func(v url.Values) { v.Set("slug", "taken") }},
		{"short body", "/admin/articles/new", "body", "must be 200 to", func(v url.Values) { v.Set("body", "## Too short") }},
		{"bad time", "/admin/articles/new", "publish_at", "write YYYY-MM-DD", func(v url.Values) { v.Set("publish_at", "next tuesday") }},
		{"unknown chair", "/admin/articles/new", "chairs", "no chair", func(v url.Values) { v.Set("chairs", f.chair+", no-such-chair") }},
		{"no title on an edit", "/admin/articles/taken", "title", "is required", func(v url.Values) { v.Set("title", "") }},
		{"a line break cannot add front matter", "/admin/articles/new", "category", "must be buying",
			func(v url.Values) { v.Set("title", "A title\ncategory: using"); v.Set("category", "") }},
		{"preview of a bad form", "/admin/articles/taken", "sources", "every article cites", func(v url.Values) { v.Del("sources"); v.Set("action", "preview") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := articleForm("fresh-article", "publish")
			tc.change(form)
			w := f.post(t, tc.target, form, f.editor)
			body := w.Body.String()
			want := `<span class="error" id="e-` + tc.field + `">`
			i := strings.Index(body, want)
			if w.Code != http.StatusBadRequest || i < 0 || !strings.Contains(body[i:], html.EscapeString(tc.message)) ||
				!strings.Contains(body, `id="f-`+tc.field+`"`) || !strings.Contains(body, `href="#f-`+tc.field+`"`) {
				t.Errorf("status %d, want 400 with %q beside %s. Body %.3000s", w.Code, tc.message, tc.field, body)
			}
		})
	}
	list, err := f.st.AllArticles(context.Background())
	if err != nil || len(list) != 1 || len(f.revisions(t, "taken")) != 1 {
		t.Errorf("invalid forms saved something: %d articles, %v", len(list), err)
	}
	if w := f.post(t, "/admin/articles/new", url.Values{"action": {"frobnicate"}}, f.editor); w.Code != http.StatusBadRequest {
		t.Errorf("unknown action: status %d", w.Code)
	}
}

func TestAdminEditorialReview(t *testing.T) {
	t.Parallel()
	f := newEditorFixture(t)
	ctx := context.Background()
	target := "/admin/editorial/" + f.chair

	w := f.get(t, "/admin/editorial", f.editor)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `href="`+target+`"`) || !strings.Contains(w.Body.String(), "no review yet") {
		t.Errorf("list: status %d, body %.2000s", w.Code, w.Body)
	}
	w = f.get(t, target, f.editor)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "chair: "+f.chair) || !strings.Contains(w.Body.String(), "score: reach=\n") {
		t.Errorf("new review form: status %d, body %.3000s", w.Code, w.Body)
	}

	// A review without a score for every criterion is refused.
	w = f.post(t, target, url.Values{"review": {testReviewText(f.chair, "service")}}, f.editor)
	body := w.Body.String()
	if i := strings.Index(body, `id="e-review"`); w.Code != http.StatusBadRequest || i < 0 || !strings.Contains(body[i:], "criterion service is not scored") {
		t.Errorf("missing score: status %d, body %.3000s", w.Code, body)
	}
	if !strings.Contains(body, "score: reach=6.5") {
		t.Error("the refused text is not shown again")
	}
	for name, text := range map[string]string{
		"another chair":   testReviewText(f.chair2),
		"no front matter": "Just some words.",
	} {
		if w := f.post(t, target, url.Values{"review": {text}}, f.editor); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `id="e-review"`) {
			t.Errorf("%s: status %d, body %.2000s", name, w.Code, w.Body)
		}
	}
	if _, err := f.st.EditorialReview(ctx, f.chair); errs.CodeOf(err) != errs.NotFound {
		t.Fatalf("a refused review was saved: %v", err)
	}

	// A valid review is saved, and the form shows it back as a file.
	w = f.post(t, target, url.Values{"review": {testReviewText(f.chair)}}, f.editor)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != target+"?done=saved" {
		t.Fatalf("save: status %d, Location %q. Body %.2000s", w.Code, w.Header().Get("Location"), w.Body)
	}
	saved, err := f.st.EditorialReview(ctx, f.chair)
	if err != nil || saved.Title != "A review written in the admin" || saved.Scores["service"] != 6.5 {
		t.Fatalf("saved review %+v, %v", saved, err)
	}
	w = f.get(t, target+"?done=saved", f.editor)
	if body := w.Body.String(); w.Code != 200 || !strings.Contains(body, "Saved.") || !strings.Contains(body, html.EscapeString(editorialText(saved))) {
		t.Errorf("form after saving: status %d, body %.3000s", w.Code, body)
	}
	if w := f.get(t, "/admin/editorial", f.editor); !strings.Contains(w.Body.String(), "A review written in the admin") {
		t.Errorf("list after saving: %.2000s", w.Body)
	}
	if w := f.get(t, "/admin/editorial/no-such-chair", f.editor); w.Code != http.StatusNotFound {
		t.Errorf("unknown chair: status %d", w.Code)
	}
}

// TestEditorialTextRoundTrip checks that a review written back as a file
// reads as the same review.
func TestEditorialTextRoundTrip(t *testing.T) {
	t.Parallel()
	e, err := content.ParseEditorialReview("t", testReviewText("some-chair"))
	if err != nil {
		t.Fatal(err)
	}
	e.Published = e.Published.Add(9*time.Hour + 30*time.Minute)
	again, err := content.ParseEditorialReview("t", editorialText(e))
	if err != nil {
		t.Fatalf("%v\n%s", err, editorialText(e))
	}
	same := again.Published.Equal(e.Published)
	e.Published, again.Published = time.Time{}, time.Time{}
	if !reflect.DeepEqual(e, again) || !same {
		t.Errorf("round trip:\n%+v\n%+v", e, again)
	}
}

// matrixArticle is the slug of the article a person of the authorization
// matrix writes.
func matrixArticle(who int) string { return "matrix-article-" + strconv.Itoa(who) }
