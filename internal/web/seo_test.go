package web

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"

	"masahe/internal/account"
	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/media"
	"masahe/internal/prices"
)

// The fixture's base URL (newAccountFixture).
const testBase = "http://example.com"

// sitePath turns an absolute URL of the site into a path to request;
// false when it points elsewhere.
func sitePath(u string) (string, bool) {
	rest, ok := strings.CutPrefix(u, testBase)
	if !ok || (rest != "" && !strings.HasPrefix(rest, "/")) {
		return "", false
	}
	if rest == "" {
		rest = "/"
	}
	return rest, true
}

// checkResolves GETs an absolute URL of the site through the handler.
func (f *editorialFixture) checkResolves(t *testing.T, what, u string) {
	t.Helper()
	p, ok := sitePath(u)
	if !ok {
		t.Errorf("%s: %q is not on %s", what, u, testBase)
		return
	}
	if w := f.get(t, p, ""); w.Code != http.StatusOK {
		t.Errorf("%s: GET %s: status %d, want 200", what, p, w.Code)
	}
}

// Atom, as RFC 4287 names it, read independently of the server's structs.
type testAtomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type testAtomPerson struct {
	Name string `xml:"http://www.w3.org/2005/Atom name"`
}

type testAtomEntry struct {
	ID        string           `xml:"http://www.w3.org/2005/Atom id"`
	Title     string           `xml:"http://www.w3.org/2005/Atom title"`
	Updated   string           `xml:"http://www.w3.org/2005/Atom updated"`
	Published string           `xml:"http://www.w3.org/2005/Atom published"`
	Links     []testAtomLink   `xml:"http://www.w3.org/2005/Atom link"`
	Authors   []testAtomPerson `xml:"http://www.w3.org/2005/Atom author"`
	Summary   string           `xml:"http://www.w3.org/2005/Atom summary"`
	Category  []struct {
		Term string `xml:"term,attr"`
	} `xml:"http://www.w3.org/2005/Atom category"`
}

type testAtomFeed struct {
	XMLName xml.Name         `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string           `xml:"http://www.w3.org/2005/Atom id"`
	Title   string           `xml:"http://www.w3.org/2005/Atom title"`
	Updated string           `xml:"http://www.w3.org/2005/Atom updated"`
	Links   []testAtomLink   `xml:"http://www.w3.org/2005/Atom link"`
	Authors []testAtomPerson `xml:"http://www.w3.org/2005/Atom author"`
	Entries []testAtomEntry  `xml:"http://www.w3.org/2005/Atom entry"`
}

func linkRel(links []testAtomLink, rel string) (testAtomLink, bool) {
	i := slices.IndexFunc(links, func(l testAtomLink) bool { return l.Rel == rel })
	if i < 0 {
		return testAtomLink{}, false
	}
	return links[i], true
}

// readFeed GETs a feed, parses it and checks what RFC 4287 requires, and
// that every link in it resolves. It returns the entries' article paths.
func (f *editorialFixture) readFeed(t *testing.T, target string) []string {
	t.Helper()
	w := f.get(t, target, "")
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d", target, w.Code)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Errorf("%s: Content-Type %q", target, ct)
	}
	var feed testAtomFeed
	if err := xml.Unmarshal(w.Body.Bytes(), &feed); err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	isTime := func(what, s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Errorf("%s: %s %q is not an RFC 3339 time", target, what, s)
		}
		return tm
	}
	if u, err := url.Parse(feed.ID); err != nil || !u.IsAbs() {
		t.Errorf("%s: feed id %q is not an absolute IRI", target, feed.ID)
	}
	if feed.Title == "" || len(feed.Authors) == 0 || feed.Authors[0].Name == "" {
		t.Errorf("%s: feed title %q, authors %v: both required", target, feed.Title, feed.Authors)
	}
	updated := isTime("feed updated", feed.Updated)
	self, ok := linkRel(feed.Links, "self")
	if !ok || self.Href != testBase+target {
		t.Errorf("%s: self link %+v, want %s", target, self, testBase+target)
	}
	alt, ok := linkRel(feed.Links, "alternate")
	if !ok {
		t.Errorf("%s: no alternate link", target)
	}
	f.checkResolves(t, target+" alternate", alt.Href)
	f.checkResolves(t, target+" self", self.Href)
	var paths []string
	ids := map[string]bool{}
	var newest time.Time
	for _, e := range feed.Entries {
		if u, err := url.Parse(e.ID); err != nil || !u.IsAbs() || ids[e.ID] {
			t.Errorf("%s: entry id %q is not a unique absolute IRI", target, e.ID)
		}
		ids[e.ID] = true
		if e.Title == "" || e.Summary == "" || len(e.Category) == 0 || len(e.Authors) == 0 {
			t.Errorf("%s: entry %s lacks a title, summary, category or author", target, e.ID)
		}
		up, pub := isTime("entry updated", e.Updated), isTime("entry published", e.Published)
		if up.Before(pub) {
			t.Errorf("%s: entry %s updated %s before it was published %s", target, e.ID, e.Updated, e.Published)
		}
		newest = later(newest, up)
		link, ok := linkRel(e.Links, "alternate")
		if !ok {
			t.Errorf("%s: entry %s has no alternate link", target, e.ID)
			continue
		}
		f.checkResolves(t, target+" entry", link.Href)
		p, _ := sitePath(link.Href)
		paths = append(paths, p)
	}
	if len(feed.Entries) > 0 && !updated.Equal(newest) {
		t.Errorf("%s: feed updated %s, newest entry %s", target, feed.Updated, newest)
	}
	return paths
}

func TestAtomFeed(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	if got := f.readFeed(t, "/feed.atom"); !slices.Equal(got, []string{"/articles/" + f.published.Slug}) {
		t.Errorf("/feed.atom lists %q: want only the published article", got)
	}
	if got := f.readFeed(t, "/tags/sleep/feed.atom"); !slices.Equal(got, []string{"/articles/" + f.published.Slug}) {
		t.Errorf("/tags/sleep/feed.atom lists %q", got)
	}
	for _, target := range []string{"/tags/no-such-tag/feed.atom", "/tags/tomorrow/feed.atom"} {
		if w := f.get(t, target, ""); w.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, w.Code)
		}
	}
	f.clk.Advance(17 * time.Hour)
	want := []string{"/articles/" + f.scheduled.Slug, "/articles/" + f.published.Slug}
	if got := f.readFeed(t, "/feed.atom"); !slices.Equal(got, want) {
		t.Errorf("/feed.atom once the scheduled article is out lists %q, want %q", got, want)
	}
	f.readFeed(t, "/tags/tomorrow/feed.atom")

	// At most 20 entries, the newest.
	ctx := context.Background()
	for i := range 22 {
		a := testArticle(t, "extra-"+string(rune('a'+i)), "2026-11-24", "care", "extra")
		if err := f.st.SaveArticle(ctx, a, content.ArticlePublished, 0, "test"); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.readFeed(t, "/feed.atom"); len(got) != feedEntries || got[0] != "/articles/"+f.scheduled.Slug {
		t.Errorf("/feed.atom lists %d entries %q: want %d, the newest first", len(got), got, feedEntries)
	}
}

type testSitemap struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

func TestSitemap(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	w := f.get(t, "/sitemap.xml", "")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/xml") {
		t.Fatalf("GET /sitemap.xml: status %d, Content-Type %q", w.Code, w.Header().Get("Content-Type"))
	}
	var sm testSitemap
	if err := xml.Unmarshal(w.Body.Bytes(), &sm); err != nil {
		t.Fatal(err)
	}
	lastmod := map[string]string{}
	for _, u := range sm.URLs {
		p, ok := sitePath(u.Loc)
		if !ok {
			t.Errorf("loc %q is not on %s", u.Loc, testBase)
			continue
		}
		if _, dup := lastmod[p]; dup {
			t.Errorf("%s is listed twice", p)
		}
		lastmod[p] = u.LastMod
		if u.LastMod != "" {
			if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
				t.Errorf("%s: lastmod %q is not a W3C datetime", p, u.LastMod)
			}
		}
		if w := f.get(t, p, ""); w.Code != http.StatusOK {
			t.Errorf("GET %s (from the sitemap): status %d", p, w.Code)
		}
	}
	want := []string{"/", "/chairs", "/compare", "/finder", "/safety", "/safety/triage", "/articles", "/articles/" + f.published.Slug,
		"/tags/sleep", "/tags/back-pain", "/categories/using", "/reviews", "/reviews/rubric", "/reviews/" + f.chairA.Slug,
		"/reviews/" + f.chairB.Slug, "/best"}
	for _, g := range guideTopics {
		want = append(want, g.URL())
	}
	for _, u := range content.PublishedRubrics().Latest().Uses {
		want = append(want, "/best/"+u.Key)
	}
	chairs, err := f.st.AllChairs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chairs {
		want = append(want, "/chairs/"+c.Slug)
	}
	for _, p := range want {
		if _, ok := lastmod[p]; !ok {
			t.Errorf("the sitemap lacks %s", p)
		}
	}
	for _, p := range []string{"/articles/" + f.draft.Slug, "/articles/" + f.scheduled.Slug, "/tags/tomorrow", "/categories/care", "/search", "/login"} {
		if _, ok := lastmod[p]; ok {
			t.Errorf("the sitemap lists %s, which is not a public page", p)
		}
	}
	for p, want := range map[string]string{
		"/articles/" + f.published.Slug: "2026-11-19T16:00:00Z", // 20 November, Philippine time
		"/reviews/" + f.chairA.Slug:     "2026-11-20T16:00:00Z", // 21 November, Philippine time
		"/chairs/" + f.chairB.Slug:      "2026-11-22T16:00:00Z",
		"/best":                         "2026-11-22T16:00:00Z",
		"/reviews/rubric":               "2026-11-23T16:00:00Z",
		"/chairs":                       "",
	} {
		if lastmod[p] != want {
			t.Errorf("%s: lastmod %q, want %q", p, lastmod[p], want)
		}
	}

	robots := f.get(t, "/robots.txt", "").Body.String()
	if !strings.Contains(robots, "\nSitemap: "+testBase+"/sitemap.xml\n") {
		t.Errorf("robots.txt does not point to the sitemap:\n%s", robots)
	}
}

// ldObjects returns the page's JSON-LD objects, each parsed on its own.
func ldObjects(t *testing.T, body string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, s := range findAll(parseHTML(t, body), func(n *xhtml.Node) bool {
		return n.Data == "script" && attrOf(n, "type") == "application/ld+json"
	}) {
		var v map[string]any
		if s.FirstChild == nil {
			t.Fatal("an empty ld+json script")
		}
		if err := json.Unmarshal([]byte(s.FirstChild.Data), &v); err != nil {
			t.Fatalf("ld+json %q: %v", s.FirstChild.Data, err)
		}
		if v["@context"] != "https://schema.org" {
			t.Errorf("ld+json @context %v", v["@context"])
		}
		out = append(out, v)
	}
	return out
}

func ldOfType(t *testing.T, objs []map[string]any, typ string) map[string]any {
	t.Helper()
	for _, o := range objs {
		if o["@type"] == typ {
			return o
		}
	}
	t.Fatalf("no %s in %v", typ, objs)
	return nil
}

// checkBreadcrumbs checks a BreadcrumbList: positions 1, 2, … and items
// that resolve.
func (f *editorialFixture) checkBreadcrumbs(t *testing.T, what string, objs []map[string]any, last string) {
	t.Helper()
	list, _ := ldOfType(t, objs, "BreadcrumbList")["itemListElement"].([]any)
	if len(list) < 2 {
		t.Fatalf("%s: breadcrumbs %v", what, list)
	}
	for i, it := range list {
		item, _ := it.(map[string]any)
		if item["@type"] != "ListItem" || item["position"] != float64(i+1) || item["name"] == "" {
			t.Errorf("%s: breadcrumb %d is %v", what, i, item)
		}
		u, _ := item["item"].(string)
		f.checkResolves(t, what+" breadcrumb", u)
		if i == len(list)-1 && u != testBase+last {
			t.Errorf("%s: the last breadcrumb is %q, want the page %s", what, u, last)
		}
	}
}

func TestJSONLD(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	ctx := context.Background()
	// Fresh prices: two for chair A, one for chair B; the plain chair has
	// only a stale one, which structured data never offers.
	shops := []catalog.Retailer{{Slug: testShopA, Name: "Test Shop A"}, {Slug: testShopB, Name: "Test Shop B"}}
	if _, err := f.st.Import(ctx, &catalog.Document{Retailers: shops}, nil); err != nil {
		t.Fatal(err)
	}
	observed := func(chair, retailer string, pesos int64, age time.Duration) prices.Observation {
		return prices.Observation{ChairSlug: chair, RetailerSlug: retailer, Price: prices.Pesos(pesos), URL: "https://shop.example.test/" + chair,
			ObservedAt: f.clk.Now().Add(-age), Method: prices.ByFeed}
	}
	if _, err := f.st.RecordObservations(ctx, []prices.Observation{observed(f.chairA.Slug, testShopA, 199990, time.Hour),
		observed(f.chairA.Slug, testShopB, 189990, time.Hour), observed(f.chairB.Slug, testShopA, 99990, time.Hour),
		observed(f.plain.Slug, testShopA, 99990, 40*24*time.Hour)}, nil); err != nil {
		t.Fatal(err)
	}
	// Two owners rate chair A 4 and 5.
	for i, rating := range []int{4, 5} {
		u := f.addUser(t, string(rune('a'+i))+"@example.ph", account.Member, "x")
		if err := f.st.SaveReview(ctx, f.chairA.Slug, u.ID, content.OwnerReview{Overall: rating, MonthsOwned: 3, Text: "A long enough owner review of the chair."}, media.PhotoEdit{}); err != nil {
			t.Fatal(err)
		}
		r, err := f.st.UserReview(ctx, f.chairA.Slug, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.st.Moderate(ctx, r.ID, true, ""); err != nil {
			t.Fatal(err)
		}
	}

	objs := ldObjects(t, f.page(t, "/chairs/"+f.chairA.Slug, http.StatusOK))
	p := ldOfType(t, objs, "Product")
	if p["name"] != f.chairA.FullName() || p["brand"].(map[string]any)["name"] != f.chairA.BrandName {
		t.Errorf("Product name %v, brand %v", p["name"], p["brand"])
	}
	o, _ := p["offers"].(map[string]any)
	if o["@type"] != "AggregateOffer" || o["priceCurrency"] != "PHP" || o["lowPrice"] != 189990.0 || o["highPrice"] != 199990.0 || o["offerCount"] != 2.0 {
		t.Errorf("chair A's offers %v: want an AggregateOffer from ₱189,990 to ₱199,990", o)
	}
	if r, _ := p["aggregateRating"].(map[string]any); r["ratingValue"] != 4.5 || r["reviewCount"] != 2.0 || r["bestRating"] != 5.0 {
		t.Errorf("aggregateRating %v: want 4.5 from 2 owners", r)
	}
	rv, _ := p["review"].(map[string]any)
	if rv["@type"] != "Review" || rv["reviewBody"] != f.reviewA.Verdict || rv["author"].(map[string]any)["name"] == "" || rv["datePublished"] != "2026-11-21" {
		t.Errorf("Product review %v", rv)
	}
	f.checkBreadcrumbs(t, "chair A", objs, "/chairs/"+f.chairA.Slug)

	p = ldOfType(t, ldObjects(t, f.page(t, "/chairs/"+f.chairB.Slug, http.StatusOK)), "Product")
	if o, _ := p["offers"].(map[string]any); o["@type"] != "Offer" || o["priceCurrency"] != "PHP" || o["price"] != 99990.0 {
		t.Errorf("chair B's offers %v: want one Offer of ₱99,990", o)
	}
	if _, ok := p["aggregateRating"]; ok {
		t.Error("a chair no owner rated has an aggregateRating")
	}
	// A stale price may no longer hold: never offered as structured data.
	plainPage := f.page(t, "/chairs/"+f.plain.Slug, http.StatusOK)
	p = ldOfType(t, ldObjects(t, plainPage), "Product")
	if _, ok := p["offers"]; ok {
		t.Errorf("a chair with only a stale price has offers %v", p["offers"])
	}
	if !strings.Contains(plainPage, "last seen ₱99,990 on") || !strings.Contains(plainPage, "No observed price yet") {
		t.Errorf("the plain chair's page should say its price was last seen, and that it has no fresh one")
	}
	if _, ok := p["review"]; ok {
		t.Error("a chair without an editorial review has a review")
	}

	// An article whose title tries to close the script element.
	a := testArticle(t, "script-title", "2026-11-22", "buying", "sleep")
	a.Title = `Ending </script><script>alert("x")</script> & “quotes”`
	if err := f.st.SaveArticle(ctx, a, content.ArticlePublished, 0, "test"); err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{f.published.Slug, a.Slug} {
		body := f.page(t, "/articles/"+slug, http.StatusOK)
		if strings.Contains(body, "<script>alert") {
			t.Fatalf("%s: the title escaped into the page", slug)
		}
		objs := ldObjects(t, body)
		art := ldOfType(t, objs, "Article")
		rec, err := f.st.Article(ctx, slug, false)
		if err != nil {
			t.Fatal(err)
		}
		if art["headline"] != rec.Title || art["author"].(map[string]any)["name"] != "Masahe editors" || art["publisher"].(map[string]any)["name"] != "Masahe" {
			t.Errorf("%s: Article %v", slug, art)
		}
		for _, key := range []string{"datePublished", "dateModified"} {
			if _, err := time.Parse(time.RFC3339, art[key].(string)); err != nil {
				t.Errorf("%s: %s %v", slug, key, art[key])
			}
		}
		f.checkBreadcrumbs(t, slug, objs, "/articles/"+slug)
	}

	objs = ldObjects(t, f.page(t, "/reviews/"+f.chairB.Slug, http.StatusOK))
	if r := ldOfType(t, objs, "Review"); r["itemReviewed"].(map[string]any)["name"] != f.chairB.FullName() {
		t.Errorf("Review %v", r)
	}
	f.checkBreadcrumbs(t, "review", objs, "/reviews/"+f.chairB.Slug)
	f.checkBreadcrumbs(t, "best", ldObjects(t, f.page(t, "/best/value", http.StatusOK)), "/best/value")
}

func TestJSONLDEscaping(t *testing.T) {
	t.Parallel()
	in := ldThing{Type: "Thing", Name: `</script><!-- <script> & "x"`}
	js, err := jsonLD(in)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(string(js), "<>&") {
		t.Errorf("jsonLD wrote %s: want no <, > or &", js)
	}
	var out ldThing
	if err := json.Unmarshal([]byte(js), &out); err != nil || out != in {
		t.Errorf("jsonLD round trip: %v, %+v", err, out)
	}
}

func TestOpenGraph(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	meta := func(body string) map[string]string {
		out := map[string]string{}
		for _, m := range findAll(parseHTML(t, body), byTag("meta")) {
			if k := attrOf(m, "property") + attrOf(m, "name"); k != "" {
				out[k] = attrOf(m, "content")
			}
		}
		return out
	}
	got := meta(f.page(t, "/articles/"+f.published.Slug, http.StatusOK))
	want := map[string]string{"og:title": f.published.Title, "og:description": f.published.Summary, "og:type": "article",
		"og:url": testBase + "/articles/" + f.published.Slug, "og:site_name": "Masahe", "twitter:card": "summary"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("article %s = %q, want %q", k, got[k], v)
		}
	}
	got = meta(f.page(t, "/", http.StatusOK))
	if got["og:type"] != "website" || got["og:title"] == "" || got["og:url"] != testBase+"/" {
		t.Errorf("home page Open Graph %v", got)
	}
	body := f.page(t, "/tags/sleep", http.StatusOK)
	for _, want := range []string{`<link rel="alternate" type="application/atom+xml" title="Masahe advice" href="/feed.atom">`,
		`href="/tags/sleep/feed.atom"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the tag page lacks %s", want)
		}
	}
}
