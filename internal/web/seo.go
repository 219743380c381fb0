package web

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/locale"
	"masahe/internal/phtime"
)

// Discoverability: Atom feeds, the sitemap and schema.org structured data.

// feedLink is an Atom feed a page announces in its head.
type feedLink struct {
	URL, Title string
}

// mainFeed is the site's feed of advice articles.
var mainFeed = feedLink{URL: "/feed.atom", Title: "Masahe advice"}

// feedEntries is how many articles a feed carries.
const feedEntries = 20

// Structured data (JSON-LD). Each value becomes one
// <script type="application/ld+json"> in the page head.

const schemaContext = "https://schema.org"

// ldThing is a named schema.org object: Brand, Organization, Person.
type ldThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type ldListItem struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	Item     string `json:"item,omitempty"`
}

type ldItemList struct {
	Context         string       `json:"@context,omitempty"`
	Type            string       `json:"@type"`
	ItemListElement []ldListItem `json:"itemListElement"`
}

type ldOffer struct {
	Type          string    `json:"@type"`
	PriceCurrency string    `json:"priceCurrency"`
	Price         float64   `json:"price,omitempty"`
	LowPrice      float64   `json:"lowPrice,omitempty"`
	HighPrice     float64   `json:"highPrice,omitempty"`
	OfferCount    int       `json:"offerCount,omitempty"`
	URL           string    `json:"url,omitempty"`
	Seller        *ldThing  `json:"seller,omitempty"`
	Offers        []ldOffer `json:"offers,omitempty"`
}

type ldRating struct {
	Type        string  `json:"@type"`
	RatingValue float64 `json:"ratingValue"`
	ReviewCount int     `json:"reviewCount"`
	BestRating  int     `json:"bestRating"`
	WorstRating int     `json:"worstRating"`
}

type ldReview struct {
	Context       string      `json:"@context,omitempty"`
	Type          string      `json:"@type"`
	Name          string      `json:"name"`
	URL           string      `json:"url"`
	Author        ldThing     `json:"author"`
	DatePublished string      `json:"datePublished"`
	ReviewBody    string      `json:"reviewBody"`
	PositiveNotes *ldItemList `json:"positiveNotes,omitempty"`
	NegativeNotes *ldItemList `json:"negativeNotes,omitempty"`
	ItemReviewed  *ldProduct  `json:"itemReviewed,omitempty"`
}

type ldProduct struct {
	Context         string    `json:"@context,omitempty"`
	Type            string    `json:"@type"`
	Name            string    `json:"name"`
	Brand           *ldThing  `json:"brand,omitempty"`
	URL             string    `json:"url,omitempty"`
	Offers          *ldOffer  `json:"offers,omitempty"`
	AggregateRating *ldRating `json:"aggregateRating,omitempty"`
	Review          *ldReview `json:"review,omitempty"`
}

type ldArticle struct {
	Context          string   `json:"@context"`
	Type             string   `json:"@type"`
	Headline         string   `json:"headline"`
	Description      string   `json:"description"`
	URL              string   `json:"url"`
	MainEntityOfPage string   `json:"mainEntityOfPage"`
	DatePublished    string   `json:"datePublished"`
	DateModified     string   `json:"dateModified"`
	Author           ldThing  `json:"author"`
	Publisher        ldThing  `json:"publisher"`
	InLanguage       string   `json:"inLanguage"`
	ArticleSection   string   `json:"articleSection,omitempty"`
	Keywords         []string `json:"keywords,omitempty"`
}

// jsonLD marshals a structured-data object for a script element.
// encoding/json writes <, > and & as \u escapes, so the text can never
// close the script element; "</" is escaped again all the same, so that
// this holds whatever encoder options change.
func jsonLD(v any) (template.JS, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return template.JS(strings.ReplaceAll(string(b), "</", `<\/`)), nil
}

func jsonLDs(vs ...any) ([]template.JS, error) {
	out := make([]template.JS, 0, len(vs))
	for _, v := range vs {
		js, err := jsonLD(v)
		if err != nil {
			return nil, err
		}
		out = append(out, js)
	}
	return out, nil
}

// authorLD is an article's author: the editors as an organisation, anyone
// else as a person.
func authorLD(name string) ldThing {
	if strings.HasPrefix(name, "Masahe") {
		return ldThing{Type: "Organization", Name: name}
	}
	return ldThing{Type: "Person", Name: name}
}

func (s *Server) publisherLD() ldThing {
	return ldThing{Type: "Organization", Name: "Masahe", URL: s.cfg.BaseURL + "/"}
}

// breadcrumbsLD is a BreadcrumbList of the trail, the page itself last.
func (s *Server) breadcrumbsLD(trail []linkView) ldItemList {
	l := ldItemList{Context: schemaContext, Type: "BreadcrumbList"}
	for i, c := range trail {
		l.ItemListElement = append(l.ItemListElement, ldListItem{Type: "ListItem", Position: i + 1, Name: c.Label, Item: s.cfg.BaseURL + c.URL})
	}
	return l
}

// articleLD describes the article a (an original or a translation) at its
// address u, with its section named in p's language.
func (s *Server) articleLD(p *locale.Printer, a content.ArticleRecord, u string, modified time.Time) ldArticle {
	label, _ := categoryName(p, a.Category)
	return ldArticle{Context: schemaContext, Type: "Article", Headline: a.Title, Description: a.Summary, URL: u, MainEntityOfPage: u, InLanguage: a.Lang,
		DatePublished: a.Published.In(phtime.Manila).Format(time.RFC3339), DateModified: modified.In(phtime.Manila).Format(time.RFC3339),
		Author: authorLD(a.Author), Publisher: s.publisherLD(), ArticleSection: label, Keywords: a.Tags}
}

func notesLD(items []string) *ldItemList {
	if len(items) == 0 {
		return nil
	}
	l := &ldItemList{Type: "ItemList"}
	for i, it := range items {
		l.ItemListElement = append(l.ItemListElement, ldListItem{Type: "ListItem", Position: i + 1, Name: it})
	}
	return l
}

// reviewLD is the editors' review as a schema.org Review.
func (s *Server) reviewLD(e content.EditorialReview, c catalog.Chair) *ldReview {
	return &ldReview{Type: "Review", Name: e.Title, URL: s.cfg.BaseURL + editorialPath(c.Slug), Author: ldThing{Type: "Organization", Name: siteAuthor},
		DatePublished: e.Published.In(phtime.Manila).Format(time.DateOnly), ReviewBody: e.Verdict,
		PositiveNotes: notesLD(e.Pros), NegativeNotes: notesLD(e.Cons)}
}

// productLD describes a chair. Only fresh offers are listed: a stale one
// ("last seen ₱X on 3 Nov") may no longer hold, and structured data cannot
// say so. The rating is the owners' own average.
func (s *Server) productLD(c catalog.Chair, editorial *content.EditorialReview) ldProduct {
	p := ldProduct{Context: schemaContext, Type: "Product", Name: c.FullName(), Brand: &ldThing{Type: "Brand", Name: c.BrandName},
		URL: s.cfg.BaseURL + "/chairs/" + c.Slug}
	var offers []ldOffer
	for _, o := range c.Offers {
		if o.Stale {
			continue
		}
		offers = append(offers, ldOffer{Type: "Offer", PriceCurrency: "PHP", Price: pesos(o.Price), URL: o.URL,
			Seller: &ldThing{Type: "Organization", Name: c.RetailerName(o.RetailerSlug)}})
	}
	switch len(offers) {
	case 0:
	case 1:
		p.Offers = &offers[0]
	default:
		agg := ldOffer{Type: "AggregateOffer", PriceCurrency: "PHP", OfferCount: len(offers), Offers: offers,
			LowPrice: offers[0].Price, HighPrice: offers[0].Price}
		for _, o := range offers {
			agg.LowPrice, agg.HighPrice = min(agg.LowPrice, o.Price), max(agg.HighPrice, o.Price)
		}
		p.Offers = &agg
	}
	if c.RatingCount > 0 {
		r := content.NewRating(c.RatingSum, c.RatingCount, 0)
		p.AggregateRating = &ldRating{Type: "AggregateRating", RatingValue: math.Round(r.Average*10) / 10, ReviewCount: r.Count, BestRating: 5, WorstRating: 1}
	}
	if editorial != nil {
		p.Review = s.reviewLD(*editorial, c)
	}
	return p
}

// Atom feeds (RFC 4287).

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Links      []atomLink     `xml:"link"`
	Author     atomPerson     `xml:"author"`
	Summary    atomText       `xml:"summary"`
	Categories []atomCategory `xml:"category"`
}

func (s *Server) handleFeed(w http.ResponseWriter, r *http.Request) {
	list, _, err := s.stores.Editorial.Articles(r.Context(), content.ArticleFilter{Page: 1, PerPage: feedEntries})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeFeed(w, r, mainFeed.Title, mainFeed.URL, "/articles", list)
}

func (s *Server) handleTagFeed(w http.ResponseWriter, r *http.Request) {
	tag, list, ok := s.taggedArticles(w, r, "/feed.atom")
	if !ok {
		return
	}
	s.writeFeed(w, r, "Masahe advice tagged “"+tag+"”", tagPath(tag)+"/feed.atom", tagPath(tag), list[:min(len(list), feedEntries)])
}

// writeFeed writes an Atom feed of the articles, newest first. Entry ids
// are the articles' absolute URLs, which never change for a slug.
func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, title, self, alternate string, list []content.ArticleRecord) {
	base := s.cfg.BaseURL
	f := atomFeed{ID: base + self, Title: title, Author: atomPerson{Name: siteAuthor, URI: base + "/"},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + self}, {Rel: "alternate", Type: "text/html", Href: base + alternate}}}
	var updated time.Time
	for _, a := range list {
		mod := a.Modified()
		if mod.After(updated) {
			updated = mod
		}
		label, _ := categoryLabel(a.Category)
		e := atomEntry{ID: base + articlePath(a.Slug), Title: a.Title, Updated: mod.UTC().Format(time.RFC3339),
			Published: a.Published.UTC().Format(time.RFC3339), Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: base + articlePath(a.Slug)}},
			Author: atomPerson{Name: a.Author}, Summary: atomText{Type: "text", Text: a.Summary},
			Categories: []atomCategory{{Term: a.Category, Scheme: base + "/categories/", Label: label}}}
		for _, t := range a.Tags {
			e.Categories = append(e.Categories, atomCategory{Term: content.TagSlug(t), Scheme: base + "/tags/", Label: t})
		}
		f.Entries = append(f.Entries, e)
	}
	if updated.IsZero() {
		// No article yet: the feed is as new as the request.
		updated = s.cfg.Now()
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	s.writeXML(w, r, "application/atom+xml; charset=utf-8", f)
}

// writeXML writes v as an XML document.
func (s *Server) writeXML(w http.ResponseWriter, r *http.Request, contentType string, v any) {
	b, err := xml.MarshalIndent(v, "", " ")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Write([]byte(xml.Header))
	w.Write(append(b, '\n'))
}

// The sitemap (sitemaps.org protocol 0.9).

type sitemapSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

// sitemapURL is one page in one language, with its addresses in every
// language (Google's hreflang sitemap extension, in the XHTML namespace).
type sitemapURL struct {
	Loc     string        `xml:"loc"`
	LastMod string        `xml:"lastmod,omitempty"`
	Links   []sitemapLink `xml:"http://www.w3.org/1999/xhtml link"`
}

type sitemapLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemapPaths lists every public page, in each language, with when it
// last changed and its hreflang alternates. A page
// whose change time the site does not record (the catalog's pages, the
// guides) has no lastmod: an invented one would mislead crawlers, which
// ignore lastmod once they find it unreliable.
func (s *Server) sitemapPaths(ctx context.Context) ([]sitemapURL, error) {
	chairs, err := s.allChairs(ctx)
	if err != nil {
		return nil, err
	}
	articles, err := s.publicArticles(ctx)
	if err != nil {
		return nil, err
	}
	reviews, reviewed, err := s.reviewedChairs(ctx)
	if err != nil {
		return nil, err
	}
	var out []sitemapURL
	// addIn lists path in each language that has it, mod[lang] its last
	// change (zero: unknown), each with the addresses of all of them.
	addIn := func(path string, mod map[locale.Lang]time.Time) {
		var links []sitemapLink
		for _, l := range locale.Langs {
			if _, ok := mod[l]; ok {
				links = append(links, sitemapLink{Rel: "alternate", Hreflang: string(l), Href: s.cfg.BaseURL + l.Path(path)})
			}
		}
		links = append(links, sitemapLink{Rel: "alternate", Hreflang: "x-default", Href: s.cfg.BaseURL + path})
		for _, l := range locale.Langs {
			m, ok := mod[l]
			if !ok {
				continue
			}
			u := sitemapURL{Loc: s.cfg.BaseURL + l.Path(path), Links: links}
			if !m.IsZero() {
				u.LastMod = m.UTC().Format(time.RFC3339)
			}
			out = append(out, u)
		}
	}
	// add lists a page that every language has.
	add := func(path string, mod time.Time) {
		all := map[locale.Lang]time.Time{}
		for _, l := range locale.Langs {
			all[l] = mod
		}
		addIn(path, all)
	}
	reviewOf := map[string]time.Time{}
	var newestReview time.Time
	for _, e := range reviews {
		reviewOf[e.Chair] = e.Published
		newestReview = later(newestReview, e.Published)
	}

	add("/", time.Time{})
	add("/chairs", time.Time{})
	for _, c := range chairs {
		// The chair's editorial review and current offers are dated.
		mod := reviewOf[c.Slug]
		for _, o := range c.Offers {
			mod = later(mod, o.ObservedAt)
		}
		add("/chairs/"+c.Slug, mod)
	}
	add("/compare", time.Time{})
	add("/finder", time.Time{})
	add("/safety", time.Time{})
	add("/safety/triage", time.Time{})
	for _, g := range guideTopics {
		add(g.URL(), time.Time{})
	}

	var newestArticle time.Time
	tags, categories := map[string]time.Time{}, map[string]time.Time{}
	for _, a := range articles {
		mod := a.Modified()
		newestArticle = later(newestArticle, mod)
		categories[a.Category] = later(categories[a.Category], mod)
		for _, t := range a.Tags {
			tags[content.TagSlug(t)] = later(tags[content.TagSlug(t)], mod)
		}
	}
	add("/articles", newestArticle)
	// An article is listed in English and in each language it is
	// translated into: the other languages' pages show the English text.
	translated := map[locale.Lang]map[string]content.ArticleRecord{}
	for _, l := range locale.Langs {
		if translated[l], err = s.translations(ctx, l); err != nil {
			return nil, err
		}
	}
	for _, a := range articles {
		mod := map[locale.Lang]time.Time{locale.English: a.Modified()}
		for l, trs := range translated {
			if tr, ok := trs[a.Slug]; ok {
				mod[l] = tr.Modified()
			}
		}
		addIn(articlePath(a.Slug), mod)
	}
	for _, o := range content.Categories {
		if mod, ok := categories[o.Code]; ok {
			add(categoryPath(o.Code), mod)
		}
	}
	tagNames := make([]string, 0, len(tags))
	for t := range tags {
		tagNames = append(tagNames, t)
	}
	slices.Sort(tagNames)
	for _, t := range tagNames {
		add("/tags/"+t, tags[t])
	}

	add("/reviews", newestReview)
	rubric, _ := time.ParseInLocation(time.DateOnly, s.cfg.Rubrics.Latest().Published, phtime.Manila)
	add("/reviews/rubric", rubric)
	for _, e := range reviews {
		add(editorialPath(e.Chair), e.Published)
	}
	add("/best", newestReview)
	for _, u := range s.cfg.Rubrics.Latest().Uses {
		_, newest := bestFor(s.cfg.Rubrics, u.Key, reviews, reviewed)
		add(bestPath(u.Key), newest)
	}
	return out, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func (s *Server) handleSitemap(w http.ResponseWriter, r *http.Request) {
	urls, err := s.sitemapPaths(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeXML(w, r, "application/xml; charset=utf-8", sitemapSet{URLs: urls})
}
