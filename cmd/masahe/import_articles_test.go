package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masahe/internal/content"
	"masahe/internal/store"
)

// articleFile is a valid article file with slug.
func articleFile(slug string) string {
	return "---\ntitle: An article about " + slug + "\nslug: " + slug + "\nsummary: What the reader learns.\ncategory: care\n" +
		"tags: cleaning, upkeep\npublished: 2026-11-20\nauthor: Masahe editors\nsource: A care guide | https://example.com/care\n---\n" +
		"## Keep it clean\n\n" + strings.Repeat("Wipe the synthetic leather with a damp cloth and dry it; keep the chair out of direct sun. ", 4) + "\n"
}

// translationFile is a valid Filipino translation of articleFile(slug).
func translationFile(slug string) string {
	return strings.NewReplacer("title: An article about", "lang: fil\ntranslation_of: "+slug+"\ntitle: Isang artikulo tungkol sa",
		"summary: What the reader learns.", "summary: Ang matututunan ng babasa.",
		"## Keep it clean", "## Panatilihing malinis").Replace(articleFile(slug))
}

func TestImportArticles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	articles := filepath.Join(dir, "articles")
	if err := os.Mkdir(articles, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"first.md":  articleFile("first-article"),
		"second.md": articleFile("second-article"),
		"broken.md": strings.Replace(articleFile("broken-article"), "category: care", "category: gossip", 1),
		"notes.txt": "not an article",
		// Translations: one of an imported article, one of no article.
		"fil/first.md": translationFile("first-article"),
		"fil/none.md":  translationFile("no-such-article"),
	}
	if err := os.Mkdir(filepath.Join(articles, "fil"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(articles, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, stderr, err := runCmd(t, "import", "--database", db, "--articles", articles)
	if err == nil || !strings.Contains(err.Error(), "2 of 5 article files") {
		t.Errorf("err = %v, want two of five files refused", err)
	}
	if !strings.Contains(stderr, "broken.md: category: must be buying, using, safety or care") || strings.Contains(stderr, "first.md") ||
		!strings.Contains(stderr, "none.md: no article \"no-such-article\" to translate") {
		t.Errorf("stderr should name the bad files and their problems only:\n%s", stderr)
	}
	if !strings.Contains(out, "3 articles saved (1 of them translations)") {
		t.Errorf("stdout = %q", out)
	}

	st, err := store.Open(context.Background(), db, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, err := st.AllArticles(context.Background())
	if err != nil || len(list) != 2 {
		t.Fatalf("stored %d articles, %v; want the two valid ones", len(list), err)
	}
	for _, a := range list {
		revs, err := st.ArticleRevisions(context.Background(), a.Slug)
		if a.Status != content.ArticlePublished || err != nil || len(revs) != 1 || revs[0].Editor != "import" {
			t.Errorf("%s: status %s, revisions %+v, %v", a.Slug, a.Status, revs, err)
		}
	}

	tr, err := st.Translation(context.Background(), "first-article", "fil", false)
	if err != nil || tr.Title != "Isang artikulo tungkol sa first-article" || tr.Category != "care" {
		t.Errorf("the imported translation: %+v, %v", tr, err)
	}
	if revs, err := st.TranslationRevisions(context.Background(), "first-article", "fil"); err != nil || len(revs) != 1 {
		t.Errorf("translation revisions %+v, %v", revs, err)
	}

	if _, _, err := runCmd(t, "import", "--database", db, "--articles", filepath.Join(dir, "nowhere")); err == nil {
		t.Error("a missing directory should fail")
	}
}
