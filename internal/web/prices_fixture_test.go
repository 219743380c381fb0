package web

import (
	"context"
	"testing"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/prices"
	"masahe/internal/store"
)

// Test retailers: the starter data names real shops, and made-up prices
// never go with a real shop's name, not even in a test.
const (
	testShopA = "test-shop-a"
	testShopB = "test-shop-b"
)

// addTestPrices records made-up prices for the starter chairs, observed
// relative to now: chair i (in document order) has, when i%3 is 0, fresh
// prices at both test shops (shop B's ₱5,000 dearer, with a 12-month 0 %
// plan); when 1, a fresh price at shop A; when 2, only a price at shop B
// 40 days old, which is stale. Shop A's price is ₱60,000 plus ₱20,000 a
// chair. It returns every observation it recorded.
func addTestPrices(t testing.TB, st *store.Store, doc *catalog.Document, now time.Time) []prices.Observation {
	t.Helper()
	ctx := context.Background()
	shops := []catalog.Retailer{{Slug: testShopA, Name: "Test Shop A"}, {Slug: testShopB, Name: "Test Shop B"}}
	if _, err := st.Import(ctx, &catalog.Document{Retailers: shops}, nil); err != nil {
		t.Fatal(err)
	}
	var obs []prices.Observation
	for i, c := range doc.Chairs {
		price := prices.Pesos(60_000 + int64(i)*20_000)
		at := now.Add(-24 * time.Hour)
		o := prices.Observation{ChairSlug: c.Slug, RetailerSlug: testShopA, Price: price,
			URL: "https://shop-a.example.test/" + c.Slug, ObservedAt: at, Method: prices.ByFeed}
		switch i % 3 {
		case 0:
			b := o
			b.RetailerSlug, b.Price, b.URL = testShopB, price+prices.Pesos(5000), "https://shop-b.example.test/"+c.Slug
			b.Instalment = &prices.Instalment{Months: 12}
			obs = append(obs, o, b)
		case 1:
			obs = append(obs, o)
		case 2:
			o.RetailerSlug, o.ObservedAt, o.URL = testShopB, now.AddDate(0, 0, -40), "https://shop-b.example.test/"+c.Slug
			obs = append(obs, o)
		}
	}
	if _, err := st.RecordObservations(ctx, obs, nil); err != nil {
		t.Fatal(err)
	}
	return obs
}

// freshLowest is the lowest fresh test price of a chair, in pesos.
func freshLowest(obs []prices.Observation, slug string, now time.Time) (float64, bool) {
	var best prices.Centavos
	found := false
	for _, o := range obs {
		if o.ChairSlug == slug && !(prices.Policy{}).Stale(o.ObservedAt, now) && (!found || o.Price < best) {
			best, found = o.Price, true
		}
	}
	return float64(best) / 100, found
}
