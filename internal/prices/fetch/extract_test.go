package fetch

import (
	"errors"
	"net/url"
	"os"
	"testing"

	"masahe/internal/prices"
)

func TestExtract(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, url string
		price     int64 // centavos
		regular   int64
		stock     prices.Stock
		source    Source
		fail      ExtractFailure
	}{
		{file: "shopify.html", url: "https://shop.example.test/products/sample-lounger-3d", price: 12999000, stock: prices.InStock, source: JSONLD},
		{file: "woocommerce.html", url: "https://store.example.test/product/sample-recliner-s/", price: 8999000, regular: 9999000, stock: prices.InStock, source: JSONLD},
		{file: "marketplace.html", url: "https://market.example.test/p/zero-g", price: 6499900, stock: prices.InStock, source: JSONLD},
		{file: "two-offers.html", url: "https://shop.example.test/products/sample-duo", fail: Ambiguous},
		{file: "two-offers.html", url: "https://shop.example.test/products/sample-duo?variant=2", price: 11999000, stock: prices.InStock, source: JSONLD},
		// The out-of-stock variant is cheaper, but only in-stock offers count.
		{file: "two-offers.html", url: "https://shop.example.test/products/sample-duo?variant=3", fail: Ambiguous},
		{file: "usd.html", url: "https://us.example.test/p", fail: NotPHP},
		{file: "sgd-og.html", url: "https://sg.example.test/p", fail: NotPHP},
		{file: "broken-jsonld.html", url: "https://classic.example.test/p", price: 5999000, stock: prices.InStock, source: Microdata},
		{file: "microdata-text.html", url: "https://basic.example.test/p", price: 3499000, source: Microdata},
		{file: "og-sale.html", url: "https://mini.example.test/p", price: 3999000, regular: 4599000, stock: prices.InStock, source: OpenGraph},
		{file: "broken-only.html", url: "https://redesign.example.test/p", fail: NoPrice},
	}
	for _, tt := range tests {
		page, err := os.ReadFile("testdata/" + tt.file)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(tt.url)
		got, err := Extract(page, u)
		if tt.fail != "" {
			var xerr *ExtractionError
			if !errors.As(err, &xerr) || xerr.Reason != tt.fail {
				t.Errorf("%s at %s: got %+v, %v; want failure %s", tt.file, tt.url, got, err, tt.fail)
			}
			continue
		}
		want := Extraction{Price: prices.Centavos(tt.price), RegularPrice: prices.Centavos(tt.regular), Stock: tt.stock, Source: tt.source}
		if err != nil || got != want {
			t.Errorf("%s: got %+v, %v; want %+v", tt.file, got, err, want)
		}
	}
}

func TestExtractEdgeCases(t *testing.T) {
	t.Parallel()
	ld := func(body string) string {
		return `<html><head><script type="application/ld+json">` + body + `</script></head></html>`
	}
	tests := []struct {
		name, page string
		price      int64
		fail       ExtractFailure
	}{
		{"no currency", ld(`{"@type":"Product","offers":{"@type":"Offer","price":"1000"}}`), 0, NotPHP},
		{"zero price", ld(`{"@type":"Product","offers":{"@type":"Offer","price":"0","priceCurrency":"PHP"}}`), 0, BadPrice},
		{"decimal comma refused", ld(`{"@type":"Product","offers":{"@type":"Offer","price":"1299,90","priceCurrency":"PHP"}}`), 0, BadPrice},
		{"mixed currencies keep PHP", ld(`{"@type":"Product","offers":[{"@type":"Offer","price":"25","priceCurrency":"USD"},{"@type":"Offer","price":"1400","priceCurrency":"php"}]}`), 140000, ""},
		{"type array and graph", ld(`{"@graph":[{"@type":["Product","Thing"],"offers":{"@type":"http://schema.org/Offer","price":77,"priceCurrency":"PHP"}}]}`), 7700, ""},
		{"product group variants", ld(`{"@type":"ProductGroup","hasVariant":[{"@type":"Product","offers":{"price":"500","priceCurrency":"PHP"}},{"@type":"Product","offers":{"price":"500.00","priceCurrency":"PHP"}}]}`), 50000, ""},
		{"two products", ld(`[{"@type":"Product","offers":{"price":"500","priceCurrency":"PHP"}},{"@type":"Product","offers":{"price":"900","priceCurrency":"PHP"}}]`), 0, Ambiguous},
		{"not a product", ld(`{"@type":"Organization","name":"x"}`), 0, NoPrice},
		{"empty", ``, 0, NoPrice},
	}
	for _, tt := range tests {
		got, err := Extract([]byte(tt.page), nil)
		var xerr *ExtractionError
		switch {
		case tt.fail != "" && (!errors.As(err, &xerr) || xerr.Reason != tt.fail):
			t.Errorf("%s: got %+v, %v; want %s", tt.name, got, err, tt.fail)
		case tt.fail == "" && (err != nil || got.Price != prices.Centavos(tt.price)):
			t.Errorf("%s: got %+v, %v; want %d", tt.name, got, err, tt.price)
		}
	}
}

func TestRobots(t *testing.T) {
	t.Parallel()
	txt := "User-agent: *\nDisallow: /\n\n# ours\nUser-agent: OtherBot\nUser-agent: masahebot\nDisallow: /private/\nAllow: /private/open\nDisallow: /*.pdf$\nDisallow: /search*q=\nDisallow:\n"
	r := parseRobots([]byte(txt), agentToken)
	tests := map[string]bool{
		"/": true, "/products/x": true, "/private/x": false, "/private/open/x": true, "/docs/manual.pdf": false,
		"/docs/manual.pdf?x=1": true, "/search?q=chair": false, "/robots.txt": true,
	}
	for path, want := range tests {
		if got := r.allowed(path); got != want {
			t.Errorf("allowed(%q) = %v, want %v", path, got, want)
		}
	}
	star := parseRobots([]byte(txt), "SomeoneElse")
	if star.allowed("/products/x") {
		t.Error("the * group should disallow everything for other agents")
	}
	if !parseRobots(nil, agentToken).allowed("/x") {
		t.Error("an empty robots.txt disallowed")
	}
	// Equal length: allow wins.
	if !parseRobots([]byte("User-agent: *\nDisallow: /a\nAllow: /a\n"), agentToken).allowed("/a") {
		t.Error("tie should allow")
	}
}

func BenchmarkExtract(b *testing.B) {
	page, err := os.ReadFile("testdata/woocommerce.html")
	if err != nil {
		b.Fatal(err)
	}
	u, _ := url.Parse("https://store.example.test/product/sample-recliner-s/")
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Extract(page, u); err != nil {
			b.Fatal(err)
		}
	}
}
