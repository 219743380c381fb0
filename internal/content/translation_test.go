package content

import (
	"strings"
	"testing"
)

// translationHead turns articleHead into a Filipino translation of it.
func translationHead(extra string) string {
	return strings.Replace(articleHead, "---\ntitle: Track types explained", "---\ntitle: Ang mga uri ng track\nlang: fil\n"+extra, 1)
}

func TestParseTranslation(t *testing.T) {
	t.Parallel()
	orig, err := ParseArticle("a.md", articleHead+body)
	if err != nil {
		t.Fatal(err)
	}
	if orig.Lang != "en" || orig.TranslationOf != "" {
		t.Errorf("an article without lang is an English original: lang %q, translation_of %q", orig.Lang, orig.TranslationOf)
	}
	tr, err := ParseArticle("fil/a.md", translationHead("translation_of: track-types\n")+body)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Lang != "fil" || tr.TranslationOf != "track-types" || tr.Slug != "track-types" {
		t.Errorf("translation = lang %q, translation_of %q, slug %q", tr.Lang, tr.TranslationOf, tr.Slug)
	}
	if err := CheckTranslation(orig, tr); err != nil {
		t.Errorf("CheckTranslation: %v", err)
	}
	for _, tt := range []struct {
		name   string
		edit   func(a *Article)
		inOrig bool
		want   string
	}{
		{"other original", func(a *Article) { a.TranslationOf = "other" }, false, "translation_of"},
		{"original is a translation", func(a *Article) { a.Lang, a.TranslationOf = "fil", "track-types" }, true, "not an English original"},
		{"category", func(a *Article) { a.Category = "care" }, false, "category"},
		{"tags", func(a *Article) { a.Tags = []string{"track"} }, false, "tags"},
		{"sources", func(a *Article) { a.Sources = []Ref{{Title: "Other", URL: "https://example.org/other"}} }, false, "source"},
		{"source order", func(a *Article) { a.Sources = append([]Ref{{Title: "B", URL: "https://example.org/b"}}, a.Sources...) }, false, "source"},
		{"chairs", func(a *Article) { a.Chairs = nil }, false, "chair"},
	} {
		o, x := orig, tr
		if tt.inOrig {
			tt.edit(&o)
		} else {
			tt.edit(&x)
		}
		if err := CheckTranslation(o, x); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: CheckTranslation = %v, want an error about %s", tt.name, err, tt.want)
		}
	}
}

func TestParseTranslationErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ src, want string }{
		{strings.Replace(articleHead, "---\ntitle:", "---\nlang: de\ntitle:", 1) + body, "lang: must be en or fil"},
		{strings.Replace(articleHead, "---\ntitle:", "---\nlang: Filipino\ntitle:", 1) + body, "lang"},
		{strings.Replace(articleHead, "---\ntitle:", "---\ntranslation_of: track-types\ntitle:", 1) + body, "an English article is an original"},
		{strings.Replace(articleHead, "---\ntitle:", "---\nlang: en\ntranslation_of: track-types\ntitle:", 1) + body, "an English article is an original"},
		{translationHead("") + body, "translation_of: a fil article is a translation"},
		{translationHead("translation_of: other-slug\n") + body, "keeps the slug of its original"},
		{translationHead("translation_of: Track Types\n") + body, "keeps the slug"},
	} {
		if _, err := ParseArticle("a.md", tt.src); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseArticle(%.60q…) = %v, want an error containing %q", tt.src, err, tt.want)
		}
	}
}
