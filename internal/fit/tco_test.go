package fit_test

import (
	"math"
	"testing"

	"masahe/internal/fit"
	"masahe/internal/prices"
)

// electricity works out the year's use exactly, in integers, from the
// issue's formula: kWh = W × sessions × 52 × minutes / 60 / 1000, pesos =
// kWh × rate; kWh to the tenth and pesos to the peso, halves rounded up.
func electricity(watts, sessions, minutes, rate int64) (kwh float64, pesos int64) {
	wattMinutes := watts * sessions * 52 * minutes // ÷ 60 ÷ 1000 = kWh
	tenths := (2*wattMinutes + 6000) / 12000       // round(wattMinutes / 6000)
	pesos = (2*wattMinutes*rate + 60000) / 120000  // round(wattMinutes × rate / 60000)
	return float64(tenths) / 10, pesos
}

func TestElectricityHelper(t *testing.T) {
	// 200 W, 7 × 15 min a week: 91 h a year, 18.2 kWh, ₱218.40 at ₱12.
	if kwh, pesos := electricity(200, 7, 15, 12); kwh != 18.2 || pesos != 218 {
		t.Fatalf("electricity(200, 7, 15, 12) = %v kWh, ₱%d", kwh, pesos)
	}
}

func TestOwnershipDefaults(t *testing.T) {
	c := chair("Test Chair", base, instalment(129_990, n(12)))
	got := fit.Ownership(c, fit.Profile{})
	// 129,990 / 12 = 10,832.5 → 10,833 a month (rounded up).
	// Cost per year: 129,990 / 8 = 16,248.75 → 16,249, plus ₱218 of electricity.
	want := tco{price: n(129_990), months: n(12), monthly: n(10_833), kwh: f(18.2), elec: n(218), warranty: f(3), perYear: n(16_249 + 218)}
	want.assert(t, got)
	if got.PriceObservedAt == nil || *got.PriceObservedAt != "2025-01-01" {
		t.Errorf("price observed at %v, want 2025-01-01", deref(got.PriceObservedAt))
	}
	if got.LifespanYears != fit.Lifespan || fit.Lifespan != 8 {
		t.Errorf("lifespan %d (const %d), want 8", got.LifespanYears, fit.Lifespan)
	}
}

func TestOwnershipElectricity(t *testing.T) {
	for _, tc := range []struct {
		watts, sessions, minutes, rate int64
	}{
		{200, 7, 15, 12},
		{100, 7, 15, 12},
		{260, 5, 20, 13},
		{150, 3, 30, 15}, // ₱175.50 exactly: a half, rounded up
		{50, 1, 30, 5},   // ₱6.50 exactly
		{25, 1, 30, 12},  // 0.65 kWh exactly
		{250, 1, 1, 1},
		{3000, 28, 120, 100},
		{200, 0, 15, 12},
	} {
		c := chair("Test Chair", base.with("power_w", tc.watts))
		p := fit.Profile{SessionsPerWeek: n(tc.sessions), MinutesPerSession: n(tc.minutes), ElectricityPHPPerKWh: n(tc.rate)}
		got := fit.Ownership(c, p)
		kwh, pesos := electricity(tc.watts, tc.sessions, tc.minutes, tc.rate)
		if got.KWhPerYear == nil || math.Abs(*got.KWhPerYear-kwh) > 1e-9 {
			t.Errorf("%d W, %d × %d min: kWh %v, want %v", tc.watts, tc.sessions, tc.minutes, deref(got.KWhPerYear), kwh)
		}
		if got.ElectricityPHPPerYear == nil || *got.ElectricityPHPPerYear != pesos {
			t.Errorf("%d W, %d × %d min at ₱%d: ₱%v a year, want ₱%d", tc.watts, tc.sessions, tc.minutes, tc.rate, deref(got.ElectricityPHPPerYear), pesos)
		}
	}
}

func TestOwnershipInstalments(t *testing.T) {
	offer := instalment
	for _, tc := range []struct {
		name            string
		offers          []prices.Offer
		months, monthly *int64
	}{
		{"exact", []prices.Offer{offer(120_000, n(24))}, n(24), n(5_000)},
		{"rounded up", []prices.Offer{offer(100_000, n(12))}, n(12), n(8_334)},
		{"one peso over rounds up", []prices.Offer{offer(120_001, n(24))}, n(24), n(5_001)},
		{"one month", []prices.Offer{offer(99_999, n(1))}, n(1), n(99_999)},
		{"no instalments", []prices.Offer{offer(99_999, nil)}, nil, nil},
		{"zero months is no instalment", []prices.Offer{offer(99_999, n(0))}, nil, nil},
		{"lowest monthly of several offers", []prices.Offer{offer(100_000, n(12)), offer(90_000, nil), offer(120_000, n(24))}, n(24), n(5_000)},
	} {
		got := fit.Ownership(chair("Test Chair", base, tc.offers...), fit.Profile{})
		if !eqPtr(got.InstalmentMonths, tc.months) || !eqPtr(got.InstalmentPHP, tc.monthly) {
			t.Errorf("%s: %v months of ₱%v, want %v of ₱%v", tc.name, deref(got.InstalmentMonths), deref(got.InstalmentPHP), deref(tc.months), deref(tc.monthly))
		}
	}
	// The price is the lowest offer's, even when another has the instalments.
	got := fit.Ownership(chair("Test Chair", base, offer(100_000, n(12)), offer(90_000, nil)), fit.Profile{})
	if !eqPtr(got.PricePHP, n(90_000)) {
		t.Errorf("price ₱%v, want ₱90,000", deref(got.PricePHP))
	}
}

// A stale price is no price: the cost of ownership needs a fresh one.
func TestOwnershipStalePrice(t *testing.T) {
	got := fit.Ownership(chair("Test Chair", base, stale(80_000)), fit.Profile{})
	if got.PricePHP != nil || got.PriceObservedAt != nil || got.CostPerYearPHP != nil {
		t.Errorf("stale offer: price %v on %v, ₱%v a year; want nulls", deref(got.PricePHP), deref(got.PriceObservedAt), deref(got.CostPerYearPHP))
	}
}

func TestOwnershipWarranty(t *testing.T) {
	for months, years := range map[int64]float64{0: 0, 12: 1, 18: 1.5, 36: 3, 60: 5} {
		got := fit.Ownership(chair("Test Chair", base.with("warranty_parts_months", months)), fit.Profile{})
		if got.WarrantyYears == nil || *got.WarrantyYears != years {
			t.Errorf("%d months: %v years, want %v", months, deref(got.WarrantyYears), years)
		}
	}
	if got := fit.Ownership(chair("Test Chair", base.without("warranty_parts_months")), fit.Profile{}); got.WarrantyYears != nil {
		t.Errorf("unpublished warranty: %v years, want null", *got.WarrantyYears)
	}
}

func TestOwnershipUnknownPrice(t *testing.T) {
	got := fit.Ownership(chair("Test Chair", base), fit.Profile{})
	tco{kwh: f(18.2), elec: n(218), warranty: f(3)}.assert(t, got)
}

func TestOwnershipUnknownPower(t *testing.T) {
	got := fit.Ownership(chair("Test Chair", base.without("power_w"), observed(80_000)), fit.Profile{})
	if got.KWhPerYear != nil || got.ElectricityPHPPerYear != nil {
		t.Errorf("unpublished power: %v kWh, ₱%v, want nulls", deref(got.KWhPerYear), deref(got.ElectricityPHPPerYear))
	}
	if !eqPtr(got.PricePHP, n(80_000)) {
		t.Errorf("price ₱%v, want ₱80,000", deref(got.PricePHP))
	}
	// The cost per year includes electricity; without the power it cannot
	// be worked out, and a price-only figure would understate it.
	if got.CostPerYearPHP != nil {
		t.Errorf("unpublished power: cost per year ₱%d, want null (a figure that needs an unpublished value is null)", *got.CostPerYearPHP)
	}
}

func TestOwnershipNothingPublished(t *testing.T) {
	got := fit.Ownership(chair("Empty", specs{}), fit.Profile{})
	tco{}.assert(t, got)
	if got.LifespanYears != fit.Lifespan {
		t.Errorf("lifespan %d", got.LifespanYears)
	}
}

type tco struct {
	price, months, monthly, elec, perYear *int64
	kwh, warranty                         *float64
}

func f(v float64) *float64 { return &v }

func (w tco) assert(t *testing.T, got fit.TCO) {
	t.Helper()
	for _, c := range []struct {
		name      string
		got, want *int64
	}{
		{"price", got.PricePHP, w.price}, {"instalment months", got.InstalmentMonths, w.months},
		{"instalment", got.InstalmentPHP, w.monthly}, {"electricity pesos", got.ElectricityPHPPerYear, w.elec},
		{"cost per year", got.CostPerYearPHP, w.perYear},
	} {
		if !eqPtr(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, deref(c.got), deref(c.want))
		}
	}
	for _, c := range []struct {
		name      string
		got, want *float64
	}{{"kWh", got.KWhPerYear, w.kwh}, {"warranty years", got.WarrantyYears, w.warranty}} {
		if (c.got == nil) != (c.want == nil) || c.got != nil && math.Abs(*c.got-*c.want) > 1e-9 {
			t.Errorf("%s = %v, want %v", c.name, deref(c.got), deref(c.want))
		}
	}
}

func eqPtr[T comparable](a, b *T) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func deref[T any](p *T) any {
	if p == nil {
		return "null"
	}
	return *p
}
