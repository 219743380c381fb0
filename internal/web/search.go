package web

import (
	"bytes"
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"

	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/locale"
)

// The search page: chairs and brands from the catalog's full-text index,
// and the advice articles and safe-use guides, searched here in every
// language at once (the site has tens of them) and shown in the page's.

type searchPage struct {
	Layout
	Q         string
	Corrected string
	Total     int
	Cards     []cardView
	Brands    []catalog.BrandCount
	MoreURL   string
	Articles  []articleCard
	Guides    []guideTopic
	Best      []bestHit
}

// bestHit is a "best for" list that answers the query, with its top
// chairs: the chairs the editorial reviews rank best for a use.
type bestHit struct {
	URL, Label string
	Rows       []bestRow
}

// bestShown is how many chairs a "best for" hit shows.
const bestShown = 3

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	f, err := catalog.ParseFilter(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	p := s.printer(r)
	page := searchPage{Layout: s.layout(r, p.T("search.title"), p.T("search.description")), Q: f.Q}
	page.Query = f.Q
	if f.Q != "" {
		page.Title = p.T("search.title_query", f.Q)
		res, corrected, err := s.searchChairs(ctx, f)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		page.Total, page.Corrected = res.Total, corrected
		mean, err := s.siteMeanRating(ctx)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if page.Cards, err = s.cards(ctx, res.Chairs, nil, mean); err != nil {
			s.writeError(w, r, err)
			return
		}
		if page.Brands, err = s.matchingBrands(ctx, cmp.Or(corrected, f.Q)); err != nil {
			s.writeError(w, r, err)
			return
		}
		if page.Articles, err = s.searchArticles(ctx, p, f.Q); err != nil {
			s.writeError(w, r, err)
			return
		}
		if page.Guides, err = s.searchGuides(ctx, p, f.Q); err != nil {
			s.writeError(w, r, err)
			return
		}
		if page.Best, err = s.searchBest(ctx, p, f.Q); err != nil {
			s.writeError(w, r, err)
			return
		}
		if res.Total > len(res.Chairs) {
			page.MoreURL = p.Lang().Path(pageURL("/chairs", catalog.Filter{Q: cmp.Or(corrected, f.Q), Sort: catalog.SortName, PerPage: catalog.DefaultPerPage}, 1, nil))
		}
	}
	s.renderPage(w, r, "search.html", page)
}

// matchingBrands lists the brands one of whose name words starts with a
// query word.
func (s *Server) matchingBrands(ctx context.Context, q string) ([]catalog.BrandCount, error) {
	brands, err := s.brands(ctx)
	if err != nil {
		return nil, err
	}
	words := catalog.Tokens(q)
	return slices.DeleteFunc(slices.Clone(brands), func(b catalog.BrandCount) bool {
		for _, name := range catalog.Tokens(b.Name + " " + b.Slug) {
			for _, w := range words {
				if strings.HasPrefix(name, w) {
					return false
				}
			}
		}
		return true
	}), nil
}

// searchDoc is a text the search page looks through, its words in three
// fields by weight: heads (titles and tags), summaries, and the body.
type searchDoc struct {
	heads, summary, body []string
}

// newSearchDoc makes a document of texts in every language it is written in.
func newSearchDoc(heads, summaries, bodies []string) searchDoc {
	// Every word: catalog.Tokens keeps a query's first twelve only.
	words := func(texts []string) []string { return locale.Tokens(strings.Join(texts, " ")) }
	return searchDoc{heads: words(heads), summary: words(summaries), body: words(bodies)}
}

// score is how well d answers terms (each a list of alternative words):
// for each term, 3 when one of its words starts a word of the heads, 2 of
// the summaries, 1 of the body; 0 when any term is in none of them.
func (d searchDoc) score(terms [][]string) int {
	total := 0
	for _, alts := range terms {
		weight := 0
		for i, field := range [][]string{d.heads, d.summary, d.body} {
			if slices.ContainsFunc(field, func(w string) bool {
				return slices.ContainsFunc(alts, func(a string) bool { return strings.HasPrefix(w, a) })
			}) {
				weight = 3 - i
				break
			}
		}
		if weight == 0 {
			return 0
		}
		total += weight
	}
	return total
}

// rankDocs returns the indexes of the documents that answer q, best
// first, ties in their given order. Every word of q must be found; a
// Filipino or Taglish query (search_lang.go) is read as terms, each found
// by its own word or one of its English words. A document scoring less
// than half the best one is left out: with titles that answer the query,
// a text that only mentions its words on the way is noise.
func (s *Server) rankDocs(q string, docs []searchDoc) []int {
	var terms [][]string
	for _, w := range catalog.Tokens(q) {
		terms = append(terms, []string{w})
	}
	if len(terms) == 0 {
		return nil
	}
	var words []string
	for _, d := range docs {
		for _, texts := range [][]string{d.heads, d.summary, d.body} {
			for _, t := range texts {
				words = append(words, catalog.Tokens(t)...)
			}
		}
	}
	if t, ok := s.searchTerms(q, catalog.NewVocabulary(words).Starts); ok {
		terms = t
	}
	// A term every document has tells none apart ("upuan", chair, among
	// articles about chairs): it is dropped while another is left.
	if len(docs) > 1 {
		telling := slices.DeleteFunc(slices.Clone(terms), func(t []string) bool {
			return !slices.ContainsFunc(docs, func(d searchDoc) bool { return d.score([][]string{t}) == 0 })
		})
		if len(telling) > 0 {
			terms = telling
		}
	}
	var hits []int
	scores := make([]int, len(docs))
	for i, d := range docs {
		if scores[i] = d.score(terms); scores[i] > 0 {
			hits = append(hits, i)
		}
	}
	slices.SortStableFunc(hits, func(a, b int) int { return scores[b] - scores[a] })
	return slices.DeleteFunc(hits, func(i int) bool { return 2*scores[i] < scores[hits[0]] })
}

// searchArticles lists the public articles that answer q, best first,
// each in p's language where it is translated. An article is searched in
// its original and all its translations: title, tags, summary and body.
func (s *Server) searchArticles(ctx context.Context, p *locale.Printer, q string) ([]articleCard, error) {
	list, err := s.publicArticles(ctx)
	if err != nil {
		return nil, err
	}
	trs := map[locale.Lang]map[string]content.ArticleRecord{}
	for _, l := range locale.Langs {
		if trs[l], err = s.translations(ctx, l); err != nil {
			return nil, err
		}
	}
	docs := make([]searchDoc, len(list))
	for i, a := range list {
		heads, summaries, bodies := []string{a.Title, strings.Join(a.Tags, " ")}, []string{a.Summary}, []string{a.Body}
		for _, byslug := range trs {
			if tr, ok := byslug[a.Slug]; ok {
				heads, summaries, bodies = append(heads, tr.Title), append(summaries, tr.Summary), append(bodies, tr.Body)
			}
		}
		docs[i] = newSearchDoc(heads, summaries, bodies)
	}
	shown, err := s.inLang(ctx, p.Lang(), list)
	if err != nil {
		return nil, err
	}
	var out []articleCard
	for _, i := range s.rankDocs(q, docs) {
		out = append(out, newArticleCard(p, shown[i]))
	}
	return out, nil
}

// searchGuides lists the safe-use guides that answer q, best first, with
// their titles in p's language. A guide is searched in every language:
// its title, summary, description and the words of its page.
func (s *Server) searchGuides(ctx context.Context, p *locale.Printer, q string) ([]guideTopic, error) {
	docs, err := memoized(ctx, s.cache, "guide-search", s.guideDocs)
	if err != nil {
		return nil, err
	}
	topics := localTopics(p)
	var out []guideTopic
	for _, i := range s.rankDocs(q, docs) {
		out = append(out, topics[i])
	}
	return out, nil
}

// guideDocs are the safe-use guides as search documents, in guideTopics'
// order, each made of its pages in every language.
func (s *Server) guideDocs(context.Context) ([]searchDoc, error) {
	docs := make([]searchDoc, len(guideTopics))
	for i, g := range guideTopics {
		var heads, summaries, bodies []string
		for _, l := range locale.Langs {
			p := s.bundle.Printer(l)
			topic := localTopics(p)[i]
			var buf bytes.Buffer
			if err := s.pages[l][g.template()].ExecuteTemplate(&buf, "content", newGuidePage(p, Layout{Lang: l}, topic)); err != nil {
				return nil, err
			}
			heads = append(heads, topic.Title)
			summaries = append(summaries, topic.Summary, topic.Description)
			bodies = append(bodies, content.PlainText(buf.String()))
		}
		docs[i] = newSearchDoc(heads, summaries, bodies)
	}
	return docs, nil
}

// searchBest lists the "best for" uses of the rubric whose page title
// answers q ("pang lola" finds seniors and gentle use), each with the
// chairs ranked best for it; none when no chair is reviewed.
func (s *Server) searchBest(ctx context.Context, p *locale.Printer, q string) ([]bestHit, error) {
	reviews, chairs, err := s.reviewedChairs(ctx)
	if err != nil || len(reviews) == 0 {
		return nil, err
	}
	uses := s.cfg.Rubrics.Latest().Uses
	docs := make([]searchDoc, len(uses))
	for i, u := range uses {
		docs[i] = newSearchDoc([]string{"Best massage chairs for " + u.Label}, nil, nil)
	}
	var out []bestHit
	for _, i := range s.rankDocs(q, docs) {
		rows, _ := bestFor(s.cfg.Rubrics, uses[i].Key, reviews, chairs)
		rows = rows[:min(len(rows), bestShown)]
		for j := range rows {
			rows[j].ChairURL = p.Lang().Path(rows[j].ChairURL)
		}
		out = append(out, bestHit{URL: p.Lang().Path(bestPath(uses[i].Key)), Label: useLabel(p, uses[i].Key), Rows: rows})
	}
	return out, nil
}
