// Package mail writes Masahe's email: one Message type rendered as an RFC
// 5322 multipart/alternative message (plain text and HTML, quoted-printable,
// UTF-8), and senders behind one interface: SMTP (STARTTLS, implicit TLS or
// plain for local tests) and a folder of .eml files for installations
// without a mail server. It does no HTTP and no SQL.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"masahe/internal/errs"
)

// Message is one email to one recipient. The ID and Date are set when the
// message is made (NewID, the caller's clock), so a retried delivery sends
// the same message again, which receivers can recognise.
type Message struct {
	// ID is the Message-ID without angle brackets: random@domain.
	ID   string    `json:"id"`
	Date time.Time `json:"date"`
	// To is one address, with or without a display name.
	To      string `json:"to"`
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
	// Language is the BCP 47 tag of the text ("en", "fil"), or empty.
	Language string `json:"language,omitempty"`
	// Unsubscribe is the one-click unsubscribe URL of a list mail such as
	// a price alert, or empty. It becomes List-Unsubscribe and
	// List-Unsubscribe-Post (RFC 8058).
	Unsubscribe string `json:"unsubscribe,omitempty"`
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// maxSubject bounds a subject so that its header line, encoded, stays far
// below RFC 5322's 998 characters.
const maxSubject = 200

var (
	idPattern   = regexp.MustCompile(`^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$`)
	langPattern = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)
)

// NewID returns a new random Message-ID (without angle brackets) in domain,
// the site's host name.
func NewID(domain string) string {
	return rand.Text() + "@" + domain
}

// Validate reports the first field of m that cannot be sent, as an
// errs.Invalid error naming it.
func (m Message) Validate() error {
	if !idPattern.MatchString(m.ID) {
		return errs.Invalidf("id", "the Message-ID %q is not of the form random@domain", m.ID)
	}
	if m.Date.IsZero() {
		return errs.Invalidf("date", "the message has no date")
	}
	if _, err := parseAddress("to", m.To); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(m.Subject) == "":
		return errs.Invalidf("subject", "the subject is empty")
	case !utf8.ValidString(m.Subject) || strings.ContainsAny(m.Subject, "\r\n\x00"):
		return errs.Invalidf("subject", "the subject must be one line of UTF-8 text")
	case utf8.RuneCountInString(m.Subject) > maxSubject:
		return errs.Invalidf("subject", "the subject is longer than %d characters", maxSubject)
	}
	for _, part := range []struct{ field, body string }{{"text", m.Text}, {"html", m.HTML}} {
		if strings.TrimSpace(part.body) == "" {
			return errs.Invalidf(part.field, "the %s part is empty", part.field)
		}
		if !utf8.ValidString(part.body) || strings.ContainsRune(part.body, 0) {
			return errs.Invalidf(part.field, "the %s part is not UTF-8 text", part.field)
		}
	}
	if m.Language != "" && !langPattern.MatchString(m.Language) {
		return errs.Invalidf("language", "%q is not a language tag such as en or fil", m.Language)
	}
	if m.Unsubscribe != "" {
		u, err := url.Parse(m.Unsubscribe)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(m.Unsubscribe, " \t\r\n<>") {
			return errs.Invalidf("unsubscribe", "%q is not an absolute http or https URL", m.Unsubscribe)
		}
	}
	return nil
}

// parseAddress reads one address; field names it in the error.
func parseAddress(field, s string) (*netmail.Address, error) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, errs.Invalidf(field, "the address must be on one line")
	}
	a, err := netmail.ParseAddress(s)
	if err != nil {
		return nil, errs.Invalidf(field, "%q is not an email address", s)
	}
	return a, nil
}

// Render writes m from the given sender as an RFC 5322 message with CRLF
// line ends: a multipart/alternative body of a text/plain and a text/html
// part, both UTF-8 and quoted-printable.
func Render(from *netmail.Address, m Message) ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	to, _ := netmail.ParseAddress(m.To) // checked by Validate
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, p := range []struct{ kind, text string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {p.kind + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(p.text)); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}

	var b bytes.Buffer
	header := func(name, value string) { fmt.Fprintf(&b, "%s: %s\r\n", name, value) }
	header("Date", m.Date.Format(time.RFC1123Z))
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Message-ID", "<"+m.ID+">")
	header("MIME-Version", "1.0")
	if m.Language != "" {
		header("Content-Language", m.Language)
	}
	if m.Unsubscribe != "" {
		header("List-Unsubscribe", "<"+m.Unsubscribe+">")
		header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
	b.WriteString("\r\n")
	b.Write(body.Bytes())
	return b.Bytes(), nil
}
