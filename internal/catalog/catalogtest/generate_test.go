package catalogtest

import (
	"testing"

	"masahe/internal/catalog"
)

func TestGenerateValidates(t *testing.T) {
	doc := Generate(500)
	if err := doc.Validate(catalog.Known{}); err != nil {
		t.Fatalf("generated catalog is invalid: %v", err)
	}
	if len(doc.Chairs) != 500 {
		t.Fatalf("got %d chairs, want 500", len(doc.Chairs))
	}
	seen := map[string]bool{}
	for _, c := range doc.Chairs {
		if seen[c.Slug] {
			t.Fatalf("slug %q is generated twice", c.Slug)
		}
		seen[c.Slug] = true
	}
}
