package prices

import (
	"cmp"
	"slices"
	"time"
)

// DefaultMaxAge is how long an observation stays the current offer: after
// 30 days without a newer one it is stale.
const DefaultMaxAge = 30 * 24 * time.Hour

// Policy holds the rules that depend on a configurable age. The zero
// Policy uses DefaultMaxAge.
type Policy struct {
	// MaxAge: an offer observed longer ago than this is stale. A stale
	// offer shows as "last seen ₱X on 3 Nov 2026"; it is left out of the
	// lowest price, the finder's budget and structured data.
	MaxAge time.Duration
}

func (p Policy) maxAge() time.Duration {
	if p.MaxAge <= 0 {
		return DefaultMaxAge
	}
	return p.MaxAge
}

// Stale reports whether an observation made at observedAt is stale at now.
func (p Policy) Stale(observedAt, now time.Time) bool {
	return now.Sub(observedAt) > p.maxAge()
}

// Offer is a retailer's current offer: its latest observation.
type Offer struct {
	Observation
	Stale bool
}

// Buyable reports whether the offer counts for the lowest price and the
// budget: fresh and not known to be out of stock.
func (o Offer) Buyable() bool { return !o.Stale && o.Stock != OutOfStock }

// CurrentOffers returns the latest observation of each retailer among obs
// (which may be in any order and for one chair) up to now, fresh offers
// first, each group cheapest first, ties by retailer slug.
func (p Policy) CurrentOffers(obs []Observation, now time.Time) []Offer {
	latest := map[string]Observation{}
	for _, o := range obs {
		if o.ObservedAt.After(now) {
			continue
		}
		if cur, ok := latest[o.RetailerSlug]; !ok || o.ObservedAt.After(cur.ObservedAt) {
			latest[o.RetailerSlug] = o
		}
	}
	offers := make([]Offer, 0, len(latest))
	for _, o := range latest {
		offers = append(offers, Offer{Observation: o, Stale: p.Stale(o.ObservedAt, now)})
	}
	slices.SortFunc(offers, func(a, b Offer) int {
		if a.Stale != b.Stale {
			if a.Stale {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.Price, b.Price), cmp.Compare(a.RetailerSlug, b.RetailerSlug))
	})
	return offers
}

// Lowest returns the cheapest buyable offer; false when there is none
// (the page then says "no observed price yet" or shows only stale offers).
func Lowest(offers []Offer) (Offer, bool) {
	var best Offer
	found := false
	for _, o := range offers {
		if o.Buyable() && (!found || o.Price < best.Price) {
			best, found = o, true
		}
	}
	return best, found
}

// Payment is what an instalment plan costs.
type Payment struct {
	Months  int
	Monthly Centavos
	Total   Centavos
	// Estimate is true when Masahe computed the amounts from a quoted
	// rate instead of the retailer quoting them; say so beside them.
	Estimate bool
}

// Payment works out the plan on price:
//   - the retailer quoted a monthly amount: that amount, and months times
//     it as the total;
//   - 0 %: price / months rounded up to the peso; the total is the price;
//   - an add-on rate r a month (how Philippine banks quote instalments):
//     total = price × (1 + r × months), monthly = total / months, both
//     rounded up to the peso, marked as an estimate because banks round
//     and add fees in their own ways.
//
// It returns false when the plan has no months.
func (in Instalment) Payment(price Centavos) (Payment, bool) {
	if in.Months < 1 {
		return Payment{}, false
	}
	m := Centavos(in.Months)
	switch {
	case in.Monthly > 0:
		return Payment{Months: in.Months, Monthly: in.Monthly, Total: in.Monthly * m}, true
	case in.MonthlyRateBP == 0:
		return Payment{Months: in.Months, Monthly: ceilPeso((price + m - 1) / m), Total: price}, true
	}
	interest := (price*Centavos(in.MonthlyRateBP)*m + 9999) / 10000
	total := ceilPeso(price + interest)
	return Payment{Months: in.Months, Monthly: ceilPeso((total + m - 1) / m), Total: total, Estimate: true}, true
}
