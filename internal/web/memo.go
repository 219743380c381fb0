package web

import (
	"context"

	"masahe/internal/catalog"
	"masahe/internal/content"
)

// Data derived from the catalog (the brand counts, the search words, the
// finder's chairs, the site's mean rating) is the same for every request
// until the catalog version changes, so it is loaded once per version and
// kept beside the page cache, which drops it when the version changes.

// memoEntry is one kept value; done closes when it is loaded.
type memoEntry struct {
	done chan struct{}
	val  any
	err  error
}

// memoized returns what load makes under key for the catalog version the
// cache knows. Concurrent callers wait for one load; a failed load is not
// kept. While the database is down the kept value is served.
func memoized[T any](ctx context.Context, c *pageCache, key string, load func(context.Context) (T, error)) (T, error) {
	c.fresh(ctx)
	c.mu.Lock()
	e, ok := c.derived[key]
	if !ok {
		e = &memoEntry{done: make(chan struct{})}
		c.derived[key] = e
	}
	c.mu.Unlock()
	if !ok {
		// The load serves every waiter: one request going away must not
		// cancel it.
		e.val, e.err = load(context.WithoutCancel(ctx))
		close(e.done)
		if e.err != nil {
			c.mu.Lock()
			if c.derived[key] == e {
				delete(c.derived, key)
			}
			c.mu.Unlock()
		}
	} else {
		select {
		case <-e.done:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
	if e.err != nil {
		var zero T
		return zero, e.err
	}
	return e.val.(T), nil
}

// brands are the catalog's brands with their chair counts.
func (s *Server) brands(ctx context.Context) ([]catalog.BrandCount, error) {
	return memoized(ctx, s.cache, "brands", s.stores.Catalog.Brands)
}

// searchWords are the words of the search index, indexed for prefix
// checks and typo correction.
func (s *Server) searchWords(ctx context.Context) (*catalog.Vocabulary, error) {
	return memoized(ctx, s.cache, "search-words", func(ctx context.Context) (*catalog.Vocabulary, error) {
		words, err := s.stores.Catalog.SearchWords(ctx)
		if err != nil {
			return nil, err
		}
		return catalog.NewVocabulary(words), nil
	})
}

// allChairs is every chair with its offers and sources: the finder's and
// the sitemap's set. Callers must not change the chairs.
func (s *Server) allChairs(ctx context.Context) ([]catalog.Chair, error) {
	return memoized(ctx, s.cache, "all-chairs", s.stores.Catalog.AllChairs)
}

// siteMeanRating is the mean of every published owner rating, the prior
// of the ratings shown.
func (s *Server) siteMeanRating(ctx context.Context) (float64, error) {
	return memoized(ctx, s.cache, "mean-rating", s.stores.Reviews.SiteMeanRating)
}

// publicArticles are the articles public now, newest first, at most
// maxArticles: for related articles, tags, search and the sitemap. The
// site version moves when a scheduled one comes out, so the list does too.
// Callers must not change them.
func (s *Server) publicArticles(ctx context.Context) ([]content.ArticleRecord, error) {
	return memoized(ctx, s.cache, "public-articles", func(ctx context.Context) ([]content.ArticleRecord, error) {
		list, _, err := s.stores.Editorial.Articles(ctx, content.ArticleFilter{Page: 1, PerPage: maxArticles})
		return list, err
	})
}
