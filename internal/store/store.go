// Package store keeps Masahe's data in SQLite or PostgreSQL. It is the only
// package that speaks SQL. Queries are hand-written and portable between the
// two dialects; placeholders are written as ? and rewritten for PostgreSQL
// in one place (Store.q). Only full-text search differs per dialect.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	_ "modernc.org/sqlite"             // SQLite driver "sqlite"
)

//go:embed migrations
var migrations embed.FS

// Dialect names the SQL database in use.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is the database. Reads go through a pool; with SQLite, writes go
// through a second pool of one connection so that writers queue in Go
// instead of failing on a locked database.
type Store struct {
	dialect Dialect
	read    *readDB
	write   *sql.DB
	now     func() time.Time
	changes changes
	dsn     string // for the change listener's own connection
	mean    meanMemo
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to dsn (a SQLite file path or a postgres:// URL) and brings
// its schema up to date. now is the clock.
func Open(ctx context.Context, dsn string, now func() time.Time) (*Store, error) {
	s := &Store{now: now, dsn: dsn}
	if IsPostgres(dsn) {
		s.dialect = Postgres
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(20)
		s.read, s.write = &readDB{DB: db}, db
	} else {
		s.dialect = SQLite
		file := sqliteDSN(dsn)
		db, err := sql.Open("sqlite", file)
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
		s.read = &readDB{DB: db, stmts: map[string]*sql.Stmt{}}
		if s.write, err = sql.Open("sqlite", file); err != nil {
			s.read.Close()
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		s.write.SetMaxOpenConns(1)
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// sqliteDSN adds the connection pragmas to a file path: busy_timeout first
// so that every later pragma waits for locks too.
func sqliteDSN(file string) string {
	q := url.Values{}
	// synchronous(FULL): a write is on disk when its commit returns, so a
	// page that says "saved" has saved (the session log needs that).
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(FULL)"} {
		q.Add("_pragma", p)
	}
	// Transactions begin with BEGIN IMMEDIATE, taking the write lock (and
	// waiting for it) before their first read, so a transaction that reads
	// and then writes never fails on a lock another process took in between.
	// migrate relies on it.
	q.Set("_txlock", "immediate")
	return "file:" + file + "?" + q.Encode()
}

// Dialect reports the database in use.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close closes the database.
func (s *Store) Close() error {
	err := s.read.Close()
	if s.write != s.read.DB {
		err = errors.Join(err, s.write.Close())
	}
	return err
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// q rewrites ? placeholders to $1, $2… for PostgreSQL.
func (s *Store) q(query string) string {
	if s.dialect != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// inTx runs fn in a write transaction, committing when it returns nil.
// When fn bumped a version, the change callbacks run after the commit
// (changes.go).
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	var current *sql.Tx
	err := runTx(ctx, s.write, func(tx *sql.Tx) error {
		current = tx
		return fn(tx)
	})
	if current != nil && s.settled(current) && err == nil {
		s.changed()
	}
	return err
}

// runTx runs fn in a transaction begun on db (a pool or one connection),
// committing when fn returns nil.
func runTx(ctx context.Context, db interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// migrationLockKey names the PostgreSQL advisory lock that migrate holds:
// "masahe" in ASCII. Nothing else takes it.
const migrationLockKey int64 = 0x6d6173616865

// migrate applies the embedded migrations not yet recorded, each in its own
// transaction, in file-name order, on one connection.
//
// Any number of replicas may start at once on one database, so it works
// under a lock and only the first to take it migrates; the others wait, then
// find every migration recorded. PostgreSQL: a session advisory lock, held
// for the whole run and released after. SQLite: every transaction begins
// IMMEDIATE (see sqliteDSN), so each holds the write lock from before it
// reads schema_migrations until it has recorded what it applied.
//
// SQLite changes a column only by rebuilding its table, which needs foreign
// keys off (the pragma does nothing inside a transaction), so its migrations
// run with them off and each is checked with foreign_key_check before it
// commits.
func (s *Store) migrate(ctx context.Context) (err error) {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	set, undo := "PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON"
	if s.dialect == Postgres {
		set = fmt.Sprintf("SELECT pg_advisory_lock(%d)", migrationLockKey)
		undo = fmt.Sprintf("SELECT pg_advisory_unlock(%d)", migrationLockKey)
	}
	if _, err := conn.ExecContext(ctx, set); err != nil {
		return fmt.Errorf("migrate: %s: %w", set, err)
	}
	defer func() {
		if _, uerr := conn.ExecContext(context.WithoutCancel(ctx), undo); uerr != nil {
			// Still locked, or without foreign keys: not fit to go back to the pool.
			conn.Raw(func(any) error { return driver.ErrBadConn })
			err = errors.Join(err, fmt.Errorf("migrate: %s: %w", undo, uerr))
		}
	}()
	err = runTx(ctx, conn, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			name TEXT NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	dir := path.Join("migrations", string(s.dialect))
	names, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	slices.Sort(names)
	for _, name := range names {
		base := path.Base(name)
		err := runTx(ctx, conn, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, s.q("SELECT COUNT(*) FROM schema_migrations WHERE name = ?"), base).Scan(&n); err != nil || n > 0 {
				return err
			}
			body, err := migrations.ReadFile(name)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			if s.dialect == SQLite {
				if err := foreignKeyCheck(ctx, tx); err != nil {
					return err
				}
			}
			_, err = tx.ExecContext(ctx, s.q("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)"),
				base, s.now().UTC().Format(time.RFC3339))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
	}
	return nil
}

// foreignKeyCheck fails when a SQLite row refers to a row that is not there.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	var table, parent string
	var rowid sql.NullInt64 // NULL in a WITHOUT ROWID table
	var fk int
	err := tx.QueryRowContext(ctx, "PRAGMA foreign_key_check").Scan(&table, &rowid, &parent, &fk)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	return fmt.Errorf("foreign key check: a row of %s refers to a missing row of %s", table, parent)
}

// Meta returns a value of the meta table, or "" when it is unset.
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.read.QueryRowContext(ctx, s.q("SELECT value FROM meta WHERE key = ?"), key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("meta %s: %w", key, err)
	}
	return v, nil
}

func (s *Store) setMeta(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`), key, value)
	return err
}

// Backup writes a consistent copy of a live SQLite database to file. For
// PostgreSQL it explains how to use pg_dump instead.
func (s *Store) Backup(ctx context.Context, file string) error {
	if s.dialect == Postgres {
		return errors.New("backup of PostgreSQL: use pg_dump, e.g. pg_dump --format=custom --file=masahe.dump \"$MASAHE_DATABASE\" (see docs/OPERATIONS.md)")
	}
	if _, err := s.write.ExecContext(ctx, "VACUUM INTO ?", file); err != nil {
		return fmt.Errorf("backup to %s: %w", file, err)
	}
	return nil
}
