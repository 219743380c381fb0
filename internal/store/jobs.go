package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"masahe/internal/errs"
	"masahe/internal/jobs"
)

// The outbox of background jobs; internal/jobs runs them. Store code that
// makes a change calling for a job (a price drop and its alert mail)
// enqueues it with enqueueTx in the change's own transaction, so the two
// commit together or not at all.

const jobColumns = "id, kind, payload, COALESCE(dedup_key, ''), run_at, attempts, last_error, done_at, failed_at"

// maxJobError bounds the last error kept with a job.
const maxJobError = 2000

// Enqueue adds a job on its own. It returns the job's id and whether it was
// added: a job with the same dedup key leaves the table as it was and
// returns the id of the job already there.
func (s *Store) Enqueue(ctx context.Context, j jobs.Job) (id int64, added bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		id, added, err = s.enqueueTx(ctx, tx, j)
		return err
	})
	return id, added, err
}

// enqueueTx adds a job inside tx (see Enqueue).
func (s *Store) enqueueTx(ctx context.Context, tx *sql.Tx, j jobs.Job) (int64, bool, error) {
	switch {
	case j.Kind == "" || !utf8.ValidString(j.Kind) || strings.ContainsRune(j.Kind, 0):
		return 0, false, errs.Invalidf("kind", "a job needs a kind")
	case !utf8.Valid(j.Payload) || !json.Valid(j.Payload):
		return 0, false, errs.Invalidf("payload", "a job's payload must be JSON")
	case !utf8.ValidString(j.DedupKey) || strings.ContainsRune(j.DedupKey, 0):
		return 0, false, errs.Invalidf("dedup_key", "a dedup key must be UTF-8 text")
	}
	now := s.now()
	runAt := j.RunAt
	if runAt.IsZero() {
		runAt = now
	}
	var dedup any
	if j.DedupKey != "" {
		dedup = j.DedupKey
	}
	var id int64
	err := tx.QueryRowContext(ctx, s.q(`INSERT INTO jobs (kind, payload, dedup_key, created_at, run_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING RETURNING id`),
		j.Kind, string(j.Payload), dedup, now.Unix(), runAt.Unix()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, s.q("SELECT id FROM jobs WHERE dedup_key = ?"), j.DedupKey).Scan(&id)
		if err != nil {
			return 0, false, fmt.Errorf("enqueue %s: %w", j.Kind, err)
		}
		return id, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("enqueue %s: %w", j.Kind, err)
	}
	return id, true, nil
}

// ClaimJob leases the earliest due job of one of kinds to worker (see
// jobs.Store). On PostgreSQL, FOR UPDATE SKIP LOCKED lets replicas claim
// side by side without waiting for or taking each other's job; SQLite has
// one writer at a time, so the UPDATE alone is atomic.
func (s *Store) ClaimJob(ctx context.Context, kinds []string, worker string, now, until time.Time) (jobs.Job, error) {
	if len(kinds) == 0 {
		return jobs.Job{}, errs.NotFoundf("no job kinds to claim")
	}
	lock := ""
	if s.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	args := []any{worker, until.Unix(), now.Unix(), now.Unix()}
	for _, k := range kinds {
		args = append(args, k)
	}
	j, err := scanJob(s.write.QueryRowContext(ctx, s.q(`UPDATE jobs SET locked_by = ?, locked_until = ?, attempts = attempts + 1
		WHERE id = (SELECT id FROM jobs
			WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= ? AND (locked_until IS NULL OR locked_until <= ?)
			AND kind IN (`+placeholders(len(kinds))+`)
			ORDER BY run_at, id LIMIT 1`+lock+`)
		RETURNING `+jobColumns), args...))
	if errors.Is(err, sql.ErrNoRows) {
		return jobs.Job{}, errs.NotFoundf("no job is due")
	}
	if err != nil {
		return jobs.Job{}, fmt.Errorf("claim a job: %w", err)
	}
	return j, nil
}

// FinishJob marks a job claimed by worker done.
func (s *Store) FinishJob(ctx context.Context, id int64, worker string, now time.Time) error {
	return s.settleJob(ctx, id, worker, "done_at = ?", now.Unix())
}

// RetryJob releases a job claimed by worker, due again at the given time.
func (s *Store) RetryJob(ctx context.Context, id int64, worker, lastError string, at time.Time) error {
	return s.settleJob(ctx, id, worker, "run_at = ?, last_error = ?", at.Unix(), jobError(lastError))
}

// FailJob marks a job claimed by worker failed for good.
func (s *Store) FailJob(ctx context.Context, id int64, worker, lastError string, now time.Time) error {
	return s.settleJob(ctx, id, worker, "failed_at = ?, last_error = ?", now.Unix(), jobError(lastError))
}

// settleJob ends worker's claim on a job with the given assignments; a job
// that is not (or no longer) worker's is a conflict.
func (s *Store) settleJob(ctx context.Context, id int64, worker, set string, args ...any) error {
	res, err := s.write.ExecContext(ctx, s.q(`UPDATE jobs SET `+set+`, locked_by = NULL, locked_until = NULL
		WHERE id = ? AND locked_by = ? AND done_at IS NULL AND failed_at IS NULL`), append(args, id, worker)...)
	if err != nil {
		return fmt.Errorf("job %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errs.Conflictf("job %d is not claimed by %s", id, worker)
	}
	return nil
}

// jobError makes an error text storable: UTF-8 without NUL (PostgreSQL
// refuses both), and bounded.
func jobError(msg string) string {
	msg = strings.ReplaceAll(strings.ToValidUTF8(msg, "\uFFFD"), "\x00", "")
	if len(msg) > maxJobError {
		msg = strings.ToValidUTF8(msg[:maxJobError], "")
	}
	return msg
}

// Job returns one job.
func (s *Store) Job(ctx context.Context, id int64) (jobs.Job, error) {
	j, err := scanJob(s.read.QueryRowContext(ctx, s.q("SELECT "+jobColumns+" FROM jobs WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return jobs.Job{}, errs.NotFoundf("no job %d", id)
	}
	if err != nil {
		return jobs.Job{}, fmt.Errorf("job %d: %w", id, err)
	}
	return j, nil
}

func scanJob(row *sql.Row) (jobs.Job, error) {
	var j jobs.Job
	var payload string
	var runAt int64
	var done, failed sql.NullInt64
	if err := row.Scan(&j.ID, &j.Kind, &payload, &j.DedupKey, &runAt, &j.Attempts, &j.LastError, &done, &failed); err != nil {
		return jobs.Job{}, err
	}
	j.Payload, j.RunAt = []byte(payload), time.Unix(runAt, 0).UTC()
	if done.Valid {
		j.DoneAt = time.Unix(done.Int64, 0).UTC()
	}
	if failed.Valid {
		j.FailedAt = time.Unix(failed.Int64, 0).UTC()
	}
	return j, nil
}
