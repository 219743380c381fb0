package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"masahe/internal/errs"
	"masahe/internal/jobs"
)

func TestEnqueue(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		id, added, err := s.Enqueue(ctx, jobs.Job{Kind: "mail.send", Payload: []byte(`{"to":"ana@example.ph"}`), DedupKey: "alert:1:2026-11-24"})
		if err != nil || !added {
			t.Fatalf("Enqueue = %d, %v, %v", id, added, err)
		}
		again, added, err := s.Enqueue(ctx, jobs.Job{Kind: "mail.send", Payload: []byte(`{"to":"other@example.ph"}`), DedupKey: "alert:1:2026-11-24"})
		if err != nil || added || again != id {
			t.Errorf("the same dedup key again = %d, %v, %v; want %d, false", again, added, err, id)
		}
		// Jobs without a key never collide.
		for range 2 {
			if _, added, err := s.Enqueue(ctx, jobs.Job{Kind: "mail.send", Payload: []byte(`{}`)}); err != nil || !added {
				t.Errorf("a job without a key = %v, %v", added, err)
			}
		}
		j, err := s.Job(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if string(j.Payload) != `{"to":"ana@example.ph"}` || !j.RunAt.Equal(testNow()) || j.Attempts != 0 || !j.DoneAt.IsZero() {
			t.Errorf("stored job %+v", j)
		}
		if _, err := s.Job(ctx, id+100); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("a missing job: %v", err)
		}
	})
}

func TestEnqueueRefusesBadJobs(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		for _, tt := range []struct {
			name  string
			job   jobs.Job
			field string
		}{
			{"no kind", jobs.Job{Payload: []byte(`{}`)}, "kind"},
			{"payload not JSON", jobs.Job{Kind: "k", Payload: []byte(`{`)}, "payload"},
			{"payload not UTF-8", jobs.Job{Kind: "k", Payload: []byte("\"\xff\"")}, "payload"},
			{"NUL in the dedup key", jobs.Job{Kind: "k", Payload: []byte(`{}`), DedupKey: "a\x00b"}, "dedup_key"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, _, err := s.Enqueue(context.Background(), tt.job)
				if e := errs.As(err); e.Code != errs.Invalid || e.Field != tt.field {
					t.Errorf("Enqueue: %v, want invalid %s", err, tt.field)
				}
			})
		}
		if _, err := s.ClaimJob(context.Background(), []string{"k"}, "w", testNow(), testNow().Add(time.Minute)); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("a refused job was stored: claim = %v", err)
		}
	})
}

// A job enqueued in a transaction that rolls back is not there: the change
// and its job commit together or not at all.
func TestEnqueueTxCommitsWithTheChange(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		failure := errors.New("the change failed")
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			if _, _, err := s.enqueueTx(ctx, tx, jobs.Job{Kind: "mail.send", Payload: []byte(`{}`), DedupKey: "rolled-back"}); err != nil {
				return err
			}
			return failure
		})
		if !errors.Is(err, failure) {
			t.Fatalf("inTx = %v", err)
		}
		if _, err := s.ClaimJob(ctx, []string{"mail.send"}, "w", testNow(), testNow().Add(time.Minute)); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("the job of a rolled-back change is claimable: %v", err)
		}
		// The key is free again, since nothing was committed.
		if _, added, err := s.Enqueue(ctx, jobs.Job{Kind: "mail.send", Payload: []byte(`{}`), DedupKey: "rolled-back"}); err != nil || !added {
			t.Errorf("Enqueue after the rollback = %v, %v", added, err)
		}
	})
}

func TestClaimAndSettle(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := testNow()
		later, _, _ := s.Enqueue(ctx, jobs.Job{Kind: "a", Payload: []byte(`1`), RunAt: now.Add(time.Hour)})
		first, _, _ := s.Enqueue(ctx, jobs.Job{Kind: "a", Payload: []byte(`2`)})
		other, _, _ := s.Enqueue(ctx, jobs.Job{Kind: "b", Payload: []byte(`3`)})

		j, err := s.ClaimJob(ctx, []string{"a"}, "w1", now, now.Add(time.Minute))
		if err != nil || j.ID != first || j.Attempts != 1 {
			t.Fatalf("claim = %+v, %v; want job %d, attempt 1", j, err, first)
		}
		if _, err := s.ClaimJob(ctx, []string{"a"}, "w2", now, now.Add(time.Minute)); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("a leased job or one not yet due was claimed: %v", err)
		}
		if err := s.FinishJob(ctx, first, "w2", now); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("another worker finished the job: %v", err)
		}
		if err := s.RetryJob(ctx, first, "w1", "temporary \xff trouble\x00"+strings.Repeat("x", 3000), now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.FinishJob(ctx, first, "w1", now); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("a released job was finished: %v", err)
		}
		got, _ := s.Job(ctx, first)
		if !strings.HasPrefix(got.LastError, "temporary \uFFFD trouble") || len(got.LastError) > 2000 || !got.RunAt.Equal(now.Add(time.Hour)) {
			t.Errorf("after retry: run at %v, last error %q…", got.RunAt, got.LastError[:30])
		}
		// Due at the same time: the lower id comes first.
		j, err = s.ClaimJob(ctx, []string{"a"}, "w1", now.Add(time.Hour), now.Add(2*time.Hour))
		if err != nil || j.ID != later {
			t.Fatalf("claim an hour later = %d, %v; want %d", j.ID, err, later)
		}
		if err := s.FailJob(ctx, later, "w1", "for good", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Job(ctx, later); got.FailedAt.IsZero() || got.LastError != "for good" {
			t.Errorf("failed job %+v", got)
		}
		j, _ = s.ClaimJob(ctx, []string{"a", "b"}, "w1", now.Add(time.Hour), now.Add(2*time.Hour))
		k, _ := s.ClaimJob(ctx, []string{"a", "b"}, "w1", now.Add(time.Hour), now.Add(2*time.Hour))
		// The earliest due first, whatever the kind.
		if j.ID != other || k.ID != first || k.Attempts != 2 {
			t.Errorf("claimed %d then %d (attempt %d), want %d then %d (attempt 2)", j.ID, k.ID, k.Attempts, other, first)
		}
	})
}
