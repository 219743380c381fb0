// This file is over 600 lines on purpose: it holds accounts: the shared account fixture (server, clock, log, request helper) and the sign-up, login, session and cookie cases that use it.
// Splitting it would scatter one fixture across files.

package web

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"masahe/data"
	"masahe/internal/account"
	"masahe/internal/errs"
	"masahe/internal/store"
)

// testClock is a clock the test moves by hand, shared by the store and
// the server.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// logBuffer collects the server's log.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// accountFixture is the whole handler over a SQLite file, with one clock
// for the store and the server, and the server's log.
type accountFixture struct {
	h    http.Handler
	srv  *Server
	st   *store.Store
	clk  *testClock
	logs *logBuffer
	db   string // the SQLite file
}

const (
	testIdle     = time.Hour
	testLifetime = 3 * time.Hour
	// testPassword is every fixture user's password.
	testPassword = "maalat na tubig sa dagat"
)

// newAccountFixture starts a server with cfg; zero session limits become
// testIdle and testLifetime, and the clock is always the fixture's.
// withCatalog loads the starter catalog.
func newAccountFixture(t *testing.T, cfg Config, withCatalog bool) *accountFixture {
	t.Helper()
	return newAccountFixtureOn(t, filepath.Join(t.TempDir(), "accounts.db"), cfg, withCatalog)
}

// newAccountFixtureOn is newAccountFixture on the database db (a SQLite
// path or a postgres:// URL).
func newAccountFixtureOn(t *testing.T, db string, cfg Config, withCatalog bool) *accountFixture {
	t.Helper()
	ctx := context.Background()
	clk := &testClock{t: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)}
	st, err := store.Open(ctx, db, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if withCatalog {
		doc, err := data.Starter()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.LoadStarter(ctx, doc); err != nil {
			t.Fatal(err)
		}
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://example.com"
	}
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = testIdle
	}
	if cfg.SessionLifetime == 0 {
		cfg.SessionLifetime = testLifetime
	}
	cfg.Now = clk.Now
	if cfg.Passwords == nil {
		cfg.Passwords = testPasswords(t)
	}
	logs := &logBuffer{}
	srv, err := NewServer(cfg, storesOf(st), slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	f := &accountFixture{h: checkContract(t, srv), srv: srv, st: st, clk: clk, logs: logs, db: db}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return f
}

// req describes one request to the fixture.
type req struct {
	method, target string
	form           url.Values // sent as a form body when not nil
	body           string     // sent as is when form is nil
	cookie         string     // the session token, if any
	header         map[string]string
	remote         string // RemoteAddr; "" keeps httptest's 192.0.2.1:1234
}

func (f *accountFixture) do(t *testing.T, q req) *httptest.ResponseRecorder {
	t.Helper()
	var body io.Reader
	if q.form != nil {
		body = strings.NewReader(q.form.Encode())
	} else if q.body != "" {
		body = strings.NewReader(q.body)
	}
	r := httptest.NewRequest(q.method, q.target, body)
	if q.form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if q.method == http.MethodPost {
		// What a browser sends with a form posted from this site's page.
		r.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for k, v := range q.header {
		if v == "" {
			r.Header.Del(k)
		} else {
			r.Header.Set(k, v)
		}
	}
	if q.cookie != "" {
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: q.cookie})
	}
	if q.remote != "" {
		r.RemoteAddr = q.remote
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

func (f *accountFixture) post(t *testing.T, target string, form url.Values, cookie string) *httptest.ResponseRecorder {
	t.Helper()
	return f.do(t, req{method: http.MethodPost, target: target, form: form, cookie: cookie})
}

func (f *accountFixture) get(t *testing.T, target, cookie string) *httptest.ResponseRecorder {
	t.Helper()
	return f.do(t, req{method: http.MethodGet, target: target, cookie: cookie})
}

// setCookie returns the session cookie a response sets, or nil.
func setCookie(w *httptest.ResponseRecorder) *http.Cookie {
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie {
			return c
		}
	}
	return nil
}

// addUser creates a user through the store with hash (of testPassword
// unless the test made another), its address verified as an operator's
// account is.
func (f *accountFixture) addUser(t *testing.T, email string, role account.Role, hash string) account.User {
	t.Helper()
	u, err := f.st.CreateUser(context.Background(), account.User{Email: email, DisplayName: strings.Split(email, "@")[0], Role: role, Verified: true}, hash)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func testHash(t *testing.T) string {
	t.Helper()
	h, err := testPasswords(t).Hash(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// login posts the login form and requires a new session; it returns the
// session token.
func (f *accountFixture) login(t *testing.T, email, pw, cookie string) string {
	t.Helper()
	w := f.post(t, "/login", url.Values{"email": {email}, "password": {pw}}, cookie)
	c := setCookie(w)
	if w.Code != http.StatusSeeOther || c == nil || c.Value == "" {
		t.Fatalf("login %s: status %d, cookie %v, body %.300s", email, w.Code, c, w.Body)
	}
	return c.Value
}

// signedIn reports whether token is a live session, by asking for the
// account page.
func (f *accountFixture) signedIn(t *testing.T, token string) bool {
	t.Helper()
	w := f.get(t, "/account", token)
	switch w.Code {
	case http.StatusOK:
		return true
	case http.StatusSeeOther:
		if loc := w.Header().Get("Location"); !strings.HasPrefix(loc, "/login?") {
			t.Fatalf("GET /account redirected to %q, want /login", loc)
		}
		return false
	}
	t.Fatalf("GET /account: status %d", w.Code)
	return false
}

// sqlDB opens the fixture's database file directly.
func (f *accountFixture) sqlDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+f.db+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func (f *accountFixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.sqlDB(t).QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// formError is the text of the page's form error paragraph.
var formErrorRE = regexp.MustCompile(`(?s)<p class="error" role="alert"[^>]*>(.*?)</p>`)

func formError(body string) string {
	m := formErrorRE.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

func TestSignupSetsSessionCookie(t *testing.T) {
	t.Parallel()
	for _, secure := range []bool{false, true} {
		t.Run(fmt.Sprintf("SecureCookies=%v", secure), func(t *testing.T) {
			f := newAccountFixture(t, Config{SecureCookies: secure}, false)
			w := f.post(t, "/signup", url.Values{"email": {" Juan@Example.PH "}, "display_name": {"Juan"}, "password": {testPassword}}, "")
			if w.Code != http.StatusOK || setCookie(w) != nil || !strings.Contains(w.Body.String(), "Sign-up received") {
				t.Fatalf("signup: status %d, cookie %v; want 200, the received page and no session. Body %.300s", w.Code, setCookie(w), w.Body)
			}
			// Sign-up does not log in (it must answer a taken address the
			// same way); the new account logs in next.
			w = f.post(t, "/login", url.Values{"email": {"juan@example.ph"}, "password": {testPassword}}, "")
			if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/account" {
				t.Fatalf("login: status %d, Location %q; want 303 to /account. Body %.300s", w.Code, w.Header().Get("Location"), w.Body)
			}
			c := setCookie(w)
			if c == nil {
				t.Fatalf("signup set no %s cookie; Set-Cookie %q", sessionCookie, w.Header().Values("Set-Cookie"))
			}
			raw := w.Header().Get("Set-Cookie")
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" || strings.Contains(strings.ToLower(raw), "domain=") {
				t.Errorf("cookie %q: want HttpOnly, SameSite=Lax, Path=/ and no Domain", raw)
			}
			if c.Secure != secure {
				t.Errorf("cookie %q: Secure = %v, want %v (Config.SecureCookies)", raw, c.Secure, secure)
			}
			if c.MaxAge != int(testLifetime/time.Second) {
				t.Errorf("cookie Max-Age = %d, want the session lifetime %d", c.MaxAge, int(testLifetime/time.Second))
			}
			token, err := base64.RawURLEncoding.DecodeString(c.Value)
			if err != nil || len(token) < 16 {
				t.Errorf("token %q: %d bytes, %v; want at least 128 random bits", c.Value, len(token), err)
			}

			// The database holds the token's SHA-256 hash and nowhere the
			// token itself.
			if n := f.count(t, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", account.HashToken(c.Value)); n != 1 {
				t.Errorf("sessions rows under the token's SHA-256 = %d, want 1", n)
			}
			rows, err := f.sqlDB(t).Query("SELECT token_hash, user_id, created_at, last_seen_at, expires_at FROM sessions")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var hash string
				var uid, created, seen, expires int64
				if err := rows.Scan(&hash, &uid, &created, &seen, &expires); err != nil {
					t.Fatal(err)
				}
				if strings.Contains(hash, c.Value) || hash == c.Value {
					t.Errorf("the sessions table holds the cookie value")
				}
				if now := f.clk.Now().Unix(); created != now || expires != now+int64(testLifetime/time.Second) {
					t.Errorf("session created %d expires %d; want %d and %d", created, expires, now, now+int64(testLifetime/time.Second))
				}
			}

			page := f.get(t, "/account", c.Value)
			if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "juan@example.ph") {
				t.Errorf("GET /account with the new cookie: status %d, body %.300s", page.Code, page.Body)
			}
		})
	}
}

func TestLoginIssuesNewToken(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	u := f.addUser(t, "ana@example.ph", account.Member, testHash(t))
	first := f.login(t, "ana@example.ph", testPassword, "")
	// Logging in again from the same browser (sending the old cookie).
	second := f.login(t, "ana@example.ph", testPassword, first)
	if second == first {
		t.Fatalf("the second login reused the token %q", first)
	}
	if f.signedIn(t, first) {
		t.Errorf("the token from before the second login still works")
	}
	if !f.signedIn(t, second) {
		t.Errorf("the new token does not work")
	}
	if n := f.count(t, "SELECT COUNT(*) FROM sessions WHERE user_id = ?", u.ID); n != 1 {
		t.Errorf("%d sessions after logging in twice in one browser, want 1: the old one is not removed", n)
	}
	// A login from another browser is another session; both work.
	other := f.login(t, "ana@example.ph", testPassword, "")
	if !f.signedIn(t, other) || !f.signedIn(t, second) {
		t.Errorf("two browsers: signed in %v and %v, want both", f.signedIn(t, second), f.signedIn(t, other))
	}
	// A cookie with a made-up value is no session.
	if f.signedIn(t, "made-up-token") {
		t.Errorf("a made-up token is accepted")
	}
	// The cookie's value must be the token, not its stored hash.
	if f.signedIn(t, account.HashToken(second)) {
		t.Errorf("the stored hash works as a cookie")
	}
}

func TestRoleChangeEndsSessions(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	u := f.addUser(t, "ed@example.ph", account.Member, testHash(t))
	a := f.login(t, "ed@example.ph", testPassword, "")
	b := f.login(t, "ed@example.ph", testPassword, "")
	if err := f.st.SetRole(context.Background(), u.ID, account.Editor); err != nil {
		t.Fatal(err)
	}
	if f.signedIn(t, a) || f.signedIn(t, b) {
		t.Errorf("sessions survive a role change")
	}
	c := f.login(t, "ed@example.ph", testPassword, "")
	if w := f.get(t, "/account", c); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "editor") {
		t.Errorf("after the role change and a new login: status %d, body %.300s", w.Code, w.Body)
	}
	if err := f.st.SetDisabled(context.Background(), u.ID, true); err != nil {
		t.Fatal(err)
	}
	if f.signedIn(t, c) {
		t.Errorf("a session survives disabling the user")
	}
}

func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	f.addUser(t, "lea@example.ph", account.Member, testHash(t))

	t.Run("idle", func(t *testing.T) {
		token := f.login(t, "lea@example.ph", testPassword, "")
		f.clk.Advance(testIdle - time.Second)
		if !f.signedIn(t, token) {
			t.Fatalf("session ended before its idle limit")
		}
		f.clk.Advance(testIdle - time.Second)
		if !f.signedIn(t, token) {
			t.Fatalf("a visit did not renew the idle limit")
		}
		f.clk.Advance(testIdle)
		if f.signedIn(t, token) {
			t.Errorf("session alive after %v unused (idle limit %v)", testIdle, testIdle)
		}
	})

	t.Run("absolute", func(t *testing.T) {
		token := f.login(t, "lea@example.ph", testPassword, "")
		start := f.clk.Now()
		for f.clk.Now().Sub(start)+testIdle/2 < testLifetime {
			f.clk.Advance(testIdle / 2)
			if !f.signedIn(t, token) {
				t.Fatalf("session used every %v ended after %v, before its lifetime %v", testIdle/2, f.clk.Now().Sub(start), testLifetime)
			}
		}
		f.clk.Advance(testLifetime - f.clk.Now().Sub(start))
		if f.signedIn(t, token) {
			t.Errorf("session alive %v after login (lifetime %v), though in use", f.clk.Now().Sub(start), testLifetime)
		}
	})
}

func TestLogout(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	u := f.addUser(t, "rey@example.ph", account.Member, testHash(t))
	token := f.login(t, "rey@example.ph", testPassword, "")
	other := f.login(t, "rey@example.ph", testPassword, "")

	// No state change on GET.
	for _, target := range []string{"/logout", "/account/logout-others", "/account/delete", "/account/password"} {
		if w := f.get(t, target, token); w.Code != http.StatusMethodNotAllowed {
			t.Errorf("GET %s: status %d, want 405", target, w.Code)
		}
	}
	if !f.signedIn(t, token) || !f.signedIn(t, other) {
		t.Fatalf("a GET ended a session")
	}

	w := f.post(t, "/logout", url.Values{}, token)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/" {
		t.Errorf("POST /logout: status %d, Location %q; want 303 to /", w.Code, w.Header().Get("Location"))
	}
	if c := setCookie(w); c == nil || c.MaxAge >= 0 || c.Value != "" {
		t.Errorf("POST /logout cookie = %v, want the cookie cleared (empty, Max-Age<0)", c)
	}
	if f.signedIn(t, token) {
		t.Errorf("the token works after logout")
	}
	if n := f.count(t, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", account.HashToken(token)); n != 0 {
		t.Errorf("the session row remains after logout")
	}
	if !f.signedIn(t, other) {
		t.Errorf("logout ended the user's other session")
	}
	if n := f.count(t, "SELECT COUNT(*) FROM sessions WHERE user_id = ?", u.ID); n != 1 {
		t.Errorf("%d sessions after logging out one of two, want 1", n)
	}
	// Logging out without a session is harmless.
	if w := f.post(t, "/logout", url.Values{}, ""); w.Code != http.StatusSeeOther {
		t.Errorf("POST /logout without a session: status %d, want 303", w.Code)
	}
}

func TestLogoutOthers(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	hash := testHash(t)
	f.addUser(t, "kim@example.ph", account.Member, hash)
	f.addUser(t, "lou@example.ph", account.Member, hash)
	here := f.login(t, "kim@example.ph", testPassword, "")
	phone := f.login(t, "kim@example.ph", testPassword, "")
	tablet := f.login(t, "kim@example.ph", testPassword, "")
	stranger := f.login(t, "lou@example.ph", testPassword, "")

	w := f.post(t, "/account/logout-others", url.Values{}, here)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/account?done=sessions" {
		t.Fatalf("POST /account/logout-others: status %d, Location %q", w.Code, w.Header().Get("Location"))
	}
	if !f.signedIn(t, here) {
		t.Errorf("log out everywhere else ended the current session")
	}
	if f.signedIn(t, phone) || f.signedIn(t, tablet) {
		t.Errorf("log out everywhere else left another session alive")
	}
	if !f.signedIn(t, stranger) {
		t.Errorf("log out everywhere else ended another user's session")
	}
	if p := f.get(t, "/account?done=sessions", here); !strings.Contains(p.Body.String(), "logged out everywhere else") {
		t.Errorf("the account page does not confirm: %.300s", p.Body)
	}
}

func TestPasswordChange(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	u := f.addUser(t, "mia@example.ph", account.Member, testHash(t))
	here := f.login(t, "mia@example.ph", testPassword, "")
	there := f.login(t, "mia@example.ph", testPassword, "")
	const newPassword = "bagong susi ng bahay"
	before, _ := f.st.PasswordHash(context.Background(), u.ID)

	bad := []struct {
		name    string
		form    url.Values
		message string
	}{
		{"wrong current password", url.Values{"current_password": {"not my password"}, "new_password": {newPassword}}, "current password is not right"},
		{"no current password", url.Values{"new_password": {newPassword}}, "current password is not right"},
		{"short new password", url.Values{"current_password": {testPassword}, "new_password": {"kort"}}, "at least 8"},
		{"common new password", url.Values{"current_password": {testPassword}, "new_password": {"Password1"}}, "breached or common"},
		{"new password is the email", url.Values{"current_password": {testPassword}, "new_password": {"MIA@example.ph"}}, "email address"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			w := f.post(t, "/account/password", tt.form, here)
			if w.Code != http.StatusBadRequest {
				t.Errorf("status %d, want 400", w.Code)
			}
			if msg := formError(w.Body.String()); !strings.Contains(msg, tt.message) {
				t.Errorf("form error %q, want it to say %q", msg, tt.message)
			}
			if h, _ := f.st.PasswordHash(context.Background(), u.ID); h != before {
				t.Errorf("a refused change changed the password hash")
			}
			if !f.signedIn(t, there) {
				t.Errorf("a refused change ended the other session")
			}
		})
	}

	w := f.post(t, "/account/password", url.Values{"current_password": {testPassword}, "new_password": {newPassword}}, here)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/account?done=password" {
		t.Fatalf("change password: status %d, Location %q, body %.300s", w.Code, w.Header().Get("Location"), w.Body)
	}
	if !f.signedIn(t, here) {
		t.Errorf("changing the password ended the current session")
	}
	if f.signedIn(t, there) {
		t.Errorf("changing the password left another session alive")
	}
	if w := f.post(t, "/login", url.Values{"email": {"mia@example.ph"}, "password": {testPassword}}, ""); w.Code != http.StatusUnauthorized {
		t.Errorf("login with the old password: status %d, want 401", w.Code)
	}
	f.login(t, "mia@example.ph", newPassword, "")
}

func TestDeleteAccount(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	hash := testHash(t)
	u := f.addUser(t, "noel@example.ph", account.Member, hash)
	f.addUser(t, "ofelia@example.ph", account.Member, hash)
	here := f.login(t, "noel@example.ph", testPassword, "")
	there := f.login(t, "noel@example.ph", testPassword, "")
	bystander := f.login(t, "ofelia@example.ph", testPassword, "")

	w := f.post(t, "/account/delete", url.Values{"current_password": {"not my password"}}, here)
	if w.Code != http.StatusBadRequest || !strings.Contains(formError(w.Body.String()), "current password") {
		t.Errorf("delete with a wrong password: status %d, error %q; want 400", w.Code, formError(w.Body.String()))
	}
	if _, err := f.st.User(context.Background(), u.ID); err != nil {
		t.Fatalf("a refused delete removed the user: %v", err)
	}

	w = f.post(t, "/account/delete", url.Values{"current_password": {testPassword}}, here)
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/") {
		t.Fatalf("delete: status %d, Location %q, body %.300s", w.Code, w.Header().Get("Location"), w.Body)
	}
	if c := setCookie(w); c == nil || c.MaxAge >= 0 {
		t.Errorf("delete did not clear the cookie: %v", c)
	}
	if _, err := f.st.User(context.Background(), u.ID); errs.CodeOf(err) != errs.NotFound {
		t.Errorf("User after delete: %v, want not found", err)
	}
	if n := f.count(t, "SELECT COUNT(*) FROM sessions WHERE user_id = ?", u.ID); n != 0 {
		t.Errorf("%d sessions of the deleted user remain", n)
	}
	if n := f.count(t, "SELECT COUNT(*) FROM users WHERE email = ?", "noel@example.ph"); n != 0 {
		t.Errorf("the users table still holds the deleted address")
	}
	if f.signedIn(t, here) || f.signedIn(t, there) {
		t.Errorf("a deleted user's session still works")
	}
	if !f.signedIn(t, bystander) {
		t.Errorf("deleting one account ended another user's session")
	}
	if w := f.post(t, "/login", url.Values{"email": {"noel@example.ph"}, "password": {testPassword}}, ""); w.Code != http.StatusUnauthorized {
		t.Errorf("login as the deleted user: status %d, want 401", w.Code)
	}
}

func TestSignupErrors(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	f.addUser(t, "taken@example.ph", account.Member, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$a2V5")
	ok := url.Values{"email": {"new@example.ph"}, "display_name": {"Nena"}, "password": {testPassword}}
	with := func(k, v string) url.Values {
		out := url.Values{}
		for kk, vv := range ok {
			out[kk] = vv
		}
		out.Set(k, v)
		return out
	}
	tests := []struct {
		name    string
		form    url.Values
		status  int
		message string
	}{
		{"bad email", with("email", "not an address"), 400, "enter an email address"},
		{"no email", with("email", ""), 400, "enter an email address"},
		{"empty display name", with("display_name", "   "), 400, "display name must be 1 to 50"},
		{"long display name", with("display_name", strings.Repeat("ñ", 51)), 400, "display name must be 1 to 50"},
		{"short password", with("password", "1234567"), 400, "at least 8"},
		{"long password", with("password", strings.Repeat("x", 129)), 400, "at most 128"},
		{"common password", with("password", "iloveyou"), 400, "breached or common"},
		{"common password in capitals", with("password", "PASSWORD1"), 400, "breached or common"},
		{"breached password", with("password", "letmein1"), 400, "breached or common"},
		{"eight spaces", with("password", "        "), 400, "only spaces"},
		{"a NUL in the password", with("password", "maalat na\x00tubig"), 400, "control character"},
		{"password is the email", with("password", "new@example.ph"), 400, "email address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := f.post(t, "/signup", tt.form, "")
			if w.Code != tt.status {
				t.Errorf("status %d, want %d", w.Code, tt.status)
			}
			if msg := formError(w.Body.String()); !strings.Contains(msg, tt.message) {
				t.Errorf("form error %q, want it to say %q", msg, tt.message)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type %q, want the sign-up page", ct)
			}
			if c := setCookie(w); c != nil {
				t.Errorf("a refused sign-up set a cookie: %v", c)
			}
			// The page keeps what was typed, except the password.
			body := w.Body.String()
			if name := tt.form.Get("display_name"); strings.TrimSpace(name) != "" && !strings.Contains(body, `value="`+name+`"`) {
				t.Errorf("the form lost the display name %q", name)
			}
			if pw := tt.form.Get("password"); len(pw) >= 8 && pw != tt.form.Get("email") && strings.Contains(body, pw) {
				t.Errorf("the page echoes the password %q", pw)
			}
		})
	}
	if n := f.count(t, "SELECT COUNT(*) FROM users"); n != 1 {
		t.Errorf("%d users after only refused sign-ups, want 1", n)
	}
	if n := f.count(t, "SELECT COUNT(*) FROM sessions"); n != 0 {
		t.Errorf("%d sessions after only refused sign-ups, want 0", n)
	}

	w := f.post(t, "/signup", with("next", "/chairs?sort=price"), "")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `href="/login?next=%2fchairs%3fsort%3dprice"`) || setCookie(w) != nil {
		t.Errorf("sign-up with next: status %d, cookie %v, body %.600s", w.Code, setCookie(w), w.Body)
	}
}

func TestLoginErrors(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	hash := testHash(t)
	f.addUser(t, "pia@example.ph", account.Member, hash)
	off := f.addUser(t, "off@example.ph", account.Member, hash)
	if err := f.st.SetDisabled(context.Background(), off.ID, true); err != nil {
		t.Fatal(err)
	}
	attempt := func(email, pw string) (int, string, *http.Cookie) {
		w := f.post(t, "/login", url.Values{"email": {email}, "password": {pw}}, "")
		return w.Code, formError(w.Body.String()), setCookie(w)
	}
	wrongStatus, wrongMsg, c1 := attempt("pia@example.ph", "not her password")
	unknownStatus, unknownMsg, c2 := attempt("nobody@example.ph", "not her password")
	disabledStatus, disabledMsg, c3 := attempt("off@example.ph", testPassword)
	if wrongStatus != http.StatusUnauthorized || wrongMsg == "" {
		t.Errorf("wrong password: status %d, message %q; want 401 with a message", wrongStatus, wrongMsg)
	}
	if unknownStatus != wrongStatus || unknownMsg != wrongMsg {
		t.Errorf("unknown email: %d %q; wrong password: %d %q; want the same answer", unknownStatus, unknownMsg, wrongStatus, wrongMsg)
	}
	if disabledStatus != http.StatusUnauthorized {
		t.Errorf("disabled user with the right password: status %d, want 401", disabledStatus)
	}
	if disabledMsg != wrongMsg {
		t.Errorf("disabled user: message %q, want the same as a wrong password (%q)", disabledMsg, wrongMsg)
	}
	if c1 != nil || c2 != nil || c3 != nil {
		t.Errorf("a failed login set a cookie: %v %v %v", c1, c2, c3)
	}
	if n := f.count(t, "SELECT COUNT(*) FROM sessions"); n != 0 {
		t.Errorf("%d sessions after failed logins", n)
	}
	// The address is matched after trimming and lowercasing.
	f.login(t, "  PIA@Example.ph ", testPassword, "")
	// An empty form is a failed login, not a crash.
	if w := f.post(t, "/login", url.Values{}, ""); w.Code != http.StatusUnauthorized {
		t.Errorf("empty login form: status %d, want 401", w.Code)
	}
}

func TestLoginNextStaysOnSite(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	f.addUser(t, "quin@example.ph", account.Member, testHash(t))
	tests := []struct{ next, want string }{
		{"", "/account"},
		{"/chairs/some-chair", "/chairs/some-chair"},
		{"/compare?chairs=a,b", "/compare?chairs=a,b"},
		{"//evil.com", "/account"},
		{"//evil.com/path", "/account"},
		{"https://evil.com", "/account"},
		{"http://example.com/account", "/account"},
		{`/\evil`, "/account"},
		{`\\evil.com`, "/account"},
		{"javascript:alert(1)", "/account"},
		{"evil.com", "/account"},
		{"https:evil.com", "/account"},
	}
	for _, tt := range tests {
		t.Run(tt.next, func(t *testing.T) {
			w := f.post(t, "/login", url.Values{"email": {"quin@example.ph"}, "password": {testPassword}, "next": {tt.next}}, "")
			if w.Code != http.StatusSeeOther {
				t.Fatalf("status %d", w.Code)
			}
			if loc := w.Header().Get("Location"); loc != tt.want {
				t.Errorf("next=%q: Location %q, want %q", tt.next, loc, tt.want)
			}
			// The form page carries only a safe next too.
			page := f.get(t, "/login?next="+url.QueryEscape(tt.next), "")
			if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), `name="next" value="`+html.EscapeString(tt.want)+`"`) {
				t.Errorf("GET /login?next=%q: the form's next is not %q", tt.next, tt.want)
			}
		})
	}
}

// TestSafeNext checks, without logins, that no next value leaves the site.
func TestSafeNext(t *testing.T) {
	t.Parallel()
	for _, next := range []string{
		"", "/", "/account", "/chairs?q=a#b", "//evil.com", "///evil.com", "/\\evil", "\\\\evil", "/\t/evil.com",
		"https://evil.com", "HTTPS://evil.com", "http:/evil.com", "//evil.com@example.com", "%2F%2Fevil.com",
		"/%2F/evil.com", "/%5Cevil.com", "mailto:x@evil.com", "data:text/html,x", " //evil.com", "/ /evil.com",
		"javascript:alert(1)", "evil.com/x", "../evil", "/..//evil.com", "/.//evil.com",
	} {
		// The answer must be an absolute path on this site: "/" then not
		// "/" or "\\", so that it means the same wherever it is used.
		got := safeNext(next)
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.Contains(got, `\`) {
			t.Errorf("safeNext(%q) = %q, want a path starting with one \"/\" (else \"/account\")", next, got)
			continue
		}
		// The redirect the browser follows after Go cleans the path.
		r := httptest.NewRequest(http.MethodPost, "/login", nil)
		w := httptest.NewRecorder()
		http.Redirect(w, r, got, http.StatusSeeOther)
		loc := w.Header().Get("Location")
		if lu, err := url.Parse(loc); err != nil || lu.Host != "" || lu.Scheme != "" || strings.HasPrefix(loc, "//") || strings.Contains(loc, `\`) {
			t.Errorf("safeNext(%q) = %q redirects to %q, off the site", next, got, loc)
		}
	}
}

func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	t.Run("per account", func(t *testing.T) {
		f := newAccountFixture(t, Config{}, false)
		f.addUser(t, "rosa@example.ph", account.Member, testHash(t))
		for i := range account.MaxFailures - 1 {
			w := f.post(t, "/login", url.Values{"email": {"rosa@example.ph"}, "password": {fmt.Sprintf("guess number %d", i)}}, "")
			if w.Code != http.StatusUnauthorized {
				t.Fatalf("failure %d: status %d, want 401", i+1, w.Code)
			}
			f.clk.Advance(time.Second)
		}
		// Nine failures: the right password still works.
		f.login(t, "rosa@example.ph", testPassword, "")
		if w := f.post(t, "/login", url.Values{"email": {"rosa@example.ph"}, "password": {"guess number 10"}}, ""); w.Code != http.StatusUnauthorized {
			t.Fatalf("tenth failure: status %d, want 401", w.Code)
		}
		firstFailure := f.clk.Now().Add(-time.Duration(account.MaxFailures-1) * time.Second)

		// Now throttled, even with the right password and from another
		// address.
		for _, remote := range []string{"", "198.51.100.20:5555"} {
			w := f.do(t, req{method: http.MethodPost, target: "/login", remote: remote,
				form: url.Values{"email": {"rosa@example.ph"}, "password": {testPassword}}})
			checkThrottled(t, f, w)
		}
		if !strings.Contains(f.logs.String(), "login throttled") {
			t.Errorf("the throttle is not logged")
		}
		if n := f.count(t, "SELECT COUNT(*) FROM sessions"); n != 1 {
			t.Errorf("%d sessions; a throttled login must not start one", n)
		}

		// Just before the oldest failure leaves the window: still throttled.
		f.clk.Advance(firstFailure.Add(account.ThrottleWindow - time.Second).Sub(f.clk.Now()))
		w := f.post(t, "/login", url.Values{"email": {"rosa@example.ph"}, "password": {testPassword}}, "")
		checkThrottled(t, f, w)
		if ra, _ := strconv.Atoi(w.Header().Get("Retry-After")); ra > 2 {
			t.Errorf("Retry-After %d s a second before the window ends, want about 1", ra)
		}
		// After the window: the right password works again.
		f.clk.Advance(2 * time.Second)
		f.login(t, "rosa@example.ph", testPassword, "")
	})

	t.Run("per address", func(t *testing.T) {
		f := newAccountFixture(t, Config{}, false)
		hash := testHash(t)
		f.addUser(t, "sol@example.ph", account.Member, hash)
		f.addUser(t, "tess@example.ph", account.Member, hash)
		// Ten different accounts, one address, one wrong guess each.
		for i := range account.MaxFailures {
			email := fmt.Sprintf("user%d@example.ph", i)
			if i == 0 {
				email = "sol@example.ph"
			}
			w := f.do(t, req{method: http.MethodPost, target: "/login", remote: "203.0.113.5:40000",
				form: url.Values{"email": {email}, "password": {"wrong password"}}})
			if w.Code != http.StatusUnauthorized {
				t.Fatalf("failure %d: status %d, want 401", i+1, w.Code)
			}
		}
		// A right password for an account with no failures, from that
		// address (another port): throttled.
		w := f.do(t, req{method: http.MethodPost, target: "/login", remote: "203.0.113.5:40001",
			form: url.Values{"email": {"tess@example.ph"}, "password": {testPassword}}})
		checkThrottled(t, f, w)
		// The same account from another address is fine.
		w = f.do(t, req{method: http.MethodPost, target: "/login", remote: "198.51.100.9:40000",
			form: url.Values{"email": {"tess@example.ph"}, "password": {testPassword}}})
		if w.Code != http.StatusSeeOther {
			t.Errorf("login from another address: status %d, want 303", w.Code)
		}
		f.clk.Advance(account.ThrottleWindow)
		w = f.do(t, req{method: http.MethodPost, target: "/login", remote: "203.0.113.5:40002",
			form: url.Values{"email": {"tess@example.ph"}, "password": {testPassword}}})
		if w.Code != http.StatusSeeOther {
			t.Errorf("login after the window: status %d, want 303", w.Code)
		}
	})
}

func checkThrottled(t *testing.T, f *accountFixture, w *httptest.ResponseRecorder) {
	t.Helper()
	if w.Code != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", w.Code)
	}
	ra, err := strconv.Atoi(w.Header().Get("Retry-After"))
	if err != nil || ra <= 0 || ra > int(account.ThrottleWindow/time.Second) {
		t.Errorf("Retry-After %q, want whole seconds in 1..900", w.Header().Get("Retry-After"))
	}
	if msg := formError(w.Body.String()); !strings.Contains(msg, "too many failed logins") {
		t.Errorf("429 page error %q, want it to explain the wait", msg)
	}
	if c := setCookie(w); c != nil {
		t.Errorf("a throttled login set a cookie")
	}
}

// checkSecurityHeaders checks the headers every response carries.
func checkSecurityHeaders(t *testing.T, what string, h http.Header, hsts bool) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	directives := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	switch {
	case csp == "":
		t.Errorf("%s: no Content-Security-Policy", what)
	case strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval"):
		t.Errorf("%s: CSP allows unsafe-inline or unsafe-eval: %q", what, csp)
	}
	for name, want := range map[string]string{"script-src": "'self'", "style-src": "'self'"} {
		if directives[name] != want {
			t.Errorf("%s: CSP %s = %q, want %q: the site's own files only", what, name, directives[name], want)
		}
	}
	for name, want := range map[string]string{"object-src": "'none'", "base-uri": "'none'", "frame-ancestors": "'none'"} {
		if directives[name] != want {
			t.Errorf("%s: CSP %s = %q, want %q", what, name, directives[name], want)
		}
	}
	if v := h.Get("X-Content-Type-Options"); v != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q", what, v)
	}
	// Pages that hold a mailed token send no Referer at all.
	if v := h.Get("Referrer-Policy"); v != "strict-origin-when-cross-origin" && v != "no-referrer" {
		t.Errorf("%s: Referrer-Policy %q", what, v)
	}
	v := h.Get("Strict-Transport-Security")
	if hsts && !strings.Contains(v, "max-age=") {
		t.Errorf("%s: Strict-Transport-Security %q, want it with Config.HSTS", what, v)
	}
	if !hsts && v != "" {
		t.Errorf("%s: Strict-Transport-Security %q without Config.HSTS", what, v)
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	for _, hsts := range []bool{false, true} {
		t.Run(fmt.Sprintf("HSTS=%v", hsts), func(t *testing.T) {
			f := newAccountFixture(t, Config{HSTS: hsts}, true)
			requests := []req{
				{method: "GET", target: "/"},
				{method: "GET", target: "/chairs"},
				{method: "GET", target: "/login"},
				{method: "GET", target: "/account"},
				{method: "GET", target: "/api/v1/brands"},
				{method: "GET", target: "/static/site.css"},
				{method: "GET", target: "/no-such-page"},
				{method: "GET", target: "/logout"},
				{method: "POST", target: "/login", form: url.Values{"email": {"x@example.ph"}, "password": {"wrong password"}}},
				{method: "POST", target: "/logout", form: url.Values{}, header: map[string]string{"Sec-Fetch-Site": "cross-site"}},
			}
			for _, q := range requests {
				what := q.method + " " + q.target
				checkSecurityHeaders(t, what, f.do(t, q).Header(), hsts)
			}
		})
	}
}

func TestCrossSitePostsRefused(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	hash := testHash(t)
	u := f.addUser(t, "uma@example.ph", account.Member, hash)
	token := f.login(t, "uma@example.ph", testPassword, "")
	other := f.login(t, "uma@example.ph", testPassword, "")
	before, _ := f.st.PasswordHash(context.Background(), u.ID)

	forms := map[string]url.Values{
		"/signup":                {"email": {"csrf@example.ph"}, "display_name": {"Csrf"}, "password": {testPassword}},
		"/login":                 {"email": {"uma@example.ph"}, "password": {testPassword}},
		"/logout":                {},
		"/account/password":      {"current_password": {testPassword}, "new_password": {"bagong password ko ito"}},
		"/account/logout-others": {},
		"/account/delete":        {"current_password": {testPassword}},
	}
	headers := map[string]map[string]string{
		"Sec-Fetch-Site cross-site":     {"Sec-Fetch-Site": "cross-site"},
		"Sec-Fetch-Site same-site":      {"Sec-Fetch-Site": "same-site"},
		"Origin of another host":        {"Sec-Fetch-Site": "", "Origin": "https://evil.example"},
		"Origin of a sibling subdomain": {"Sec-Fetch-Site": "", "Origin": "http://evil.example.com"},
	}
	for target, form := range forms {
		for name, h := range headers {
			t.Run(target+"/"+name, func(t *testing.T) {
				w := f.do(t, req{method: http.MethodPost, target: target, form: form, cookie: token, header: h})
				if w.Code != http.StatusForbidden {
					t.Errorf("status %d, want 403", w.Code)
				}
				if c := setCookie(w); c != nil {
					t.Errorf("a refused request set the cookie: %v", c)
				}
			})
		}
	}
	// Nothing changed.
	if !f.signedIn(t, token) || !f.signedIn(t, other) {
		t.Errorf("a cross-site post ended a session")
	}
	if h, _ := f.st.PasswordHash(context.Background(), u.ID); h != before {
		t.Errorf("a cross-site post changed the password")
	}
	if n := f.count(t, "SELECT COUNT(*) FROM users"); n != 1 {
		t.Errorf("%d users after refused posts, want 1", n)
	}
	if n := f.count(t, "SELECT COUNT(*) FROM sessions"); n != 2 {
		t.Errorf("%d sessions after refused posts, want the 2 from before", n)
	}

	// The same posts from this site's own pages work: by Sec-Fetch-Site
	// or, without it, by an Origin that matches the host.
	w := f.do(t, req{method: http.MethodPost, target: "/account/logout-others", cookie: token, form: url.Values{}})
	if w.Code != http.StatusSeeOther {
		t.Errorf("same-origin POST /account/logout-others: status %d, want 303", w.Code)
	}
	w = f.do(t, req{method: http.MethodPost, target: "/signup", form: forms["/signup"],
		header: map[string]string{"Sec-Fetch-Site": "", "Origin": "http://example.com"}})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Sign-up received") {
		t.Errorf("POST /signup with a same-host Origin: status %d, want 200 and the received page", w.Code)
	}
}

func TestFormTooLarge(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	f.addUser(t, "vic@example.ph", account.Member, testHash(t))
	token := f.login(t, "vic@example.ph", testPassword, "")
	big := strings.Repeat("x", maxFormBytes)
	for _, target := range []string{"/login", "/signup", "/account/password", "/account/delete", "/account/logout-others"} {
		w := f.post(t, target, url.Values{"email": {"vic@example.ph"}, "password": {testPassword}, "current_password": {testPassword},
			"new_password": {"a fine new password"}, "pad": {big}}, token)
		if w.Code != http.StatusBadRequest {
			t.Errorf("POST %s with a form over 64 KiB: status %d, want 400", target, w.Code)
		}
		if !strings.Contains(w.Body.String(), "64 KiB") {
			t.Errorf("POST %s: the 400 page does not name the limit: %.300s", target, w.Body)
		}
	}
	if !f.signedIn(t, token) {
		t.Errorf("an oversized form ended the session")
	}
	if _, _, err := f.st.UserByEmail(context.Background(), "vic@example.ph"); err != nil {
		t.Errorf("an oversized delete form removed the user: %v", err)
	}
	// A form just under the limit is read.
	w := f.post(t, "/login", url.Values{"email": {"vic@example.ph"}, "password": {testPassword}, "pad": {strings.Repeat("x", maxFormBytes-200)}}, "")
	if w.Code != http.StatusSeeOther {
		t.Errorf("POST /login with a form under 64 KiB: status %d, want 303", w.Code)
	}
}
