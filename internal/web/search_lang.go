package web

import (
	"slices"

	"masahe/internal/catalog"
	"masahe/internal/locale"
)

// Search in Filipino and Taglish (docs/I18N.md): the query is read through
// the synonym list, each term standing for its own word and its English
// words.

// searchTerms reads q as terms of alternative words, keeping only the
// words the searched text has (known reports whether a word starts one of
// its words) and dropping a term none of whose words it has, as "upuan"
// (chair) in a catalog of chairs, and the particles inside a phrase ("na"
// of "masakit na likod"). ok is false when no word of q is in the synonym
// list, or nothing is left: then q is searched as it is.
func (s *Server) searchTerms(q string, known func(string) bool) ([][]string, bool) {
	syn := s.bundle.Synonyms()
	exp := syn.Expand(q)
	if !slices.ContainsFunc(exp, func(t locale.Term) bool { return t.Key != "" }) {
		return nil, false
	}
	var terms [][]string
	for _, t := range exp {
		var alts []string
		for _, text := range append([]string{t.Text}, t.English...) {
			for _, w := range catalog.Tokens(text) {
				if known(w) && !syn.Particle(w) && !slices.Contains(alts, w) {
					alts = append(alts, w)
				}
			}
		}
		if len(alts) > 0 {
			terms = append(terms, alts)
		}
	}
	return terms, len(terms) > 0
}
