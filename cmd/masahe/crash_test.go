package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"masahe/data"
	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/catalog"
	"masahe/internal/prices"
	"masahe/internal/store"
	"masahe/internal/store/storetest"
)

// TestAlertSurvivesKill: the server is killed with SIGKILL while it sends
// an alert mail (after the price was observed and the alert committed, the
// SMTP server holding the message unanswered); restarted, it delivers the
// alert exactly once. It builds the real binary and runs it as a
// subprocess.
func TestAlertSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "masahe")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for name, dsn := range storetest.DSNs() {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := dsn(t)
			if !store.IsPostgres(db) {
				db = filepath.Join(t.TempDir(), "masahe.db")
			}
			shop := &shopPages{prices: map[string]string{"/products/lounger": "119990.00"}}
			shopURL := startShop(t, shop)
			st, err := store.Open(ctx, db, time.Now)
			if err != nil {
				t.Fatal(err)
			}
			starter, err := data.Starter()
			if err != nil {
				t.Fatal(err)
			}
			chair := starter.Chairs[0].Slug
			member, err := func() (account.User, error) {
				defer st.Close()
				if _, err := st.LoadStarter(ctx, starter); err != nil {
					return account.User{}, err
				}
				if _, err := st.Import(ctx, &catalog.Document{Retailers: []catalog.Retailer{{Slug: "test-shop", Name: "Test Shop"}}}, nil); err != nil {
					return account.User{}, err
				}
				if _, err := st.SaveTrackedURL(ctx, audit.Actor{Email: "editor@example.ph"},
					prices.TrackedURL{ChairSlug: chair, RetailerSlug: "test-shop", URL: shopURL + "/products/lounger"}); err != nil {
					return account.User{}, err
				}
				// Yesterday's price, then a watch for any drop.
				old := prices.Observation{ChairSlug: chair, RetailerSlug: "test-shop", Price: prices.Pesos(129_990),
					URL: shopURL + "/products/lounger", ObservedAt: time.Now().Add(-24 * time.Hour), Method: prices.ByExtraction}
				if _, err := st.RecordObservations(ctx, []prices.Observation{old}, nil); err != nil {
					return account.User{}, err
				}
				u, err := st.CreateUser(ctx, account.User{Email: "ana@example.ph", DisplayName: "Ana", Role: account.Member}, "x")
				if err == nil {
					err = st.AddWatch(ctx, u.ID, chair, 0, "en")
				}
				return u, err
			}()
			if err != nil {
				t.Fatal(err)
			}

			// The fetch observes the drop and commits the alert with its job.
			out, err := exec.Command(bin, "prices", "fetch", "--database", db, "--fetch-interval", "1ms").CombinedOutput()
			if err != nil || !strings.Contains(string(out), "1 pages: 1 observations recorded, 0 failed; 1 alerts") {
				t.Fatalf("prices fetch: %v\n%s", err, out)
			}

			sink := startSMTPSink(t)
			sink.setHold(true)
			serve := func() *exec.Cmd {
				cmd := exec.Command(bin, "serve", "--database", db, "--addr", "127.0.0.1:0", "--base-url", "https://masahe.example", "--smtp-url", "smtp+insecure://"+sink.addr,
					"--mail-from", "Masahe <alerts@masahe.example>", "--job-lease", "2s", "--log-level", "warn")
				cmd.Stderr = os.Stderr // the server log, for a failing run
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				return cmd
			}
			first := serve()
			select {
			case <-sink.inData:
			case <-time.After(2 * time.Minute):
				first.Process.Kill()
				t.Fatal("the server never started sending the alert")
			}
			if err := first.Process.Kill(); err != nil { // SIGKILL: no shutdown of any kind
				t.Fatal(err)
			}
			first.Wait()
			if n := len(sink.messages()); n != 0 {
				t.Fatalf("%d mails delivered by the killed server", n)
			}

			sink.setHold(false)
			second := serve()
			deadline := time.Now().Add(2 * time.Minute)
			for len(sink.messages()) == 0 && time.Now().Before(deadline) {
				time.Sleep(100 * time.Millisecond)
			}
			second.Process.Signal(os.Interrupt)
			second.Wait()
			got := sink.messages()
			if len(got) != 1 {
				t.Fatalf("%d mails delivered after the restart, want exactly 1", len(got))
			}
			checkAlertMail(t, got[0], member.Email, starter.Chairs[0].Name, "₱129,990", "₱119,990", "Test Shop")
		})
	}
}
