package mail_test

import (
	"bytes"
	"context"
	"errors"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masahe/internal/errs"
	"masahe/internal/mail"
)

func TestValidateNamesTheField(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*mail.Message)
		field  string
	}{
		{"no id", func(m *mail.Message) { m.ID = "" }, "id"},
		{"id with brackets", func(m *mail.Message) { m.ID = "<a@b>" }, "id"},
		{"no date", func(m *mail.Message) { m.Date = time.Time{} }, "date"},
		{"bad recipient", func(m *mail.Message) { m.To = "ana at example" }, "to"},
		{"header injection in to", func(m *mail.Message) { m.To = "ana@example.ph\r\nBcc: eve@example.ph" }, "to"},
		{"empty subject", func(m *mail.Message) { m.Subject = "  " }, "subject"},
		{"header injection in subject", func(m *mail.Message) { m.Subject = "hi\r\nBcc: eve@example.ph" }, "subject"},
		{"subject too long", func(m *mail.Message) { m.Subject = strings.Repeat("₱", 201) }, "subject"},
		{"invalid UTF-8 subject", func(m *mail.Message) { m.Subject = "\xff" }, "subject"},
		{"no text", func(m *mail.Message) { m.Text = "" }, "text"},
		{"NUL in html", func(m *mail.Message) { m.HTML = "<p>\x00</p>" }, "html"},
		{"bad language", func(m *mail.Message) { m.Language = "en_US" }, "language"},
		{"relative unsubscribe", func(m *mail.Message) { m.Unsubscribe = "/alerts/unsubscribe" }, "unsubscribe"},
		{"unsubscribe breaking the header", func(m *mail.Message) { m.Unsubscribe = "https://masahe.test/u>, <mailto:eve@example.ph" }, "unsubscribe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := testMessage()
			tt.change(&m)
			err := m.Validate()
			if e := errs.As(err); e.Code != errs.Invalid || e.Field != tt.field {
				t.Errorf("Validate: %v, want invalid %s", err, tt.field)
			}
			if _, err := mail.Payload(m); err == nil {
				t.Error("Payload accepted an invalid message")
			}
		})
	}
	if err := testMessage().Validate(); err != nil {
		t.Errorf("a good message: %v", err)
	}
}

func TestRenderWithoutUnsubscribe(t *testing.T) {
	t.Parallel()
	m := testMessage()
	m.Unsubscribe, m.Language, m.Subject = "", "", "Verify your email"
	raw, err := mail.Render(&netmail.Address{Address: "alerts@masahe.test"}, m)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"List-Unsubscribe", "List-Unsubscribe-Post", "Content-Language"} {
		if v, ok := msg.Header[name]; ok {
			t.Errorf("%s: %q on a message without it", name, v)
		}
	}
	if got := msg.Header.Get("Subject"); got != "Verify your email" {
		t.Errorf("an ASCII subject became %q", got)
	}
}

func TestDirWritesListsAndReads(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "mail")
	if list, err := mail.List(dir); err != nil || len(list) != 0 {
		t.Fatalf("List of a missing folder: %v, %v", list, err)
	}
	d, err := mail.NewDir(dir, "Masahe <alerts@masahe.test>")
	if err != nil {
		t.Fatal(err)
	}
	var sent []mail.Message
	for i := range 3 {
		m := testMessage()
		m.Date = m.Date.Add(time.Duration(i) * time.Hour)
		m.Subject = "Mensahe ₱" + string(rune('A'+i))
		sent = append(sent, m)
		if err := d.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	// A retried job sends the same message again: still one file.
	if err := d.Send(context.Background(), sent[1]); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 {
		t.Errorf("%d files in the folder, want 3 (no temporary files, no duplicates)", len(entries))
	}
	list, err := mail.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 {
		t.Fatalf("List: %d messages, want 3", len(list))
	}
	for i, s := range list {
		want := sent[2-i]
		if s.Subject != want.Subject || s.ID != want.ID || s.Text != "" {
			t.Errorf("List[%d] = %q %q (text %d bytes), want %q %q without text", i, s.Subject, s.ID, len(s.Text), want.Subject, want.ID)
		}
	}
	got, err := mail.Read(dir, list[0].Name)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != sent[2].Text || got.HTML != sent[2].HTML || got.Unsubscribe != sent[2].Unsubscribe {
		t.Errorf("Read decoded text %q html %q unsubscribe %q", got.Text, got.HTML, got.Unsubscribe)
	}
	raw, err := os.ReadFile(filepath.Join(dir, list[0].Name))
	if err != nil {
		t.Fatal(err)
	}
	checkMessage(t, raw, sent[2])
}

func TestDirRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	outside := filepath.Join(filepath.Dir(dir), "outside.eml")
	for _, name := range []string{"missing.eml", "../outside.eml", outside, ".tmp-1.eml", "notes.txt", ""} {
		if _, err := mail.Read(dir, name); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("Read(%q): %v, want not found", name, err)
		}
	}
	d, err := mail.NewDir(dir, "alerts@masahe.test")
	if err != nil {
		t.Fatal(err)
	}
	m := testMessage()
	m.To = "nobody"
	err = d.Send(context.Background(), m)
	var se interface{ Permanent() bool }
	if !errors.As(err, &se) || !se.Permanent() {
		t.Errorf("an invalid message: %v, want a permanent error", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("an invalid message left %d files", len(entries))
	}
	if _, err := mail.NewDir(dir, "not an address"); errs.As(err).Field != "mail-from" {
		t.Errorf("NewDir with a bad from: %v", err)
	}
}
