package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/locale"
	"masahe/internal/phtime"
	"masahe/internal/safety"
)

//go:embed templates static
var assets embed.FS

// Layout is the part of every page's data that the base layout uses.
type Layout struct {
	Title       string
	Description string
	Canonical   string
	Query       string
	Section     string
	// OGType is the page's Open Graph type; "" is "website".
	OGType string
	// JSONLD holds the page's structured data, each made by jsonLD.
	JSONLD []template.JS
	// Feeds are the Atom feeds the page announces.
	Feeds []feedLink
	// Lang is the page's language. Templates write its messages with the
	// T, plural and TH functions (langFuncs).
	Lang locale.Lang
	// Alternates are the page's full address in every language, for
	// hreflang; Switch the language switch's links (the page in the other
	// languages).
	Alternates []alternate
	Switch     []alternate
	// Suggest, when set, offers the page in the language the browser
	// prefers (Accept-Language): a link, never a redirect.
	Suggest *alternate
	// Preload fetches the page's main photo alongside the stylesheet,
	// because it is the largest thing on the first screen (preloadLink).
	Preload template.HTML
}

// alternate is the page in one language. Hreflang is the language code, or
// "x-default" for the address a browser with no match should get.
type alternate struct {
	Lang     locale.Lang
	Hreflang string
	URL      string
	// Text is the link's words, written in Lang.
	Text string
}

// pageLang is the language of a page's data; render picks the template set
// by it. Every page embeds Layout, which has it.
func (l Layout) pageLang() locale.Lang { return l.Lang }

// OGLocale is the page's og:locale.
func (l Layout) OGLocale() string { return ogLocale(l.Lang) }

// OGLocale is the og:locale:alternate of the page in another language.
func (a alternate) OGLocale() string { return ogLocale(a.Lang) }

func ogLocale(l locale.Lang) string {
	if l == locale.Filipino {
		return "fil_PH"
	}
	return "en_PH"
}

// layout fills the common page data. title "" makes the site's own title.
func (s *Server) layout(r *http.Request, title, description string) Layout {
	lang := requestLang(r)
	p := s.bundle.Printer(lang)
	if description == "" {
		description = p.T("site.description")
	}
	u := url.URL{Path: lang.Path(r.URL.Path), RawQuery: r.URL.RawQuery}
	uri := u.String()
	section := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")[0]
	l := Layout{Title: title, Description: description, Canonical: s.cfg.BaseURL + uri, Section: section,
		Feeds: []feedLink{mainFeed}, Lang: lang}
	if englishOnly(r.URL.Path) {
		// The admin is in English alone: no other language to offer.
		return l
	}
	for _, other := range locale.Langs {
		l.Alternates = append(l.Alternates, alternate{Lang: other, Hreflang: string(other), URL: s.cfg.BaseURL + locale.Switch(uri, other)})
		if other != lang {
			l.Switch = append(l.Switch, alternate{Lang: other, Hreflang: string(other), URL: locale.Switch(uri, other), Text: other.Name()})
		}
	}
	l.Alternates = append(l.Alternates, alternate{Lang: locale.English, Hreflang: "x-default", URL: s.cfg.BaseURL + locale.Switch(uri, locale.English)})
	if to, ok := s.bundle.Suggest(r.Header.Get("Accept-Language"), lang); ok {
		l.Suggest = &alternate{Lang: to, Hreflang: string(to), URL: locale.Switch(uri, to), Text: s.bundle.Printer(to).T("lang.suggest")}
	}
	return l
}

// canonicalURL is the full address of path (a path within a language) in
// the request's language.
func (s *Server) canonicalURL(r *http.Request, path string) string {
	return s.cfg.BaseURL + requestLang(r).Path(path)
}

var funcs = template.FuncMap{
	"peso":   catalog.FormatPeso,
	"number": catalog.FormatInt,
	"add":    func(a, b int) int { return a + b },
	// pht shows a time in Philippine time.
	"pht":  func(t time.Time) time.Time { return t.In(phtime.Manila) },
	"list": func(items ...int) []int { return items },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	// anchor, srcLink and strong mark text up for a message's HTML
	// argument: a link, a link to a source (written in English), bold.
	"anchor": func(href, text string) template.HTML {
		return template.HTML(`<a href="` + template.HTMLEscapeString(href) + `">` + template.HTMLEscapeString(text) + `</a>`)
	},
	// anchorTo links a page in another language, saying which (hreflang).
	"anchorTo": func(href, text, hreflang string) template.HTML {
		return template.HTML(`<a href="` + template.HTMLEscapeString(href) + `" hreflang="` + template.HTMLEscapeString(hreflang) + `">` + template.HTMLEscapeString(text) + `</a>`)
	},
	"srcLink": func(src safety.Source) template.HTML {
		return template.HTML(`<a href="` + template.HTMLEscapeString(src.URL) + `" rel="nofollow noopener" lang="en">` +
			template.HTMLEscapeString(src.Title) + `</a>`)
	},
	"strong": func(s string) template.HTML {
		return template.HTML("<strong>" + template.HTMLEscapeString(s) + "</strong>")
	},
}

// langFuncs are the template functions of one language: T, plural and
// TH (a message with markup arguments, Printer.HTML; "html" is a
// template builtin) write its messages, and link gives a site path
// in it ({{link "/chairs"}} is /fil/chairs on a Filipino page), so links
// stay in the page's language.
func langFuncs(p *locale.Printer) template.FuncMap {
	return template.FuncMap{
		"T":      p.T,
		"plural": p.Plural,
		"TH":     p.HTML,
		"link":   func(path string) string { return p.Lang().Path(path) },
		"date":   p.Date,
		// pageLang is the language the template set writes.
		"pageLang": p.Lang,
		// sampleBadge marks a value as illustrative, inside a sentence.
		"sampleBadge": func() template.HTML {
			return template.HTML(`<span class="badge sample">` + template.HTMLEscapeString(p.T("badge.sample")) + `</span>`)
		},
	}
}

// parseTemplates parses the layout and partials with each page, one
// template set per page file and language. A Filipino page whose content
// has a Filipino copy (content/fil in internal/locale, such as the safety
// guides) is parsed from that copy.
func parseTemplates(static *staticFiles, b *locale.Bundle) (map[locale.Lang]map[string]*template.Template, error) {
	names, err := fs.Glob(assets, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	sets := map[locale.Lang]map[string]*template.Template{}
	for _, lang := range locale.Langs {
		pages := map[string]*template.Template{}
		for _, name := range names {
			t, err := template.New("").Funcs(funcs).Funcs(langFuncs(b.Printer(lang))).Funcs(template.FuncMap{"asset": static.url}).
				ParseFS(assets, "templates/layout.html", "templates/partials/*.html")
			if err != nil {
				return nil, fmt.Errorf("parse %s: %w", name, err)
			}
			src, ok := locale.Content(lang, path.Base(name))
			if !ok {
				if src, err = fs.ReadFile(assets, name); err != nil {
					return nil, err
				}
			}
			if t, err = t.New(path.Base(name)).Parse(string(src)); err != nil {
				return nil, fmt.Errorf("parse %s (%s): %w", name, lang, err)
			}
			pages[path.Base(name)] = t
		}
		sets[lang] = pages
	}
	return sets, nil
}

// render executes a page into a buffer and writes it only when that
// succeeded, so a template error never leaves half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) error {
	lang := locale.English
	if d, ok := data.(interface{ pageLang() locale.Lang }); ok {
		lang = d.pageLang()
	}
	t, ok := s.pages[lang][name]
	if !ok {
		return fmt.Errorf("no page template %s", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// renderPage renders a page with status 200, handing a failure to the
// error mapper.
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, name string, page any) {
	if err := s.render(w, http.StatusOK, name, page); err != nil {
		s.writeError(w, r, err)
	}
}
