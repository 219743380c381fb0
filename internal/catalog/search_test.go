package catalog

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"masahe/internal/locale"
)

// bruteCorrect is the correction compared word by word with the whole
// vocabulary, the reference the index must agree with.
func bruteCorrect(query string, known []string) (string, bool) {
	words := Tokens(query)
	changed := false
	for i, w := range words {
		if slices.ContainsFunc(known, func(k string) bool { return strings.HasPrefix(k, w) }) {
			continue
		}
		limit := 1
		if len(w) > 5 {
			limit = 2
		}
		best, bestDist := "", limit+1
		for _, k := range known {
			if d := locale.EditDistance(w, k); d < bestDist {
				best, bestDist = k, d
			}
		}
		if best != "" {
			words[i], changed = best, true
		}
	}
	return strings.Join(words, " "), changed
}

// testVocabulary is shaped like the generated catalog's (brand and model
// numbers, spec words) plus random words, some with non-ASCII letters.
func testVocabulary(rng *rand.Rand) []string {
	seen := map[string]bool{}
	for _, w := range []string{"brand", "model", "track", "rollers", "zero", "gravity", "heat", "heated", "foot", "body", "scan", "app", "sl", "s", "l", "2d", "3d", "4d", "osim", "osaki", "udivine", "highpointe", "masahe", "upuan", "likod"} {
		seen[w] = true
	}
	for i := range 2000 {
		seen[fmt.Sprint(i)] = true
	}
	for range 1000 {
		seen[randomWord(rng, 2+rng.IntN(10))] = true
	}
	words := make([]string, 0, len(seen))
	for w := range seen {
		words = append(words, w)
	}
	slices.Sort(words)
	return words
}

const testLetters = "abcdefghijklmnopqrstuvwxyz0123456789ñé"

func randomWord(rng *rand.Rand, n int) string {
	letters := []rune(testLetters)
	r := make([]rune, n)
	for i := range r {
		r[i] = letters[rng.IntN(len(letters))]
	}
	return string(r)
}

// typo makes up to two random edits to w: an insertion, a deletion, a
// substitution or a swap of neighbours.
func typo(rng *rand.Rand, w string) string {
	letters := []rune(testLetters)
	r := []rune(w)
	for range 1 + rng.IntN(2) {
		i := rng.IntN(len(r) + 1)
		switch rng.IntN(4) {
		case 0:
			r = slices.Insert(r, i, letters[rng.IntN(len(letters))])
		case 1:
			if i < len(r) && len(r) > 1 {
				r = slices.Delete(r, i, i+1)
			}
		case 2:
			if i < len(r) {
				r[i] = letters[rng.IntN(len(letters))]
			}
		default:
			if i+1 < len(r) {
				r[i], r[i+1] = r[i+1], r[i]
			}
		}
	}
	return string(r)
}

func TestVocabularyCorrectMatchesBruteForce(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(14, 10_000))
	known := testVocabulary(rng)
	v := NewVocabulary(known)
	corrected := 0
	for i := range 1000 {
		var words []string
		for range 1 + rng.IntN(3) {
			if i%4 == 0 {
				words = append(words, randomWord(rng, 1+rng.IntN(9)))
			} else {
				words = append(words, typo(rng, known[rng.IntN(len(known))]))
			}
		}
		q := strings.Join(words, " ")
		got, changed := v.Correct(q)
		want, wantChanged := bruteCorrect(q, known)
		if got != want || changed != wantChanged {
			t.Fatalf("Correct(%q) = %q, %v; the brute force gives %q, %v", q, got, changed, want, wantChanged)
		}
		if changed {
			corrected++
		}
	}
	// The comparison means something only if many queries were corrected.
	if corrected < 300 {
		t.Errorf("only %d of 1000 queries corrected", corrected)
	}
}

func TestVocabularyStarts(t *testing.T) {
	t.Parallel()
	v := NewVocabulary([]string{"zero", "gravity", "4d", "osim"})
	for w, want := range map[string]bool{"zer": true, "zero": true, "zeros": false, "g": true, "4": true, "os": true, "a": false, "": true, "z0": false} {
		if got := v.Starts(w); got != want {
			t.Errorf("Starts(%q) = %v, want %v", w, got, want)
		}
	}
}

// BenchmarkVocabulary builds the index of a vocabulary the size of the
// benchmark catalog's and corrects typos with it.
func BenchmarkVocabulary(b *testing.B) {
	rng := rand.New(rand.NewPCG(14, 10_000))
	var known []string
	for i := range 10_000 {
		known = append(known, fmt.Sprint(i))
	}
	known = append(known, testVocabulary(rng)...)
	slices.Sort(known)
	known = slices.Compact(known)
	b.Run("build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			NewVocabulary(known)
		}
	})
	v := NewVocabulary(known)
	queries := []string{"zerro gravty", "modle 42", "brnad 07 hetaed", "massge chiar"}
	b.Run("correct", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			v.Correct(queries[i%len(queries)])
			i++
		}
	})
	b.Run("brute_force", func(b *testing.B) {
		i := 0
		for b.Loop() {
			bruteCorrect(queries[i%len(queries)], known)
			i++
		}
	})
}
