package main

// Browser tests of issue 11: the finder and where to try on a phone, and the
// pages owners and editors use to make the data grow.

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// placesPages are the key pages of where to try, checked with the others.
var placesPages = []string{"/where-to-try", "/where-to-try?region=XI", "/where-to-try?brand=ogawa&kind=service_centre",
	"/finder?height_cm=160&weight_kg=60&room_width_cm=250&room_depth_cm=300"}

// testPhoneFinder, on a 390 px wide phone: fills the finder, opens the
// first chair's full check, follows "where to try" to the places and on
// to one region's list. No page scrolls sideways.
func (s *browserSuite) testPhoneFinder(t *testing.T) {
	ctx := s.tab(t)
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	noSideScroll := func() {
		t.Helper()
		if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
			wide := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("main *")).filter(e => e.getBoundingClientRect().right > 391).slice(0, 5).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right))`)
			t.Errorf("%s: the page is %d px wide on a 390 px phone; too wide: %q", location(t, ctx), w, wide)
		}
	}
	navigate(t, ctx, s.base+"/finder")
	for name, v := range map[string]string{"height_cm": "160", "weight_kg": "60", "room_width_cm": "250", "room_depth_cm": "300"} {
		do(t, ctx, chromedp.SetValue(chromedp.CSS(`form#finder input[name=`+name+`]`), v))
	}
	clickNavigate(t, ctx, `form#finder button[type=submit]`)
	if u, err := url.Parse(location(t, ctx)); err != nil || u.Query().Get("room_depth_cm") != "300" {
		t.Fatalf("the finder led to %s, want the answers in the address", location(t, ctx))
	}
	noSideScroll()
	const card = `#shortlist li.result`
	if n := count(t, ctx, card); n == 0 {
		t.Fatalf("%s: empty shortlist", location(t, ctx))
	}
	badge := eval[string](t, ctx, `document.querySelector("`+card+` .result-head .verdict").textContent`)
	if !strings.HasPrefix(badge, "Fits") && badge != "Borderline" {
		t.Errorf("the first card's badge reads %q, want a verdict in words", badge)
	}
	if eval[bool](t, ctx, `document.querySelector("`+card+` details.full-check").open`) {
		t.Fatal("the full check is open before it is tapped")
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(card+` details.full-check summary`)))
	if !eval[bool](t, ctx, `document.querySelector("`+card+` details.full-check").open`) {
		t.Fatal("tapping the summary did not open the full check")
	}
	if h := eval[int](t, ctx, `document.querySelector("`+card+` details.full-check ul.checks").offsetHeight`); h == 0 {
		t.Error("the opened full check shows no checks")
	}
	clickNavigate(t, ctx, card+` details.full-check a[href^="/where-to-try?brand="]`)
	u, err := url.Parse(location(t, ctx))
	if err != nil || u.Path != "/where-to-try" || u.Query().Get("brand") == "" {
		t.Fatalf("“where to try” led to %s, want /where-to-try for the chair's brand", location(t, ctx))
	}
	noSideScroll()
	if n := count(t, ctx, `ul.region-list li a`); n != 17 {
		t.Errorf("the region list has %d links, want 17", n)
	}
	clickNavigate(t, ctx, `ul.region-list li a`)
	u, err = url.Parse(location(t, ctx))
	if err != nil || u.Query().Get("region") == "" || u.Query().Get("brand") == "" || u.Fragment != "places" {
		t.Fatalf("the region link led to %s, want one region's list for the brand", location(t, ctx))
	}
	if h := eval[string](t, ctx, `document.querySelector("#places-title").textContent`); !strings.Contains(h, " in ") {
		t.Errorf("the region list's heading %q does not name the region", h)
	}
	noSideScroll()
}

// testGrowthPages: the owner's spec form, the editor's submission queue,
// the data page and the place form pass axe-core and the Nu HTML Checker.
func (s *browserSuite) testGrowthPages(t *testing.T, axeJS, java, vnuJar string) {
	if len(s.slugs) == 0 {
		t.Skip("no chair slug from the API")
	}
	ctx := s.tab(t)
	if _, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
		t.Fatalf("Page.setBypassCSP: %v", err)
	}
	check := func(path string) {
		t.Helper()
		navigate(t, ctx, s.base+path)
		for _, v := range runAxe(t, ctx, axeJS) {
			t.Errorf("%s: axe %s (%s): %s; %d element(s), first %s: %s", path, v.ID, v.Impact, v.Help, v.Nodes, v.Target, v.HTML)
		}
		doc := fetchText(t, ctx, fmt.Sprintf(`fetch(%q).then(r => r.text())`, path))
		for _, e := range vnuErrors(t, java, vnuJar, doc) {
			t.Errorf("%s: %s", path, e)
		}
	}
	signUpAndLogIn(t, ctx, s.base, "owner@example.ph", "Owner in Cebu", "an owner's long passphrase")
	submit := "/chairs/" + url.PathEscape(s.slugs[0]) + "/submit"
	check(submit)
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`#sb-field`), "reclined_depth_cm"))
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`#sb-value`), "182"))
	do(t, ctx, chromedp.Click(chromedp.CSS(`input[name=how][value=measured]`)))
	clickNavigate(t, ctx, `form.submit-form button[type=submit]`)
	if loc := location(t, ctx); !strings.Contains(loc, "/account?done=submitted") {
		t.Fatalf("sending the spec led to %s, want the account page", loc)
	}
	check("/account")
	fetchText(t, ctx, `fetch("/logout", {method: "POST"}).then(r => r.text())`)

	if _, _, err := runCmdIn(t, "growth-editor-pass-2026\n", "user", "create", "--database", s.db, "--email", "growth-editor@example.ph", "--role", "editor"); err != nil {
		t.Fatal(err)
	}
	navigate(t, ctx, s.base+"/login")
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`input[name=email]`), "growth-editor@example.ph"))
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`input[name=password]`), "growth-editor-pass-2026"))
	clickNavigate(t, ctx, `form.auth button[type=submit]`)
	for _, p := range []string{"/admin/submissions", "/admin/data", "/admin/places", "/admin/places/new", "/admin/sources/new"} {
		check(p)
	}
	fetchText(t, ctx, `fetch("/logout", {method: "POST"}).then(r => r.text())`)
}
