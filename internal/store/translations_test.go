package store

import (
	"context"
	"strings"
	"testing"

	"masahe/data"
	"masahe/internal/content"
	"masahe/internal/errs"
)

// starterArticle is a bundled article and its Filipino translation.
func starterArticle(t *testing.T, slug string) (orig, tr content.Article) {
	t.Helper()
	articles, err := data.Articles()
	if err != nil {
		t.Fatal(err)
	}
	translations, err := data.Translations()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range articles {
		if a.Slug == slug {
			orig = a
		}
	}
	for _, a := range translations {
		if a.Slug == slug && a.Lang == "fil" {
			tr = a
		}
	}
	if orig.Slug == "" || tr.Slug == "" {
		t.Fatalf("no bundled article and Filipino translation %q", slug)
	}
	return orig, tr
}

// TestTranslations: a translation is saved against its original, read
// back with the original's category, tags, sources and chairs, kept apart
// from the original's revisions, and public only when it and its original
// are; a translation that breaks from its original, or has none, is refused
// and nothing is written.
func TestTranslations(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		orig, tr := starterArticle(t, "how-long-and-how-often")
		if err := s.SaveTranslation(ctx, tr, content.ArticlePublished, 0, "import"); errs.CodeOf(err) != errs.NotFound {
			t.Fatalf("a translation before its original: %v, want not found", err)
		}
		if err := s.SaveArticle(ctx, orig, content.ArticlePublished, 0, "import"); err != nil {
			t.Fatal(err)
		}
		broken := tr
		broken.Tags = []string{"other"}
		if err := s.SaveTranslation(ctx, broken, content.ArticlePublished, 0, "import"); errs.CodeOf(err) != errs.Invalid || !strings.Contains(err.Error(), "tags") {
			t.Fatalf("a translation with other tags: %v, want invalid tags", err)
		}
		if _, err := s.Translation(ctx, tr.Slug, "fil", true); errs.CodeOf(err) != errs.NotFound {
			t.Fatalf("a refused translation was stored: %v", err)
		}

		if err := s.SaveTranslation(ctx, tr, content.ArticleDraft, 0, "import"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Translation(ctx, tr.Slug, "fil", false); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("a draft translation is public: %v", err)
		}
		edited := tr
		edited.Title = "Bagong pamagat"
		if err := s.SaveTranslation(ctx, edited, content.ArticlePublished, 0, "Ana"); err != nil {
			t.Fatal(err)
		}
		got, err := s.Translation(ctx, tr.Slug, "fil", false)
		if err != nil {
			t.Fatal(err)
		}
		if got.Lang != "fil" || got.TranslationOf != orig.Slug || got.Title != "Bagong pamagat" || got.Body != tr.Body ||
			got.Category != orig.Category || strings.Join(got.Tags, ",") != strings.Join(orig.Tags, ",") ||
			len(got.Sources) != len(orig.Sources) || got.Sources[0] != orig.Sources[0] || got.EditedAt.IsZero() {
			t.Errorf("translation read back as %+v", got)
		}
		if err := content.CheckTranslation(orig, got.Article); err != nil {
			t.Errorf("the stored translation no longer matches its original: %v", err)
		}
		en, err := s.Article(ctx, orig.Slug, false)
		if err != nil || en.Title != orig.Title || en.Lang != "en" {
			t.Errorf("the original changed: %+v, %v", en, err)
		}
		revs, err := s.TranslationRevisions(ctx, tr.Slug, "fil")
		if err != nil || len(revs) != 2 || revs[0].Editor != "Ana" || revs[0].Title != "Bagong pamagat" {
			t.Errorf("translation revisions %+v, %v", revs, err)
		}
		if revs, err := s.ArticleRevisions(ctx, orig.Slug); err != nil || len(revs) != 1 || revs[0].Title != orig.Title {
			t.Errorf("the original's revisions %+v, %v: want its own one", revs, err)
		}
		list, err := s.Translations(ctx, "fil")
		if err != nil || len(list) != 1 || list[0].Slug != orig.Slug {
			t.Errorf("public fil translations %v, %v", list, err)
		}

		// A translation of a draft is not public.
		if err := s.SaveArticle(ctx, orig, content.ArticleDraft, 0, "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Translation(ctx, tr.Slug, "fil", false); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("the translation of a draft is public: %v", err)
		}
		if list, err := s.Translations(ctx, "fil"); err != nil || len(list) != 0 {
			t.Errorf("public translations of a draft: %v, %v", list, err)
		}
		if all, err := s.AllTranslations(ctx); err != nil || len(all) != 1 || all[0].Lang != "fil" {
			t.Errorf("all translations %v, %v", all, err)
		}
	})
}

// TestStarterTranslationsLoadOnce: the bundled translations load once,
// into a database that already has its content.
func TestStarterTranslationsLoadOnce(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		loadStarter(t, s)
		articles, err := data.Articles()
		if err != nil {
			t.Fatal(err)
		}
		reviews, err := data.EditorialReviews()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.LoadStarterContent(ctx, articles, reviews); err != nil {
			t.Fatal(err)
		}
		translations, err := data.Translations()
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.LoadStarterTranslations(ctx, translations)
		if err != nil || n != len(translations) || n == 0 {
			t.Fatalf("loaded %d of %d translations: %v", n, len(translations), err)
		}
		if n, err := s.LoadStarterTranslations(ctx, translations); err != nil || n != 0 {
			t.Errorf("second load stored %d: %v", n, err)
		}
		list, err := s.Translations(ctx, "fil")
		if err != nil || len(list) != len(translations) {
			t.Errorf("%d public translations, %v", len(list), err)
		}
	})
}
