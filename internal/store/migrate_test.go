package store

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"masahe/internal/store/storetest"
)

// TestConcurrentOpenMigratesOnce starts many replicas at once on one fresh
// database: every Open succeeds and each migration is recorded once.
func TestConcurrentOpenMigratesOnce(t *testing.T) {
	t.Parallel()
	const replicas = 8
	for name, dsn := range storetest.DSNs() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := dsn(t)
			stores := make([]*Store, replicas)
			errors := make([]error, replicas)
			var start, done sync.WaitGroup
			start.Add(1)
			for i := range replicas {
				done.Add(1)
				go func() {
					defer done.Done()
					start.Wait()
					stores[i], errors[i] = Open(ctx, db, testNow)
				}()
			}
			start.Done()
			done.Wait()
			for i, s := range stores {
				if errors[i] != nil {
					t.Errorf("replica %d: Open: %v", i, errors[i])
					continue
				}
				t.Cleanup(func() { s.Close() })
			}
			if t.Failed() {
				return
			}
			files, err := fs.Glob(migrations, path.Join("migrations", name, "*.sql"))
			if err != nil || len(files) == 0 {
				t.Fatalf("migration files for %s: %v, %v", name, files, err)
			}
			var recorded, distinct int
			if err := stores[0].read.QueryRowContext(ctx,
				"SELECT COUNT(*), COUNT(DISTINCT name) FROM schema_migrations").Scan(&recorded, &distinct); err != nil {
				t.Fatal(err)
			}
			if recorded != len(files) || distinct != len(files) {
				t.Errorf("schema_migrations holds %d rows (%d names), want each of the %d files once", recorded, distinct, len(files))
			}
		})
	}
}

// TestRebuildMigrationKeepsData runs SQLite's table-rebuilding migration
// again on a database with rows in every table it rebuilds: every row stays,
// foreign keys still hold and are enforced again afterwards.
func TestRebuildMigrationKeepsData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "masahe.db"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	loadStarter(t, s)
	for _, stmt := range []string{
		`INSERT INTO users (id, email, display_name, password_hash, role, created_at) VALUES (7, 'a@example.org', 'A', 'x', 'member', 1)`,
		`INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ('h', 7, 1, 2, 3)`,
		`INSERT INTO log_consents (user_id, version, given_at) VALUES (7, 'v1', 1)`,
		`INSERT INTO editorial_reviews (chair_id, review, rubric, published, updated_at) SELECT MIN(id), '{}', 1, 1, 1 FROM chairs`,
	} {
		if _, err := s.write.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	tables := []string{"meta", "sources", "sessions", "log_consents", "editorial_reviews", "schema_migrations", "brands", "chairs"}
	// The rebuild makes its tables as 0007 defines them; columns added by
	// later migrations are not its business, so the rows are compared on
	// 0007's columns: those of the fresh schema that 0007 wrote.
	columns := map[string][]string{}
	for _, table := range tables {
		columns[table] = tableColumns(t, s, table, "0007")
	}
	before := dumpTables(t, s, columns)
	if _, err := s.write.ExecContext(ctx, "DELETE FROM schema_migrations WHERE name = '0007_not_null_keys.sql'"); err != nil {
		t.Fatal(err)
	}
	if err := s.migrate(ctx); err != nil {
		t.Fatal(err)
	}
	after := dumpTables(t, s, columns)
	for _, table := range tables {
		if table != "schema_migrations" && after[table] != before[table] {
			t.Errorf("%s changed in the rebuild:\nbefore %s\nafter  %s", table, before[table], after[table])
		}
	}
	for _, table := range []string{"sources", "sessions", "log_consents", "editorial_reviews"} {
		if !strings.Contains(before[table], "[") {
			t.Errorf("%s was empty, so the rebuild was not tested on it", table)
		}
	}
	if _, err := s.write.ExecContext(ctx, "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ('g', 999, 1, 2, 3)"); err == nil {
		t.Error("a session of a missing user was stored: foreign keys are off after migrate")
	}
	if _, err := s.write.ExecContext(ctx, "INSERT INTO sources (id, url, title, hash) VALUES (NULL, 'u', 't', 'h')"); err == nil {
		t.Error("a source without an id was stored")
	}
}

// tableColumns lists the columns of table that exist once the migrations
// up to and including the one numbered upTo have run: the columns of the
// current schema minus those that later migrations add.
func tableColumns(t *testing.T, s *Store, table, upTo string) []string {
	t.Helper()
	rows, err := s.read.Query("SELECT name FROM pragma_table_info(?)", table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	later := laterColumns(t, upTo)
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if !later[table+"."+name] {
			out = append(out, name)
		}
	}
	return out
}

// laterColumns finds the columns that SQLite migrations after upTo add with
// ALTER TABLE ... ADD COLUMN, as "table.column".
func laterColumns(t *testing.T, upTo string) map[string]bool {
	t.Helper()
	names, err := fs.Glob(migrations, "migrations/sqlite/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	re := regexp.MustCompile(`(?i)ALTER\s+TABLE\s+(\w+)\s+ADD\s+(?:COLUMN\s+)?(\w+)`)
	for _, name := range names {
		if number, _, _ := strings.Cut(path.Base(name), "_"); number <= upTo {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(body), -1) {
			out[m[1]+"."+m[2]] = true
		}
	}
	return out
}

// dumpTables returns every row of each table, in key order, as text, read
// from the given columns.
func dumpTables(t *testing.T, s *Store, columns map[string][]string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for table, cols := range columns {
		rows, err := s.read.Query("SELECT " + strings.Join(cols, ", ") + " FROM " + table + " ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var b strings.Builder
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprint(&b, vals)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		out[table] = b.String()
	}
	return out
}
