package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/catalog/catalogtest"
	"masahe/internal/prices"
)

// BenchmarkRecordObservations records 100,000 observations in one
// all-or-nothing import (1,000 generated chairs at two retailers, 50 days
// of prices each) into a fresh SQLite database per run.
func BenchmarkRecordObservations(b *testing.B) {
	ctx := context.Background()
	doc := catalogtest.Generate(1000)
	start := time.Date(2026, 9, 1, 2, 0, 0, 0, time.UTC)
	var obs []prices.Observation
	for d := range 50 {
		for _, o := range catalogtest.Observations(doc, start.AddDate(0, 0, d)) {
			o.Price += prices.Pesos(int64(d % 5 * 1000))
			obs = append(obs, o)
		}
	}
	if len(obs) != 100_000 {
		b.Fatalf("%d observations, want 100,000", len(obs))
	}
	now := func() time.Time { return start.AddDate(0, 0, 60) }
	for b.Loop() {
		b.StopTimer()
		st, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"), now)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.Import(ctx, &catalog.Document{Sources: doc.Sources, Brands: doc.Brands, Retailers: doc.Retailers, Chairs: doc.Chairs}, nil); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := st.RecordObservations(ctx, obs, nil)
		if err != nil || res.Recorded != len(obs) {
			b.Fatalf("record = %+v, %v", res, err)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(obs)), "observations/op")
}
