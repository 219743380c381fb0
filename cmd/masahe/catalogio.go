package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/store"
)

// Reading and writing the catalog and the articles from files: masahe
// import and masahe export.

// importFiles imports JSON catalogs in one transaction.
func importFiles(ctx context.Context, st *store.Store, files []string, stdout, stderr io.Writer) error {
	if len(files) == 0 {
		return errors.New("import needs at least one file (.json catalog, or one .csv price file)")
	}
	doc := &catalog.Document{}
	for _, name := range files {
		part, err := readDocument(name)
		if err != nil {
			return err
		}
		doc.Merge(part)
	}
	total := doc.Records()
	nextPct := 10
	res, err := st.Import(ctx, doc, func(done, total int) {
		// Large imports report every tenth of the way.
		if pct := done * 100 / total; total >= 1000 && pct >= nextPct {
			fmt.Fprintf(stderr, "imported %d of %d records (%d%%)\n", done, total, pct)
			nextPct = pct/10*10 + 10
		}
	})
	var verr *catalog.ValidationError
	if errors.As(err, &verr) {
		for _, p := range verr.Problems {
			fmt.Fprintln(stderr, p)
		}
		return fmt.Errorf("import refused: %d invalid records; nothing was written", len(verr.Problems))
	}
	if err != nil {
		return fmt.Errorf("import failed, nothing was written: %w", err)
	}
	fmt.Fprintf(stdout, "%d records: %d created, %d updated, %d unchanged\n", total, res.Created, res.Updated, res.Unchanged)
	return nil
}

func readDocument(name string) (*catalog.Document, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return catalog.ParseDocument(name, f)
	case ".csv":
		return nil, fmt.Errorf("%s: a price file is imported on its own: masahe import %s (or masahe prices import)", name, name)
	}
	return nil, fmt.Errorf("%s: import reads .json catalogs (and one .csv price file on its own)", name)
}

// exportCatalog writes the catalog as JSON to out (or stdout). Prices
// are observations, not catalog records, and stay out of it.
func exportCatalog(ctx context.Context, st *store.Store, out string, stdout io.Writer) error {
	doc, err := st.Export(ctx)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if out == "" {
		_, err = stdout.Write(b)
		return err
	}
	return os.WriteFile(out, b, 0o644)
}

// importArticles publishes every *.md article in dir and then every
// translation in its language folders (dir/fil/*.md, docs/CONTENT.md),
// each file on its own: a bad file is reported and skipped, and makes the
// command fail.
func importArticles(ctx context.Context, st *store.Store, dir string, stdout, stderr io.Writer) error {
	if _, err := os.ReadDir(dir); err != nil {
		return fmt.Errorf("--articles: %w", err)
	}
	var names []string
	for _, pattern := range []string{"*.md", "*/*.md"} {
		found, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			return fmt.Errorf("--articles: %w", err)
		}
		names = append(names, found...)
	}
	if len(names) == 0 {
		return fmt.Errorf("--articles: no .md files in %s", dir)
	}
	saved, translated, failed := 0, 0, 0
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err == nil {
			var a content.Article
			if a, err = content.ParseArticle(name, string(b)); err == nil {
				switch {
				case a.TranslationOf == "" && filepath.Dir(name) != filepath.Clean(dir):
					err = fmt.Errorf("%s: lang: a file in a language folder is a translation: give its lang and translation_of", name)
				case a.TranslationOf == "":
					err = st.SaveArticle(ctx, a, content.ArticlePublished, 0, "import")
				case filepath.Base(filepath.Dir(name)) != a.Lang:
					err = fmt.Errorf("%s: lang: a %s translation goes in the folder %s/", name, a.Lang, a.Lang)
				default:
					if err = st.SaveTranslation(ctx, a, content.ArticlePublished, 0, "import"); err != nil {
						err = fmt.Errorf("%s: %w", name, err)
					} else {
						translated++
					}
				}
			}
		}
		if err != nil {
			fmt.Fprintln(stderr, err)
			failed++
			continue
		}
		saved++
	}
	fmt.Fprintf(stdout, "%d articles saved (%d of them translations)\n", saved, translated)
	if failed > 0 {
		return fmt.Errorf("%d of %d article files were not saved", failed, len(names))
	}
	return nil
}
