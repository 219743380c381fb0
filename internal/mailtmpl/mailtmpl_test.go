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
		name, lang, subject string
		links               []string
		showsName           bool
	}{
		{mailtmpl.Verify, "en", "Confirm your email address for Masahe", []string{data.Link}, true},
		{mailtmpl.Reset, "en", "Reset your Masahe password", []string{data.Link}, true},
		{mailtmpl.SignupTaken, "en", "Someone tried to create a Masahe account with your address", []string{data.LoginURL, data.ForgotURL}, false},
		{mailtmpl.Reset, "fil", "Reset your Masahe password", []string{data.Link}, true},
	} {
		t.Run(tt.name+"/"+tt.lang, func(t *testing.T) {
			t.Parallel()
			m, err := tm.Compose(tt.name, tt.lang, data)
			if err != nil {
				t.Fatal(err)
			}
			if m.Subject != tt.subject || m.Language != "en" {
				t.Errorf("subject %q language %q, want %q en", m.Subject, m.Language, tt.subject)
			}
			for _, l := range append(tt.links, data.SiteURL) {
				if !strings.Contains(m.Text, l) || !strings.Contains(m.HTML, `href="`+l+`"`) {
					t.Errorf("%s is not in both parts (as a link in the HTML)", l)
				}
			}
			if tt.showsName {
				if !strings.Contains(m.Text, "Hello Ana <b>&</b> Co,") || !strings.Contains(m.HTML, "Hello Ana &lt;b&gt;&amp;&lt;/b&gt; Co,") {
					t.Errorf("the name is not as typed in the text and escaped in the HTML:\n%s\n%s", m.Text, m.HTML)
				}
			}
			if !strings.HasPrefix(m.HTML, "<!DOCTYPE html>") || !strings.Contains(m.HTML, `<html lang="en">`) {
				t.Errorf("the HTML part is not a whole document in English: %.200s", m.HTML)
			}
			m.ID, m.Date, m.To = mail.NewID("masahe.example"), time.Now(), "ana@example.ph"
			if err := m.Validate(); err != nil {
				t.Errorf("the composed mail cannot be sent: %v", err)
			}
		})
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
