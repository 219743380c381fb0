package mailtmpl_test

import (
	"strings"
	"testing"
	"time"

	"masahe/internal/mail"
	"masahe/internal/mailtmpl"
)

func TestComposeAccountMails(t *testing.T) {
	t.Parallel()
	tm, err := mailtmpl.New()
	if err != nil {
		t.Fatal(err)
	}
	data := mailtmpl.Account{
		SiteURL: "https://masahe.example", Name: "Ana <b>&</b> Co", Link: "https://masahe.example/x?token=abc_DEF-123",
		Valid: "1 hour", LoginURL: "https://masahe.example/login", ForgotURL: "https://masahe.example/forgot",
	}
	for _, tt := range []struct {
		name, lang, subject, hello string
		links                      []string
		showsName                  bool
	}{
		{mailtmpl.Verify, "en", "Confirm your email address for Masahe", "Hello", []string{data.Link}, true},
		{mailtmpl.Reset, "en", "Reset your Masahe password", "Hello", []string{data.Link}, true},
		{mailtmpl.SignupTaken, "en", "Someone tried to create a Masahe account with your address", "Hello", []string{data.LoginURL, data.ForgotURL}, false},
		{mailtmpl.Verify, "fil", "Kumpirmahin ang iyong email address para sa Masahe", "Kumusta", []string{data.Link}, true},
		{mailtmpl.Reset, "fil", "I-reset ang iyong Masahe password", "Kumusta", []string{data.Link}, true},
		{mailtmpl.SignupTaken, "fil", "May sumubok gumawa ng Masahe account gamit ang iyong address", "Kumusta", []string{data.LoginURL, data.ForgotURL}, false},
	} {
		t.Run(tt.name+"/"+tt.lang, func(t *testing.T) {
			t.Parallel()
			m, err := tm.Compose(tt.name, tt.lang, data)
			if err != nil {
				t.Fatal(err)
			}
			if m.Subject != tt.subject || m.Language != tt.lang {
				t.Errorf("subject %q language %q, want %q %s", m.Subject, m.Language, tt.subject, tt.lang)
			}
			for _, l := range append(tt.links, data.SiteURL) {
				if !strings.Contains(m.Text, l) || !strings.Contains(m.HTML, `href="`+l+`"`) {
					t.Errorf("%s is not in both parts (as a link in the HTML)", l)
				}
			}
			if tt.showsName {
				if !strings.Contains(m.Text, tt.hello+" Ana <b>&</b> Co,") || !strings.Contains(m.HTML, tt.hello+" Ana &lt;b&gt;&amp;&lt;/b&gt; Co,") {
					t.Errorf("the name is not as typed in the text and escaped in the HTML:\n%s\n%s", m.Text, m.HTML)
				}
			}
			if !strings.HasPrefix(m.HTML, "<!DOCTYPE html>") || !strings.Contains(m.HTML, `<html lang="`+tt.lang+`">`) {
				t.Errorf("the HTML part is not a whole document in %s: %.200s", tt.lang, m.HTML)
			}
			m.ID, m.Date, m.To = mail.NewID("masahe.example"), time.Now(), "ana@example.ph"
			if err := m.Validate(); err != nil {
				t.Errorf("the composed mail cannot be sent: %v", err)
			}
		})
	}
	// A language with no text for a mail gets the English one.
	if m, err := tm.Compose(mailtmpl.Verify, "xx", data); err != nil || m.Language != "en" {
		t.Errorf("a mail in a language without its text: language %q (%v), want en", m.Language, err)
	}
	// The Filipino mails are in Filipino throughout: no sentence of an
	// English mail is left in them.
	for _, name := range []string{mailtmpl.Verify, mailtmpl.Reset, mailtmpl.SignupTaken} {
		en, err := tm.Compose(name, "en", data)
		if err != nil {
			t.Fatal(err)
		}
		fil, err := tm.Compose(name, "fil", data)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(en.Text, "\n") {
			if len(line) > 20 && !strings.Contains(line, data.SiteURL) && strings.Contains(fil.Text, line) {
				t.Errorf("%s: the Filipino mail has the English line %q", name, line)
			}
		}
	}
	if _, err := tm.Compose("no_such_mail", "en", data); err == nil {
		t.Error("an unknown mail was composed")
	}
	// A field the template needs and the data lacks fails the send, not
	// the reader.
	if _, err := tm.Compose(mailtmpl.Verify, "en", struct{ Name string }{"Ana"}); err == nil {
		t.Error("a mail was composed from data without its link")
	}
}
