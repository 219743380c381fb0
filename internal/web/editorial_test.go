// This file is over 600 lines on purpose: it holds articles, editorial reviews, rubric and best-of pages over one editorial fixture.
// Splitting it would scatter one fixture across files.

package web

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"

	"masahe/data"
	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/store"
)

// The authorization matrix's public article and its tag.
const (
	matrixAdvice = "matrix-advice"
	matrixTag    = "matrix"
)

// saveMatrixEditorial gives the authorization matrix a public article and
// an editorial review of chair.
func saveMatrixEditorial(t *testing.T, st *store.Store, chair string) {
	t.Helper()
	ctx := context.Background()
	if err := st.SaveArticle(ctx, testArticle(t, matrixAdvice, "2026-11-01", "using", "matrix, chairs"), content.ArticlePublished, 0, "test"); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveEditorialReview(ctx, testEditorial(t, chair, "2026-11-02", false, scoresA)); err != nil {
		t.Fatal(err)
	}
}

// articleBody has two "##" headings and a "###" one for the table of
// contents, and a link to one of the site's own pages.
const articleBody = `## Why short sessions help
Muscles need time to recover after a massage, and a chair cannot feel when they have had enough. Start with five gentle minutes.

### A closer look at timers
Most chairs stop on their own after 15 minutes. Use the timer; see [the triage](/safety/triage) if something hurts.

## Why short sessions help
The same heading twice must still get two different anchors, so that the table of contents reaches both.
`

// testArticle builds an article the way editors write one. published is
// YYYY-MM-DD or YYYY-MM-DDTHH:MM, Philippine time.
func testArticle(t *testing.T, slug, published, category, tags string, chairs ...string) content.Article {
	t.Helper()
	var sb strings.Builder
	fmt.Fprintf(&sb, "---\ntitle: Advice %s\nslug: %s\nsummary: What the %s article teaches about chairs.\ncategory: %s\ntags: %s\npublished: %s\n",
		slug, slug, slug, category, tags, published)
	sb.WriteString("author: Masahe editors\nsource: A handbook | https://example.org/handbook\nsource: A second source | https://example.org/second\n")
	for _, c := range chairs {
		sb.WriteString("chair: " + c + "\n")
	}
	sb.WriteString("---\n" + articleBody)
	a, err := content.ParseArticle(slug+".md", sb.String())
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Two editorial reviews' scores: A is better for the lower back, B for
// tall users, and they tie on value.
const (
	scoresA = "reach=8 depth=6 stretch=7 body_range=7 footprint=6 gentle=5 heat=6 value=6 service=3"
	scoresB = "reach=5 depth=9 stretch=4 body_range=9 footprint=3 gentle=8 heat=4 value=6 service=3"
)

// testEditorial builds an editorial review of chair the way editors write
// one; scores is space-separated criterion=score.
func testEditorial(t *testing.T, chair, published string, tested bool, scores string) content.EditorialReview {
	t.Helper()
	var sb strings.Builder
	fmt.Fprintf(&sb, "---\nchair: %s\ntitle: Our review of %s\npublished: %s\ntested: %t\nrubric: 1\n", chair, chair, published, tested)
	fmt.Fprintf(&sb, "verdict: The verdict on %s: roomy and strong.\npro: Long reach for %s\npro: Quiet motors\ncon: Heavy to move\n", chair, chair)
	sb.WriteString("for: People with long backs.\nskip: People with small rooms.\n")
	for _, s := range strings.Fields(scores) {
		sb.WriteString("score: " + s + "\n")
	}
	sb.WriteString("source: The maker's specification | https://example.org/spec\n---\n")
	sb.WriteString("## Reach\nThe rollers travel along an SL track that reaches the glutes, so the lower back gets real work.\n\n")
	sb.WriteString("## Space\nThe chair needs room behind it, so measure before you buy; the maker publishes the reclined length.\n")
	e, err := content.ParseEditorialReview(chair+".md", sb.String())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// editorialFixture is the whole site over the starter catalog with three
// articles (published, draft, scheduled for tomorrow by the store's
// clock) and two editorial reviews.
type editorialFixture struct {
	*accountFixture
	chairA, chairB catalog.Chair // reviewed: A spec-based, B tested
	plain          catalog.Chair // not reviewed
	published      content.Article
	draft          content.Article
	scheduled      content.Article
	reviewA        content.EditorialReview
	reviewB        content.EditorialReview
}

// newEditorialFixture starts the site with cfg (the clock is the
// fixture's).
func newEditorialFixture(t *testing.T, cfg Config) *editorialFixture {
	t.Helper()
	f := &editorialFixture{accountFixture: newAccountFixture(t, cfg, true)}
	ctx := context.Background()
	doc, err := data.Starter()
	if err != nil {
		t.Fatal(err)
	}
	get := func(slug string) catalog.Chair {
		c, err := f.st.Chair(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	f.chairA, f.chairB, f.plain = get(doc.Chairs[0].Slug), get(doc.Chairs[1].Slug), get(doc.Chairs[2].Slug)
	// The clock stands at 24 November 2026, 16:00 Philippine time.
	f.published = testArticle(t, "sleep-and-sessions", "2026-11-20", "using", "sleep, back pain", f.chairA.Slug, "no-such-chair")
	f.draft = testArticle(t, "draft-advice", "2026-11-10", "using", "sleep")
	f.scheduled = testArticle(t, "scheduled-advice", "2026-11-25T09:00", "safety", "sleep, tomorrow")
	for _, a := range []struct {
		a      content.Article
		status string
	}{{f.published, content.ArticlePublished}, {f.draft, content.ArticleDraft}, {f.scheduled, content.ArticlePublished}} {
		if err := f.st.SaveArticle(ctx, a.a, a.status, 0, "test"); err != nil {
			t.Fatal(err)
		}
	}
	f.reviewA = testEditorial(t, f.chairA.Slug, "2026-11-21", false, scoresA)
	f.reviewB = testEditorial(t, f.chairB.Slug, "2026-11-23", true, scoresB)
	for _, e := range []content.EditorialReview{f.reviewA, f.reviewB} {
		if err := f.st.SaveEditorialReview(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// page GETs target and fails unless the status is want.
func (f *editorialFixture) page(t *testing.T, target string, want int) string {
	t.Helper()
	w := f.get(t, target, "")
	if w.Code != want {
		t.Fatalf("GET %s: status %d, want %d. Body %.300s", target, w.Code, want, w.Body)
	}
	return w.Body.String()
}

// HTML helpers.

func parseHTML(t *testing.T, body string) *xhtml.Node {
	t.Helper()
	doc, err := xhtml.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func findAll(n *xhtml.Node, keep func(*xhtml.Node) bool) []*xhtml.Node {
	var out []*xhtml.Node
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode && keep(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func attrOf(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textContent(n *xhtml.Node) string {
	var sb strings.Builder
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(sb.String()), " ")
}

func byTag(tag string) func(*xhtml.Node) bool {
	return func(n *xhtml.Node) bool { return n.Data == tag }
}

func byID(id string) func(*xhtml.Node) bool {
	return func(n *xhtml.Node) bool { return attrOf(n, "id") == id }
}

// hrefs lists the href of every link in n.
func hrefs(n *xhtml.Node) []string {
	var out []string
	for _, a := range findAll(n, byTag("a")) {
		out = append(out, attrOf(a, "href"))
	}
	return out
}

// checkIDsUnique fails when a page repeats an id.
func checkIDsUnique(t *testing.T, what string, doc *xhtml.Node) {
	t.Helper()
	seen := map[string]bool{}
	for _, n := range findAll(doc, func(n *xhtml.Node) bool { return attrOf(n, "id") != "" }) {
		id := attrOf(n, "id")
		if seen[id] {
			t.Errorf("%s: id %q is used twice", what, id)
		}
		seen[id] = true
	}
}

func TestArticleVisibility(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	list := f.page(t, "/articles", http.StatusOK)
	if !strings.Contains(list, `href="/articles/sleep-and-sessions"`) {
		t.Error("/articles does not list the published article")
	}
	for _, hidden := range []string{f.draft.Slug, f.scheduled.Slug} {
		if strings.Contains(list, "/articles/"+hidden) {
			t.Errorf("/articles lists %s before it is public", hidden)
		}
		f.page(t, "/articles/"+hidden, http.StatusNotFound)
	}
	// The scheduled article is public from 09:00 on 25 November,
	// Philippine time: 17 hours after the clock's start.
	f.clk.Advance(17*time.Hour - time.Second)
	f.page(t, "/articles/"+f.scheduled.Slug, http.StatusNotFound)
	f.clk.Advance(time.Second)
	f.page(t, "/articles/"+f.scheduled.Slug, http.StatusOK)
	f.page(t, "/articles/"+f.draft.Slug, http.StatusNotFound)
	list = f.page(t, "/articles", http.StatusOK)
	if i, j := strings.Index(list, "/articles/"+f.scheduled.Slug), strings.Index(list, "/articles/"+f.published.Slug); i < 0 || j < 0 || i > j {
		t.Errorf("/articles: scheduled at %d, published at %d: want both, newest first", i, j)
	}
	f.page(t, "/categories/safety", http.StatusOK)
	f.page(t, "/tags/tomorrow", http.StatusOK)
	if !strings.Contains(f.page(t, "/search?q=scheduled", http.StatusOK), "/articles/"+f.scheduled.Slug) {
		t.Error("search does not find the scheduled article once it is public")
	}
}

func TestArticlePage(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	body := f.page(t, "/articles/"+f.published.Slug, http.StatusOK)
	doc := parseHTML(t, body)
	checkIDsUnique(t, "article", doc)
	if h1 := findAll(doc, byTag("h1")); len(h1) != 1 || textContent(h1[0]) != f.published.Title {
		t.Errorf("h1 = %v, want one with %q", h1, f.published.Title)
	}
	for _, want := range []string{f.published.Summary, "By Masahe editors", `datetime="2026-11-20"`, "20 November 2026",
		`href="/categories/using"`, `href="/tags/sleep"`, `href="/tags/back-pain"`, `href="/safety/triage"`,
		`href="https://example.org/handbook"`, `href="https://example.org/second"`, `href="/chairs/` + f.chairA.Slug + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the article page lacks %q", want)
		}
	}
	// The table of contents links every heading of the body by its anchor.
	toc := findAll(doc, byID("toc_title"))
	if len(toc) != 1 {
		t.Fatal("no table of contents")
	}
	links := hrefs(toc[0].Parent)
	if len(links) != 3 {
		t.Errorf("table of contents links %q, want 3", links)
	}
	headings := findAll(doc, func(n *xhtml.Node) bool {
		return (n.Data == "h2" || n.Data == "h3") && n.Parent != nil && attrOf(n.Parent, "class") == "article-body"
	})
	if len(headings) != 3 {
		t.Fatalf("body headings %d, want 3", len(headings))
	}
	for i, h := range headings {
		if i < len(links) && links[i] != "#"+attrOf(h, "id") {
			t.Errorf("contents link %d is %q, heading %q has id %q", i, links[i], textContent(h), attrOf(h, "id"))
		}
	}
	// A related chair that is not in the catalog is left out.
	if strings.Contains(body, "no-such-chair") {
		t.Error("the page links a chair that does not exist")
	}
}

// TestArticleModified checks that an article counts as updated only when
// a later save changed its text.
func TestArticleModified(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	ctx := context.Background()
	target := "/articles/" + f.published.Slug
	dateModified := func() string {
		t.Helper()
		return ldOfType(t, ldObjects(t, f.page(t, target, http.StatusOK)), "Article")["dateModified"].(string)
	}
	lastmod := func() string {
		t.Helper()
		var sm testSitemap
		if err := xml.Unmarshal([]byte(f.page(t, "/sitemap.xml", http.StatusOK)), &sm); err != nil {
			t.Fatal(err)
		}
		for _, u := range sm.URLs {
			if u.Loc == testBase+target {
				return u.LastMod
			}
		}
		t.Fatal("the article is not in the sitemap")
		return ""
	}
	// Saved after its publish date, but only once, and then again unchanged.
	f.clk.Advance(24 * time.Hour)
	if err := f.st.SaveArticle(ctx, f.published, content.ArticlePublished, 0, "import"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(f.page(t, target, http.StatusOK), "Updated") || dateModified() != "2026-11-20T00:00:00+08:00" ||
		lastmod() != "2026-11-19T16:00:00Z" {
		t.Errorf("an article saved again unchanged shows as updated (dateModified %s, lastmod %s)", dateModified(), lastmod())
	}
	// A changed body on 25 November (08:00 UTC, 16:00 in Manila).
	changed := f.published
	changed.Body += "\nA sentence added after publication.\n"
	if err := f.st.SaveArticle(ctx, changed, content.ArticlePublished, 0, "editor"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(f.page(t, target, http.StatusOK), `Updated <time datetime="2026-11-25">25 November 2026</time>`) {
		t.Error("the changed article does not say it was updated on 25 November 2026")
	}
	if got := dateModified(); got != "2026-11-25T16:00:00+08:00" {
		t.Errorf("dateModified %s", got)
	}
	if got := lastmod(); got != "2026-11-25T08:00:00Z" {
		t.Errorf("sitemap lastmod %s", got)
	}
	f.readFeed(t, "/feed.atom")
}

func TestArticleLists(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	tests := []struct {
		target string
		status int
		want   []string
		not    []string
	}{
		{"/tags/sleep", 200, []string{"/articles/" + f.published.Slug, `href="/tags/sleep/feed.atom"`}, []string{f.draft.Slug, f.scheduled.Slug}},
		{"/tags/back-pain", 200, []string{"/articles/" + f.published.Slug, "Articles tagged “back pain”"}, nil},
		{"/tags/back", 404, nil, nil},
		{"/tags/tomorrow", 404, nil, nil}, // only the scheduled article has it
		{"/categories/using", 200, []string{"/articles/" + f.published.Slug, `aria-current="page"`}, []string{f.draft.Slug}},
		{"/categories/care", 200, []string{"No article here yet"}, nil},
		{"/categories/gossip", 404, nil, nil},
		{"/articles?page=1", 200, []string{`<link rel="canonical" href="http://example.com/articles">`}, nil},
		{"/articles?page=2", 404, nil, nil},
		{"/articles?page=0", 400, []string{"page must be a page number"}, nil},
		{"/articles?page=two", 400, []string{"page must be a whole number"}, nil},
		{"/articles?sort=old", 400, []string{"unknown parameter"}, nil},
	}
	for _, tt := range tests {
		body := f.page(t, tt.target, tt.status)
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q", tt.target, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(body, n) {
				t.Errorf("%s shows %q", tt.target, n)
			}
		}
	}

	// 25 public articles make three pages of 12, newest first.
	ctx := context.Background()
	for i := range 24 {
		a := testArticle(t, fmt.Sprintf("more-%02d", i), fmt.Sprintf("2026-10-%02d", i+1), "buying", "more")
		if err := f.st.SaveArticle(ctx, a, content.ArticlePublished, 0, "test"); err != nil {
			t.Fatal(err)
		}
	}
	var seen []string
	for p := 1; p <= 3; p++ {
		body := f.page(t, "/articles?page="+strconv.Itoa(p), http.StatusOK)
		doc := parseHTML(t, body)
		var onPage []string
		for _, li := range findAll(doc, func(n *xhtml.Node) bool { return attrOf(n, "class") == "article-card" }) {
			onPage = append(onPage, hrefs(li)[0])
		}
		want := map[int]int{1: 12, 2: 12, 3: 1}[p]
		if len(onPage) != want {
			t.Errorf("page %d lists %d articles, want %d", p, len(onPage), want)
		}
		seen = append(seen, onPage...)
		if p < 3 && !strings.Contains(body, `href="/articles?page=`+strconv.Itoa(p+1)+`"`) {
			t.Errorf("page %d has no link to the next", p)
		}
	}
	if len(seen) != 25 || seen[0] != "/articles/"+f.published.Slug || seen[24] != "/articles/more-00" {
		t.Errorf("pages list %q: want 25, newest first", seen)
	}
	f.page(t, "/articles?page=4", http.StatusNotFound)
	f.page(t, "/tags/more?page=2", http.StatusOK)
	f.page(t, "/tags/more?page=3", http.StatusNotFound)
}

// useScoreCells reads the per-use scores of a review page's table.
func useScoreCells(t *testing.T, doc *xhtml.Node) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, tr := range findAll(doc, func(n *xhtml.Node) bool { return n.Data == "tr" && strings.HasPrefix(attrOf(n, "id"), "use-") }) {
		cells := findAll(tr, func(n *xhtml.Node) bool { return attrOf(n, "class") == "use-score" })
		if len(cells) != 1 {
			t.Fatalf("row %s has %d scores", attrOf(tr, "id"), len(cells))
		}
		out[strings.TrimPrefix(attrOf(tr, "id"), "use-")] = textContent(cells[0])
	}
	return out
}

func TestEditorialReviewPage(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	for _, tt := range []struct {
		chair  catalog.Chair
		review content.EditorialReview
	}{{f.chairA, f.reviewA}, {f.chairB, f.reviewB}} {
		body := f.page(t, "/reviews/"+tt.chair.Slug, http.StatusOK)
		doc := parseHTML(t, body)
		checkIDsUnique(t, "review", doc)
		text := textContent(doc)
		for _, want := range []string{tt.review.Title, tt.review.Verdict, tt.review.Pros[0], tt.review.Pros[1], tt.review.Cons[0],
			tt.review.For, tt.review.Skip, "rubric version 1", tt.chair.BrandName + " " + tt.chair.Name} {
			if !strings.Contains(text, want) {
				t.Errorf("review of %s lacks the text %q", tt.chair.Slug, want)
			}
		}
		for _, want := range []string{`href="/reviews/rubric#rubric-1"`, `href="/chairs/` + tt.chair.Slug + `"`,
			`href="https://example.org/spec"`, `id="reach"`, `href="/best/lower_back"`} {
			if !strings.Contains(body, want) {
				t.Errorf("review of %s lacks %s", tt.chair.Slug, want)
			}
		}
		const specBased = "Spec-based review: we have not tested this chair in person"
		if strings.Contains(body, specBased) != !tt.review.Tested {
			t.Errorf("review of %s (tested %v): shows %q: %v", tt.chair.Slug, tt.review.Tested, specBased, !tt.review.Tested)
		}
		if strings.Contains(body, "older version") || strings.Contains(body, "the current rubric is") {
			t.Errorf("review of %s says its rubric is old", tt.chair.Slug)
		}
		// The page's per-use scores are content's own sums.
		got := useScoreCells(t, doc)
		rubric := content.PublishedRubrics().Latest()
		want := rubric.UseScores(tt.review.Scores)
		if len(got) != len(want) || len(want) != len(rubric.Uses) {
			t.Errorf("review of %s shows %d use scores, want %d", tt.chair.Slug, len(got), len(want))
		}
		for key, v := range want {
			if got[key] != strconv.FormatFloat(v, 'f', 1, 64) {
				t.Errorf("review of %s: %s shows %q, want %.1f", tt.chair.Slug, key, got[key], v)
			}
		}
		// Every criterion score is shown as written.
		for key, v := range tt.review.Scores {
			var cells []*xhtml.Node
			if row := findAll(doc, byID("criterion-"+key)); len(row) == 1 {
				cells = findAll(row[0], byTag("td"))
			}
			if len(cells) != 1 || textContent(cells[0]) != strconv.FormatFloat(v, 'f', -1, 64) {
				t.Errorf("review of %s: criterion %s is not shown as %v", tt.chair.Slug, key, v)
			}
		}
	}
	// The lower-back maths of review A, term by term.
	body := f.page(t, "/reviews/"+f.chairA.Slug, http.StatusOK)
	if !strings.Contains(body, "Reach 8 × 30% + Depth 6 × 30% + Stretch 7 × 20% + Heat 6 × 20%") {
		t.Error("review A does not show the lower-back sum term by term")
	}
	f.page(t, "/reviews/"+f.plain.Slug, http.StatusNotFound)
	f.page(t, "/reviews/no-such-chair", http.StatusNotFound)

	list := f.page(t, "/reviews", http.StatusOK)
	listText := textContent(parseHTML(t, list))
	for _, c := range []catalog.Chair{f.chairA, f.chairB} {
		if !strings.Contains(list, `href="/reviews/`+c.Slug+`"`) || !strings.Contains(listText, c.BrandName+" "+c.Name) {
			t.Errorf("/reviews does not list %s", c.Slug)
		}
	}
	if i, j := strings.Index(list, "/reviews/"+f.chairB.Slug), strings.Index(list, "/reviews/"+f.chairA.Slug); i > j {
		t.Error("/reviews: want the newest review first")
	}
	if !strings.Contains(list, "spec-based, not tested in person") {
		t.Error("/reviews does not mark the spec-based review")
	}
}

// rubricsWithV2 are the published rubrics and a second version whose
// lower-back score weighs reach and depth only.
func rubricsWithV2() content.Rubrics {
	rubrics := content.PublishedRubrics()
	v2 := rubrics.Latest()
	v2.Version, v2.Published = 2, "2027-01-15"
	v2.Uses = slices.Clone(v2.Uses)
	v2.Uses[0] = content.Use{Key: "lower_back", Label: "Lower-back relief", Weights: map[string]float64{"reach": 0.5, "depth": 0.5}}
	return append(rubrics, v2)
}

func TestRubricVersions(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	body := f.page(t, "/reviews/rubric", http.StatusOK)
	doc := parseHTML(t, body)
	checkIDsUnique(t, "rubric", doc)
	if !strings.Contains(body, "Rubric version 1 (current)") || strings.Contains(body, "older version") {
		t.Error("with one rubric, the rubric page does not show version 1 as current")
	}
	for _, u := range content.PublishedRubrics().Latest().Uses {
		row := findAll(doc, byID("weights-1-"+u.Key))
		if len(row) != 1 {
			t.Errorf("no weights row for %s", u.Key)
			continue
		}
		total := 0
		for _, m := range regexp.MustCompile(`(\d+)%`).FindAllStringSubmatch(textContent(row[0]), -1) {
			n, _ := strconv.Atoi(m[1])
			total += n
		}
		if total != 100 {
			t.Errorf("%s's weights add up to %d%%", u.Key, total)
		}
	}
	if !strings.Contains(body, "Reach 30% + Depth 30% + Stretch 20% + Heat 20%") {
		t.Error("the lower-back weights are not shown as percentages")
	}

	// A second version, on a server given it: the reviews keep version 1.
	f = newEditorialFixture(t, Config{Rubrics: rubricsWithV2()})
	body = f.page(t, "/reviews/rubric", http.StatusOK)
	if i, j := strings.Index(body, "Rubric version 2 (current)"), strings.Index(body, `id="rubric-1"`); i < 0 || j < i {
		t.Error("the rubric page does not show version 2 first, as current")
	}
	if !strings.Contains(body, "older version") || !strings.Contains(body, "Reach 50% + Depth 50%") {
		t.Error("the rubric page does not keep version 1, marked older, beside version 2")
	}
	review := f.page(t, "/reviews/"+f.chairA.Slug, http.StatusOK)
	for _, want := range []string{"scored under rubric version 1; the current rubric is version 2", `href="/reviews/rubric#rubric-1"`} {
		if !strings.Contains(review, want) {
			t.Errorf("a review under the old rubric lacks %q", want)
		}
	}
	// Its scores keep version 1's weights.
	if got := useScoreCells(t, parseHTML(t, review))["lower_back"]; got != "6.8" {
		t.Errorf("lower-back score under rubric 1 shows %q, want 6.8", got)
	}
}

// rankedChairs lists the chair links of a "best for" table, in order.
func rankedChairs(t *testing.T, body string) []string {
	t.Helper()
	table := findAll(parseHTML(t, body), byID("ranking"))
	if len(table) != 1 {
		t.Fatal("no ranking table")
	}
	var out []string
	for _, th := range findAll(table[0], func(n *xhtml.Node) bool { return n.Data == "th" && attrOf(n, "scope") == "row" }) {
		out = append(out, hrefs(th)[0])
	}
	return out
}

func TestBestFor(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	a, b := "/chairs/"+f.chairA.Slug, "/chairs/"+f.chairB.Slug
	byName := []string{a, b}
	if strings.ToLower(f.chairB.FullName()) < strings.ToLower(f.chairA.FullName()) {
		byName = []string{b, a}
	}
	tests := []struct {
		use  string
		want []string
	}{
		{"lower_back", []string{a, b}}, // 6.8 and 5.8
		{"tall_users", []string{b, a}}, // 7.8 and 7.3
		{"value", byName},              // 5.1 each: by chair name
	}
	for _, tt := range tests {
		body := f.page(t, "/best/"+tt.use, http.StatusOK)
		if got := rankedChairs(t, body); !slices.Equal(got, tt.want) {
			t.Errorf("/best/%s ranks %q, want %q", tt.use, got, tt.want)
		}
		// Last checked: the newer review, B's.
		if !strings.Contains(body, `Last checked <time datetime="2026-11-23">23 November 2026</time>`) {
			t.Errorf("/best/%s does not say it was last checked on 23 November 2026", tt.use)
		}
		checkIDsUnique(t, tt.use, parseHTML(t, body))
	}
	if !strings.Contains(f.page(t, "/best/lower_back", http.StatusOK), `<td class="use-score">6.8</td>`) {
		t.Error("/best/lower_back does not show A's score")
	}
	f.page(t, "/best/no-such-use", http.StatusNotFound)
	index := f.page(t, "/best", http.StatusOK)
	for _, u := range content.PublishedRubrics().Latest().Uses {
		if !strings.Contains(index, `href="/best/`+u.Key+`"`) {
			t.Errorf("/best does not link %s", u.Key)
		}
	}
}

func TestChairPageShowsEditorial(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	body := f.page(t, "/chairs/"+f.chairA.Slug, http.StatusOK)
	text := textContent(parseHTML(t, body))
	for _, want := range []string{"Our editors' verdict", f.reviewA.Verdict, "Spec-based review", "rubric version 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("chair A's page lacks the text %q", want)
		}
	}
	for _, want := range []string{`href="/reviews/` + f.chairA.Slug + `"`, `href="/best/lower_back"`, `: 6.8 out of 10"`} {
		if !strings.Contains(body, want) {
			t.Errorf("chair A's page lacks %s", want)
		}
	}
	if strings.Contains(f.page(t, "/chairs/"+f.chairB.Slug, http.StatusOK), "Spec-based review") {
		t.Error("the tested chair's page says its review is spec-based")
	}
	plain := f.page(t, "/chairs/"+f.plain.Slug, http.StatusOK)
	if strings.Contains(textContent(parseHTML(t, plain)), "Our editors' verdict") {
		t.Error("a chair without an editorial review shows a verdict")
	}
	// The page is cached; saving a review empties the cache.
	e := testEditorial(t, f.plain.Slug, "2026-11-24", true, scoresB)
	if err := f.st.SaveEditorialReview(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	f.clk.Advance(2 * cacheCheckEvery)
	if !strings.Contains(textContent(parseHTML(t, f.page(t, "/chairs/"+f.plain.Slug, http.StatusOK))), e.Verdict) {
		t.Error("the chair page does not show a review saved after it was cached")
	}
}

func TestSearchFindsArticles(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	tests := []struct {
		q    string
		want []string
	}{
		{"sleep sessions", []string{f.published.Slug}},
		{"SLEEP", []string{f.published.Slug}},     // a tag, any case
		{"back pain", []string{f.published.Slug}}, // a tag of two words
		{"sleep gossip", nil},                     // every word must match
		{"scheduled", nil},                        // not public yet
		{"draft", nil},
	}
	for _, tt := range tests {
		body := f.page(t, "/search?q="+strings.ReplaceAll(tt.q, " ", "+"), http.StatusOK)
		var got []string
		if list := findAll(parseHTML(t, body), byID("article-results")); len(list) == 1 {
			for _, h := range hrefs(list[0]) {
				if slug, ok := strings.CutPrefix(h, "/articles/"); ok {
					got = append(got, slug)
				}
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("search %q lists articles %q, want %q", tt.q, got, tt.want)
		}
	}
}

// TestEditorialPagesNotCached checks that a newly published article shows
// at once on every list, although no catalog version changed.
func TestEditorialPagesNotCached(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	targets := []string{"/articles", "/tags/sleep", "/categories/using", "/feed.atom", "/sitemap.xml", "/search?q=advice"}
	for _, target := range targets {
		f.page(t, target, http.StatusOK)
	}
	fresh := testArticle(t, "fresh-advice", "2026-11-24", "using", "sleep")
	if err := f.st.SaveArticle(context.Background(), fresh, content.ArticlePublished, 0, "test"); err != nil {
		t.Fatal(err)
	}
	for _, target := range targets {
		if body := f.page(t, target, http.StatusOK); !strings.Contains(body, "/articles/fresh-advice") {
			t.Errorf("%s does not show an article published after it was first served", target)
		}
	}
}

// TestEditorialRoutesHead checks that HEAD works like GET on the new pages.
func TestEditorialRoutesHead(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	for _, target := range []string{"/articles", "/reviews", "/feed.atom", "/sitemap.xml"} {
		w := httptest.NewRecorder()
		f.h.ServeHTTP(w, httptest.NewRequest(http.MethodHead, target, nil))
		if w.Code != http.StatusOK {
			t.Errorf("HEAD %s: status %d", target, w.Code)
		}
	}
}

// Tag URLs are slugs without spaces; the old form, with the tag's name,
// and other spellings of a slug redirect permanently to it, keeping the
// feed suffix and the query.
func TestTagSlugURLs(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	for _, tt := range []struct{ target, location string }{
		{"/tags/back%20pain", "/tags/back-pain"},
		{"/tags/Back%20Pain?page=1", "/tags/back-pain?page=1"},
		{"/tags/Sleep", "/tags/sleep"},
		{"/tags/back%20pain/feed.atom", "/tags/back-pain/feed.atom"},
	} {
		w := f.get(t, tt.target, "")
		if w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != tt.location {
			t.Errorf("GET %s: status %d, Location %q; want 301 to %s", tt.target, w.Code, w.Header().Get("Location"), tt.location)
		}
	}
	for _, target := range []string{"/articles/" + f.published.Slug, "/sitemap.xml", "/feed.atom"} {
		body := f.page(t, target, http.StatusOK)
		if strings.Contains(body, "back%20pain") || !strings.Contains(body, "/tags/back-pain") && !strings.Contains(body, `term="back-pain"`) {
			t.Errorf("%s links the tag by its name, not its slug /tags/back-pain", target)
		}
	}
}
