package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"time"

	"masahe/internal/errs"
)

// SMTPConfig configures an SMTP sender.
type SMTPConfig struct {
	// URL names the server and how to reach it:
	//   smtp://user:pass@host:587       STARTTLS, required (port 587 by default)
	//   smtps://user:pass@host:465      TLS from the first byte (port 465 by default)
	//   smtp+insecure://host:1025       no encryption, for a local test server (port 25 by default)
	// With a user, the sender authenticates with PLAIN or LOGIN, whichever
	// the server offers, and never over an unencrypted link to another host.
	URL string
	// From is the sender address, e.g. "Masahe <alerts@example.ph>".
	From string
	// Timeout bounds one whole delivery; 0 means 30 seconds.
	Timeout time.Duration
	// RootCAs verifies the server's certificate; nil means the system's.
	RootCAs *x509.CertPool
}

// SMTP sends mail through one SMTP server.
type SMTP struct {
	mode       string // "starttls", "tls" or "plain"
	host, addr string
	user, pass string
	hasUser    bool
	from       *netmail.Address
	timeout    time.Duration
	rootCAs    *x509.CertPool
}

// NewSMTP checks cfg and returns its sender. It does not connect.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, errs.Invalidf("smtp-url", "not a URL: %v", redact(err))
	}
	s := &SMTP{timeout: cfg.Timeout, rootCAs: cfg.RootCAs}
	if s.timeout <= 0 {
		s.timeout = 30 * time.Second
	}
	port := ""
	switch u.Scheme {
	case "smtp":
		s.mode, port = "starttls", "587"
	case "smtps":
		s.mode, port = "tls", "465"
	case "smtp+insecure":
		s.mode, port = "plain", "25"
	default:
		return nil, errs.Invalidf("smtp-url", "%q: the scheme must be smtp, smtps or smtp+insecure", u.Redacted())
	}
	if u.Hostname() == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, errs.Invalidf("smtp-url", "%q: give only the scheme, user, password, host and port", u.Redacted())
	}
	s.host = u.Hostname()
	if u.Port() != "" {
		port = u.Port()
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.user, s.hasUser = u.User.Username(), true
		s.pass, _ = u.User.Password()
		if s.mode == "plain" && !isLocalhost(s.host) {
			return nil, errs.Invalidf("smtp-url", "%q: a password is sent over smtp+insecure:// only to localhost; use smtp:// or smtps://", u.Redacted())
		}
	}
	if s.from, err = parseAddress("mail-from", cfg.From); err != nil {
		return nil, err
	}
	return s, nil
}

// redact drops the URL (and so any password) from a url.Parse error.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// SendError is a failed delivery. Permanent reports whether trying again
// cannot help: the server answered 5xx, the message is not valid, or the
// server lacks what the URL requires (STARTTLS, a known AUTH mechanism).
// A 4xx answer, a refused or dropped connection and a timeout are
// temporary.
type SendError struct {
	// Code is the server's SMTP reply code, or 0.
	Code      int
	Err       error
	permanent bool
}

func (e *SendError) Error() string   { return e.Err.Error() }
func (e *SendError) Unwrap() error   { return e.Err }
func (e *SendError) Permanent() bool { return e.permanent }

func permanent(err error) error { return &SendError{Err: err, permanent: true} }

// classify wraps an error met at one step of the SMTP exchange.
func classify(step string, err error) error {
	e := &SendError{Err: fmt.Errorf("smtp %s: %w", step, err)}
	var reply *textproto.Error
	if errors.As(err, &reply) {
		e.Code, e.permanent = reply.Code, reply.Code >= 500
	}
	return e
}

// Send delivers m. Its errors are *SendError.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	raw, err := Render(s.from, m)
	if err != nil {
		return permanent(err)
	}
	to, _ := netmail.ParseAddress(m.To) // checked by Render
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	conn, err := s.dial(ctx)
	if err != nil {
		return classify("connect to "+s.addr, err)
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	// Cancelling ctx (shutdown) breaks off the exchange at once.
	defer context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })()

	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return classify("greeting", err)
	}
	defer c.Close()
	if s.mode == "starttls" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return permanent(fmt.Errorf("smtp: %s does not offer STARTTLS, which smtp:// requires (smtp+insecure:// is for local test servers)", s.addr))
		}
		if err := c.StartTLS(s.tlsConfig()); err != nil {
			return classify("STARTTLS", err)
		}
	}
	if s.hasUser {
		auth, err := s.auth(c)
		if err != nil {
			return err
		}
		if err := c.Auth(auth); err != nil {
			return classify("AUTH", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return classify("MAIL FROM", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return classify("RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return classify("DATA", err)
	}
	if _, err := w.Write(raw); err != nil {
		return classify("DATA", err)
	}
	if err := w.Close(); err != nil {
		return classify("DATA", err)
	}
	// The message is accepted; a failing QUIT changes nothing.
	c.Quit()
	return nil
}

func (s *SMTP) tlsConfig() *tls.Config {
	return &tls.Config{ServerName: s.host, RootCAs: s.rootCAs, MinVersion: tls.VersionTLS12}
}

func (s *SMTP) dial(ctx context.Context) (net.Conn, error) {
	if s.mode == "tls" {
		d := &tls.Dialer{Config: s.tlsConfig()}
		return d.DialContext(ctx, "tcp", s.addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", s.addr)
}

// auth picks PLAIN, else LOGIN, from the mechanisms the server offers.
func (s *SMTP) auth(c *smtp.Client) (smtp.Auth, error) {
	ok, params := c.Extension("AUTH")
	mechs := strings.Fields(strings.ToUpper(params))
	switch {
	case ok && slices.Contains(mechs, "PLAIN"):
		// PlainAuth refuses to send the password unencrypted except to
		// localhost.
		return smtp.PlainAuth("", s.user, s.pass, s.host), nil
	case ok && slices.Contains(mechs, "LOGIN"):
		return &loginAuth{user: s.user, pass: s.pass, host: s.host}, nil
	}
	return nil, permanent(fmt.Errorf("smtp: %s offers no PLAIN or LOGIN authentication (offered: %q)", s.addr, params))
}

// loginAuth is the LOGIN mechanism, which net/smtp lacks and some servers
// still require, with PlainAuth's rule on unencrypted links.
type loginAuth struct{ user, pass, host string }

func (a *loginAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS && !isLocalhost(server.Name) {
		return "", nil, errors.New("unencrypted connection")
	}
	if server.Name != a.host {
		return "", nil, errors.New("wrong host name")
	}
	return "LOGIN", nil, nil
}

func (a *loginAuth) Next(prompt []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	switch strings.ToLower(strings.TrimSpace(string(prompt))) {
	case "username:":
		return []byte(a.user), nil
	case "password:":
		return []byte(a.pass), nil
	}
	return nil, fmt.Errorf("unexpected LOGIN prompt %q", prompt)
}

func isLocalhost(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}
