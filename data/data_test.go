package data

import (
	"testing"

	"masahe/internal/catalog"
)

// TestStarterCatalog holds the bundled data to the bar of the issue: at
// least 40 real models from at least 10 brands, every record valid, every
// chair backed by a source, and every offer without an observed price
// marked as sample.
func TestStarterCatalog(t *testing.T) {
	doc, err := Starter()
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(catalog.Known{}); err != nil {
		t.Fatal(err)
	}
	brands := map[string]bool{}
	for _, c := range doc.Chairs {
		brands[c.Brand] = true
		sourced := c.Source != ""
		for key, s := range c.Specs {
			if s.Sample {
				t.Errorf("%s: spec %s is a sample; starter specs must be sourced or left out", c.Slug, key)
			}
			sourced = sourced || s.Source != ""
		}
		if !sourced {
			t.Errorf("%s: no source lists the model or any of its specs", c.Slug)
		}
	}
	if len(doc.Chairs) < 40 || len(brands) < 10 {
		t.Errorf("%d chairs from %d brands; want at least 40 from 10", len(doc.Chairs), len(brands))
	}
	for _, o := range doc.Offers {
		if !o.Sample && (o.ObservedAt == "" || o.Source == "") {
			t.Errorf("offer %s at %s has neither an observed date and source nor the sample mark", o.Chair, o.Retailer)
		}
	}
}
