package web

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"masahe/internal/catalog"
)

// TestWhereToTry: the page lists each place under its region and city with
// its brand, kind, address, source and checked date; the map has a box
// linking each of the 17 regions with its count, and the same as a list;
// the region and brand filters narrow the list; bad filters are a 400.
func TestWhereToTry(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	if len(f.doc.Places) == 0 {
		t.Fatal("the starter data has no place")
	}
	pl := f.doc.Places[0]
	region, _ := catalog.RegionByCode(pl.Region)

	// The day it was checked, as English writes dates.
	checked, err := time.Parse(time.DateOnly, pl.Checked)
	if err != nil {
		t.Fatal(err)
	}
	status, page := f.fetch(t, "/where-to-try")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	list := section(page, `<section id="places"`, "</section>")
	for _, want := range []string{"<h3>" + html.EscapeString(region.Name) + "</h3>", "<h4>" + html.EscapeString(pl.City) + "</h4>",
		html.EscapeString(pl.Name), html.EscapeString(pl.Address), "last checked " + checked.Format("2 January 2006")} {
		if !strings.Contains(list, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	var src catalog.Source
	for _, s := range f.doc.Sources {
		if s.ID == pl.Source {
			src = s
		}
	}
	if !strings.Contains(list, `href="`+html.EscapeString(src.URL)+`"`) {
		t.Errorf("the place does not link its source %s", src.URL)
	}
	svg := section(page, `<svg viewBox`, "</svg>")
	boxes := regexp.MustCompile(`<a href="/where-to-try\?region=([^"#]+)#places" aria-label="[^ ]+ (\d+) places?: ([^"]+)"`).FindAllStringSubmatch(svg, -1)
	if len(boxes) != len(catalog.Regions) {
		t.Fatalf("%d region boxes, want %d", len(boxes), len(catalog.Regions))
	}
	counts := map[string]int{}
	for _, p := range f.doc.Places {
		counts[p.Region]++
	}
	for _, b := range boxes {
		if want := counts[b[1]]; b[2] != strconv.Itoa(want) {
			t.Errorf("box %s counts %s places, want %d", b[1], b[2], want)
		}
		if !strings.Contains(page, `<li><a href="/where-to-try?region=`+b[1]+`#places">`) {
			t.Errorf("region %s is on the map but not in the list", b[1])
		}
	}

	_, page = f.fetch(t, "/where-to-try?"+url.Values{"region": {pl.Region}}.Encode())
	if !strings.Contains(page, "<h1>Where to try and service chairs in "+html.EscapeString(region.Name)) || !strings.Contains(page, html.EscapeString(pl.Name)) {
		t.Errorf("the %s list does not show its place", pl.Region)
	}
	other := "BARMM"
	if pl.Region == other {
		other = "NCR"
	}
	if counts[other] == 0 {
		_, page = f.fetch(t, "/where-to-try?region="+other)
		if strings.Contains(page, html.EscapeString(pl.Name)) || !strings.Contains(page, "No place is known to us") {
			t.Errorf("the %s list shows %s or does not say none is known", other, pl.Name)
		}
	}
	for _, bad := range []string{"?region=XX", "?kind=spa", "?brand=Not%20A%20Slug", "?colour=red"} {
		if status, _ := f.fetch(t, "/where-to-try"+bad); status != http.StatusBadRequest {
			t.Errorf("/where-to-try%s: status %d, want 400", bad, status)
		}
	}

	var api struct {
		Places []struct {
			Slug       string         `json:"slug"`
			Region     string         `json:"region"`
			RegionName string         `json:"region_name"`
			BrandName  string         `json:"brand_name"`
			SourceRef  catalog.Source `json:"source_ref"`
		} `json:"places"`
	}
	w := f.do(t, http.MethodGet, "/api/v1/places?"+url.Values{"region": {pl.Region}, "brand": {pl.Brand}}.Encode())
	if err := json.Unmarshal(w.Body.Bytes(), &api); err != nil || w.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/places: %d, %v", w.Code, err)
	}
	if len(api.Places) == 0 || api.Places[0].Slug != pl.Slug || api.Places[0].RegionName != region.Name || api.Places[0].SourceRef.URL != src.URL {
		t.Errorf("API places %+v, want %s in %s citing %s", api.Places, pl.Slug, region.Name, src.URL)
	}
}

// TestChairPageMarketsAndPlaces: a voltage from a US page reads as the US
// version's, with the source's kind and market beside its citation; the
// Philippine check asks for a 220 V version; the chair page lists where
// its brand can be tried, or says none is known and links /where-to-try.
func TestChairPageMarketsAndPlaces(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	chairs := f.chairsBySlug(t)
	sources := map[string]catalog.Source{}
	for _, s := range f.doc.Sources {
		sources[s.ID] = s
	}
	withPlaces := map[string]bool{}
	for _, p := range f.doc.Places {
		withPlaces[p.Brand] = true
	}
	var usVolt, placed, unplaced string
	for _, c := range f.doc.Chairs {
		if s, ok := c.Specs["voltage"]; ok && sources[s.Source].Market == "US" && s.Value == "110-120" && usVolt == "" {
			usVolt = c.Slug
		}
		if withPlaces[c.Brand] && placed == "" {
			placed = c.Slug
		}
		if !withPlaces[c.Brand] && unplaced == "" {
			unplaced = c.Slug
		}
	}
	if usVolt == "" || placed == "" || unplaced == "" {
		t.Fatalf("the starter data lacks a chair for a case: US voltage %q, with places %q, without %q", usVolt, placed, unplaced)
	}

	_, page := f.fetch(t, "/chairs/"+usVolt)
	src := sources[chairs[usVolt].Specs["voltage"].Source]
	row := section(page, `<th scope="row">Rated voltage</th>`, "</tr>")
	if !strings.Contains(row, "US version: 110–120 V") || !strings.Contains(row, `<span class="source-note">`+html.EscapeString(src.Note())+`</span>`) {
		t.Errorf("voltage row %q, want the US version's value and %q", row, src.Note())
	}
	ph := section(page, `<section class="ph-check"`, "</section>")
	if !strings.Contains(ph, "Ask whether a 220 V version is sold here") {
		t.Errorf("the Philippine check does not ask for a 220 V version: %q", ph)
	}
	if !strings.Contains(ph, `href="/chairs/`+usVolt+`/submit"`) {
		t.Error("the chair page does not invite owners to send a spec")
	}

	_, page = f.fetch(t, "/chairs/"+placed)
	try := section(page, `<section class="chair-places"`, "</section>")
	for _, p := range f.doc.Places {
		if p.Brand == chairs[placed].Brand && !strings.Contains(try, html.EscapeString(p.Name)) {
			t.Errorf("the %s page does not list %s", placed, p.Name)
		}
	}
	_, page = f.fetch(t, "/chairs/"+unplaced)
	try = section(page, `<section class="chair-places"`, "</section>")
	if !strings.Contains(try, "is known to us yet") || !strings.Contains(try, `href="/where-to-try"`) {
		t.Errorf("the %s page does not say no place is known with a link to /where-to-try: %q", unplaced, try)
	}

	_, page = f.fetch(t, "/compare?chairs="+usVolt+","+placed)
	row = section(page, `<th scope="row">Rated voltage</th>`, "</tr>")
	if !strings.Contains(row, "US version: 110–120 V") || !strings.Contains(row, html.EscapeString(src.Note())) {
		t.Errorf("compare voltage row %q, want the US version's value and its source note", row)
	}
}
