package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masahe/internal/jobs"
	"masahe/internal/mail"
	"masahe/internal/store"
)

// Without --smtp-url, serve's runner writes mail jobs into the folder
// beside the database, where /admin/mail will read them.
func TestRunnerWritesMailToTheFolder(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "m.db")
	st, err := store.Open(context.Background(), db, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m := mail.Message{ID: mail.NewID("localhost"), Date: time.Now(), To: "ana@example.ph", Subject: "Verify your email", Text: "Hello", HTML: "<p>Hello</p>"}
	payload, err := mail.Payload(m)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Enqueue(context.Background(), jobs.Job{Kind: mail.JobKind, Payload: payload}); err != nil {
		t.Fatal(err)
	}
	sender, err := mailSender(config{database: db})
	if err != nil {
		t.Fatal(err)
	}
	r, err := newRunner(config{}, st, sender, nil, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if worked, err := r.Work(context.Background()); !worked || err != nil {
		t.Fatalf("Work = %v, %v", worked, err)
	}
	list, err := mail.List(filepath.Join(filepath.Dir(db), "mail"))
	if err != nil || len(list) != 1 || list[0].ID != m.ID || list[0].From != `"Masahe" <no-reply@localhost>` {
		t.Errorf("mail folder: %+v, %v", list, err)
	}
}

func TestServeRefusesBadMailSettings(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "m.db")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--smtp-url", "http://mail.example.ph"}, "smtp-url"},
		{[]string{"--smtp-url", "smtp://mail.example.ph"}, "--mail-from is required"},
		{[]string{"--smtp-url", "smtp://mail.example.ph", "--mail-from", "nobody"}, "mail-from"},
	} {
		_, _, err := runCmd(t, append([]string{"serve", "--addr", "127.0.0.1:0", "--database", db}, tt.args...)...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("serve %v = %v, want an error about %s", tt.args, err, tt.want)
		}
	}
}
