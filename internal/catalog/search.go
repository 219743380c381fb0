package catalog

import (
	"math/bits"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

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

// Vocabulary is the search index's words, indexed for the two questions a
// query asks of them: does a query word start a known word, and which
// known word is a typo away. It is built once per catalog version and only
// read after that, so it is safe for concurrent use.
type Vocabulary struct {
	words  []string // as given: the first of equally near words wins
	sorted []string
	// byLen holds the words by their length in letters, each with the set
	// of letters it has (letterSet): a correction looks only at words of a
	// near length whose letters differ little, and compares only those
	// letter by letter.
	byLen [][]known
}

type known struct {
	letters uint64
	index   int32
}

// NewVocabulary indexes words (search tokens, as SearchWords lists them).
func NewVocabulary(words []string) *Vocabulary {
	v := &Vocabulary{words: words, sorted: slices.Sorted(slices.Values(words))}
	for i, w := range words {
		n := utf8.RuneCountInString(w)
		for len(v.byLen) <= n {
			v.byLen = append(v.byLen, nil)
		}
		v.byLen[n] = append(v.byLen[n], known{letterSet(w), int32(i)})
	}
	return v
}

// letterSet marks the letters w has, one bit each (letters and digits
// outside a–z and 0–9 share the last bits). One edit changes at most two
// bits: a substitution can drop a letter and add one, an insertion or a
// deletion changes one, a swap none. So two words whose sets differ in b
// bits are at least ⌈b/2⌉ edits apart, shared bits only making the
// bound lower.
func letterSet(w string) uint64 {
	var set uint64
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
			set |= 1 << (r - 'a')
		case r >= '0' && r <= '9':
			set |= 1 << (26 + r - '0')
		default:
			set |= 1 << (36 + r%28)
		}
	}
	return set
}

// Starts reports whether w starts a known word.
func (v *Vocabulary) Starts(w string) bool {
	i := sort.SearchStrings(v.sorted, w)
	return i < len(v.sorted) && strings.HasPrefix(v.sorted[i], w)
}

// Correct replaces each query word that starts no known word with the
// closest known word, when one is near enough to be a typo: one edit for
// words of up to five letters, two for longer ones. It returns the
// corrected query and whether anything changed.
func (v *Vocabulary) Correct(query string) (string, bool) {
	words := Tokens(query)
	changed := false
	for i, w := range words {
		if v.Starts(w) {
			continue
		}
		if k, ok := v.nearest(w); ok {
			words[i], changed = k, true
		}
	}
	return strings.Join(words, " "), changed
}

// nearest is the known word closest to w within its edit limit, the first
// given of equally close ones.
func (v *Vocabulary) nearest(w string) (string, bool) {
	limit := 1
	if len(w) > 5 {
		limit = 2
	}
	n, set := utf8.RuneCountInString(w), letterSet(w)
	best, bestDist := -1, limit+1
	// A word of another length is at least the difference away.
	for l := max(0, n-limit); l <= n+limit && l < len(v.byLen); l++ {
		for _, k := range v.byLen[l] {
			if bits.OnesCount64(k.letters^set) > 2*limit {
				continue
			}
			i := int(k.index)
			if d := locale.EditDistance(w, v.words[i]); d < bestDist || (d == bestDist && i < best) {
				best, bestDist = i, d
			}
		}
	}
	if best < 0 {
		return "", false
	}
	return v.words[best], true
}
