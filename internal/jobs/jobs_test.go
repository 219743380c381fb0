package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"masahe/internal/errs"
	"masahe/internal/jobs"
	"masahe/internal/store"
	"masahe/internal/store/storetest"
)

// clock is a test clock that moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// eachDB runs fn with the DSN of a new database of every dialect under test.
func eachDB(t *testing.T, fn func(t *testing.T, dsn string)) {
	for name, dsn := range storetest.DSNs() {
		t.Run(name, func(t *testing.T) { fn(t, dsn(t)) })
	}
}

func open(t *testing.T, dsn string, c *clock) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn, c.now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func runner(t *testing.T, s jobs.Store, worker string, c *clock, handlers map[string]jobs.Handler) *jobs.Runner {
	t.Helper()
	r, err := jobs.New(s, handlers, jobs.Config{Worker: worker, Now: c.now, MaxAttempts: 4, Poll: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func enqueue(t *testing.T, s *store.Store, j jobs.Job) int64 {
	t.Helper()
	id, added, err := s.Enqueue(context.Background(), j)
	if err != nil || !added {
		t.Fatalf("Enqueue = %v, %v", added, err)
	}
	return id
}

func job(t *testing.T, s *store.Store, id int64) jobs.Job {
	t.Helper()
	j, err := s.Job(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// work calls Work once and checks whether it found a job.
func work(t *testing.T, r *jobs.Runner, want bool) {
	t.Helper()
	got, err := r.Work(context.Background())
	if err != nil || got != want {
		t.Fatalf("Work = %v, %v; want %v", got, err, want)
	}
}

func TestExponential(t *testing.T) {
	t.Parallel()
	b := jobs.Exponential(30*time.Second, 6*time.Hour)
	for attempt, want := range map[int]time.Duration{1: 30 * time.Second, 2: time.Minute, 3: 2 * time.Minute, 9: 128 * time.Minute, 11: 6 * time.Hour, 40: 6 * time.Hour} {
		if got := b(attempt); got != want {
			t.Errorf("back-off after attempt %d = %v, want %v", attempt, got, want)
		}
	}
}

func TestRunsAJob(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		c := newClock()
		s := open(t, dsn, c)
		var got []string
		r := runner(t, s, "w1", c, map[string]jobs.Handler{
			"greet": func(_ context.Context, p []byte) error { got = append(got, string(p)); return nil },
		})
		work(t, r, false)
		id := enqueue(t, s, jobs.Job{Kind: "greet", Payload: []byte(`"kumusta"`)})
		enqueue(t, s, jobs.Job{Kind: "not-mine", Payload: []byte(`{}`)})
		work(t, r, true)
		work(t, r, false) // the other kind is not this runner's
		if len(got) != 1 || got[0] != `"kumusta"` {
			t.Errorf("the handler got %q", got)
		}
		if j := job(t, s, id); !j.DoneAt.Equal(c.now()) || j.Attempts != 1 {
			t.Errorf("job after the run: %+v", j)
		}
	})
}

func TestRetriesWithBackoff(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		c := newClock()
		s := open(t, dsn, c)
		calls := 0
		r := runner(t, s, "w1", c, map[string]jobs.Handler{
			"flaky": func(context.Context, []byte) error {
				calls++
				if calls < 3 {
					return fmt.Errorf("try %d: server busy", calls)
				}
				return nil
			},
		})
		id := enqueue(t, s, jobs.Job{Kind: "flaky", Payload: []byte(`{}`)})
		start := c.now()
		work(t, r, true)
		j := job(t, s, id)
		if j.Attempts != 1 || j.LastError != "try 1: server busy" || !j.RunAt.Equal(start.Add(30*time.Second)) || !j.DoneAt.IsZero() {
			t.Fatalf("after one failure: %+v", j)
		}
		c.add(29 * time.Second)
		work(t, r, false) // not due yet
		c.add(time.Second)
		work(t, r, true)
		if j := job(t, s, id); j.Attempts != 2 || !j.RunAt.Equal(c.now().Add(time.Minute)) {
			t.Fatalf("after two failures: %+v, want due a minute later", j)
		}
		c.add(time.Minute)
		work(t, r, true)
		if j := job(t, s, id); j.DoneAt.IsZero() || j.Attempts != 3 || calls != 3 {
			t.Errorf("after the third try: %+v, %d calls", j, calls)
		}
	})
}

func TestFailsForGood(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		wantTries int
	}{
		{"a permanent error", jobs.Permanent(errors.New("no such mailbox")), 1},
		{"a temporary error every time", errors.New("server busy"), 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eachDB(t, func(t *testing.T, dsn string) {
				c := newClock()
				s := open(t, dsn, c)
				calls := 0
				r := runner(t, s, "w1", c, map[string]jobs.Handler{
					"doomed": func(context.Context, []byte) error { calls++; return tt.err },
				})
				id := enqueue(t, s, jobs.Job{Kind: "doomed", Payload: []byte(`{}`)})
				for range 10 {
					r.Work(context.Background())
					c.add(24 * time.Hour)
				}
				j := job(t, s, id)
				if calls != tt.wantTries || j.FailedAt.IsZero() || j.LastError != tt.err.Error() || !j.DoneAt.IsZero() {
					t.Errorf("%d tries, job %+v; want %d tries and failed", calls, j, tt.wantTries)
				}
			})
		})
	}
}

// Two replicas, each with its own store on one database, share the queue:
// every job runs exactly once.
func TestTwoRunnersRunEachJobOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		c := newClock()
		s1, s2 := open(t, dsn, c), open(t, dsn, c)
		const n = 60
		var mu sync.Mutex
		runs := map[string]int{}
		byWorker := map[string]int{}
		handler := func(worker string) jobs.Handler {
			return func(_ context.Context, p []byte) error {
				mu.Lock()
				defer mu.Unlock()
				runs[string(p)]++
				byWorker[worker]++
				return nil
			}
		}
		var ids []int64
		for i := range n {
			ids = append(ids, enqueue(t, s1, jobs.Job{Kind: "count", Payload: fmt.Appendf(nil, "%d", i)}))
		}
		var wg sync.WaitGroup
		errc := make(chan error, 2)
		for i, s := range []*store.Store{s1, s2} {
			worker := fmt.Sprintf("replica-%d", i+1)
			r := runner(t, s, worker, c, map[string]jobs.Handler{"count": handler(worker)})
			wg.Go(func() {
				for {
					worked, err := r.Work(context.Background())
					if err != nil {
						errc <- err
						return
					}
					if !worked {
						return
					}
				}
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Errorf("Work: %v", err)
		}
		for i := range n {
			if got := runs[fmt.Sprint(i)]; got != 1 {
				t.Errorf("job %d ran %d times", i, got)
			}
		}
		for _, id := range ids {
			if j := job(t, s2, id); j.DoneAt.IsZero() || j.Attempts != 1 {
				t.Errorf("job %d: %+v", id, j)
			}
		}
		t.Logf("jobs per replica: %v", byWorker)
	})
}

// A runner that claimed a job and died never finishes it; once the lease
// runs out another runner runs it.
func TestLeaseExpiresAfterACrash(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		c := newClock()
		s := open(t, dsn, c)
		id := enqueue(t, s, jobs.Job{Kind: "send", Payload: []byte(`{}`)})
		// The crashed runner: claimed with a five-minute lease, then nothing.
		if _, err := s.ClaimJob(context.Background(), []string{"send"}, "crashed", c.now(), c.now().Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		calls := 0
		r := runner(t, s, "survivor", c, map[string]jobs.Handler{"send": func(context.Context, []byte) error { calls++; return nil }})
		c.add(4 * time.Minute)
		work(t, r, false) // still leased
		c.add(time.Minute)
		work(t, r, true)
		if j := job(t, s, id); calls != 1 || j.DoneAt.IsZero() || j.Attempts != 2 {
			t.Errorf("%d runs, job %+v; want 1 run, done at attempt 2", calls, j)
		}
		if err := s.FinishJob(context.Background(), id, "crashed", c.now()); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("the crashed runner could still finish the job: %v", err)
		}
	})
}

// A job whose runner died in its last allowed attempt fails without
// running again.
func TestCrashInTheLastAttempt(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		c := newClock()
		s := open(t, dsn, c)
		id := enqueue(t, s, jobs.Job{Kind: "send", Payload: []byte(`{}`)})
		for range 4 { // MaxAttempts of the test runner
			if _, err := s.ClaimJob(context.Background(), []string{"send"}, "crashed", c.now(), c.now().Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			c.add(time.Minute)
		}
		calls := 0
		r := runner(t, s, "survivor", c, map[string]jobs.Handler{"send": func(context.Context, []byte) error { calls++; return nil }})
		work(t, r, true)
		if j := job(t, s, id); calls != 0 || j.FailedAt.IsZero() || !strings.Contains(j.LastError, "stopped") {
			t.Errorf("%d runs, job %+v; want no run and failed", calls, j)
		}
	})
}

// Jobs and their retry state survive closing the database and opening it
// again, as across a restart.
func TestSurvivesARestart(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		c := newClock()
		before, err := store.Open(context.Background(), dsn, c.now)
		if err != nil {
			t.Fatal(err)
		}
		failing := runner(t, before, "w1", c, map[string]jobs.Handler{"send": func(context.Context, []byte) error { return errors.New("down") }})
		retried := enqueue(t, before, jobs.Job{Kind: "send", Payload: []byte(`"a"`)})
		work(t, failing, true)
		waiting := enqueue(t, before, jobs.Job{Kind: "send", Payload: []byte(`"b"`), RunAt: c.now().Add(time.Hour)})
		if err := before.Close(); err != nil {
			t.Fatal(err)
		}

		after := open(t, dsn, c)
		var got []string
		r := runner(t, after, "w2", c, map[string]jobs.Handler{"send": func(_ context.Context, p []byte) error { got = append(got, string(p)); return nil }})
		work(t, r, false) // the retry is not due yet
		c.add(time.Hour)
		work(t, r, true)
		work(t, r, true)
		work(t, r, false)
		if strings.Join(got, ",") != `"a","b"` {
			t.Errorf("after the restart the runner ran %v", got)
		}
		if j := job(t, after, retried); j.Attempts != 2 || j.DoneAt.IsZero() {
			t.Errorf("retried job: %+v", j)
		}
		if j := job(t, after, waiting); j.Attempts != 1 || j.DoneAt.IsZero() {
			t.Errorf("waiting job: %+v", j)
		}
	})
}

// Stopping the runner breaks off the job in hand, which is due again at
// once rather than lost or failed, and Run returns.
func TestRunStopsGracefully(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		c := newClock()
		s := open(t, dsn, c)
		id := enqueue(t, s, jobs.Job{Kind: "slow", Payload: []byte(`{}`)})
		started := make(chan struct{})
		r := runner(t, s, "w1", c, map[string]jobs.Handler{"slow": func(ctx context.Context, _ []byte) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		}})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- r.Run(ctx) }()
		<-started
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run = %v", err)
		}
		j := job(t, s, id)
		if !j.DoneAt.IsZero() || !j.FailedAt.IsZero() || !j.RunAt.Equal(c.now()) || !strings.Contains(j.LastError, "canceled") {
			t.Errorf("interrupted job: %+v; want due again now", j)
		}
		if _, err := s.ClaimJob(context.Background(), []string{"slow"}, "w2", c.now(), c.now().Add(time.Minute)); err != nil {
			t.Errorf("the interrupted job cannot be claimed again: %v", err)
		}
	})
}

func TestNewRefusesBadConfig(t *testing.T) {
	t.Parallel()
	h := map[string]jobs.Handler{"k": func(context.Context, []byte) error { return nil }}
	if _, err := jobs.New(nil, h, jobs.Config{}); err == nil {
		t.Error("a runner without a worker name")
	}
	if _, err := jobs.New(nil, nil, jobs.Config{Worker: "w"}); err == nil {
		t.Error("a runner without handlers")
	}
}
