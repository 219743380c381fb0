package main

import (
	"bufio"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"masahe/data"
	"masahe/internal/account"
	"masahe/internal/locale"
	"masahe/internal/store"
	"masahe/internal/web"
)

const usage = `Usage: masahe [command] [flags]

Commands:
  serve            serve the site (the default)
  migrate          create or update the database schema
  import FILE...   import catalog JSON files, all or nothing; --articles DIR also publishes
                   every DIR/*.md article (docs/CONTENT.md), file by file; a .csv file is a
                   price file, imported as by "prices import"
  export           write the catalog as JSON
  prices import FILE  record price observations from a CSV, JSON or Merchant Center feed,
                   all or nothing (docs/PRICES.md)
  prices fetch     read every tracked product page and record its price
  backup FILE      write a consistent copy of a SQLite database
  user create      create an account: --email, --name, --role (member, editor, admin); the
                   password is read from standard input, or generated and printed once

Every flag has an environment variable: --database is MASAHE_DATABASE, and so on.
Run "masahe COMMAND -h" for a command's flags.
`

// config is what the flags and MASAHE_* variables set.
type config struct {
	addr, database, baseURL, logLevel string
	smtpURL, mailFrom, mailDir        string
	sessionIdle, sessionLifetime      time.Duration
	cacheMiB, memoryLimitMiB          int
	// priceRefresh is how often serve fetches the tracked product pages;
	// 0 is never.
	priceRefresh time.Duration
	// jobLease is how long a runner holds a job: after a crash, the job is
	// taken up again once its lease runs out.
	jobLease time.Duration
	// drainWait is how long serve goes on answering after SIGTERM, with
	// /healthz failing, before it stops accepting connections.
	drainWait time.Duration
}

// run is the whole program: it parses args (without the program name),
// reads settings from getenv, input from stdin, and writes to stdout and
// stderr. It returns when the command is done or, for serve, when ctx is
// cancelled or the process receives SIGINT or SIGTERM.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	if cmd == "user" {
		if len(args) == 0 || args[0] != "create" {
			return errors.New(`"user" takes one command: create`)
		}
		cmd, args = "user create", args[1:]
	}
	if cmd == "prices" {
		if len(args) == 0 || (args[0] != "import" && args[0] != "fetch") {
			return errors.New(`"prices" takes one command: import or fetch`)
		}
		cmd, args = "prices "+args[0], args[1:]
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
		fs.StringVar(&cfg.smtpURL, "smtp-url", env("MASAHE_SMTP_URL", ""), "send mail through this server: smtp://user:pass@host:587 (STARTTLS), smtps://…:465 or smtp+insecure://localhost:1025; unset: write it to --mail-dir (MASAHE_SMTP_URL)")
		fs.StringVar(&cfg.mailFrom, "mail-from", env("MASAHE_MAIL_FROM", ""), "the address mail is sent from; required with --smtp-url (MASAHE_MAIL_FROM)")
		fs.StringVar(&cfg.mailDir, "mail-dir", env("MASAHE_MAIL_DIR", ""), "without --smtp-url, write mail here as .eml files (default: mail beside the database file) (MASAHE_MAIL_DIR)")
		if err := intFlag(fs, &cfg.cacheMiB, "cache-mib", env("MASAHE_CACHE_MIB", "32"), "keep at most this many MiB of rendered pages in memory (MASAHE_CACHE_MIB)"); err != nil {
			return err
		}
		if err := intFlag(fs, &cfg.memoryLimitMiB, "memory-limit-mib", env("MASAHE_MEMORY_LIMIT_MIB", "100"), "collect garbage harder as the process nears this many MiB; 0: no limit (MASAHE_MEMORY_LIMIT_MIB)"); err != nil {
			return err
		}
		if err := durationFlag(fs, &cfg.sessionIdle, "session-idle", env("MASAHE_SESSION_IDLE", "72h"), "end a session unused this long (MASAHE_SESSION_IDLE)"); err != nil {
			return err
		}
		if err := durationFlag(fs, &cfg.sessionLifetime, "session-lifetime", env("MASAHE_SESSION_LIFETIME", "720h"), "end any session this long after login (MASAHE_SESSION_LIFETIME)"); err != nil {
			return err
		}
		if err := zeroOrDurationFlag(fs, &cfg.priceRefresh, "price-refresh", env("MASAHE_PRICE_REFRESH", "0"), "fetch the tracked product pages this often, e.g. 24h; 0 never (MASAHE_PRICE_REFRESH)"); err != nil {
			return err
		}
		if err := zeroOrDurationFlag(fs, &cfg.drainWait, "drain-wait", env("MASAHE_DRAIN_WAIT", "0"), "on SIGTERM, fail /healthz and keep serving this long before closing the listener, so that a load balancer stops sending first; 0 closes at once (MASAHE_DRAIN_WAIT)"); err != nil {
			return err
		}
		if err := durationFlag(fs, &cfg.jobLease, "job-lease", env("MASAHE_JOB_LEASE", "5m"), "a background job is the runner's this long; after a crash it is retried once it runs out (MASAHE_JOB_LEASE)"); err != nil {
			return err
		}
	case "export", "user create":
	case "migrate", "import", "backup", "prices import", "prices fetch":
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
	var out, articlesDir string
	var pf priceFlags
	definePriceFlags(fs, cmd, &pf, env)
	if cmd == "import" {
		fs.StringVar(&articlesDir, "articles", "", "publish every *.md article file in this directory")
	}
	if cmd == "export" {
		fs.StringVar(&out, "out", "", "write the JSON to this file instead of standard output")
	}
	var newUser newUserFlags
	if cmd == "user create" {
		fs.StringVar(&newUser.email, "email", "", "the account's email address")
		fs.StringVar(&newUser.name, "name", "", "the display name (default: the part of the email before @)")
		fs.StringVar(&newUser.role, "role", "member", "member, editor or admin")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	logOut := stderr
	if cmd == "serve" {
		// The server logs a line per request: buffered, flushed every
		// second and when serve returns (logwriter.go).
		buf := newLogBuffer(stderr)
		defer buf.Close()
		logOut = buf
	}
	log, err := newLogger(cfg.logLevel, logOut)
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
		if articlesDir != "" {
			if fs.NArg() > 0 {
				if err := importFiles(ctx, st, fs.Args(), stdout, stderr); err != nil {
					return err
				}
			}
			return importArticles(ctx, st, articlesDir, stdout, stderr)
		}
		if len(fs.Args()) > 0 && strings.HasSuffix(strings.ToLower(fs.Arg(0)), ".csv") {
			return importPrices(ctx, st, pf, fs.Args(), time.Now, stdout, stderr)
		}
		return importFiles(ctx, st, fs.Args(), stdout, stderr)
	case "prices import":
		return importPrices(ctx, st, pf, fs.Args(), time.Now, stdout, stderr)
	case "prices fetch":
		return runFetch(ctx, st, pf, log, stdout)
	case "export":
		return exportCatalog(ctx, st, out, stdout)
	case "user create":
		return createUser(ctx, st, newUser, stdin, stdout)
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
	sender, err := mailSender(cfg)
	if err != nil {
		return err
	}
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
	articles, err := data.Articles()
	if err != nil {
		return err
	}
	reviews, err := data.EditorialReviews()
	if err != nil {
		return err
	}
	if loaded, err := st.LoadStarterContent(ctx, articles, reviews); err != nil {
		return err
	} else if loaded {
		log.Info("loaded the starter content", "articles", len(articles), "editorial_reviews", len(reviews))
	}
	translations, err := data.Translations()
	if err != nil {
		return err
	}
	if n, err := st.LoadStarterTranslations(ctx, translations); err != nil {
		return err
	} else if n > 0 {
		log.Info("loaded the starter translations", "translations", n, "bundled", len(translations))
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	listening := "http://" + ln.Addr().String()
	if cfg.baseURL == "" {
		cfg.baseURL = listening
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	base, err := url.Parse(cfg.baseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") {
		ln.Close()
		return fmt.Errorf("--base-url: %q is not an http or https URL", cfg.baseURL)
	}
	secure := base.Scheme == "https" || isLoopback(base.Hostname())
	if !secure {
		log.Warn("the base URL is plain http on a public address: browsers will refuse the login cookie; serve over https")
	}
	if cfg.memoryLimitMiB > 0 {
		debug.SetMemoryLimit(int64(cfg.memoryLimitMiB) << 20)
	}
	bundle, err := locale.NewBundle(log)
	if err != nil {
		ln.Close()
		return err
	}
	handler, err := web.NewServer(web.Config{
		Bundle:      bundle,
		CacheBytes:  cfg.cacheMiB << 20,
		BaseURL:     strings.TrimSuffix(cfg.baseURL, "/"),
		SessionIdle: cfg.sessionIdle, SessionLifetime: cfg.sessionLifetime,
		SecureCookies: secure, HSTS: base.Scheme == "https", MailDir: shownMailDir(cfg),
	}, webStores(st), log, reg)
	if err != nil {
		ln.Close()
		return err
	}
	// Background jobs run until serve returns; the job in hand is recorded
	// before the database closes.
	runner, err := newRunner(cfg, st, sender, handler.JobHandlers(), bundle, log)
	if err != nil {
		ln.Close()
		return err
	}
	jobsCtx, stopJobs := context.WithCancel(ctx)
	jobsDone := make(chan struct{})
	go func() { defer close(jobsDone); runner.Run(jobsCtx) }()
	defer func() { stopJobs(); <-jobsDone }()
	if cfg.priceRefresh > 0 {
		go schedulePriceFetch(jobsCtx, st, cfg.priceRefresh, log)
	}
	// Edits on other replicas reach this one's caches through PostgreSQL
	// notifications (store/listen.go); the caches' version poll is the
	// fallback while the listener is down.
	listenDone := make(chan struct{})
	go func() {
		defer close(listenDone)
		if err := st.Listen(jobsCtx, func(err error) { log.Warn("change listener", "err", err) }); err != nil {
			log.Error("change listener stopped", "err", err)
		}
	}()
	defer func() { stopJobs(); <-listenDone }()
	// After SIGTERM, /healthz fails for drainWait while every other request
	// is still answered, so that a load balancer's health check takes this
	// replica out before it stops accepting. Each answer meanwhile closes
	// its connection, so that the balancer's next request opens a new one,
	// to a replica still up. (Closing the idle connections at once, as
	// SetKeepAlivesEnabled(false) does, races with a request being sent on
	// one.)
	var draining atomic.Bool
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !draining.Load() {
				handler.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Connection", "close")
			if r.URL.Path != "/healthz" {
				handler.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `{"status":"draining"}`+"\n")
		}),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	flushCtx, stopFlush := context.WithCancel(context.Background())
	flushed := make(chan struct{})
	go func() {
		defer close(flushed)
		flushViewsEvery(flushCtx, handler, log, viewFlushInterval)
	}()
	defer func() {
		stopFlush()
		<-flushed
	}()
	log.Info("serving", "url", listening, "database", st.Dialect())
	fmt.Fprintf(stdout, "listening on %s\n", listening)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if cfg.drainWait > 0 {
		log.Info("shutting down: failing /healthz before closing", "wait", cfg.drainWait)
		draining.Store(true)
		time.Sleep(cfg.drainWait)
	}
	log.Info("shutting down: draining requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	// The views counted since the last tick (the ticker may be writing
	// at the same time: each count is taken once).
	if err := handler.FlushViews(shutdownCtx); err != nil {
		log.Warn("flushing the last chair views", "err", err)
	}
	return nil
}

// viewFlushInterval is how often the chair views counted in memory are
// added to the database.
const viewFlushInterval = 5 * time.Second

// flushViewsEvery writes the counted chair views every interval until ctx
// ends; a failed write keeps the counts for the next one.
func flushViewsEvery(ctx context.Context, h *web.Server, log *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := h.FlushViews(ctx); err != nil {
				log.Warn("flushing chair views", "err", err)
			}
		}
	}
}

// zeroOrDurationFlag defines a duration flag that may also be 0 (off),
// such as --price-refresh and --drain-wait.
func zeroOrDurationFlag(fs *flag.FlagSet, dst *time.Duration, name, def, usage string) error {
	d, err := time.ParseDuration(def)
	if err != nil || d < 0 {
		return fmt.Errorf("--%s: %q is not a duration such as 24h (or 0 for none)", name, def)
	}
	fs.DurationVar(dst, name, d, usage)
	return nil
}

// isLoopback reports whether host is this machine, which browsers treat as
// a secure origin even over http.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// intFlag defines a whole-number flag whose default comes from an
// environment variable, refusing a default that is not a number from 0 up.
func intFlag(fs *flag.FlagSet, dst *int, name, def, usage string) error {
	n, err := strconv.Atoi(def)
	if err != nil || n < 0 {
		return fmt.Errorf("%s: %q is not a whole number of 0 or more", name, def)
	}
	fs.IntVar(dst, name, n, usage)
	return nil
}

// durationFlag defines a duration flag whose default comes from a string,
// so that a bad MASAHE_* value is reported rather than ignored.
func durationFlag(fs *flag.FlagSet, dst *time.Duration, name, def, usage string) error {
	d, err := time.ParseDuration(def)
	if err != nil || d <= 0 {
		return fmt.Errorf("--%s: %q is not a positive duration such as 24h", name, def)
	}
	fs.DurationVar(dst, name, d, usage)
	return nil
}

type newUserFlags struct {
	email, name, role string
}

// createUser makes an account from the command line: the first admin, say.
// An operator makes it on purpose, so its address counts as verified.
// The password is the first line of stdin or, when stdin is empty, a new
// random one printed once.
func createUser(ctx context.Context, st *store.Store, f newUserFlags, stdin io.Reader, stdout io.Writer) error {
	// The errors name their field: email, role, display_name, password.
	email, err := account.NormalizeEmail(f.email)
	if err != nil {
		return err
	}
	role, err := account.ParseRole(f.role)
	if err != nil {
		return err
	}
	name, err := account.CheckDisplayName(cmp.Or(f.name, email[:strings.Index(email, "@")]))
	if err != nil {
		return err
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return fmt.Errorf("read the password: %w", err)
	}
	password, generated := strings.TrimRight(line, "\r\n"), false
	if password == "" {
		b := make([]byte, 18)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		password, generated = base64.RawURLEncoding.EncodeToString(b), true
	}
	passwords, err := account.NewPasswords(nil)
	if err != nil {
		return err
	}
	if password, err = passwords.Check(password, email); err != nil {
		return err
	}
	hash, err := passwords.Hash(password)
	if err != nil {
		return err
	}
	u, err := st.CreateUser(ctx, account.User{Email: email, DisplayName: name, Role: role, Verified: true}, hash)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s %s (id %d)\n", u.Role, u.Email, u.ID)
	if generated {
		fmt.Fprintf(stdout, "password (shown once): %s\n", password)
	}
	return nil
}

// webStores wires the one store into every area of the web server: the
// only place the web layer meets the concrete store.
func webStores(st *store.Store) web.Stores {
	return web.Stores{Catalog: st, Accounts: st, Reviews: st, Log: st, Admin: st, Editor: st, Editorial: st, AccountMail: st, Places: st, Growth: st, Prices: st, Media: st}
}
