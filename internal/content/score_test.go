package content

import "testing"

// TestScoreRoundsExactHalvesUp scores averages that are exactly halfway
// between two tenths, with the rubric's own weights: the score rounds the
// half up, the same every time, whatever order the weights come in.
func TestScoreRoundsExactHalvesUp(t *testing.T) {
	t.Parallel()
	r, ok := PublishedRubrics().Version(1)
	if !ok {
		t.Fatal("no rubric 1")
	}
	use := func(key string) Use {
		for _, u := range r.Uses {
			if u.Key == key {
				return u
			}
		}
		t.Fatalf("rubric 1 has no use %s", key)
		return Use{}
	}
	tests := []struct {
		use    string
		scores map[string]float64
		want   float64 // the exact weighted average ends in 5 hundredths
	}{
		// 0.4×7 + 0.3×8.5 + 0.3×9 = 8.05
		{"neck_shoulders", map[string]float64{"depth": 7, "reach": 8.5, "gentle": 9}, 8.1},
		// 0.3×4 + 0.3×9.5 + 0.2×10 + 0.2×10 = 8.05
		{"lower_back", map[string]float64{"reach": 4, "depth": 9.5, "heat": 10, "stretch": 10}, 8.1},
		// 0.5×7.5 + 0.2×8 + 0.3×9 = 8.05
		{"seniors_gentle", map[string]float64{"gentle": 7.5, "stretch": 8, "service": 9}, 8.1},
		// 0.4×0.5 + 0.3×0.5 + 0.3×1 = 0.65
		{"neck_shoulders", map[string]float64{"depth": 0.5, "reach": 0.5, "gentle": 1}, 0.7},
		// 0.7×6.5 + 0.3×5 = 6.05
		{"tall_users", map[string]float64{"body_range": 6.5, "reach": 5}, 6.1},
		// 0.5×4.5 + 0.2×3 + 0.3×2.5 = 3.6, no half to round
		{"seniors_gentle", map[string]float64{"gentle": 4.5, "stretch": 3, "service": 2.5}, 3.6},
	}
	for _, tt := range tests {
		u := use(tt.use)
		got := map[float64]int{}
		for range 200 {
			got[r.Score(u, tt.scores)]++
		}
		if len(got) != 1 || got[tt.want] == 0 {
			t.Errorf("%s %v: scores (and how often) %v in 200 runs, want %v every time", tt.use, tt.scores, got, tt.want)
		}
	}
}
