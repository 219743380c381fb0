package catalog

import (
	"strings"
	"unicode"
)

// Tokens splits text into lowercase search words of letters and digits.
func Tokens(text string) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
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
			if d := editDistance(w, k); d < bestDist {
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

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
