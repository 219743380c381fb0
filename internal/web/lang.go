package web

import (
	"context"
	"net/http"
	"strings"

	"masahe/internal/locale"
)

// Languages: English at the root, Filipino under /fil (docs/I18N.md). The
// languages middleware reads the language from the path and routes the
// request on the rest of it, so /fil/chairs/x is served by the handler of
// /chairs/x; handlers read the language with requestLang.

type langKey struct{}

// languages takes the language prefix off the path and puts the language
// in the request's context. The API, static files and the site's own
// machine files exist once, at the root: under a language prefix they are
// not found.
func (s *Server) languages(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang, rest := locale.Split(r.URL.Path)
		if localized(rest) {
			// Every page offers the language the browser prefers.
			w.Header().Add("Vary", "Accept-Language")
		}
		if lang == locale.English {
			next.ServeHTTP(w, r)
			return
		}
		if !localized(rest) {
			http.NotFound(w, r)
			return
		}
		r2 := r.WithContext(context.WithValue(r.Context(), langKey{}, lang))
		u := *r.URL
		u.Path, u.RawPath = rest, ""
		r2.URL = &u
		next.ServeHTTP(w, r2)
		// The metrics and the log label requests by route.
		r.Pattern = r2.Pattern
	})
}

// localized reports whether a path within a language is a page that has
// one address per language.
func localized(rest string) bool {
	for _, p := range []string{"/api/", "/static/", "/metrics", "/healthz", "/robots.txt", "/favicon.ico", "/sitemap.xml"} {
		if strings.HasPrefix(rest, p) {
			return false
		}
	}
	return true
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
