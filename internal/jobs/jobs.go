// Package jobs runs durable background work (sending mail, fetching
// prices) from an outbox table that the store keeps: a job is written in the
// same transaction as the change that calls for it, survives restarts, is
// retried with exponential back-off, and is run by one runner at a time
// however many replicas share the database, because a runner claims a job
// with a lease. The package speaks no SQL; the store implements Store.
package jobs

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"time"

	"masahe/internal/errs"
)

// Job is one unit of background work.
type Job struct {
	ID   int64
	Kind string
	// Payload is the handler's input, JSON.
	Payload []byte
	// DedupKey, when set, is unique across all jobs ever enqueued: enqueuing
	// a second job with the same key does nothing. It makes "send this
	// alert" happen once however often the cause is seen.
	DedupKey string
	// RunAt is when the job is next due; zero at enqueue means now.
	RunAt time.Time
	// Attempts counts the claims so far, the current one included.
	Attempts  int
	LastError string
	// DoneAt is set when the job succeeded, FailedAt when it failed for
	// good; at most one of them is non-zero.
	DoneAt, FailedAt time.Time
}

// Store is the outbox the runner works from. Every method that changes a
// claimed job takes the worker that claimed it and refuses (errs.Conflict)
// when the job is no longer that worker's, e.g. after its lease ran out
// and another runner claimed it.
type Store interface {
	// ClaimJob leases the earliest due job of one of kinds to worker until
	// the given time and counts an attempt; errs.NotFound when none is due.
	ClaimJob(ctx context.Context, kinds []string, worker string, now, until time.Time) (Job, error)
	// FinishJob marks a claimed job done.
	FinishJob(ctx context.Context, id int64, worker string, now time.Time) error
	// RetryJob releases a claimed job, due again at the given time.
	RetryJob(ctx context.Context, id int64, worker, lastError string, at time.Time) error
	// FailJob marks a claimed job failed for good.
	FailJob(ctx context.Context, id int64, worker, lastError string, now time.Time) error
}

// Handler does the work of one kind of job. An error whose chain holds a
// value with a method Permanent() bool that returns true (see Permanent)
// fails the job at once; any other error retries it after a back-off.
type Handler func(ctx context.Context, payload []byte) error

// Permanent marks err as one that retrying cannot fix.
func Permanent(err error) error { return permanentError{err} }

type permanentError struct{ error }

func (e permanentError) Unwrap() error   { return e.error }
func (e permanentError) Permanent() bool { return true }

func isPermanent(err error) bool {
	var p interface{ Permanent() bool }
	return errors.As(err, &p) && p.Permanent()
}

// Config configures a Runner. Zero values take the defaults.
type Config struct {
	// Worker names this runner in the job rows (e.g. host and process id);
	// it must differ between replicas.
	Worker string
	// Poll is how long an idle runner waits before looking again: 5s.
	Poll time.Duration
	// Lease is how long a claimed job is the runner's: 5m. The handler's
	// context ends with it, so a job outlives its lease only when its
	// runner died, and then another runner takes it over.
	Lease time.Duration
	// MaxAttempts is the number of tries before a job fails for good: 8.
	MaxAttempts int
	// Backoff is the wait after a failed attempt n (1, 2, ...):
	// Exponential(30s, 6h), i.e. 30s, 1m, 2m ... 64m.
	Backoff func(attempt int) time.Duration
	// Now is the clock: time.Now.
	Now func() time.Time
	Log *slog.Logger
}

// Exponential returns a back-off of base, 2·base, 4·base …, at most max.
func Exponential(base, max time.Duration) func(attempt int) time.Duration {
	return func(attempt int) time.Duration {
		d := base
		for i := 1; i < attempt && d < max; i++ {
			d *= 2
		}
		return min(d, max)
	}
}

// Runner claims due jobs and runs their handlers, one job at a time.
type Runner struct {
	store    Store
	cfg      Config
	handlers map[string]Handler
	kinds    []string
}

// New returns a runner of the given handlers, by job kind.
func New(store Store, handlers map[string]Handler, cfg Config) (*Runner, error) {
	if cfg.Worker == "" {
		return nil, errors.New("jobs: the runner needs a worker name")
	}
	if len(handlers) == 0 {
		return nil, errors.New("jobs: the runner has no handlers")
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 5 * time.Second
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 5 * time.Minute
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 8
	}
	if cfg.Backoff == nil {
		cfg.Backoff = Exponential(30*time.Second, 6*time.Hour)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Runner{store: store, cfg: cfg, handlers: handlers, kinds: slices.Sorted(maps.Keys(handlers))}, nil
}

// Run works until ctx ends, then returns nil once the job in hand (whose
// handler sees ctx end too) is recorded. A store error is logged and the
// runner tries again after the poll interval.
func (r *Runner) Run(ctx context.Context) error {
	for {
		worked, err := r.Work(ctx)
		if err != nil && ctx.Err() == nil {
			r.cfg.Log.Error("background job", "err", err)
		}
		if worked && err == nil {
			continue
		}
		t := time.NewTimer(r.cfg.Poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// Work claims one due job and runs it. It reports whether there was one.
func (r *Runner) Work(ctx context.Context) (bool, error) {
	if ctx.Err() != nil {
		return false, nil
	}
	now := r.cfg.Now()
	job, err := r.store.ClaimJob(ctx, r.kinds, r.cfg.Worker, now, now.Add(r.cfg.Lease))
	if errs.CodeOf(err) == errs.NotFound {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim a job: %w", err)
	}
	log := r.cfg.Log.With("job", job.ID, "kind", job.Kind, "attempt", job.Attempts)
	if job.Attempts > r.cfg.MaxAttempts {
		// The runner that made the last attempt died in it.
		return true, r.store.FailJob(context.WithoutCancel(ctx), job.ID, r.cfg.Worker,
			cmp.Or(job.LastError, "its runner stopped during the last attempt"), now)
	}
	hctx, cancel := context.WithTimeout(ctx, r.cfg.Lease)
	err = r.handlers[job.Kind](hctx, job.Payload)
	cancel()
	// The outcome is recorded even when ctx has just ended (shutdown).
	rctx := context.WithoutCancel(ctx)
	now = r.cfg.Now()
	switch {
	case err == nil:
		log.Info("background job done")
		return true, r.store.FinishJob(rctx, job.ID, r.cfg.Worker, now)
	case isPermanent(err) || job.Attempts >= r.cfg.MaxAttempts:
		log.Error("background job failed for good", "err", err)
		return true, r.store.FailJob(rctx, job.ID, r.cfg.Worker, err.Error(), now)
	case ctx.Err() != nil:
		// Shutdown broke the job off: it is due again at once.
		log.Info("background job interrupted by shutdown", "err", err)
		return true, r.store.RetryJob(rctx, job.ID, r.cfg.Worker, err.Error(), now)
	}
	at := now.Add(r.cfg.Backoff(job.Attempts))
	log.Warn("background job failed, will retry", "err", err, "retry_at", at)
	return true, r.store.RetryJob(rctx, job.ID, r.cfg.Worker, err.Error(), at)
}
