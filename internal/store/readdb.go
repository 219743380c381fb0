package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// readDB is the pool reads go through. On SQLite it keeps the statements
// it prepares, by their text, and runs a query again from its prepared
// statement: parsing and planning a statement costs SQLite (compiled to
// Go) about as much as running a small one, and a chair page runs a dozen.
// PostgreSQL's driver keeps prepared statements per connection itself, so
// there stmts is nil and every call goes straight to the pool.
type readDB struct {
	*sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// maxStatements bounds the statements kept: texts that vary (an IN list
// of any length) stop being kept once it is reached, and run unprepared.
const maxStatements = 256

// stmt returns the kept statement for query, preparing it when there is
// room; false means the query runs unprepared.
func (d *readDB) stmt(ctx context.Context, query string) (*sql.Stmt, bool) {
	if d.stmts == nil {
		return nil, false
	}
	d.mu.Lock()
	st, ok := d.stmts[query]
	full := len(d.stmts) >= maxStatements
	d.mu.Unlock()
	if ok || full {
		return st, ok
	}
	// A statement that does not prepare runs unprepared, which reports
	// its error.
	st, err := d.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil, false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if kept, ok := d.stmts[query]; ok {
		st.Close()
		return kept, true
	}
	d.stmts[query] = st
	return st, true
}

func (d *readDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st, ok := d.stmt(ctx, query); ok {
		return st.QueryContext(ctx, args...)
	}
	return d.DB.QueryContext(ctx, query, args...)
}

func (d *readDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st, ok := d.stmt(ctx, query); ok {
		return st.QueryRowContext(ctx, args...)
	}
	return d.DB.QueryRowContext(ctx, query, args...)
}

// Close closes the kept statements and the pool.
func (d *readDB) Close() error {
	d.mu.Lock()
	var errs []error
	for _, st := range d.stmts {
		errs = append(errs, st.Close())
	}
	clear(d.stmts)
	d.mu.Unlock()
	return errors.Join(append(errs, d.DB.Close())...)
}
