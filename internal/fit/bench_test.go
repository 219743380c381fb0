package fit_test

import (
	"testing"

	"masahe/internal/catalog/catalogtest"
	"masahe/internal/fit"
)

// BenchmarkRank ranks 10,000 generated chairs, prepared once as the
// finder keeps them per catalog version, for one buyer who answered every
// question.
func BenchmarkRank(b *testing.B) {
	chairs := withOffers(catalogtest.Generate(10_000))
	cat := fit.Prepare(chairs)
	p := fit.Profile{
		HeightCM: n(170), WeightKG: n(80), BudgetPHP: n(400_000),
		Room: fit.Room{WidthCM: n(120), DepthCM: n(240)}, AgainstWall: true,
		Delivery: fit.Delivery{DoorWidthCM: n(85), FloorsByStairs: n(2)}, Region: "ncr",
		Goals: []string{"relaxation", "lower_back"}, MustHave: []string{"zero_gravity"},
		Conditions:      []string{"osteoporosis", "diabetes_neuropathy"},
		SessionsPerWeek: n(5), MinutesPerSession: n(20), PriceWeight: n(40), ElectricityPHPPerKWh: n(13),
	}
	if err := p.Validate(); err != nil {
		b.Fatal(err)
	}
	if f := cat.Rank(p, nil); len(f.Results) == 0 || len(f.Excluded) == 0 {
		b.Fatalf("%d results, %d excluded: the profile should split the catalog", len(f.Results), len(f.Excluded))
	}
	b.ReportAllocs()
	for b.Loop() {
		cat.Rank(p, nil)
	}
}

// BenchmarkPrepare reads the facts of 10,000 generated chairs, once per
// catalog version in the finder.
func BenchmarkPrepare(b *testing.B) {
	chairs := withOffers(catalogtest.Generate(10_000))
	b.ReportAllocs()
	for b.Loop() {
		fit.Prepare(chairs)
	}
}
