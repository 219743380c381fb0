package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDrainFailsHealthFirst stops serve with --drain-wait, as SIGTERM
// would: while it drains, /healthz answers 503 so that a load balancer
// takes the replica out, pages are still served, each closing its
// connection, and then run returns nil.
func TestDrainFailsHealthFirst(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--database", filepath.Join(t.TempDir(), "m.db"), "--drain-wait", "10s"},
			os.Getenv, strings.NewReader(""), pw, io.Discard)
		pw.Close()
		done <- err
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if err != nil || !ok {
		t.Fatalf("run printed %q, %v", line, err)
	}
	go io.Copy(io.Discard, pr)
	if status, _ := get(t, base+"/healthz"); status != http.StatusOK {
		t.Fatalf("GET /healthz before shutdown = %d, want 200", status)
	}
	cancel()
	// The shutdown starts on another goroutine: wait for /healthz to fail.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		status, body := get(t, base+"/healthz")
		if status == http.StatusServiceUnavailable {
			if !strings.Contains(body, `"draining"`) {
				t.Errorf("GET /healthz while draining: %q, want it to say draining", body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /healthz still answers %d after the context ended", status)
		}
	}
	resp, err := http.Get(base + "/chairs")
	if err != nil {
		t.Fatalf("GET /chairs while draining: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !resp.Close {
		t.Errorf("GET /chairs while draining = %d, closing the connection %v; want 200 and closing", resp.StatusCode, resp.Close)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after draining = %v, want nil", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("run did not return within 60 s of its context ending")
	}
}
