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

// editDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours ("osmi" for
// "osim") each count one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
