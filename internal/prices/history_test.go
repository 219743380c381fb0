package prices

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

func daysAgo(d float64) time.Time { return now.Add(-time.Duration(d * 24 * float64(time.Hour))) }

func TestHistory(t *testing.T) {
	t.Parallel()
	// now is 12:00 on 1 Dec 2026 in Manila, so the 90-day window is
	// 3 Sep – 1 Dec and every observation below falls at noon.
	list := []Observation{
		obs("a", 5, 95000, InStock),
		obs("a", 200, 90000, InStock),
		obs("a", 100, 100000, InStock),
		obs("a", 95, 100000, InStock),
		obs("a", 60, 95000, StockUnknown),
		obs("a", 10, 95000, OutOfStock),
		obs("b", 20, 97000, InStock),
		obs("b", 3, 92000, InStock),
	}
	h := Policy{}.History(list, now)
	if len(h.Series) != 2 || h.Series[0].RetailerSlug != "a" || h.Series[1].RetailerSlug != "b" {
		t.Fatalf("series = %+v", h.Series)
	}
	// a: each run stops 30 days after its last observation; the gaps stay.
	wantA := []struct {
		start, end float64
		price      int64
	}{{200, 170, 90000}, {100, 65, 100000}, {60, 30, 95000}, {5, 0, 95000}}
	segs := h.Series[0].Segments
	if len(segs) != len(wantA) {
		t.Fatalf("a has %d segments, want %d: %+v", len(segs), len(wantA), segs)
	}
	for i, w := range wantA {
		s := segs[i]
		if len(s.Steps) != 1 || !s.Steps[0].At.Equal(daysAgo(w.start)) || !s.End.Equal(daysAgo(w.end)) || s.Steps[0].Price != Pesos(w.price) {
			t.Errorf("a segment %d = %+v, want %v–%v days ago at %d", i, s, w.start, w.end, w.price)
		}
	}
	if b := h.Series[1].Segments; len(b) != 1 || len(b[0].Steps) != 2 {
		t.Errorf("b = %+v, want one segment with two steps", b)
	}
	if h.LowestEver == nil || h.LowestEver.Price != Pesos(90000) || !h.LowestEver.At.Equal(daysAgo(200)) {
		t.Errorf("LowestEver = %+v", h.LowestEver)
	}
	if h.Low90 == nil || h.Low90.Price != Pesos(92000) || h.Low90.RetailerSlug != "b" {
		t.Errorf("Low90 = %+v", h.Low90)
	}
	// Days observed: 25 at ₱100,000, 33 at ₱95,000, 15 at ₱97,000, 4 at
	// ₱92,000 (77 days; the 13 days in the gaps do not count). The 39th
	// lowest is ₱97,000. Filling the gaps would have moved it.
	if h.Median90 != Pesos(97000) {
		t.Errorf("Median90 = %v, want ₱97,000", h.Median90)
	}
	if h.Current == nil || h.Current.RetailerSlug != "b" || !h.Dropped {
		t.Errorf("Current = %+v, Dropped = %v; want b and a drop", h.Current, h.Dropped)
	}
	if !h.Start.Equal(daysAgo(200)) || !h.End.Equal(now) {
		t.Errorf("span %v – %v", h.Start, h.End)
	}
}

func TestHistoryCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                     string
		obs                      []Observation
		lowest, low90, median    int64
		dropped, current, series bool
	}{
		{name: "empty"},
		{name: "steady price", obs: []Observation{obs("a", 80, 50000, InStock), obs("a", 50, 50000, InStock), obs("a", 20, 50000, InStock)},
			lowest: 50000, low90: 50000, median: 50000, current: true, series: true},
		{name: "rise is no drop", obs: []Observation{obs("a", 60, 50000, InStock), obs("a", 1, 60000, InStock)},
			lowest: 50000, low90: 50000, median: 50000, current: true, series: true},
		{name: "stale drop is no drop", obs: []Observation{obs("a", 80, 60000, InStock), obs("a", 40, 40000, InStock)},
			lowest: 40000, low90: 40000, median: 50000, series: true},
		{name: "only out of stock", obs: []Observation{obs("a", 3, 60000, OutOfStock)}},
		{name: "future ignored", obs: []Observation{obs("a", -2, 60000, InStock)}},
		{name: "old history only", obs: []Observation{obs("a", 400, 70000, InStock)}, lowest: 70000, series: true},
	}
	for _, tt := range tests {
		h := Policy{}.History(tt.obs, now)
		got := fmt.Sprint(price(h.LowestEver), price(h.Low90), int64(h.Median90/100), h.Dropped, h.Current != nil, len(h.Series) > 0)
		want := fmt.Sprint(tt.lowest, tt.low90, tt.median, tt.dropped, tt.current, tt.series)
		if got != want {
			t.Errorf("%s: lowest low90 median dropped current series = %s, want %s", tt.name, got, want)
		}
	}
}

func price(m *Mark) int64 {
	if m == nil {
		return 0
	}
	return int64(m.Price / 100)
}

func TestSeriesKeepsOnlyChanges(t *testing.T) {
	t.Parallel()
	var list []Observation
	for d := range 100 {
		p := int64(50000)
		if d >= 50 {
			p = 45000
		}
		list = append(list, obs("a", float64(d), p, InStock))
	}
	h := Policy{}.History(list, now)
	if s := h.Series[0].Segments; len(s) != 1 || len(s[0].Steps) != 2 {
		t.Fatalf("segments = %+v, want one with two steps", s)
	}
}

// Generate makes two years of daily observations from retailers shops,
// each changing its price about every two weeks: the benchmark shape.
func generate(shops int) []Observation {
	rng := rand.New(rand.NewPCG(7, 9))
	var list []Observation
	for s := range shops {
		p := int64(100000 + 5000*s)
		for d := range 730 {
			if rng.IntN(14) == 0 {
				p = 90000 + int64(rng.IntN(40))*1000
			}
			list = append(list, obs(fmt.Sprintf("shop-%02d", s), float64(d), p, InStock))
		}
	}
	return list
}

func BenchmarkHistory(b *testing.B) {
	list := generate(10)
	b.ReportAllocs()
	for b.Loop() {
		Policy{}.History(list, now)
	}
}
