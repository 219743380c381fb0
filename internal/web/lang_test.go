package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"masahe/internal/account"
	"masahe/internal/locale"
)

// TestFilipinoPages: a page under /fil is the same page in Filipino: the
// lang attribute, og:locale, canonical and hreflang alternates name its
// language, the switch leads to the same page in English (query kept), and
// the links of the layout stay in Filipino.
func TestFilipinoPages(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	slug := f.doc.Chairs[0].Slug
	for _, tc := range []struct {
		target, lang, canonical, en, fil, switchTo string
	}{
		{"/fil/chairs/" + slug, "fil", "/fil/chairs/" + slug, "/chairs/" + slug, "/fil/chairs/" + slug, "/chairs/" + slug},
		{"/chairs/" + slug, "en", "/chairs/" + slug, "/chairs/" + slug, "/fil/chairs/" + slug, "/fil/chairs/" + slug},
		{"/fil/", "fil", "/fil/", "/", "/fil/", "/"},
		{"/fil", "fil", "/fil/", "/", "/fil/", "/"},
		{"/fil/safety/triage", "fil", "/fil/safety/triage", "/safety/triage", "/fil/safety/triage", "/safety/triage"},
		{"/fil/search?q=upuan", "fil", "/fil/search?q=upuan", "/search?q=upuan", "/fil/search?q=upuan", "/search?q=upuan"},
	} {
		w := f.do(t, http.MethodGet, tc.target)
		if w.Code != http.StatusOK {
			t.Errorf("GET %s: status %d", tc.target, w.Code)
			continue
		}
		body := w.Body.String()
		for _, want := range []string{
			`<html lang="` + tc.lang + `">`,
			`<link rel="canonical" href="http://example.test` + tc.canonical + `">`,
			`<link rel="alternate" hreflang="en" href="http://example.test` + tc.en + `">`,
			`<link rel="alternate" hreflang="fil" href="http://example.test` + tc.fil + `">`,
			`<link rel="alternate" hreflang="x-default" href="http://example.test` + tc.en + `">`,
			`href="` + tc.switchTo + `" hreflang=`,
		} {
			if !strings.Contains(body, strings.ReplaceAll(want, "&", "&amp;")) {
				t.Errorf("GET %s: no %s", tc.target, want)
			}
		}
		wantLocale, chairsLink := `content="en_PH"`, `href="/chairs"`
		if tc.lang == "fil" {
			wantLocale, chairsLink = `content="fil_PH"`, `href="/fil/chairs"`
		}
		if !strings.Contains(body, `<meta property="og:locale" `+wantLocale) || !strings.Contains(body, chairsLink) {
			t.Errorf("GET %s: want og:locale %s and the nav link %s", tc.target, wantLocale, chairsLink)
		}
	}
	// Machine files and the API exist once, at the root.
	for _, target := range []string{"/fil/api/v1/chairs", "/fil/sitemap.xml", "/fil/feed.atom", "/fil/tags/safety/feed.atom", "/fil/media/640-0123456789abcdef.webp", "/filipino"} {
		if w := f.do(t, http.MethodGet, target); w.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, w.Code)
		}
	}
}

// TestAcceptLanguageSuggests: a browser that prefers Filipino is offered
// the Filipino page, in Filipino, and served the English one it asked for:
// the header never redirects. A browser that asks for the page's own
// language, or one the site does not speak, is offered nothing.
func TestAcceptLanguageSuggests(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	slug := f.doc.Chairs[0].Slug
	for _, tc := range []struct {
		target, header, offer string
	}{
		{"/chairs/" + slug, "fil-PH,fil;q=0.9,en;q=0.5", `<aside class="lang-suggest" lang="fil"><a href="/fil/chairs/` + slug + `" hreflang="fil">Basahin ang pahinang ito sa Filipino</a>`},
		{"/chairs/" + slug, "tl", `<aside class="lang-suggest" lang="fil"><a href="/fil/chairs/` + slug + `"`},
		{"/fil/chairs/" + slug, "en-US,en;q=0.9", `<aside class="lang-suggest" lang="en"><a href="/chairs/` + slug + `" hreflang="en">Read this page in English</a>`},
		{"/chairs/" + slug, "en-US", ""},
		{"/fil/chairs/" + slug, "fil", ""},
		{"/chairs/" + slug, "ja", ""},
	} {
		r := httptest.NewRequest(http.MethodGet, tc.target, nil)
		r.Header.Set("Accept-Language", tc.header)
		w := httptest.NewRecorder()
		f.h.ServeHTTP(w, r)
		if w.Code != http.StatusOK || w.Header().Get("Location") != "" {
			t.Errorf("GET %s (Accept-Language %s): status %d, Location %q; want the page itself", tc.target, tc.header, w.Code, w.Header().Get("Location"))
			continue
		}
		body := w.Body.String()
		if tc.offer == "" && strings.Contains(body, "lang-suggest") {
			t.Errorf("GET %s (Accept-Language %s): offers a language", tc.target, tc.header)
		}
		if tc.offer != "" && !strings.Contains(body, tc.offer) {
			t.Errorf("GET %s (Accept-Language %s): no %s", tc.target, tc.header, tc.offer)
		}
	}
}

// TestCacheSeparatesLanguages: the English and Filipino pages of one
// address are cached apart, so neither is ever served for the other.
func TestCacheSeparatesLanguages(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	slug := f.doc.Chairs[0].Slug
	for range 2 { // the second round is served from the cache
		for target, lang := range map[string]string{"/chairs/" + slug: "en", "/fil/chairs/" + slug: "fil"} {
			w := f.do(t, http.MethodGet, target)
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `<html lang="`+lang+`">`) {
				t.Errorf("GET %s: status %d, want lang %s", target, w.Code, lang)
			}
		}
	}
	f.srv.cache.mu.Lock()
	defer f.srv.cache.mu.Unlock()
	for _, key := range []string{"/chairs/" + slug, "/fil/chairs/" + slug} {
		if _, ok := f.srv.cache.pages[key]; !ok {
			t.Errorf("the cache has no %s", key)
		}
	}
}

// TestSitemapAlternates: the sitemap lists each page in both languages,
// each with its hreflang alternates.
func TestSitemapAlternates(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	body := f.do(t, http.MethodGet, "/sitemap.xml").Body.String()
	slug := f.doc.Chairs[0].Slug
	for _, want := range []string{
		"<loc>http://example.test/chairs/" + slug + "</loc>",
		"<loc>http://example.test/fil/chairs/" + slug + "</loc>",
		`<link xmlns="http://www.w3.org/1999/xhtml" rel="alternate" hreflang="fil" href="http://example.test/fil/chairs/` + slug + `">`,
		`<link xmlns="http://www.w3.org/1999/xhtml" rel="alternate" hreflang="x-default" href="http://example.test/chairs/` + slug + `">`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the sitemap has no %s", want)
		}
	}
}

// TestFilipinoSafetyGuides: /fil/safety/... serves the Filipino guide
// pages, with their titles and links in Filipino.
func TestFilipinoSafetyGuides(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	for target, want := range map[string][]string{
		"/fil/safety":           {"<h1>Ligtas na paggamit ng massage chair</h1>", `href="/fil/safety/session-length"`, `href="/fil/safety/triage"`},
		"/fil/safety/red-flags": {"Pumunta sa emergency ngayon, o tumawag sa 911", `<a href="/fil/safety/triage">`, ` lang="en">`},
		"/safety/red-flags":     {`<html lang="en">`, `href="/safety/triage"`},
	} {
		w := f.do(t, http.MethodGet, target)
		if w.Code != http.StatusOK {
			t.Errorf("GET %s: status %d", target, w.Code)
		}
		for _, s := range want {
			if !strings.Contains(w.Body.String(), s) {
				t.Errorf("GET %s: no %s", target, s)
			}
		}
	}
}

// TestLocalRedirect: a redirect from a Filipino page to another page of the
// site goes to that page in Filipino; one that already names a language,
// leaves the site, or goes to an address that exists once stays as it is.
func TestLocalRedirect(t *testing.T) {
	t.Parallel()
	for loc, want := range map[string]string{
		"/":                        "/fil/",
		"/account":                 "/fil/account",
		"/account?done=watching#w": "/fil/account?done=watching#w",
		"/login?next=%2Faccount":   "/fil/login?next=%2Faccount",
		"/?q=1":                    "/fil/?q=1",
		"/filipino":                "/fil/filipino",
		"/fil":                     "/fil",
		"/fil/chairs?x=1":          "/fil/chairs?x=1",
		"/api/v1/chairs":           "/api/v1/chairs",
		"/static/site.css":         "/static/site.css",
		"/media/640-abc.webp":      "/media/640-abc.webp",
		"/sitemap.xml":             "/sitemap.xml",
		"/tags/x/feed.atom":        "/tags/x/feed.atom",
		"/admin":                   "/admin",
		"/admin/reviews?done=1":    "/admin/reviews?done=1",
		"/administrators":          "/fil/administrators",
		"//evil.example/x":         "//evil.example/x",
		`/\evil.example`:           `/\evil.example`,
		"https://evil.example/":    "https://evil.example/",
		"http://example.test/x":    "http://example.test/x",
		"mailto:a@example.ph":      "mailto:a@example.ph",
	} {
		if got := localRedirect(loc, locale.Filipino); got != want {
			t.Errorf("localRedirect(%q) = %q, want %q", loc, got, want)
		}
	}
}

// TestRedirectsKeepLanguage sends every request of the authorization
// matrix, as each person, under /fil. A page answers with the status it
// gives in English, and each of its redirects leads to a page in Filipino
// (a page that needs a login to the Filipino login, with the way back to
// the page), or
// to the admin, which is English only. The API and the machine files are
// not found under /fil, and the admin redirects to its English address,
// method and query kept; each of those requests is then sent to its
// English address, which answers as the matrix says, so that the requests
// after it find the data the matrix expects.
func TestRedirectsKeepLanguage(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, true)
	d := addMatrixData(t, f, starterAuthzData(t))
	var cookies [nWho]string
	login := func(who int) {
		if who != anonymous {
			cookies[who] = f.login(t, authzEmails[who], testPassword, "")
		}
	}
	for who := range nWho {
		login(who)
	}
	send := func(row authzRow, who int, target string) *httptest.ResponseRecorder {
		method, _, _ := strings.Cut(row.pattern, " ")
		q := req{method: method, target: target, cookie: cookies[who]}
		if row.form != nil {
			q.form = row.form(who)
		}
		if row.json != "" {
			q.body, q.header = row.json, map[string]string{"Content-Type": "application/json"}
		}
		w := f.do(t, q)
		// Logging in, signing up or out changed who this browser is.
		if setCookie(w) != nil {
			login(who)
		}
		return w
	}
	redirects := 0
	for _, row := range authzRows(d) {
		path, _, _ := strings.Cut(row.target, "?")
		fil := locale.Filipino.Path(row.target)
		for _, who := range whoOrder {
			what := whoNames[who] + ": " + row.pattern + " as " + fil
			w := send(row, who, fil)
			loc := w.Header().Get("Location")
			if !localized(path) || englishOnly(path) {
				if want := http.StatusNotFound; !localized(path) && w.Code != want {
					t.Errorf("%s: status %d, want %d", what, w.Code, want)
				}
				if englishOnly(path) && (w.Code != http.StatusPermanentRedirect || loc != row.target) {
					t.Errorf("%s: status %d to %q, want %d to %s", what, w.Code, loc, http.StatusPermanentRedirect, row.target)
				}
				if w = send(row, who, row.target); w.Code != row.want[who] {
					t.Errorf("%s: then %s answers %d, want %d", what, row.target, w.Code, row.want[who])
				}
				continue
			}
			if w.Code != row.want[who] {
				t.Errorf("%s: status %d, want %d as in English. Body %.200s", what, w.Code, row.want[who], w.Body)
			}
			if w.Code < 300 || w.Code > 399 {
				continue
			}
			redirects++
			locPath, _, _ := strings.Cut(loc, "?")
			if lang, rest := locale.Split(locPath); lang != locale.Filipino && !englishOnly(rest) {
				t.Errorf("%s: redirects to %q, not a Filipino page", what, loc)
			}
			if who == anonymous && row.location != "" && !sameLogin(loc, row.location) {
				t.Errorf("%s: redirects to %q, want the Filipino form of %s", what, loc, row.location)
			}
		}
	}
	// The matrix's own count: every one of these answers is a redirect.
	if redirects < 40 {
		t.Errorf("only %d redirects from Filipino pages: has the matrix lost its redirecting rows?", redirects)
	}
	t.Logf("%d redirects from Filipino pages, all in Filipino", redirects)
}

// sameLogin reports whether loc, a redirect from a Filipino page, is the
// Filipino form of en, the English page's redirect to the login: the login
// under /fil, and next naming the same page, within the language or with
// its prefix.
func sameLogin(loc, en string) bool {
	got, err1 := url.Parse(loc)
	want, err2 := url.Parse(en)
	return err1 == nil && err2 == nil && got.Path == locale.Filipino.Path(want.Path) &&
		locale.Switch(got.Query().Get("next"), locale.English) == want.Query().Get("next")
}

// TestPageRedirectsKeepLanguage: the redirects of public pages that the
// authorization matrix does not ask for (the catalog's compare form, a tag
// by its old name) lead, from a Filipino page, to the Filipino address of
// the page the English one leads to.
func TestPageRedirectsKeepLanguage(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	a, b := f.doc.Chairs[0].Slug, f.doc.Chairs[1].Slug
	for _, target := range []string{
		"/chairs?chairs=" + a + "&chairs=" + b + "&go=compare",
		"/chairs?chairs=" + a + "&sort=name",
		"/tags/back%20pain",
	} {
		en := f.do(t, http.MethodGet, target)
		fil := f.do(t, http.MethodGet, locale.Filipino.Path(target))
		enLoc, filLoc := en.Header().Get("Location"), fil.Header().Get("Location")
		if en.Code < 300 || en.Code > 399 || enLoc == "" {
			t.Errorf("GET %s: status %d, Location %q; want a redirect", target, en.Code, enLoc)
			continue
		}
		if want := locale.Switch(enLoc, locale.Filipino); fil.Code != en.Code || filLoc != want {
			t.Errorf("GET /fil%s: status %d to %q, want %d to %s", target, fil.Code, filLoc, en.Code, want)
		}
	}
}

// TestAdminStaysEnglish: the admin is for staff and in English only. Under
// /fil any admin address redirects (308, so a posted form keeps its method
// and body) to the English one, query kept; the English admin pages are
// lang="en" and offer no other language: no hreflang alternates, no
// language switch, no suggestion from Accept-Language.
func TestAdminStaysEnglish(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, true)
	f.addUser(t, "editor@example.ph", account.Editor, testHash(t))
	cookie := f.login(t, "editor@example.ph", testPassword, "")
	for _, q := range []req{
		{method: http.MethodGet, target: "/fil/admin"},
		{method: http.MethodGet, target: "/fil/admin/chairs?q=osaki&page=2"},
		{method: http.MethodPost, target: "/fil/admin/chairs/new", form: url.Values{"name": {"X"}}},
	} {
		q.cookie = cookie
		w := f.do(t, q)
		want := strings.TrimPrefix(q.target, "/fil")
		if w.Code != http.StatusPermanentRedirect || w.Header().Get("Location") != want {
			t.Errorf("%s %s: status %d to %q, want 308 to %s", q.method, q.target, w.Code, w.Header().Get("Location"), want)
		}
	}
	w := f.do(t, req{method: http.MethodGet, target: "/admin/chairs", cookie: cookie, header: map[string]string{"Accept-Language": "fil"}})
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, `<html lang="en">`) {
		t.Fatalf("GET /admin/chairs: status %d, want 200 with lang=en", w.Code)
	}
	for _, unwanted := range []string{`hreflang=`, `class="lang-switch"`, `class="lang-suggest"`, `href="/fil/`} {
		if strings.Contains(body, unwanted) {
			t.Errorf("GET /admin/chairs (Accept-Language: fil) has %s: the admin offers no other language", unwanted)
		}
	}
	if v := w.Header().Values("Vary"); slices.Contains(v, "Accept-Language") {
		t.Errorf("GET /admin/chairs: Vary %q; the admin does not depend on the browser's language", v)
	}
}
