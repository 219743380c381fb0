package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/locale"
)

// TestFormWordsTranslated: the words the review pages build message IDs
// for from data (each rubric's criteria and uses, the aspects owners rate,
// the ways an owner knows a spec) are in every language, and the English
// catalog says exactly what the data says, so a criterion added or
// reworded in content fails here until both catalogs have it.
func TestFormWordsTranslated(t *testing.T) {
	t.Parallel()
	b, err := locale.NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{} // message ID → the data's English
	for _, rb := range content.PublishedRubrics() {
		for _, c := range rb.Criteria {
			want["rubric.criterion."+c.Key+".name"] = c.Name
			want["rubric.criterion."+c.Key+".label"] = c.Label
		}
		for _, u := range rb.Uses {
			want["rubric.use."+u.Key] = u.Label
		}
	}
	for _, s := range content.SubRatings {
		want["reviews.aspect."+s.Key] = s.Label
	}
	for _, o := range catalog.SubmissionHows {
		want["submit.how."+o.Value] = o.Label
	}
	if len(want) < 9*2+6+6+3 {
		t.Fatalf("only %d words collected", len(want))
	}
	var ids []string
	en, fil := b.Printer(locale.English), b.Printer(locale.Filipino)
	for id, text := range want {
		ids = append(ids, id)
		if got := en.T(id); got != text {
			t.Errorf("%s: the English catalog says %q, the data %q", id, got, text)
		}
		if fil.T(id) == "" || fil.T(id) == id {
			t.Errorf("%s has no Filipino", id)
		}
	}
	for _, p := range b.Check(ids...) {
		t.Error(p)
	}
}

// mainNode is the page's <main>.
func mainNode(t *testing.T, body string) *xhtml.Node {
	t.Helper()
	m := findAll(parseHTML(t, body), byTag("main"))
	if len(m) != 1 {
		t.Fatalf("%d <main> elements", len(m))
	}
	return m[0]
}

// pageWords are the text pieces of a page's <main> and its labelling
// attributes, each with its spaces folded. Text marked lang="en" inside a
// page in another language (the editors' English review text) is left
// out: it says it is English.
func pageWords(n *xhtml.Node, lang string) []string {
	var out []string
	add := func(s string) {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			out = append(out, s)
		}
	}
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			if l := attrOf(n, "lang"); l != "" && l != lang {
				return
			}
			for _, a := range []string{"aria-label", "title", "placeholder", "alt"} {
				add(attrOf(n, a))
			}
		}
		if n.Type == xhtml.TextNode {
			add(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

var wordRE = regexp.MustCompile(`\p{L}{2,}`)

// checkFilipino fails when the Filipino page still has a piece of English
// text from the English page: any piece found on both that keeps two or
// more words once the page's data (chair and member names, what members
// wrote) is taken out. One word alone may be what Filipinos say too
// ("Review", "Stretch"). It also fails on a link of the page's content that
// leaves /fil.
func checkFilipino(t *testing.T, target, en, fil string, data []string) {
	t.Helper()
	english := map[string]bool{}
	for _, s := range pageWords(mainNode(t, en), "en") {
		english[s] = true
	}
	mainFil := mainNode(t, fil)
	for _, s := range pageWords(mainFil, "fil") {
		if !english[s] {
			continue
		}
		rest := s
		for _, d := range data {
			rest = strings.ReplaceAll(rest, d, " ")
		}
		if words := wordRE.FindAllString(rest, -1); len(words) >= 2 {
			t.Errorf("%s: English left on the Filipino page: %q", target, s)
		}
	}
	links := 0
	for _, n := range findAll(mainFil, func(n *xhtml.Node) bool { return attrOf(n, "href") != "" || attrOf(n, "action") != "" }) {
		for _, u := range []string{attrOf(n, "href"), attrOf(n, "action")} {
			if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "/static/") {
				continue
			}
			links++
			if !strings.HasPrefix(u, "/fil/") {
				t.Errorf("%s: the link %s leaves Filipino", target, u)
			}
		}
	}
	if links == 0 {
		t.Errorf("%s: no link of the site's own in <main>", target)
	}
}

// TestReviewPagesInFilipino: an owner writes a review from a Filipino
// page and an editor moderates it there; every review, rubric, form and
// moderation page, English and Filipino side by side, shares no
// English sentence, and its links and forms stay under /fil/.
func TestReviewPagesInFilipino(t *testing.T) {
	t.Parallel()
	s := newReviewSite(t)
	ctx := context.Background()
	reviewed, owned := s.chairs[0], s.chairs[1]
	if err := s.st.SaveEditorialReview(ctx, testEditorial(t, reviewed.Slug, "2026-11-21", false, scoresA)); err != nil {
		t.Fatal(err)
	}
	text := "Tahimik at malambot, pero mabigat ilipat. My back feels better after a week."
	data := []string{text, "Malakas ang motor", "member", "editor", "other"}
	for _, c := range s.chairs {
		data = append(data, c.BrandName+" "+c.Name, c.FullName(), c.Name)
	}

	// The owner's review, from the Filipino form.
	form := reviewValues(4, text)
	form.Set("comfort", "5")
	form.Set("pros", "Malakas ang motor")
	w := s.post(t, "/fil/chairs/"+owned.Slug+"/review", form, s.tokens["member"])
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/fil/account/reviews?done=saved" {
		t.Fatalf("saving from /fil/: status %d, Location %q", w.Code, w.Header().Get("Location"))
	}
	fil := s.page(t, "member", "/fil/account/reviews?done=saved")
	if !strings.Contains(fil, "Salamat. Hinihintay ng review mo ang isang editor") || !strings.Contains(fil, "Hinihintay ang editor") {
		t.Error("/fil/account/reviews does not thank the owner in Filipino")
	}
	// A refused form answers in Filipino, the owner's words kept.
	bad := reviewValues(4, "Maikli.")
	w = s.post(t, "/fil/chairs/"+s.chairs[2].Slug+"/review", bad, s.tokens["member"])
	if w.Code != http.StatusBadRequest || formError(w.Body.String()) != "Sumulat ng 30 hanggang 5,000 titik tungkol sa upuan." {
		t.Errorf("a short review from /fil/: status %d, error %q", w.Code, formError(w.Body.String()))
	}
	mine, err := s.st.UserReview(ctx, owned.Slug, s.users["member"].ID)
	if err != nil {
		t.Fatal(err)
	}

	// The editor's queue is staff-only and English (docs/I18N.md): under
	// /fil/ it redirects, method kept, to the English address.
	w = s.post(t, fmt.Sprintf("/fil/admin/reviews/%d/reject", mine.ID), url.Values{}, s.tokens["editor"])
	if want := fmt.Sprintf("/admin/reviews/%d/reject", mine.ID); w.Code != http.StatusPermanentRedirect || w.Header().Get("Location") != want {
		t.Errorf("rejecting on /fil/: status %d, Location %q, want 308 to %s", w.Code, w.Header().Get("Location"), want)
	}
	pages := []struct{ who, target string }{
		{"", "/reviews"}, {"", "/reviews/rubric"}, {"", "/reviews/" + reviewed.Slug},
		{"member", "/chairs/" + owned.Slug + "/review"}, {"member", "/chairs/" + s.chairs[3].Slug + "/review"},
		{"member", "/account/reviews?done=saved"},
		{"member", "/chairs/" + owned.Slug + "/submit"},
	}
	check := func() {
		for _, p := range pages {
			en := s.page(t, p.who, p.target)
			fil := s.page(t, p.who, "/fil"+p.target)
			if !strings.Contains(fil, `<html lang="fil">`) {
				t.Errorf("/fil%s is not marked Filipino", p.target)
			}
			checkFilipino(t, p.target, en, fil, data)
		}
	}
	check()
	w = s.post(t, fmt.Sprintf("/admin/reviews/%d/publish", mine.ID), url.Values{}, s.tokens["editor"])
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/reviews" {
		t.Fatalf("publishing: status %d, Location %q", w.Code, w.Header().Get("Location"))
	}
	if got := s.status(t, mine.ID); got != content.Published {
		t.Fatalf("after publishing the review is %s", got)
	}
	// Reported once, the review is back in the queue, published.
	if w := s.post(t, fmt.Sprintf("/fil/reviews/%d/report", mine.ID), url.Values{"reason": {"Parang patalastas."}}, s.tokens["other"]); w.Code != http.StatusSeeOther ||
		w.Header().Get("Location") != "/fil/chairs/"+owned.Slug+"?reported=1#reviews" {
		t.Errorf("reporting on /fil/: status %d, Location %q", w.Code, w.Header().Get("Location"))
	}
	queue := s.page(t, "editor", "/admin/reviews")
	if !strings.Contains(queue, "Published, reported 1 time.") || !strings.Contains(queue, "Keep published") {
		t.Error("the queue does not show the review reported from a Filipino page")
	}
	// The published review's own form and the refused submission.
	check()
	w = s.post(t, "/fil/chairs/"+owned.Slug+"/submit", url.Values{"field": {"reclined_depth_cm"}, "value": {"9000"}, "how": {"measured"}}, s.tokens["member"])
	if w.Code != http.StatusBadRequest || !strings.Contains(formError(w.Body.String()), "Dapat numero mula 30 hanggang 300 cm") {
		t.Errorf("a refused submission on /fil/: status %d, error %q", w.Code, formError(w.Body.String()))
	}
}

// TestRubricPageFilipino: the rubric's criteria and uses are written in
// the page's language, the weights' names with them.
func TestRubricPageFilipino(t *testing.T) {
	t.Parallel()
	f := newEditorialFixture(t, Config{})
	body := f.page(t, "/fil/reviews/rubric", http.StatusOK)
	for _, want := range []string{"Rubric bersyon 1 (kasalukuyan)", "Abot: gaano kalaking bahagi ng katawan ang naaabot ng mga roller",
		"Ginhawa sa ibabang likod", "Abot 30% + Lalim 30% + Stretch 20% + Init 20%", "Inilathala noong <time datetime=\"2026-11-24\">24 Nobyembre 2026</time>"} {
		if !strings.Contains(body, want) {
			t.Errorf("/fil/reviews/rubric lacks %q", want)
		}
	}
	review := f.page(t, "/fil/reviews/"+f.chairA.Slug, http.StatusOK)
	for _, want := range []string{`<time datetime="2026-11-21">21 Nobyembre 2026</time>`, "Abot 8 × 30%", `href="/fil/reviews/rubric#rubric-1"`,
		`href="/fil/best/lower_back">Ginhawa sa ibabang likod</a>`} {
		if !strings.Contains(review, want) {
			t.Errorf("/fil/reviews/%s lacks %q", f.chairA.Slug, want)
		}
	}
}
