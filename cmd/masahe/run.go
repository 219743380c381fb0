package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"masahe/data"
	"masahe/internal/catalog"
	"masahe/internal/store"
	"masahe/internal/web"
)

const usage = `Usage: masahe [command] [flags]

Commands:
  serve            serve the site (the default)
  migrate          create or update the database schema
  import FILE...   import catalog JSON or offers CSV files, all or nothing
  export           write the catalog as JSON (and offers as CSV with --offers-csv)
  backup FILE      write a consistent copy of a SQLite database

Every flag has an environment variable: --database is MASAHE_DATABASE, and so on.
Run "masahe COMMAND -h" for a command's flags.
`

// config is what the flags and MASAHE_* variables set.
type config struct {
	addr, database, baseURL, logLevel string
}

// run is the whole program: it parses args (without the program name),
// reads settings from getenv and writes to stdout and stderr. It returns
// when the command is done or, for serve, when ctx is cancelled or the
// process receives SIGINT or SIGTERM.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("masahe "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	var cfg config
	fs.StringVar(&cfg.database, "database", env("MASAHE_DATABASE", "masahe.db"), "SQLite file path or postgres:// URL (MASAHE_DATABASE)")
	fs.StringVar(&cfg.logLevel, "log-level", env("MASAHE_LOG_LEVEL", "info"), "debug, info, warn or error (MASAHE_LOG_LEVEL)")
	switch cmd {
	case "serve":
		fs.StringVar(&cfg.addr, "addr", env("MASAHE_ADDR", "localhost:8080"), "address to listen on (MASAHE_ADDR)")
		fs.StringVar(&cfg.baseURL, "base-url", env("MASAHE_BASE_URL", ""), "public URL of the site, for canonical links (MASAHE_BASE_URL)")
	case "export":
	case "migrate", "import", "backup":
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
	var offersCSV, out string
	if cmd == "export" {
		fs.StringVar(&out, "out", "", "write the JSON to this file instead of standard output")
		fs.StringVar(&offersCSV, "offers-csv", "", "also write the offers as CSV to this file")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	log, err := newLogger(cfg.logLevel, stderr)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, cfg.database, time.Now)
	if err != nil {
		return err
	}
	defer st.Close()

	switch cmd {
	case "migrate":
		fmt.Fprintln(stdout, "database schema is up to date")
		return nil
	case "import":
		return importFiles(ctx, st, fs.Args(), stdout, stderr)
	case "export":
		return exportCatalog(ctx, st, out, offersCSV, stdout)
	case "backup":
		if fs.NArg() != 1 {
			return errors.New("backup needs one argument: the file to write")
		}
		if err := st.Backup(ctx, fs.Arg(0)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "backup written to %s\n", fs.Arg(0))
		return nil
	}
	return serve(ctx, cfg, st, log, stdout)
}

func newLogger(level string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %q is not debug, info, warn or error", level)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

func serve(ctx context.Context, cfg config, st *store.Store, log *slog.Logger, stdout io.Writer) error {
	starter, err := data.Starter()
	if err != nil {
		return err
	}
	loaded, err := st.LoadStarter(ctx, starter)
	if err != nil {
		return err
	}
	if loaded {
		log.Info("loaded the starter catalog", "chairs", len(starter.Chairs), "brands", len(starter.Brands))
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	url := "http://" + ln.Addr().String()
	if cfg.baseURL == "" {
		cfg.baseURL = url
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	handler, err := web.NewServer(web.Config{BaseURL: strings.TrimSuffix(cfg.baseURL, "/")}, st, log, reg)
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("serving", "url", url, "database", st.Dialect())
	fmt.Fprintf(stdout, "listening on %s\n", url)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// importFiles imports JSON catalogs and CSV offer files in one transaction.
func importFiles(ctx context.Context, st *store.Store, files []string, stdout, stderr io.Writer) error {
	if len(files) == 0 {
		return errors.New("import needs at least one file (.json catalog or .csv offers)")
	}
	doc := &catalog.Document{}
	for _, name := range files {
		part, err := readDocument(name)
		if err != nil {
			return err
		}
		doc.Merge(part)
	}
	total := doc.Records()
	nextPct := 10
	res, err := st.Import(ctx, doc, func(done, total int) {
		// Large imports report every tenth of the way.
		if pct := done * 100 / total; total >= 1000 && pct >= nextPct {
			fmt.Fprintf(stderr, "imported %d of %d records (%d%%)\n", done, total, pct)
			nextPct = pct/10*10 + 10
		}
	})
	var verr *catalog.ValidationError
	if errors.As(err, &verr) {
		for _, p := range verr.Problems {
			fmt.Fprintln(stderr, p)
		}
		return fmt.Errorf("import refused: %d invalid records; nothing was written", len(verr.Problems))
	}
	if err != nil {
		return fmt.Errorf("import failed, nothing was written: %w", err)
	}
	fmt.Fprintf(stdout, "%d records: %d created, %d updated, %d unchanged\n", total, res.Created, res.Updated, res.Unchanged)
	return nil
}

func readDocument(name string) (*catalog.Document, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return catalog.ParseDocument(name, f)
	case ".csv":
		return catalog.ParseOffersCSV(name, f)
	}
	return nil, fmt.Errorf("%s: import reads .json catalogs and .csv offers", name)
}

func exportCatalog(ctx context.Context, st *store.Store, out, offersCSV string, stdout io.Writer) error {
	doc, err := st.Export(ctx)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if out == "" {
		_, err = stdout.Write(b)
	} else {
		err = os.WriteFile(out, b, 0o644)
	}
	if err != nil || offersCSV == "" {
		return err
	}
	f, err := os.Create(offersCSV)
	if err != nil {
		return err
	}
	if err := catalog.WriteOffersCSV(f, doc.Offers); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
