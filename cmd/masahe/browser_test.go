// This file is over 600 lines on purpose: it holds the browser suite: one Chromium and one served database shared by every subtest, which is what keeps the browser tests affordable.
// Splitting it would scatter one fixture across files.

package main

// Browser tests: the real program (run, as main calls it) serves a fresh SQLite database with the
// starter data, and headless Chromium, driven through chromedp, walks the core flows, checks the key
// pages with axe-core, and the Nu HTML Checker (vnu.jar) checks their HTML.
//
// They run only with MASAHE_TEST_BROWSER=1 (.ci/run sets it). Then every piece they need is
// required, and a missing one fails the test instead of skipping it:
//   - Chromium at $MASAHE_CHROMIUM, or /usr/bin/chromium (Debian's package chromium);
//   - node_modules/axe-core and node_modules/vnu-jar at the repository root ("npm ci");
//   - java on PATH, for vnu.jar.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"masahe/internal/phtime"
	"masahe/internal/safety"
)

// browserSuite holds what every browser subtest shares: one server, one browser.
type browserSuite struct {
	base    string          // http://127.0.0.1:PORT, no trailing slash
	browser context.Context // chromedp context of the first tab; new tabs derive from it
	slugs   []string        // the first three chair slugs from the JSON API, if it answered
	pages   []string        // key pages: paths with query
	db      string          // the server's SQLite file
}

func TestBrowser(t *testing.T) {
	if os.Getenv("MASAHE_TEST_BROWSER") != "1" {
		t.Skip("MASAHE_TEST_BROWSER not set: browser tests skipped")
	}
	root := repoRoot(t)
	chromium := os.Getenv("MASAHE_CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if fi, err := os.Stat(chromium); err != nil || fi.IsDir() {
		t.Fatalf("MASAHE_TEST_BROWSER=1 but Chromium is missing at %s (set MASAHE_CHROMIUM or apt-get install chromium): %v", chromium, err)
	}
	axeJS := filepath.Join(root, "node_modules", "axe-core", "axe.min.js")
	vnuJar := filepath.Join(root, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	for _, f := range []string{axeJS, vnuJar} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("MASAHE_TEST_BROWSER=1 but %s is missing: run \"npm ci\" in %s: %v", f, root, err)
		}
	}
	java, err := exec.LookPath("java")
	if err != nil {
		t.Fatalf("MASAHE_TEST_BROWSER=1 but java is not on PATH (needed by vnu.jar): %v", err)
	}

	db := filepath.Join(t.TempDir(), "m.db")
	s := &browserSuite{base: startRun(t, db), db: db}
	s.browser = startChromium(t, chromium)
	s.pages = []string{"/", "/chairs", "/search?q=osim", "/finder", "/finder?" + tallBuyer.Encode(), "/signup", "/login",
		"/safety", "/safety/red-flags", "/safety/triage", "/safety/triage?hours_since_massage=24&pain=2&trend=better",
		"/safety/triage?hours_since_massage=30&pain=5&trend=worse&area=neck&symptom=sudden_severe_headache&condition=anticoagulants",
		"/articles", "/articles/how-long-and-how-often", "/tags/safety", "/categories/safety", "/reviews", "/reviews/rubric",
		"/reviews/amamedics-hilux-4d", "/best", "/best/lower_back"}
	s.pages = append(s.pages, placesPages...)
	// A broken API fails the test but leaves the pages that need no slug to be checked.
	if slugs, err := chairSlugs(s.base, 3); err != nil {
		t.Errorf("%v: the chair and compare pages are left out of the page checks", err)
	} else {
		s.slugs = slugs
		s.pages = slices.Insert(s.pages, 2,
			"/chairs/"+url.PathEscape(slugs[0]),
			"/compare?chairs="+strings.Join(slugs, ","))
	}
	s.pages = append(s.pages, s.filipinoPages()...)

	t.Run("CatalogFilter", s.testCatalogFilter)
	t.Run("OpenChair", s.testOpenChair)
	t.Run("CompareThree", s.testCompareThree)
	t.Run("Search", s.testSearch)
	t.Run("Filipino", func(t *testing.T) { s.testFilipino(t, axeJS) })
	t.Run("Finder", s.testFinder)
	t.Run("PhoneFinder", s.testPhoneFinder)
	t.Run("Accessibility", func(t *testing.T) { s.testAccessibility(t, axeJS) })
	t.Run("HTMLValidity", func(t *testing.T) { s.testHTMLValidity(t, java, vnuJar) })
	t.Run("ReviewPublished", s.testReviewPublished)
	t.Run("SessionLog", func(t *testing.T) { s.testSessionLog(t, axeJS, java, vnuJar) })
	t.Run("ArticlePublished", s.testArticlePublished)
	t.Run("GrowthPages", func(t *testing.T) { s.testGrowthPages(t, axeJS, java, vnuJar) })
	t.Run("PriceWatch", testPriceWatch(s.browser))
}

// testCatalogFilter ticks "zero gravity" in the catalog's filter form and submits it.
func (s *browserSuite) testCatalogFilter(t *testing.T) {
	ctx := s.tab(t)
	navigate(t, ctx, s.base+"/chairs")
	before := resultCount(t, ctx)

	const box = `input[name=zero_gravity][value=true]`
	inForm := eval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!(e && e.form && e.form.id === "filters") })()`, box))
	if !inForm {
		t.Fatalf("/chairs: no %s belonging to form#filters", box)
	}
	if !eval[bool](t, ctx, jsProp(box, "checked")) {
		do(t, ctx, chromedp.Click(chromedp.CSS(box)))
	}
	if !eval[bool](t, ctx, jsProp(box, "checked")) {
		t.Fatalf("/chairs: %s is not checked after clicking it", box)
	}
	clickNavigate(t, ctx, `#filters button[type=submit]`)

	loc := location(t, ctx)
	if !strings.Contains(loc, "zero_gravity=true") {
		t.Errorf("after submitting the filters the URL is %s, want it to contain zero_gravity=true", loc)
	}
	flags := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("li.chair-card"), li => li.getAttribute("data-zero-gravity") ?? "(missing)")`)
	if len(flags) == 0 {
		t.Errorf("%s: no li.chair-card (the starter catalog has zero-gravity chairs)", loc)
	}
	for i, f := range flags {
		if f != "true" {
			t.Errorf("%s: li.chair-card #%d has data-zero-gravity=%q, want \"true\"", loc, i+1, f)
		}
	}
	after := resultCount(t, ctx)
	if after > before {
		t.Errorf("#result-count went from %d to %d after filtering; a filter cannot add chairs", before, after)
	}
	if len(flags) > after {
		t.Errorf("%d chair cards shown but #result-count says %d", len(flags), after)
	}
	t.Logf("zero-gravity filter: %d → %d chairs, %d cards on the page", before, after, len(flags))
}

// testOpenChair follows the first chair card's link to its page.
// It opens a chair whose upright size is published, from its brand's list, so that the page must
// draw the footprint to scale.
func (s *browserSuite) testOpenChair(t *testing.T) {
	ctx := s.tab(t)
	chair, err := chairWithFootprint(s.base)
	if err != nil {
		t.Fatal(err)
	}
	navigate(t, ctx, s.base+"/chairs?brand="+chair.Brand.Slug+"&per_page=100")
	link := fmt.Sprintf(`li.chair-card a.chair-link[href="/chairs/%s"]`, chair.Slug)
	href := eval[string](t, ctx, fmt.Sprintf(`(document.querySelector(%q) || {}).href || ""`, link))
	if href == "" {
		t.Fatalf("/chairs: no %s with an href", link)
	}
	clickNavigate(t, ctx, link)
	loc := location(t, ctx)
	if stripFragment(loc) != stripFragment(href) {
		t.Errorf("clicking %s led to %s, want %s", link, loc, href)
	}
	for sel, want := range map[string]int{"h1": 1, "table.specs": 1, "svg#footprint": 1} {
		if n := count(t, ctx, sel); n < want {
			t.Errorf("%s: %d × %s, want at least %d", loc, n, sel, want)
		}
	}
	if h1 := eval[string](t, ctx, `(document.querySelector("h1") || {}).textContent || ""`); strings.TrimSpace(h1) == "" {
		t.Errorf("%s: the h1 is empty", loc)
	}
	// To scale: the SVG's user unit is a centimetre.
	if w := eval[string](t, ctx, `(document.querySelector("svg#footprint rect.upright") || {getAttribute: () => ""}).getAttribute("width")`); w != strconv.Itoa(*chair.Dimensions.Upright.W) {
		t.Errorf("%s: the upright footprint is %q wide, want %d (cm)", loc, w, *chair.Dimensions.Upright.W)
	}
}

type footprintChair struct {
	Slug  string `json:"slug"`
	Brand struct {
		Slug string `json:"slug"`
	} `json:"brand"`
	Dimensions struct {
		Upright struct {
			W, D *int
		} `json:"upright"`
	} `json:"dimensions_cm"`
}

// chairWithFootprint finds, through the JSON API, a chair whose upright width and depth are published.
func chairWithFootprint(base string) (footprintChair, error) {
	resp, err := http.Get(base + "/api/v1/chairs?per_page=100")
	if err != nil {
		return footprintChair{}, err
	}
	defer resp.Body.Close()
	var list struct {
		Items []footprintChair `json:"items"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		return footprintChair{}, err
	}
	for _, c := range list.Items {
		if c.Dimensions.Upright.W != nil && c.Dimensions.Upright.D != nil {
			return c, nil
		}
	}
	return footprintChair{}, errors.New("no starter chair publishes its upright width and depth")
}

// testCompareThree ticks three chairs in the catalog, compares them and toggles "only differences".
func (s *browserSuite) testCompareThree(t *testing.T) {
	ctx := s.tab(t)
	navigate(t, ctx, s.base+"/chairs")
	const boxes = `input[name=chairs][form=compare-form]`
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(boxes)))
	if err != nil {
		t.Fatalf("/chairs: looking up %s: %v", boxes, err)
	}
	if len(nodes) < 3 {
		t.Fatalf("/chairs: %d × %s, want at least 3", len(nodes), boxes)
	}
	var want []string
	for _, n := range nodes[:3] {
		do(t, ctx, chromedp.MouseClickNode(n))
		want = append(want, n.AttributeValue("value"))
	}
	ticked := eval[[]string](t, ctx, fmt.Sprintf(`Array.from(document.querySelectorAll(%q)).filter(e => e.checked).map(e => e.value)`, boxes))
	if !sameSet(ticked, want) {
		t.Fatalf("/chairs: after clicking three compare boxes, the checked ones are %q, want %q", ticked, want)
	}
	clickNavigate(t, ctx, `#compare-button`)

	loc := location(t, ctx)
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("bad location %q: %v", loc, err)
	}
	var got []string
	for _, v := range u.Query()["chairs"] {
		for p := range strings.SplitSeq(v, ",") {
			if p != "" {
				got = append(got, p)
			}
		}
	}
	if u.Path != "/compare" || !sameSet(got, want) {
		t.Errorf("compare button led to %s (chairs %q), want /compare with chairs %q", loc, got, want)
	}
	if n := count(t, ctx, `table#compare thead th.chair-col`); n != 3 {
		t.Errorf("%s: %d × table#compare thead th.chair-col, want 3", loc, n)
	}
	// A row counts when it is rendered: "only differences" may reload the page without the equal
	// rows, or (with JavaScript) hide them.
	const shownRows = `Array.from(document.querySelectorAll("table#compare tbody tr")).filter(r => r.getClientRects().length > 0)`
	before := eval[int](t, ctx, shownRows+`.length`)
	if before == 0 {
		t.Fatalf("%s: table#compare has no body rows", loc)
	}
	if count(t, ctx, `a#only-diff`) != 1 {
		t.Fatalf("%s: no a#only-diff", loc)
	}
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.__masaheBefore = true`))
	nctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	_, err = chromedp.RunResponse(nctx, chromedp.Click(chromedp.CSS(`a#only-diff`)))
	cancel()
	if err != nil {
		// No navigation: fine if a script toggled the rows in place (checked below).
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("clicking a#only-diff: %v", err)
		}
		if !eval[bool](t, ctx, `window.__masaheBefore === true`) {
			t.Fatalf("clicking a#only-diff: the page changed but did not finish loading in 10s")
		}
	}
	rows := eval[[]string](t, ctx, shownRows+`.map(r => r.className + "|" + (r.querySelector("th") || r.cells[0] || {}).textContent.trim())`)
	for _, r := range rows {
		class, label, _ := strings.Cut(r, "|")
		if !slices.Contains(strings.Fields(class), "differs") {
			t.Errorf("%s after a#only-diff: row %q has class %q, want it to include \"differs\"", location(t, ctx), label, class)
		}
	}
	if len(rows) > before {
		t.Errorf("only differences: %d rows, more than the %d rows before", len(rows), before)
	}
	if len(rows) == 0 {
		t.Errorf("only differences: no row left; three different chairs differ in something")
	}
	t.Logf("compare %q: %d rows, %d after only differences", want, before, len(rows))
}

// testSearch types a query into the site-wide search form on the home page.
// testArticlePublished: an editor drafts an article, previews it and publishes it; it then appears
// in the article list, the Atom feed and the sitemap. It runs after ReviewPublished, which creates
// the editor.
func (s *browserSuite) testArticlePublished(t *testing.T) {
	ctx := s.tab(t)
	navigate(t, ctx, s.base+"/")
	fetchText(t, ctx, `fetch("/logout", {method: "POST"}).then(r => r.text())`)
	fill := func(sel, value string) { do(t, ctx, chromedp.SetValue(chromedp.CSS(sel), value)) }
	navigate(t, ctx, s.base+"/login")
	fill(`input[name=email]`, "editor@example.ph")
	fill(`input[name=password]`, "editor-pass-2026")
	clickNavigate(t, ctx, `form.auth button[type=submit]`)
	const slug = "a-first-week-with-your-chair"
	navigate(t, ctx, s.base+"/admin/articles/new")
	fill(`[name=title]`, "A first week with your chair")
	fill(`[name=slug]`, slug)
	fill(`[name=summary]`, "How to start gently during your first week with a new massage chair.")
	fill(`[name=category]`, "using")
	fill(`[name=tags]`, "beginners, safety")
	fill(`[name=author]`, "Masahe editors")
	fill(`[name=sources]`, "Handbook for Massage Therapists, Delayed onset muscle soreness | https://ecampusontario.pressbooks.pub/handbookformassagetherapists/chapter/doms/")
	fill(`[name=body]`, "## Start gently\nBegin with short sessions on the lightest setting, and notice how your back feels the next day. "+
		"Mild soreness for a day or two is common; sharp pain is not, and [the triage](/safety/triage) helps you tell them apart.\n\n"+
		"## Build up slowly\nRaise the intensity one step at a time, only after a session that left no soreness.")
	clickNavigate(t, ctx, `button[value=preview]`)
	if n := count(t, ctx, `section.preview h2#start-gently`); n != 1 {
		t.Fatalf("the preview shows no anchored heading (%d)", n)
	}
	// Not saved yet: the preview must not have published it.
	if status := fetchText(t, ctx, `fetch("/articles/`+slug+`").then(r => String(r.status))`); status != "404" {
		t.Fatalf("after a preview only, /articles/%s answers %s, want 404", slug, status)
	}
	navigate(t, ctx, s.base+"/admin/articles/new")
	for sel, v := range map[string]string{`[name=title]`: "A first week with your chair", `[name=slug]`: slug,
		`[name=summary]`: "How to start gently during your first week with a new massage chair.", `[name=category]`: "using",
		`[name=author]`:  "Masahe editors",
		`[name=sources]`: "Handbook for Massage Therapists, Delayed onset muscle soreness | https://ecampusontario.pressbooks.pub/handbookformassagetherapists/chapter/doms/",
		`[name=body]`: "## Start gently\nBegin with short sessions on the lightest setting, and notice how your back feels the next day. " +
			"Mild soreness for a day or two is common; sharp pain is not, and the triage helps you tell them apart."} {
		fill(sel, v)
	}
	clickNavigate(t, ctx, `button[value=draft]`)
	clickNavigate(t, ctx, `button[value=publish]`)
	navigate(t, ctx, s.base+"/articles")
	if n := count(t, ctx, `a[href="/articles/`+slug+`"]`); n == 0 {
		t.Errorf("/articles does not list the published article")
	}
	for _, path := range []string{"/feed.atom", "/sitemap.xml"} {
		body := fetchText(t, ctx, `fetch("`+path+`").then(r => r.text())`)
		if !strings.Contains(body, "/articles/"+slug) {
			t.Errorf("%s does not list the published article", path)
		}
	}
}

// fetchText runs a JavaScript promise for a string in the page and waits for it.
func fetchText(t *testing.T, ctx context.Context, expr string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// hostileReview tries every way a review could run script; all must stay inert.
const hostileReview = "Strong rollers, and the heat helps my back. <script>alert('script')</script> " +
	"[click me](javascript:alert('link')) <img src=x onerror=alert('img')> <svg onload=alert('svg')></svg>"

// testReviewPublished signs up, writes a review with hostile Markdown, has an editor publish it,
// and checks that it shows on the chair page with its rating and that no script ran.
func (s *browserSuite) testReviewPublished(t *testing.T) {
	if _, _, err := runCmdIn(t, "editor-pass-2026\n", "user", "create", "--database", s.db, "--email", "editor@example.ph", "--role", "editor"); err != nil {
		t.Fatalf("creating the editor: %v", err)
	}
	ctx := s.tab(t)
	dialogs := make(chan string, 10)
	if err := chromedp.Listen(ctx, func(ev any) {
		// A dialog would block the page: the test then also fails by timing out.
		if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			select {
			case dialogs <- d.Message:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	fill := func(sel, value string) { do(t, ctx, chromedp.SetValue(chromedp.CSS(sel), value)) }
	signUpAndLogIn(t, ctx, s.base, "ana@example.ph", "Ana of Cebu", "my chair is my friend")
	slug := s.slugs[0]
	navigate(t, ctx, s.base+"/chairs/"+slug+"/review")
	do(t, ctx, chromedp.Click(chromedp.CSS(`input[name=overall][value="4"]`)))
	fill(`input[name=months_owned]`, "14")
	fill(`textarea[name=text]`, hostileReview)
	clickNavigate(t, ctx, `form.review-form button[type=submit]`)
	if got := eval[string](t, ctx, `document.body.textContent`); !strings.Contains(got, "Waiting for an editor") {
		t.Fatalf("after posting, %s does not say the review waits for an editor", location(t, ctx))
	}
	navigate(t, ctx, s.base+"/account")
	clickNavigate(t, ctx, `form[action="/logout"] button`)
	navigate(t, ctx, s.base+"/login")
	fill(`input[name=email]`, "editor@example.ph")
	fill(`input[name=password]`, "editor-pass-2026")
	clickNavigate(t, ctx, `form.auth button[type=submit]`)
	navigate(t, ctx, s.base+"/admin/reviews")
	clickNavigate(t, ctx, `form[action$="/publish"] button`)
	// The chair page is cached until the catalog version changes, which the cache checks once a
	// second: reload until the review shows, for at most 15 s.
	var text string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		navigate(t, ctx, s.base+"/chairs/"+slug)
		if text = eval[string](t, ctx, `(document.querySelector(".review-text") || {}).textContent || ""`); text != "" {
			break
		}
	}
	if !strings.Contains(text, "Strong rollers") {
		t.Fatalf("/chairs/%s does not show the published review (got %q)", slug, text)
	}
	if summary := eval[string](t, ctx, `(document.querySelector(".rating-summary") || {}).textContent || ""`); !strings.Contains(summary, "4.0") || !strings.Contains(summary, "1 owner") {
		t.Errorf("/chairs/%s rating summary = %q, want 4.0 from 1 owner", slug, summary)
	}
	if n := count(t, ctx, `.review-text script, .review-text img, .review-text svg, .review-text [onerror], .review-text [onload], .review-text a[href^="javascript"]`); n != 0 {
		t.Errorf("/chairs/%s: %d live elements from the hostile review", slug, n)
	}
	select {
	case msg := <-dialogs:
		t.Errorf("a script in the review ran and opened a dialog: %q", msg)
	default:
	}
}

// testSessionLog signs up a new member (ReviewPublished left the editor signed in), consents to the
// session log, logs three 30-minute sessions earlier today, sees the guard's warnings, checks the
// page with axe-core and the Nu HTML Checker, checks in with saddle numbness and lands on the
// emergency triage, exports the log as JSON and CSV, and deletes it.
func (s *browserSuite) testSessionLog(t *testing.T, axeJS, java, vnuJar string) {
	ctx := s.tab(t)
	// For axe-core, injected by the test under the page's strict CSP.
	if _, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
		t.Fatalf("Page.setBypassCSP: %v", err)
	}
	fill := func(sel, value string) { do(t, ctx, chromedp.SetValue(chromedp.CSS(sel), value)) }
	text := func(sel string) string {
		return eval[string](t, ctx, fmt.Sprintf(`Array.from(document.querySelectorAll(%q), e => e.textContent).join("\n")`, sel))
	}

	signUpAndLogIn(t, ctx, s.base, "lorna@example.ph", "Lorna of Davao", "a quiet evening massage")

	// Consent.
	clickNavigate(t, ctx, `a[href="/me/log"]`)
	consent := text(`main`)
	for _, want := range []string{"What we store", "Why", "Who can see it", "delete it all"} {
		if !strings.Contains(consent, want) {
			t.Errorf("the consent screen does not say %q", want)
		}
	}
	if count(t, ctx, `#log-session`) != 0 {
		t.Errorf("the session form shows before consent")
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/me/log/consent"] input[name=agree]`)))
	clickNavigate(t, ctx, `form[action="/me/log/consent"] button[type=submit]`)
	if loc := location(t, ctx); !strings.Contains(loc, "/me/log?done=consent") {
		t.Fatalf("consenting led to %s, want /me/log?done=consent", loc)
	}

	// Three 30-minute sessions in the last few minutes, all on today's date in Manila (wait out
	// the first minutes after midnight there, so that they cannot straddle it).
	now := time.Now().In(phtime.Manila)
	if m := now.Hour()*60 + now.Minute(); m < 4 {
		time.Sleep(time.Duration(4-m) * time.Minute)
		now = time.Now().In(phtime.Manila)
	}
	for i := 3; i >= 1; i-- {
		fill(`#ls-at`, now.Add(-time.Duration(i)*time.Minute).Format("2006-01-02T15:04"))
		fill(`#ls-chair`, "Mall chair")
		fill(`#ls-program`, fmt.Sprintf("Full body %d", 4-i))
		fill(`#ls-intensity`, "3")
		fill(`#ls-minutes`, "30")
		do(t, ctx, chromedp.Click(chromedp.CSS(`#log-session input[name=area][value=back]`)))
		clickNavigate(t, ctx, `#log-session button[type=submit]`)
		if note := text(`p.note[role=status]`); !strings.Contains(note, "Saved.") {
			t.Fatalf("session %d: %s does not say Saved. (form error %q)", 4-i, location(t, ctx), text(`#form-error`))
		}
	}
	// Three long sessions are one warning that says it happened again.
	if n := count(t, ctx, `#guard li.warning.long_session`); n != 1 {
		t.Errorf("/me/log: %d long_session warnings, want 1", n)
	}
	if n := count(t, ctx, `#guard li.warning.too_many_in_a_day`); n != 1 {
		t.Errorf("/me/log: %d too_many_in_a_day warnings, want 1", n)
	}
	warnings := text(`#guard li.warning`)
	for _, want := range []string{"massaged for 30 minutes", "more times", "you had 3 sessions", "limit of 2 a day"} {
		if !strings.Contains(warnings, want) {
			t.Errorf("/me/log: the warnings do not say %q: %q", want, warnings)
		}
	}
	if n, sourced := count(t, ctx, `#guard li.warning`), count(t, ctx, `#guard li.warning a[href^="https://"]`); sourced < n {
		t.Errorf("/me/log: %d warnings but %d source links", n, sourced)
	}
	if count(t, ctx, `svg#week-chart rect.bar`) != 7 {
		t.Errorf("/me/log: the week chart does not have 7 bars")
	}

	// The log page with its warnings passes axe-core and the Nu HTML Checker.
	navigate(t, ctx, s.base+"/me/log")
	for _, v := range runAxe(t, ctx, axeJS) {
		t.Errorf("/me/log: axe %s (%s): %s; %d element(s), first %s: %s", v.ID, v.Impact, v.Help, v.Nodes, v.Target, v.HTML)
	}
	logHTML, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch("/me/log").then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetching /me/log: %v", err)
	}
	for _, e := range vnuErrors(t, java, vnuJar, logHTML) {
		t.Errorf("/me/log: %s", e)
	}

	// A check-in with saddle numbness leads straight to the emergency advice.
	fill(`#ci-soreness`, "6")
	do(t, ctx, chromedp.Click(chromedp.CSS(`#log-checkin input[name=symptom][value=saddle_numbness]`)))
	clickNavigate(t, ctx, `#log-checkin button[type=submit]`)
	loc := location(t, ctx)
	if u, err := url.Parse(loc); err != nil || u.Path != "/safety/triage" || u.Query().Get("symptom") != "saddle_numbness" {
		t.Fatalf("the check-in led to %s, want /safety/triage with symptom=saddle_numbness", loc)
	}
	if n := count(t, ctx, `.triage-result.level-emergency`); n != 1 {
		t.Errorf("%s: no emergency result", loc)
	}
	if h := text(`h1`); !strings.Contains(h, "emergency department") || !strings.Contains(h, safety.Hotline) {
		t.Errorf("%s: headline %q, want the emergency department and %s", loc, h, safety.Hotline)
	}
	if count(t, ctx, `a[href="tel:911"]`) == 0 {
		t.Errorf("%s: no link to call 911", loc)
	}

	// Export: the links are on the page; fetch them with the page's cookies.
	navigate(t, ctx, s.base+"/me/log")
	// The red flag is its own alarm block, first in the guard.
	if count(t, ctx, `#guard section.triage-result.level-emergency[role=alert]`) != 1 {
		t.Errorf("/me/log: no emergency block after the check-in")
	}
	if count(t, ctx, `a[href="/me/log/export.json"]`) != 1 || count(t, ctx, `a[href="/me/log/export.csv"]`) != 1 {
		t.Fatalf("/me/log: no JSON and CSV export links")
	}
	type exported struct {
		Sessions int    `json:"sessions"`
		CheckIns int    `json:"check_ins"`
		Version  string `json:"version"`
		Symptom  string `json:"symptom"`
	}
	ex, err := chromedp.Run(ctx, chromedp.Evaluate[exported](`fetch("/me/log/export.json").then(r => r.json()).then(j => ({
		sessions: j.sessions.length, check_ins: j.check_ins.length, version: j.consent_version,
		symptom: (j.check_ins[0] && j.check_ins[0].symptoms[0]) || ""}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetching export.json: %v", err)
	}
	if ex.Sessions != 3 || ex.CheckIns != 1 || ex.Version != safety.ConsentVersion || ex.Symptom != "saddle_numbness" {
		t.Errorf("export.json: %+v; want 3 sessions, 1 check-in with saddle_numbness, consent %s", ex, safety.ConsentVersion)
	}
	csvText, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch("/me/log/export.csv").then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetching export.csv: %v", err)
	}
	if lines := strings.Split(strings.TrimSpace(csvText), "\n"); len(lines) != 5 || !strings.HasPrefix(lines[0], "kind,at,") {
		t.Errorf("export.csv: %d lines (%q), want a header and 4 entries", len(lines), csvText)
	}

	// Delete it all: the consent screen comes back and the export is refused.
	clickNavigate(t, ctx, `form[action="/me/log/delete"] button[type=submit]`)
	navigate(t, ctx, s.base+"/me/log")
	if count(t, ctx, `form[action="/me/log/consent"]`) != 1 || count(t, ctx, `#log-session`) != 0 {
		t.Errorf("/me/log after deleting: no consent screen")
	}
	st, err := chromedp.Run(ctx, chromedp.Evaluate[int](`fetch("/me/log/export.json").then(r => r.status)`, chromedp.EvalAwaitPromise))
	if err != nil || st != http.StatusForbidden {
		t.Errorf("export.json after deleting: status %d, %v; want 403", st, err)
	}
	navigate(t, ctx, s.base+"/account")
	clickNavigate(t, ctx, `form[action="/logout"] button`)
}

// runAxe injects axe-core into the page in ctx (whose CSP the caller bypassed) and returns its
// violations under the default rules.
func runAxe(t *testing.T, ctx context.Context, axeJS string) []axeViolation {
	t.Helper()
	src, err := os.ReadFile(axeJS)
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Evaluate[chromedp.Void](string(src)+"\n;0"))
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help, nodes: v.nodes.length,
		target: v.nodes.length ? v.nodes[0].target.map(String).join(" ") : "",
		html: v.nodes.length ? v.nodes[0].html.slice(0, 200) : "",
	})))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	return vs
}

// vnuErrors checks one HTML document with the Nu HTML Checker and returns its errors.
func vnuErrors(t *testing.T, java, vnuJar, doc string) []string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(f, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, java, "-jar", vnuJar, "--errors-only", "--format", "json", f)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	out := bytes.TrimSpace(stderr.Bytes())
	if len(out) == 0 {
		out = bytes.TrimSpace(stdout.Bytes())
	}
	var rep vnuReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("vnu.jar: %v; cannot read its report: %v\n%s", runErr, err, stderr.String())
	}
	var errs []string
	for _, m := range rep.Messages {
		if m.Type == "error" || m.Type == "non-document-error" {
			errs = append(errs, fmt.Sprintf("line %d:%d: %s [%s]", m.LastLine, m.FirstColumn, m.Message, strings.TrimSpace(m.Extract)))
		}
	}
	if runErr != nil && len(errs) == 0 {
		t.Errorf("vnu.jar failed but reported no error: %v\n%s", runErr, stderr.String())
	}
	return errs
}

// tallBuyer is a tall buyer in a small condo with a narrow door and a
// pacemaker.
var tallBuyer = url.Values{
	"height_cm": {"198"}, "weight_kg": {"95"}, "room_width_cm": {"100"}, "room_depth_cm": {"200"},
	"door_width_cm": {"70"}, "condition": {"pacemaker_implant"},
}

// testFinder fills the finder as the tall buyer and checks the health
// advice, the exclusions and the drawing of the room.
func (s *browserSuite) testFinder(t *testing.T) {
	ctx := s.tab(t)
	navigate(t, ctx, s.base+"/finder")
	for _, name := range []string{"height_cm", "weight_kg", "room_width_cm", "room_depth_cm", "door_width_cm"} {
		do(t, ctx, chromedp.SendKeys(chromedp.CSS(`form#finder input[name=`+name+`]`), tallBuyer.Get(name)))
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`form#finder input[name=condition][value=pacemaker_implant]`)))
	clickNavigate(t, ctx, `form#finder button[type=submit]`)
	loc := location(t, ctx)
	u, err := url.Parse(loc)
	if err != nil || u.Path != "/finder" || u.Query().Get("condition") != "pacemaker_implant" || u.Query().Get("height_cm") != "198" {
		t.Fatalf("the finder led to %s, want /finder with the answers", loc)
	}
	advice := eval[string](t, ctx, `(document.querySelector("section.health") || {}).textContent || ""`)
	if !strings.Contains(advice, "Pacemaker") || !strings.Contains(advice, "doctor") {
		t.Errorf("%s: the health advice does not lead with the pacemaker: %q", loc, advice)
	}
	if n := count(t, ctx, `section.health a[href^="https://"]`); n == 0 {
		t.Errorf("%s: the health advice cites no source", loc)
	}
	excluded := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#excluded li"), li => li.textContent)`)
	if len(excluded) == 0 {
		t.Errorf("%s: no chair is listed as not fitting a 198 cm buyer with a 70 cm door", loc)
	}
	if !slices.ContainsFunc(excluded, func(s string) bool { return strings.Contains(s, "198 cm") || strings.Contains(s, "70 cm") }) {
		t.Errorf("%s: no exclusion gives the buyer's numbers: %q", loc, excluded)
	}
	if w := eval[string](t, ctx, `(document.querySelector("svg#room-plan rect.room") || {getAttribute: () => ""}).getAttribute("width")`); w != "100" {
		t.Errorf("%s: the room drawing is %q wide, want 100 (cm, to scale)", loc, w)
	}
	if n := count(t, ctx, `#shortlist li.result`); n == 0 {
		t.Errorf("%s: empty shortlist", loc)
	}
}

func (s *browserSuite) testSearch(t *testing.T) {
	ctx := s.tab(t)
	navigate(t, ctx, s.base+"/")
	const q = "zero gravity 4d"
	const input = `form#site-search input[name=q]`
	do(t, ctx, chromedp.SendKeys(chromedp.CSS(input), q))
	nctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(nctx, chromedp.SendKeys(chromedp.CSS(input), kb.Enter))
	if err != nil {
		t.Fatalf("submitting %s with Enter: %v", input, err)
	}
	checkStatus(t, resp)
	loc := location(t, ctx)
	u, err := url.Parse(loc)
	if err != nil || u.Path != "/search" || u.Query().Get("q") != q {
		t.Errorf("search led to %s, want /search?q=%s", loc, url.QueryEscape(q))
	}
	if n := count(t, ctx, `#search-results li`); n == 0 {
		t.Errorf("%s: no #search-results li for %q", loc, q)
	} else {
		t.Logf("%q: %d results", q, n)
	}
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  int    `json:"nodes"`
	Target string `json:"target"`
	HTML   string `json:"html"`
}

// testAccessibility runs axe-core's default rules on every key page.
func (s *browserSuite) testAccessibility(t *testing.T, axeJS string) {
	src, err := os.ReadFile(axeJS)
	if err != nil {
		t.Fatal(err)
	}
	// The pages send a strict Content-Security-Policy; axe is injected by the test, not the page.
	inject := string(src) + "\n;0"
	for _, p := range s.pages {
		name := strings.TrimPrefix(p, "/")
		if name == "" {
			name = "home"
		}
		t.Run(name, func(t *testing.T) {
			ctx := s.tab(t)
			if _, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
				t.Fatalf("Page.setBypassCSP: %v", err)
			}
			navigate(t, ctx, s.base+p)
			do(t, ctx, chromedp.Evaluate[chromedp.Void](inject))
			vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document).then(r => r.violations.map(v => ({
				id: v.id, impact: v.impact || "", help: v.help, nodes: v.nodes.length,
				target: v.nodes.length ? v.nodes[0].target.map(String).join(" ") : "",
				html: v.nodes.length ? v.nodes[0].html.slice(0, 200) : "",
			})))`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: axe.run: %v", p, err)
			}
			for _, v := range vs {
				t.Errorf("%s: axe %s (%s): %s; %d element(s), first %s: %s", p, v.ID, v.Impact, v.Help, v.Nodes, v.Target, v.HTML)
			}
		})
	}
}

type vnuReport struct {
	Messages []struct {
		Type        string `json:"type"`
		SubType     string `json:"subType"`
		URL         string `json:"url"`
		Message     string `json:"message"`
		Extract     string `json:"extract"`
		LastLine    int    `json:"lastLine"`
		FirstColumn int    `json:"firstColumn"`
		LastColumn  int    `json:"lastColumn"`
	} `json:"messages"`
}

// testHTMLValidity checks the served HTML of every key page with the Nu HTML Checker.
func (s *browserSuite) testHTMLValidity(t *testing.T, java, vnuJar string) {
	dir := t.TempDir()
	var files []string
	pageOf := map[string]string{}
	for i, p := range s.pages {
		resp, err := http.Get(s.base + p)
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", p, resp.StatusCode)
			continue
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("GET %s: Content-Type %q, want text/html", p, ct)
		}
		name := fmt.Sprintf("page%d.html", i)
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, body, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		pageOf[name] = p
	}
	if len(files) == 0 {
		t.Fatal("no page to check")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, java, append([]string{"-jar", vnuJar, "--errors-only", "--format", "json"}, files...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	// vnu writes its JSON report to stderr, and exits 1 when it found errors.
	out := bytes.TrimSpace(stderr.Bytes())
	if len(out) == 0 {
		out = bytes.TrimSpace(stdout.Bytes())
	}
	var rep vnuReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("vnu.jar: %v; cannot read its report: %v\nstdout:\n%s\nstderr:\n%s", runErr, err, stdout.String(), stderr.String())
	}
	for _, m := range rep.Messages {
		if m.Type != "error" && m.Type != "non-document-error" {
			continue
		}
		p := pageOf[filepath.Base(m.URL)]
		if p == "" {
			p = m.URL
		}
		t.Errorf("%s:%d:%d: %s [%s]", p, m.LastLine, m.FirstColumn, m.Message, strings.TrimSpace(m.Extract))
	}
	if runErr != nil && !t.Failed() {
		t.Errorf("vnu.jar failed but reported no error: %v\n%s", runErr, stderr.String())
	}
}

// ---------------------------------------------------------------------------------------------
// Helpers.

// repoRoot is the repository root, seen from cmd/masahe (go test runs a package in its folder).
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !regexp.MustCompile(`(?m)^module masahe\s*$`).Match(mod) {
		t.Fatalf("%s is not the masahe repository root (go.mod: %v)", root, err)
	}
	return root
}

// startChromium starts headless Chromium and returns the context of its first tab.
func startChromium(t *testing.T, execPath string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		acancel()
	})
	// The first Do starts the browser and binds it to ctx, so it gets no timeout of its own.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("starting %s: %v", execPath, err)
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("%s did not start in 60s", execPath)
	}
	return ctx
}

// tab opens a new tab, closed at the end of the test, with a deadline for all its actions.
func (s *browserSuite) tab(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(s.browser)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancel = context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// chairSlugs asks the JSON API for the first n chair slugs.
func chairSlugs(base string, n int) ([]string, error) {
	u := fmt.Sprintf("%s/api/v1/chairs?per_page=%d", base, n)
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d", u, resp.StatusCode)
	}
	var body struct {
		Items []struct {
			Slug string `json:"slug"`
		} `json:"items"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return nil, fmt.Errorf("GET %s: %v", u, err)
	}
	var slugs []string
	for _, it := range body.Items {
		if it.Slug != "" {
			slugs = append(slugs, it.Slug)
		}
	}
	if len(slugs) < n {
		return nil, fmt.Errorf("GET %s: %d slugs, want %d", u, len(slugs), n)
	}
	return slugs[:n], nil
}

func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("chromedp: %v", err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func jsProp(sel, prop string) string {
	return fmt.Sprintf(`!!(document.querySelector(%q) || {})[%q]`, sel, prop)
}

func count(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	return eval[int](t, ctx, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel))
}

func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("location: %v", err)
	}
	return loc
}

func checkStatus(t *testing.T, resp *network.Response) {
	t.Helper()
	if resp == nil {
		t.Fatalf("no response for the page")
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("%s: status %d, want 200", resp.URL, resp.Status)
	}
}

// signUpAndLogIn creates an account through the sign-up form, which does
// not log in (it answers a taken address the same way), then logs in.
func signUpAndLogIn(t *testing.T, ctx context.Context, base, email, name, pw string) {
	t.Helper()
	fill := func(sel, value string) { do(t, ctx, chromedp.SetValue(chromedp.CSS(sel), value)) }
	navigate(t, ctx, base+"/signup")
	fill(`input[name=email]`, email)
	fill(`input[name=display_name]`, name)
	fill(`input[name=password]`, pw)
	clickNavigate(t, ctx, `form.auth button[type=submit]`)
	if got := eval[string](t, ctx, `document.querySelector("h1").textContent`); got != "Sign-up received" {
		t.Fatalf("sign-up answered %q, want the received page", got)
	}
	navigate(t, ctx, base+"/login")
	fill(`input[name=email]`, email)
	fill(`input[name=password]`, pw)
	clickNavigate(t, ctx, `form.auth button[type=submit]`)
	if loc := location(t, ctx); !strings.HasSuffix(loc, "/account") {
		t.Fatalf("login after sign-up led to %s, want /account", loc)
	}
}

func navigate(t *testing.T, ctx context.Context, u string) {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
	if err != nil {
		t.Fatalf("navigating to %s: %v", u, err)
	}
	checkStatus(t, resp)
}

// clickNavigate clicks the first element that matches the CSS selector and waits for the page it
// loads, which must answer 200.
func clickNavigate(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if count(t, ctx, sel) == 0 {
		t.Fatalf("%s: nothing matches %s", location(t, ctx), sel)
	}
	nctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(nctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("clicking %s: %v (no page loaded)", sel, err)
	}
	checkStatus(t, resp)
}

var firstInt = regexp.MustCompile(`\d[\d,]*`)

// resultCount reads the number in #result-count ("12 chairs", "1,024 results", "No chairs" = 0).
func resultCount(t *testing.T, ctx context.Context) int {
	t.Helper()
	if count(t, ctx, "#result-count") != 1 {
		t.Fatalf("%s: want exactly one #result-count", location(t, ctx))
	}
	text := strings.TrimSpace(eval[string](t, ctx, `document.querySelector("#result-count").textContent`))
	m := firstInt.FindString(text)
	if m == "" {
		if strings.HasPrefix(strings.ToLower(text), "no ") {
			return 0
		}
		t.Fatalf("#result-count %q has no number", text)
	}
	n, err := strconv.Atoi(strings.ReplaceAll(m, ",", ""))
	if err != nil {
		t.Fatalf("#result-count %q: %v", text, err)
	}
	return n
}

func stripFragment(u string) string {
	u, _, _ = strings.Cut(u, "#")
	return u
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
