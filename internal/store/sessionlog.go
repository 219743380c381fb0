package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"masahe/internal/errs"
	"masahe/internal/safety"
)

// Consent returns the version and time of a user's consent to the session
// log, or a not-found error when they have not given it.
func (s *Store) Consent(ctx context.Context, userID int64) (string, time.Time, error) {
	var version string
	var at int64
	err := s.read.QueryRowContext(ctx, s.q("SELECT version, given_at FROM log_consents WHERE user_id = ?"), userID).Scan(&version, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, errs.NotFoundf("no consent to the session log")
	}
	return version, time.Unix(at, 0).UTC(), err
}

// GiveConsent records a user's consent to the session log.
func (s *Store) GiveConsent(ctx context.Context, userID int64, version string) error {
	_, err := s.write.ExecContext(ctx, s.q(`INSERT INTO log_consents (user_id, version, given_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET version = excluded.version, given_at = excluded.given_at`), userID, version, s.now().Unix())
	return err
}

// DeleteLog withdraws a user's consent and deletes their whole log, in one
// transaction.
func (s *Store) DeleteLog(ctx context.Context, userID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, table := range []string{"log_sessions", "log_checkins", "log_consents"} {
			if _, err := tx.ExecContext(ctx, s.q("DELETE FROM "+table+" WHERE user_id = ?"), userID); err != nil {
				return fmt.Errorf("delete log: %w", err)
			}
		}
		return nil
	})
}

// AddSession logs a massage; the row is committed before AddSession
// returns.
func (s *Store) AddSession(ctx context.Context, userID int64, ls safety.LoggedSession) (int64, error) {
	var id int64
	err := s.write.QueryRowContext(ctx, s.q(`INSERT INTO log_sessions (user_id, at, chair, program, intensity, minutes, areas, heat)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), userID, ls.At.Unix(), ls.Chair, ls.Program, ls.Intensity, ls.Minutes,
		strings.Join(ls.Areas, ","), ls.Heat).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("log session: %w", err)
	}
	return id, nil
}

// AddCheckIn logs a soreness check-in.
func (s *Store) AddCheckIn(ctx context.Context, userID int64, c safety.CheckIn) (int64, error) {
	var id int64
	err := s.write.QueryRowContext(ctx, s.q(`INSERT INTO log_checkins (user_id, at, soreness, areas, symptoms)
		VALUES (?, ?, ?, ?, ?) RETURNING id`), userID, c.At.Unix(), c.Soreness, strings.Join(c.Areas, ","), strings.Join(c.Symptoms, ",")).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("log check-in: %w", err)
	}
	return id, nil
}

// Log returns a user's whole log, oldest first. It only ever reads the
// rows of that user.
func (s *Store) Log(ctx context.Context, userID int64) ([]safety.LoggedSession, []safety.CheckIn, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT id, at, chair, program, intensity, minutes, areas, heat
		FROM log_sessions WHERE user_id = ? ORDER BY at, id`), userID)
	if err != nil {
		return nil, nil, fmt.Errorf("log: %w", err)
	}
	var sessions []safety.LoggedSession
	for rows.Next() {
		var ls safety.LoggedSession
		var at int64
		var areas string
		if err := rows.Scan(&ls.ID, &at, &ls.Chair, &ls.Program, &ls.Intensity, &ls.Minutes, &areas, &ls.Heat); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("log: %w", err)
		}
		ls.At, ls.Areas = time.Unix(at, 0).UTC(), splitList(areas)
		sessions = append(sessions, ls)
	}
	rows.Close()
	rows, err = s.read.QueryContext(ctx, s.q(`SELECT id, at, soreness, areas, symptoms FROM log_checkins WHERE user_id = ? ORDER BY at, id`), userID)
	if err != nil {
		return nil, nil, fmt.Errorf("log: %w", err)
	}
	defer rows.Close()
	var checkIns []safety.CheckIn
	for rows.Next() {
		var c safety.CheckIn
		var at int64
		var areas, symptoms string
		if err := rows.Scan(&c.ID, &at, &c.Soreness, &areas, &symptoms); err != nil {
			return nil, nil, fmt.Errorf("log: %w", err)
		}
		c.At, c.Areas, c.Symptoms = time.Unix(at, 0).UTC(), splitList(areas), splitList(symptoms)
		checkIns = append(checkIns, c)
	}
	return sessions, checkIns, rows.Err()
}

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}
