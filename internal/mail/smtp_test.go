package mail_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"masahe/internal/errs"
	"masahe/internal/mail"
)

func testMessage() mail.Message {
	return mail.Message{
		ID:          mail.NewID("masahe.test"),
		Date:        time.Date(2026, 11, 28, 9, 30, 0, 0, time.FixedZone("PHT", 8*3600)),
		To:          "Ana Reyes <ana@example.ph>",
		Subject:     "Bumaba ang presyo: ₱129,990 — Inada DreamWave, 12 buwan 0% sa BDO at iba pang bangko",
		Text:        "Bumaba ang presyo sa ₱129,990.\nNoong nakaraang linggo: ₱139,990.\n\n" + strings.Repeat("Mahabang linya ng teksto. ", 10) + "\nAlisin: https://masahe.test/u/abc",
		HTML:        "<p>Bumaba ang presyo sa <strong>₱129,990</strong>.</p>\n<p><a href=\"https://masahe.test/u/abc\">Alisin</a></p>",
		Language:    "fil",
		Unsubscribe: "https://masahe.test/alerts/unsubscribe?t=abc123",
	}
}

func TestSMTPDelivers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		scheme   string
		server   serverOptions
		user     string
		wantTLS  bool
		wantUser string
	}{
		{"STARTTLS with AUTH PLAIN", "smtp", serverOptions{tls: "starttls", mechs: []string{"PLAIN", "LOGIN"}}, "ana:secret@", true, "ana"},
		{"implicit TLS with AUTH LOGIN", "smtps", serverOptions{tls: "implicit", mechs: []string{"LOGIN"}}, "ana:secret@", true, "ana"},
		{"STARTTLS without AUTH", "smtp", serverOptions{tls: "starttls"}, "", true, ""},
		{"plain local test server", "smtp+insecure", serverOptions{}, "", false, ""},
		{"plain local test server with AUTH", "smtp+insecure", serverOptions{mechs: []string{"PLAIN"}}, "ana:secret@", false, "ana"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := startServer(t, tt.server)
			s, err := mail.NewSMTP(mail.SMTPConfig{
				URL: tt.scheme + "://" + tt.user + ts.addr, From: "Masahe <alerts@masahe.test>", RootCAs: ts.roots,
			})
			if err != nil {
				t.Fatal(err)
			}
			m := testMessage()
			if err := s.Send(context.Background(), m); err != nil {
				t.Fatalf("send: %v", err)
			}
			got := ts.deliveries()
			if len(got) != 1 {
				t.Fatalf("server received %d messages, want 1", len(got))
			}
			d := got[0]
			if d.from != "alerts@masahe.test" || len(d.to) != 1 || d.to[0] != "ana@example.ph" {
				t.Errorf("envelope from %q to %q", d.from, d.to)
			}
			if d.tls != tt.wantTLS || d.authUser != tt.wantUser {
				t.Errorf("tls %v user %q, want tls %v user %q", d.tls, d.authUser, tt.wantTLS, tt.wantUser)
			}
			checkMessage(t, d.data, m)
		})
	}
}

// checkMessage checks a received message against what was sent: the
// headers as raw text, and both parts decoded.
func checkMessage(t *testing.T, raw []byte, m mail.Message) {
	t.Helper()
	ls, ok := lines(raw)
	if !ok {
		t.Error("the message has a line end that is not CRLF")
	}
	for _, l := range ls {
		if len(l) > 998 {
			t.Errorf("a line of %d characters", len(l))
		}
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	for name, want := range map[string]string{
		"From":                  `"Masahe" <alerts@masahe.test>`,
		"To":                    `"Ana Reyes" <ana@example.ph>`,
		"Message-ID":            "<" + m.ID + ">",
		"MIME-Version":          "1.0",
		"Content-Language":      "fil",
		"List-Unsubscribe":      "<" + m.Unsubscribe + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	if subj := h.Get("Subject"); !strings.HasPrefix(subj, "=?utf-8?q?") {
		t.Errorf("Subject %q is not Q-encoded", subj)
	}
	if date, err := h.Date(); err != nil || !date.Equal(m.Date) {
		t.Errorf("Date %q (%v), want %v", h.Get("Date"), err, m.Date)
	}
	if n := bytes.Count(raw, []byte("\r\nContent-Transfer-Encoding: quoted-printable\r\n")); n != 2 {
		t.Errorf("%d quoted-printable parts, want 2", n)
	}
	got, err := mail.Parse(bytes.NewReader(raw), true)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != m.Subject || got.Text != m.Text || got.HTML != m.HTML {
		t.Errorf("decoded subject %q\ntext %q\nhtml %q\nwant %q\n%q\n%q", got.Subject, got.Text, got.HTML, m.Subject, m.Text, m.HTML)
	}
	if got.Unsubscribe != m.Unsubscribe || got.Language != "fil" || got.ID != m.ID {
		t.Errorf("decoded unsubscribe %q language %q id %q", got.Unsubscribe, got.Language, got.ID)
	}
}

func TestSMTPFailures(t *testing.T) {
	t.Parallel()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := closed.Addr().String()
	closed.Close()
	tests := []struct {
		name          string
		scheme, user  string
		server        *serverOptions // nil: nothing listens
		wantPermanent bool
		wantCode      int
	}{
		{"mailbox busy (450)", "smtp", "", &serverOptions{tls: "starttls", refuse: &smtp.SMTPError{Code: 450, EnhancedCode: smtp.EnhancedCode{4, 2, 1}, Message: "try later"}}, false, 450},
		{"no such user (550)", "smtp", "", &serverOptions{tls: "starttls", refuse: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}}, true, 550},
		{"wrong password (535)", "smtp", "ana:wrong@", &serverOptions{tls: "starttls", mechs: []string{"PLAIN"}}, true, 535},
		{"no STARTTLS offered", "smtp", "", &serverOptions{}, true, 0},
		{"no known AUTH mechanism", "smtp", "ana:secret@", &serverOptions{tls: "starttls", mechs: []string{"CRAM-MD5"}}, true, 0},
		{"implicit TLS to a plain server", "smtps", "", &serverOptions{}, false, 0},
		{"nothing listening", "smtp", "", nil, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			addr, ts := closedAddr, (*testServer)(nil)
			if tt.server != nil {
				ts = startServer(t, *tt.server)
				addr = ts.addr
			}
			cfg := mail.SMTPConfig{URL: tt.scheme + "://" + tt.user + addr, From: "alerts@masahe.test", Timeout: 10 * time.Second}
			if ts != nil {
				cfg.RootCAs = ts.roots
			}
			s, err := mail.NewSMTP(cfg)
			if err != nil {
				t.Fatal(err)
			}
			err = s.Send(context.Background(), testMessage())
			var se *mail.SendError
			if !errors.As(err, &se) {
				t.Fatalf("error %v (%T), want a *mail.SendError", err, err)
			}
			if se.Permanent() != tt.wantPermanent || se.Code != tt.wantCode {
				t.Errorf("%v: permanent %v code %d, want %v %d", err, se.Permanent(), se.Code, tt.wantPermanent, tt.wantCode)
			}
			if ts != nil && len(ts.deliveries()) != 0 {
				t.Errorf("the server accepted a message")
			}
		})
	}
}

func TestSMTPCancelled(t *testing.T) {
	t.Parallel()
	// A listener that accepts and never greets: only cancelling ends Send.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	accepted := make(chan net.Conn, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			cancel()
			accepted <- c
		}
	}()
	s, err := mail.NewSMTP(mail.SMTPConfig{URL: "smtp+insecure://" + ln.Addr().String(), From: "alerts@masahe.test", Timeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(ctx, testMessage())
	(<-accepted).Close()
	var se *mail.SendError
	if !errors.As(err, &se) || se.Permanent() {
		t.Errorf("error %v, want a temporary *mail.SendError", err)
	}
}

func TestNewSMTPRefusesBadConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, url, from, field string
	}{
		{"unknown scheme", "http://mail.example.ph", "a@b.ph", "smtp-url"},
		{"no host", "smtp://", "a@b.ph", "smtp-url"},
		{"a path", "smtp://mail.example.ph/x", "a@b.ph", "smtp-url"},
		{"a query", "smtp://mail.example.ph?tls=0", "a@b.ph", "smtp-url"},
		{"password in clear to another host", "smtp+insecure://u:p@mail.example.ph:25", "a@b.ph", "smtp-url"},
		{"no from", "smtp://mail.example.ph", "", "mail-from"},
		{"bad from", "smtp://mail.example.ph", "not an address", "mail-from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := mail.NewSMTP(mail.SMTPConfig{URL: tt.url, From: tt.from})
			if e := errs.As(err); e.Code != errs.Invalid || e.Field != tt.field {
				t.Errorf("error %v, want invalid %s", err, tt.field)
			}
			if strings.Contains(err.Error(), ":p@") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}
