package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"masahe/internal/account"
	"masahe/internal/errs"
)

// stepClock is a clock the test moves by hand.
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *stepClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// withClock gives the store a clock the test controls.
func withClock(s *Store) *stepClock {
	c := &stepClock{t: testNow()}
	s.now = c.Now
	return c
}

// The store keeps whatever hash it is given; these tests need no real
// Argon2id hashes.
const fakeHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$a2V5"

func addUser(t *testing.T, s *Store, email string, role account.Role) account.User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), account.User{Email: email, DisplayName: "User " + email, Role: role}, fakeHash+email)
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u
}

func countRows(t *testing.T, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.read.QueryRowContext(context.Background(), s.q(query), args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func wantCode(t *testing.T, what string, err error, code errs.Code) {
	t.Helper()
	if got := errs.CodeOf(err); got != code {
		t.Errorf("%s: error %v (code %q), want code %q", what, err, got, code)
	}
}

func TestCreateAndReadUsers(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		clk := withClock(s)
		u, err := s.CreateUser(ctx, account.User{Email: "juan@example.ph", DisplayName: "Juan", Role: account.Editor, Disabled: true}, "hash-1")
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Email != "juan@example.ph" || u.DisplayName != "Juan" || u.Role != account.Editor || u.Disabled || !u.CreatedAt.Equal(clk.Now()) {
			t.Errorf("CreateUser = %+v; want the fields given, enabled, created now (%v)", u, clk.Now())
		}
		got, err := s.User(ctx, u.ID)
		if err != nil || got != u {
			t.Errorf("User(%d) = %+v, %v; want %+v", u.ID, got, err, u)
		}
		got, hash, err := s.UserByEmail(ctx, "juan@example.ph")
		if err != nil || got != u || hash != "hash-1" {
			t.Errorf("UserByEmail = %+v, %q, %v", got, hash, err)
		}
		if hash, err := s.PasswordHash(ctx, u.ID); err != nil || hash != "hash-1" {
			t.Errorf("PasswordHash = %q, %v", hash, err)
		}

		_, err = s.CreateUser(ctx, account.User{Email: "juan@example.ph", DisplayName: "Other", Role: account.Member}, "hash-2")
		wantCode(t, "duplicate email", err, errs.Conflict)
		if e := errs.As(err); e.Field != "email" || e.Message == "" {
			t.Errorf("duplicate email error = %+v, want field email and a message", e)
		}
		if _, hash, _ := s.UserByEmail(ctx, "juan@example.ph"); hash != "hash-1" {
			t.Errorf("a refused duplicate changed the first user's hash to %q", hash)
		}

		_, err = s.User(ctx, u.ID+1000)
		wantCode(t, "User(unknown)", err, errs.NotFound)
		_, _, err = s.UserByEmail(ctx, "nobody@example.ph")
		wantCode(t, "UserByEmail(unknown)", err, errs.NotFound)
		_, err = s.PasswordHash(ctx, u.ID+1000)
		wantCode(t, "PasswordHash(unknown)", err, errs.NotFound)

		clk.Advance(time.Hour)
		b := addUser(t, s, "maria@example.ph", account.Member)
		c := addUser(t, s, "jose@example.ph", account.Admin) // same second as b
		list, err := s.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, x := range list {
			ids = append(ids, x.ID)
		}
		if want := []int64{c.ID, b.ID, u.ID}; len(ids) != 3 || ids[0] != want[0] || ids[1] != want[1] || ids[2] != want[2] {
			t.Errorf("Users = ids %v, want newest first %v", ids, want)
		}
	})
}

func TestSessionLifecycle(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		clk := withClock(s)
		u := addUser(t, s, "ana@example.ph", account.Member)
		const idle, lifetime = time.Hour, 3 * time.Hour
		token, hash, err := account.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateSession(ctx, u.ID, hash, lifetime); err != nil {
			t.Fatal(err)
		}
		// Only the hash is stored.
		if n := countRows(t, s, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", hash); n != 1 {
			t.Errorf("sessions under the token's hash: %d, want 1", n)
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM sessions WHERE token_hash = ? OR token_hash LIKE ?", token, "%"+token+"%"); n != 0 {
			t.Errorf("the raw token is stored in sessions (%d rows)", n)
		}
		got, err := s.SessionUser(ctx, hash, idle)
		if err != nil || got != u {
			t.Fatalf("SessionUser = %+v, %v; want %+v", got, err, u)
		}
		_, err = s.SessionUser(ctx, token, idle)
		wantCode(t, "SessionUser(raw token)", err, errs.Unauthorized)
		_, err = s.SessionUser(ctx, account.HashToken("not a token"), idle)
		wantCode(t, "SessionUser(unknown)", err, errs.Unauthorized)

		lastSeen := func() int64 {
			var v int64
			if err := s.read.QueryRowContext(ctx, s.q("SELECT last_seen_at FROM sessions WHERE token_hash = ?"), hash).Scan(&v); err != nil {
				t.Fatal(err)
			}
			return v
		}
		start := clk.Now().Unix()
		// A visit within a minute does not write; one after does.
		clk.Advance(30 * time.Second)
		if _, err := s.SessionUser(ctx, hash, idle); err != nil {
			t.Fatal(err)
		}
		if got := lastSeen(); got != start {
			t.Errorf("last_seen_at after 30 s = %d, want unchanged %d", got, start)
		}
		clk.Advance(30 * time.Second)
		if _, err := s.SessionUser(ctx, hash, idle); err != nil {
			t.Fatal(err)
		}
		if got := lastSeen(); got != start+60 {
			t.Errorf("last_seen_at after 60 s = %d, want %d", got, start+60)
		}
		// Used every 50 minutes, the session outlives its idle limit...
		for range 3 {
			clk.Advance(50 * time.Minute)
			if _, err := s.SessionUser(ctx, hash, idle); err != nil {
				t.Fatalf("session used every 50 min with a 1 h idle limit, at %v: %v", clk.Now().Sub(testNow()), err)
			}
		}
		// ...but not its absolute lifetime.
		clk.Advance(lifetime - clk.Now().Sub(testNow()))
		_, err = s.SessionUser(ctx, hash, idle)
		wantCode(t, "SessionUser at the end of its lifetime", err, errs.Unauthorized)

		// Idle timeout: a new session unused for an hour ends.
		_, h2, _ := account.NewToken()
		if err := s.CreateSession(ctx, u.ID, h2, lifetime); err != nil {
			t.Fatal(err)
		}
		clk.Advance(idle - time.Second)
		if _, err := s.SessionUser(ctx, h2, idle); err != nil {
			t.Errorf("session unused for idle-1s: %v", err)
		}
		clk.Advance(idle)
		_, err = s.SessionUser(ctx, h2, idle)
		wantCode(t, "SessionUser after the idle limit", err, errs.Unauthorized)

		// DeleteSession ends one session only.
		_, h3, _ := account.NewToken()
		_, h4, _ := account.NewToken()
		for _, h := range []string{h3, h4} {
			if err := s.CreateSession(ctx, u.ID, h, lifetime); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.DeleteSession(ctx, h3); err != nil {
			t.Fatal(err)
		}
		_, err = s.SessionUser(ctx, h3, idle)
		wantCode(t, "deleted session", err, errs.Unauthorized)
		if _, err := s.SessionUser(ctx, h4, idle); err != nil {
			t.Errorf("DeleteSession ended another session: %v", err)
		}
	})
}

// sessionsFor creates n sessions for u and returns their hashes.
func sessionsFor(t *testing.T, s *Store, u account.User, n int) []string {
	t.Helper()
	var out []string
	for range n {
		_, h, err := account.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateSession(context.Background(), u.ID, h, 24*time.Hour); err != nil {
			t.Fatal(err)
		}
		out = append(out, h)
	}
	return out
}

func alive(t *testing.T, s *Store, hash string) bool {
	t.Helper()
	_, err := s.SessionUser(context.Background(), hash, time.Hour)
	if err != nil && errs.CodeOf(err) != errs.Unauthorized {
		t.Fatal(err)
	}
	return err == nil
}

func TestSessionsEndOnChanges(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		withClock(s)
		a := addUser(t, s, "a@example.ph", account.Member)
		b := addUser(t, s, "b@example.ph", account.Member)

		t.Run("DeleteOtherSessions", func(t *testing.T) {
			as, bs := sessionsFor(t, s, a, 3), sessionsFor(t, s, b, 1)
			n, err := s.DeleteOtherSessions(ctx, a.ID, as[0])
			if err != nil || n != 2 {
				t.Errorf("DeleteOtherSessions = %d, %v; want 2", n, err)
			}
			if !alive(t, s, as[0]) || alive(t, s, as[1]) || alive(t, s, as[2]) {
				t.Errorf("after DeleteOtherSessions: kept %v, others %v %v; want only the kept one", alive(t, s, as[0]), alive(t, s, as[1]), alive(t, s, as[2]))
			}
			if !alive(t, s, bs[0]) {
				t.Errorf("DeleteOtherSessions ended another user's session")
			}
			// A keep value of another user's session does not protect it.
			if _, err := s.DeleteOtherSessions(ctx, a.ID, bs[0]); err != nil {
				t.Fatal(err)
			}
			if alive(t, s, as[0]) || !alive(t, s, bs[0]) {
				t.Errorf("DeleteOtherSessions(a, b's hash): a alive %v, b alive %v; want false, true", alive(t, s, as[0]), alive(t, s, bs[0]))
			}
		})

		t.Run("SetPassword", func(t *testing.T) {
			as, bs := sessionsFor(t, s, a, 2), sessionsFor(t, s, b, 1)
			if err := s.SetPassword(ctx, a.ID, "new-hash", as[1]); err != nil {
				t.Fatal(err)
			}
			if h, _ := s.PasswordHash(ctx, a.ID); h != "new-hash" {
				t.Errorf("hash after SetPassword = %q", h)
			}
			if alive(t, s, as[0]) || !alive(t, s, as[1]) || !alive(t, s, bs[0]) {
				t.Errorf("after SetPassword keeping as[1]: as[0] %v, as[1] %v, b %v; want false, true, true", alive(t, s, as[0]), alive(t, s, as[1]), alive(t, s, bs[0]))
			}
			if err := s.SetPassword(ctx, a.ID, "newer-hash", ""); err != nil {
				t.Fatal(err)
			}
			if alive(t, s, as[1]) {
				t.Errorf("SetPassword with no session to keep left a session alive")
			}
		})

		t.Run("SetRole", func(t *testing.T) {
			as, bs := sessionsFor(t, s, a, 2), sessionsFor(t, s, b, 1)
			if err := s.SetRole(ctx, a.ID, account.Editor); err != nil {
				t.Fatal(err)
			}
			if u, _ := s.User(ctx, a.ID); u.Role != account.Editor {
				t.Errorf("role after SetRole = %q", u.Role)
			}
			if alive(t, s, as[0]) || alive(t, s, as[1]) {
				t.Errorf("a role change left the user's sessions alive")
			}
			if !alive(t, s, bs[0]) {
				t.Errorf("a role change ended another user's session")
			}
			wantCode(t, "SetRole(unknown)", s.SetRole(ctx, a.ID+1000, account.Admin), errs.NotFound)
		})

		t.Run("SetDisabled", func(t *testing.T) {
			as := sessionsFor(t, s, a, 1)
			if err := s.SetDisabled(ctx, a.ID, true); err != nil {
				t.Fatal(err)
			}
			if u, _ := s.User(ctx, a.ID); !u.Disabled {
				t.Errorf("user not disabled")
			}
			if alive(t, s, as[0]) {
				t.Errorf("disabling left a session alive")
			}
			// A session made for a disabled user is refused too.
			late := sessionsFor(t, s, a, 1)
			if alive(t, s, late[0]) {
				t.Errorf("a disabled user's new session is accepted")
			}
			if err := s.SetDisabled(ctx, a.ID, false); err != nil {
				t.Fatal(err)
			}
			if again := sessionsFor(t, s, a, 1); !alive(t, s, again[0]) {
				t.Errorf("a re-enabled user's new session is refused")
			}
			wantCode(t, "SetDisabled(unknown)", s.SetDisabled(ctx, a.ID+1000, true), errs.NotFound)
		})

		t.Run("DeleteUser", func(t *testing.T) {
			sessionsFor(t, s, a, 2)
			bs := sessionsFor(t, s, b, 1)
			if err := s.DeleteUser(ctx, a.ID); err != nil {
				t.Fatal(err)
			}
			_, err := s.User(ctx, a.ID)
			wantCode(t, "User after DeleteUser", err, errs.NotFound)
			if n := countRows(t, s, "SELECT COUNT(*) FROM sessions WHERE user_id = ?", a.ID); n != 0 {
				t.Errorf("%d sessions of the deleted user remain", n)
			}
			if !alive(t, s, bs[0]) {
				t.Errorf("deleting a user ended another user's session")
			}
			wantCode(t, "DeleteUser twice", s.DeleteUser(ctx, a.ID), errs.NotFound)
			// The address is free again.
			addUser(t, s, "a@example.ph", account.Member)
		})
	})
}

func TestLoginFailures(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		clk := withClock(s)
		record := func(email, client string) {
			t.Helper()
			if err := s.RecordLoginFailure(ctx, email, client); err != nil {
				t.Fatal(err)
			}
		}
		t0 := clk.Now()
		record("a@example.ph", "192.0.2.1")
		clk.Advance(time.Minute)
		record("a@example.ph", "192.0.2.2")
		clk.Advance(time.Minute)
		record("b@example.ph", "192.0.2.1")

		byEmail, byClient, err := s.LoginFailures(ctx, "a@example.ph", "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if len(byEmail) != 2 || !byEmail[0].Equal(t0) || !byEmail[1].Equal(t0.Add(time.Minute)) {
			t.Errorf("failures by email = %v, want [%v %v] oldest first", byEmail, t0, t0.Add(time.Minute))
		}
		if len(byClient) != 2 || !byClient[0].Equal(t0) || !byClient[1].Equal(t0.Add(2*time.Minute)) {
			t.Errorf("failures by client = %v, want [%v %v] oldest first", byClient, t0, t0.Add(2*time.Minute))
		}
		byEmail, byClient, err = s.LoginFailures(ctx, "nobody@example.ph", "198.51.100.7")
		if err != nil || len(byEmail)+len(byClient) != 0 {
			t.Errorf("failures for an unused account and address = %v, %v, %v", byEmail, byClient, err)
		}

		// Failures older than the window are not counted...
		// At t0 + window + 2 min the window starts at t0 + 2 min, inclusive.
		clk.Advance(account.ThrottleWindow)
		byEmail, byClient, err = s.LoginFailures(ctx, "a@example.ph", "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if len(byEmail) != 0 || len(byClient) != 1 {
			t.Errorf("after the window: %d by email, %d by client; want 0 and 1", len(byEmail), len(byClient))
		}
		// ...and are removed when the next failure is recorded.
		record("c@example.ph", "203.0.113.9")
		if n := countRows(t, s, "SELECT COUNT(*) FROM login_failures"); n != 2 {
			t.Errorf("login_failures rows after pruning = %d, want 2 (the one at the window's start and the new one)", n)
		}
	})
}
