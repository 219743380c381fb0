package web

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"masahe/data"
	"masahe/internal/account"
	"masahe/internal/catalog"
	"masahe/internal/jobs"
	"masahe/internal/store"
	"masahe/internal/store/storetest"
)

// replica is one server on a shared PostgreSQL database, with a clock that
// stands still: its page cache never refreshes by the version poll, so
// what it learns of other replicas' edits comes through notifications.
type replica struct {
	st  *store.Store
	h   *Server
	now func() time.Time
}

func newReplicas(t *testing.T, n int) []replica {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	dsn := storetest.Postgres(t)
	clock := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	var out []replica
	for i := range n {
		st, err := store.Open(ctx, dsn, now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if i == 0 {
			doc, err := data.Starter()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.LoadStarter(ctx, doc); err != nil {
				t.Fatal(err)
			}
		}
		srv, err := NewServer(Config{BaseURL: "http://example.test", Now: now, Passwords: testPasswords(t)}, storesOf(st),
			slog.New(slog.DiscardHandler), prometheus.NewRegistry())
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { defer close(done); st.Listen(ctx, func(error) {}) }()
		t.Cleanup(func() { cancel(); <-done })
		out = append(out, replica{st: st, h: srv, now: now})
	}
	return out
}

func (r replica) do(req *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	r.h.ServeHTTP(w, req)
	return w
}

// TestReplicasSeeEdits edits a chair through one replica's store and waits
// for the other's cached answer to change: only its notification listener
// can tell it, since its clock stands still.
func TestReplicasSeeEdits(t *testing.T) {
	t.Parallel()
	reps := newReplicas(t, 2)
	ctx := context.Background()
	chairs, err := reps[0].st.AllChairs(ctx)
	if err != nil || len(chairs) == 0 {
		t.Fatalf("AllChairs: %d chairs, %v", len(chairs), err)
	}
	c := chairs[0]
	name := func() string {
		w := reps[1].do(httptest.NewRequest(http.MethodGet, "/api/v1/chairs/"+c.Slug, nil))
		if w.Code != http.StatusOK {
			t.Fatalf("GET chair: status %d", w.Code)
		}
		var got struct {
			Name string `json:"name"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		return got.Name
	}
	before := name() // now cached on the second replica
	edited := c
	edited.Name = c.Name + " Replica Edit"
	edited.BrandName, edited.Offers, edited.Sources = "", nil, nil
	if _, err := reps[0].st.Import(ctx, &catalog.Document{Chairs: []catalog.Chair{edited}}, nil); err != nil {
		t.Fatal(err)
	}
	// A notification is asynchronous: poll the cached answer until it
	// changes. With a clock that stands still nothing else can change it.
	for deadline := time.Now().Add(30 * time.Second); name() == before; {
		if time.Now().After(deadline) {
			t.Fatalf("the second replica still serves %q after the first renamed the chair", before)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := name(); got != edited.Name {
		t.Errorf("the second replica serves %q, want %q", got, edited.Name)
	}
}

// TestReplicasShareLoginThrottle fails logins alternately on two replicas:
// the throttle counts them together, so both refuse once the total reaches
// the limit.
func TestReplicasShareLoginThrottle(t *testing.T) {
	t.Parallel()
	reps := newReplicas(t, 2)
	login := func(r replica) int {
		form := url.Values{"email": {"someone@example.com"}, "password": {"not the password at all"}}
		req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return r.do(req).Code
	}
	limit := account.MaxFailures
	for i := range limit {
		if code := login(reps[i%2]); code != http.StatusUnauthorized {
			t.Fatalf("failed login %d on replica %d: status %d, want 401", i+1, i%2, code)
		}
	}
	for i, r := range reps {
		if code := login(r); code != http.StatusTooManyRequests {
			t.Errorf("replica %d after %d failures across both: status %d, want 429", i, limit, code)
		}
	}
}

// forgot asks replica r for a password reset for email, from client (an
// address as the connection gives it), and returns the status.
func (r replica) forgot(email, client string) int {
	req := httptest.NewRequest(http.MethodPost, "/forgot", strings.NewReader(url.Values{"email": {email}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = client + ":4000"
	return r.do(req).Code
}

// TestReplicasShareRateLimits asks for password resets alternately on two
// replicas: the per-address and the per-client limits count the requests of
// both, so both refuse once the total reaches a limit.
func TestReplicasShareRateLimits(t *testing.T) {
	t.Parallel()
	reps := newReplicas(t, 2)
	byEmail := account.ResetByEmail.Max
	for i := range byEmail {
		if code := reps[i%2].forgot("owner@example.com", "198.51.100.1"); code != http.StatusOK {
			t.Fatalf("reset request %d for one address on replica %d: status %d, want 200", i+1, i%2, code)
		}
	}
	for i, r := range reps {
		// Another client: only the per-address limit can refuse it.
		if code := r.forgot("owner@example.com", "198.51.100.2"); code != http.StatusTooManyRequests {
			t.Errorf("replica %d after %d requests for one address across both: status %d, want 429", i, byEmail, code)
		}
	}
	byClient := account.ResetByClient.Max
	for i := range byClient {
		if code := reps[i%2].forgot(fmt.Sprintf("person%d@example.com", i), "203.0.113.9"); code != http.StatusOK {
			t.Fatalf("reset request %d from one client on replica %d: status %d, want 200", i+1, i%2, code)
		}
	}
	for i, r := range reps {
		// A fresh address: only the per-client limit can refuse it.
		if code := r.forgot(fmt.Sprintf("fresh%d@example.com", i), "203.0.113.9"); code != http.StatusTooManyRequests {
			t.Errorf("replica %d after %d requests from one client across both: status %d, want 429", i, byClient, code)
		}
	}
}

// TestReplicasRunEachJobOnce queues reset requests through both replicas,
// then lets a job runner on each work through the queue at the same time:
// every job runs exactly once, on one of the two.
func TestReplicasRunEachJobOnce(t *testing.T) {
	t.Parallel()
	reps := newReplicas(t, 2)
	const queued = 12
	for i := range queued {
		if code := reps[i%2].forgot(fmt.Sprintf("person%d@example.com", i), fmt.Sprintf("198.51.100.%d", i)); code != http.StatusOK {
			t.Fatalf("reset request %d on replica %d: status %d, want 200", i+1, i%2, code)
		}
	}
	var mu sync.Mutex
	runs := map[string][]int{} // payload → the replicas that ran it
	var wg sync.WaitGroup
	for i, r := range reps {
		handlers := map[string]jobs.Handler{}
		for kind, h := range r.h.JobHandlers() {
			handlers[kind] = func(ctx context.Context, payload []byte) error {
				mu.Lock()
				runs[string(payload)] = append(runs[string(payload)], i)
				mu.Unlock()
				return h(ctx, payload)
			}
		}
		runner, err := jobs.New(r.st, handlers, jobs.Config{Worker: fmt.Sprintf("replica-%d", i), Now: r.now})
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Work until no job is left that this runner can claim.
			for {
				worked, err := runner.Work(context.Background())
				if err != nil {
					t.Errorf("replica %d's runner: %v", i, err)
					return
				}
				if !worked {
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(runs) != queued {
		t.Errorf("%d distinct jobs ran, want the %d queued", len(runs), queued)
	}
	for payload, by := range runs {
		if len(by) != 1 {
			t.Errorf("job %s ran %d times (on replicas %v), want once", payload, len(by), by)
		}
	}
}
