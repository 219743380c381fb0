package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"masahe/internal/content"
	"masahe/internal/errs"
)

// Translations of articles (docs/CONTENT.md): a row of
// article_translations per article and language, linked to its original by
// article_id. A translation read back is an ArticleRecord with Lang and
// TranslationOf set and the original's category, tags, sources and chairs.

// translationColumns reads as articleColumns does, then the language.
const translationColumns = "a.slug, t.title, t.summary, a.category, a.tags, t.author, a.sources, a.chairs, t.body, t.status, t.publish_at, t.updated_at, t.edited_at, t.lang"

const translationFrom = " FROM article_translations t JOIN articles a ON a.id = t.article_id"

// publicTranslation keeps a translation whose original is not public out
// of public reads, whatever the translation's own state.
const publicTranslation = " t.status = 'published' AND t.publish_at <= ? AND a.status = 'published' AND a.publish_at <= ?"

// extraScanner reads one more column after scanArticle's.
type extraScanner struct {
	row   interface{ Scan(...any) error }
	extra any
}

func (x extraScanner) Scan(dest ...any) error { return x.row.Scan(append(dest, x.extra)...) }

func scanTranslation(row interface{ Scan(...any) error }) (content.ArticleRecord, error) {
	var lang string
	a, err := scanArticle(extraScanner{row, &lang})
	a.Lang, a.TranslationOf = lang, a.Slug
	return a, err
}

// SaveTranslation creates or updates the translation of the article with
// tr's slug into tr.Lang, and keeps a revision naming the editor. The
// original must exist and the translation must keep its category, tags,
// sources and chairs (content.CheckTranslation): otherwise nothing is saved.
func (s *Store) SaveTranslation(ctx context.Context, tr content.Article, status string, editorID int64, editor string) error {
	if status != content.ArticleDraft && status != content.ArticlePublished {
		return errs.Invalidf("status", "status must be draft or published")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return s.saveTranslationTx(ctx, tx, tr, status, editorID, editor)
	})
}

func (s *Store) saveTranslationTx(ctx context.Context, tx *sql.Tx, tr content.Article, status string, editorID int64, editor string) error {
	var id int64
	orig, err := scanArticle(extraScanner{tx.QueryRowContext(ctx, s.q("SELECT "+articleColumns+", id FROM articles WHERE slug = ?"), tr.TranslationOf), &id})
	if errors.Is(err, sql.ErrNoRows) {
		return errs.NotFoundf("no article %q to translate: save the English original first", tr.TranslationOf)
	}
	if err != nil {
		return fmt.Errorf("save translation %s: %w", tr.Slug, err)
	}
	if err := content.CheckTranslation(orig.Article, tr); err != nil {
		return errs.Invalidf("translation_of", "%v", err)
	}
	now := s.now().Unix()
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO article_translations (article_id, lang, title, summary, author, body, status, publish_at, updated_at, edited_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
		ON CONFLICT (article_id, lang) DO UPDATE SET title = excluded.title, summary = excluded.summary, author = excluded.author,
		body = excluded.body, status = excluded.status, publish_at = excluded.publish_at, updated_at = excluded.updated_at,
		edited_at = CASE WHEN article_translations.title <> excluded.title OR article_translations.body <> excluded.body
			THEN excluded.updated_at ELSE article_translations.edited_at END`),
		id, tr.Lang, tr.Title, tr.Summary, tr.Author, tr.Body, status, tr.Published.Unix(), now); err != nil {
		return fmt.Errorf("save translation %s (%s): %w", tr.Slug, tr.Lang, err)
	}
	if err := s.addRevision(ctx, tx, id, tr.Lang, editorID, editor, now, status, tr); err != nil {
		return fmt.Errorf("save translation %s (%s): %w", tr.Slug, tr.Lang, err)
	}
	return s.bumpVersion(ctx, tx, contentVersionKey)
}

// Translation returns the translation of the article slug into lang;
// unless drafts is true, only when it and its original are public now.
func (s *Store) Translation(ctx context.Context, slug, lang string, drafts bool) (content.ArticleRecord, error) {
	a, err := scanTranslation(s.read.QueryRowContext(ctx, s.q("SELECT "+translationColumns+translationFrom+" WHERE a.slug = ? AND t.lang = ?"), slug, lang))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !drafts && !a.Public(s.now())) {
		return content.ArticleRecord{}, errs.NotFoundf("no %s translation of article %q", lang, slug)
	}
	if err != nil || drafts {
		return a, err
	}
	// A public translation is of a public original.
	if _, err := s.Article(ctx, slug, false); err != nil {
		return content.ArticleRecord{}, err
	}
	return a, nil
}

// Translations lists the public translations into lang, newest first.
func (s *Store) Translations(ctx context.Context, lang string) ([]content.ArticleRecord, error) {
	now := s.now().Unix()
	return s.queryTranslations(ctx, " WHERE t.lang = ? AND"+publicTranslation+" ORDER BY t.publish_at DESC, a.slug", lang, now, now)
}

// AllTranslations lists every translation, drafts and scheduled ones
// included, for editors.
func (s *Store) AllTranslations(ctx context.Context) ([]content.ArticleRecord, error) {
	return s.queryTranslations(ctx, " ORDER BY a.slug, t.lang")
}

func (s *Store) queryTranslations(ctx context.Context, rest string, args ...any) ([]content.ArticleRecord, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT "+translationColumns+translationFrom+rest), args...)
	if err != nil {
		return nil, fmt.Errorf("translations: %w", err)
	}
	defer rows.Close()
	var out []content.ArticleRecord
	for rows.Next() {
		a, err := scanTranslation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// TranslationRevisions lists the saved versions of an article's
// translation into lang, newest first.
func (s *Store) TranslationRevisions(ctx context.Context, slug, lang string) ([]content.Revision, error) {
	return s.revisions(ctx, slug, lang)
}

// LoadStarterTranslations stores the bundled translations (as published)
// once, on the first start that has them; a database made before the
// store kept translations gets them then. A translation whose original is
// gone or no longer matches it (an editor changed its tags or sources) is
// skipped. It returns how many it stored.
func (s *Store) LoadStarterTranslations(ctx context.Context, translations []content.Article) (int, error) {
	saved := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM meta WHERE key = 'translations_loaded'").Scan(&n); err != nil || n > 0 {
			return err
		}
		for _, tr := range translations {
			err := s.saveTranslationTx(ctx, tx, tr, content.ArticlePublished, 0, "import")
			switch errs.CodeOf(err) {
			case "":
				saved++
			case errs.NotFound, errs.Invalid:
			default:
				return err
			}
		}
		return s.setMeta(ctx, tx, "translations_loaded", s.now().UTC().Format(time.RFC3339))
	})
	return saved, err
}
