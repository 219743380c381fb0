package web

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"masahe/data"
	"masahe/internal/account"
	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/media"
)

// The people the authorization matrix asks for, in the order of
// authzRow.want.
const (
	anonymous = iota
	member
	otherMember
	editor
	admin
	nWho
)

var whoNames = [nWho]string{"anonymous", "member", "other member", "editor", "admin"}

// whoOrder is the order in which each row's requests are sent: the member,
// who owns the objects the rows act on, comes last.
var whoOrder = []int{anonymous, otherMember, editor, admin, member}

// authzRow is one concrete request to a route and the status each person
// must get. Every route pattern in routes.go needs at least one row.
type authzRow struct {
	pattern string // exactly as in routes.go
	target  string // the request's path and query
	// form is the posted form for a person (nil: none); json a JSON body.
	form func(who int) url.Values
	json string
	want [nWho]int
	// location, when set, is the Location of an anonymous 303 answer.
	location string
	// ownerOnly, when set, is text of the member's own data that the
	// member's answer must show and nobody else's may.
	ownerOnly string
	note      string
}

func all(status int) [nWho]int { return [nWho]int{status, status, status, status, status} }

// signedIn is anon for anonymous visitors and status for every signed-in
// role.
func signedIn(anon, status int) [nWho]int { return [nWho]int{anon, status, status, status, status} }

// authzData names the objects the matrix's requests work on.
type authzData struct {
	// chair has the member's published review (id published); chair2 has
	// no review at first; chair3 has the other member's pending review (id
	// pending).
	chair, chair2, chair3 string
	published, pending    int64
	// brand is chair's brand; retailer has a price of chair.
	brand, retailer string
	// place is a bundled place; submission the member's pending spec
	// submission of chair.
	place      string
	submission int64
}

// memberReviewText is the text of the member's published review.
const memberReviewText = "Only the owner of this review should see these words in the form."

// reviewForm is a valid review form.
func reviewForm(int) url.Values {
	return url.Values{"overall": {"4"}, "months_owned": {"6"}, "text": {"Good for my back after long shifts; quiet enough for a condo."}}
}

// authzRows lists, for every route, what each person may do.
func authzRows(d authzData) []authzRow {
	chair, chair2, brand, retailer := d.chair, d.chair2, d.brand, d.retailer
	editorOK := func(anon, status int) [nWho]int { return [nWho]int{anon, 403, 403, status, status} }
	adminOK := func(anon, status int) [nWho]int { return [nWho]int{anon, 403, 403, 403, status} }
	noForm := func(int) url.Values { return url.Values{} }
	reason := func(int) url.Values { return url.Values{"reason": {"It reads like an advertisement."}} }
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	return []authzRow{
		{pattern: "GET /{$}", target: "/", want: all(200)},
		{pattern: "GET /chairs", target: "/chairs?sort=name", want: all(200)},
		{pattern: "GET /chairs/{slug}", target: "/chairs/" + chair, want: all(200)},
		{pattern: "GET /chairs/{slug}", target: "/chairs/no-such-chair", want: all(404), note: "unknown chair"},
		{pattern: "GET /chairs/{slug}/prices", target: "/chairs/" + chair + "/prices", want: all(200)},
		{pattern: "GET /chairs/{slug}/prices", target: "/chairs/no-such-chair/prices", want: all(404), note: "unknown chair"},
		{pattern: "GET /compare", target: "/compare?chairs=" + chair + "," + chair2, want: all(200)},
		{pattern: "GET /search", target: "/search?q=zero+gravity", want: all(200)},
		{pattern: "GET /finder", target: "/finder", want: all(200)},
		{pattern: "GET /where-to-try", target: "/where-to-try?region=XI", want: all(200)},
		{pattern: "GET /where-to-try", target: "/where-to-try?region=XX", want: all(400), note: "unknown region"},

		{pattern: "GET /api/v1/chairs", target: "/api/v1/chairs?per_page=2", want: all(200)},
		{pattern: "GET /api/v1/chairs/{slug}", target: "/api/v1/chairs/" + chair, want: all(200)},
		{pattern: "GET /api/v1/chairs/{slug}", target: "/api/v1/chairs/no-such-chair", want: all(404), note: "unknown chair"},
		{pattern: "GET /api/v1/chairs/{slug}/prices", target: "/api/v1/chairs/" + chair + "/prices", want: all(200)},
		{pattern: "GET /api/v1/chairs/{slug}/prices", target: "/api/v1/chairs/no-such-chair/prices", want: all(404), note: "unknown chair"},
		{pattern: "GET /api/v1/compare", target: "/api/v1/compare?chairs=" + chair + "," + chair2, want: all(200)},
		{pattern: "GET /api/v1/compare", target: "/api/v1/compare?chairs=" + chair, want: all(400), note: "one chair is too few"},
		{pattern: "GET /api/v1/brands", target: "/api/v1/brands", want: all(200)},
		{pattern: "GET /api/v1/search", target: "/api/v1/search?q=shiatsu", want: all(200)},
		{pattern: "POST /api/v1/finder", target: "/api/v1/finder", json: `{"height_cm": 170}`, want: all(200)},
		{pattern: "POST /api/v1/finder", target: "/api/v1/finder", json: `{"height_cm":`, want: all(400), note: "broken JSON"},
		{pattern: "GET /api/v1/finder/options", target: "/api/v1/finder/options", want: all(200)},
		{pattern: "GET /api/v1/places", target: "/api/v1/places?region=XI&kind=store", want: all(200)},
		{pattern: "GET /api/v1/places", target: "/api/v1/places?kind=spa", want: all(400), note: "unknown kind"},

		{pattern: "GET /signup", target: "/signup", want: all(200)},
		{pattern: "POST /signup", target: "/signup", want: all(200), note: "a new address for each person",
			form: func(who int) url.Values {
				return url.Values{"email": {fmt.Sprintf("new-%d@example.ph", who)}, "display_name": {"New"}, "password": {testPassword}}
			}},
		{pattern: "GET /login", target: "/login", want: all(200)},
		{pattern: "POST /login", target: "/login", want: all(303), note: "the member's own address and password",
			form: func(int) url.Values { return url.Values{"email": {authzEmails[member]}, "password": {testPassword}} }},
		{pattern: "POST /login", target: "/login", want: all(401), note: "a wrong password",
			form: func(int) url.Values {
				return url.Values{"email": {"nobody@example.ph"}, "password": {"wrong password"}}
			}},
		{pattern: "POST /logout", target: "/logout", form: noForm, want: all(303)},
		{pattern: "GET /account", target: "/account", want: signedIn(303, 200), location: "/login?next=%2Faccount"},
		{pattern: "POST /account/password", target: "/account/password", want: signedIn(401, 303),
			form: func(int) url.Values {
				return url.Values{"current_password": {testPassword}, "new_password": {testPassword}}
			}},
		{pattern: "POST /account/logout-others", target: "/account/logout-others", form: noForm, want: signedIn(401, 303)},
		{pattern: "POST /chairs/{slug}/watch", target: "/chairs/" + chair + "/watch", form: func(int) url.Values { return url.Values{"kind": {"drop"}} },
			want: signedIn(401, 303), note: "each signed-in person watches for any drop"},
		{pattern: "POST /chairs/{slug}/watch", target: "/chairs/no-such-chair/watch", form: func(int) url.Values { return url.Values{"kind": {"drop"}} },
			want: signedIn(401, 404), note: "unknown chair"},
		{pattern: "POST /account/watches/{id}/remove", target: "/account/watches/999999/remove", form: noForm, want: signedIn(401, 404), note: "unknown watch"},
		{pattern: "POST /chairs/{slug}/sightings", target: "/chairs/" + chair + "/sightings", form: noForm, want: signedIn(401, 400), note: "an empty form"},
		{pattern: "GET /unsubscribe/{token}", target: "/unsubscribe/no-such-token", want: all(404), note: "unknown token"},
		{pattern: "POST /unsubscribe/{token}", target: "/unsubscribe/no-such-token", form: func(int) url.Values { return url.Values{"List-Unsubscribe": {"One-Click"}} },
			want: all(404), note: "unknown token, as a mail client's one-click POST"},
		{pattern: "POST /account/delete", target: "/account/delete", want: signedIn(401, 400), note: "a wrong password, so that the account stays",
			form: func(int) url.Values { return url.Values{"current_password": {"not the password"}} }},
		{pattern: "GET /verify", target: "/verify?token=not-a-token", want: all(400), note: "a junk token"},
		{pattern: "POST /verify", target: "/verify", want: all(400), note: "a junk token",
			form: func(int) url.Values { return url.Values{"token": {"not-a-token"}} }},
		{pattern: "POST /account/verify", target: "/account/verify", form: noForm, want: signedIn(401, 303), note: "a new verification link"},
		{pattern: "GET /forgot", target: "/forgot", want: all(200)},
		{pattern: "POST /forgot", target: "/forgot", want: all(200), note: "an address without an account",
			form: func(who int) url.Values { return url.Values{"email": {fmt.Sprintf("forgot-%d@example.ph", who)}} }},
		{pattern: "GET /reset", target: "/reset?token=not-a-token", want: all(400), note: "a junk token"},
		{pattern: "POST /reset", target: "/reset", want: all(400), note: "a junk token",
			form: func(int) url.Values { return url.Values{"token": {"not-a-token"}, "new_password": {testPassword}} }},

		// Reviews. The member's review of chair is published; people act
		// in whoOrder, the member last, so the others' attempts on the
		// member's objects come first.
		{pattern: "GET /chairs/{slug}/review", target: "/chairs/" + chair + "/review", want: signedIn(303, 200),
			location: "/login?next=%2Fchairs%2F" + chair + "%2Freview", ownerOnly: memberReviewText, note: "only the member's own review is in the form"},
		{pattern: "GET /chairs/{slug}/review", target: "/chairs/no-such-chair/review", want: signedIn(303, 404), note: "unknown chair"},
		{pattern: "POST /chairs/{slug}/review", target: "/chairs/" + chair2 + "/review", form: reviewForm, want: signedIn(401, 303),
			note: "each person's own review"},
		{pattern: "POST /chairs/{slug}/review", target: "/chairs/" + chair2 + "/review", want: signedIn(401, 400), note: "no rating",
			form: func(int) url.Values {
				return url.Values{"months_owned": {"6"}, "text": {"Good for my back after long shifts; quiet enough."}}
			}},
		{pattern: "POST /chairs/{slug}/review/delete", target: "/chairs/" + chair2 + "/review/delete", form: noForm, want: signedIn(401, 303),
			note: "each person's own review, written in the row before"},
		{pattern: "POST /chairs/{slug}/review/delete", target: "/chairs/" + chair2 + "/review/delete", form: noForm, want: signedIn(401, 404),
			note: "already deleted"},
		{pattern: "POST /reviews/{id}/report", target: "/reviews/" + id(d.published) + "/report", form: reason,
			want: [nWho]int{anonymous: 401, member: 403, otherMember: 303, editor: 303, admin: 303}, note: "the member's review: not by its author"},
		{pattern: "POST /reviews/{id}/report", target: "/reviews/" + id(d.pending) + "/report", form: reason, want: signedIn(401, 404),
			note: "a pending review cannot be reported"},
		{pattern: "POST /reviews/{id}/report", target: "/reviews/999999/report", form: reason, want: signedIn(401, 404), note: "unknown review"},
		{pattern: "GET /account/reviews", target: "/account/reviews", want: signedIn(303, 200), location: "/login?next=%2Faccount%2Freviews",
			ownerOnly: `href="/chairs/` + chair + `/review"`, note: "only the member's own reviews are listed"},
		{pattern: "GET /admin/reviews", target: "/admin/reviews",
			want: [nWho]int{anonymous: 303, member: 403, otherMember: 403, editor: 200, admin: 200}, location: "/login?next=%2Fadmin%2Freviews"},
		{pattern: "POST /admin/reviews/{id}/{action}", target: "/admin/reviews/" + id(d.pending) + "/reject", want: [nWho]int{401, 403, 403, 400, 400},
			form: noForm, note: "rejecting needs a reason"},
		{pattern: "POST /admin/reviews/{id}/{action}", target: "/admin/reviews/" + id(d.pending) + "/frobnicate", want: [nWho]int{401, 403, 403, 404, 404},
			form: noForm, note: "unknown action"},
		{pattern: "POST /admin/reviews/{id}/{action}", target: "/admin/reviews/999999/publish", want: [nWho]int{401, 403, 403, 404, 404},
			form: noForm, note: "unknown review"},
		{pattern: "POST /admin/reviews/{id}/{action}", target: "/admin/reviews/" + id(d.pending) + "/publish", want: [nWho]int{401, 403, 403, 303, 303},
			form: noForm, note: "the other member's review: not by a member"},
		{pattern: "GET /chairs/{slug}/submit", target: "/chairs/" + chair + "/submit", want: signedIn(303, 200),
			location: "/login?next=%2Fchairs%2F" + chair + "%2Fsubmit"},
		{pattern: "GET /chairs/{slug}/submit", target: "/chairs/no-such-chair/submit", want: signedIn(303, 404), note: "unknown chair"},
		{pattern: "POST /chairs/{slug}/submit", target: "/chairs/" + chair + "/submit", want: signedIn(401, 303), note: "each person's own submission",
			form: func(int) url.Values {
				return url.Values{"field": {"reclined_depth_cm"}, "value": {"182"}, "how": {"measured"}}
			}},
		{pattern: "POST /chairs/{slug}/submit", target: "/chairs/" + chair + "/submit", want: signedIn(401, 400), note: "a value out of range",
			form: func(int) url.Values {
				return url.Values{"field": {"reclined_depth_cm"}, "value": {"9000"}, "how": {"measured"}}
			}},
		{pattern: "POST /api/v1/chairs/{slug}/submissions", target: "/api/v1/chairs/" + chair + "/submissions", want: signedIn(401, 201),
			json: `{"field": "voltage", "value": "220-240", "how": "label", "show_name": true}`},
		{pattern: "POST /api/v1/chairs/{slug}/submissions", target: "/api/v1/chairs/no-such-chair/submissions", want: signedIn(401, 404),
			json: `{"field": "voltage", "value": "220-240", "how": "label"}`, note: "unknown chair"},
		{pattern: "POST /api/v1/chairs/{slug}/submissions", target: "/api/v1/chairs/" + chair + "/submissions", want: signedIn(401, 400),
			json: `{"field": "colour", "value": "red", "how": "label"}`, note: "not a spec"},
		{pattern: "GET /admin/submissions", target: "/admin/submissions", want: editorOK(303, 200), location: "/login?next=%2Fadmin%2Fsubmissions"},
		{pattern: "POST /admin/submissions/{id}/{action}", target: "/admin/submissions/" + id(d.submission) + "/reject", form: noForm,
			want: editorOK(401, 400), note: "rejecting needs a reason"},
		{pattern: "POST /admin/submissions/{id}/{action}", target: "/admin/submissions/" + id(d.submission) + "/frobnicate", form: noForm,
			want: editorOK(401, 404), note: "unknown action"},
		{pattern: "POST /admin/submissions/{id}/{action}", target: "/admin/submissions/999999/approve", form: noForm,
			want: editorOK(401, 404), note: "unknown submission"},
		{pattern: "POST /admin/submissions/{id}/{action}", target: "/admin/submissions/" + id(d.submission) + "/approve", form: noForm,
			want: [nWho]int{401, 403, 403, 303, 409}, note: "the member's submission: the editor approves it, the admin finds it decided"},
		{pattern: "GET /admin/data", target: "/admin/data", want: editorOK(303, 200), location: "/login?next=%2Fadmin%2Fdata"},
		{pattern: "GET /api/v1/chairs/{slug}/reviews", target: "/api/v1/chairs/" + chair + "/reviews", want: all(200)},
		{pattern: "GET /api/v1/chairs/{slug}/reviews", target: "/api/v1/chairs/no-such-chair/reviews", want: all(404), note: "unknown chair"},
		{pattern: "POST /chairs/{slug}/review/delete", target: "/chairs/" + chair + "/review/delete", form: noForm,
			want: [nWho]int{anonymous: 401, member: 303, otherMember: 404, editor: 404, admin: 404},
			note: "the member's review: only the member may delete it, and does so last"},

		// Admin: editors and admins (admin.go).
		{pattern: "GET /admin", target: "/admin", want: editorOK(303, 200), location: "/login?next=%2Fadmin"},
		{pattern: "GET /admin/chairs", target: "/admin/chairs", want: editorOK(303, 200)},
		{pattern: "GET /admin/chairs/new", target: "/admin/chairs/new", want: editorOK(303, 200)},
		{pattern: "POST /admin/chairs/new", target: "/admin/chairs/new", form: noForm, want: editorOK(401, 400), note: "an empty form"},
		{pattern: "GET /admin/chairs/{slug}", target: "/admin/chairs/" + chair, want: editorOK(303, 200)},
		{pattern: "POST /admin/chairs/{slug}", target: "/admin/chairs/" + chair, form: noForm, want: editorOK(401, 400), note: "an empty form"},
		{pattern: "POST /admin/chairs/{slug}/retire", target: "/admin/chairs/no-such-chair/retire", form: noForm, want: editorOK(401, 404), note: "unknown chair"},
		{pattern: "POST /admin/chairs/{slug}/restore", target: "/admin/chairs/" + chair + "/restore", form: noForm, want: editorOK(401, 303), note: "not retired: no change"},
		{pattern: "GET /admin/chairs/{slug}/prices/new", target: "/admin/chairs/" + chair + "/prices/new", want: editorOK(303, 200)},
		{pattern: "POST /admin/chairs/{slug}/prices/new", target: "/admin/chairs/" + chair + "/prices/new", form: noForm, want: editorOK(401, 400), note: "an empty form"},
		{pattern: "GET /admin/prices", target: "/admin/prices", want: editorOK(303, 200)},
		{pattern: "GET /admin/prices/urls/new", target: "/admin/prices/urls/new", want: editorOK(303, 200)},
		{pattern: "POST /admin/prices/urls/new", target: "/admin/prices/urls/new", form: noForm, want: editorOK(401, 400), note: "an empty form"},
		{pattern: "GET /admin/prices/urls/{id}", target: "/admin/prices/urls/999999", want: editorOK(303, 404), note: "unknown tracked URL"},
		{pattern: "POST /admin/prices/urls/{id}", target: "/admin/prices/urls/999999", form: noForm, want: editorOK(401, 404), note: "unknown tracked URL"},
		{pattern: "POST /admin/prices/urls/{id}/remove", target: "/admin/prices/urls/999999/remove", form: noForm, want: editorOK(401, 404), note: "unknown tracked URL"},
		{pattern: "POST /admin/prices/sightings/{id}/{action}", target: "/admin/prices/sightings/999999/approve", form: noForm, want: editorOK(401, 404), note: "unknown sighting"},
		{pattern: "POST /admin/prices/sightings/{id}/{action}", target: "/admin/prices/sightings/999999/frobnicate", form: noForm, want: editorOK(401, 404), note: "unknown action"},
		{pattern: "GET /admin/chairs/{slug}/photos", target: "/admin/chairs/" + chair + "/photos", want: editorOK(303, 200)},
		{pattern: "POST /admin/chairs/{slug}/photos", target: "/admin/chairs/" + chair + "/photos", form: noForm, want: editorOK(401, 400), note: "no photo"},
		{pattern: "POST /admin/chairs/{slug}/photos/{id}", target: "/admin/chairs/" + chair + "/photos/999999", want: editorOK(401, 404), note: "unknown photo",
			form: func(int) url.Values { return url.Values{"alt": {"Front"}, "credit": {"Photo: Masahe"}} }},
		{pattern: "POST /admin/chairs/{slug}/photos/{id}/{action}", target: "/admin/chairs/" + chair + "/photos/999999/main", form: noForm, want: editorOK(401, 404), note: "unknown photo"},
		{pattern: "GET /admin/brands", target: "/admin/brands", want: editorOK(303, 200)},
		{pattern: "GET /admin/brands/new", target: "/admin/brands/new", want: editorOK(303, 200)},
		{pattern: "POST /admin/brands/new", target: "/admin/brands/new", form: noForm, want: editorOK(401, 400), note: "an empty form"},
		{pattern: "GET /admin/brands/{slug}", target: "/admin/brands/" + brand, want: editorOK(303, 200)},
		{pattern: "POST /admin/brands/{slug}", target: "/admin/brands/" + brand, form: noForm, want: editorOK(401, 400), note: "an empty form"},
		{pattern: "POST /admin/brands/{slug}/retire", target: "/admin/brands/" + brand + "/retire", form: noForm, want: editorOK(401, 409), note: "a brand in use"},
		{pattern: "GET /admin/retailers", target: "/admin/retailers", want: editorOK(303, 200)},
		{pattern: "GET /admin/retailers/new", target: "/admin/retailers/new", want: editorOK(303, 200)},
		{pattern: "POST /admin/retailers/new", target: "/admin/retailers/new", form: noForm, want: editorOK(401, 400), note: "an empty form"},
		{pattern: "GET /admin/retailers/{slug}", target: "/admin/retailers/" + retailer, want: editorOK(303, 200)},
		{pattern: "POST /admin/retailers/{slug}", target: "/admin/retailers/" + retailer, form: noForm, want: editorOK(401, 400), note: "an empty form"},
		{pattern: "POST /admin/retailers/{slug}/retire", target: "/admin/retailers/" + retailer + "/retire", form: noForm, want: editorOK(401, 409), note: "a retailer with price history"},
		{pattern: "GET /admin/sources", target: "/admin/sources", want: editorOK(303, 200)},
		{pattern: "GET /admin/sources/new", target: "/admin/sources/new", want: editorOK(303, 200)},
		{pattern: "POST /admin/sources/new", target: "/admin/sources/new", form: noForm, want: editorOK(401, 400), note: "an empty form"},
		{pattern: "GET /admin/sources/{id}", target: "/admin/sources/no-such-source", want: editorOK(303, 404), note: "unknown source"},
		{pattern: "POST /admin/sources/{id}", target: "/admin/sources/no-such-source", form: noForm, want: editorOK(401, 404), note: "unknown source"},
		{pattern: "GET /admin/places", target: "/admin/places", want: editorOK(303, 200)},
		{pattern: "GET /admin/places/new", target: "/admin/places/new", want: editorOK(303, 200)},
		{pattern: "POST /admin/places/new", target: "/admin/places/new", form: noForm, want: editorOK(401, 400), note: "an empty form"},
		{pattern: "GET /admin/places/{slug}", target: "/admin/places/" + d.place, want: editorOK(303, 200)},
		{pattern: "GET /admin/places/{slug}", target: "/admin/places/no-such-place", want: editorOK(303, 404), note: "unknown place"},
		{pattern: "POST /admin/places/{slug}", target: "/admin/places/" + d.place, form: noForm, want: editorOK(401, 400), note: "an empty form"},
		{pattern: "POST /admin/places/{slug}/retire", target: "/admin/places/no-such-place/retire", form: noForm, want: editorOK(401, 404), note: "unknown place"},
		{pattern: "GET /admin/audit", target: "/admin/audit", want: adminOK(303, 200), location: "/login?next=%2Fadmin%2Faudit"},
		{pattern: "GET /admin/users", target: "/admin/users", want: adminOK(303, 200)},
		{pattern: "POST /admin/users/{id}/role", target: "/admin/users/999999/role", form: func(int) url.Values { return url.Values{"role": {"king"}} }, want: adminOK(401, 400), note: "an unknown role"},
		{pattern: "POST /admin/users/{id}/disable", target: "/admin/users/999999/disable", form: noForm, want: adminOK(401, 404), note: "unknown user"},
		{pattern: "POST /admin/users/{id}/enable", target: "/admin/users/999999/enable", form: noForm, want: adminOK(401, 404), note: "unknown user"},
		{pattern: "GET /admin/mail", target: "/admin/mail", want: adminOK(303, 200), location: "/login?next=%2Fadmin%2Fmail"},
		{pattern: "GET /admin/mail/{name}", target: "/admin/mail/no-such-message.eml", want: adminOK(303, 404), note: "unknown message"},

		// Admin: articles and editorial reviews (admin_articles.go). The
		// editor and the admin each publish an article of their own first.
		{pattern: "GET /admin/articles", target: "/admin/articles", want: editorOK(303, 200), location: "/login?next=%2Fadmin%2Farticles"},
		{pattern: "GET /admin/articles/new", target: "/admin/articles/new", want: editorOK(303, 200)},
		{pattern: "POST /admin/articles/new", target: "/admin/articles/new", form: noForm, want: editorOK(401, 400), note: "an empty form"},
		{pattern: "POST /admin/articles/new", target: "/admin/articles/new", want: editorOK(401, 303), note: "each person's own article",
			form: func(who int) url.Values { return articleForm(matrixArticle(who), "publish") }},
		{pattern: "GET /admin/articles/{slug}", target: "/admin/articles/" + matrixArticle(editor), want: editorOK(303, 200), note: "the editor's article"},
		{pattern: "GET /admin/articles/{slug}", target: "/admin/articles/no-such-article", want: editorOK(303, 404), note: "unknown article"},
		{pattern: "POST /admin/articles/{slug}", target: "/admin/articles/" + matrixArticle(editor), form: noForm, want: editorOK(401, 400), note: "an empty form"},
		{pattern: "POST /admin/articles/{slug}", target: "/admin/articles/no-such-article", form: noForm, want: editorOK(401, 404), note: "unknown article"},
		{pattern: "GET /admin/articles/{slug}/{lang}", target: "/admin/articles/" + matrixArticle(editor) + "/fil", want: editorOK(303, 200), note: "a translation to add"},
		{pattern: "GET /admin/articles/{slug}/{lang}", target: "/admin/articles/" + matrixArticle(editor) + "/de", want: editorOK(303, 404), note: "unknown language"},
		{pattern: "GET /admin/articles/{slug}/{lang}", target: "/admin/articles/no-such-article/fil", want: editorOK(303, 404), note: "unknown article"},
		{pattern: "POST /admin/articles/{slug}/{lang}", target: "/admin/articles/" + matrixArticle(editor) + "/fil", form: noForm, want: editorOK(401, 400), note: "an empty form"},
		{pattern: "POST /admin/articles/{slug}/{lang}", target: "/admin/articles/no-such-article/fil", form: noForm, want: editorOK(401, 404), note: "unknown article"},
		{pattern: "GET /admin/editorial", target: "/admin/editorial", want: editorOK(303, 200), location: "/login?next=%2Fadmin%2Feditorial"},
		{pattern: "GET /admin/editorial/{chair}", target: "/admin/editorial/" + chair, want: editorOK(303, 200)},
		{pattern: "GET /admin/editorial/{chair}", target: "/admin/editorial/no-such-chair", want: editorOK(303, 404), note: "unknown chair"},
		{pattern: "POST /admin/editorial/{chair}", target: "/admin/editorial/" + chair, form: noForm, want: editorOK(401, 400), note: "an empty form"},
		{pattern: "POST /admin/editorial/{chair}", target: "/admin/editorial/" + chair2, want: editorOK(401, 303), note: "a valid review",
			form: func(int) url.Values { return url.Values{"review": {testReviewText(chair2)}} }},

		{pattern: "GET /safety", target: "/safety", want: all(200)},
		{pattern: "GET /safety/triage", target: "/safety/triage?hours_since_massage=24&pain=2", want: all(200)},
		{pattern: "GET /safety/triage", target: "/safety/triage?hours_since_massage=24&pain=11", want: all(400), note: "pain out of range"},
		{pattern: "GET /safety/{topic}", target: "/safety/red-flags", want: all(200)},
		{pattern: "GET /safety/{topic}", target: "/safety/no-such-guide", want: all(404), note: "unknown guide"},
		{pattern: "POST /api/v1/triage", target: "/api/v1/triage", json: `{"hours_since_massage": 24, "pain": 2}`, want: all(200)},
		{pattern: "POST /api/v1/triage", target: "/api/v1/triage", json: `{"hours_since_massage": 24, "pain": 11}`, want: all(400), note: "pain out of range"},

		// The private session log (sessionlog.go). Nobody in the matrix has
		// consented, so every signed-in person gets the consent screen and
		// a 403 from everything else; deleting an empty log is harmless.
		{pattern: "GET /me/log", target: "/me/log", want: signedIn(303, 200), location: "/login?next=%2Fme%2Flog", note: "the consent screen"},
		{pattern: "POST /me/log/consent", target: "/me/log/consent", form: noForm, want: signedIn(401, 400), note: "the box not ticked"},
		{pattern: "POST /me/log/sessions", target: "/me/log/sessions", want: signedIn(401, 403), note: "no consent",
			form: func(int) url.Values { return url.Values{"intensity": {"3"}, "minutes": {"15"}, "area": {"back"}} }},
		{pattern: "POST /me/log/checkins", target: "/me/log/checkins", want: signedIn(401, 403), note: "no consent",
			form: func(int) url.Values { return url.Values{"soreness": {"3"}, "symptom": {"saddle_numbness"}} }},
		{pattern: "GET /me/log/export.json", target: "/me/log/export.json", want: signedIn(303, 403), location: "/login?next=%2Fme%2Flog%2Fexport.json", note: "no consent"},
		{pattern: "GET /me/log/export.csv", target: "/me/log/export.csv", want: signedIn(303, 403), location: "/login?next=%2Fme%2Flog%2Fexport.csv", note: "no consent"},
		{pattern: "POST /me/log/delete", target: "/me/log/delete", form: noForm, want: signedIn(401, 303), note: "an empty log"},
		{pattern: "GET /api/v1/me/sessions", target: "/api/v1/me/sessions", want: signedIn(401, 403), note: "no consent"},
		{pattern: "POST /api/v1/me/sessions", target: "/api/v1/me/sessions", want: signedIn(401, 403), note: "no consent",
			json: `{"at": "2026-11-24T07:00:00Z", "intensity": 3, "minutes": 15, "areas": ["back"]}`},
		{pattern: "GET /api/v1/me/guard", target: "/api/v1/me/guard", want: signedIn(401, 403), note: "no consent"},

		// Editorial (editorial.go, seo.go): public. The fixture has one
		// public article, matrixAdvice, and an editorial review of chair.
		{pattern: "GET /articles", target: "/articles", want: all(200)},
		{pattern: "GET /articles", target: "/articles?page=0", want: all(400), note: "no page 0"},
		{pattern: "GET /articles/{slug}", target: "/articles/" + matrixAdvice, want: all(200)},
		{pattern: "GET /articles/{slug}", target: "/articles/no-such-article", want: all(404), note: "unknown article"},
		{pattern: "GET /tags/{tag}", target: "/tags/" + matrixTag, want: all(200)},
		{pattern: "GET /tags/{tag}", target: "/tags/no-such-tag", want: all(404), note: "unknown tag"},
		{pattern: "GET /tags/{tag}/feed.atom", target: "/tags/" + matrixTag + "/feed.atom", want: all(200)},
		{pattern: "GET /tags/{tag}/feed.atom", target: "/tags/no-such-tag/feed.atom", want: all(404), note: "unknown tag"},
		{pattern: "GET /categories/{category}", target: "/categories/using", want: all(200)},
		{pattern: "GET /categories/{category}", target: "/categories/no-such-category", want: all(404), note: "unknown category"},
		{pattern: "GET /reviews", target: "/reviews", want: all(200)},
		{pattern: "GET /reviews/rubric", target: "/reviews/rubric", want: all(200)},
		{pattern: "GET /reviews/{chair}", target: "/reviews/" + chair, want: all(200)},
		{pattern: "GET /reviews/{chair}", target: "/reviews/no-such-chair", want: all(404), note: "unknown chair"},
		{pattern: "GET /best", target: "/best", want: all(200)},
		{pattern: "GET /best/{use}", target: "/best/lower_back", want: all(200)},
		{pattern: "GET /best/{use}", target: "/best/no-such-use", want: all(404), note: "unknown use"},
		{pattern: "GET /feed.atom", target: "/feed.atom", want: all(200)},
		{pattern: "GET /sitemap.xml", target: "/sitemap.xml", want: all(200)},

		{pattern: "GET /healthz", target: "/healthz", want: all(200)},
		{pattern: "GET /metrics", target: "/metrics", want: all(200)},
		{pattern: "GET /static/{name}", target: "/static/site.css", want: all(200)},
		{pattern: "GET /static/{name}", target: "/static/no-such-file.css", want: all(404), note: "unknown file"},
		{pattern: "GET /media/{file}", target: "/media/640-0123456789abcdef.webp", want: all(404), note: "unknown picture"},
		{pattern: "GET /media/{file}", target: "/media/not-a-picture.gif", want: all(404), note: "not a picture name"},
		{pattern: "GET /favicon.ico", target: "/favicon.ico", want: all(200)},
		{pattern: "GET /robots.txt", target: "/robots.txt", want: all(200)},
	}
}

// authzEmails are the fixture's users; anonymous has none.
var authzEmails = [nWho]string{
	member:      "member@example.ph",
	otherMember: "other@example.ph",
	editor:      "editor@example.ph",
	admin:       "admin@example.ph",
}

var authzRoles = [nWho]account.Role{member: account.Member, otherMember: account.Member, editor: account.Editor, admin: account.Admin}

// routePatterns returns every pattern registered with mux.HandleFunc or
// mux.Handle in a Go file, in order.
func routePatterns(file string) ([]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		return nil, err
	}
	var out []string
	var bad error
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || bad != nil {
			return bad == nil
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || (sel.Sel.Name != "HandleFunc" && sel.Sel.Name != "Handle") {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "mux" || len(call.Args) == 0 {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			bad = fmt.Errorf("%s: route pattern is not a string literal", fset.Position(call.Pos()))
			return false
		}
		p, err := strconv.Unquote(lit.Value)
		if err != nil {
			bad = fmt.Errorf("%s: %v", fset.Position(lit.Pos()), err)
			return false
		}
		out = append(out, p)
		return true
	})
	return out, bad
}

// matrixGaps reports routes without a row and rows whose route is gone.
func matrixGaps(patterns []string, rows []authzRow) []string {
	var out []string
	for _, p := range patterns {
		if !slices.ContainsFunc(rows, func(r authzRow) bool { return r.pattern == p }) {
			out = append(out, fmt.Sprintf("route %q has no row in the authorization matrix (authz_test.go): add one", p))
		}
	}
	for _, r := range rows {
		if !slices.Contains(patterns, r.pattern) {
			out = append(out, fmt.Sprintf("the matrix has a row for %q, which routes.go no longer has", r.pattern))
		}
	}
	return out
}

// TestAuthorizationMatrix sends every route's sample requests as an
// anonymous visitor, two members, an editor and an admin, each signed in
// through POST /login, and checks each status, and that every answer has
// the security headers. It fails when routes.go
// has a route without a row.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	patterns, err := routePatterns("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(patterns) < 20 || !slices.Contains(patterns, "GET /account") {
		t.Fatalf("found %d routes in routes.go (%q): has the route list moved?", len(patterns), patterns)
	}
	d := starterAuthzData(t)
	rows := authzRows(d)
	for _, gap := range matrixGaps(patterns, rows) {
		t.Error(gap)
	}

	// Each row's request must be routed to its pattern; a mux with the
	// same patterns says which one a request reaches.
	mux := http.NewServeMux()
	for _, p := range patterns {
		mux.HandleFunc(p, func(http.ResponseWriter, *http.Request) {})
	}
	for _, row := range rows {
		method, _, _ := strings.Cut(row.pattern, " ")
		r := httptest.NewRequest(method, row.target, nil)
		if _, got := mux.Handler(r); got != row.pattern {
			t.Errorf("row %q: %s %s is routed to %q", row.pattern, method, row.target, got)
		}
	}
	if t.Failed() {
		return
	}

	f := newAccountFixture(t, Config{}, true)
	d = addMatrixData(t, f, d)
	rows = authzRows(d)
	var cookies [nWho]string
	login := func(who int) {
		if who != anonymous {
			cookies[who] = f.login(t, authzEmails[who], testPassword, "")
		}
	}
	for who := range nWho {
		login(who)
	}

	for _, row := range rows {
		method, _, _ := strings.Cut(row.pattern, " ")
		name := row.pattern
		if row.note != "" {
			name += " (" + row.note + ")"
		}
		t.Run(name, func(t *testing.T) {
			for _, who := range whoOrder {
				q := req{method: method, target: row.target, cookie: cookies[who]}
				if row.form != nil {
					q.form = row.form(who)
				}
				if row.json != "" {
					q.body = row.json
					q.header = map[string]string{"Content-Type": "application/json"}
				}
				w := f.do(t, q)
				if w.Code != row.want[who] {
					t.Errorf("%s: %s %s: status %d, want %d. Body %.200s", whoNames[who], method, row.target, w.Code, row.want[who], w.Body)
				}
				if who == anonymous && row.location != "" && w.Header().Get("Location") != row.location {
					t.Errorf("%s: %s %s: Location %q, want %q", whoNames[who], method, row.target, w.Header().Get("Location"), row.location)
				}
				if row.ownerOnly != "" && w.Code == http.StatusOK && strings.Contains(w.Body.String(), row.ownerOnly) != (who == member) {
					t.Errorf("%s: %s %s: shows the member's %q: %v, want %v", whoNames[who], method, row.target, row.ownerOnly, !(who == member), who == member)
				}
				what := whoNames[who] + ": " + method + " " + row.target
				checkSecurityHeaders(t, what, w.Header(), false)
				if w.Code >= 500 {
					t.Errorf("%s: %s %s: server error", whoNames[who], method, row.target)
				}
				// A request that set or cleared the session cookie (log in,
				// sign up, log out) changed who this browser is: sign the
				// person in again for the next row.
				if setCookie(w) != nil {
					login(who)
				}
			}
		})
	}
}

// starterAuthzData names the starter catalog's objects the matrix works
// on; the review ids are placeholders until addMatrixData.
func starterAuthzData(t *testing.T) authzData {
	t.Helper()
	doc, err := data.Starter()
	if err != nil {
		t.Fatal(err)
	}
	d := authzData{chair: doc.Chairs[0].Slug, chair2: doc.Chairs[1].Slug, chair3: doc.Chairs[2].Slug, published: 1, pending: 2, brand: doc.Chairs[0].Brand,
		place: doc.Places[0].Slug, submission: 1, retailer: testShopA}
	return d
}

// addMatrixData gives the fixture the matrix's people (each with
// testPassword) and objects: the member's published review of d.chair, the
// other member's pending review of d.chair3 and the editorial content. It
// returns d with the reviews' ids.
func addMatrixData(t *testing.T, f *accountFixture, d authzData) authzData {
	t.Helper()
	doc, err := data.Starter()
	if err != nil {
		t.Fatal(err)
	}
	addTestPrices(t, f.st, doc, f.clk.Now())
	hash := testHash(t)
	var users [nWho]account.User
	for who := member; who < nWho; who++ {
		users[who] = f.addUser(t, authzEmails[who], authzRoles[who], hash)
	}
	ctx := context.Background()
	mine := content.OwnerReview{Overall: 5, MonthsOwned: 12, Text: memberReviewText}
	if err := f.st.SaveReview(ctx, d.chair, users[member].ID, mine, media.PhotoEdit{}); err != nil {
		t.Fatal(err)
	}
	theirs := content.OwnerReview{Overall: 2, MonthsOwned: 3, Text: "The other member's pending review of another chair."}
	if err := f.st.SaveReview(ctx, d.chair3, users[otherMember].ID, theirs, media.PhotoEdit{}); err != nil {
		t.Fatal(err)
	}
	for who, slug := range map[int]string{member: d.chair, otherMember: d.chair3} {
		r, err := f.st.UserReview(ctx, slug, users[who].ID)
		if err != nil {
			t.Fatal(err)
		}
		if who == member {
			d.published = r.ID
		} else {
			d.pending = r.ID
		}
	}
	if err := f.st.Moderate(ctx, d.published, true, ""); err != nil {
		t.Fatal(err)
	}
	saveMatrixEditorial(t, f.st, d.chair)
	sub, err := f.st.AddSubmission(ctx, users[member].ID, catalog.Submission{Chair: d.chair, Field: "max_user_weight_kg", Value: "120", How: "manual"})
	if err != nil {
		t.Fatal(err)
	}
	d.submission = sub.ID
	return d
}

// TestAuthorizationMatrixCatchesGaps checks that the coverage check itself
// reports a new route and a stale row.
func TestAuthorizationMatrixCatchesGaps(t *testing.T) {
	t.Parallel()
	rows := authzRows(authzData{chair: "a", chair2: "b", chair3: "c", published: 1, pending: 2, brand: "d", retailer: "e"})
	var patterns []string
	for _, r := range rows {
		if !slices.Contains(patterns, r.pattern) {
			patterns = append(patterns, r.pattern)
		}
	}
	if gaps := matrixGaps(patterns, rows); len(gaps) != 0 {
		t.Fatalf("gaps on the matrix's own patterns: %q", gaps)
	}
	gaps := matrixGaps(append(slices.Clone(patterns), "POST /admin/frobnicate"), rows)
	if len(gaps) != 1 || !strings.Contains(gaps[0], "POST /admin/frobnicate") {
		t.Errorf("a route without a row gives %q, want one gap naming it", gaps)
	}
	gaps = matrixGaps(slices.DeleteFunc(slices.Clone(patterns), func(p string) bool { return p == "GET /account" }), rows)
	if len(gaps) != 1 || !strings.Contains(gaps[0], "GET /account") {
		t.Errorf("a row without a route gives %q, want one gap naming it", gaps)
	}
}
