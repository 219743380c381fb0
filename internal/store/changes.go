package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// Caches in front of the store (the web server's page cache) keep what they
// made until the data it came from changes. Two counters in meta say when:
// catalog_version (chairs, offers, brands, owner and editorial reviews) and
// content_version (articles). Every transaction that bumps one tells the
// callbacks registered with OnChange once it has committed, so this
// process's caches drop at once; on PostgreSQL it also sends a NOTIFY on
// changesChannel, which the other replicas' listeners (listen.go) turn into
// the same callbacks. The caches still read SiteVersion now and then, so a
// lost notification costs at most that delay.

// Version counters.
const (
	catalogVersionKey = "catalog_version"
	contentVersionKey = "content_version"
)

// changesChannel is the PostgreSQL notification channel of data changes.
const changesChannel = "masahe_changes"

// changes holds the callbacks and the transactions that bumped a version
// but have not committed yet.
type changes struct {
	mu      sync.Mutex
	funcs   []func()
	pending map[*sql.Tx]bool
}

// OnChange registers fn to run after every committed change to the
// catalog or the articles, in this process or, on PostgreSQL, in any other
// process on the same database. fn must return quickly.
func (s *Store) OnChange(fn func()) {
	s.changes.mu.Lock()
	defer s.changes.mu.Unlock()
	s.changes.funcs = append(s.changes.funcs, fn)
}

// changed runs the callbacks.
func (s *Store) changed() {
	s.changes.mu.Lock()
	funcs := append([]func(){}, s.changes.funcs...)
	s.changes.mu.Unlock()
	for _, fn := range funcs {
		fn()
	}
}

// bumpVersion counts a change under key in tx; the callbacks run when tx
// commits (inTx).
func (s *Store) bumpVersion(ctx context.Context, tx *sql.Tx, key string) error {
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO meta (key, value) VALUES (?, '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)`), key); err != nil {
		return fmt.Errorf("bump %s: %w", key, err)
	}
	if s.dialect == Postgres {
		// Delivered on commit, to every listening replica.
		if _, err := tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", changesChannel, key); err != nil {
			return fmt.Errorf("notify %s: %w", key, err)
		}
	}
	s.changes.mu.Lock()
	if s.changes.pending == nil {
		s.changes.pending = map[*sql.Tx]bool{}
	}
	s.changes.pending[tx] = true
	s.changes.mu.Unlock()
	return nil
}

// settled forgets tx and reports whether it bumped a version.
func (s *Store) settled(tx *sql.Tx) bool {
	s.changes.mu.Lock()
	defer s.changes.mu.Unlock()
	bumped := s.changes.pending[tx]
	delete(s.changes.pending, tx)
	return bumped
}

// SiteVersion changes whenever a cached page may change: with either
// counter and when a scheduled article's or translation's publish time passes (the latest
// publish time already reached is part of it).
func (s *Store) SiteVersion(ctx context.Context) (string, error) {
	var catalogV, contentV sql.NullString
	var published sql.NullInt64
	var stale int64
	now := s.now()
	err := s.read.QueryRowContext(ctx, s.q(`SELECT (SELECT value FROM meta WHERE key = ?), (SELECT value FROM meta WHERE key = ?),
		(SELECT MAX(p) FROM (SELECT publish_at AS p FROM articles WHERE status = 'published' AND publish_at <= ?
			UNION ALL SELECT publish_at FROM article_translations WHERE status = 'published' AND publish_at <= ?) published),
		(SELECT COUNT(*) FROM price_current WHERE observed_at < ?)`),
		catalogVersionKey, contentVersionKey, now.Unix(), now.Unix(), now.Add(-s.pricePolicy().MaxAge).Unix()).Scan(&catalogV, &contentV, &published, &stale)
	if err != nil {
		return "", fmt.Errorf("site version: %w", err)
	}
	// The count of stale current offers is part of the version, so a
	// cached page never shows an offer as fresh past its maximum age.
	return fmt.Sprintf("%s.%s.%d.%d", catalogV.String, contentV.String, published.Int64, stale), nil
}
