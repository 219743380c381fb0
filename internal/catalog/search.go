package catalog

import (
	"strings"

	"masahe/internal/locale"
)

// Tokens splits text into lowercase search words of letters and digits.
func Tokens(text string) []string {
	words := locale.Tokens(text)
	if len(words) > 12 {
		words = words[:12]
	}
	return words
}

// Correct replaces each query word that starts no known word with the
// closest known word, when one is near enough to be a typo: one edit for
// words of up to five letters, two for longer ones. It returns the
// corrected query and whether anything changed.
func Correct(query string, known []string) (string, bool) {
	words := Tokens(query)
	changed := false
	for i, w := range words {
		if startsAny(w, known) {
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

func startsAny(w string, known []string) bool {
	for _, k := range known {
		if strings.HasPrefix(k, w) {
			return true
		}
	}
	return false
}
