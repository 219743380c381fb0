package web

import (
	"context"
	"encoding/json"
	"html"
	"maps"
	"net/http"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"masahe/internal/account"
	"masahe/internal/jobs"
	"masahe/internal/mail"
)

// queuedMail counts the mail jobs to an address with a subject.
func queuedMail(t *testing.T, f *accountFixture, to, subject string) int {
	t.Helper()
	n := 0
	for _, m := range jobMails(t, f) {
		if m.To == to && m.Subject == subject {
			n++
		}
	}
	return n
}

// jobMails returns the messages of every mail job, sent or not.
func jobMails(t *testing.T, f *accountFixture) []mail.Message {
	t.Helper()
	rows, err := f.sqlDB(t).Query("SELECT payload FROM jobs WHERE kind = ? ORDER BY id", mail.JobKind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []mail.Message
	for rows.Next() {
		var p string
		var m mail.Message
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(p), &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// runJobs runs every due job as serve's runner would, mail into dir, and
// returns the folder's messages, newest first.
func runJobs(t *testing.T, f *accountFixture, dir string) []mail.Stored {
	t.Helper()
	d, err := mail.NewDir(dir, "Masahe <no-reply@example.com>")
	if err != nil {
		t.Fatal(err)
	}
	handlers := map[string]jobs.Handler{mail.JobKind: mail.JobHandler(d)}
	maps.Copy(handlers, f.srv.JobHandlers())
	r, err := jobs.New(f.st, handlers, jobs.Config{Worker: "test", Now: f.clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	for {
		worked, err := r.Work(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !worked {
			break
		}
	}
	list, err := mail.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

var linkPattern = regexp.MustCompile(`http://example\.com/(verify|reset)\?token=[A-Za-z0-9_-]+`)

// mailedLink reads a message of dir and returns the path and query of its
// link, checking that both parts carry it.
func mailedLink(t *testing.T, dir string, m mail.Stored) string {
	t.Helper()
	full, err := mail.Read(dir, m.Name)
	if err != nil {
		t.Fatal(err)
	}
	link := linkPattern.FindString(full.Text)
	if link == "" || !strings.Contains(full.HTML, `href="`+html.EscapeString(link)+`"`) {
		t.Fatalf("message %q: link %q not in both parts:\n%s\n%s", full.Subject, link, full.Text, full.HTML)
	}
	return strings.TrimPrefix(link, "http://example.com")
}

// TestForgotSameAnswerAndWork checks that forgot password tells nothing:
// an address with an account, one without and a disabled one get the
// same status, headers and page (but for the address), and each request
// queues exactly one job and no mail. Only the job, later, mails the
// account with a link.
func TestForgotSameAnswerAndWork(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	f.addUser(t, "pia@example.ph", account.Member, testHash(t))
	off := f.addUser(t, "off@example.ph", account.Member, testHash(t))
	if err := f.st.SetDisabled(context.Background(), off.ID, true); err != nil {
		t.Fatal(err)
	}
	type answer struct {
		status int
		header http.Header
		body   string
	}
	var first *answer
	for _, email := range []string{"pia@example.ph", "nobody@example.ph", "off@example.ph", " Pia@Example.PH "} {
		jobsBefore, mailsBefore := f.count(t, "SELECT COUNT(*) FROM jobs"), len(jobMails(t, f))
		w := f.post(t, "/forgot", url.Values{"email": {email}}, "")
		norm, _ := account.NormalizeEmail(email)
		// The length differs only by the address typed, which the body
		// comparison accounts for.
		header := w.Header().Clone()
		header.Del("Content-Length")
		got := answer{w.Code, header, strings.ReplaceAll(w.Body.String(), html.EscapeString(norm), "ADDRESS")}
		if got.status != http.StatusOK || got.header.Get("Cache-Control") != "no-store" || !strings.Contains(got.body, "If ADDRESS has an account on Masahe, we sent it a link") {
			t.Errorf("forgot %q: status %d, headers %v, body %.300s", email, got.status, got.header, got.body)
		}
		if first == nil {
			first = &got
		} else if !reflect.DeepEqual(got, *first) {
			t.Errorf("forgot %q answers otherwise than for pia@example.ph:\n%+v\n%+v", email, got, *first)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM jobs") - jobsBefore; n != 1 {
			t.Errorf("forgot %q queued %d jobs, want 1", email, n)
		}
		if n := len(jobMails(t, f)) - mailsBefore; n != 0 {
			t.Errorf("forgot %q queued %d mails while answering, want none", email, n)
		}
	}
	dir := filepath.Join(t.TempDir(), "mail")
	sent := runJobs(t, f, dir)
	if len(sent) != 2 {
		t.Fatalf("%d mails sent, want 2 (both requests for pia): %+v", len(sent), sent)
	}
	for _, m := range sent {
		if m.To != "<pia@example.ph>" || m.Subject != "Reset your Masahe password" {
			t.Errorf("sent %q to %s", m.Subject, m.To)
		}
		if link := mailedLink(t, dir, m); !strings.HasPrefix(link, "/reset?token=") {
			t.Errorf("reset mail link %q", link)
		}
	}
	if n := f.count(t, "SELECT COUNT(*) FROM one_time_tokens"); n != 2 {
		t.Errorf("%d tokens stored, want 2", n)
	}
}

func TestForgotRateLimits(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	f.addUser(t, "pia@example.ph", account.Member, testHash(t))
	forgot := func(email, remote string) *http.Response {
		w := f.do(t, req{method: http.MethodPost, target: "/forgot", form: url.Values{"email": {email}}, remote: remote})
		return w.Result()
	}
	// Per address, the same for an address with an account and without.
	for _, email := range []string{"pia@example.ph", "nobody@example.ph"} {
		for i := range account.ResetByEmail.Max {
			if r := forgot(email, "198.51.100.1:1"); r.StatusCode != http.StatusOK {
				t.Fatalf("%s request %d: status %d", email, i+1, r.StatusCode)
			}
		}
		r := forgot(email, "198.51.100.2:1")
		if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") != "3600" {
			t.Errorf("%s over its limit: status %d, Retry-After %q; want 429 after 3600 s", email, r.StatusCode, r.Header.Get("Retry-After"))
		}
	}
	// Per client: many addresses from one client.
	for i := range account.ResetByClient.Max {
		if r := forgot("sweep-"+string(rune('a'+i))+"@example.ph", "203.0.113.9:1"); r.StatusCode != http.StatusOK {
			t.Fatalf("sweep request %d: status %d", i+1, r.StatusCode)
		}
	}
	if r := forgot("sweep-z@example.ph", "203.0.113.9:1"); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a client over its limit: status %d, want 429", r.StatusCode)
	}
	if r := forgot("sweep-z@example.ph", "203.0.113.10:1"); r.StatusCode != http.StatusOK {
		t.Errorf("another client: status %d, want 200", r.StatusCode)
	}
	f.clk.Advance(time.Hour)
	if r := forgot("pia@example.ph", "203.0.113.9:1"); r.StatusCode != http.StatusOK {
		t.Errorf("an hour later: status %d, want 200", r.StatusCode)
	}
	if w := f.post(t, "/forgot", url.Values{"email": {"not an address"}}, ""); w.Code != http.StatusBadRequest {
		t.Errorf("a malformed address: status %d, want 400", w.Code)
	}
}

// TestPasswordReset follows the mailed link: the form, the password rules,
// every session ended, the new password logging in, and the link used once
// and only within its hour.
func TestPasswordReset(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	// Signed up, never verified: the reset through the mail verifies.
	u, err := f.st.CreateUser(context.Background(), account.User{Email: "pia@example.ph", DisplayName: "pia", Role: account.Member}, testHash(t))
	if err != nil || u.Verified {
		t.Fatalf("CreateUser = %+v, %v: want an unverified member", u, err)
	}
	sessions := []string{f.login(t, u.Email, testPassword, ""), f.login(t, u.Email, testPassword, "")}
	dir := filepath.Join(t.TempDir(), "mail")
	f.post(t, "/forgot", url.Values{"email": {u.Email}}, "")
	sent := runJobs(t, f, dir)
	if len(sent) != 1 {
		t.Fatalf("%d mails, want 1", len(sent))
	}
	link := mailedLink(t, dir, sent[0])
	token := strings.TrimPrefix(link, "/reset?token=")

	w := f.get(t, link, "")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `name="token" value="`+token+`"`) ||
		w.Header().Get("Cache-Control") != "no-store" || w.Header().Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("GET %s: status %d, headers %v, body %.300s", link, w.Code, w.Header(), w.Body)
	}
	reset := func(tok, pw string) *http.Response {
		return f.post(t, "/reset", url.Values{"token": {tok}, "new_password": {pw}}, "").Result()
	}
	// The password rules apply; a refused password leaves the link usable.
	for _, pw := range []string{"short", "password1", "pia@example.ph"} {
		if r := reset(token, pw); r.StatusCode != http.StatusBadRequest {
			t.Errorf("new password %q: status %d, want 400", pw, r.StatusCode)
		}
	}
	const newPassword = "bagong hangin sa umaga"
	r := reset(token, newPassword)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?done=reset" {
		t.Fatalf("reset: status %d, Location %q", r.StatusCode, r.Header.Get("Location"))
	}
	for i, s := range sessions {
		if f.signedIn(t, s) {
			t.Errorf("session %d lives on after the reset", i+1)
		}
	}
	if body := f.get(t, "/login?done=reset", "").Body.String(); !strings.Contains(body, "Your password is changed") {
		t.Error("the login page does not confirm the reset")
	}
	if w := f.post(t, "/login", url.Values{"email": {u.Email}, "password": {testPassword}}, ""); w.Code != http.StatusUnauthorized {
		t.Errorf("the old password: status %d, want 401", w.Code)
	}
	if !f.signedIn(t, f.login(t, u.Email, newPassword, "")) {
		t.Error("the new password does not log in")
	}
	if got, err := f.st.User(context.Background(), u.ID); err != nil || !got.Verified {
		t.Errorf("after a reset through the mail the address is not verified: %+v, %v", got, err)
	}
	// Used once.
	if r := reset(token, "yet another passphrase here"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a second use: status %d, want 400", r.StatusCode)
	}
	if w := f.get(t, link, ""); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "expired or was already used") {
		t.Errorf("GET of a used link: status %d", w.Code)
	}
	// Within its hour.
	f.clk.Advance(time.Hour) // the throttle's window too
	f.post(t, "/forgot", url.Values{"email": {u.Email}}, "")
	sent = runJobs(t, f, dir)
	if len(sent) != 2 {
		t.Fatalf("%d mails, want 2", len(sent))
	}
	late := strings.TrimPrefix(mailedLink(t, dir, sent[0]), "/reset?token=")
	f.clk.Advance(time.Hour)
	if r := reset(late, "yet another passphrase here"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a link after its hour: status %d, want 400", r.StatusCode)
	}
}

// TestEmailVerification: sign-up mails a link; opening it (GET) changes
// nothing; the button (POST) verifies, once; the account page says so and
// can send a new link, a few times an hour. Prices can be watched only
// once the address is confirmed.
func TestEmailVerification(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, true) // a chair to watch
	dir := filepath.Join(t.TempDir(), "mail")
	if w := f.post(t, "/signup", url.Values{"email": {"ana@example.ph"}, "display_name": {"Ana"}, "password": {testPassword}}, ""); w.Code != http.StatusOK {
		t.Fatalf("sign-up: status %d", w.Code)
	}
	cookie := f.login(t, "ana@example.ph", testPassword, "")
	if body := f.get(t, "/account", cookie).Body.String(); !strings.Contains(body, "not confirmed yet") {
		t.Error("the account page does not say the address is not confirmed")
	}
	sent := runJobs(t, f, dir)
	if len(sent) != 1 || sent[0].Subject != "Confirm your email address for Masahe" {
		t.Fatalf("mails after sign-up: %+v", sent)
	}
	link := mailedLink(t, dir, sent[0])
	token := strings.TrimPrefix(link, "/verify?token=")
	for range 2 { // a mail scanner, then the person
		w := f.get(t, link, "")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `action="/verify" method="post"`) || w.Header().Get("Cache-Control") != "no-store" {
			t.Fatalf("GET %s: status %d, body %.300s", link, w.Code, w.Body)
		}
	}
	if u, _, _ := f.st.UserByEmail(context.Background(), "ana@example.ph"); u.Verified {
		t.Fatal("opening the link verified the address without the button")
	}
	// Price alerts go only to a confirmed address.
	var slug string
	if err := f.sqlDB(t).QueryRow("SELECT slug FROM chairs ORDER BY id LIMIT 1").Scan(&slug); err != nil {
		t.Fatal(err)
	}
	watch := func() int { return f.post(t, "/chairs/"+slug+"/watch", url.Values{"kind": {"drop"}}, cookie).Code }
	if code := watch(); code != http.StatusForbidden {
		t.Errorf("watching before the address is confirmed: status %d, want 403", code)
	}
	w := f.post(t, "/verify", url.Values{"token": {token}}, "")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Email address confirmed") {
		t.Fatalf("POST /verify: status %d, body %.300s", w.Code, w.Body)
	}
	if body := f.get(t, "/account", cookie).Body.String(); !strings.Contains(body, "Your email address is confirmed.") {
		t.Error("the account page does not say the address is confirmed")
	}
	if code := watch(); code != http.StatusSeeOther {
		t.Errorf("watching once the address is confirmed: status %d, want 303", code)
	}
	if w := f.post(t, "/verify", url.Values{"token": {token}}, ""); w.Code != http.StatusBadRequest {
		t.Errorf("a second use: status %d, want 400", w.Code)
	}
	// A verified account is sent no new link.
	if w := f.post(t, "/account/verify", url.Values{}, cookie); w.Code != http.StatusSeeOther || len(jobMails(t, f)) != 1 {
		t.Errorf("resend when verified: status %d, %d mails", w.Code, len(jobMails(t, f)))
	}

	// Resending, for an account not yet verified.
	if _, err := f.st.CreateUser(context.Background(), account.User{Email: "ben@example.ph", DisplayName: "ben", Role: account.Member}, testHash(t)); err != nil {
		t.Fatal(err)
	}
	ben := f.login(t, "ben@example.ph", testPassword, "")
	for i := range account.VerifyResend.Max {
		w := f.post(t, "/account/verify", url.Values{}, ben)
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/account?done=verify-sent" {
			t.Fatalf("resend %d: status %d, Location %q", i+1, w.Code, w.Header().Get("Location"))
		}
	}
	if n := queuedMail(t, f, "ben@example.ph", "Confirm your email address for Masahe"); n != account.VerifyResend.Max {
		t.Errorf("%d links queued for ben, want %d", n, account.VerifyResend.Max)
	}
	if w := f.post(t, "/account/verify", url.Values{}, ben); w.Code != http.StatusTooManyRequests {
		t.Errorf("resend over the limit: status %d, want 429", w.Code)
	}
	// An expired link is refused, by GET and POST.
	sent = runJobs(t, f, dir)
	expired := mailedLink(t, dir, sent[0])
	f.clk.Advance(account.VerifyEmail.TTL())
	if w := f.get(t, expired, ""); w.Code != http.StatusBadRequest {
		t.Errorf("GET of an expired link: status %d, want 400", w.Code)
	}
	if w := f.post(t, "/verify", url.Values{"token": {strings.TrimPrefix(expired, "/verify?token=")}}, ""); w.Code != http.StatusBadRequest {
		t.Errorf("POST of an expired link: status %d, want 400", w.Code)
	}
}
