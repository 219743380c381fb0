package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"masahe/internal/account"
)

// Account enumeration: sign-up and login answer, and work, alike whether
// or not an address has an account. The work is counted in password
// hashes, not timed.

// TestSignupSameAnswerForTakenAddress checks that sign-up does not tell
// whether an address has an account: a new address, a taken one and a
// taken one in other case get the same status, headers, page (but for the
// address typed) and number of password hashes; the taken ones change
// nothing. Each queues one mail: the new address its verification link,
// the taken one a note to its owner (once a day however often it is
// tried).
func TestSignupSameAnswerForTakenAddress(t *testing.T) {
	var hashes atomic.Int64
	counting, err := account.NewPasswords(func(pw, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
		hashes.Add(1)
		return cheapKDF(pw, salt, time, memory, threads, keyLen)
	})
	if err != nil {
		t.Fatal(err)
	}
	f := newAccountFixture(t, Config{Passwords: counting}, false)
	taken := f.addUser(t, "taken@example.ph", account.Member, testHash(t))
	type answer struct {
		status int
		header http.Header
		body   string
		hashes int64
	}
	signup := func(email string) answer {
		hashes.Store(0)
		w := f.post(t, "/signup", url.Values{"email": {email}, "display_name": {"Someone"}, "password": {"another quiet evening"}}, "")
		if c := setCookie(w); c != nil {
			t.Errorf("sign-up for %q set a cookie", email)
		}
		norm, _ := account.NormalizeEmail(email)
		return answer{w.Code, w.Header(), strings.ReplaceAll(w.Body.String(), html.EscapeString(norm), "ADDRESS"), hashes.Load()}
	}
	fresh := signup("fresh@example.ph")
	for _, email := range []string{"taken@example.ph", " Taken@Example.PH "} {
		got := signup(email)
		if got.status != fresh.status || got.hashes != fresh.hashes {
			t.Errorf("sign-up for %q: status %d, %d hashes; a new address: %d, %d", email, got.status, got.hashes, fresh.status, fresh.hashes)
		}
		if got.body != fresh.body {
			t.Errorf("sign-up for %q answers with another page than for a new address", email)
		}
		if !reflect.DeepEqual(got.header, fresh.header) {
			t.Errorf("sign-up for %q: headers %v; a new address: %v", email, got.header, fresh.header)
		}
	}
	if fresh.status != http.StatusOK || fresh.hashes != 1 || !strings.Contains(fresh.body, "Sign-up received") {
		t.Errorf("a new address: status %d, %d hashes, body %.300s; want 200, one hash and the received page", fresh.status, fresh.hashes, fresh.body)
	}
	// The taken account is unchanged: its own password still logs in.
	if n := f.count(t, "SELECT COUNT(*) FROM users WHERE email = ?", "taken@example.ph"); n != 1 {
		t.Errorf("%d accounts for the taken address, want 1", n)
	}
	f.login(t, taken.Email, testPassword, "")
	for _, tt := range []struct {
		to, subject string
		want        int
	}{
		{"taken@example.ph", "Someone tried to create a Masahe account with your address", 1},
		{"fresh@example.ph", "Someone tried to create a Masahe account with your address", 0},
		{"fresh@example.ph", "Confirm your email address for Masahe", 1},
		{"taken@example.ph", "Confirm your email address for Masahe", 0},
	} {
		if n := queuedMail(t, f, tt.to, tt.subject); n != tt.want {
			t.Errorf("%d mails %q to %s queued, want %d", n, tt.subject, tt.to, tt.want)
		}
	}
}

// TestLoginSameWorkForUnknownEmail counts password hashes: a wrong password
// for an account, a login for an address without one and one for a
// disabled account each hash once.
func TestLoginSameWorkForUnknownEmail(t *testing.T) {
	var hashes atomic.Int64
	counting, err := account.NewPasswords(func(pw, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
		hashes.Add(1)
		return cheapKDF(pw, salt, time, memory, threads, keyLen)
	})
	if err != nil {
		t.Fatal(err)
	}
	f := newAccountFixture(t, Config{Passwords: counting}, false)
	f.addUser(t, "pia@example.ph", account.Member, testHash(t))
	off := f.addUser(t, "off@example.ph", account.Member, testHash(t))
	if err := f.st.SetDisabled(context.Background(), off.ID, true); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, email, pw string }{
		{"wrong password", "pia@example.ph", "not her password"},
		{"unknown email", "nobody@example.ph", "not her password"},
		{"unknown email in other case", "NoBody@Example.PH", "not her password"},
		{"disabled account", "off@example.ph", testPassword},
	} {
		hashes.Store(0)
		w := f.post(t, "/login", url.Values{"email": {tt.email}, "password": {tt.pw}}, "")
		if w.Code != http.StatusUnauthorized || hashes.Load() != 1 {
			t.Errorf("%s: status %d, %d hashes; want 401 after one hash", tt.name, w.Code, hashes.Load())
		}
	}
}
