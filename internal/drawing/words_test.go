package drawing

import (
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"masahe/internal/catalog"
	"masahe/internal/locale"
)

// words are a language's drawing messages from the locale catalogs, with
// the catalog's own (English) labels and values for the specs: the web
// layer's are tested there.
type words struct{ *locale.Printer }

func (words) SpecLabel(f catalog.Field) string { return f.Label }
func (words) SpecValue(f catalog.Field, s catalog.Spec) string {
	return catalog.FormatValue(f, s, true)
}

var bundle = func() *locale.Bundle {
	b, err := locale.NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		panic(err)
	}
	return b
}()

var english = words{bundle.Printer(locale.English)}

// TestDrawingMessages: every message ID the drawings use is in every
// catalog with the English placeholders, and a Filipino drawing says its
// words in Filipino: none of the English ones is left in it.
func TestDrawingMessages(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var used []string
	re := regexp.MustCompile(`\.T\("([a-z0-9_.\-]+)"\s*[,)]`)
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			used = append(used, m[1])
		}
	}
	if len(used) < 10 {
		t.Fatalf("found only %d message IDs in the drawings: the pattern is wrong", len(used))
	}
	for _, p := range bundle.Check(used...) {
		t.Error(p)
	}
	fil := words{bundle.Printer(locale.Filipino)}
	drawn := string(SideProfile(chair("d", "Model", map[string]any{"upright_depth_cm": int64(140), "upright_height_cm": int64(120)}), Page, fil)) +
		string(SideProfile(chair("g", "Model", nil), Page, fil)) +
		string(ScoreBar("Leeg", 7.5, fil))
	for _, en := range []string{"Upright", "Reclined", "not published", "side view", "Drawn beside", "generic chair", "out of 10"} {
		if strings.Contains(drawn, en) {
			t.Errorf("the Filipino drawing still says %q: %s", en, drawn)
		}
	}
	if want := fil.T("drawing.score_label", "Leeg", "7.5"); !strings.Contains(drawn, want) || want == english.T("drawing.score_label", "Leeg", "7.5") {
		t.Errorf("the Filipino score bar lacks %q", want)
	}
	for _, id := range []string{"drawing.upright", "drawing.size_not_published", "drawing.no_reclined"} {
		if !strings.Contains(drawn, fil.T(id)) {
			t.Errorf("the Filipino drawing lacks %s (%q)", id, fil.T(id))
		}
	}
}
