package feed

import (
	"bytes"
	"errors"
	"fmt"
	"masahe/internal/phtime"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"masahe/internal/errs"
	"masahe/internal/prices"
)

var now = time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)

func open(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestMasaheFormats(t *testing.T) {
	t.Parallel()
	manila := phtime.Manila
	want := []prices.Observation{
		{ChairSlug: "sample-chair-a", RetailerSlug: "sample-shop", Price: prices.Pesos(129990), RegularPrice: prices.Pesos(149990),
			Instalment: &prices.Instalment{Months: 12, Banks: []string{"BDO", "Metrobank"}}, Stock: prices.InStock,
			URL: "https://shop.example.test/p/a", ObservedAt: time.Date(2026, 11, 28, 10, 0, 0, 0, manila), Method: prices.ByFeed},
		{ChairSlug: "sample-chair-a", RetailerSlug: "sample-showroom", Price: 12500050,
			Instalment: &prices.Instalment{Months: 6, MonthlyRateBP: 79},
			ObservedAt: time.Date(2026, 11, 28, 0, 0, 0, 0, manila), Method: prices.BySighting},
		{ChairSlug: "sample-chair-b", RetailerSlug: "sample-shop", Price: prices.Pesos(89990), Stock: prices.OutOfStock,
			URL: "https://shop.example.test/p/b", ObservedAt: time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC), Method: prices.ByFeed},
	}
	for _, tt := range []struct {
		file string
		f    Format
	}{{"observations.csv", CSV}, {"observations.json", JSON}} {
		got, err := ReadAll(open(t, tt.file), tt.f, Options{Now: now})
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d observations, want %d", tt.file, len(got), len(want))
		}
		for i := range want {
			if !got[i].ObservedAt.Equal(want[i].ObservedAt) {
				t.Errorf("%s row %d: observed %v, want %v", tt.file, i, got[i].ObservedAt, want[i].ObservedAt)
			}
			got[i].ObservedAt = want[i].ObservedAt
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("%s row %d:\n got %+v %+v\nwant %+v %+v", tt.file, i, got[i], got[i].Instalment, want[i], want[i].Instalment)
			}
		}
	}
}

// problems reads file and returns the emitted count and "line:field" of
// every problem.
func problems(t *testing.T, r *os.File, f Format, opt Options) (int, []string) {
	t.Helper()
	n := 0
	_, err := Read(r, f, opt, func(prices.Observation) error { n++; return nil })
	var verr *prices.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("err = %v, want a ValidationError", err)
	}
	if errs.CodeOf(err) != errs.Invalid {
		t.Errorf("code %q, want invalid", errs.CodeOf(err))
	}
	var got []string
	for _, p := range verr.Problems {
		got = append(got, fmt.Sprintf("%d:%s", p.Line, p.Field))
	}
	slices.Sort(got)
	return n, got
}

func TestBadRows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file  string
		f     Format
		valid int
		want  []string
	}{
		{"bad.csv", CSV, 1, []string{"3:chair", "3:price", "3:stock", "3:url",
			"4:instalment_months", "4:instalment_rate", "4:observed_at", "4:price", "5:observed_at"}},
		{"bad.json", JSON, 1, []string{"10:observed_at", "10:url", "4:price", "6:", "8:chair"}},
	}
	for _, tt := range tests {
		n, got := problems(t, open(t, tt.file), tt.f, Options{Now: now})
		if n != tt.valid || !slices.Equal(got, tt.want) {
			t.Errorf("%s: %d valid, problems %v; want %d, %v", tt.file, n, got, tt.valid, tt.want)
		}
	}
}

func TestUnreadable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		f         Format
		want      string
	}{
		{"unknown column", "chair,retailer,price,observed_at,colour\n", CSV, "line 1, field colour: unknown column"},
		{"missing column", "chair,price,observed_at\n", CSV, "line 1, field retailer: required column missing"},
		{"broken quote", "chair,retailer,price,observed_at\na,b,\"12\"3,2026-11-01\n", CSV, "line 2: cannot read further"},
		{"not an object", "[]", JSON, "line 1: cannot read further"},
		{"other key", "{\n\"chairs\": []}", JSON, "unknown key chairs"},
		{"cut short", "{\"observations\": [\n{\"chair\": \"a\"", JSON, "line 2: cannot read further"},
		{"trailing data", "{\"observations\": []} {}", JSON, "data after the document"},
		{"tsv no price", "id\tlink\n", MerchantTSV, "field price: required column missing"},
		{"bad xml", "<rss><channel>\n<item><g:id>1</item>", MerchantXML, "line 2: cannot read further"},
	}
	opt := Options{Now: now, Retailer: "s", ObservedAt: now, Chairs: map[string]string{"1": "c"}}
	for _, tt := range tests {
		_, err := Read(strings.NewReader(tt.doc), tt.f, opt, func(prices.Observation) error { return nil })
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to say %q", tt.name, err, tt.want)
		}
	}
}

func TestMerchantFeeds(t *testing.T) {
	t.Parallel()
	observed := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	opt := Options{Now: now, Retailer: "sample-shop", ObservedAt: observed,
		Chairs: map[string]string{"SKU-100": "sample-chair-a", "4800000000017": "sample-chair-b", "SKU-400": "sample-chair-c"}}
	for _, tt := range []struct {
		file     string
		f        Format
		usdLine  int
		currency string
	}{{"merchant.tsv", MerchantTSV, 5, "USD"}, {"merchant.xml", MerchantXML, 33, "SGD"}} {
		var got []prices.Observation
		stats, err := Read(open(t, tt.file), tt.f, opt, func(o prices.Observation) error { got = append(got, o); return nil })
		var verr *prices.ValidationError
		if !errors.As(err, &verr) || len(verr.Problems) != 1 {
			t.Fatalf("%s: err = %v, want exactly the foreign-currency item refused", tt.file, err)
		}
		if p := verr.Problems[0]; p.Line != tt.usdLine || p.Field != "price" || !strings.Contains(p.Message, "only prices in Philippine pesos") || !strings.Contains(p.Message, tt.currency) {
			t.Errorf("%s: problem %v", tt.file, p)
		}
		if stats.Rows != 4 || stats.Skipped != 1 || stats.Observations != 2 {
			t.Errorf("%s: stats %+v", tt.file, stats)
		}
		if len(got) != 2 {
			t.Fatalf("%s: %d observations", tt.file, len(got))
		}
		a, b := got[0], got[1]
		if a.ChairSlug != "sample-chair-a" || a.Price != prices.Pesos(129990) || a.RegularPrice != prices.Pesos(149990) ||
			a.Stock != prices.InStock || a.URL != "https://shop.example.test/products/chair-a" || !a.ObservedAt.Equal(observed) ||
			a.Method != prices.ByFeed || a.RetailerSlug != "sample-shop" {
			t.Errorf("%s: item A = %+v", tt.file, a)
		}
		if a.Instalment == nil || a.Instalment.Months != 12 || a.Instalment.Monthly != 1083250 {
			t.Errorf("%s: item A instalment = %+v", tt.file, a.Instalment)
		}
		// B is mapped by its GTIN; its October sale is over by 30 Nov.
		if b.ChairSlug != "sample-chair-b" || b.Price != prices.Pesos(89990) || b.RegularPrice != 0 || b.Stock != prices.OutOfStock ||
			b.URL != "https://shop.example.test/products/chair-b" {
			t.Errorf("%s: item B = %+v", tt.file, b)
		}
	}
}

func TestMerchantNeedsOptions(t *testing.T) {
	t.Parallel()
	for _, opt := range []Options{
		{ObservedAt: now, Chairs: map[string]string{"a": "b"}},
		{Retailer: "s", Chairs: map[string]string{"a": "b"}},
		{Retailer: "s", ObservedAt: now},
	} {
		if _, err := ReadAll(strings.NewReader(""), MerchantXML, opt); err == nil || !strings.Contains(err.Error(), "Merchant Center feed needs") {
			t.Errorf("options %+v accepted", opt)
		}
	}
}

func TestFormatOf(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]Format{"a.CSV": CSV, "x/y.json": JSON, "feed.txt": MerchantTSV, "f.tsv": MerchantTSV, "f.xml": MerchantXML, "f.xlsx": ""} {
		if got, err := FormatOf(name); got != want || (err != nil) != (want == "") {
			t.Errorf("FormatOf(%q) = %q, %v", name, got, err)
		}
	}
}

// generated writes n valid CSV rows.
func generated(n int) []byte {
	var b bytes.Buffer
	b.WriteString("chair,retailer,price,instalment_months,stock,url,observed_at\n")
	start := now.AddDate(-2, 0, 0)
	for i := range n {
		fmt.Fprintf(&b, "chair-%03d,shop-%d,%d.00,12,in_stock,https://shop.example.test/p/%d,%s\n",
			i%500, i%10, 80000+i%40000, i%500, start.Add(time.Duration(i)*time.Minute).Format(time.RFC3339))
	}
	return b.Bytes()
}

func TestProgress(t *testing.T) {
	t.Parallel()
	data := generated(2500)
	var calls []Stats
	stats, err := Read(bytes.NewReader(data), CSV, Options{Now: now, Progress: func(s Stats) { calls = append(calls, s) }},
		func(prices.Observation) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 3 || calls[0].Rows != 1000 || calls[1].Rows != 2000 || calls[2] != stats {
		t.Errorf("progress calls %+v, final %+v", calls, stats)
	}
	if stats.Observations != 2500 || stats.Bytes != int64(len(data)) {
		t.Errorf("stats %+v, file %d bytes", stats, len(data))
	}
	stop := errors.New("stop")
	n := 0
	if _, err := Read(bytes.NewReader(data), CSV, Options{Now: now}, func(prices.Observation) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("emit error: err %v after %d rows", err, n)
	}
}

func BenchmarkImportCSV100k(b *testing.B) {
	data := generated(100_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if _, err := Read(bytes.NewReader(data), CSV, Options{Now: now}, func(prices.Observation) error { n++; return nil }); err != nil || n != 100_000 {
			b.Fatal(err, n)
		}
	}
}
