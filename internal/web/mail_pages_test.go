package web

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masahe/internal/account"
	"masahe/internal/mail"
)

// hostileHTML is an HTML part that would run a script if shown as is.
const hostileHTML = `<p>Hi</p><script>alert("owned")</script><img src=x onerror="alert(1)">`

// writeTestMail writes one message into a new mail folder and returns the
// folder and the message's file name.
func writeTestMail(t *testing.T) (dir, name string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "mail")
	sendTestMail(t, dir, 0)
	list, err := mail.List(dir)
	if err != nil || len(list) != 1 {
		t.Fatalf("mail folder: %v, %v", list, err)
	}
	return dir, list[0].Name
}

// sendTestMail writes message number n (its minute and subject) into dir.
func sendTestMail(t *testing.T, dir string, n int) {
	t.Helper()
	d, err := mail.NewDir(dir, "Masahe <no-reply@example.test>")
	if err != nil {
		t.Fatal(err)
	}
	m := mail.Message{ID: mail.NewID("example.test"), Date: time.Date(2026, 11, 24, 8, n, 0, 0, time.UTC),
		To: "ana@example.ph", Subject: fmt.Sprintf("Message %d <b>", n), Text: "Plain <text> & more", HTML: hostileHTML, Language: "en"}
	if err := d.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
}

func TestAdminMailPages(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "mail")
	for n := range mailPerPage + 3 {
		sendTestMail(t, dir, n)
	}
	f := newAccountFixture(t, Config{MailDir: dir}, false)
	f.addUser(t, "root@example.ph", account.Admin, testHash(t))
	admin := f.login(t, "root@example.ph", testPassword, "")

	w := f.get(t, "/admin/mail", admin)
	body := w.Body.String()
	if w.Code != http.StatusOK || w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("list: status %d, Cache-Control %q", w.Code, w.Header().Get("Cache-Control"))
	}
	newest, oldest := fmt.Sprintf("Message %d &lt;b&gt;", mailPerPage+2), "Message 0 &lt;b&gt;"
	if !strings.Contains(body, newest) || strings.Contains(body, oldest) || !strings.Contains(body, `href="/admin/mail?page=2"`) {
		t.Errorf("page 1 does not start with the newest message and link page 2:\n%s", body)
	}
	if strings.Index(body, newest) > strings.Index(body, fmt.Sprintf("Message %d &lt;b&gt;", mailPerPage+1)) {
		t.Error("page 1 is not newest first")
	}
	if body := f.get(t, "/admin/mail?page=2", admin).Body.String(); !strings.Contains(body, oldest) || strings.Contains(body, newest) {
		t.Errorf("page 2 does not hold the oldest message")
	}
	if w := f.get(t, "/admin/mail?page=3", admin); w.Code != http.StatusNotFound {
		t.Errorf("a page past the last: status %d, want 404", w.Code)
	}

	list, err := mail.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	w = f.get(t, "/admin/mail/"+list[0].Name, admin)
	body = w.Body.String()
	if w.Code != http.StatusOK || w.Header().Get("Cache-Control") != "no-store" || w.Header().Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("message: status %d, headers %v", w.Code, w.Header())
	}
	for _, want := range []string{
		"<dd>&lt;ana@example.ph&gt;</dd>", "<dd>&#34;Masahe&#34; &lt;no-reply@example.test&gt;</dd>", "<dd>" + list[0].ID + "</dd>",
		"Plain &lt;text&gt; &amp; more",
		// The HTML part, escaped once in the srcdoc attribute of a frame
		// sandboxed with no permissions.
		`sandbox="" srcdoc="&lt;p&gt;Hi&lt;/p&gt;&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt;`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the message page lacks %s", want)
		}
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, `onerror="alert`) {
		t.Error("the message page holds the HTML part unescaped")
	}
	// A name that climbs out of the folder is refused at the edge (400);
	// the others are not there (404).
	for name, want := range map[string]int{"../mail.eml": 400, "no-such.eml": 404, ".tmp-1.eml": 404, "x.txt": 404} {
		if w := f.get(t, "/admin/mail/"+strings.ReplaceAll(name, "/", "%2F"), admin); w.Code != want {
			t.Errorf("message %q: status %d, want %d", name, w.Code, want)
		}
	}

	// With SMTP there is no folder: the page says so and lists nothing.
	smtp := newAccountFixture(t, Config{}, false)
	smtp.addUser(t, "root@example.ph", account.Admin, testHash(t))
	admin = smtp.login(t, "root@example.ph", testPassword, "")
	if body := smtp.get(t, "/admin/mail", admin).Body.String(); !strings.Contains(body, "through the SMTP server") || strings.Contains(body, "<table") {
		t.Errorf("the SMTP mail page: %s", body)
	}
	if w := smtp.get(t, "/admin/mail/"+list[0].Name, admin); w.Code != http.StatusNotFound {
		t.Errorf("a message with SMTP: status %d, want 404", w.Code)
	}
}
