// This file is over 600 lines on purpose: it holds the API fixture and the table of every catalog API query and its answer.
// Splitting it would scatter one fixture across files.

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"masahe/data"
	"masahe/internal/catalog"
	"masahe/internal/prices"
	"masahe/internal/store"
)

// apiFixture is the whole handler over a real SQLite store holding the
// bundled starter catalog, and that catalog as loaded.
type apiFixture struct {
	h   http.Handler // srv, checked against docs/openapi.yaml
	srv *Server
	st  *store.Store
	doc *catalog.Document
	// obs are the test's prices (addTestPrices).
	obs []prices.Observation
}

func newAPIFixture(t *testing.T) apiFixture {
	t.Helper()
	return newAPIFixtureAt(t, nil)
}

// newAPIFixtureAt is newAPIFixture with the server's clock; nil is
// time.Now.
func newAPIFixtureAt(t *testing.T, now func() time.Time) apiFixture {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	doc, err := data.Starter()
	if err != nil {
		t.Fatal(err)
	}
	if loaded, err := st.LoadStarter(ctx, doc); err != nil || !loaded {
		t.Fatalf("LoadStarter = %v, %v", loaded, err)
	}
	obs := addTestPrices(t, st, doc, time.Now())
	srv, err := NewServer(Config{BaseURL: "http://example.test", Now: now}, storesOf(st), slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	return apiFixture{h: checkContract(t, srv), srv: srv, st: st, doc: doc, obs: obs}
}

// do sends a request and returns the response recorder.
func (f apiFixture) do(t *testing.T, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

// get requests target, requires a 200 JSON answer and decodes it.
func (f apiFixture) get(t *testing.T, target string) map[string]any {
	t.Helper()
	w := f.do(t, http.MethodGet, target)
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d, body %s", target, w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET %s: Content-Type %q", target, ct)
	}
	var out map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatalf("GET %s: %v in %s", target, err, w.Body)
	}
	return out
}

// listAll pages through a list endpoint (query without page or per_page)
// and returns every item and the reported total.
func (f apiFixture) listAll(t *testing.T, path, query string) ([]map[string]any, int) {
	t.Helper()
	var items []map[string]any
	total := -1
	for page := 1; ; page++ {
		target := fmt.Sprintf("%s?per_page=100&page=%d", path, page)
		if query != "" {
			target += "&" + query
		}
		res := f.get(t, target)
		n := int(res["total"].(float64))
		if total >= 0 && n != total {
			t.Fatalf("GET %s: total changed from %d to %d", target, total, n)
		}
		total = n
		got := res["items"].([]any)
		for _, it := range got {
			items = append(items, it.(map[string]any))
		}
		if len(got) == 0 || len(items) >= total {
			break
		}
		if page > 100 {
			t.Fatalf("GET %s: more than 100 pages", target)
		}
	}
	if len(items) != total {
		t.Fatalf("%s?%s: %d items over all pages, total %d", path, query, len(items), total)
	}
	return items, total
}

// at walks a decoded JSON object by keys and reports whether the last key
// is present.
func at(v any, keys ...string) (any, bool) {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[k]; !ok {
			return nil, false
		}
	}
	return v, true
}

func slugsOf(items []map[string]any) []string {
	var out []string
	for _, it := range items {
		out = append(out, it["slug"].(string))
	}
	slices.Sort(out)
	return out
}

func (f apiFixture) starterSlugs(keep func(c catalog.Chair) bool) []string {
	var out []string
	for _, c := range f.doc.Chairs {
		if keep(c) {
			out = append(out, c.Slug)
		}
	}
	slices.Sort(out)
	return out
}

// lowestPrice is the cheapest fresh test price of a chair, in pesos.
func (f apiFixture) lowestPrice(slug string) (float64, bool) {
	return freshLowest(f.obs, slug, time.Now())
}

func TestAPIListChairs(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	for _, path := range []string{"/api/v1/chairs", "/api/v1/search"} {
		t.Run(path, func(t *testing.T) {
			res := f.get(t, path)
			for _, key := range []string{"items", "total", "page", "per_page"} {
				if _, ok := res[key]; !ok {
					t.Errorf("no %q in %v", key, res)
				}
			}
			if _, ok := res["corrected_query"]; ok {
				t.Errorf("corrected_query present without a query: %v", res["corrected_query"])
			}
			if got, want := int(res["total"].(float64)), len(f.doc.Chairs); got != want {
				t.Errorf("total = %d, want %d starter chairs", got, want)
			}
			if got := res["page"].(float64); got != 1 {
				t.Errorf("page = %v, want 1", got)
			}
			if got := res["per_page"].(float64); got != catalog.DefaultPerPage {
				t.Errorf("per_page = %v, want %d", got, catalog.DefaultPerPage)
			}
			if got, want := len(res["items"].([]any)), min(catalog.DefaultPerPage, len(f.doc.Chairs)); got != want {
				t.Errorf("%d items, want %d", got, want)
			}
			items, total := f.listAll(t, path, "")
			if got, want := slugsOf(items), f.starterSlugs(func(catalog.Chair) bool { return true }); !slices.Equal(got, want) {
				t.Errorf("all pages hold %d chairs, want the %d starter chairs", len(got), len(want))
			}
			if total != len(f.doc.Chairs) {
				t.Errorf("total = %d, want %d", total, len(f.doc.Chairs))
			}
		})
	}
	t.Run("page past the end", func(t *testing.T) {
		res := f.get(t, "/api/v1/chairs?per_page=100&page=1000")
		if items := res["items"].([]any); len(items) != 0 {
			t.Errorf("%d items past the end", len(items))
		}
		if got := int(res["total"].(float64)); got != len(f.doc.Chairs) {
			t.Errorf("total = %d past the end, want %d", got, len(f.doc.Chairs))
		}
	})
}

func TestAPIFilters(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	// A brand with chairs, read from the API rather than hard-coded.
	var brand string
	for _, b := range f.get(t, "/api/v1/brands")["items"].([]any) {
		if b := b.(map[string]any); b["chairs"].(float64) > 0 {
			brand = b["slug"].(string)
			break
		}
	}
	if brand == "" {
		t.Fatal("no brand with chairs in the starter data")
	}
	intSpec := func(c catalog.Chair, key string) (int64, bool) { return c.Int(key) }
	num := func(it map[string]any, keys ...string) (float64, bool) {
		v, _ := at(it, keys...)
		n, ok := v.(float64)
		return n, ok
	}
	for _, tc := range []struct {
		name  string
		query string
		keep  func(c catalog.Chair) bool     // which starter chairs the filter selects
		check func(it map[string]any) string // what each returned item must satisfy
	}{
		{
			name: "brand", query: "brand=" + brand,
			keep: func(c catalog.Chair) bool { return c.Brand == brand },
			check: func(it map[string]any) string {
				if got, _ := at(it, "brand", "slug"); got != brand {
					return fmt.Sprintf("brand.slug = %v", got)
				}
				return ""
			},
		},
		{
			name: "zero gravity", query: "zero_gravity=true",
			keep: func(c catalog.Chair) bool { v, ok := c.Bool("zero_gravity"); return ok && v },
			check: func(it map[string]any) string {
				if it["zero_gravity"] != true {
					return fmt.Sprintf("zero_gravity = %v", it["zero_gravity"])
				}
				return ""
			},
		},
		{
			name: "no zero gravity", query: "zero_gravity=no",
			keep: func(c catalog.Chair) bool { v, ok := c.Bool("zero_gravity"); return ok && !v },
			check: func(it map[string]any) string {
				if it["zero_gravity"] != false {
					return fmt.Sprintf("zero_gravity = %v", it["zero_gravity"])
				}
				return ""
			},
		},
		{
			name: "height", query: "height_cm=180",
			keep: func(c catalog.Chair) bool {
				lo, ok1 := intSpec(c, "user_height_min_cm")
				hi, ok2 := intSpec(c, "user_height_max_cm")
				return ok1 && ok2 && lo <= 180 && 180 <= hi
			},
			check: func(it map[string]any) string {
				lo, ok1 := num(it, "user_height_cm", "min")
				hi, ok2 := num(it, "user_height_cm", "max")
				if !ok1 || !ok2 || lo > 180 || hi < 180 {
					return fmt.Sprintf("user_height_cm = %v", it["user_height_cm"])
				}
				return ""
			},
		},
		{
			name: "weight", query: "weight_kg=120",
			keep: func(c catalog.Chair) bool { v, ok := intSpec(c, "max_user_weight_kg"); return ok && v >= 120 },
			check: func(it map[string]any) string {
				if v, ok := num(it, "max_user_weight_kg"); !ok || v < 120 {
					return fmt.Sprintf("max_user_weight_kg = %v", it["max_user_weight_kg"])
				}
				return ""
			},
		},
		{
			name: "price range with thousands separators", query: "min_price=100%2C000&max_price=300000",
			keep: func(c catalog.Chair) bool {
				p, ok := f.lowestPrice(c.Slug)
				return ok && p >= 100_000 && p <= 300_000
			},
			check: func(it map[string]any) string {
				if p, ok := num(it, "lowest_price_php"); !ok || p < 100_000 || p > 300_000 {
					return fmt.Sprintf("lowest_price_php = %v", it["lowest_price_php"])
				}
				return ""
			},
		},
		{
			name: "track list", query: "track=SL,l&track=j",
			keep: func(c catalog.Chair) bool { v, _ := c.Str("track"); return v == "sl" || v == "l" || v == "j" },
			check: func(it map[string]any) string {
				if v := it["track"]; v != "sl" && v != "l" && v != "j" {
					return fmt.Sprintf("track = %v", v)
				}
				return ""
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := f.starterSlugs(tc.keep)
			if len(want) == 0 {
				t.Fatalf("no starter chair matches %s: the case tests nothing", tc.query)
			}
			for _, path := range []string{"/api/v1/chairs", "/api/v1/search"} {
				items, total := f.listAll(t, path, tc.query)
				for _, it := range items {
					if msg := tc.check(it); msg != "" {
						t.Errorf("%s?%s returned %s with %s", path, tc.query, it["slug"], msg)
					}
				}
				if got := slugsOf(items); !slices.Equal(got, want) {
					t.Errorf("%s?%s: got %d chairs %v\nwant %d %v", path, tc.query, total, got, len(want), want)
				}
			}
		})
	}
}

func TestAPISort(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	// Add a chair without any price, so that "nulls last" is tested for
	// prices whatever the test prices are.
	extra := &catalog.Document{Chairs: []catalog.Chair{{
		Slug: "zz-test-no-offer", Brand: f.doc.Chairs[0].Brand, Name: "No Offer", Specs: map[string]catalog.Spec{},
	}}}
	if _, err := f.st.Import(context.Background(), extra, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sort string
		key  string
		desc bool
	}{
		{catalog.SortPriceAsc, "lowest_price_php", false},
		{catalog.SortPriceDesc, "lowest_price_php", true},
		{catalog.SortNewest, "release_year", true},
	} {
		t.Run(tc.sort, func(t *testing.T) {
			items, _ := f.listAll(t, "/api/v1/chairs", "sort="+tc.sort)
			seenNull := false
			var prev float64
			for i, it := range items {
				v, present := it[tc.key]
				if !present {
					t.Fatalf("%s has no %s key", it["slug"], tc.key)
				}
				if v == nil {
					seenNull = true
					continue
				}
				n := v.(float64)
				if seenNull {
					t.Errorf("item %d (%s): %s %v after a null: nulls must come last", i, it["slug"], tc.key, n)
				}
				if i > 0 && !seenNull && ((!tc.desc && n < prev) || (tc.desc && n > prev)) {
					t.Errorf("item %d (%s): %s %v after %v", i, it["slug"], tc.key, n, prev)
				}
				prev = n
			}
			if !seenNull {
				t.Errorf("no chair has a null %s: nulls last was not tested", tc.key)
			}
		})
	}
}

func TestAPIChair(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	// A chair with two fresh test prices (the first chair).
	chair := f.doc.Chairs[0]
	res := f.get(t, "/api/v1/chairs/"+chair.Slug)
	if res["slug"] != chair.Slug || res["name"] != chair.Name {
		t.Errorf("slug, name = %v, %v; want %s, %s", res["slug"], res["name"], chair.Slug, chair.Name)
	}
	if got, _ := at(res, "brand", "slug"); got != chair.Brand {
		t.Errorf("brand.slug = %v, want %s", got, chair.Brand)
	}
	offers := res["offers"].([]any)
	if len(offers) != 2 {
		t.Fatalf("%d offers, want the 2 test prices", len(offers))
	}
	var prevPrice float64
	for i, o := range offers {
		o := o.(map[string]any)
		for _, key := range []string{"retailer", "price_php", "regular_price_php", "instalment", "in_stock", "url", "observed_at", "method", "stale"} {
			if _, ok := o[key]; !ok {
				t.Errorf("offer %d has no %q key: %v", i, key, o)
			}
		}
		price := o["price_php"].(float64)
		if i > 0 && price < prevPrice {
			t.Errorf("offer %d: ₱%v after ₱%v: offers must be cheapest first", i, price, prevPrice)
		}
		prevPrice = price
	}
	if in, _ := offers[1].(map[string]any)["instalment"].(map[string]any); in["months"] != 12.0 || in["total_php"] != prevPrice || in["estimate"] != false {
		t.Errorf("shop B's instalment %v, want a 0 %% plan of 12 months totalling ₱%v", in, prevPrice)
	}
	if low, _ := f.lowestPrice(chair.Slug); res["lowest_price_php"] != low {
		t.Errorf("lowest_price_php = %v, want %v", res["lowest_price_php"], low)
	}

	// Every sourced spec and the model itself appear under the
	// source's supports; sample specs are listed in sample_fields.
	supports := map[string][]string{}
	for _, s := range res["sources"].([]any) {
		s := s.(map[string]any)
		for _, key := range []string{"id", "url", "title", "supports"} {
			if _, ok := s[key]; !ok {
				t.Errorf("source has no %q key: %v", key, s)
			}
		}
		list, ok := s["supports"].([]any)
		if !ok || len(list) == 0 {
			t.Errorf("source %v: supports = %v, want a non-empty list", s["id"], s["supports"])
		}
		for _, k := range list {
			supports[s["id"].(string)] = append(supports[s["id"].(string)], k.(string))
		}
	}
	var sampleFields []string
	for _, k := range res["sample_fields"].([]any) {
		sampleFields = append(sampleFields, k.(string))
	}
	for key, spec := range chair.Specs {
		switch {
		case spec.Sample && !slices.Contains(sampleFields, key):
			t.Errorf("sample spec %s not in sample_fields %v", key, sampleFields)
		case !spec.Sample && spec.Source != "" && !slices.Contains(supports[spec.Source], key):
			t.Errorf("spec %s: source %s supports %v, want it to list %s", key, spec.Source, supports[spec.Source], key)
		}
	}
	if chair.Source != "" && !slices.Contains(supports[chair.Source], "model") {
		t.Errorf("model source %s supports %v, want it to list model", chair.Source, supports[chair.Source])
	}
	if len(supports) == 0 {
		t.Errorf("chair %s has no sources", chair.Slug)
	}
}

// TestAPIUnknownIsNull checks, for every starter chair, that a spec the
// data leaves out is a present JSON null and a spec it has is not null.
func TestAPIUnknownIsNull(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	paths := map[string][]string{}
	for _, fl := range catalog.Fields {
		paths[fl.Key] = []string{fl.Key}
	}
	for key, path := range map[string][]string{
		"user_height_min_cm": {"user_height_cm", "min"}, "user_height_max_cm": {"user_height_cm", "max"},
		"upright_width_cm": {"dimensions_cm", "upright", "w"}, "upright_depth_cm": {"dimensions_cm", "upright", "d"},
		"upright_height_cm": {"dimensions_cm", "upright", "h"}, "reclined_width_cm": {"dimensions_cm", "reclined", "w"},
		"reclined_depth_cm": {"dimensions_cm", "reclined", "d"}, "reclined_height_cm": {"dimensions_cm", "reclined", "h"},
		"warranty_parts_months": {"warranty", "parts_months"}, "warranty_labour_months": {"warranty", "labour_months"},
		"warranty_ph": {"warranty", "ph_service"}, "service_areas": {"warranty", "service_areas"},
	} {
		paths[key] = path
	}
	items, _ := f.listAll(t, "/api/v1/chairs", "")
	bySlug := map[string]map[string]any{}
	for _, it := range items {
		bySlug[it["slug"].(string)] = it
	}
	nulls := 0
	for _, c := range f.doc.Chairs {
		it := bySlug[c.Slug]
		if it == nil {
			t.Errorf("starter chair %s not listed", c.Slug)
			continue
		}
		for _, fl := range catalog.Fields {
			v, present := at(it, paths[fl.Key]...)
			_, known := c.Specs[fl.Key]
			switch {
			case !present:
				t.Errorf("%s: key %s missing, want it present", c.Slug, strings.Join(paths[fl.Key], "."))
			case !known && v != nil:
				t.Errorf("%s: %s = %v, want null: the starter data has no value", c.Slug, strings.Join(paths[fl.Key], "."), v)
			case known && v == nil:
				t.Errorf("%s: %s = null, want the starter value %v", c.Slug, strings.Join(paths[fl.Key], "."), c.Specs[fl.Key].Value)
			case !known:
				nulls++
			}
		}
		v, present := it["lowest_price_php"]
		if _, hasOffer := f.lowestPrice(c.Slug); !present || (v == nil) == hasOffer {
			t.Errorf("%s: lowest_price_php = %v (present %v), want null exactly when there is no offer", c.Slug, v, present)
		}
	}
	if nulls == 0 {
		t.Fatal("no starter chair lacks a spec: the null contract was not exercised")
	}

	// And on the single-chair endpoint, for one chair with a missing spec.
	for _, c := range f.doc.Chairs {
		i := slices.IndexFunc(catalog.Fields, func(fl catalog.Field) bool { _, ok := c.Specs[fl.Key]; return !ok })
		if i < 0 {
			continue
		}
		key := catalog.Fields[i].Key
		res := f.get(t, "/api/v1/chairs/"+c.Slug)
		if v, present := at(res, paths[key]...); !present || v != nil {
			t.Errorf("/api/v1/chairs/%s: %s = %v (present %v), want a present null", c.Slug, key, v, present)
		}
		break
	}
}

func TestAPISearchCorrection(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	var brand catalog.Brand
	for _, b := range f.doc.Brands {
		if len(b.Slug) >= 4 && b.Slug[1] != b.Slug[2] && !strings.Contains(b.Slug, "-") && len(f.starterSlugs(func(c catalog.Chair) bool { return c.Brand == b.Slug })) > 0 {
			brand = b
			break
		}
	}
	if brand.Slug == "" {
		t.Fatal("no one-word brand with chairs")
	}
	typo := []byte(brand.Slug)
	typo[1], typo[2] = typo[2], typo[1] // "osim" → "oism"
	res := f.get(t, "/api/v1/search?q="+string(typo))
	if res["corrected_query"] != brand.Slug {
		t.Errorf("q=%s: corrected_query = %v, want %s", typo, res["corrected_query"], brand.Slug)
	}
	var got []string
	for _, it := range res["items"].([]any) {
		got = append(got, it.(map[string]any)["slug"].(string))
	}
	if int(res["total"].(float64)) <= catalog.DefaultPerPage {
		for _, slug := range f.starterSlugs(func(c catalog.Chair) bool { return c.Brand == brand.Slug }) {
			if !slices.Contains(got, slug) {
				t.Errorf("q=%s: %s not found", typo, slug)
			}
		}
	}
	if res := f.get(t, "/api/v1/search?q="+brand.Slug); res["corrected_query"] != nil {
		t.Errorf("q=%s: corrected_query = %v, want none", brand.Slug, res["corrected_query"])
	}
}

func TestAPICompare(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	items, _ := f.listAll(t, "/api/v1/chairs", "")
	a := items[0]["slug"].(string)
	brandA, _ := at(items[0], "brand", "slug")
	var b string
	for _, it := range items[1:] {
		if br, _ := at(it, "brand", "slug"); br != brandA {
			b = it["slug"].(string)
			break
		}
	}
	if b == "" {
		t.Fatal("the starter data has one brand only")
	}
	for _, target := range []string{
		"/api/v1/compare?chairs=" + b + "," + a,
		"/api/v1/compare?chairs=" + b + "&chairs=" + strings.ToUpper(a),
	} {
		t.Run(target, func(t *testing.T) {
			res := f.get(t, target)
			chairs := res["chairs"].([]any)
			if len(chairs) != 2 || chairs[0].(map[string]any)["slug"] != b || chairs[1].(map[string]any)["slug"] != a {
				t.Fatalf("chairs = %v, want %s then %s", slugsOfAny(chairs), b, a)
			}
			rows := res["rows"].([]any)
			var fields []string
			differs := 0
			for _, r := range rows {
				r := r.(map[string]any)
				for _, key := range []string{"field", "label", "values", "differs"} {
					if _, ok := r[key]; !ok {
						t.Errorf("row has no %q key: %v", key, r)
					}
				}
				fields = append(fields, r["field"].(string))
				values := r["values"].([]any)
				if len(values) != 2 {
					t.Errorf("row %v: %d values, want 2", r["field"], len(values))
					continue
				}
				d, ok := r["differs"].(bool)
				if !ok || d != (values[0] != values[1]) {
					t.Errorf("row %v: differs = %v for values %q", r["field"], r["differs"], values)
				}
				if d {
					differs++
				}
				if r["field"] == "brand" && !d {
					t.Errorf("brand row does not differ for chairs of two brands: %q", values)
				}
			}
			if differs == 0 {
				t.Error("no row differs")
			}
			for _, want := range append([]string{"brand", "lowest_price_php"}, fieldKeys()...) {
				if !slices.Contains(fields, want) {
					t.Errorf("no row for %s", want)
				}
			}
		})
	}
}

func fieldKeys() []string {
	var out []string
	for _, fl := range catalog.Fields {
		out = append(out, fl.Key)
	}
	return out
}

func slugsOfAny(list []any) []any {
	var out []any
	for _, it := range list {
		out = append(out, it.(map[string]any)["slug"])
	}
	return out
}

func TestAPIBrands(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	res := f.get(t, "/api/v1/brands")
	items := res["items"].([]any)
	if len(items) != len(f.doc.Brands) {
		t.Errorf("%d brands, want %d", len(items), len(f.doc.Brands))
	}
	sum := 0
	var names []string
	for _, b := range items {
		b := b.(map[string]any)
		for _, key := range []string{"slug", "name", "country", "website", "ph_presence", "chairs"} {
			if _, ok := b[key]; !ok {
				t.Errorf("brand %v has no %q key", b["slug"], key)
			}
		}
		n := int(b["chairs"].(float64))
		if want := len(f.starterSlugs(func(c catalog.Chair) bool { return c.Brand == b["slug"] })); n != want {
			t.Errorf("brand %v: chairs = %d, want %d", b["slug"], n, want)
		}
		sum += n
		names = append(names, strings.ToLower(b["name"].(string)))
	}
	if sum != len(f.doc.Chairs) {
		t.Errorf("brand chair counts add up to %d, want %d", sum, len(f.doc.Chairs))
	}
	if !slices.IsSorted(names) {
		t.Errorf("brands are not ordered by name: %q", names)
	}
}

func TestAPIErrors(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	items, _ := f.listAll(t, "/api/v1/chairs", "")
	if len(items) < 5 {
		t.Fatalf("need 5 starter chairs, have %d", len(items))
	}
	s := slugsOf(items)
	compare := func(slugs ...string) string {
		return "/api/v1/compare?chairs=" + url.QueryEscape(strings.Join(slugs, ","))
	}
	for _, tc := range []struct {
		name, method, target string
		status               int
		code, field          string
	}{
		{"bad track", "GET", "/api/v1/chairs?track=x", 400, "invalid", "track"},
		{"bad rollers", "GET", "/api/v1/chairs?rollers=5d", 400, "invalid", "rollers"},
		{"bad brand slug", "GET", "/api/v1/chairs?brand=Bad_Brand!", 400, "invalid", "brand"},
		{"bad bool", "GET", "/api/v1/chairs?zero_gravity=maybe", 400, "invalid", "zero_gravity"},
		{"price not a number", "GET", "/api/v1/chairs?min_price=abc", 400, "invalid", "min_price"},
		{"negative price", "GET", "/api/v1/chairs?min_price=-5", 400, "invalid", "min_price"},
		{"min above max", "GET", "/api/v1/chairs?min_price=200000&max_price=100000", 400, "invalid", "min_price"},
		{"height out of range", "GET", "/api/v1/chairs?height_cm=10", 400, "invalid", "height_cm"},
		{"weight not a number", "GET", "/api/v1/chairs?weight_kg=heavy", 400, "invalid", "weight_kg"},
		{"per_page too big", "GET", "/api/v1/chairs?per_page=10000", 400, "invalid", "per_page"},
		{"per_page zero", "GET", "/api/v1/chairs?per_page=0", 400, "invalid", "per_page"},
		{"page zero", "GET", "/api/v1/chairs?page=0", 400, "invalid", "page"},
		{"bad sort", "GET", "/api/v1/chairs?sort=bogus", 400, "invalid", "sort"},
		{"unknown parameter", "GET", "/api/v1/chairs?foo=1", 400, "invalid", "foo"},
		{"value without a name", "GET", "/api/v1/chairs?=1", 400, "invalid", "query"},
		{"query too long", "GET", "/api/v1/chairs?q=" + strings.Repeat("a", 201), 400, "invalid", "q"},
		{"search bad track", "GET", "/api/v1/search?q=chair&track=x", 400, "invalid", "track"},
		{"search unknown parameter", "GET", "/api/v1/search?foo=1", 400, "invalid", "foo"},
		{"compare one chair", "GET", compare(s[0]), 400, "invalid", "chairs"},
		{"compare one chair twice", "GET", compare(s[0], s[0]), 400, "invalid", "chairs"},
		{"compare no chairs", "GET", "/api/v1/compare", 400, "invalid", "chairs"},
		{"compare five chairs", "GET", compare(s[:5]...), 400, "invalid", "chairs"},
		{"compare bad slug", "GET", compare(s[0], "Not a slug"), 400, "invalid", "chairs"},
		{"compare unknown chair", "GET", compare(s[0], "nope"), 404, "not_found", ""},
		{"unknown chair", "GET", "/api/v1/chairs/nope", 404, "not_found", ""},
		{"POST chairs", "POST", "/api/v1/chairs", 405, "method_not_allowed", ""},
		{"DELETE chair", "DELETE", "/api/v1/chairs/" + s[0], 405, "method_not_allowed", ""},
		{"unknown API path", "GET", "/api/v1/nothing", 404, "not_found", ""},
		{"unknown API version", "GET", "/api/v2/chairs", 404, "not_found", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := f.do(t, tc.method, tc.target)
			if w.Code != tc.status {
				t.Errorf("%s %s: status %d, want %d; body %s", tc.method, tc.target, w.Code, tc.status, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q, want JSON", ct)
			}
			var body map[string]map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
				t.Fatalf("%v in %s", err, w.Body)
			}
			e, ok := body["error"]
			if !ok || len(body) != 1 {
				t.Fatalf("body %s, want only an error object", w.Body)
			}
			if e["code"] != tc.code {
				t.Errorf("error.code = %v, want %s", e["code"], tc.code)
			}
			if msg, _ := e["message"].(string); msg == "" {
				t.Errorf("error.message empty: %s", w.Body)
			}
			field, present := e["field"]
			switch {
			case tc.field == "" && present:
				t.Errorf("error.field = %v, want none", field)
			case tc.field != "" && field != tc.field:
				t.Errorf("error.field = %v, want %s", field, tc.field)
			}
			if tc.status == http.StatusMethodNotAllowed && !strings.Contains(w.Header().Get("Allow"), "GET") {
				t.Errorf("Allow = %q, want it to list GET", w.Header().Get("Allow"))
			}
		})
	}
}

func TestAPIHead(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	for _, target := range []string{"/api/v1/chairs", "/api/v1/brands"} {
		if w := f.do(t, http.MethodHead, target); w.Code != http.StatusOK {
			t.Errorf("HEAD %s: status %d, want 200", target, w.Code)
		}
	}
}

// TestAPISeesImports checks that cached API answers are replaced once an
// import changes the catalog and the cache has looked at its version again.
func TestAPISeesImports(t *testing.T) {
	t.Parallel()
	clock := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f := newAPIFixtureAt(t, func() time.Time { return clock })
	const slug = "zz-test-imported"
	first := f.do(t, http.MethodGet, "/api/v1/chairs")
	again := f.do(t, http.MethodGet, "/api/v1/chairs")
	if again.Body.String() != first.Body.String() || again.Header().Get("Content-Type") != first.Header().Get("Content-Type") {
		t.Errorf("a repeated request got a different answer: Content-Type %q then %q, bodies equal %v",
			first.Header().Get("Content-Type"), again.Header().Get("Content-Type"), again.Body.String() == first.Body.String())
	}
	if w := f.do(t, http.MethodGet, "/api/v1/chairs/"+slug); w.Code != http.StatusNotFound {
		t.Fatalf("before the import: status %d", w.Code)
	}
	extra := &catalog.Document{Chairs: []catalog.Chair{{
		Slug: slug, Brand: f.doc.Chairs[0].Brand, Name: "Imported", Specs: map[string]catalog.Spec{},
	}}}
	if _, err := f.st.Import(context.Background(), extra, nil); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(2 * time.Second)
	if got := int(f.get(t, "/api/v1/chairs")["total"].(float64)); got != len(f.doc.Chairs)+1 {
		t.Errorf("after the import: total = %d, want %d", got, len(f.doc.Chairs)+1)
	}
	if res := f.get(t, "/api/v1/chairs/"+slug); res["slug"] != slug {
		t.Errorf("after the import: slug = %v", res["slug"])
	}
}
