package data

import (
	"testing"

	"masahe/internal/catalog"
)

// TestFillRate reports how complete the bundled key specs are and how many
// values come from manufacturer-grade sources; `go test ./data/ -run
// TestFillRate -v` prints the figures that docs/DATA.md records. It fails
// when a bundled source lacks its market or kind, or when the figures fall
// below the ones recorded there.
func TestFillRate(t *testing.T) {
	doc, err := Starter()
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(catalog.Known{}); err != nil {
		t.Fatal(err)
	}
	sources := map[string]catalog.Source{}
	for _, s := range doc.Sources {
		sources[s.ID] = s
		if s.Market == "" || s.Kind == "" {
			t.Errorf("source %s: bundled sources state their market and kind", s.ID)
		}
	}
	m := catalog.Measure(doc.Chairs, sources)
	t.Logf("%d chairs; key specs filled: %d of %d cells (%.1f %%)", m.Chairs, m.KeyValues, m.KeyCells, catalog.Percent(m.KeyValues, m.KeyCells))
	for _, k := range catalog.KeySpecs {
		t.Logf("  %-22s %3d chairs (%.1f %%)", k, m.KeyFilled[k], catalog.Percent(m.KeyFilled[k], m.Chairs))
	}
	t.Logf("manufacturer-grade sources: %d of %d spec values (%.1f %%); of key-spec values %d of %d (%.1f %%)",
		m.ManufacturerGrade, m.Values, catalog.Percent(m.ManufacturerGrade, m.Values),
		m.KeyManufacturerGrade, m.KeyValues, catalog.Percent(m.KeyManufacturerGrade, m.KeyValues))
	t.Logf("values by source kind: %v; by market: %v", m.ByKind, m.ByMarket)
	const minKeyFill, minGrade = 245, 374 // the figures docs/DATA.md records, in per mille
	if m.KeyValues*1000 < minKeyFill*m.KeyCells || m.ManufacturerGrade*1000 < minGrade*m.Values {
		t.Errorf("fill rate or manufacturer-grade share fell below the figures docs/DATA.md records")
	}
}
