// This file is over 600 lines on purpose: it holds the admin fixture (one user per role) and the admin forms driven through it.
// Splitting it would scatter one fixture across files.

package web

import (
	"bufio"
	"context"
	"encoding/json"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"masahe/data"
	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/catalog"
	"masahe/internal/phtime"
	"masahe/internal/prices"
	"masahe/internal/store"
)

// adminFixture is the whole site over the starter catalog with a clock the
// test moves (so that cached pages see changes) and a signed-in member,
// editor and admin.
type adminFixture struct {
	apiFixture
	clock  *time.Time
	tokens map[account.Role]string
	users  map[account.Role]account.User
	// mailName is the one message in the mail folder.
	mailName string
}

func newAdminFixture(t *testing.T) adminFixture {
	t.Helper()
	ctx := context.Background()
	clock := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	doc, err := data.Starter()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadStarter(ctx, doc); err != nil {
		t.Fatal(err)
	}
	mailDir, mailName := writeTestMail(t)
	obs := addTestPrices(t, st, doc, clock)
	srv, err := NewServer(Config{BaseURL: "http://example.test", Now: now, SessionIdle: time.Hour, SessionLifetime: time.Hour, Passwords: testPasswords(t), MailDir: mailDir},
		storesOf(st), slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	f := adminFixture{apiFixture: apiFixture{h: checkContract(t, srv), srv: srv, st: st, doc: doc, obs: obs}, clock: &clock, mailName: mailName,
		tokens: map[account.Role]string{}, users: map[account.Role]account.User{}}
	for _, role := range account.Roles {
		u, err := st.CreateUser(ctx, account.User{Email: string(role) + "@example.ph", DisplayName: string(role), Role: role}, "not a real hash")
		if err != nil {
			t.Fatal(err)
		}
		f.users[role] = u
		f.tokens[role] = f.newSession(t, u.ID)
	}
	return f
}

// newSession starts a session for a user and returns its token.
func (f adminFixture) newSession(t *testing.T, userID int64) string {
	t.Helper()
	token, hash, err := account.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.CreateSession(context.Background(), userID, hash, time.Hour); err != nil {
		t.Fatal(err)
	}
	return token
}

// send makes a request as role ("" for an anonymous visitor), posting form
// when it is not nil.
func (f adminFixture) send(t *testing.T, role account.Role, method, target string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	return f.sendToken(t, f.tokens[role], method, target, form)
}

func (f adminFixture) sendToken(t *testing.T, token, method, target string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	var r *http.Request
	if form != nil {
		r = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	if token != "" {
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

// tick moves the clock past the page cache's look at the catalog version.
func (f adminFixture) tick() { *f.clock = f.clock.Add(2 * time.Second) }

func (f adminFixture) audit(t *testing.T) []audit.Entry {
	t.Helper()
	rows, err := f.st.AuditLog(context.Background(), 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// chairForm is the edit form of a chair as the page fills it.
func (f adminFixture) chairForm(t *testing.T, slug string) url.Values {
	t.Helper()
	rec, err := f.st.AdminChair(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return chairValues(rec.Chair)
}

func (f adminFixture) chairJSON(t *testing.T, slug string) string {
	t.Helper()
	rec, err := f.st.AdminChair(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// adminRoutes returns the patterns of routes.go's admin block.
func adminRoutes(t *testing.T) []string {
	t.Helper()
	file, err := os.Open("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	pattern := regexp.MustCompile(`mux\.HandleFunc\("([^"]+)"`)
	var out []string
	in := false
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "// Admin: editors and admins (admin.go).":
			in = true
		case in && line == "":
			in = false
		case in:
			if m := pattern.FindStringSubmatch(line); m != nil {
				out = append(out, m[1])
			}
		}
	}
	if len(out) < 20 {
		t.Fatalf("found %d admin routes in routes.go: has the admin block moved?", len(out))
	}
	return out
}

// target fills a route pattern with records that exist.
func (f adminFixture) target(pattern string) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	slug, id := f.doc.Chairs[0].Slug, f.doc.Sources[0].ID
	switch {
	case strings.HasPrefix(path, "/admin/users/"):
		id = strconv.FormatInt(f.users[account.Member].ID, 10)
	case strings.HasPrefix(path, "/admin/brands/"):
		slug = f.doc.Brands[0].Slug
	case strings.HasPrefix(path, "/admin/retailers/"):
		slug = testShopA
	case strings.HasPrefix(path, "/admin/places/"):
		slug = f.doc.Places[0].Slug
	case strings.HasPrefix(path, "/admin/prices/"):
		id = "1"
	}
	path = strings.NewReplacer("{slug}", slug, "{id}", id, "{action}", "approve", "{name}", f.mailName).Replace(path)
	return method, path
}

func TestAdminAuthorization(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	adminOnly := func(path string) bool {
		return strings.HasPrefix(path, "/admin/audit") || strings.HasPrefix(path, "/admin/users") || strings.HasPrefix(path, "/admin/mail")
	}
	// Tracked URL 1, for the routes that show one.
	if _, err := f.st.SaveTrackedURL(context.Background(), audit.Actor{Email: "setup@example.ph"},
		prices.TrackedURL{ChairSlug: f.doc.Chairs[0].Slug, RetailerSlug: testShopA, URL: "https://shop-a.example.test/tracked"}); err != nil {
		t.Fatal(err)
	}
	before := len(f.audit(t))
	for _, pattern := range adminRoutes(t) {
		method, path := f.target(pattern)
		t.Run(pattern, func(t *testing.T) {
			w := f.send(t, "", method, path, url.Values{})
			if method == http.MethodGet {
				want := "/login?" + url.Values{"next": {path}}.Encode()
				if w.Code != http.StatusSeeOther || w.Header().Get("Location") != want {
					t.Errorf("anonymous: status %d, Location %q; want 303 to %s", w.Code, w.Header().Get("Location"), want)
				}
			} else if w.Code != http.StatusUnauthorized {
				t.Errorf("anonymous: status %d, want 401", w.Code)
			}
			if w := f.send(t, account.Member, method, path, url.Values{}); w.Code != http.StatusForbidden {
				t.Errorf("member: status %d, want 403", w.Code)
			}
			// An editor's posts to their own routes would change the
			// catalog: other tests cover them.
			switch {
			case adminOnly(path):
				if w := f.send(t, account.Editor, method, path, url.Values{}); w.Code != http.StatusForbidden {
					t.Errorf("editor: status %d, want 403", w.Code)
				}
			case method == http.MethodGet:
				if w := f.send(t, account.Editor, method, path, nil); w.Code != http.StatusOK {
					t.Errorf("editor: status %d, want 200. Body %.300s", w.Code, w.Body)
				}
			}
			if method == http.MethodGet {
				if w := f.send(t, account.Admin, method, path, nil); w.Code != http.StatusOK || w.Header().Get("Cache-Control") != "no-store" {
					t.Errorf("admin: status %d, Cache-Control %q; want 200, no-store", w.Code, w.Header().Get("Cache-Control"))
				}
			}
		})
	}
	if n := len(f.audit(t)) - before; n != 0 {
		t.Errorf("refused requests wrote %d audit rows", n)
	}
	// The account page links editors and admins to the admin.
	for _, role := range account.Roles {
		body := f.send(t, role, http.MethodGet, "/account", nil).Body.String()
		if has := strings.Contains(body, `href="/admin"`); has != role.AtLeast(account.Editor) {
			t.Errorf("%s: account page links to /admin: %v", role, has)
		}
	}
}

func TestAdminEditChairSpec(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	c := f.doc.Chairs[0]
	src := f.doc.Sources[1].ID
	form := f.chairForm(t, c.Slug)
	if w := f.send(t, account.Editor, http.MethodGet, "/admin/chairs/"+c.Slug, nil); w.Code != http.StatusOK ||
		!strings.Contains(w.Body.String(), `name="specs.airbags"`) || !strings.Contains(w.Body.String(), `list="source-ids"`) {
		t.Fatalf("edit form: status %d", w.Code)
	}
	old := form.Get("specs.airbags")
	form.Set("specs.airbags", "77")
	form.Set("specs.airbags.source", src)
	form.Del("specs.airbags.sample")
	w := f.send(t, account.Editor, http.MethodPost, "/admin/chairs/"+c.Slug, form)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/chairs/"+c.Slug+"?done=saved" {
		t.Fatalf("save: status %d, Location %q. Body %.500s", w.Code, w.Header().Get("Location"), w.Body)
	}
	got, err := f.st.Chair(context.Background(), c.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := got.Int("airbags"); n != 77 || got.Specs["airbags"].Source != src {
		t.Errorf("airbags = %+v, want 77 from %s", got.Specs["airbags"], src)
	}
	rows := f.audit(t)
	if len(rows) != 1 {
		t.Fatalf("%d audit rows, want 1", len(rows))
	}
	a := rows[0]
	editor := f.users[account.Editor]
	if a.UserID != editor.ID || a.Actor != editor.Email || a.Action != "update" || a.Entity != "chair" || a.Key != c.Slug || !a.At.Equal(*f.clock) {
		t.Errorf("audit row %+v", a)
	}
	changes := diffJSON(a.Before, a.After)
	want := []change{{"specs.airbags.source", "—", src}, {"specs.airbags.value", "—", "77"}}
	if old != "" {
		want = nil // the starter chair published airbags: compare the value only
		if i := slices.IndexFunc(changes, func(c change) bool { return c.Key == "specs.airbags.value" }); i < 0 || changes[i].After != "77" || changes[i].Before != old {
			t.Errorf("changes %+v, want airbags %s → 77", changes, old)
		}
	}
	if want != nil && !slices.Equal(changes, want) {
		t.Errorf("changes %+v, want %+v", changes, want)
	}

	// The admin reads it in the audit log, before → after.
	body := f.send(t, account.Admin, http.MethodGet, "/admin/audit", nil).Body.String()
	for _, s := range []string{editor.Email, "specs.airbags.value", "<td>77</td>", `href="/admin/chairs/` + c.Slug + `"`} {
		if !strings.Contains(body, s) {
			t.Errorf("audit page lacks %q", s)
		}
	}

	// Saving the unchanged form records nothing.
	w = f.send(t, account.Editor, http.MethodPost, "/admin/chairs/"+c.Slug, form)
	if w.Header().Get("Location") != "/admin/chairs/"+c.Slug+"?done=unchanged" || len(f.audit(t)) != 1 {
		t.Errorf("unchanged save: Location %q, %d audit rows", w.Header().Get("Location"), len(f.audit(t)))
	}
}

func TestAdminInvalidSpec(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	c := f.doc.Chairs[0]
	before := f.chairJSON(t, c.Slug)
	form := f.chairForm(t, c.Slug)
	src := f.doc.Sources[0].ID
	form.Set("specs.track", "x")
	form.Set("specs.track.source", src)
	form.Set("specs.user_height_max_cm", "20")
	form.Set("specs.user_height_max_cm.source", src)
	w := f.send(t, account.Editor, http.MethodPost, "/admin/chairs/"+c.Slug, form)
	if w.Code != http.StatusBadRequest {
		t.Fatalf("status %d, want 400. Body %.500s", w.Code, w.Body)
	}
	body := w.Body.String()
	for _, tc := range []struct{ field, message string }{
		{"specs.track", "must be one of s, l, sl, j"},
		{"specs.user_height_max_cm", "must be from 100 to 230 cm"},
	} {
		// The control points at its error, and the error follows it.
		control := regexp.MustCompile(`id="f-` + regexp.QuoteMeta(tc.field) + `"[^>]*aria-describedby="e-` + regexp.QuoteMeta(tc.field) + `"`)
		if !control.MatchString(body) {
			t.Errorf("%s: the control is not described by its error", tc.field)
		}
		msg := regexp.MustCompile(`id="e-` + regexp.QuoteMeta(tc.field) + `">([^<]*)<`).FindStringSubmatch(body)
		if msg == nil || !strings.Contains(html.UnescapeString(msg[1]), tc.message) {
			t.Errorf("%s: error beside the field %q, want %q", tc.field, msg, tc.message)
		}
		if !strings.Contains(body, `href="#f-`+tc.field+`"`) {
			t.Errorf("%s: not linked from the list of problems", tc.field)
		}
	}
	if !strings.Contains(body, `name="specs.user_height_max_cm" value="20"`) {
		t.Errorf("the form lost the typed height")
	}
	if after := f.chairJSON(t, c.Slug); after != before {
		t.Errorf("the chair changed:\n%s\n%s", before, after)
	}
	if n := len(f.audit(t)); n != 0 {
		t.Errorf("%d audit rows after a refused save", n)
	}

	// Text in a number field is refused the same way.
	form = f.chairForm(t, c.Slug)
	form.Set("specs.airbags", "NaN")
	form.Set("specs.airbags.source", src)
	if w := f.send(t, account.Editor, http.MethodPost, "/admin/chairs/"+c.Slug, form); w.Code != http.StatusBadRequest ||
		!strings.Contains(w.Body.String(), `id="e-specs.airbags">must be a number`) {
		t.Errorf("NaN airbags: status %d", w.Code)
	}
}

func TestAdminNewRecords(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	brand := f.doc.Chairs[0].Brand
	// A new chair citing a new source, both created in one save.
	form := url.Values{"slug": {"zz-admin-chair"}, "name": {"Admin One"}, "brand": {brand},
		"specs.track": {"sl"}, "specs.track.source": {"zz-admin-source"},
		"specs.heat": {"true"}, "specs.heat.sample": {"true"},
		"specs.service_areas": {"Metro Manila, Cebu"}, "specs.service_areas.sample": {"true"},
		"new_source.id": {"zz-admin-source"}, "new_source.url": {"https://example.ph/spec"}, "new_source.title": {"Spec sheet"}}
	// A new source must say its market and kind.
	w := f.send(t, account.Editor, http.MethodPost, "/admin/chairs/new", form)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `id="e-new_source.market">is required for a new source`) ||
		!strings.Contains(w.Body.String(), `id="e-new_source.kind">is required for a new source`) {
		t.Fatalf("new source without market and kind: status %d. Body %.800s", w.Code, w.Body)
	}
	form.Set("new_source.market", "PH")
	form.Set("new_source.kind", catalog.KindManufacturer)
	w = f.send(t, account.Editor, http.MethodPost, "/admin/chairs/new", form)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/chairs/zz-admin-chair?done=created" {
		t.Fatalf("new chair: status %d, Location %q. Body %.800s", w.Code, w.Header().Get("Location"), w.Body)
	}
	c, err := f.st.Chair(context.Background(), "zz-admin-chair")
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := c.Str("track"); v != "sl" || !slices.Equal(c.Specs["service_areas"].Value.([]string), []string{"Metro Manila", "Cebu"}) {
		t.Errorf("new chair specs %+v", c.Specs)
	}
	if n := len(f.audit(t)); n != 2 {
		t.Errorf("%d audit rows, want 2 (chair and source)", n)
	}
	// The same slug again is refused beside the slug field.
	w = f.send(t, account.Editor, http.MethodPost, "/admin/chairs/new", form)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `id="e-slug">a chair with this slug already exists`) ||
		!strings.Contains(w.Body.String(), `id="e-new_source.id">a source with this id already exists`) {
		t.Errorf("duplicate chair: status %d. Body %.800s", w.Code, w.Body)
	}

	// A brand in use cannot be retired; an unused one can.
	w = f.send(t, account.Editor, http.MethodPost, "/admin/brands/"+brand+"/retire", url.Values{})
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "no chair uses it") {
		t.Errorf("retiring a brand in use: status %d", w.Code)
	}
	w = f.send(t, account.Editor, http.MethodPost, "/admin/brands/new", url.Values{"slug": {"zz-brand"}, "name": {""}, "website": {"nope"}})
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `id="e-name">is required`) ||
		!strings.Contains(w.Body.String(), `id="e-website">must be an absolute http or https URL`) {
		t.Errorf("invalid brand: status %d", w.Code)
	}
	if w := f.send(t, account.Editor, http.MethodPost, "/admin/brands/new", url.Values{"slug": {"zz-brand"}, "name": {"ZZ"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("new brand: status %d", w.Code)
	}
	if w := f.send(t, account.Editor, http.MethodPost, "/admin/brands/zz-brand/retire", url.Values{}); w.Code != http.StatusSeeOther {
		t.Errorf("retiring an unused brand: status %d", w.Code)
	}

	// A price an editor records: one that is not an amount is refused
	// beside its field; a good one becomes the chair's current offer, with
	// its audit row.
	chair := f.doc.Chairs[1].Slug
	price := url.Values{"retailer": {testShopB}, "price": {"lots"}, "observed_at": {"2026-11-20"}}
	w = f.send(t, account.Editor, http.MethodPost, "/admin/chairs/"+chair+"/prices/new", price)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `id="e-price">must be an amount in pesos`) {
		t.Errorf("bad price: status %d. Body %.500s", w.Code, w.Body)
	}
	price.Set("price", "129,990")
	price.Set("observed_at", f.clock.In(phtime.Manila).Format(time.DateOnly))
	if w := f.send(t, account.Editor, http.MethodPost, "/admin/chairs/"+chair+"/prices/new", price); w.Code != http.StatusSeeOther {
		t.Fatalf("new price: status %d. Body %.500s", w.Code, w.Body)
	}
	priced, err := f.st.Chair(context.Background(), chair)
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(priced.Offers, func(o prices.Offer) bool { return o.RetailerSlug == testShopB }); i < 0 ||
		priced.Offers[i].Price != prices.Pesos(129990) || priced.Offers[i].Method != prices.ByEditor {
		t.Errorf("offers after the editor's price: %+v", priced.Offers)
	}
	if rows, _ := f.st.AuditLog(context.Background(), 1, 0); len(rows) != 1 || rows[0].Entity != "observation" || rows[0].Key != chair+"/"+testShopB {
		t.Errorf("audit rows %+v", rows)
	}
	if w := f.send(t, account.Editor, http.MethodPost, "/admin/chairs/"+chair+"/prices/new", price); w.Code != http.StatusBadRequest {
		t.Errorf("the same price again: status %d, want 400 (already recorded)", w.Code)
	}
}

func TestAdminRetireChair(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	c := f.doc.Chairs[0]
	word := strings.Fields(c.Name)[0]
	visible := func() map[string]bool {
		t.Helper()
		seen := map[string]bool{}
		_, body := f.fetch(t, "/chairs?per_page=100")
		seen["/chairs"] = strings.Contains(body, `href="/chairs/`+c.Slug+`"`)
		_, body = f.fetch(t, "/search?q="+url.QueryEscape(word))
		seen["/search"] = strings.Contains(body, `href="/chairs/`+c.Slug+`"`)
		items, _ := f.listAll(t, "/api/v1/chairs", "")
		seen["/api/v1/chairs"] = slices.Contains(slugsOf(items), c.Slug)
		code, _ := f.fetch(t, "/chairs/"+c.Slug)
		seen["/chairs/{slug}"] = code == http.StatusOK
		a := f.find(t, `{"height_cm": 170}`)
		seen["finder"] = slices.Contains(a.resultSlugs(), c.Slug) || slices.Contains(a.excludedSlugs(), c.Slug)
		return seen
	}
	for where, ok := range visible() {
		if !ok {
			t.Fatalf("before retiring: not in %s", where)
		}
	}
	w := f.send(t, account.Editor, http.MethodPost, "/admin/chairs/"+c.Slug+"/retire", url.Values{})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("retire: status %d", w.Code)
	}
	f.tick()
	for where, ok := range visible() {
		if ok {
			t.Errorf("the retired chair is still in %s", where)
		}
	}
	body := f.send(t, account.Editor, http.MethodGet, "/admin/chairs", nil).Body.String()
	if !regexp.MustCompile(`href="/admin/chairs/` + c.Slug + `">[^<]*</a> <span class="badge retired">retired</span>`).MatchString(body) {
		t.Errorf("the admin list does not mark the chair retired")
	}
	if body := f.send(t, account.Editor, http.MethodGet, "/admin/chairs/"+c.Slug, nil).Body.String(); !strings.Contains(body, "/restore") {
		t.Errorf("the retired chair's page offers no restore")
	}
	if w := f.send(t, account.Editor, http.MethodPost, "/admin/chairs/"+c.Slug+"/restore", url.Values{}); w.Code != http.StatusSeeOther {
		t.Fatalf("restore: status %d", w.Code)
	}
	f.tick()
	for where, ok := range visible() {
		if !ok {
			t.Errorf("the restored chair is not in %s", where)
		}
	}
	rows := f.audit(t)
	if len(rows) != 2 || rows[0].Action != "restore" || rows[1].Action != "retire" || rows[1].Key != c.Slug {
		t.Errorf("audit rows %+v", rows)
	}
}

func TestAdminUsers(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	member := f.users[account.Member]
	admin := f.users[account.Admin]
	path := func(id int64, action string) string {
		return "/admin/users/" + strconv.FormatInt(id, 10) + "/" + action
	}

	if body := f.send(t, account.Admin, http.MethodGet, "/admin/users", nil).Body.String(); !strings.Contains(body, member.Email) {
		t.Errorf("the users page does not list %s", member.Email)
	}
	w := f.send(t, account.Admin, http.MethodPost, path(member.ID, "role"), url.Values{"role": {"editor"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/users?done=role" {
		t.Fatalf("change role: status %d, Location %q", w.Code, w.Header().Get("Location"))
	}
	if u, _ := f.st.User(context.Background(), member.ID); u.Role != account.Editor {
		t.Errorf("role = %s, want editor", u.Role)
	}
	// The old session ended: the account page sends them to log in.
	if w := f.send(t, account.Member, http.MethodGet, "/account", nil); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login") {
		t.Errorf("the target's old session: status %d, Location %q; want sent to log in", w.Code, w.Header().Get("Location"))
	}
	// A new login gets the new rights.
	if w := f.sendToken(t, f.newSession(t, member.ID), http.MethodGet, "/admin", nil); w.Code != http.StatusOK {
		t.Errorf("the new editor's /admin: status %d", w.Code)
	}

	for _, tc := range []struct {
		name, target string
		form         url.Values
		status       int
		message      string
	}{
		{"demote self", path(admin.ID, "role"), url.Values{"role": {"member"}}, http.StatusForbidden, "you cannot change your own role"},
		{"disable self", path(admin.ID, "disable"), url.Values{}, http.StatusForbidden, "you cannot disable or enable your own account"},
		{"unknown role", path(member.ID, "role"), url.Values{"role": {"king"}}, http.StatusBadRequest, "role must be member, editor or admin"},
		{"unknown user", path(99999, "disable"), url.Values{}, http.StatusNotFound, "no user"},
	} {
		w := f.send(t, account.Admin, http.MethodPost, tc.target, tc.form)
		if w.Code != tc.status || !strings.Contains(html.UnescapeString(w.Body.String()), tc.message) {
			t.Errorf("%s: status %d, want %d with %q", tc.name, w.Code, tc.status, tc.message)
		}
	}
	if u, _ := f.st.User(context.Background(), admin.ID); u.Role != account.Admin || u.Disabled {
		t.Errorf("the admin is now %+v", u)
	}
	if w := f.send(t, account.Admin, http.MethodGet, "/admin", nil); w.Code != http.StatusOK {
		t.Errorf("the admin's own session: status %d", w.Code)
	}

	editor := f.users[account.Editor]
	if w := f.send(t, account.Admin, http.MethodPost, path(editor.ID, "disable"), url.Values{}); w.Code != http.StatusSeeOther {
		t.Fatalf("disable: status %d", w.Code)
	}
	if w := f.send(t, account.Editor, http.MethodGet, "/admin", nil); w.Code != http.StatusSeeOther {
		t.Errorf("disabled editor: status %d, want sent to log in", w.Code)
	}
	if w := f.send(t, account.Admin, http.MethodPost, path(editor.ID, "enable"), url.Values{}); w.Code != http.StatusSeeOther {
		t.Fatalf("enable: status %d", w.Code)
	}
	if body := f.send(t, account.Admin, http.MethodGet, "/admin/audit", nil).Body.String(); !strings.Contains(body, member.Email+" (user ") ||
		!strings.Contains(body, "<td>member</td><td>editor</td>") {
		t.Errorf("the audit page does not show the role change of %s", member.Email)
	}
	var actions []string
	for _, r := range f.audit(t) {
		actions = append(actions, r.Action+" "+r.Key)
	}
	want := []string{"enable " + strconv.FormatInt(editor.ID, 10), "disable " + strconv.FormatInt(editor.ID, 10), "set_role " + strconv.FormatInt(member.ID, 10)}
	if !slices.Equal(actions, want) {
		t.Errorf("audit %q, want %q", actions, want)
	}
}

func TestDiffJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		before, after string
		want          []change
	}{
		{`{"a":1,"b":{"c":"x"}}`, `{"a":1,"b":{"c":"y"}}`, []change{{"b.c", "x", "y"}}},
		{``, `{"slug":"s","list":["a","b"]}`, []change{{"list", "—", `["a","b"]`}, {"slug", "—", "s"}}},
		{`{"retired":false}`, `{"retired":true}`, []change{{"retired", "false", "true"}}},
		{`{"a":1}`, ``, []change{{"a", "1", "—"}}},
		{`{"a":1}`, `{"a":1}`, nil},
	} {
		if got := diffJSON(tc.before, tc.after); !slices.Equal(got, tc.want) {
			t.Errorf("diffJSON(%s, %s) = %+v, want %+v", tc.before, tc.after, got, tc.want)
		}
	}
}

// TestChairFormRoundTrip checks that every starter chair's form values
// read back as the same chair, so that saving an untouched form changes
// nothing.
func TestChairFormRoundTrip(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	for _, c := range f.doc.Chairs {
		rec, err := f.st.AdminChair(context.Background(), c.Slug)
		if err != nil {
			t.Fatal(err)
		}
		back := chairFrom(chairValues(rec.Chair), c.Slug)
		doc := &catalog.Document{Chairs: []catalog.Chair{back}}
		known := catalog.Known{Sources: map[string]bool{}, Brands: map[string]bool{c.Brand: true}}
		for _, s := range f.doc.Sources {
			known.Sources[s.ID] = true
		}
		if err := doc.Validate(known); err != nil {
			t.Fatalf("%s: %v", c.Slug, err)
		}
		want := rec.Chair
		want.BrandName, want.Offers, want.RetailerNames, want.Sources, want.RatingSum, want.RatingCount = "", nil, nil, nil, 0, 0
		a, _ := json.Marshal(want)
		b, _ := json.Marshal(doc.Chairs[0])
		if string(a) != string(b) {
			t.Errorf("%s: form round trip\n%s\n%s", c.Slug, a, b)
		}
	}
}
