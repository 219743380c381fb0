package catalog

import (
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"masahe/internal/errs"
	"masahe/internal/prices"
)

func TestFormatPeso(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{0: "₱0", 990: "₱990", 1000: "₱1,000", 129990: "₱129,990", 1234567: "₱1,234,567", -5000: "₱-5,000"} {
		if got := FormatPeso(n); got != want {
			t.Errorf("FormatPeso(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestParseFilter(t *testing.T) {
	t.Parallel()
	yes := true
	tests := []struct {
		query string
		check func(Filter) bool
	}{
		{"", func(f Filter) bool {
			return f.Sort == SortName && f.Page == 1 && f.PerPage == DefaultPerPage && f.Q == ""
		}},
		{"brand=osim,ogawa&brand=osaki", func(f Filter) bool { return slices.Equal(f.Brands, []string{"osim", "ogawa", "osaki"}) }},
		{"track=SL&track=s", func(f Filter) bool { return slices.Equal(f.Tracks, []string{"sl", "s"}) }},
		{"zero_gravity=true&heat=false", func(f Filter) bool { return *f.ZeroGravity == yes && !*f.Heat && f.FootRollers == nil }},
		{"min_price=50,000&max_price=200000", func(f Filter) bool { return *f.MinPrice == 50000 && *f.MaxPrice == 200000 }},
		{"height_cm=&weight_kg=", func(f Filter) bool { return f.HeightCM == nil && f.WeightKG == nil }},
		{"sort=price_desc&page=3&per_page=100", func(f Filter) bool {
			return f.Sort == SortPriceDesc && f.Page == 3 && f.PerPage == 100 && f.Offset() == 200
		}},
		{"q=+zero+gravity+", func(f Filter) bool { return f.Q == "zero gravity" }},
	}
	for _, tt := range tests {
		v, _ := url.ParseQuery(tt.query)
		f, err := ParseFilter(v)
		if err != nil {
			t.Errorf("ParseFilter(%q): %v", tt.query, err)
			continue
		}
		if !tt.check(f) {
			t.Errorf("ParseFilter(%q) = %+v", tt.query, f)
		}
	}
}

func TestParseFilterErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ query, field string }{
		{"track=x", "track"},
		{"rollers=5d", "rollers"},
		{"brand=Not+A+Slug!", "brand"},
		{"zero_gravity=maybe", "zero_gravity"},
		{"min_price=abc", "min_price"},
		{"min_price=-5", "min_price"},
		{"min_price=300&max_price=100", "min_price"},
		{"height_cm=20", "height_cm"},
		{"weight_kg=9999", "weight_kg"},
		{"sort=bogus", "sort"},
		{"page=0", "page"},
		{"per_page=10000", "per_page"},
		{"colour=red", "colour"},
		{"q=" + strings.Repeat("a", 201), "q"},
	}
	for _, tt := range tests {
		v, _ := url.ParseQuery(tt.query)
		_, err := ParseFilter(v)
		var e *errs.Error
		if !errors.As(err, &e) || e.Code != errs.Invalid || e.Field != tt.field {
			t.Errorf("ParseFilter(%.40q) error = %v, want invalid on %s", tt.query, err, tt.field)
		}
	}
}

func TestFilterQueryRoundTrip(t *testing.T) {
	t.Parallel()
	v, _ := url.ParseQuery("brand=osim&track=sl&zero_gravity=true&min_price=1000&height_cm=170&sort=newest&page=2&q=4d")
	f, err := ParseFilter(v)
	if err != nil {
		t.Fatal(err)
	}
	g, err := ParseFilter(f.Query())
	if err != nil {
		t.Fatal(err)
	}
	if f.Query().Encode() != g.Query().Encode() {
		t.Errorf("round trip changed the filter: %s vs %s", f.Query().Encode(), g.Query().Encode())
	}
	if ParseFilterMust(t, "").Query().Encode() != "" {
		t.Error("the default filter should have an empty query")
	}
}

func ParseFilterMust(t *testing.T, q string) Filter {
	t.Helper()
	v, _ := url.ParseQuery(q)
	f, err := ParseFilter(v)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func chair(slug string, specs map[string]any) Chair {
	c := Chair{Slug: slug, Brand: "b", BrandName: "B", Name: slug, Specs: map[string]Spec{}}
	for k, v := range specs {
		c.Specs[k] = Spec{Value: v, Source: "s"}
	}
	return c
}

func TestCompare(t *testing.T) {
	t.Parallel()
	a := chair("a", map[string]any{"track": "sl", "rollers": "4d", "zero_gravity": true})
	b := chair("b", map[string]any{"track": "sl", "rollers": "3d"})
	rows, err := Compare([]Chair{a, b})
	if err != nil {
		t.Fatal(err)
	}
	byField := map[string]Row{}
	for _, r := range rows {
		byField[r.Field] = r
	}
	if byField["track"].Differs {
		t.Error("same track marked as differing")
	}
	if !byField["rollers"].Differs || !slices.Equal(byField["rollers"].Values, []string{"4D", "3D"}) {
		t.Errorf("rollers row = %+v", byField["rollers"])
	}
	if zg := byField["zero_gravity"]; !zg.Differs || zg.Values[1] != "not published" {
		t.Errorf("a missing value must read 'not published' and differ: %+v", zg)
	}
	if len(rows) != len(Fields)+2 {
		t.Errorf("%d rows, want one per field plus brand and price", len(rows))
	}
	for _, n := range []int{0, 1, 5} {
		if _, err := Compare(make([]Chair, n)); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("Compare of %d chairs: err = %v, want invalid", n, err)
		}
	}
}

func TestParseCompareSlugs(t *testing.T) {
	t.Parallel()
	got, err := ParseCompareSlugs(url.Values{"chairs": {"a,b", "c", "a"}})
	if err != nil || !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("got %v, %v", got, err)
	}
	if _, err := ParseCompareSlugs(url.Values{"chairs": {"a,b,c,d,e"}}); errs.CodeOf(err) != errs.Invalid {
		t.Errorf("five chairs: err = %v", err)
	}
}

func TestLowestOfferIsFreshAndInStock(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	offer := func(retailer string, pesos int64, stale bool, stock prices.Stock) prices.Offer {
		return prices.Offer{Observation: prices.Observation{RetailerSlug: retailer, Price: prices.Pesos(pesos), Stock: stock, ObservedAt: at}, Stale: stale}
	}
	c := Chair{Offers: []prices.Offer{offer("x", 90, true, prices.InStock), offer("y", 95, false, prices.OutOfStock), offer("z", 150, false, prices.StockUnknown)}}
	o, ok := c.LowestOffer()
	if !ok || o.RetailerSlug != "z" {
		t.Errorf("LowestOffer = %+v, want z's: the cheaper ones are stale or out of stock", o)
	}
	if _, ok := (Chair{}).LowestOffer(); ok {
		t.Error("a chair without offers has no lowest offer")
	}
}

func TestFormatValue(t *testing.T) {
	t.Parallel()
	track, _ := FieldByKey("track")
	height, _ := FieldByKey("user_height_max_cm")
	weight, _ := FieldByKey("chair_weight_kg")
	areas, _ := FieldByKey("service_areas")
	tests := []struct {
		f    Field
		s    Spec
		ok   bool
		want string
	}{
		{track, Spec{Value: "sl"}, true, "SL-track"},
		{height, Spec{Value: int64(190)}, true, "190 cm"},
		{height, Spec{}, false, "not published"},
		{weight, Spec{Value: 103.5}, true, "103.5 kg"},
		{areas, Spec{Value: []string{"Metro Manila", "Cebu"}}, true, "Metro Manila, Cebu"},
	}
	for _, tt := range tests {
		if got := FormatValue(tt.f, tt.s, tt.ok); got != tt.want {
			t.Errorf("FormatValue(%s) = %q, want %q", tt.f.Key, got, tt.want)
		}
	}
}

func TestCorrect(t *testing.T) {
	t.Parallel()
	known := []string{"osim", "udivine", "v", "zero", "gravity", "4d", "osaki", "highpointe"}
	tests := []struct {
		q, want string
		changed bool
	}{
		{"osmi udivne", "osim udivine", true},
		{"zero gravty", "zero gravity", true},
		{"udiv", "udiv", false},
		{"xyzzy", "xyzzy", false},
		{"higpointe", "highpointe", true},
	}
	v := NewVocabulary(known)
	for _, tt := range tests {
		got, changed := v.Correct(tt.q)
		if got != tt.want || changed != tt.changed {
			t.Errorf("Correct(%q) = %q, %v; want %q, %v", tt.q, got, changed, tt.want, tt.changed)
		}
	}
}

func TestSearchText(t *testing.T) {
	t.Parallel()
	c := chair("osim-udivine-v", map[string]any{"rollers": "4d", "zero_gravity": true, "heat": false})
	c.BrandName, c.Name = "OSIM", "uDivine V"
	words := Tokens(c.SearchText())
	for _, w := range []string{"osim", "udivine", "4d", "zero", "gravity"} {
		if !slices.Contains(words, w) {
			t.Errorf("search text %q lacks %q", c.SearchText(), w)
		}
	}
	if slices.Contains(words, "heat") {
		t.Error("a chair without heat must not match 'heat'")
	}
}

const validDoc = `{
  "sources": [{"id": "s1", "url": "https://example.com/spec", "title": "Spec sheet", "accessed": "2026-11-24", "market": "SG", "kind": "manufacturer"}],
  "brands": [{"slug": "acme", "name": "Acme", "source": "s1"}],
  "retailers": [{"slug": "shop", "name": "Shop"}],
  "chairs": [
    {"slug": "acme-one", "brand": "acme", "name": "One",
     "specs": {"track": {"value": "sl", "source": "s1"}, "user_height_max_cm": {"value": 190, "source": "s1"},
               "chair_weight_kg": {"value": 103.5, "source": "s1"}, "service_areas": {"value": ["Cebu"], "sample": true}}}
  ],
  "places": [{"slug": "acme-cebu", "brand": "acme", "kind": "service_centre", "name": "Acme Cebu", "address": "1 Example St",
              "city": "Cebu City", "province": "Cebu", "region": "VII", "source": "s1", "checked": "2026-11-24"}]
}`

func TestParseAndValidateDocument(t *testing.T) {
	t.Parallel()
	doc, err := ParseDocument("ok.json", strings.NewReader(validDoc))
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(Known{}); err != nil {
		t.Fatal(err)
	}
	c := doc.Chairs[0]
	if v, ok := c.Int("user_height_max_cm"); !ok || v != 190 {
		t.Errorf("height normalised to %v", c.Specs["user_height_max_cm"].Value)
	}
	if v, ok := c.Specs["chair_weight_kg"].Value.(float64); !ok || v != 103.5 {
		t.Errorf("weight normalised to %#v", c.Specs["chair_weight_kg"].Value)
	}
	if v, ok := c.Specs["service_areas"].Value.([]string); !ok || !slices.Equal(v, []string{"Cebu"}) || !c.Specs["service_areas"].Sample {
		t.Errorf("service areas = %#v", c.Specs["service_areas"])
	}
	if doc.Records() != 5 {
		t.Errorf("Records = %d", doc.Records())
	}
}

func TestValidateReportsEveryProblemWithLine(t *testing.T) {
	t.Parallel()
	bad := `{
  "chairs": [
    {"slug": "Bad Slug", "brand": "nobrand", "name": "",
     "specs": {"track": {"value": "x", "source": "s1"}, "airbags": {"value": 12.5, "source": "s1"}}},
    {"slug": "ok-chair", "brand": "acme", "name": "Fine",
     "specs": {"colour": {"value": "red", "source": "s1"}, "heat": {"value": true}, "user_height_min_cm": {"value": 190, "source": "s1"}, "user_height_max_cm": {"value": 150, "source": "s1"}}}
  ]
}`
	known := Known{Sources: map[string]bool{"s1": true}, Brands: map[string]bool{"acme": true}, Retailers: map[string]bool{"shop": true}}
	checkProblems(t, bad, known, []lineField{
		{3, "slug"}, {3, "brand"}, {3, "name"}, {3, "specs.track"}, {3, "specs.airbags"},
		{5, "specs.colour"}, {5, "specs.heat.source"}, {5, "specs.user_height_min_cm"},
	})
}

// lineField is where checkProblems expects a problem: a line of bad.json
// and a field.
type lineField struct {
	line  int
	field string
}

// checkProblems validates the document bad (as bad.json) against known and
// checks that it reports exactly the problems in want, each at its line and
// field.
func checkProblems(t *testing.T, bad string, known Known, want []lineField) {
	t.Helper()
	doc, err := ParseDocument("bad.json", strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	err = doc.Validate(known)
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("err = %v, want a ValidationError", err)
	}
	for _, w := range want {
		if !slices.ContainsFunc(verr.Problems, func(p Problem) bool { return p.Line == w.line && p.Field == w.field && p.File == "bad.json" }) {
			t.Errorf("no problem reported at line %d field %s; got:\n%v", w.line, w.field, err)
		}
	}
	if n := len(verr.Problems); n != len(want) {
		t.Errorf("%d problems, want %d:\n%v", n, len(want), err)
	}
}

func TestParseDocumentSyntaxErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ doc, want string }{
		{"{\n\"chairs\": [\n{\"slug\": 5}]}", "bad.json:3"},
		{"{\"colours\": []}", "unknown section"},
		{"{\"offers\": []}", "masahe prices import"},
		{"{\"chairs\": [{\"slug\": \"a\", \"extra\": 1}]}", "unknown field"},
		{"{\"chairs\": [", "bad.json:1"},
		{"[]", "bad.json:1"},
		{"{} {}", "after the document"},
	}
	for _, tt := range tests {
		_, err := ParseDocument("bad.json", strings.NewReader(tt.doc))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseDocument(%q) = %v, want an error containing %q", tt.doc, err, tt.want)
		}
	}
}

func TestDocumentJSONRoundTrip(t *testing.T) {
	t.Parallel()
	doc, err := ParseDocument("ok.json", strings.NewReader(validDoc))
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(Known{}); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseDocument("again.json", strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if err := again.Validate(Known{}); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(again)
	if string(b) != string(b2) {
		t.Errorf("round trip changed the document:\n%s\n%s", b, b2)
	}
}

// TestValidateMarketsKindsAndPlaces: a source's market and kind, when
// given, are from the lists; a place names a known brand, a kind, an
// address, a PSA region, a source and the date it was checked.
func TestValidateMarketsKindsAndPlaces(t *testing.T) {
	bad := `{
  "sources": [{"id": "s2", "url": "https://example.com/b", "title": "B", "market": "USA", "kind": "blog"}],
  "places": [
    {"slug": "p1", "brand": "nobrand", "kind": "kiosk", "name": "", "address": "", "city": "", "region": "Region 7", "source": "", "checked": "last week"},
    {"slug": "p1", "brand": "acme", "kind": "store", "name": "Ok", "address": "SM Lanang Premier", "city": "Davao City", "region": "XI", "source": "s1", "checked": ""}
  ]
}`
	checkProblems(t, bad, Known{Sources: map[string]bool{"s1": true}, Brands: map[string]bool{"acme": true}}, []lineField{
		{2, "market"}, {2, "kind"},
		{4, "brand"}, {4, "kind"}, {4, "name"}, {4, "address"}, {4, "city"}, {4, "region"}, {4, "source"}, {4, "checked"},
		{5, "slug"}, {5, "checked"},
	})
}

func TestRegions(t *testing.T) {
	if len(Regions) != 17 {
		t.Errorf("%d regions, want the PSGC's 17", len(Regions))
	}
	seen := map[string]bool{}
	for _, r := range Regions {
		if seen[r.Code] || seen[r.PSGC] || len(r.PSGC) != 10 || r.Name == "" {
			t.Errorf("region %+v: duplicate or incomplete", r)
		}
		seen[r.Code], seen[r.PSGC] = true, true
		if got, ok := RegionByCode(r.Code); !ok || got.Name != r.Name || !r.Matches(" "+strings.ToLower(r.Code)+" ") {
			t.Errorf("region %s: lookup or match fails", r.Code)
		}
	}
	places := []Place{{Slug: "b", Region: "XI", City: "Davao City"}, {Slug: "a", Region: "NCR", City: "Pasay"}, {Slug: "c", Region: "CAR", City: "Baguio"}}
	SortPlaces(places)
	if got := []string{places[0].Slug, places[1].Slug, places[2].Slug}; !slices.Equal(got, []string{"a", "c", "b"}) {
		t.Errorf("places sorted %v, want NCR, CAR, XI", got)
	}
}
