package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"masahe/internal/content"
	"masahe/internal/errs"
)

const articleColumns = "slug, title, summary, category, tags, author, sources, chairs, body, status, publish_at, updated_at, edited_at"

func scanArticle(row interface{ Scan(...any) error }) (content.ArticleRecord, error) {
	var a content.ArticleRecord
	var tags, sources, chairs string
	var publishAt, updated, edited int64
	if err := row.Scan(&a.Slug, &a.Title, &a.Summary, &a.Category, &tags, &a.Author, &sources, &chairs, &a.Body, &a.Status, &publishAt, &updated, &edited); err != nil {
		return a, err
	}
	a.Lang, a.Tags, a.Chairs = "en", splitList(tags), splitList(chairs)
	if err := json.Unmarshal([]byte(sources), &a.Sources); err != nil {
		return a, fmt.Errorf("article %s sources: %w", a.Slug, err)
	}
	a.Published, a.UpdatedAt = time.Unix(publishAt, 0).UTC(), time.Unix(updated, 0).UTC()
	if edited > 0 {
		a.EditedAt = time.Unix(edited, 0).UTC()
	}
	return a, nil
}

// SaveArticle creates or updates the article with a's slug and keeps a
// revision naming the editor ("" for imports). status is content.ArticleDraft or
// content.ArticlePublished; a published article shows from a.Published on.
func (s *Store) SaveArticle(ctx context.Context, a content.Article, status string, editorID int64, editor string) error {
	if status != content.ArticleDraft && status != content.ArticlePublished {
		return errs.Invalidf("status", "status must be draft or published")
	}
	sources, err := json.Marshal(a.Sources)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return s.saveArticleTx(ctx, tx, a, string(sources), status, editorID, editor)
	})
}

func (s *Store) saveArticleTx(ctx context.Context, tx *sql.Tx, a content.Article, sources, status string, editorID int64, editor string) error {
	now := s.now().Unix()
	var id int64
	// edited_at moves only when the title or body changes.
	err := tx.QueryRowContext(ctx, s.q(`INSERT INTO articles (`+articleColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
		ON CONFLICT (slug) DO UPDATE SET title = excluded.title, summary = excluded.summary, category = excluded.category,
		tags = excluded.tags, author = excluded.author, sources = excluded.sources, chairs = excluded.chairs, body = excluded.body,
		status = excluded.status, publish_at = excluded.publish_at, updated_at = excluded.updated_at,
		edited_at = CASE WHEN articles.title <> excluded.title OR articles.body <> excluded.body THEN excluded.updated_at ELSE articles.edited_at END
		RETURNING id`),
		a.Slug, a.Title, a.Summary, a.Category, strings.Join(a.Tags, ","), a.Author, sources, strings.Join(a.Chairs, ","), a.Body,
		status, a.Published.Unix(), now).Scan(&id)
	if err != nil {
		return fmt.Errorf("save article %s: %w", a.Slug, err)
	}
	if err := s.addRevision(ctx, tx, id, "en", editorID, editor, now, status, a); err != nil {
		return fmt.Errorf("save article %s: %w", a.Slug, err)
	}
	return s.bumpVersion(ctx, tx, contentVersionKey)
}

// addRevision keeps a saved version of an article (lang en) or of one of
// its translations; editorID 0 is an import.
func (s *Store) addRevision(ctx context.Context, tx *sql.Tx, articleID int64, lang string, editorID int64, editor string, now int64,
	status string, a content.Article) error {
	var editorRef any
	if editorID > 0 {
		editorRef = editorID
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO article_revisions (article_id, lang, editor_id, editor, saved_at, status, title, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), articleID, lang, editorRef, editor, now, status, a.Title, a.Body)
	return err
}

// Article returns an article by slug; unless drafts is true, only when it
// is public now.
func (s *Store) Article(ctx context.Context, slug string, drafts bool) (content.ArticleRecord, error) {
	a, err := scanArticle(s.read.QueryRowContext(ctx, s.q("SELECT "+articleColumns+" FROM articles WHERE slug = ?"), slug))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !drafts && !a.Public(s.now())) {
		return content.ArticleRecord{}, errs.NotFoundf("no article %q", slug)
	}
	return a, err
}

// Articles returns a page of the public articles, newest first, and how
// many there are in all.
func (s *Store) Articles(ctx context.Context, f content.ArticleFilter) ([]content.ArticleRecord, int, error) {
	where := " WHERE status = 'published' AND publish_at <= ?"
	args := []any{s.now().Unix()}
	if f.Category != "" {
		where += " AND category = ?"
		args = append(args, f.Category)
	}
	var total int
	if err := s.read.QueryRowContext(ctx, s.q("SELECT COUNT(*) FROM articles"+where), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("articles: %w", err)
	}
	list, err := s.queryArticles(ctx, where+" ORDER BY publish_at DESC, slug LIMIT ? OFFSET ?", append(args, f.PerPage, (f.Page-1)*f.PerPage)...)
	return list, total, err
}

// AllArticles lists every article, drafts and scheduled ones included,
// for editors.
func (s *Store) AllArticles(ctx context.Context) ([]content.ArticleRecord, error) {
	return s.queryArticles(ctx, " ORDER BY updated_at DESC, slug")
}

func (s *Store) queryArticles(ctx context.Context, rest string, args ...any) ([]content.ArticleRecord, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT "+articleColumns+" FROM articles"+rest), args...)
	if err != nil {
		return nil, fmt.Errorf("articles: %w", err)
	}
	defer rows.Close()
	var out []content.ArticleRecord
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ArticleRevisions lists an article's saved versions, newest first.
func (s *Store) ArticleRevisions(ctx context.Context, slug string) ([]content.Revision, error) {
	return s.revisions(ctx, slug, "en")
}

func (s *Store) revisions(ctx context.Context, slug, lang string) ([]content.Revision, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT r.saved_at, r.editor, r.status, r.title, r.body FROM article_revisions r
		JOIN articles a ON a.id = r.article_id WHERE a.slug = ? AND r.lang = ? ORDER BY r.saved_at DESC, r.id DESC`), slug, lang)
	if err != nil {
		return nil, fmt.Errorf("revisions: %w", err)
	}
	defer rows.Close()
	var out []content.Revision
	for rows.Next() {
		var r content.Revision
		var at int64
		if err := rows.Scan(&at, &r.Editor, &r.Status, &r.Title, &r.Body); err != nil {
			return nil, err
		}
		r.SavedAt = time.Unix(at, 0).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// SaveEditorialReview stores the editors' review of a chair, replacing
// any earlier one, and marks the catalog changed (chair pages show it).
func (s *Store) SaveEditorialReview(ctx context.Context, e content.EditorialReview) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return s.saveEditorialTx(ctx, tx, e)
	})
}

func (s *Store) saveEditorialTx(ctx context.Context, tx *sql.Tx, e content.EditorialReview) error {
	chairID, err := s.idOf(ctx, tx, "chairs", e.Chair)
	if err != nil {
		return err
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO editorial_reviews (chair_id, review, rubric, published, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (chair_id) DO UPDATE SET review = excluded.review, rubric = excluded.rubric, published = excluded.published,
		updated_at = excluded.updated_at`), chairID, string(b), e.Rubric, e.Published.Unix(), s.now().Unix()); err != nil {
		return fmt.Errorf("save editorial review of %s: %w", e.Chair, err)
	}
	return s.bumpCatalogVersion(ctx, tx)
}

// EditorialReviews lists the editors' reviews of chairs still in the
// catalog, newest first.
func (s *Store) EditorialReviews(ctx context.Context) ([]content.EditorialReview, error) {
	return s.queryEditorial(ctx, "")
}

// EditorialReview returns the editors' review of a chair.
func (s *Store) EditorialReview(ctx context.Context, chairSlug string) (content.EditorialReview, error) {
	list, err := s.queryEditorial(ctx, " AND c.slug = ?", chairSlug)
	if err != nil {
		return content.EditorialReview{}, err
	}
	if len(list) == 0 {
		return content.EditorialReview{}, errs.NotFoundf("no editorial review of %q", chairSlug)
	}
	return list[0], nil
}

func (s *Store) queryEditorial(ctx context.Context, cond string, args ...any) ([]content.EditorialReview, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT e.review FROM editorial_reviews e JOIN chairs c ON c.id = e.chair_id
		WHERE c.retired = FALSE`+cond+` ORDER BY e.published DESC, c.slug`), args...)
	if err != nil {
		return nil, fmt.Errorf("editorial reviews: %w", err)
	}
	defer rows.Close()
	var out []content.EditorialReview
	for rows.Next() {
		var raw string
		var e content.EditorialReview
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(raw), &e); err != nil {
			return nil, fmt.Errorf("editorial review: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// LoadStarterContent stores the bundled articles (as published) and
// editorial reviews once, on the first start.
func (s *Store) LoadStarterContent(ctx context.Context, articles []content.Article, reviews []content.EditorialReview) (bool, error) {
	loaded := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM meta WHERE key = 'content_loaded'").Scan(&n); err != nil || n > 0 {
			return err
		}
		for _, a := range articles {
			sources, err := json.Marshal(a.Sources)
			if err != nil {
				return err
			}
			if err := s.saveArticleTx(ctx, tx, a, string(sources), content.ArticlePublished, 0, "import"); err != nil {
				return err
			}
		}
		for _, e := range reviews {
			if err := s.saveEditorialTx(ctx, tx, e); err != nil {
				return fmt.Errorf("editorial review of %s: %w", e.Chair, err)
			}
		}
		loaded = true
		return s.setMeta(ctx, tx, "content_loaded", s.now().UTC().Format(time.RFC3339))
	})
	return loaded, err
}
