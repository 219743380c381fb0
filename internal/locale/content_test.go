package locale

import (
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// TestFilipinoSafetyPages: each Filipino copy of a safety guide page
// (content/fil, served for /fil/safety/...) parses, and has exactly the template
// actions of its English page in the same order, so it shows the same
// sources, hotline and topic, and links to the Filipino address of every
// page the English one links to.
func TestFilipinoSafetyPages(t *testing.T) {
	t.Parallel()
	english, err := filepath.Glob("../web/templates/pages/safety*.html")
	if err != nil || len(english) == 0 {
		t.Fatalf("no English safety pages: %v", err)
	}
	actions := regexp.MustCompile(`{{[^}]*}}`)
	links := regexp.MustCompile(`href="(/[^"]*)"`)
	for _, en := range english {
		fil := filepath.Join("content/fil", filepath.Base(en))
		enSrc, err := os.ReadFile(en)
		if err != nil {
			t.Fatal(err)
		}
		filSrc, err := os.ReadFile(fil)
		if err != nil {
			t.Errorf("%s has no Filipino copy: %v", en, err)
			continue
		}
		if _, err := template.New(fil).Funcs(template.FuncMap{"link": Filipino.Path}).Parse(string(filSrc)); err != nil {
			t.Errorf("%s: %v", fil, err)
		}
		if a, b := actions.FindAllString(string(enSrc), -1), actions.FindAllString(string(filSrc), -1); !slices.Equal(a, b) {
			t.Errorf("%s: template actions differ from the English page:\n en %q\nfil %q", fil, a, b)
		}
		var want, got []string
		for _, m := range links.FindAllStringSubmatch(string(enSrc), -1) {
			want = append(want, Filipino.Path(m[1]))
		}
		for _, m := range links.FindAllStringSubmatch(string(filSrc), -1) {
			got = append(got, m[1])
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: links %q, want the Filipino addresses %q", fil, got, want)
		}
	}
}
