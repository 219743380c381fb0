package main

// Browser tests of issue 13: the site in Filipino, end to end. They run in
// TestBrowser's Chromium against its server.

import (
	"context"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"masahe/internal/locale"
	"masahe/internal/safety"
)

// filipinoPages are the key pages in Filipino: checked with the English
// ones by axe-core and the Nu HTML Checker, and by testFilipinoPages.
func (s *browserSuite) filipinoPages() []string {
	pages := []string{"/fil/", "/fil/chairs", "/fil/finder", "/fil/finder?height_cm=160&weight_kg=60&room_width_cm=250&room_depth_cm=300",
		"/fil/safety/triage", "/fil/safety/triage?hours_since_massage=5&pain=3&symptom=saddle_numbness", "/fil/safety/red-flags",
		"/fil/articles", "/fil/articles/over-massaging-your-back", "/fil/search?q=upuan+para+sa+masakit+na+likod", "/fil/login"}
	if len(s.slugs) == 3 {
		pages = slices.Insert(pages, 2, "/fil/chairs/"+url.PathEscape(s.slugs[0]), "/fil/compare?chairs="+strings.Join(s.slugs, ","))
	}
	return pages
}

func (s *browserSuite) testFilipino(t *testing.T, axeJS string) {
	b, err := locale.NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	fil := b.Printer(locale.Filipino)
	t.Run("Pages", s.testFilipinoPages)
	t.Run("SwitchOnChair", s.testFilipinoSwitch)
	t.Run("Finder", s.testFilipinoFinder)
	t.Run("Triage", func(t *testing.T) { s.testFilipinoTriage(t, fil) })
	t.Run("Search", s.testFilipinoSearch)
	t.Run("AcceptLanguage", func(t *testing.T) { s.testAcceptLanguage(t, axeJS) })
}

// pathOf is the path and query of an address of the test's server, or ""
// for an address elsewhere.
func (s *browserSuite) pathOf(u string) string {
	rest, ok := strings.CutPrefix(u, s.base)
	if !ok || (rest != "" && !strings.HasPrefix(rest, "/")) {
		return ""
	}
	return rest
}

// rootOnly reports whether a path exists once, in no language: the API,
// files, the Atom feeds, and the admin (English only, docs/I18N.md).
func rootOnly(path string) bool {
	for _, p := range []string{"/api/", "/static/", "/media/", "/admin/"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return path == "/admin" || strings.HasSuffix(path, "/feed.atom")
}

// testFilipinoPages: every key Filipino page is lang="fil", names itself
// and its English page in its hreflang alternates, its language switch
// leads to the same page (query kept) in English, and every other link and
// form on it leads to a page in Filipino (or to an address that exists
// once). A link that says it leads to another language (hreflang), like
// the switch, may.
func (s *browserSuite) testFilipinoPages(t *testing.T) {
	ctx := s.tab(t)
	for _, p := range s.filipinoPages() {
		navigate(t, ctx, s.base+p)
		english := locale.Switch(p, locale.English)
		if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "fil" {
			t.Errorf("%s: <html lang=%q>, want fil", p, lang)
		}
		alternates := eval[map[string]string](t, ctx, `Object.fromEntries(Array.from(document.querySelectorAll("link[rel=alternate][hreflang]"), l => [l.hreflang, l.href]))`)
		for hreflang, want := range map[string]string{"fil": p, "en": english, "x-default": english} {
			if u, err := url.Parse(alternates[hreflang]); err != nil || u.RequestURI() != want {
				t.Errorf("%s: hreflang %s is %q, want the address of %s", p, hreflang, alternates[hreflang], want)
			}
		}
		if sw := s.pathOf(eval[string](t, ctx, `(document.querySelector("a#lang-en") || {}).href || ""`)); sw != english {
			t.Errorf("%s: the language switch leads to %q, want %s", p, sw, english)
		}
		links := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("body a[href]:not([hreflang]), body form[action]"), e => e.href || e.action)`)
		var englishLinks []string
		for _, l := range links {
			path := s.pathOf(l)
			if path == "" {
				continue
			}
			path, _, _ = strings.Cut(path, "?")
			if lang, rest := locale.Split(path); lang != locale.Filipino && !rootOnly(rest) && !slices.Contains(englishLinks, path) {
				englishLinks = append(englishLinks, path)
			}
		}
		if len(englishLinks) > 0 {
			t.Errorf("%s: %d links or forms lead to English pages: %q", p, len(englishLinks), englishLinks)
		}
	}
}

// testFilipinoSwitch opens a chair in English, follows the language switch
// to the same chair in Filipino, and back.
func (s *browserSuite) testFilipinoSwitch(t *testing.T) {
	if len(s.slugs) == 0 {
		t.Fatal("no chair slugs from the API")
	}
	ctx := s.tab(t)
	en := "/chairs/" + url.PathEscape(s.slugs[0])
	navigate(t, ctx, s.base+en)
	name := eval[string](t, ctx, `document.querySelector("h1").textContent.trim()`)
	clickNavigate(t, ctx, `a#lang-fil`)
	if loc := s.pathOf(location(t, ctx)); loc != "/fil"+en {
		t.Fatalf("the switch on %s led to %s, want /fil%s", en, loc, en)
	}
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "fil" {
		t.Errorf("/fil%s: <html lang=%q>, want fil", en, lang)
	}
	if got := eval[string](t, ctx, `document.querySelector("h1").textContent.trim()`); got != name {
		t.Errorf("/fil%s: the h1 is %q, want the chair %q", en, got, name)
	}
	clickNavigate(t, ctx, `a#lang-en`)
	if loc := s.pathOf(location(t, ctx)); loc != en {
		t.Errorf("the switch on /fil%s led to %s, want %s", en, loc, en)
	}
}

// shortlist is the chairs of the finder's shortlist on the tab's page, in
// order, as paths within the language.
func shortlist(t *testing.T, s *browserSuite, ctx context.Context) []string {
	t.Helper()
	var out []string
	for _, href := range eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#shortlist li.result"), li => (li.querySelector("a[href*='/chairs/']") || {}).href || "")`) {
		_, rest := locale.Split(s.pathOf(href))
		out = append(out, rest)
	}
	return out
}

// testFilipinoFinder fills the finder in Filipino and gets its shortlist
// on a Filipino page: the same chairs, in the same order, as the English
// finder gives for the same answers.
func (s *browserSuite) testFilipinoFinder(t *testing.T) {
	ctx := s.tab(t)
	navigate(t, ctx, s.base+"/fil/finder")
	for name, v := range map[string]string{"height_cm": "160", "weight_kg": "60", "room_width_cm": "250", "room_depth_cm": "300"} {
		do(t, ctx, chromedp.SetValue(chromedp.CSS(`form#finder input[name=`+name+`]`), v))
	}
	clickNavigate(t, ctx, `form#finder button[type=submit]`)
	u, err := url.Parse(location(t, ctx))
	if err != nil || u.Path != "/fil/finder" || u.Query().Get("room_depth_cm") != "300" {
		t.Fatalf("the Filipino finder led to %s, want /fil/finder with the answers", location(t, ctx))
	}
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "fil" {
		t.Errorf("%s: <html lang=%q>, want fil", u.RequestURI(), lang)
	}
	got := shortlist(t, s, ctx)
	if len(got) == 0 || slices.Contains(got, "/") {
		t.Fatalf("%s: shortlist %q, want chairs with links", u.RequestURI(), got)
	}
	navigate(t, ctx, s.base+"/finder?"+u.RawQuery)
	if want := shortlist(t, s, ctx); !slices.Equal(got, want) {
		t.Errorf("the Filipino shortlist is %q, the English one %q: the finder must rank the same in every language", got, want)
	}
}

// testFilipinoTriage answers the Filipino triage with numbness between the
// legs: the emergency level, in Filipino, with the number to call.
func (s *browserSuite) testFilipinoTriage(t *testing.T, fil *locale.Printer) {
	ctx := s.tab(t)
	navigate(t, ctx, s.base+"/fil/safety/triage")
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`form#triage input[name=hours_since_massage]`), "5"),
		chromedp.SetValue(chromedp.CSS(`form#triage input[name=pain]`), "3"),
		chromedp.Click(chromedp.CSS(`form#triage input[name=symptom][value=saddle_numbness]`)))
	clickNavigate(t, ctx, `form#triage button[type=submit]`)
	u, err := url.Parse(location(t, ctx))
	if err != nil || u.Path != "/fil/safety/triage" || u.Query().Get("symptom") != "saddle_numbness" {
		t.Fatalf("the Filipino triage led to %s, want /fil/safety/triage with the answers", location(t, ctx))
	}
	if h := eval[string](t, ctx, `(document.querySelector("h1#result-level") || {}).textContent || ""`); h != fil.T("triage.level.emergency.headline", safety.Hotline) {
		t.Errorf("%s: the result reads %q, want the emergency headline %q", u.RequestURI(), h, fil.T("triage.level.emergency.headline", safety.Hotline))
	}
	call := eval[string](t, ctx, `(document.querySelector('a[href="tel:`+safety.Hotline+`"]') || {}).textContent || ""`)
	if call != fil.T("triage.page.call", safety.Hotline) {
		t.Errorf("%s: the call link reads %q, want %q", u.RequestURI(), call, fil.T("triage.page.call", safety.Hotline))
	}
}

// testFilipinoSearch searches the Filipino site in plain Filipino for a
// chair for a sore back: it finds chairs, and first among the articles the
// safety article about back pain after a massage, in Filipino.
func (s *browserSuite) testFilipinoSearch(t *testing.T) {
	ctx := s.tab(t)
	navigate(t, ctx, s.base+"/fil/")
	const q = "upuan para sa masakit na likod"
	const input = `form#site-search input[name=q]`
	do(t, ctx, chromedp.SendKeys(chromedp.CSS(input), q))
	resp, err := chromedp.RunResponse(ctx, chromedp.SendKeys(chromedp.CSS(input), kb.Enter))
	if err != nil {
		t.Fatalf("submitting %s with Enter: %v", input, err)
	}
	checkStatus(t, resp)
	u, err := url.Parse(location(t, ctx))
	if err != nil || u.Path != "/fil/search" || u.Query().Get("q") != q {
		t.Fatalf("the search led to %s, want /fil/search?q=%s", location(t, ctx), url.QueryEscape(q))
	}
	// Chairs come as search results and in the "best for" lists.
	chairs := eval[[]string](t, ctx, `[...new Set(Array.from(document.querySelectorAll("#search-results a[href], #best-results a[href]"), a => a.getAttribute("href")).filter(h => h.startsWith("/fil/chairs/")).map(h => h.split(/[?#]/)[0]))]`)
	if len(chairs) < 2 {
		t.Errorf("%s: chairs found %q, want the chairs for a sore back", u.RequestURI(), chairs)
	}
	articles := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#article-results a.article-link"), a => a.getAttribute("href"))`)
	if len(articles) == 0 || articles[0] != "/fil/articles/over-massaging-your-back" {
		t.Errorf("%s: the articles found are %q, want the safety article /fil/articles/over-massaging-your-back first", u.RequestURI(), articles)
	}
}

// testAcceptLanguage: a browser that prefers Filipino gets the English
// page it asked for, with a link, in Filipino, to the same page in
// Filipino: never a redirect. The page with the link passes axe-core.
func (s *browserSuite) testAcceptLanguage(t *testing.T, axeJS string) {
	if len(s.slugs) == 0 {
		t.Fatal("no chair slugs from the API")
	}
	ctx := s.tab(t)
	if _, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
		t.Fatalf("Page.setBypassCSP: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "fil-PH,fil;q=0.9,en;q=0.5"}}); err != nil {
		t.Fatalf("Network.setExtraHTTPHeaders: %v", err)
	}
	en := "/chairs/" + url.PathEscape(s.slugs[0])
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(s.base+en))
	if err != nil {
		t.Fatal(err)
	}
	checkStatus(t, resp)
	if s.pathOf(resp.URL) != en || s.pathOf(location(t, ctx)) != en {
		t.Errorf("GET %s with Accept-Language fil answered %s and shows %s, want the English page itself", en, resp.URL, location(t, ctx))
	}
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "en" {
		t.Errorf("%s: <html lang=%q>, want en", en, lang)
	}
	offer := eval[map[string]string](t, ctx, `(a => a ? {href: a.getAttribute("href"), lang: a.closest("[lang]").lang} : {})(document.querySelector(".lang-suggest a"))`)
	if offer["href"] != "/fil"+en || offer["lang"] != "fil" {
		t.Errorf("%s with Accept-Language fil: the suggestion is %v, want a Filipino link to /fil%s", en, offer, en)
	}
	for _, v := range runAxe(t, ctx, axeJS) {
		t.Errorf("%s with Accept-Language fil: axe %s (%s): %s; %d element(s), first %s: %s", en, v.ID, v.Impact, v.Help, v.Nodes, v.Target, v.HTML)
	}
}
