package locale

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Synonyms maps Filipino and Taglish search words and phrases to the
// English words the catalog and the articles are written in. It is read
// from a data file (synonyms-fil.txt) and then only read.
type Synonyms struct {
	english  map[string][]string // key (its words joined by one space) → English words and phrases
	ignore   map[string]bool     // particles such as ang, ng, sa, para
	single   []string            // one-word keys, sorted, for typo matching
	known    map[string]bool     // every English word the list gives, never "corrected"
	maxWords int                 // words in the longest key
}

// ParseSynonyms reads the synonym file: "key, key = english, english"
// lines (a key is a word or phrase; hyphens count as spaces), "ignore:
// word, word" lines for particles, "#" comments. A key given twice is an
// error.
func ParseSynonyms(name, src string) (*Synonyms, error) {
	s := &Synonyms{english: map[string][]string{}, ignore: map[string]bool{}, known: map[string]bool{}}
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fail := func(format string, args ...any) (*Synonyms, error) {
			return nil, fmt.Errorf("locale: %s:%d: %s", name, i+1, fmt.Sprintf(format, args...))
		}
		if rest, ok := strings.CutPrefix(line, "ignore:"); ok {
			for _, w := range strings.Split(rest, ",") {
				if ws := Tokens(w); len(ws) == 1 {
					s.ignore[ws[0]] = true
				} else if len(ws) > 1 {
					return fail("an ignored word is one word, not %q", w)
				}
			}
			continue
		}
		left, right, ok := strings.Cut(line, "=")
		if !ok {
			return fail("want key, key = english, english")
		}
		var english []string
		for _, e := range strings.Split(right, ",") {
			if ws := Tokens(e); len(ws) > 0 {
				english = append(english, strings.Join(ws, " "))
				for _, w := range ws {
					s.known[w] = true
				}
			}
		}
		if len(english) == 0 {
			return fail("no English words after =")
		}
		for _, k := range strings.Split(left, ",") {
			ws := Tokens(k)
			if len(ws) == 0 {
				return fail("an empty key")
			}
			key := strings.Join(ws, " ")
			if _, dup := s.english[key]; dup {
				return fail("%q is given twice", key)
			}
			s.english[key] = english
			s.maxWords = max(s.maxWords, len(ws))
			if len(ws) == 1 {
				s.single = append(s.single, key)
			}
		}
	}
	slices.Sort(s.single)
	return s, nil
}

// Particle reports whether w is a word with no meaning of its own in a
// search (ang, ng, sa, na, ...), even inside a key ("masakit na likod").
func (s *Synonyms) Particle(w string) bool { return s.ignore[w] }

// Len is the number of keys.
func (s *Synonyms) Len() int { return len(s.english) }

// Term is one word or phrase of a query. Key is the synonym it was read
// as ("" when none): itself, or for a typo the nearest key. English lists
// the English words and phrases it stands for.
type Term struct {
	Text    string
	Key     string
	English []string
}

// Expansion is a query read as terms, in the query's order; particles are
// left out.
type Expansion []Term

// Expand reads a search query: the longest phrase that is a key wins
// ("maliit na kwarto" before "maliit"), particles (ang, ng, sa, para, ...)
// are dropped, and a word that is no key is matched to the nearest
// one-word key within one edit for words of 4 to 7 letters and two for
// longer ones ("upuwan" is "upuan"). English words from the list are
// never corrected, so "back" stays "back". A pure function of the query.
func (s *Synonyms) Expand(query string) Expansion {
	words := Tokens(query)
	var out Expansion
	for i := 0; i < len(words); {
		n := s.phrase(words[i:])
		if n > 0 {
			key := strings.Join(words[i:i+n], " ")
			out = append(out, Term{Text: key, Key: key, English: s.english[key]})
			i += n
			continue
		}
		w := words[i]
		i++
		if s.ignore[w] {
			continue
		}
		t := Term{Text: w}
		if key := s.nearest(w); key != "" {
			t.Key, t.English = key, s.english[key]
		}
		out = append(out, t)
	}
	return out
}

// phrase is the number of leading words that make the longest key, 0 when
// the first word starts none.
func (s *Synonyms) phrase(words []string) int {
	for n := min(s.maxWords, len(words)); n > 0; n-- {
		if _, ok := s.english[strings.Join(words[:n], " ")]; ok {
			return n
		}
	}
	return 0
}

// nearest is the one-word key closest to w within the typo limit, the
// first in order on a tie; "" when none is near or w is an English word
// of the list.
func (s *Synonyms) nearest(w string) string {
	limit := 0
	switch n := utf8.RuneCountInString(w); {
	case n >= 8:
		limit = 2
	case n >= 4:
		limit = 1
	}
	if limit == 0 || s.known[w] {
		return ""
	}
	best, bestDist := "", limit+1
	for _, k := range s.single {
		if d := EditDistance(w, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// SearchWords is every search word of the expanded query, once each, in
// order: each term's own words (particles left out) and then its English
// words, so "upuan para sa likod" gives upuan, chair, likod, back.
func (s *Synonyms) SearchWords(query string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(text string) {
		for _, w := range Tokens(text) {
			if !seen[w] && !s.ignore[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	for _, t := range s.Expand(query) {
		add(t.Text)
		for _, en := range t.English {
			add(en)
		}
	}
	return out
}

// Tokens splits text into lowercase search words of letters and digits;
// anything else, hyphens included, separates words.
func Tokens(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// EditDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours ("osmi" for
// "osim") each count one.
func EditDistance(a, b string) int {
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
