package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"masahe/internal/account"
	"masahe/internal/errs"
	"masahe/internal/jobs"
	"masahe/internal/locale"
	"masahe/internal/mail"
	"masahe/internal/prices"
	"masahe/internal/prices/alert"
)

// Price watches and their alerts. An alert is written, and its job
// enqueued, in the transaction that records the observation that fired it:
// a crash can lose neither. At most one alert per member, chair and
// Philippine day (a unique key); the job's dedup key says the same. A
// member gets at most one alert mail a day: the first alert of their day is
// due at once, later ones wait for the next morning's digest
// (alert.DigestHour), and whichever job runs first mails every alert of
// the member not mailed yet.

// AddWatch makes user watch a chair: target is the price at or under which
// to hear, or 0 for any drop; lang is the language of the page the watch
// was set on, its alert mails' language. Watching a chair again changes
// its target and language.
func (s *Store) AddWatch(ctx context.Context, userID int64, chair string, target prices.Centavos, lang string) error {
	if target < 0 || target > prices.MaxPrice {
		return errs.Invalidf("target", "a target price must be between ₱1 and %s, or none for any drop", prices.MaxPrice)
	}
	if _, ok := locale.Parse(lang); !ok {
		return errs.Invalidf("lang", "%q is not a language of the site", lang)
	}
	var t any
	if target > 0 {
		t = int64(target)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var chairID int64
		err := tx.QueryRowContext(ctx, s.q("SELECT id FROM chairs c WHERE slug = ? AND "+activeChair), chair).Scan(&chairID)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("no chair %q", chair)
		}
		if err != nil {
			return fmt.Errorf("watch: %w", err)
		}
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO price_watches (user_id, chair_id, target, lang, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (user_id, chair_id) DO UPDATE SET target = excluded.target, lang = excluded.lang`), userID, chairID, t, lang, s.now().Unix())
		if err != nil {
			return fmt.Errorf("watch: %w", err)
		}
		return nil
	})
}

// RemoveWatch ends one of user's watches; another member's watch is not
// found.
func (s *Store) RemoveWatch(ctx context.Context, userID, watchID int64) error {
	res, err := s.write.ExecContext(ctx, s.q("DELETE FROM price_watches WHERE id = ? AND user_id = ?"), watchID, userID)
	if err != nil {
		return fmt.Errorf("remove watch: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.NotFoundf("no watch %d of yours", watchID)
	}
	return nil
}

const watchSelect = `SELECT w.id, w.user_id, c.slug, b.name || ' ' || c.name, COALESCE(w.target, 0), w.created_at
	FROM price_watches w JOIN chairs c ON c.id = w.chair_id JOIN brands b ON b.id = c.brand_id `

// Watches lists user's watches by chair name.
func (s *Store) Watches(ctx context.Context, userID int64) ([]prices.Watch, error) {
	return s.watches(ctx, s.read, "WHERE w.user_id = ? ORDER BY c.sort_name, c.slug", userID)
}

// UnsubscribeWatches lists the watches a mail's one-click unsubscribe
// token ends; errs.NotFound when the token is unknown or its watches are
// already gone.
func (s *Store) UnsubscribeWatches(ctx context.Context, token string) ([]prices.Watch, error) {
	return s.unsubscribeWatches(ctx, s.read, token)
}

func (s *Store) unsubscribeWatches(ctx context.Context, q queryer, token string) ([]prices.Watch, error) {
	ws, err := s.watches(ctx, q, `WHERE w.id IN (SELECT watch_id FROM price_alerts WHERE unsubscribe_hash = ?)
		ORDER BY c.sort_name, c.slug`, account.HashToken(token))
	if err == nil && len(ws) == 0 {
		err = errs.NotFoundf("this unsubscribe link is unknown or was used already: the watches it names are gone")
	}
	return ws, err
}

// Unsubscribe ends the watches of a mail's one-click unsubscribe token
// and returns them.
func (s *Store) Unsubscribe(ctx context.Context, token string) ([]prices.Watch, error) {
	var ws []prices.Watch
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if ws, err = s.unsubscribeWatches(ctx, tx, token); err != nil {
			return err
		}
		for _, w := range ws {
			if _, err := tx.ExecContext(ctx, s.q("DELETE FROM price_watches WHERE id = ?"), w.ID); err != nil {
				return fmt.Errorf("unsubscribe: %w", err)
			}
		}
		return nil
	})
	return ws, err
}

func (s *Store) watches(ctx context.Context, q queryer, rest string, args ...any) ([]prices.Watch, error) {
	rows, err := q.QueryContext(ctx, s.q(watchSelect+rest), args...)
	if err != nil {
		return nil, fmt.Errorf("watches: %w", err)
	}
	defer rows.Close()
	var out []prices.Watch
	for rows.Next() {
		var w prices.Watch
		var target, created int64
		if err := rows.Scan(&w.ID, &w.UserID, &w.ChairSlug, &w.ChairName, &target, &created); err != nil {
			return nil, fmt.Errorf("watches: %w", err)
		}
		w.Target, w.CreatedAt = prices.Centavos(target), time.Unix(created, 0).UTC()
		out = append(out, w)
	}
	return out, rows.Err()
}

// watchedChairs returns those of the chair ids that someone watches.
func (s *Store) watchedChairs(ctx context.Context, tx *sql.Tx, chairs map[int64]bool) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, "SELECT DISTINCT chair_id FROM price_watches")
	if err != nil {
		return nil, fmt.Errorf("watched chairs: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("watched chairs: %w", err)
		}
		if chairs[id] {
			out = append(out, id)
		}
	}
	return out, rows.Err()
}

// fireAlerts compares the lowest prices of the watched chairs before the
// recording with those after it and writes an alert, with its job, for
// each watch that the change crosses.
func (s *Store) fireAlerts(ctx context.Context, tx *sql.Tx, chairs []int64, before map[int64]lowest, now time.Time) (int, error) {
	if len(chairs) == 0 {
		return 0, nil
	}
	after, err := s.lowestOffers(ctx, tx, chairs, now)
	if err != nil {
		return 0, err
	}
	type fired struct {
		watch prices.Watch
		low   lowest
		old   prices.Centavos
	}
	var list []fired
	for _, chair := range chairs {
		a, ok := after[chair]
		if !ok {
			continue
		}
		var b *prices.Offer
		var old prices.Centavos
		if l, ok := before[chair]; ok {
			b, old = &l.offer, l.offer.Price
		}
		ws, err := s.watches(ctx, tx, "WHERE w.chair_id = ? ORDER BY w.id", chair)
		if err != nil {
			return 0, err
		}
		for _, w := range ws {
			if w.Fires(b, &a.offer) {
				list = append(list, fired{w, a, old})
			}
		}
	}
	day := prices.Day(now)
	n := 0
	for _, f := range list {
		var oldPrice any
		if f.old > 0 {
			oldPrice = int64(f.old)
		}
		var pending int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM price_alerts WHERE user_id = ? AND send_at >= ? AND send_at < ?`),
			f.watch.UserID, day.Unix(), day.AddDate(0, 0, 1).Unix()).Scan(&pending); err != nil {
			return 0, fmt.Errorf("alerts: %w", err)
		}
		sendAt := now
		if pending > 0 {
			sendAt = day.AddDate(0, 0, 1).Add(alert.DigestHour * time.Hour)
		}
		dayKey := day.Format(time.DateOnly)
		var id int64
		err := tx.QueryRowContext(ctx, s.q(`INSERT INTO price_alerts (watch_id, user_id, chair_id, day, observation_id, old_price, new_price,
			send_at, created_at) SELECT ?, ?, id, ?, ?, ?, ?, ?, ? FROM chairs WHERE slug = ?
			ON CONFLICT (user_id, chair_id, day) DO NOTHING RETURNING id`),
			f.watch.ID, f.watch.UserID, dayKey, f.low.observationID, oldPrice, int64(f.low.offer.Price), sendAt.Unix(), now.Unix(),
			f.watch.ChairSlug).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue // this chair already alerted this member today
		}
		if err != nil {
			return 0, fmt.Errorf("alerts: %w", err)
		}
		payload, _ := json.Marshal(alert.Payload{UserID: f.watch.UserID})
		if _, _, err := s.enqueueTx(ctx, tx, jobs.Job{Kind: alert.JobKind, Payload: payload, RunAt: sendAt,
			DedupKey: fmt.Sprintf("alert:%d:%s:%s", f.watch.UserID, f.watch.ChairSlug, dayKey)}); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// MailAlerts turns every alert of user not mailed yet into one message,
// made by compose (given the member's address, the alerts by chair name
// and a new one-click unsubscribe token), and enqueues it as a mail job,
// all in one transaction: a retried alert job finds the alerts mailed and
// does nothing. A disabled member's alerts are dropped.
func (s *Store) MailAlerts(ctx context.Context, userID int64, compose func(to string, alerts []prices.Alert, token string) (mail.Message, error)) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, s.q(`SELECT a.id, u.email, u.disabled, b.name || ' ' || c.name, COALESCE(w.target, 0), w.lang,
			COALESCE(a.old_price, 0), r.name, `+obsSelect+`
			FROM price_alerts a JOIN users u ON u.id = a.user_id JOIN price_watches w ON w.id = a.watch_id
			JOIN price_observations o ON o.id = a.observation_id JOIN chairs c ON c.id = a.chair_id
			JOIN brands b ON b.id = c.brand_id JOIN retailers r ON r.id = o.retailer_id
			WHERE a.user_id = ? AND a.mail_job_id IS NULL ORDER BY c.sort_name, a.id`), userID)
		if err != nil {
			return fmt.Errorf("mail alerts: %w", err)
		}
		var ids []string
		var alerts []prices.Alert
		var to string
		var disabled bool
		for rows.Next() {
			var id int64
			var a prices.Alert
			var target, old int64
			a.New, err = scanObservation(func(dst ...any) error {
				return rows.Scan(append([]any{&id, &to, &disabled, &a.ChairName, &target, &a.Lang, &old, &a.RetailerName}, dst...)...)
			})
			if err != nil {
				rows.Close()
				return fmt.Errorf("mail alerts: %w", err)
			}
			a.ChairSlug, a.Target, a.Old = a.New.ChairSlug, prices.Centavos(target), prices.Centavos(old)
			ids = append(ids, strconv.FormatInt(id, 10))
			alerts = append(alerts, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("mail alerts: %w", err)
		}
		if len(alerts) == 0 {
			return nil
		}
		var jobID any = 0
		token, hash, err := account.NewToken()
		if err != nil {
			return err
		}
		if !disabled {
			m, err := compose(to, alerts, token)
			if err != nil {
				return err
			}
			payload, err := mail.Payload(m)
			if err != nil {
				return err
			}
			if jobID, _, err = s.enqueueTx(ctx, tx, jobs.Job{Kind: mail.JobKind, Payload: payload, DedupKey: "mail:alert:" + ids[0]}); err != nil {
				return err
			}
		}
		// The ids come from the database as integers, never from input.
		_, err = tx.ExecContext(ctx, s.q(`UPDATE price_alerts SET mail_job_id = ?, unsubscribe_hash = ? WHERE id IN (`+strings.Join(ids, ", ")+`)`),
			jobID, hash)
		if err != nil {
			return fmt.Errorf("mail alerts: %w", err)
		}
		return nil
	})
}
