package store

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"masahe/internal/account"
	"masahe/internal/errs"
	"masahe/internal/mail"
)

// tokenMail is the mail that carries a token to u.
func tokenMail(u account.User, token string) mail.Message {
	return mail.Message{ID: mail.NewID("masahe.test"), Date: testNow(), To: u.Email, Subject: "Your link",
		Text: "Open https://masahe.test/verify?token=" + token, HTML: "<p>Open the link</p>"}
}

// newToken makes a token for u and stores it with its mail.
func newToken(t *testing.T, s *Store, u account.User, purpose account.TokenPurpose) string {
	t.Helper()
	token, stored, err := account.NewOneTimeToken(u.ID, purpose, s.now())
	if err != nil {
		t.Fatal(err)
	}
	if added, err := s.CreateOneTimeToken(context.Background(), stored, tokenMail(u, token), ""); err != nil || !added {
		t.Fatalf("CreateOneTimeToken = %v, %v", added, err)
	}
	return token
}

func TestOneTimeTokenAndItsMailCommitTogether(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		u := addUser(t, s, "ana@example.ph", account.Member)
		token, stored, err := account.NewOneTimeToken(u.ID, account.ResetPassword, s.now())
		if err != nil {
			t.Fatal(err)
		}
		m := tokenMail(u, token)
		for i, want := range []bool{true, false} {
			added, err := s.CreateOneTimeToken(ctx, stored, m, "reset:request-1")
			if err != nil || added != want {
				t.Fatalf("call %d: CreateOneTimeToken = %v, %v; want added %v", i+1, added, err, want)
			}
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM one_time_tokens WHERE user_id = ?", u.ID); n != 1 {
			t.Errorf("%d tokens after a repeated request, want 1", n)
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM jobs WHERE kind = ? AND payload LIKE ?", mail.JobKind, "%"+token+"%"); n != 1 {
			t.Errorf("%d mail jobs carry the token, want 1", n)
		}
		// Only the hash is stored with the token.
		if n := countRows(t, s, "SELECT COUNT(*) FROM one_time_tokens WHERE token_hash = ?", token); n != 0 {
			t.Error("the token is stored in clear")
		}

		// A mail that cannot be sent stores no token either.
		_, other, _ := account.NewOneTimeToken(u.ID, account.VerifyEmail, s.now())
		bad := m
		bad.Subject = ""
		if _, err := s.CreateOneTimeToken(ctx, other, bad, ""); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("a mail without a subject: %v, want invalid", err)
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM one_time_tokens WHERE token_hash = ?", other.Hash); n != 0 {
			t.Error("a token was stored without its mail")
		}
	})
}

func TestUsableTokenRefusesAlike(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		clk := withClock(s)
		u := addUser(t, s, "ben@example.ph", account.Member)
		reset := newToken(t, s, u, account.ResetPassword)
		got, err := s.UsableToken(ctx, account.HashToken(reset), account.ResetPassword)
		if err != nil || got.ID != u.ID {
			t.Fatalf("UsableToken = %+v, %v; want user %d", got, err, u.ID)
		}
		var msgs []string
		for _, tt := range []struct {
			name    string
			hash    string
			purpose account.TokenPurpose
			advance time.Duration
		}{
			{"unknown", account.HashToken("no such token"), account.ResetPassword, 0},
			{"another purpose", account.HashToken(reset), account.VerifyEmail, 0},
			{"expired", account.HashToken(reset), account.ResetPassword, account.ResetPassword.TTL()},
		} {
			clk.Advance(tt.advance)
			_, err := s.UsableToken(ctx, tt.hash, tt.purpose)
			if e := errs.As(err); e.Code != errs.Invalid || e.Field != "token" {
				t.Errorf("%s: %v, want invalid token", tt.name, err)
			}
			msgs = append(msgs, errs.As(err).Message)
		}
		if msgs[0] != msgs[1] || msgs[1] != msgs[2] {
			t.Errorf("refusals differ: %q", msgs)
		}
		// An expired token cannot be used either, only looked at.
		if _, err := s.ResetPassword(ctx, account.HashToken(reset), "new-hash"); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("ResetPassword with an expired token: %v, want invalid", err)
		}
	})
}

func TestVerifyEmail(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		u := addUser(t, s, "cai@example.ph", account.Member)
		if u.Verified {
			t.Fatal("a new account is verified")
		}
		token := newToken(t, s, u, account.VerifyEmail)
		if err := s.CreateSession(ctx, u.ID, "session-1", time.Hour); err != nil {
			t.Fatal(err)
		}
		// A reset token does not verify.
		reset := newToken(t, s, u, account.ResetPassword)
		if _, err := s.VerifyEmail(ctx, account.HashToken(reset)); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("VerifyEmail with a reset token: %v, want invalid", err)
		}
		got, err := s.VerifyEmail(ctx, account.HashToken(token))
		if err != nil || got.ID != u.ID || !got.Verified {
			t.Fatalf("VerifyEmail = %+v, %v; want user %d verified", got, err, u.ID)
		}
		for what, get := range map[string]func() (account.User, error){
			"User":        func() (account.User, error) { return s.User(ctx, u.ID) },
			"SessionUser": func() (account.User, error) { return s.SessionUser(ctx, "session-1", time.Hour) },
			"UserByEmail": func() (account.User, error) { u, _, err := s.UserByEmail(ctx, u.Email); return u, err },
		} {
			if v, err := get(); err != nil || !v.Verified {
				t.Errorf("%s after verifying: %+v, %v", what, v, err)
			}
		}
		if _, err := s.VerifyEmail(ctx, account.HashToken(token)); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("a second use: %v, want invalid", err)
		}
	})
}

// Many requests using one token at once: exactly one succeeds.
func TestTokenIsUsedOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		u := addUser(t, s, "dina@example.ph", account.Member)
		token := newToken(t, s, u, account.ResetPassword)
		const n = 8
		var wg sync.WaitGroup
		results := make(chan error, n)
		for i := range n {
			wg.Go(func() {
				_, err := s.ResetPassword(ctx, account.HashToken(token), "hash-"+string(rune('a'+i)))
				results <- err
			})
		}
		wg.Wait()
		close(results)
		ok := 0
		for err := range results {
			switch errs.CodeOf(err) {
			case "":
				ok++
			case errs.Invalid:
			default:
				t.Errorf("a concurrent use failed otherwise: %v", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d of %d concurrent uses succeeded, want 1", ok, n)
		}
	})
}

func TestResetPassword(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		u := addUser(t, s, "eli@example.ph", account.Member)
		other := addUser(t, s, "fe@example.ph", account.Member)
		for _, sess := range []string{"s1", "s2"} {
			if err := s.CreateSession(ctx, u.ID, sess, time.Hour); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CreateSession(ctx, other.ID, "s3", time.Hour); err != nil {
			t.Fatal(err)
		}
		first, second := newToken(t, s, u, account.ResetPassword), newToken(t, s, u, account.ResetPassword)
		got, err := s.ResetPassword(ctx, account.HashToken(second), "the-new-hash")
		if err != nil || got.ID != u.ID || !got.Verified {
			t.Fatalf("ResetPassword = %+v, %v; want user %d, verified", got, err, u.ID)
		}
		if h, _ := s.PasswordHash(ctx, u.ID); h != "the-new-hash" {
			t.Errorf("password hash %q after the reset", h)
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM sessions WHERE user_id = ?", u.ID); n != 0 {
			t.Errorf("%d sessions of the user after the reset, want 0", n)
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM sessions WHERE user_id = ?", other.ID); n != 1 {
			t.Errorf("another user's session ended with the reset")
		}
		for name, tok := range map[string]string{"the same link": second, "an older link": first} {
			if _, err := s.ResetPassword(ctx, account.HashToken(tok), "again"); errs.CodeOf(err) != errs.Invalid {
				t.Errorf("%s after the reset: %v, want invalid", name, err)
			}
		}
		if h, _ := s.PasswordHash(ctx, u.ID); h != "the-new-hash" {
			t.Errorf("a refused reset changed the hash to %q", h)
		}
		// Deleting the account deletes its tokens.
		if err := s.DeleteUser(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM one_time_tokens WHERE user_id = ?", u.ID); n != 0 {
			t.Errorf("%d tokens left after deleting the account", n)
		}
	})
}

func TestTakeRate(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		clk := withClock(s)
		perEmail := account.Limit{Max: 2, Window: time.Hour}
		perClient := account.Limit{Max: 3, Window: time.Hour}
		take := func(email, client string) time.Duration {
			t.Helper()
			wait, err := s.TakeRate(ctx, account.RateKey{Action: "test-email", Subject: email, Limit: perEmail},
				account.RateKey{Action: "test-client", Subject: client, Limit: perClient})
			if err != nil {
				t.Fatal(err)
			}
			return wait
		}
		for i := range 2 {
			if w := take("ana@example.ph", "192.0.2.1"); w != 0 {
				t.Fatalf("use %d: wait %v, want none", i+1, w)
			}
			clk.Advance(time.Minute)
		}
		// The address is spent: a third use waits until the first ages out.
		if w := take("ana@example.ph", "192.0.2.1"); w != time.Hour-2*time.Minute {
			t.Errorf("third use of one address: wait %v, want %v", w, time.Hour-2*time.Minute)
		}
		// The refused use counted for neither key: the client has one left.
		if w := take("ben@example.ph", "192.0.2.1"); w != 0 {
			t.Errorf("another address from the client: wait %v, want none", w)
		}
		if w := take("cai@example.ph", "192.0.2.1"); w <= 0 {
			t.Error("a fourth use from one client was not limited")
		}
		if w := take("cai@example.ph", "198.51.100.7"); w != 0 {
			t.Errorf("another client: wait %v, want none", w)
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM rate_events WHERE subject LIKE ?", "%example.ph%"); n != 0 {
			t.Error("rate events store addresses in clear")
		}
		clk.Advance(time.Hour + time.Second)
		if w := take("ana@example.ph", "192.0.2.1"); w != 0 {
			t.Errorf("after the window: wait %v, want none", w)
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM rate_events"); n != 2 {
			t.Errorf("%d rate events kept after the window, want the 2 just taken", n)
		}
	})
}

func TestEnqueueMail(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		m := tokenMail(account.User{Email: "gio@example.ph"}, "x")
		for i, want := range []bool{true, false} {
			if added, err := s.EnqueueMail(ctx, m, "taken:gio"); err != nil || added != want {
				t.Errorf("call %d: EnqueueMail = %v, %v; want %v", i+1, added, err, want)
			}
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM jobs WHERE kind = ?", mail.JobKind); n != 1 {
			t.Errorf("%d mail jobs, want 1", n)
		}
		m.To = "not an address"
		if _, err := s.EnqueueMail(ctx, m, ""); errs.CodeOf(err) != errs.Invalid || !strings.Contains(err.Error(), "to") {
			t.Errorf("a bad address: %v, want invalid to", err)
		}
	})
}
