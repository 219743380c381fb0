package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"masahe/internal/catalog/catalogtest"
	"masahe/internal/store/storetest"
)

// syncBuffer collects the program's log; it is shown when a test fails.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *syncBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startRun runs the real program as main does, serving database on a free
// loopback port with any extra flags, and returns its base URL. At cleanup it cancels run's
// context, as SIGTERM would, and expects run to drain and return nil.
func startRun(t *testing.T, database string, extra ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--database", database}, extra...), os.Getenv, strings.NewReader(""), pw, logs)
		pw.CloseWithError(fmt.Errorf("run returned: %v", err))
		done <- err
	}()
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
				urls <- u
			}
		}
		close(urls)
	}()
	stop := func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(30 * time.Second):
			return errors.New("run did not return within 30 s of its context ending")
		}
	}
	base, ok := <-urls
	if !ok {
		t.Fatalf("run ended before it served: %v\nlog:\n%s", stop(), logs.String())
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("run(serve) = %v, want nil after shutdown", err)
		}
		if t.Failed() {
			t.Logf("masahe log:\n%s", logs.String())
		}
	})
	return base
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// TestServeDrivesPages starts the program on each database and walks the
// pages a buyer would.
func TestServeDrivesPages(t *testing.T) {
	t.Parallel()
	for name, dsn := range storetest.DSNs() {
		t.Run(name, func(t *testing.T) {
			base := startRun(t, dsn(t))
			var list struct {
				Items []struct {
					Slug string `json:"slug"`
				} `json:"items"`
				Total int `json:"total"`
			}
			status, body := get(t, base+"/api/v1/chairs?per_page=3&sort=name")
			if status != 200 || json.Unmarshal([]byte(body), &list) != nil || list.Total < 40 || len(list.Items) != 3 {
				t.Fatalf("GET /api/v1/chairs = %d %.200s", status, body)
			}
			slugs := []string{list.Items[0].Slug, list.Items[1].Slug, list.Items[2].Slug}
			pages := []struct {
				path   string
				status int
				want   []string
			}{
				{"/", 200, []string{"<h1>Find the massage chair", `action="/search"`, fmt.Sprintf("lists %d massage chairs", list.Total)}},
				{"/chairs", 200, []string{fmt.Sprintf(">%d chairs<", list.Total), `id="filters"`, `name="chairs" value="` + slugs[0] + `"`}},
				{"/chairs?zero_gravity=true&rollers=4d&sort=price_asc", 200, []string{`data-zero-gravity="true"`, `name="zero_gravity" value="true" checked`}},
				{"/chairs?track=x", 400, []string{"is not one of s, l, sl, j"}},
				{"/chairs/" + slugs[0], 200, []string{"<h1>", `class="specs"`, "Sources", "₱"}},
				{"/chairs/no-such-chair", 404, []string{"no chair"}},
				{"/compare?chairs=" + strings.Join(slugs, ","), 200, []string{`id="compare"`, `class="chair-col"`, `id="only-diff"`}},
				{"/compare?chairs=" + strings.Join(slugs, ",") + "&diff=1", 200, []string{"rows that differ"}},
				{"/search?q=osim+udivine", 200, []string{"/chairs/osim-udivine-v"}},
				{"/search?q=osmi+udivne", 200, []string{"showing results for", "/chairs/osim-udivine-v"}},
				{"/healthz", 200, []string{`"ok"`}},
				{"/nowhere", 404, []string{"there is no page"}},
			}
			for _, p := range pages {
				status, body := get(t, base+p.path)
				if status != p.status {
					t.Errorf("GET %s = %d, want %d", p.path, status, p.status)
				}
				for _, w := range p.want {
					if !strings.Contains(body, w) {
						t.Errorf("GET %s: body lacks %q", p.path, w)
					}
				}
			}
			_, metrics := get(t, base+"/metrics")
			if !regexp.MustCompile(`masahe_http_requests_total\{code="200",method="GET",route="GET /chairs/\{slug\}"\} [1-9]`).MatchString(metrics) {
				t.Error("/metrics does not count requests by route pattern")
			}
		})
	}
}

// TestSignalStopsServer sends the process SIGTERM while run serves: run
// must stop and return nil, as it does for the init system.
func TestSignalStopsServer(t *testing.T) {
	// Not parallel: the signal reaches every run in the process, and Go
	// runs the parallel tests only after this one has finished.
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), []string{"--addr", "127.0.0.1:0", "--database", filepath.Join(t.TempDir(), "m.db")}, os.Getenv, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "listening on ") {
		t.Fatalf("run printed %q, %v", line, err)
	}
	go io.Copy(io.Discard, pr)
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after SIGTERM = %v, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not stop within 30 s of SIGTERM")
	}
}

func runCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	return runCmdIn(t, "", args...)
}

// runCmdIn runs a command with stdin as its standard input.
func runCmdIn(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func TestCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	if out, _, err := runCmd(t, "migrate", "--database", db); err != nil || !strings.Contains(out, "up to date") {
		t.Fatalf("migrate = %q, %v", out, err)
	}
	catalogFile := filepath.Join(dir, "catalog.json")
	os.WriteFile(catalogFile, []byte(`{
  "sources": [{"id": "s1", "url": "https://example.com/a", "title": "Spec sheet"}],
  "brands": [{"slug": "acme", "name": "Acme"}],
  "retailers": [{"slug": "shop", "name": "Shop"}],
  "chairs": [{"slug": "acme-one", "brand": "acme", "name": "One", "specs": {"track": {"value": "sl", "source": "s1"}}}]
}`), 0o644)
	out, _, err := runCmd(t, "import", "--database", db, catalogFile)
	if err != nil || !strings.Contains(out, "4 records: 4 created, 0 updated, 0 unchanged") {
		t.Fatalf("import = %q, %v", out, err)
	}
	out, _, err = runCmd(t, "import", "--database", db, catalogFile)
	if err != nil || !strings.Contains(out, "4 records: 0 created, 0 updated, 4 unchanged") {
		t.Fatalf("re-import = %q, %v", out, err)
	}
	// A .csv given to import is a price file (docs/PRICES.md), recorded once.
	pricesFile := filepath.Join(dir, "prices.csv")
	os.WriteFile(pricesFile, []byte("chair,retailer,price,instalment_months,observed_at,method\nacme-one,shop,99990,12,2026-11-01,editor\n"), 0o644)
	for _, want := range []string{"1 observations: 1 recorded, 0 already recorded", "1 observations: 0 recorded, 1 already recorded"} {
		if out, stderr, err := runCmd(t, "import", "--database", db, pricesFile); err != nil || !strings.Contains(out, want) {
			t.Fatalf("price import = %q, %v, want %q; stderr:\n%s", out, err, want, stderr)
		}
	}
	badFile := filepath.Join(dir, "bad.json")
	os.WriteFile(badFile, []byte("{\"chairs\": [\n  {\"slug\": \"acme-two\", \"brand\": \"acme\", \"name\": \"Two\", \"specs\": {\"rollers\": {\"value\": \"9d\", \"source\": \"s1\"}}},\n  {\"slug\": \"acme-three\", \"brand\": \"nope\", \"name\": \"Three\"}\n]}"), 0o644)
	_, stderr, err := runCmd(t, "import", "--database", db, badFile)
	if err == nil || !strings.Contains(stderr, "bad.json:2: chairs[0]") || !strings.Contains(stderr, "specs.rollers") || !strings.Contains(stderr, "bad.json:3: chairs[1]") {
		t.Fatalf("bad import: err %v, stderr:\n%s", err, stderr)
	}
	exportFile := filepath.Join(dir, "export.json")
	if _, _, err := runCmd(t, "export", "--database", db, "--out", exportFile); err != nil {
		t.Fatal(err)
	}
	exported, _ := os.ReadFile(exportFile)
	if strings.Contains(string(exported), "acme-two") || !strings.Contains(string(exported), `"acme-one"`) {
		t.Errorf("export after a refused import:\n%s", exported)
	}
	backupFile := filepath.Join(dir, "backup.db")
	if out, _, err := runCmd(t, "backup", "--database", db, backupFile); err != nil || !strings.Contains(out, "backup written") {
		t.Fatalf("backup = %q, %v", out, err)
	}
	out, _, err = runCmd(t, "export", "--database", backupFile)
	if err != nil || !strings.Contains(out, `"acme-one"`) {
		t.Errorf("the backup does not hold the catalog: %v", err)
	}
	big, err := json.Marshal(catalogtest.Generate(1000))
	if err != nil {
		t.Fatal(err)
	}
	bigFile := filepath.Join(dir, "big.json")
	os.WriteFile(bigFile, big, 0o644)
	out, stderr, err = runCmd(t, "import", "--database", db, bigFile)
	if err != nil || !strings.Contains(stderr, "of 1043 records (50%)") || !strings.Contains(out, "1043 created") {
		t.Errorf("a large import should report its progress: err %v, out %q, stderr:\n%s", err, out, stderr)
	}
	if _, _, err := runCmd(t, "frobnicate"); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("unknown command: err = %v", err)
	}
	if _, _, err := runCmd(t, "serve", "--log-level", "loud", "--database", db); err == nil || !strings.Contains(err.Error(), "log-level") {
		t.Errorf("bad log level: err = %v", err)
	}
}
