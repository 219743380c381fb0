package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
	for _, target := range []string{"/fil/api/v1/chairs", "/fil/sitemap.xml", "/filipino"} {
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
		{"/chairs/" + slug, "fil-PH,fil;q=0.9,en;q=0.5", `<p class="lang-suggest" lang="fil"><a href="/fil/chairs/` + slug + `" hreflang="fil">Basahin ang pahinang ito sa Filipino</a>`},
		{"/chairs/" + slug, "tl", `<p class="lang-suggest" lang="fil"><a href="/fil/chairs/` + slug + `"`},
		{"/fil/chairs/" + slug, "en-US,en;q=0.9", `<p class="lang-suggest" lang="en"><a href="/chairs/` + slug + `" hreflang="en">Read this page in English</a>`},
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
