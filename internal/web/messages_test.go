package web

import (
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"masahe/internal/locale"
)

// TestMessagesTranslated: every message ID the templates (T, plural and TH
// calls) and the Go code (literal IDs given to T, Plural, HTML, and the
// prefixes they build IDs from) name is in every catalog, with the same
// placeholders as the English (locale's Check). A template string added
// without its translations fails here.
func TestMessagesTranslated(t *testing.T) {
	t.Parallel()
	b, err := locale.NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	inTemplates := regexp.MustCompile(`(?:\(|{{-? ?)(?:T|plural|TH) "([a-z0-9_.\-]+)"`)
	// A literal ID, not the prefix of one the code builds ("triage." + code:
	// those the triage tests cover).
	inGo := regexp.MustCompile(`\.(?:T|Plural|HTML)\("([a-z0-9_.\-]+)"\s*[,)]`)
	var used []string
	collect := func(re *regexp.Regexp, src string) {
		for _, m := range re.FindAllStringSubmatch(src, -1) {
			used = append(used, m[1])
		}
	}
	err = fs.WalkDir(assets, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(assets, path)
		collect(inTemplates, string(src))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	goFiles, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range goFiles {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		collect(inGo, string(src))
	}
	// IDs the code builds from the guide topics.
	for _, g := range guideTopics {
		for _, part := range []string{"title", "summary", "description"} {
			used = append(used, "safety.topic."+g.Slug+"."+part)
		}
	}
	slices.Sort(used)
	used = slices.Compact(used)
	for _, want := range []string{"nav.chairs", "triage.form.submit", "card.owners", "footer.sources", "safety.index.title"} {
		if !slices.Contains(used, want) {
			t.Errorf("the scan missed %s: the patterns are wrong", want)
		}
	}
	for _, p := range b.Check(used...) {
		t.Error(p)
	}
}
