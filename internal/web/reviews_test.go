// This file is over 600 lines on purpose: it holds owner reviews from the form to moderation and rating, over one review fixture.
// Splitting it would scatter one fixture across files.

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"

	"masahe/internal/account"
	"masahe/internal/catalog"
	"masahe/internal/content"
)

// reviewSite is the account fixture with the starter catalog, a member,
// a second member and an editor, each signed in.
type reviewSite struct {
	*accountFixture
	users  map[string]account.User // by name: member, other, third, editor
	tokens map[string]string       // their session tokens
	chairs []catalog.Chair         // every chair, by name
}

func newReviewSite(t *testing.T) *reviewSite {
	t.Helper()
	// Sessions outlive the hours these tests move the clock by.
	f := newAccountFixture(t, Config{SessionIdle: 12 * time.Hour, SessionLifetime: 24 * time.Hour}, true)
	s := &reviewSite{accountFixture: f, users: map[string]account.User{}, tokens: map[string]string{}}
	hash := testHash(t)
	for _, p := range []struct {
		name string
		role account.Role
	}{{"member", account.Member}, {"other", account.Member}, {"third", account.Member}, {"editor", account.Editor}} {
		email := p.name + "@example.ph"
		s.users[p.name] = f.addUser(t, email, p.role, hash)
		s.tokens[p.name] = f.login(t, email, testPassword, "")
	}
	page, err := f.st.ListChairs(context.Background(), catalog.Filter{Sort: catalog.SortName, Page: 1, PerPage: catalog.MaxPerPage})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Chairs) < 8 {
		t.Fatalf("only %d chairs in the starter catalog", len(page.Chairs))
	}
	s.chairs = page.Chairs
	return s
}

// reviewValues is a valid review form.
func reviewValues(overall int, text string) url.Values {
	return url.Values{"overall": {fmt.Sprint(overall)}, "months_owned": {"9"}, "text": {text}, "website": {""}}
}

// saveVia posts a review form as who and returns the response.
func (s *reviewSite) saveVia(t *testing.T, who, slug string, form url.Values) (int, string, string) {
	t.Helper()
	w := s.post(t, "/chairs/"+slug+"/review", form, s.tokens[who])
	return w.Code, w.Header().Get("Location"), w.Body.String()
}

// mustSave posts a valid review as who and requires the redirect to the
// member's reviews; it returns the review's id.
func (s *reviewSite) mustSave(t *testing.T, who, slug string, form url.Values) int64 {
	t.Helper()
	code, loc, body := s.saveVia(t, who, slug, form)
	if code != http.StatusSeeOther || loc != "/account/reviews?done=saved" {
		t.Fatalf("%s saving a review of %s: status %d, Location %q; body %.400s", who, slug, code, loc, body)
	}
	r, err := s.st.UserReview(context.Background(), slug, s.users[who].ID)
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// moderate posts an editor's decision as who.
func (s *reviewSite) moderate(t *testing.T, who string, id int64, action, reason string) (int, string) {
	t.Helper()
	form := url.Values{}
	if reason != "" {
		form.Set("reason", reason)
	}
	w := s.post(t, fmt.Sprintf("/admin/reviews/%d/%s", id, action), form, s.tokens[who])
	return w.Code, w.Body.String()
}

func (s *reviewSite) mustPublish(t *testing.T, id int64) {
	t.Helper()
	if code, body := s.moderate(t, "editor", id, "publish", ""); code != http.StatusSeeOther {
		t.Fatalf("publish %d: status %d, body %.400s", id, code, body)
	}
}

// page gets target as who (anonymous for "") and requires a 200.
func (s *reviewSite) page(t *testing.T, who, target string) string {
	t.Helper()
	w := s.get(t, target, s.tokens[who])
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s as %q: status %d, body %.400s", target, who, w.Code, w.Body)
	}
	return w.Body.String()
}

func (s *reviewSite) status(t *testing.T, id int64) content.ReviewStatus {
	t.Helper()
	r, err := s.st.Review(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r.Status
}

// reviewsSection is the owners' reviews part of a chair page.
func reviewsSection(page string) string {
	return section(page, `<h2 id="reviews">`, `<h2>Sources</h2>`)
}

func TestReviewFormNeedsMember(t *testing.T) {
	t.Parallel()
	s := newReviewSite(t)
	c := s.chairs[0]
	w := s.get(t, "/chairs/"+c.Slug+"/review", "")
	if want := "/login?next=%2Fchairs%2F" + c.Slug + "%2Freview"; w.Code != http.StatusSeeOther || w.Header().Get("Location") != want {
		t.Errorf("anonymous GET of the form: status %d, Location %q; want 303 to %q", w.Code, w.Header().Get("Location"), want)
	}
	if w := s.post(t, "/chairs/"+c.Slug+"/review", reviewValues(4, "Anonymous people cannot post reviews at all, ever."), ""); w.Code != http.StatusUnauthorized {
		t.Errorf("anonymous POST of a review: status %d, want 401", w.Code)
	}
	if n := s.count(t, "SELECT COUNT(*) FROM reviews"); n != 0 {
		t.Errorf("%d reviews after an anonymous post", n)
	}
	body := s.page(t, "member", "/chairs/"+c.Slug+"/review")
	for _, want := range []string{
		"Review the " + html.EscapeString(c.BrandName+" "+c.Name),
		`action="/chairs/` + c.Slug + `/review"`, `name="overall"`, `name="months_owned"`, `name="text"`, `name="pros"`, `name="cons"`,
		`name="website"`, `name="comfort"`, `name="after_sales"`, "Send for review",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the review form lacks %q", want)
		}
	}
	if strings.Contains(body, "Saving an edit") || strings.Contains(body, "/review/delete") {
		t.Errorf("a new review's form offers editing or deleting")
	}
	if w := s.get(t, "/chairs/no-such-chair/review", s.tokens["member"]); w.Code != http.StatusNotFound {
		t.Errorf("form for an unknown chair: status %d, want 404", w.Code)
	}
	if code, _, _ := s.saveVia(t, "member", "no-such-chair", reviewValues(4, "A review of a chair that does not exist anywhere.")); code != http.StatusNotFound {
		t.Errorf("POST for an unknown chair: status %d, want 404", code)
	}
}

func TestReviewFormErrorsKeepValues(t *testing.T) {
	t.Parallel()
	s := newReviewSite(t)
	slug := s.chairs[0].Slug
	typed := `My "favourite" chair <3 & more; it is quiet and kind to my back.`
	cases := []struct {
		name    string
		form    url.Values
		message string
	}{
		{"no overall rating", url.Values{"months_owned": {"14"}, "text": {typed}, "pros": {"Quiet & soft"}, "cons": {"Big"}, "comfort": {"4"}},
			"Choose an overall rating from 1 to 5."},
		{"overall 6", url.Values{"overall": {"6"}, "months_owned": {"14"}, "text": {typed}, "pros": {"Quiet & soft"}, "cons": {"Big"}, "comfort": {"4"}},
			"Choose an overall rating from 1 to 5."},
		{"sub-rating 9", url.Values{"overall": {"3"}, "months_owned": {"14"}, "text": {typed}, "pros": {"Quiet & soft"}, "cons": {"Big"}, "comfort": {"9"}},
			"Rate “Comfort” with a whole number from 1 to 5, or leave it empty."},
		{"months 361", url.Values{"overall": {"3"}, "months_owned": {"361"}, "text": {typed}, "pros": {"Quiet & soft"}, "cons": {"Big"}, "comfort": {"4"}},
			"Say how many months you have owned the chair: a whole number from 0 to 360."},
		{"text too short", url.Values{"overall": {"3"}, "months_owned": {"14"}, "text": {"Too short."}, "pros": {"Quiet & soft"}, "cons": {"Big"}, "comfort": {"4"}},
			"Write 30 to 5,000 characters about the chair."},
		{"honeypot", url.Values{"overall": {"3"}, "months_owned": {"14"}, "text": {typed}, "pros": {"Quiet & soft"}, "cons": {"Big"}, "comfort": {"4"}, "website": {"http://spam.example"}},
			"The form was filled in by a program, not a person."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, body := s.saveVia(t, "member", slug, c.form)
			if code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400; body %.400s", code, body)
			}
			if got := formError(body); got != c.message {
				t.Errorf("form error %q, want %q", got, c.message)
			}
			if c.name == "honeypot" {
				return
			}
			// What the member typed is still in the form, escaped.
			for _, want := range []string{
				">" + html.EscapeString(c.form.Get("text")) + "</textarea>",
				`value="` + html.EscapeString(c.form.Get("months_owned")) + `"`,
				`value="Quiet &amp; soft"`, `value="Big"`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("the form lost what was typed: no %q", want)
				}
			}
			if c.form.Get("comfort") == "4" && !strings.Contains(body, `name="comfort" value="4" checked`) {
				t.Errorf("the comfort rating is no longer checked")
			}
			if c.form.Get("overall") == "3" && !strings.Contains(body, `name="overall" value="3" checked`) {
				t.Errorf("the overall rating is no longer checked")
			}
		})
	}
	if n := s.count(t, "SELECT COUNT(*) FROM reviews"); n != 0 {
		t.Errorf("%d reviews saved from refused forms", n)
	}
}

func TestReviewRateLimit(t *testing.T) {
	t.Parallel()
	s := newReviewSite(t)
	text := "A perfectly ordinary review of a chair I have owned for a while."
	for i := range 5 {
		s.mustSave(t, "member", s.chairs[i].Slug, reviewValues(4, text))
		s.clk.Advance(time.Minute)
	}
	// The sixth within the hour: refused, and the form kept.
	w := s.post(t, "/chairs/"+s.chairs[5].Slug+"/review", reviewValues(4, text), s.tokens["member"])
	if w.Code != http.StatusTooManyRequests {
		t.Fatalf("sixth review within an hour: status %d, want 429", w.Code)
	}
	if ra := w.Header().Get("Retry-After"); ra != "3600" {
		t.Errorf("Retry-After %q, want 3600", ra)
	}
	if msg := formError(w.Body.String()); !strings.Contains(msg, "You have written 5 reviews in the last hour") {
		t.Errorf("form error %q, want it to say the member wrote 5 reviews in the last hour", msg)
	}
	if !strings.Contains(w.Body.String(), html.EscapeString(text)+"</textarea>") {
		t.Errorf("the refused form lost its text")
	}
	if n := s.count(t, "SELECT COUNT(*) FROM reviews"); n != 5 {
		t.Errorf("%d reviews saved, want 5", n)
	}
	// Editing one of the five is a save too.
	if code, _, _ := s.saveVia(t, "member", s.chairs[0].Slug, reviewValues(2, text)); code != http.StatusTooManyRequests {
		t.Errorf("editing a review after five saves within the hour: status %d, want 429", code)
	}
	// Other members are not limited.
	s.mustSave(t, "other", s.chairs[5].Slug, reviewValues(4, text))

	// An hour after the first save, one more is allowed.
	s.clk.Advance(time.Hour - 5*time.Minute + time.Second)
	s.mustSave(t, "member", s.chairs[5].Slug, reviewValues(4, text))
	if code, _, _ := s.saveVia(t, "member", s.chairs[6].Slug, reviewValues(4, text)); code != http.StatusTooManyRequests {
		t.Errorf("a second one a minute later: status %d, want 429 (four of the first five are under an hour old)", code)
	}
}

func TestReviewEditAndDelete(t *testing.T) {
	t.Parallel()
	s := newReviewSite(t)
	slug := s.chairs[1].Slug
	const text = "Secret words of the member's review that only they may see here."
	form := reviewValues(5, text)
	form.Set("comfort", "2")
	form.Set("pros", "Strong rollers")
	id := s.mustSave(t, "member", slug, form)

	mine := s.page(t, "member", "/account/reviews?done=saved")
	if !strings.Contains(mine, "Waiting for an editor") || !strings.Contains(mine, `href="/chairs/`+slug+`/review"`) ||
		!strings.Contains(mine, "Your review waits for an editor") {
		t.Errorf("the member's reviews page does not list the review as waiting: %.2000s", mine)
	}

	// The member's form shows their review, ready to edit.
	edit := s.page(t, "member", "/chairs/"+slug+"/review")
	for _, want := range []string{"Edit your review", "Saving an edit sends it back", html.EscapeString(text), `value="Strong rollers"`,
		`name="overall" value="5" checked`, `name="comfort" value="2" checked`, `value="9"`, "/chairs/" + slug + "/review/delete", "Save and resubmit"} {
		if !strings.Contains(edit, want) {
			t.Errorf("the edit form lacks %q", want)
		}
	}
	// Another member sees an empty form: not the member's review.
	theirs := s.page(t, "other", "/chairs/"+slug+"/review")
	if strings.Contains(theirs, html.EscapeString(text)) || strings.Contains(theirs, "Saving an edit") || strings.Contains(theirs, "Strong rollers") ||
		strings.Contains(theirs, " checked") || strings.Contains(theirs, "/review/delete") {
		t.Errorf("another member's form shows the member's review")
	}
	if strings.Contains(s.page(t, "other", "/account/reviews"), slug) {
		t.Errorf("another member's reviews page lists the member's review")
	}
	// Nor can they delete it: they have no review of the chair.
	if w := s.post(t, "/chairs/"+slug+"/review/delete", url.Values{}, s.tokens["other"]); w.Code != http.StatusNotFound {
		t.Errorf("another member deleting: status %d, want 404", w.Code)
	}

	// Publish, then edit: the edit goes back to the editors.
	s.mustPublish(t, id)
	if s.status(t, id) != content.Published {
		t.Fatal("not published")
	}
	if id2 := s.mustSave(t, "member", slug, reviewValues(3, text+" Edited.")); id2 != id {
		t.Errorf("the edit made review %d, want %d", id2, id)
	}
	if got := s.status(t, id); got != content.Pending {
		t.Errorf("status after an edit %s, want pending", got)
	}
	if n := s.count(t, "SELECT COUNT(*) FROM reviews WHERE user_id = ?", s.users["member"].ID); n != 1 {
		t.Errorf("%d reviews by the member, want 1", n)
	}
	if w := s.get(t, "/chairs/"+slug+"/review", s.tokens["member"]); !strings.Contains(w.Body.String(), "Your review waits for an editor") {
		t.Errorf("the edit form does not say the review is pending again")
	}

	// Delete own.
	w := s.post(t, "/chairs/"+slug+"/review/delete", url.Values{}, s.tokens["member"])
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/account/reviews?done=deleted" {
		t.Fatalf("delete: status %d, Location %q", w.Code, w.Header().Get("Location"))
	}
	if n := s.count(t, "SELECT COUNT(*) FROM reviews"); n != 0 {
		t.Errorf("%d reviews after deleting", n)
	}
	if page := s.page(t, "member", "/account/reviews?done=deleted"); !strings.Contains(page, "Your review is deleted.") || !strings.Contains(page, "You have not reviewed a chair yet") {
		t.Errorf("the reviews page after deleting: %.1500s", page)
	}
	if w := s.post(t, "/chairs/"+slug+"/review/delete", url.Values{}, s.tokens["member"]); w.Code != http.StatusNotFound {
		t.Errorf("deleting again: status %d, want 404", w.Code)
	}
}

func TestReviewReport(t *testing.T) {
	t.Parallel()
	s := newReviewSite(t)
	slug := s.chairs[2].Slug
	published := s.mustSave(t, "member", slug, reviewValues(5, "The best purchase of my life, buy it now from my cousin's shop."))
	s.mustPublish(t, published)
	pending := s.mustSave(t, "other", s.chairs[3].Slug, reviewValues(3, "A fair chair for the money; the calf rollers are weak though."))

	report := func(who string, id any, reason string) (int, string, string) {
		t.Helper()
		w := s.post(t, fmt.Sprintf("/reviews/%v/report", id), url.Values{"reason": {reason}}, s.tokens[who])
		return w.Code, w.Header().Get("Location"), w.Body.String()
	}
	if code, _, body := report("member", published, "Reporting myself."); code != http.StatusForbidden || !strings.Contains(body, "You cannot report your own review") {
		t.Errorf("reporting one's own review: status %d, want 403 with the reason; body %.300s", code, body)
	}
	if code, _, _ := report("member", pending, "Not published yet."); code != http.StatusNotFound {
		t.Errorf("reporting a pending review: status %d, want 404", code)
	}
	if code, _, _ := report("other", 999999, "Unknown."); code != http.StatusNotFound {
		t.Errorf("reporting an unknown review: status %d, want 404", code)
	}
	if code, _, _ := report("other", "abc", "Not a number."); code != http.StatusNotFound {
		t.Errorf("reporting review abc: status %d, want 404", code)
	}
	if code, _, _ := report("", published, "Anonymous."); code != http.StatusUnauthorized {
		t.Errorf("an anonymous report: status %d, want 401", code)
	}
	for _, reason := range []string{"", "   ", strings.Repeat("x", 501)} {
		code, _, body := report("other", published, reason)
		if code != http.StatusBadRequest || !strings.Contains(body, "Say in up to 500 characters what is wrong with the review.") {
			t.Errorf("reporting with reason of %d characters: status %d, want 400 with the message; body %.300s", len(reason), code, body)
		}
	}
	if n := s.count(t, "SELECT COUNT(*) FROM review_reports"); n != 0 {
		t.Fatalf("%d reports after refused ones", n)
	}
	if strings.Contains(s.page(t, "editor", "/admin/reviews"), fmt.Sprintf("/admin/reviews/%d/", published)) {
		t.Errorf("the unreported published review is in the queue")
	}

	code, loc, _ := report("other", published, "It is an advertisement for a shop.")
	if code != http.StatusSeeOther || loc != "/chairs/"+slug+"?reported=1#reviews" {
		t.Fatalf("report: status %d, Location %q", code, loc)
	}
	if page := s.page(t, "other", "/chairs/"+slug+"?reported=1"); !strings.Contains(page, "an editor will look at the review you reported") {
		t.Errorf("the chair page does not thank the reporter")
	}
	// A second report by the same member is taken but counts once.
	if code, _, _ := report("other", published, "Again."); code != http.StatusSeeOther {
		t.Errorf("a second report: status %d, want 303", code)
	}
	queue := s.page(t, "editor", "/admin/reviews")
	for _, want := range []string{fmt.Sprintf("/admin/reviews/%d/publish", published), "Published, reported 1 time.", "Keep published",
		fmt.Sprintf("/admin/reviews/%d/publish", pending), "buy it now from my cousin"} {
		if !strings.Contains(queue, want) {
			t.Errorf("the moderation queue lacks %q", want)
		}
	}
	code, loc, _ = report("third", published, "Spam.")
	if code != http.StatusSeeOther {
		t.Fatalf("third member's report: status %d", code)
	}
	if queue := s.page(t, "editor", "/admin/reviews"); !strings.Contains(queue, "Published, reported 2 times.") {
		t.Errorf("the queue does not count two reports")
	}
	// Keeping it published clears the reports.
	s.mustPublish(t, published)
	if queue := s.page(t, "editor", "/admin/reviews"); strings.Contains(queue, fmt.Sprintf("/admin/reviews/%d/", published)) {
		t.Errorf("the kept review is still in the queue")
	}
	if s.status(t, published) != content.Published {
		t.Errorf("the kept review is not published")
	}
}

func TestModerationNeedsEditor(t *testing.T) {
	t.Parallel()
	s := newReviewSite(t)
	id := s.mustSave(t, "member", s.chairs[0].Slug, reviewValues(4, "Members cannot publish their own reviews, nor anyone's."))
	for _, who := range []string{"member", "other"} {
		if w := s.get(t, "/admin/reviews", s.tokens[who]); w.Code != http.StatusForbidden {
			t.Errorf("%s GET /admin/reviews: status %d, want 403", who, w.Code)
		}
		for _, action := range []string{"publish", "reject"} {
			if code, _ := s.moderate(t, who, id, action, "I say so."); code != http.StatusForbidden {
				t.Errorf("%s %s: status %d, want 403", who, action, code)
			}
		}
	}
	if w := s.get(t, "/admin/reviews", ""); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login?next=%2Fadmin%2Freviews" {
		t.Errorf("anonymous GET /admin/reviews: status %d, Location %q", w.Code, w.Header().Get("Location"))
	}
	if code, _ := s.moderate(t, "", id, "publish", ""); code != http.StatusUnauthorized {
		t.Errorf("anonymous publish: status %d, want 401", code)
	}
	if got := s.status(t, id); got != content.Pending {
		t.Fatalf("status %s after refused moderation, want pending", got)
	}
	queue := s.page(t, "editor", "/admin/reviews")
	if !strings.Contains(queue, "Members cannot publish their own reviews") || !strings.Contains(queue, "Waiting since") {
		t.Errorf("the editor's queue lacks the pending review")
	}
	// Rejecting needs a reason, which the page says.
	for _, reason := range []string{"", strings.Repeat("r", 501)} {
		code, body := s.moderate(t, "editor", id, "reject", reason)
		if code != http.StatusBadRequest || formError(body) != "Give the author a reason for the rejection (up to 500 characters)." {
			t.Errorf("reject with a %d-character reason: status %d, form error %q", len(reason), code, formError(body))
		}
	}
	if code, _ := s.moderate(t, "editor", id, "frobnicate", ""); code != http.StatusNotFound {
		t.Errorf("unknown action: status %d, want 404", code)
	}
	if code, _ := s.moderate(t, "editor", 999999, "publish", ""); code != http.StatusNotFound {
		t.Errorf("unknown review: status %d, want 404", code)
	}
	if got := s.status(t, id); got != content.Pending {
		t.Fatalf("status %s after refused moderation, want pending", got)
	}
	const reason = "Please describe the chair itself & not the shop."
	if code, body := s.moderate(t, "editor", id, "reject", reason); code != http.StatusSeeOther {
		t.Fatalf("reject: status %d, body %.300s", code, body)
	}
	if got := s.status(t, id); got != content.Rejected {
		t.Errorf("status %s, want rejected", got)
	}
	mine := s.page(t, "member", "/account/reviews")
	if !strings.Contains(mine, "Not published: "+html.EscapeString(reason)) {
		t.Errorf("the author does not see %q: %.1500s", "Not published: "+reason, section(mine, "<table", "</table>"))
	}
	if form := s.page(t, "member", "/chairs/"+s.chairs[0].Slug+"/review"); !strings.Contains(form, html.EscapeString(reason)) {
		t.Errorf("the edit form does not show the editor's reason")
	}
	if strings.Contains(s.page(t, "editor", "/admin/reviews"), "Members cannot publish their own reviews") {
		t.Errorf("the rejected review is still in the queue")
	}
}

// ratingFigures is what the pages must show for a chair: sum and count of
// its ratings and the site mean.
func ratingFigures(sum, count int, mean float64) (bayesian, average float64) {
	return (float64(content.PriorWeight)*mean + float64(sum)) / float64(content.PriorWeight+count), float64(sum) / float64(count)
}

var cardSlugRE = regexp.MustCompile(`<a class="chair-link" href="/chairs/([^"]+)"`)

// TestPublishedReviewsShow: after publishing, the chair page, the catalog
// and the API show the reviews and the Bayesian rating; pending ones show
// nowhere.
func TestPublishedReviewsShow(t *testing.T) {
	t.Parallel()
	s := newReviewSite(t)
	// x: 5 and 4; y: 2. Site mean 11/3. x: (5×11/3 + 9)/7 ≈ 3.905, shown
	// 3.9 (own average 4.5); y: (5×11/3 + 2)/6 ≈ 3.389, shown 3.4.
	x, y := s.chairs[len(s.chairs)-1], s.chairs[len(s.chairs)-2]
	before := s.page(t, "", "/chairs/"+x.Slug)
	if !strings.Contains(reviewsSection(before), "No owner has reviewed this chair yet.") {
		t.Errorf("an unreviewed chair's page: %s", reviewsSection(before))
	}

	form := reviewValues(5, "Works *wonders* on my shoulders after night shifts at the call centre.")
	form.Set("comfort", "5")
	form.Set("after_sales", "2")
	form.Set("pros", "Strong shoulder rollers")
	form.Set("cons", "Slow service centre")
	a := s.mustSave(t, "member", x.Slug, form)
	b := s.mustSave(t, "other", x.Slug, reviewValues(4, "Good chair; a bit loud at the highest intensity setting though."))
	c := s.mustSave(t, "other", y.Slug, reviewValues(2, "Too short for me at 183 cm; the neck rollers hit my shoulders."))
	pending := s.mustSave(t, "third", x.Slug, reviewValues(1, "This pending review must show nowhere until an editor publishes it."))

	// Before publishing, nothing shows.
	s.clk.Advance(2 * time.Second)
	if strings.Contains(s.page(t, "", "/chairs/"+x.Slug), "Works <em>wonders</em>") {
		t.Errorf("a pending review shows on the chair page")
	}
	for _, id := range []int64{a, b, c} {
		s.mustPublish(t, id)
	}
	// The chair page is cached until the catalog version is checked again,
	// at most a second later.
	s.clk.Advance(2 * time.Second)
	page := s.page(t, "", "/chairs/"+x.Slug)
	reviews := reviewsSection(page)
	bx, ax := ratingFigures(9, 2, 11.0/3)
	if ax != 4.5 {
		t.Fatalf("own average %v", ax)
	}
	by, _ := ratingFigures(2, 1, 11.0/3)
	if math.Abs(bx-3.905) > 0.001 || math.Abs(by-3.389) > 0.001 {
		t.Fatalf("figures %v %v", bx, by)
	}
	for _, want := range []string{
		`<p class="rating-summary"><span class="stars">★ 3.9</span> 3.9 out of 5 from 2 owners (their own average: 4.5).</p>`,
		"Bayesian average", "plus 5 imaginary ratings at the site&#39;s average",
		"Works <em>wonders</em> on my shoulders", "5 out of 5 from member", "4 out of 5 from other",
		"Owned for 9 months", "Comfort: 5/5", "After-sales service: 2/5",
		"<strong>Pros:</strong> Strong shoulder rollers", "<strong>Cons:</strong> Slow service centre",
		fmt.Sprintf(`action="/reviews/%d/report"`, a), "published 24 November 2026",
	} {
		if !strings.Contains(reviews, want) {
			t.Errorf("the chair page's reviews lack %q", want)
		}
	}
	if strings.Contains(page, "This pending review") || strings.Contains(page, "from third") {
		t.Errorf("the pending review shows on the chair page")
	}
	if yp := s.page(t, "", "/chairs/"+y.Slug); !strings.Contains(yp, "★ 3.4</span> 3.4 out of 5 from 1 owner (their own average: 2.0).") {
		t.Errorf("the second chair's rating summary: %s", section(yp, `<p class="rating-summary">`, "</p>"))
	}

	// The catalog sorted by rating puts x first, with its rating on the card.
	list := s.page(t, "", "/chairs?sort=rating")
	m := cardSlugRE.FindAllStringSubmatch(list, -1)
	if len(m) == 0 || m[0][1] != x.Slug {
		t.Errorf("/chairs?sort=rating: first card %v, want %s", m[:min(len(m), 3)], x.Slug)
	}
	card := section(list, `href="/chairs/`+x.Slug+`"`, "</li>")
	if !strings.Contains(card, `<span class="stars">★ 3.9</span> <span class="muted">from 2 owners</span>`) {
		t.Errorf("x's card lacks its rating: %s", card)
	}
	// Unrated chairs sit at the site mean (3.67): above y at 3.4.
	last := m[len(m)-1][1]
	if total := len(s.chairs); len(m) >= total && last != y.Slug {
		t.Errorf("/chairs?sort=rating: last card %s, want %s, the only chair below the site mean", last, y.Slug)
	}
	if byName := s.page(t, "", "/chairs?sort=name&per_page=100"); !strings.Contains(section(byName, `href="/chairs/`+y.Slug+`"`, "</li>"), "★ 3.4</span> <span class=\"muted\">from 1 owner</span>") {
		t.Errorf("y's card in the name order lacks its rating")
	}

	// The API: only published reviews, the rating and sanitized HTML.
	w := s.get(t, "/api/v1/chairs/"+x.Slug+"/reviews", "")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("API: status %d, Content-Type %q", w.Code, w.Header().Get("Content-Type"))
	}
	var out struct {
		Chair  string `json:"chair"`
		Rating struct {
			Count    *int     `json:"count"`
			Average  *float64 `json:"average"`
			Bayesian *float64 `json:"bayesian_average"`
			SiteMean *float64 `json:"site_mean"`
			Prior    *int     `json:"prior_weight"`
		} `json:"rating"`
		Items []struct {
			ID          int64          `json:"id"`
			Author      string         `json:"author"`
			Overall     int            `json:"overall"`
			Ratings     map[string]int `json:"ratings"`
			MonthsOwned int            `json:"months_owned"`
			Text        string         `json:"text"`
			HTML        string         `json:"html"`
			Pros        string         `json:"pros"`
			Cons        string         `json:"cons"`
			PublishedAt time.Time      `json:"published_at"`
		} `json:"items"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatalf("%v in %s", err, w.Body)
	}
	r := out.Rating
	if r.Count == nil || r.Average == nil || r.Bayesian == nil || r.SiteMean == nil || r.Prior == nil {
		t.Fatalf("rating %s lacks a field", w.Body)
	}
	if out.Chair != x.Slug || *r.Count != 2 || *r.Prior != 5 || math.Abs(*r.Average-4.5) > 1e-9 ||
		math.Abs(*r.SiteMean-11.0/3) > 1e-9 || math.Abs(*r.Bayesian-bx) > 1e-9 {
		t.Errorf("API rating = count %d, average %v, bayesian %v, site mean %v, prior %d; want 2, 4.5, %v, %v, 5",
			*r.Count, *r.Average, *r.Bayesian, *r.SiteMean, *r.Prior, bx, 11.0/3)
	}
	if len(out.Items) != 2 {
		t.Fatalf("API items: %d, want the 2 published reviews; body %s", len(out.Items), w.Body)
	}
	for _, it := range out.Items {
		if it.ID == pending || it.Author == "third" {
			t.Errorf("the API lists the pending review")
		}
		if it.PublishedAt.IsZero() {
			t.Errorf("item %d has no published_at", it.ID)
		}
		if it.ID == a {
			if it.Author != "member" || it.Overall != 5 || it.MonthsOwned != 9 || it.Ratings["comfort"] != 5 || it.Ratings["after_sales"] != 2 ||
				it.Pros != "Strong shoulder rollers" || it.Cons != "Slow service centre" || !strings.Contains(it.HTML, "<em>wonders</em>") || it.Text != form.Get("text") {
				t.Errorf("API item = %+v", it)
			}
		}
	}
	// An unreviewed chair answers with an empty list at the site mean.
	w = s.get(t, "/api/v1/chairs/"+s.chairs[0].Slug+"/reviews", "")
	if body := w.Body.String(); w.Code != http.StatusOK || !strings.Contains(body, `"items":[]`) || !strings.Contains(body, `"count":0`) {
		t.Errorf("API of an unreviewed chair: %d %s", w.Code, body)
	}
	if w := s.get(t, "/api/v1/chairs/no-such-chair/reviews", ""); w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), `"code":"not_found"`) {
		t.Errorf("API of an unknown chair: %d %s", w.Code, w.Body)
	}

	// Deleting a published review takes it off the page and out of the
	// rating.
	if w := s.post(t, "/chairs/"+x.Slug+"/review/delete", url.Values{}, s.tokens["member"]); w.Code != http.StatusSeeOther {
		t.Fatalf("delete: %d", w.Code)
	}
	s.clk.Advance(2 * time.Second)
	page = s.page(t, "", "/chairs/"+x.Slug)
	if strings.Contains(page, "Works <em>wonders</em>") || !strings.Contains(page, "from 1 owner (their own average: 4.0)") {
		t.Errorf("after deleting, the chair page shows %s", section(page, `<p class="rating-summary">`, "</p>"))
	}
}

// TestHostileReviewIsInert: script, javascript: links and event handlers
// in a review come out as harmless text on the page and in the API.
func TestHostileReviewIsInert(t *testing.T) {
	t.Parallel()
	s := newReviewSite(t)
	slug := s.chairs[3].Slug
	hostile := "Nice chair <script>alert('xss')</script> and [my shop](javascript:alert(1)) and <img src=x onerror=alert(2)> " +
		"[[x]](JaVaScRiPt:alert(3)) <a href=\"javascript:alert(4)\">link</a> <iframe src=\"https://evil.example\"></iframe> ![p](javascript:alert(5))"
	form := reviewValues(5, hostile)
	form.Set("pros", `<b onmouseover="alert(6)">bold</b>`)
	form.Set("cons", `"><script>alert(7)</script>`)
	id := s.mustSave(t, "member", slug, form)

	// check parses h and requires that no element, attribute or URL in it
	// can run script: markup the member typed may show only as text.
	check := func(where, h string) {
		t.Helper()
		if strings.Contains(strings.ToLower(h), "<script") {
			t.Errorf("%s contains <script", where)
		}
		z := xhtml.NewTokenizer(strings.NewReader(h))
		for {
			tt := z.Next()
			if tt == xhtml.ErrorToken {
				break
			}
			if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			switch tok.Data {
			case "script", "img", "iframe", "object", "embed", "svg", "style", "b":
				t.Errorf("%s has a <%s> element: %s", where, tok.Data, tok.String())
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" || a.Key == "src" ||
					(a.Key == "href" || a.Key == "action") && !strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "#") &&
						!strings.HasPrefix(v, "https:") && !strings.HasPrefix(v, "http:") && !strings.HasPrefix(v, "mailto:") {
					t.Errorf("%s has an attribute %s=%q on <%s>", where, a.Key, a.Val, tok.Data)
				}
			}
		}
	}
	// The editor's queue renders it too.
	queue := s.page(t, "editor", "/admin/reviews")
	check("the moderation queue", section(queue, `<ol class="reviews">`, "</ol>"))
	s.mustPublish(t, id)
	s.clk.Advance(2 * time.Second)
	page := s.page(t, "", "/chairs/"+slug)
	reviews := reviewsSection(page)
	if !strings.Contains(reviews, "Nice chair") {
		t.Fatalf("the review is not on the page: %s", reviews)
	}
	check("the chair page's reviews", reviews)
	if !strings.Contains(reviews, "&lt;script&gt;") || !strings.Contains(reviews, "&lt;b onmouseover=") {
		t.Errorf("the markup is not shown as text: %s", reviews)
	}
	// The only scripts on the page are the structured data (seo.go), data
	// blocks browsers never run.
	for _, m := range regexp.MustCompile(`(?i)<script[^>]*>`).FindAllString(page, -1) {
		if m != `<script type="application/ld+json">` {
			t.Errorf("a script tag other than the structured data: %s", m)
		}
	}

	w := s.get(t, "/api/v1/chairs/"+slug+"/reviews", "")
	var out struct {
		Items []struct {
			HTML string `json:"html"`
			Text string `json:"text"`
		} `json:"items"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil || len(out.Items) != 1 {
		t.Fatalf("API: %v, %s", err, w.Body)
	}
	check("the API's html", out.Items[0].HTML)
	if out.Items[0].Text != hostile {
		t.Errorf("the API's text is not the source as written")
	}
}
