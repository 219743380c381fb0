package web

import (
	"encoding/xml"
	"net/http"
	"slices"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"masahe/internal/store/storetest"
)

// headLinks are a page's <link rel=alternate hreflang> as hreflang → href,
// and its canonical address.
func headLinks(doc *xhtml.Node) (alternates map[string]string, canonical string) {
	alternates = map[string]string{}
	for _, l := range findAll(doc, byTag("link")) {
		switch attrOf(l, "rel") {
		case "alternate":
			if h := attrOf(l, "hreflang"); h != "" {
				alternates[h] = attrOf(l, "href")
			}
		case "canonical":
			canonical = attrOf(l, "href")
		}
	}
	return alternates, canonical
}

// TestTranslatedArticles: /fil/articles/x shows the Filipino translation
// when there is one, linked with its English original; otherwise the
// English text marked lang="en" under a Filipino note. hreflang and the
// sitemap name only the languages an article is written in.
func TestTranslatedArticles(t *testing.T) {
	t.Parallel()
	const (
		translated   = "how-long-and-how-often"
		untranslated = "buying-on-instalments"
		base         = "http://example.com"
	)
	for name, dsn := range storetest.DSNs() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newStarterFixture(t, dsn(t))
			get := func(path string) *xhtml.Node {
				t.Helper()
				w := f.get(t, path, "")
				if w.Code != http.StatusOK {
					t.Fatalf("GET %s: %d", path, w.Code)
				}
				return parseHTML(t, w.Body.String())
			}

			// A translation.
			doc := get("/fil/articles/" + translated)
			h1 := findAll(doc, byTag("h1"))
			if len(h1) != 1 || textContent(h1[0]) != "Gaano katagal dapat ang isang masahe sa massage chair, at gaano kadalas?" || attrOf(h1[0], "lang") != "" {
				t.Errorf("the Filipino page's h1: %v", h1)
			}
			if html := findAll(doc, byTag("html")); attrOf(html[0], "lang") != "fil" {
				t.Errorf("html lang %q", attrOf(html[0], "lang"))
			}
			alt, canonical := headLinks(doc)
			if canonical != base+"/fil/articles/"+translated || alt["en"] != base+"/articles/"+translated || alt["fil"] != base+"/fil/articles/"+translated ||
				alt["x-default"] != base+"/articles/"+translated {
				t.Errorf("translation: canonical %s, alternates %v", canonical, alt)
			}
			if links := hrefs(doc); !slices.Contains(links, "/articles/"+translated) || !slices.Contains(links, "/fil/safety/triage") {
				t.Errorf("the translation should link its original and the Filipino triage: %v", links)
			}
			if body := findAll(doc, func(n *xhtml.Node) bool { return attrOf(n, "class") == "article-body" }); len(body) != 1 || attrOf(body[0], "lang") != "" ||
				!strings.Contains(textContent(body[0]), "minuto") {
				t.Errorf("the translation's body is not the Filipino text")
			}
			if alt, _ := headLinks(get("/articles/" + translated)); alt["fil"] != base+"/fil/articles/"+translated {
				t.Errorf("the English original does not name its translation: %v", alt)
			}

			// No translation: the English text under a Filipino note.
			doc = get("/fil/articles/" + untranslated)
			h1 = findAll(doc, byTag("h1"))
			if len(h1) != 1 || attrOf(h1[0], "lang") != "en" || !strings.HasPrefix(textContent(h1[0]), "Buying a massage chair on instalments") {
				t.Errorf("untranslated h1: %v", h1)
			}
			if body := findAll(doc, func(n *xhtml.Node) bool { return attrOf(n, "class") == "article-body" }); len(body) != 1 || attrOf(body[0], "lang") != "en" {
				t.Error("the English body is not marked lang=en")
			}
			notes := findAll(doc, func(n *xhtml.Node) bool {
				return attrOf(n, "class") == "note" && strings.Contains(textContent(n), "Wala pang salin sa Filipino")
			})
			if len(notes) != 1 || !slices.Contains(hrefs(notes[0]), "/articles/"+untranslated) {
				t.Errorf("no Filipino note linking the English page")
			}
			alt, canonical = headLinks(doc)
			if canonical != base+"/articles/"+untranslated || alt["fil"] != "" || alt["en"] != base+"/articles/"+untranslated {
				t.Errorf("untranslated: canonical %s, alternates %v", canonical, alt)
			}
			if alt, _ := headLinks(get("/articles/" + untranslated)); alt["fil"] != "" {
				t.Errorf("an untranslated article names a Filipino alternate: %v", alt)
			}
			// The language switch still leads to the Filipino page.
			if !slices.Contains(hrefs(get("/articles/"+untranslated)), "/fil/articles/"+untranslated) {
				t.Error("no language switch to the Filipino page")
			}

			// The Filipino list: Filipino titles where translated.
			doc = get("/fil/articles")
			cards := map[string]*xhtml.Node{}
			for _, h := range findAll(doc, func(n *xhtml.Node) bool {
				return n.Data == "h3" && n.Parent != nil && attrOf(n.Parent, "class") == "article-card"
			}) {
				if l := hrefs(h); len(l) == 1 {
					cards[l[0]] = h
				}
			}
			if h := cards["/fil/articles/"+translated]; h == nil || textContent(h) != "Gaano katagal dapat ang isang masahe sa massage chair, at gaano kadalas?" || attrOf(h, "lang") != "" {
				t.Errorf("the list's translated card: %v", h)
			}
			if h := cards["/fil/articles/"+untranslated]; h == nil || attrOf(h, "lang") != "en" {
				t.Errorf("the list's untranslated card is not marked lang=en: %v", h)
			}
			if !strings.Contains(textContent(doc), "Pinakabago muna") {
				t.Error("the Filipino list is not in Filipino")
			}

			// The sitemap.
			w := f.get(t, "/sitemap.xml", "")
			var set struct {
				URLs []struct {
					Loc   string `xml:"loc"`
					Links []struct {
						Hreflang string `xml:"hreflang,attr"`
						Href     string `xml:"href,attr"`
					} `xml:"link"`
				} `xml:"url"`
			}
			if err := xml.Unmarshal(w.Body.Bytes(), &set); err != nil {
				t.Fatal(err)
			}
			locs := map[string][]string{}
			for _, u := range set.URLs {
				for _, l := range u.Links {
					locs[u.Loc] = append(locs[u.Loc], l.Hreflang+"="+l.Href)
				}
			}
			wantTr := []string{"en=" + base + "/articles/" + translated, "fil=" + base + "/fil/articles/" + translated, "x-default=" + base + "/articles/" + translated}
			if !slices.Equal(locs[base+"/fil/articles/"+translated], wantTr) || !slices.Equal(locs[base+"/articles/"+translated], wantTr) {
				t.Errorf("sitemap of a translated article: %v", locs[base+"/fil/articles/"+translated])
			}
			if _, ok := locs[base+"/fil/articles/"+untranslated]; ok {
				t.Error("the sitemap lists the Filipino page of an untranslated article")
			}
			if got := locs[base+"/articles/"+untranslated]; len(got) != 2 {
				t.Errorf("sitemap of an untranslated article: %v, want en and x-default", got)
			}
		})
	}
}
