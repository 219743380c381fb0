package web

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"masahe/data"
	"masahe/internal/store/storetest"
)

// newStarterFixture is the whole site over the bundled catalog, articles,
// translations and editorial reviews, on the database db.
func newStarterFixture(t *testing.T, db string) *accountFixture {
	t.Helper()
	f := newAccountFixtureOn(t, db, Config{}, true)
	ctx := context.Background()
	articles, err := data.Articles()
	if err != nil {
		t.Fatal(err)
	}
	reviews, err := data.EditorialReviews()
	if err != nil {
		t.Fatal(err)
	}
	translations, err := data.Translations()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.LoadStarterContent(ctx, articles, reviews); err != nil {
		t.Fatal(err)
	}
	if n, err := f.st.LoadStarterTranslations(ctx, translations); err != nil || n != len(translations) {
		t.Fatalf("loaded %d of %d translations: %v", n, len(translations), err)
	}
	return f
}

// searchResults are the links a search page lists, by list: chairs,
// guides and articles.
type searchResults struct {
	chairs, guides, articles []string
	best                     []string // "best for" lists and their chairs
	titles                   []string // the articles' titles as shown
}

func search(t *testing.T, f *accountFixture, path, q string) searchResults {
	t.Helper()
	w := f.get(t, path+"?q="+url.QueryEscape(q), "")
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s?q=%s: %d", path, q, w.Code)
	}
	doc := parseHTML(t, w.Body.String())
	var res searchResults
	for id, dst := range map[string]*[]string{"search-results": &res.chairs, "best-results": &res.best, "guide-results": &res.guides, "article-results": &res.articles} {
		for _, list := range findAll(doc, byID(id)) {
			for _, h := range hrefs(list) {
				if !strings.Contains(h, "compare") && !strings.Contains(h, "#") {
					*dst = append(*dst, h)
				}
			}
		}
	}
	for _, list := range findAll(doc, byID("article-results")) {
		for _, h := range findAll(list, byTag("h3")) {
			res.titles = append(res.titles, textContent(h))
		}
	}
	return res
}

// TestSearchFilipino: the Filipino and Taglish queries, typos
// included, on both databases and in both languages of the page: each
// finds the advice article, safe-use guides and "best for" chairs it
// asks for, the best article first, shown in the page's language.
func TestSearchFilipino(t *testing.T) {
	t.Parallel()
	const (
		backArticle    = "over-massaging-your-back"
		seniorsArticle = "choosing-a-chair-for-seniors"
	)
	titles := map[string]map[string]string{
		"/search":     {backArticle: "Over-massaging your back: the risks, and what to do if it hurts afterwards", seniorsArticle: "Choosing a massage chair for lolo and lola"},
		"/fil/search": {backArticle: "Sobrang masahe sa likod: ang mga panganib, at ano ang gagawin kung masakit pagkatapos", seniorsArticle: "Pagpili ng massage chair para kay lolo at lola"},
	}
	tests := []struct {
		q       string
		article string // the first article listed
		best    string // a "best for" list shown, with its chairs
		guide   string // a guide listed ("" none asked)
	}{
		{"upuan para sa masakit na likod", backArticle, "lower_back", "after-a-painful-massage"},
		{"masakit ang likod", backArticle, "lower_back", "red-flags"},
		{"masakti ang likud", backArticle, "lower_back", "red-flags"}, // two typos
		{"upuwan para sa masakit na likod", backArticle, "lower_back", "after-a-painful-massage"},
		{"pang lola", seniorsArticle, "seniors_gentle", ""},
		{"pang-matanda", seniorsArticle, "seniors_gentle", ""},
		{"pang matanda", seniorsArticle, "seniors_gentle", ""},
		{"para sa lolo", seniorsArticle, "seniors_gentle", ""},
		{"para sa lollo", seniorsArticle, "seniors_gentle", ""}, // a typo
	}
	for name, dsn := range storetest.DSNs() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newStarterFixture(t, dsn(t))
			for _, tt := range tests {
				for _, path := range []string{"/search", "/fil/search"} {
					prefix := strings.TrimSuffix(path, "/search")
					r := search(t, f, path, tt.q)
					if len(r.articles) == 0 || r.articles[0] != prefix+"/articles/"+tt.article {
						t.Errorf("%s %q: articles %v, want %s first", path, tt.q, r.articles, tt.article)
					} else if r.titles[0] != titles[path][tt.article] {
						t.Errorf("%s %q: the article is shown as %q, want %q", path, tt.q, r.titles[0], titles[path][tt.article])
					}
					if !slices.Contains(r.best, prefix+"/best/"+tt.best) || !slices.ContainsFunc(r.best, func(h string) bool {
						return strings.HasPrefix(h, prefix+"/chairs/")
					}) {
						t.Errorf("%s %q: best-for results %v, want %s with its chairs", path, tt.q, r.best, tt.best)
					}
					if tt.guide != "" && !slices.Contains(r.guides, prefix+"/safety/"+tt.guide) {
						t.Errorf("%s %q: guides %v, want %s", path, tt.q, r.guides, tt.guide)
					}
				}
			}
		})
	}
}

// TestSearchGuides: the safe-use guides are searched in both languages
// and listed in the page's, by title, summary and page text.
func TestSearchGuides(t *testing.T) {
	t.Parallel()
	f := newStarterFixture(t, filepath.Join(t.TempDir(), "guides.db"))
	for _, tt := range []struct {
		path, q, first, title string
	}{
		{"/search", "red flags", "/safety/red-flags", "Red flags: when pain after a massage needs help"},
		{"/fil/search", "red flags", "/fil/safety/red-flags", "Mga babala: kailan kailangan ng tulong ang sakit pagkatapos ng masahe"},
		{"/search", "babala senyales", "/safety/red-flags", "Red flags: when pain after a massage needs help"},
		{"/fil/search", "pananakit", "/fil/safety/normal-soreness", "Karaniwang pananakit pagkatapos ng masahe"},
		{"/search", "tenderness stiffness", "/safety/normal-soreness", "Normal soreness after a massage"}, // page text only
	} {
		w := f.get(t, tt.path+"?q="+url.QueryEscape(tt.q), "")
		doc := parseHTML(t, w.Body.String())
		var got []string
		var first string
		for _, list := range findAll(doc, byID("guide-results")) {
			got = hrefs(list)
			if h := findAll(list, byTag("h3")); len(h) > 0 {
				first = textContent(h[0])
			}
		}
		if len(got) == 0 || got[0] != tt.first || first != tt.title {
			t.Errorf("%s %q: guides %v, first titled %q; want %s, %q", tt.path, tt.q, got, first, tt.first, tt.title)
		}
	}
	if r := search(t, f, "/search", "gossip"); len(r.guides) != 0 {
		t.Errorf("an unrelated word lists guides %v", r.guides)
	}
}
