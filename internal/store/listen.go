package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// listenReconnect is how long the listener waits before connecting again
// after losing its connection.
const listenReconnect = time.Second

// Listen runs the change callbacks (OnChange) for every change another
// replica commits, until ctx ends: PostgreSQL LISTEN on changesChannel on a
// connection of its own, reconnecting after a second when it is lost. On
// each (re)connection the callbacks run once, since notifications sent
// while it was away are lost; until then the caches' version poll covers
// the gap. On SQLite it returns at once: a SQLite file has one server.
func (s *Store) Listen(ctx context.Context, logError func(error)) error {
	if s.dialect != Postgres {
		return nil
	}
	for {
		if err := s.listenOnce(ctx); ctx.Err() == nil {
			logError(err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(listenReconnect):
		}
	}
}

// listenOnce holds one listening connection until it fails or ctx ends.
func (s *Store) listenOnce(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, s.dsn)
	if err != nil {
		return fmt.Errorf("change listener: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{changesChannel}.Sanitize()); err != nil {
		return fmt.Errorf("change listener: %w", err)
	}
	s.changed()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return fmt.Errorf("change listener: %w", err)
		}
		s.changed()
	}
}
