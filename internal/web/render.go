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
	"masahe/internal/phtime"
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
	// Preload fetches the page's main photo alongside the stylesheet,
	// because it is the largest thing on the first screen (preloadLink).
	Preload template.HTML
}

// layout fills the common page data. title "" makes the site's own title.
func (s *Server) layout(r *http.Request, title, description string) Layout {
	if description == "" {
		description = "Masahe helps Filipino buyers find, compare and safely use massage chairs: every spec sourced, prices in pesos."
	}
	u := url.URL{Path: r.URL.Path, RawQuery: r.URL.RawQuery}
	section := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")[0]
	return Layout{Title: title, Description: description, Canonical: s.cfg.BaseURL + u.String(), Section: section,
		Feeds: []feedLink{mainFeed}}
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
}

// parseTemplates parses the layout and partials with each page, one
// template set per page file.
func parseTemplates(static *staticFiles) (map[string]*template.Template, error) {
	names, err := fs.Glob(assets, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		t, err := template.New("").Funcs(funcs).Funcs(template.FuncMap{"asset": static.url}).ParseFS(assets, "templates/layout.html", "templates/partials/*.html", name)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		pages[path.Base(name)] = t
	}
	return pages, nil
}

// render executes a page into a buffer and writes it only when that
// succeeded, so a template error never leaves half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) error {
	t, ok := s.pages[name]
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
