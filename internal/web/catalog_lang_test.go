package web

import (
	"encoding/json"
	"log/slog"
	"maps"
	"masahe/internal/content"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"masahe/data"
	"masahe/internal/catalog"
	"masahe/internal/locale"
)

// TestCatalogMessages: every label the catalog defines has a message in
// both languages, named after its key (catalogText): each field
// (spec.<key>), enum option (spec.<key>.<option>), field group, source
// kind, sort order, place kind and region; and the English message says
// what internal/catalog says, so the two cannot drift apart. A unit is a
// symbol (cm, kg, W), the same in every language, or a word the value
// writes with a plural message.
func TestCatalogMessages(t *testing.T) {
	t.Parallel()
	b, err := locale.NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	en, fil := catalogText{b.Printer(locale.English)}, catalogText{b.Printer(locale.Filipino)}
	same := func(id, got, want string) {
		if got != want {
			t.Errorf("%s: the English message says %q, internal/catalog %q", id, got, want)
		}
	}
	var ids []string
	for _, f := range catalog.Fields {
		ids = append(ids, "spec."+f.Key)
		same("spec."+f.Key, en.SpecLabel(f), f.Label)
		for _, o := range f.Options {
			ids = append(ids, "spec."+f.Key+"."+o.Value)
			same("spec."+f.Key+"."+o.Value, en.Option(f, o.Value), o.Label)
		}
		id, ok := specGroupIDs[f.Group]
		if !ok {
			t.Errorf("%s: the group %q has no message", f.Key, f.Group)
		}
		ids = append(ids, id)
		same(id, en.Group(f.Group), f.Group)
		switch f.Unit {
		case "", "cm", "kg", "W":
		case "months":
			if got := fil.SpecValue(f, catalog.Spec{Value: int64(24)}); got != "24 buwan" {
				t.Errorf("%s: 24 months in Filipino is %q", f.Key, got)
			}
		default:
			t.Errorf("%s: the unit %q has no words in the languages", f.Key, f.Unit)
		}
	}
	for _, k := range catalog.SourceKinds {
		ids = append(ids, "spec.source."+k.Value)
		same("spec.source."+k.Value, en.SourceNote(catalog.Source{Kind: k.Value}), catalog.Source{Kind: k.Value}.Note())
	}
	for _, o := range catalog.SortOptions {
		ids = append(ids, "catalog.sort."+o.Value)
		same("catalog.sort."+o.Value, en.T("catalog.sort."+o.Value), o.Label)
	}
	for _, o := range catalog.PlaceKinds {
		ids = append(ids, "places.kind."+o.Value)
		same("places.kind."+o.Value, en.T("places.kind."+o.Value), o.Label)
	}
	for _, r := range catalog.Regions {
		ids = append(ids, "places.region."+strings.ToLower(r.Code))
		same(r.Code, en.Region(r.Code), r.Name)
	}
	for _, p := range b.Check(ids...) {
		t.Error(p)
	}
	// The values a chair shows read the same as catalog.Chair.SpecText in
	// English, market versions included.
	c := catalog.Chair{Specs: map[string]catalog.Spec{"voltage": {Value: "110-120", Source: "s"}, "heat": {Value: false},
		"service_areas": {Value: []string{}}, "warranty_parts_months": {Value: int64(24)}},
		Sources: map[string]catalog.Source{"s": {Market: "US", Kind: catalog.KindOfficialDistributor}}}
	for _, f := range catalog.Fields {
		same(f.Key, en.ChairValue(c, f), c.SpecText(f))
	}
	same("note", en.SourceNote(c.Sources["s"]), c.Sources["s"].Note())
	months, _ := catalog.FieldByKey("warranty_labour_months")
	if got := en.SpecValue(months, catalog.Spec{Value: int64(1)}); got != "1 month" {
		t.Errorf("1 month in English is %q", got)
	}
	voltage, _ := catalog.FieldByKey("voltage")
	if got := fil.ChairValue(c, voltage); got != "Bersyon para sa US: 110–120 V" {
		t.Errorf("the US voltage in Filipino is %q", got)
	}
}

// TestCatalogPagesInFilipino renders each catalog page in English and in
// Filipino. Every sentence of this area's messages (home, catalog, chair,
// footprint, compare, prices, places, best, spec, drawing) that the English
// page shows and whose Filipino differs must be gone from the Filipino
// page; and every link and form of the Filipino page to a page of the site
// stays under /fil/, but for the language switch and the static files.
// The fit checks' lists are the fit package's words, not this area's, and
// are left out of the comparison.
func TestCatalogPagesInFilipino(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	sentences := areaSentences(t)
	chairs := f.doc.Chairs
	ogawa := slices.IndexFunc(chairs, func(c catalog.Chair) bool { return c.Brand == "ogawa" })
	bare := slices.IndexFunc(chairs, func(c catalog.Chair) bool { _, ok := c.Specs["upright_depth_cm"]; return !ok })
	reviewed, err := data.EditorialReviews()
	if err == nil {
		_, err = f.st.LoadStarterContent(t.Context(), nil, reviewed)
	}
	if ogawa < 0 || bare < 0 || err != nil || len(reviewed) == 0 {
		t.Fatalf("the starter data has no OGAWA chair, none without a published depth or no editorial review (%v)", err)
	}
	pages := []string{
		"/", "/chairs", "/chairs?q=zzqxv", "/chairs?sort=price_asc&heat=true&height_cm=170&compare=" + chairs[1].Slug,
		"/chairs/" + chairs[0].Slug, "/chairs/" + chairs[2].Slug, "/chairs/" + chairs[ogawa].Slug, "/chairs/" + chairs[bare].Slug,
		"/chairs/" + chairs[0].Slug + "/prices",
		"/compare", "/compare?chairs=" + chairs[0].Slug, "/compare?chairs=" + chairs[0].Slug + "," + chairs[2].Slug + "," + chairs[bare].Slug,
		"/compare?diff=1&chairs=" + chairs[0].Slug + "," + chairs[1].Slug,
		"/where-to-try", "/where-to-try?region=XI", "/where-to-try?region=I&kind=showroom",
		"/chairs/" + reviewed[0].Chair, "/best", bestPath(content.PublishedRubrics().Latest().Uses[0].Key),
	}
	for _, target := range pages {
		enPage, filPage := f.do(t, http.MethodGet, target), f.do(t, http.MethodGet, "/fil"+target)
		if enPage.Code != http.StatusOK || filPage.Code != http.StatusOK {
			t.Errorf("GET %s: status %d in English, %d in Filipino", target, enPage.Code, filPage.Code)
			continue
		}
		enDoc, filDoc := parseHTML(t, enPage.Body.String()), parseHTML(t, filPage.Body.String())
		enText, filText := pageText(enDoc), pageText(filDoc)
		checked := 0
		for _, s := range sentences {
			if !strings.Contains(enText, s.text) {
				continue
			}
			checked++
			if strings.Contains(filText, s.text) {
				t.Errorf("GET /fil%s: still says %q (%s)", target, s.text, s.id)
			}
		}
		if checked < 3 {
			t.Errorf("GET %s: only %d of the area's sentences found on the English page: the comparison is wrong", target, checked)
		}
		for _, l := range siteLinks(filDoc) {
			if !strings.HasPrefix(l, "/fil/") {
				t.Errorf("GET /fil%s: a link or form leaves Filipino: %s", target, l)
			}
		}
	}
}

// sentence is the literal text of a message between its placeholders.
type sentence struct{ id, text string }

// areaFiles are this area's catalog files.
var areaFiles = []string{"catalog", "chair", "compare", "prices", "places", "spec"}

// areaSentences are the pieces of this area's English messages, between
// placeholders, that read as text (two words or more) and that the
// Filipino message does not say too.
func areaSentences(t *testing.T) []sentence {
	t.Helper()
	verb := regexp.MustCompile(`%(\[\d+\])?[sd%]`)
	var out []sentence
	for _, name := range areaFiles {
		en, fil := readCatalogFile(t, "en", name), readCatalogFile(t, "fil", name)
		for id, texts := range en {
			for _, text := range texts {
				for _, piece := range verb.Split(text, -1) {
					piece = strings.TrimSpace(piece)
					if len(strings.Fields(piece)) < 2 || len(piece) < 10 ||
						slices.ContainsFunc(fil[id], func(f string) bool { return strings.Contains(f, piece) }) {
						continue
					}
					out = append(out, sentence{id, piece})
				}
			}
		}
	}
	if len(out) < 200 {
		t.Fatalf("only %d sentences in the area's messages", len(out))
	}
	return out
}

// readCatalogFile reads a catalog file's texts, each plural form one.
func readCatalogFile(t *testing.T, lang, name string) map[string][]string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "locale", "translations", lang, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(src, &raw); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for id, r := range raw {
		var text string
		if json.Unmarshal(r, &text) == nil {
			out[id] = []string{text}
			continue
		}
		var forms map[string]string
		if err := json.Unmarshal(r, &forms); err != nil {
			t.Fatalf("%s/%s: %s: %v", lang, name, id, err)
		}
		out[id] = slices.Collect(maps.Values(forms))
	}
	return out
}

// pageText is the words a reader meets in the page's main content: its
// text and its aria-label, title, placeholder and alt attributes, one
// line each, with the fit checks' lists left out.
func pageText(doc *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node, inMain bool)
	walk = func(n *html.Node, inMain bool) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "main":
				inMain = true
			case n.Data == "script" || n.Data == "style":
				return
			case n.Data == "ul" && (attrOf(n, "class") == "checks" || attrOf(n, "class") == "questions"):
				return
			}
			for _, a := range n.Attr {
				if inMain && slices.Contains([]string{"aria-label", "title", "placeholder", "alt"}, a.Key) {
					b.WriteString(a.Val + "\n")
				}
			}
		}
		if n.Type == html.TextNode && inMain {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inMain)
		}
	}
	walk(doc, false)
	return strings.Join(strings.Fields(b.String()), " ")
}

// siteLinks are the page's links (a href) and form actions to a page of
// the site, outside <head>, leaving out the language switch (a link with
// hreflang) and static files and feeds, which exist once.
func siteLinks(doc *html.Node) []string {
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "head" {
			return
		}
		if n.Type == html.ElementNode && attrOf(n, "hreflang") == "" {
			target := ""
			switch n.Data {
			case "a":
				target = attrOf(n, "href")
			case "form":
				target = attrOf(n, "action")
			}
			if strings.HasPrefix(target, "/") && !strings.HasPrefix(target, "//") && !strings.HasPrefix(target, "/static/") &&
				!strings.HasPrefix(target, "/media/") && target != "/feed.atom" {
				out = append(out, target)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}
