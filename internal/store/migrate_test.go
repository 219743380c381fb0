package store

import (
	"context"
	"io/fs"
	"path"
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
