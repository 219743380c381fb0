package web

import (
	"net/http"
	"strings"
	"testing"
)

// The catalog's compare form keeps ticked chairs across pages without
// JavaScript: its page buttons send the ticks as chairs=…, which the
// catalog turns into compare=… on the page asked for, and its compare
// button goes on to the comparison.
func TestComparePicksAcrossPages(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	a, b := f.doc.Chairs[0].Slug, f.doc.Chairs[30].Slug
	for _, c := range []struct{ query, want string }{
		{"chairs=" + a + "&chairs=" + b + "&page=2&sort=name", "/chairs?compare=" + a + "%2C" + b + "&page=2"},
		{"chairs=" + a + "&chairs=" + b + "&go=compare&sort=name", "/compare?chairs=" + a + "%2C" + b},
		{"page=2&sort=name&go=page", "/chairs?page=2"},
	} {
		w := f.send(t, "", http.MethodGet, "/chairs?"+c.query, nil)
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != c.want {
			t.Errorf("/chairs?%s: %d to %q, want 303 to %q", c.query, w.Code, w.Header().Get("Location"), c.want)
		}
	}
	page := f.send(t, "", http.MethodGet, "/chairs?compare="+a+","+b+"&page=2", nil).Body.String()
	for _, want := range []string{
		`name="chairs" value="` + b + `" form="compare-form" checked`, // on this page: ticked
		`<input type="hidden" name="chairs" value="` + a + `">`,       // on page 1: carried
		`form="compare-form" type="submit" name="page" value="1"`,     // previous page keeps them
		`id="compare-button" type="submit" name="go" value="compare"`, // and on to compare
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page 2 with two picks lacks %s", want)
		}
	}
	if w := f.send(t, "", http.MethodGet, "/chairs?chairs=a&chairs=b&chairs=c&chairs=d&chairs=e", nil); w.Code != http.StatusBadRequest {
		t.Errorf("five picks: %d, want 400", w.Code)
	}
}
