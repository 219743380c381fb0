package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgxlisten"
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
	l := &pgxlisten.Listener{
		Connect:        func(ctx context.Context) (*pgx.Conn, error) { return pgx.Connect(ctx, s.dsn) },
		LogError:       func(_ context.Context, err error) { logError(err) },
		ReconnectDelay: listenReconnect,
	}
	l.Handle(changesChannel, changeHandler{s})
	err := l.Listen(ctx)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// changeHandler runs the callbacks for each notification and after each
// (re)connection.
type changeHandler struct{ s *Store }

func (h changeHandler) HandleNotification(context.Context, *pgconn.Notification, *pgx.Conn) error {
	h.s.changed()
	return nil
}

func (h changeHandler) HandleBacklog(context.Context, string, *pgx.Conn) error {
	h.s.changed()
	return nil
}
