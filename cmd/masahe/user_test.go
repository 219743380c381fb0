package main

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"masahe/internal/errs"
	"masahe/internal/store"
	"masahe/internal/store/storetest"
	"masahe/internal/web"
)

// webLogin logs in through the real web handler over database and
// returns the status of GET path with the new session, and its body.
func webLogin(t *testing.T, database, email, password, path string) (int, string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, database, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, err := web.NewServer(web.Config{BaseURL: "http://example.com", SessionIdle: time.Hour, SessionLifetime: 24 * time.Hour},
		webStores(st), slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"email": {email}, "password": {password}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var session *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == "__Host-masahe_session" {
			session = c
		}
	}
	if w.Code != http.StatusSeeOther || session == nil {
		t.Fatalf("login as %s: status %d, cookie %v; want 303 with a session", email, w.Code, session)
	}
	r = httptest.NewRequest(http.MethodGet, path, nil)
	r.AddCookie(session)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

// userCount counts the accounts in database.
func userCount(t *testing.T, database string) int {
	t.Helper()
	st, err := store.Open(context.Background(), database, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	users, err := st.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(users)
}

func TestUserCreate(t *testing.T) {
	t.Parallel()
	for name, dsn := range storetest.DSNs() {
		t.Run(name, func(t *testing.T) {
			db := dsn(t)

			t.Run("admin with a password on stdin", func(t *testing.T) {
				const pw = "isang mahabang passphrase ng admin"
				out, stderr, err := runCmdIn(t, pw+"\n", "user", "create", "--database", db, "--email", "A@B.ph", "--role", "admin")
				if err != nil {
					t.Fatalf("user create: %v\nstderr: %s", err, stderr)
				}
				if !regexp.MustCompile(`^created admin a@b\.ph \(id \d+\)\n$`).MatchString(out) {
					t.Errorf("output %q, want one line naming the admin", out)
				}
				if strings.Contains(out+stderr, pw) {
					t.Errorf("the given password is printed")
				}
				status, body := webLogin(t, db, "a@b.ph", pw, "/account")
				if status != http.StatusOK || !strings.Contains(body, "admin") {
					t.Errorf("GET /account as the new admin: status %d, body %.300s", status, body)
				}
				if status, _ := webLogin(t, db, "a@b.ph", pw, "/admin/reviews"); status != http.StatusOK {
					t.Errorf("GET /admin/reviews as the new admin: status %d, want 200", status)
				}
			})

			t.Run("generated password", func(t *testing.T) {
				out, stderr, err := runCmdIn(t, "", "user", "create", "--database", db, "--email", "editor@example.ph", "--role", "editor", "--name", "Ed Itor")
				if err != nil {
					t.Fatalf("user create: %v\nstderr: %s", err, stderr)
				}
				m := regexp.MustCompile(`(?m)^password \(shown once\): (\S+)$`).FindStringSubmatch(out)
				if m == nil {
					t.Fatalf("output %q prints no generated password", out)
				}
				pw := m[1]
				if len(pw) < 16 {
					t.Errorf("generated password %q is short", pw)
				}
				if n := strings.Count(out, pw); n != 1 || strings.Contains(stderr, pw) {
					t.Errorf("the generated password appears %d times in stdout and %v in the log; want once, on stdout", n, strings.Contains(stderr, pw))
				}
				status, body := webLogin(t, db, "editor@example.ph", pw, "/account")
				if status != http.StatusOK || !strings.Contains(body, "Ed Itor") || !strings.Contains(body, "editor") {
					t.Errorf("GET /account as the new editor: status %d, body %.300s", status, body)
				}
				// A second run makes another password.
				out2, _, err := runCmdIn(t, "", "user", "create", "--database", db, "--email", "m2@example.ph")
				if err != nil || strings.Contains(out2, pw) {
					t.Errorf("second generated account: %v, output %q (must not reuse %q)", err, out2, pw)
				}
				if !strings.Contains(out2, "created member m2@example.ph") {
					t.Errorf("default role: output %q, want a member", out2)
				}
			})

			t.Run("CRLF line", func(t *testing.T) {
				const pw = "password mula sa Windows"
				if _, _, err := runCmdIn(t, pw+"\r\nignored second line\n", "user", "create", "--database", db, "--email", "win@example.ph"); err != nil {
					t.Fatal(err)
				}
				if status, _ := webLogin(t, db, "win@example.ph", pw, "/account"); status != http.StatusOK {
					t.Errorf("login with the password given on a CRLF line: GET /account status %d", status)
				}
			})

			before := userCount(t, db)
			bad := []struct {
				name  string
				stdin string
				args  []string
				field string
			}{
				{"bad role", "a fine long password\n", []string{"--email", "r@example.ph", "--role", "root"}, "role"},
				{"role in capitals", "a fine long password\n", []string{"--email", "r@example.ph", "--role", "Admin"}, "role"},
				{"bad email", "a fine long password\n", []string{"--email", "not-an-address"}, "email"},
				{"no email", "a fine long password\n", []string{}, "email"},
				{"short password", "short\n", []string{"--email", "s@example.ph"}, "password"},
				{"common password", "iloveyou\n", []string{"--email", "s@example.ph"}, "password"},
				{"long password", strings.Repeat("x", 129) + "\n", []string{"--email", "s@example.ph"}, "password"},
				{"password is the email", "s@example.ph\n", []string{"--email", "s@example.ph"}, "password"},
				{"long display name", "a fine long password\n", []string{"--email", "s@example.ph", "--name", strings.Repeat("n", 51)}, "display_name"},
				{"duplicate email", "a fine long password\n", []string{"--email", "a@b.ph"}, "email"},
			}
			for _, tt := range bad {
				t.Run(tt.name, func(t *testing.T) {
					args := append([]string{"user", "create", "--database", db}, tt.args...)
					out, _, err := runCmdIn(t, tt.stdin, args...)
					if err == nil {
						t.Fatalf("user create %q: nil error, output %q", tt.args, out)
					}
					if e := errs.As(err); e.Field != tt.field {
						t.Errorf("user create %q: error %v (field %q), want field %q", tt.args, err, e.Field, tt.field)
					}
					if strings.Contains(out, "created") || strings.Contains(out, "password") {
						t.Errorf("a refused account printed %q", out)
					}
				})
			}
			if after := userCount(t, db); after != before {
				t.Errorf("%d accounts after refused commands, want %d", after, before)
			}
			for _, args := range [][]string{{"user"}, {"user", "delete", "--email", "a@b.ph"}} {
				if _, _, err := runCmd(t, append(args, "--database", db)...); err == nil {
					t.Errorf("masahe %q: nil error", args)
				}
			}
		})
	}
}
