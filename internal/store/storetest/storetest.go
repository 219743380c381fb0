// Package storetest gives tests their own databases: a SQLite file in a
// temporary directory, and a PostgreSQL database created for the test and
// dropped after it when MASAHE_TEST_POSTGRES names a server.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// DSNs returns the databases a test runs against, by name: a new SQLite
// file, and a new PostgreSQL database (see Postgres).
func DSNs() map[string]func(testing.TB) string {
	return map[string]func(testing.TB) string{
		"sqlite":   func(t testing.TB) string { return filepath.Join(t.TempDir(), "masahe.db") },
		"postgres": Postgres,
	}
}

// Postgres creates a new, empty database on the server named by
// MASAHE_TEST_POSTGRES and returns its URL; it is dropped when the test
// ends. Without MASAHE_TEST_POSTGRES the test is skipped and says why;
// .ci/run sets it, so CI never skips.
func Postgres(t testing.TB) string {
	base := os.Getenv("MASAHE_TEST_POSTGRES")
	if base == "" {
		t.Skip("MASAHE_TEST_POSTGRES not set: PostgreSQL tests skipped")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	name := "masahe_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("MASAHE_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}
