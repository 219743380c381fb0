// Package data holds the bundled starter catalog (data/catalog/*.json),
// advice articles (data/articles/*.md) and editorial reviews
// (data/reviews/*.md), with translations of articles
// (data/articles/<lang>/<slug>.md, docs/CONTENT.md), embedded in the binary and loaded into a new
// database on first run.
package data

import (
	"embed"
	"fmt"
	"io/fs"

	"masahe/internal/catalog"
	"masahe/internal/content"
)

//go:embed catalog/*.json articles/*.md articles/fil/*.md reviews/*.md
var files embed.FS

// Starter returns the bundled catalog, all files merged into one document.
func Starter() (*catalog.Document, error) {
	names, err := fs.Glob(files, "catalog/*.json")
	if err != nil {
		return nil, err
	}
	doc := &catalog.Document{}
	for _, name := range names {
		f, err := files.Open(name)
		if err != nil {
			return nil, err
		}
		part, err := catalog.ParseDocument("data/"+name, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("starter data: %w", err)
		}
		doc.Merge(part)
	}
	return doc, nil
}

// Articles returns the bundled advice articles.
func Articles() ([]content.Article, error) {
	return parseAll("articles/*.md", content.ParseArticle)
}

// Translations returns the bundled translations of articles, each with
// lang and translation_of set; they share their original's slug.
func Translations() ([]content.Article, error) {
	return parseAll("articles/*/*.md", content.ParseArticle)
}

// EditorialReviews returns the bundled editorial reviews.
func EditorialReviews() ([]content.EditorialReview, error) {
	return parseAll("reviews/*.md", content.ParseEditorialReview)
}

func parseAll[T any](pattern string, parse func(name, src string) (T, error)) ([]T, error) {
	names, err := fs.Glob(files, pattern)
	if err != nil {
		return nil, err
	}
	var out []T
	for _, name := range names {
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		v, err := parse("data/"+name, string(b))
		if err != nil {
			return nil, fmt.Errorf("starter content: %w", err)
		}
		out = append(out, v)
	}
	return out, nil
}
