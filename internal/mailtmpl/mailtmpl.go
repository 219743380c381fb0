// Package mailtmpl holds the text of every email Masahe sends, one place
// for all of them: per language, each mail is a text/template file
// (NAME.txt, which also defines its "subject") and an html/template file
// (NAME.html, which defines its "body" inside the language's layout.html).
// Every file is parsed when the program starts, so a broken template
// fails the start, not a send. It does no I/O beyond the embedded files.
package mailtmpl

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"path"
	"strings"
	texttemplate "text/template"

	"masahe/internal/mail"
)

//go:embed templates
var files embed.FS

// DefaultLanguage is the language of a mail when the one asked for has no
// text yet.
const DefaultLanguage = "en"

// The account mails.
const (
	Verify      = "verify"
	Reset       = "reset"
	SignupTaken = "signup_taken"
)

// Account is what the account mails show.
type Account struct {
	// SiteURL is the site's home in the mail's language, without a
	// trailing slash.
	SiteURL string
	// Name is the display name of the account's owner; "" when the mail
	// goes to an address without saying whose.
	Name string
	// Link is the link the mail is about (verify, reset); Valid says in
	// words how long it works.
	Link, Valid string
	// LoginURL and ForgotURL are the site's login and forgot-password
	// pages in the mail's language.
	LoginURL, ForgotURL string
}

// Templates renders mails.
type Templates struct {
	// mails by language and name: "en/verify".
	mails map[string]pair
}

type pair struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// New parses every mail of every language.
func New() (*Templates, error) {
	t := &Templates{mails: map[string]pair{}}
	names, err := fs.Glob(files, "templates/*/*.txt")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		lang, base := path.Base(path.Dir(name)), strings.TrimSuffix(path.Base(name), ".txt")
		text, err := texttemplate.New(path.Base(name)).Option("missingkey=error").ParseFS(files, name)
		if err != nil {
			return nil, fmt.Errorf("mail template %s: %w", name, err)
		}
		if text.Lookup("subject") == nil {
			return nil, fmt.Errorf("mail template %s defines no subject", name)
		}
		html, err := htmltemplate.New("").Option("missingkey=error").ParseFS(files, path.Join("templates", lang, "layout.html"), path.Join("templates", lang, base+".html"))
		if err != nil {
			return nil, fmt.Errorf("mail template %s/%s.html: %w", lang, base, err)
		}
		t.mails[lang+"/"+base] = pair{text: text, html: html}
	}
	if len(t.mails) == 0 {
		return nil, fmt.Errorf("no mail templates")
	}
	return t, nil
}

// Compose renders mail name in lang, or in DefaultLanguage when lang has
// no text for it, with data: the message's subject, both parts and
// language. The caller sets its ID, date and recipient.
func (t *Templates) Compose(name, lang string, data any) (mail.Message, error) {
	p, ok := t.mails[lang+"/"+name]
	if !ok {
		lang = DefaultLanguage
		if p, ok = t.mails[lang+"/"+name]; !ok {
			return mail.Message{}, fmt.Errorf("no mail template %q", name)
		}
	}
	var subject, text, html bytes.Buffer
	if err := p.text.ExecuteTemplate(&subject, "subject", data); err != nil {
		return mail.Message{}, fmt.Errorf("mail %s: %w", name, err)
	}
	if err := p.text.Execute(&text, data); err != nil {
		return mail.Message{}, fmt.Errorf("mail %s: %w", name, err)
	}
	m := mail.Message{Subject: strings.TrimSpace(subject.String()), Text: text.String(), Language: lang}
	if err := p.html.ExecuteTemplate(&html, "layout", struct {
		Lang, Subject string
		Data          any
	}{lang, m.Subject, data}); err != nil {
		return mail.Message{}, fmt.Errorf("mail %s: %w", name, err)
	}
	m.HTML = html.String()
	return m, nil
}
