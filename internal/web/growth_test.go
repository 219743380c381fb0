package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"masahe/internal/account"
	"masahe/internal/catalog"
)

// TestChairViewsCounted: chair page views, cached or not, are counted in
// memory and written by FlushViews as a number per chair and day; /admin/data
// lists the most opened chair first among those that need work.
func TestChairViewsCounted(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, true)
	ctx := context.Background()
	doc, err := f.st.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Two chairs missing key specs; the second is opened more.
	var needy []string
	for _, c := range doc.Chairs {
		missing := 0
		for _, k := range catalog.KeySpecs {
			if _, ok := c.Specs[k]; !ok {
				missing++
			}
		}
		if missing > 0 {
			needy = append(needy, c.Slug)
		}
	}
	if len(needy) < 2 {
		t.Fatal("the starter data has fewer than two chairs missing key specs")
	}
	least, most := needy[0], needy[len(needy)-1]
	for range 3 {
		f.get(t, "/chairs/"+most, "")
	}
	f.get(t, "/chairs/"+least, "")
	f.get(t, "/chairs/no-such-chair", "")
	if err := f.srv.FlushViews(ctx); err != nil {
		t.Fatal(err)
	}
	views, err := f.st.ChairViews(ctx, "2026-01-01")
	if err != nil {
		t.Fatal(err)
	}
	if views[most] != 3 || views[least] != 1 || len(views) != 2 {
		t.Errorf("views %v, want %s 3 and %s 1 only", views, most, least)
	}
	if err := f.srv.FlushViews(ctx); err != nil {
		t.Fatal(err)
	}
	if again, _ := f.st.ChairViews(ctx, "2026-01-01"); again[most] != 3 {
		t.Errorf("a second flush counted again: %v", again)
	}

	f.addUser(t, "ed@example.ph", account.Editor, testHash(t))
	ed := f.login(t, "ed@example.ph", testPassword, "")
	w := f.get(t, "/admin/data", ed)
	if w.Code != http.StatusOK {
		t.Fatalf("/admin/data: status %d", w.Code)
	}
	first := regexp.MustCompile(`<tbody><tr><th scope="row"><a href="/admin/chairs/([^"]+)">[^<]*</a></th><td>(\d+)</td>`).FindStringSubmatch(w.Body.String())
	if first == nil || first[1] != most || first[2] != "3" {
		t.Errorf("the first chair to look up is %v, want %s with 3 views", first, most)
	}
}

// TestSpecSubmissionFlow: a member sends a spec; a bad one is shown again
// with its error; an editor approves one, which then shows on the chair
// page as an owner measurement without the member's name, and rejects
// another, whose reason the member reads on their account page.
func TestSpecSubmissionFlow(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, true)
	ctx := context.Background()
	hash := testHash(t)
	f.addUser(t, "owner@example.ph", account.Member, hash)
	f.addUser(t, "ed@example.ph", account.Editor, hash)
	owner := f.login(t, "owner@example.ph", testPassword, "")
	ed := f.login(t, "ed@example.ph", testPassword, "")
	doc, err := f.st.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var slug string
	for _, c := range doc.Chairs {
		if _, ok := c.Specs["reclined_depth_cm"]; !ok {
			slug = c.Slug
			break
		}
	}
	if slug == "" {
		t.Fatal("every starter chair publishes its reclined depth")
	}

	if w := f.get(t, "/chairs/"+slug+"/submit?field=reclined_depth_cm", owner); w.Code != http.StatusOK ||
		!strings.Contains(w.Body.String(), `<option lang="en" value="reclined_depth_cm" selected>`) {
		t.Errorf("the form: status %d, or the spec asked for is not chosen", w.Code)
	}
	bad := url.Values{"field": {"reclined_depth_cm"}, "value": {"9000"}, "how": {"measured"}}
	if w := f.post(t, "/chairs/"+slug+"/submit", bad, owner); w.Code != http.StatusBadRequest ||
		!strings.Contains(w.Body.String(), "must be a number from 30 to 300 cm") || !strings.Contains(w.Body.String(), `value="9000"`) {
		t.Errorf("a value out of range: status %d, or no error beside the typed value", w.Code)
	}
	for _, form := range []url.Values{
		{"field": {"reclined_depth_cm"}, "value": {"182"}, "how": {"measured"}},
		{"field": {"voltage"}, "value": {"220-240"}, "how": {"label"}, "show_name": {"true"}},
	} {
		if w := f.post(t, "/chairs/"+slug+"/submit", form, owner); w.Code != http.StatusSeeOther {
			t.Fatalf("sending %v: status %d", form, w.Code)
		}
	}
	queue, err := f.st.PendingSubmissions(ctx)
	if err != nil || len(queue) != 2 {
		t.Fatalf("queue %v, %v", queue, err)
	}
	if w := f.get(t, "/account", owner); !strings.Contains(w.Body.String(), "Waiting for an editor") {
		t.Error("the account page does not show the waiting submissions")
	}
	page := f.get(t, "/admin/submissions", ed).Body.String()
	if !strings.Contains(page, `action="/admin/submissions/`) || !strings.Contains(page, "(not to be named)") {
		t.Error("the queue does not offer the decisions or say whether to name the owner")
	}
	approve := "/admin/submissions/" + strconv.FormatInt(queue[0].ID, 10) + "/approve"
	if w := f.post(t, approve, url.Values{}, ed); w.Code != http.StatusSeeOther {
		t.Fatalf("approve: status %d", w.Code)
	}
	const why = "The photo shows a 110–120 V label."
	if w := f.post(t, "/admin/submissions/"+strconv.FormatInt(queue[1].ID, 10)+"/reject", url.Values{"reason": {why}}, ed); w.Code != http.StatusSeeOther {
		t.Fatalf("reject: status %d", w.Code)
	}

	chair := f.get(t, "/chairs/"+slug, "").Body.String()
	row := section(chair, `<th scope="row">Depth, reclined</th>`, "</tr>")
	if !strings.Contains(row, "182 cm") || !strings.Contains(row, "owner measurement, PH") {
		t.Errorf("the reclined depth row %q, want 182 cm cited as an owner measurement, PH", row)
	}
	if strings.Contains(chair, "owner@example.ph") || !strings.Contains(chair, "An owner of the chair") {
		t.Error("the chair page names the owner who asked not to be named, or does not credit an owner")
	}
	account := f.get(t, "/account", owner).Body.String()
	if !strings.Contains(account, html.EscapeString(why)) || !strings.Contains(account, "Approved") {
		t.Errorf("the account page does not show the approval and the rejection's reason")
	}
}
