package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"masahe/internal/locale"
)

// Languages: English at the root, Filipino under /fil (docs/I18N.md). The
// languages middleware reads the language from the path and routes the
// request on the rest of it, so /fil/chairs/x is served by the handler of
// /chairs/x; handlers read the language with requestLang, and their
// redirects stay in the language without their knowing.

type langKey struct{}

// languages takes the language prefix off the path and puts the language
// in the request's context. The API, static files and the site's own
// machine files exist once, at the root: under a language prefix they are
// not found. The staff's admin pages are English only: under a language
// prefix they redirect to the English address.
func (s *Server) languages(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang, rest := locale.Split(r.URL.Path)
		if localized(rest) && !englishOnly(rest) {
			// Every page offers the language the browser prefers.
			w.Header().Add("Vary", "Accept-Language")
		}
		switch {
		case lang == locale.English:
			next.ServeHTTP(w, r)
			return
		case !localized(rest):
			http.NotFound(w, r)
			return
		case englishOnly(rest):
			// 308 keeps the method and body, so a form posted under the
			// prefix still reaches its handler.
			u := url.URL{Path: rest, RawQuery: r.URL.RawQuery}
			http.Redirect(w, r, u.String(), http.StatusPermanentRedirect)
			return
		}
		r2 := r.WithContext(context.WithValue(r.Context(), langKey{}, lang))
		u := *r.URL
		u.Path, u.RawPath = rest, ""
		r2.URL = &u
		next.ServeHTTP(langWriter{ResponseWriter: w, lang: lang}, r2)
		// The metrics and the log label requests by route.
		r.Pattern = r2.Pattern
	})
}

// localized reports whether a path within a language is a page that has
// one address per language. The Atom feeds, like the sitemap, are machine
// files in English: one each.
func localized(rest string) bool {
	for _, p := range []string{"/api/", "/static/", "/media/", "/metrics", "/healthz", "/robots.txt", "/favicon.ico", "/sitemap.xml"} {
		if strings.HasPrefix(rest, p) {
			return false
		}
	}
	return !strings.HasSuffix(rest, "/feed.atom")
}

// englishOnly reports whether a path is one of the pages only staff use,
// which are written in English alone: the admin.
func englishOnly(rest string) bool {
	return rest == "/admin" || strings.HasPrefix(rest, "/admin/")
}

// langWriter keeps a page's redirects in its language: a redirect to
// another page of the site (/account) leads to that page in the language
// (/fil/account). A Location that already names a language, leads off the
// site, or to an address that exists once (the API, files, feeds, the
// admin) is left as it is.
type langWriter struct {
	http.ResponseWriter
	lang locale.Lang
}

func (w langWriter) WriteHeader(code int) {
	if code >= 300 && code < 400 {
		if loc := w.Header().Get("Location"); loc != "" {
			w.Header().Set("Location", localRedirect(loc, w.lang))
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w langWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// localRedirect is loc, a redirect's Location, in lang.
func localRedirect(loc string, lang locale.Lang) string {
	// Only a path on this site: "/x", not "//host/x", "/\host" or a URL.
	if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, `/\`) {
		return loc
	}
	path := loc
	if i := strings.IndexAny(loc, "?#"); i >= 0 {
		path = loc[:i]
	}
	if l, rest := locale.Split(path); l != locale.English || !localized(rest) || englishOnly(rest) {
		return loc
	}
	return locale.Switch(loc, lang)
}

// requestLang is the language of the request's page.
func requestLang(r *http.Request) locale.Lang {
	return contextLang(r.Context())
}

// contextLang is the language of the page whose request has the context.
func contextLang(ctx context.Context) locale.Lang {
	if l, ok := ctx.Value(langKey{}).(locale.Lang); ok {
		return l
	}
	return locale.English
}

// printer writes the messages of the request's language.
func (s *Server) printer(r *http.Request) *locale.Printer {
	return s.bundle.Printer(requestLang(r))
}
