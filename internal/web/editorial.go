package web

import (
	"context"
	"slices"
	"strings"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/errs"
	"masahe/internal/phtime"
)

// EditorialStore is what the public advice and review pages read. Article
// and Articles return public articles only: a draft, or an article
// scheduled for later by the store's clock, is not found until its time.
type EditorialStore interface {
	Article(ctx context.Context, slug string, drafts bool) (content.ArticleRecord, error)
	Articles(ctx context.Context, f content.ArticleFilter) ([]content.ArticleRecord, int, error)
	// Translation and Translations return public translations only, of
	// public originals (lang is a locale.Lang code).
	Translation(ctx context.Context, slug, lang string, drafts bool) (content.ArticleRecord, error)
	Translations(ctx context.Context, lang string) ([]content.ArticleRecord, error)
	EditorialReviews(ctx context.Context) ([]content.EditorialReview, error)
	EditorialReview(ctx context.Context, chairSlug string) (content.EditorialReview, error)
}

const (
	// articlesPerPage is the length of a page of the article lists.
	articlesPerPage = 12
	// maxArticles bounds the reads that need every public article: tag
	// pages, search, feeds and the sitemap. The site has tens.
	maxArticles = 10000
	// siteAuthor names the site's editors as an author and publisher.
	siteAuthor = "Masahe editors"
)

// linkView is a link with its text; Current marks the page itself.
type linkView struct {
	URL, Label string
	Current    bool
}

// dateView is a moment shown as its Philippine date, with the date's
// machine form for <time datetime>. Templates write Time in the page's
// language ({{template "day" .}}); Text is the English, for the article
// pages that still show it.
type dateView struct {
	Text, ISO string
	Time      time.Time
}

func newDate(t time.Time) dateView {
	t = t.In(phtime.Manila)
	return dateView{Text: t.Format("2 January 2006"), ISO: t.Format(time.DateOnly), Time: t}
}

func articlePath(slug string) string    { return "/articles/" + slug }
func tagPath(tag string) string         { return "/tags/" + content.TagSlug(tag) }
func categoryPath(code string) string   { return "/categories/" + code }
func editorialPath(chair string) string { return "/reviews/" + chair }
func bestPath(use string) string        { return "/best/" + use }

// categoryLabel names an article category; false for an unknown one.
func categoryLabel(code string) (string, bool) {
	i := slices.IndexFunc(content.Categories, func(o content.Option) bool { return o.Code == code })
	if i < 0 {
		return "", false
	}
	return content.Categories[i].Label, true
}

// lowerFirst lowers a label's first letter to use it inside a sentence.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// relatedChairs returns the chairs an editorial text names, leaving out
// any retired or removed since it was written.
func (s *Server) relatedChairs(ctx context.Context, slugs []string) ([]catalog.Chair, error) {
	if len(slugs) == 0 {
		return nil, nil
	}
	chairs, err := s.stores.Catalog.Chairs(ctx, slugs)
	if errs.CodeOf(err) != errs.NotFound {
		return chairs, err
	}
	chairs = nil
	for _, slug := range slugs {
		c, err := s.stores.Catalog.Chair(ctx, slug)
		switch errs.CodeOf(err) {
		case "":
			chairs = append(chairs, c)
		case errs.NotFound:
		default:
			return nil, err
		}
	}
	return chairs, nil
}
