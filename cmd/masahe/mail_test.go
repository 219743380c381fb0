package main

import (
	"bytes"
	"io"
	"mime"
	"net"
	"net/http"
	netmail "net/mail"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"masahe/internal/mail"
	"masahe/internal/store/storetest"
)

// smtpMessage is one message an SMTP server in the test received.
type smtpMessage struct {
	from string
	to   []string
	data []byte
}

// startSMTP runs a real SMTP server on a loopback port, in the test
// process, and returns its address and the messages it receives.
func startSMTP(t *testing.T) (string, <-chan smtpMessage) {
	t.Helper()
	got := make(chan smtpMessage, 16)
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &smtpSession{got: got}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close(); <-done })
	return ln.Addr().String(), got
}

type smtpSession struct {
	got chan<- smtpMessage
	cur smtpMessage
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	s.cur = smtpMessage{from: from}
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.to = append(s.cur.to, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.data = b
	s.got <- s.cur
	return nil
}

func (s *smtpSession) Reset()        { s.cur = smtpMessage{} }
func (s *smtpSession) Logout() error { return nil }

// receive waits for the next message (the job runner looks for work every
// few seconds) and checks its envelope, headers and parts; it returns the
// link to path that both parts carry.
func receive(t *testing.T, got <-chan smtpMessage, base, to, subject, path, lang string) string {
	t.Helper()
	var m smtpMessage
	select {
	case m = <-got:
	case <-time.After(60 * time.Second):
		t.Fatalf("no mail %q within a minute", subject)
	}
	if m.from != "hello@masahe.test" || len(m.to) != 1 || m.to[0] != to {
		t.Errorf("envelope from %q to %q", m.from, m.to)
	}
	h, err := netmail.ReadMessage(bytes.NewReader(m.data))
	if err != nil {
		t.Fatal(err)
	}
	kind, _, _ := mime.ParseMediaType(h.Header.Get("Content-Type"))
	for name, want := range map[string]string{
		"From": `"Masahe" <hello@masahe.test>`, "To": "<" + to + ">", "MIME-Version": "1.0", "Content-Language": lang,
	} {
		if v := h.Header.Get(name); v != want {
			t.Errorf("%s: %q, want %q", name, v, want)
		}
	}
	if id := h.Header.Get("Message-ID"); !strings.HasSuffix(id, "@127.0.0.1>") {
		t.Errorf("Message-ID %q is not in the site's domain", id)
	}
	if kind != "multipart/alternative" {
		t.Errorf("Content-Type %q", h.Header.Get("Content-Type"))
	}
	parsed, err := mail.Parse(bytes.NewReader(m.data), true)
	if err != nil {
		t.Fatal(err)
	}
	if parsed.Subject != subject {
		t.Errorf("subject %q, want %q", parsed.Subject, subject)
	}
	link := regexp.MustCompile(regexp.QuoteMeta(base+path) + `\?token=[A-Za-z0-9_-]{43}`).FindString(parsed.Text)
	if link == "" || !strings.Contains(parsed.HTML, `href="`+link+`"`) {
		t.Fatalf("the link to %s%s is not in both parts:\n%s\n%s", base, path, parsed.Text, parsed.HTML)
	}
	return link
}

// TestMailFlows runs the program with --smtp-url and goes through sign-up
// → verification mail → verified, and forgot password → mail → reset →
// every old session ended → log in with the new password, the link
// refused the second time.
func TestMailFlows(t *testing.T) {
	t.Parallel()
	for name, dsn := range storetest.DSNs() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			addr, got := startSMTP(t)
			base := startRun(t, dsn(t), "--smtp-url", "smtp+insecure://"+addr, "--mail-from", "Masahe <hello@masahe.test>")
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			send := func(method, target string, form url.Values, cookie *http.Cookie) (*http.Response, string) {
				t.Helper()
				r, err := http.NewRequest(method, target, strings.NewReader(form.Encode()))
				if err != nil {
					t.Fatal(err)
				}
				if form != nil {
					r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
				if cookie != nil {
					r.AddCookie(cookie)
				}
				resp, err := client.Do(r)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				return resp, string(b)
			}
			login := func(pw string) (*http.Cookie, int) {
				resp, _ := send(http.MethodPost, base+"/login", url.Values{"email": {"ana@example.ph"}, "password": {pw}}, nil)
				for _, c := range resp.Cookies() {
					if c.Name == "__Host-masahe_session" {
						return c, resp.StatusCode
					}
				}
				return nil, resp.StatusCode
			}
			const (
				oldPassword = "tahimik na hapon sa Baguio"
				newPassword = "malamig na hangin sa umaga"
			)
			if resp, body := send(http.MethodPost, base+"/signup", url.Values{"email": {"ana@example.ph"}, "display_name": {"Ana"}, "password": {oldPassword}}, nil); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Sign-up received") {
				t.Fatalf("sign-up: %d %.300s", resp.StatusCode, body)
			}
			link := receive(t, got, base, "ana@example.ph", "Confirm your email address for Masahe", "/verify", "en")
			token := link[strings.Index(link, "=")+1:]
			if resp, body := send(http.MethodGet, link, nil, nil); resp.StatusCode != http.StatusOK || !strings.Contains(body, `value="`+token+`"`) {
				t.Fatalf("GET %s: %d", link, resp.StatusCode)
			}
			if resp, body := send(http.MethodPost, base+"/verify", url.Values{"token": {token}}, nil); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Email address confirmed") {
				t.Fatalf("POST /verify: %d %.300s", resp.StatusCode, body)
			}
			first, status := login(oldPassword)
			if first == nil {
				t.Fatalf("login: status %d", status)
			}
			if _, body := send(http.MethodGet, base+"/account", nil, first); !strings.Contains(body, "Your email address is confirmed.") {
				t.Errorf("the account page does not show the address confirmed: %.300s", body)
			}

			if resp, body := send(http.MethodPost, base+"/forgot", url.Values{"email": {"ana@example.ph"}}, nil); resp.StatusCode != http.StatusOK || !strings.Contains(body, "we sent it a link") {
				t.Fatalf("forgot: %d %.300s", resp.StatusCode, body)
			}
			link = receive(t, got, base, "ana@example.ph", "Reset your Masahe password", "/reset", "en")
			token = link[strings.Index(link, "=")+1:]
			resp, _ := send(http.MethodPost, base+"/reset", url.Values{"token": {token}, "new_password": {newPassword}}, nil)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?done=reset" {
				t.Fatalf("reset: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			if resp, _ := send(http.MethodGet, base+"/account", nil, first); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("the session from before the reset: GET /account %d, want a 303 to log in", resp.StatusCode)
			}
			if c, status := login(oldPassword); c != nil || status != http.StatusUnauthorized {
				t.Errorf("the old password: status %d", status)
			}
			if c, status := login(newPassword); c == nil {
				t.Errorf("the new password: status %d", status)
			}
			if resp, _ := send(http.MethodPost, base+"/reset", url.Values{"token": {token}, "new_password": {"a third passphrase to try"}}, nil); resp.StatusCode != http.StatusBadRequest {
				t.Errorf("the link a second time: status %d, want 400", resp.StatusCode)
			}

			// From the Filipino pages, the mails are in Filipino and
			// their links lead back to the Filipino pages.
			if resp, _ := send(http.MethodPost, base+"/fil/signup", url.Values{"email": {"tala@example.ph"}, "display_name": {"Tala"}, "password": {oldPassword}}, nil); resp.StatusCode != http.StatusOK {
				t.Fatalf("Filipino sign-up: %d", resp.StatusCode)
			}
			link = receive(t, got, base, "tala@example.ph", "Kumpirmahin ang iyong email address para sa Masahe", "/fil/verify", "fil")
			if resp, body := send(http.MethodGet, link, nil, nil); resp.StatusCode != http.StatusOK || !strings.Contains(body, `<html lang="fil"`) {
				t.Errorf("GET %s: %d, want the Filipino page", link, resp.StatusCode)
			}
			if resp, _ := send(http.MethodPost, base+"/fil/forgot", url.Values{"email": {"tala@example.ph"}}, nil); resp.StatusCode != http.StatusOK {
				t.Fatalf("Filipino forgot: %d", resp.StatusCode)
			}
			link = receive(t, got, base, "tala@example.ph", "I-reset ang iyong Masahe password", "/fil/reset", "fil")
			token = link[strings.Index(link, "=")+1:]
			resp, _ = send(http.MethodPost, base+"/fil/reset", url.Values{"token": {token}, "new_password": {newPassword}}, nil)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/fil/login?done=reset" {
				t.Errorf("Filipino reset: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
			}
		})
	}
}
