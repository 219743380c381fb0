package mail_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"masahe/internal/jobs"
	"masahe/internal/mail"
	"masahe/internal/store"
	"masahe/internal/store/storetest"
)

// The send-mail job end to end: enqueued (twice, under one dedup key), run
// by the job runner, received by a real SMTP server exactly once; a
// message the server refuses for good fails the job without a retry.
func TestSendMailJob(t *testing.T) {
	for name, dsn := range storetest.DSNs() {
		t.Run(name, func(t *testing.T) {
			now := func() time.Time { return time.Date(2026, 11, 28, 1, 30, 0, 0, time.UTC) }
			st, err := store.Open(context.Background(), dsn(t), now)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			for _, tt := range []struct {
				name          string
				refuse        *smtp.SMTPError
				wantDelivered int
			}{
				{"accepted", nil, 1},
				{"refused for good", &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}, 0},
			} {
				t.Run(tt.name, func(t *testing.T) {
					ts := startServer(t, serverOptions{tls: "starttls", mechs: []string{"PLAIN"}, refuse: tt.refuse})
					sender, err := mail.NewSMTP(mail.SMTPConfig{URL: "smtp://ana:secret@" + ts.addr, From: "Masahe <alerts@masahe.test>", RootCAs: ts.roots})
					if err != nil {
						t.Fatal(err)
					}
					m := testMessage()
					payload, err := mail.Payload(m)
					if err != nil {
						t.Fatal(err)
					}
					key := "alert:" + tt.name
					id, _, err := st.Enqueue(context.Background(), jobs.Job{Kind: mail.JobKind, Payload: payload, DedupKey: key})
					if err != nil {
						t.Fatal(err)
					}
					// The same alert seen again is not enqueued again.
					if again, added, err := st.Enqueue(context.Background(), jobs.Job{Kind: mail.JobKind, Payload: payload, DedupKey: key}); err != nil || added || again != id {
						t.Fatalf("second Enqueue = %d, %v, %v", again, added, err)
					}
					r, err := jobs.New(st, map[string]jobs.Handler{mail.JobKind: mail.JobHandler(sender)}, jobs.Config{Worker: "w1", Now: now})
					if err != nil {
						t.Fatal(err)
					}
					for {
						worked, err := r.Work(context.Background())
						if err != nil {
							t.Fatal(err)
						}
						if !worked {
							break
						}
					}
					got := ts.deliveries()
					if len(got) != tt.wantDelivered {
						t.Fatalf("the server received %d messages, want %d", len(got), tt.wantDelivered)
					}
					j, err := st.Job(context.Background(), id)
					if err != nil {
						t.Fatal(err)
					}
					if tt.wantDelivered == 1 {
						checkMessage(t, got[0].data, m)
						if j.DoneAt.IsZero() {
							t.Errorf("job not done: %+v", j)
						}
					} else if j.FailedAt.IsZero() || j.Attempts != 1 || !strings.Contains(j.LastError, "550") {
						t.Errorf("refused job: %+v; want failed after one attempt with the 550", j)
					}
				})
			}
		})
	}
}

func TestSendMailJobRefusesABadPayload(t *testing.T) {
	t.Parallel()
	d, err := mail.NewDir(t.TempDir(), "alerts@masahe.test")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{`{`, `{"to":"ana@example.ph"}`} {
		err := mail.JobHandler(d)(context.Background(), []byte(p))
		var perm interface{ Permanent() bool }
		if err == nil || !errors.As(err, &perm) || !perm.Permanent() {
			t.Errorf("payload %s: %v, want a permanent error", p, err)
		}
	}
}
