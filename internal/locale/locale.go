// Package locale is the site's languages: the message catalogs with their
// plural forms, numbers, pesos and dates written for each language, the
// language part of a URL, the Accept-Language suggestion, and the
// Filipino and Taglish search synonyms. It does no I/O beyond its embedded
// files and imports no net/http.
package locale

import (
	"io/fs"
	"strings"

	"golang.org/x/text/language"
)

// Lang is a language the site speaks, by its BCP 47 code; the code is also
// the page's lang attribute.
type Lang string

const (
	// English is the site's source language, served at the root.
	English Lang = "en"
	// Filipino is served under the /fil/ prefix.
	Filipino Lang = "fil"
)

// Langs lists the languages, the source language first.
var Langs = []Lang{English, Filipino}

// Parse reads a language code ("en", "fil"); it accepts nothing else.
func Parse(code string) (Lang, bool) {
	for _, l := range Langs {
		if string(l) == code {
			return l, true
		}
	}
	return "", false
}

// Tag is the language's tag for golang.org/x/text.
func (l Lang) Tag() language.Tag { return language.Make(string(l)) }

// Name is the language's name in itself, for the language switch.
func (l Lang) Name() string {
	if l == Filipino {
		return "Filipino"
	}
	return "English"
}

// prefix is the first path segment of the language's pages; English has
// none.
func (l Lang) prefix() string {
	if l == English {
		return ""
	}
	return "/" + string(l)
}

// Split separates a request path into its language and the path of the
// page within that language: "/fil/chairs/x" is Filipino "/chairs/x",
// "/fil" and "/fil/" are Filipino "/", and anything else is English,
// unchanged ("/filipino" is English "/filipino").
func Split(path string) (Lang, string) {
	if path == "" {
		return English, "/"
	}
	for _, l := range Langs[1:] {
		p := l.prefix()
		if path == p {
			return l, "/"
		}
		if rest, ok := strings.CutPrefix(path, p); ok && strings.HasPrefix(rest, "/") {
			return l, rest
		}
	}
	return English, path
}

// Path is the address of a page in the language: English "/chairs" is
// "/chairs", Filipino "/chairs" is "/fil/chairs", and Filipino "/" is
// "/fil/". rest is a path within a language, as Split returns it; a path
// already in the language ("/fil/chairs" for Filipino) is returned as it
// is, so a view may hold either and templates' link gives one address.
func (l Lang) Path(rest string) string {
	if !strings.HasPrefix(rest, "/") {
		rest = "/" + rest
	}
	if got, _ := Split(rest); got == l && l != English {
		return rest
	}
	return l.prefix() + rest
}

// Switch is the address of the same page in another language: uri is a
// path with an optional query and fragment, which are kept
// ("/fil/chairs?q=upuan" in English is "/chairs?q=upuan").
func Switch(uri string, to Lang) string {
	path, tail := uri, ""
	if i := strings.IndexAny(uri, "?#"); i >= 0 {
		path, tail = uri[:i], uri[i:]
	}
	_, rest := Split(path)
	return to.Path(rest) + tail
}

// Content is a language's own copy of a page template, such as
// content/fil/safety_red_flags.html, when it has one: the page's words
// written in the language, with the same template actions as the English
// page (content_test.go holds them to that).
func Content(l Lang, page string) ([]byte, bool) {
	if l == English {
		return nil, false
	}
	b, err := fs.ReadFile(files, "content/"+string(l)+"/"+page)
	return b, err == nil
}
