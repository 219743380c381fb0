package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"masahe/internal/account"
	"masahe/internal/errs"
)

const userColumns = "id, email, display_name, role, disabled, created_at, email_verified_at IS NOT NULL"

func scanUser(row interface{ Scan(...any) error }) (account.User, error) {
	var u account.User
	var created int64
	err := row.Scan(&u.ID, &u.Email, &u.DisplayName, &u.Role, &u.Disabled, &created, &u.Verified)
	u.CreatedAt = time.Unix(created, 0).UTC()
	return u, err
}

// CreateUser adds a user with a password hash, its address verified when
// u.Verified says so (an operator's account, masahe user create); an email
// already in use is a conflict.
func (s *Store) CreateUser(ctx context.Context, u account.User, passwordHash string) (account.User, error) {
	var id int64
	now := s.now().Unix()
	var verifiedAt any
	if u.Verified {
		verifiedAt = now
	}
	err := s.write.QueryRowContext(ctx, s.q(`INSERT INTO users (email, display_name, password_hash, role, disabled, created_at, email_verified_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING RETURNING id`),
		u.Email, u.DisplayName, passwordHash, u.Role, false, now, verifiedAt).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return account.User{}, &errs.Error{Code: errs.Conflict, Field: "email", Message: "an account with this email address already exists"}
	}
	if err != nil {
		return account.User{}, fmt.Errorf("create user: %w", err)
	}
	return s.User(ctx, id)
}

// User returns the user with id.
func (s *Store) User(ctx context.Context, id int64) (account.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, s.q("SELECT "+userColumns+" FROM users WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.NotFoundf("no user %d", id)
	}
	return u, err
}

// UserByEmail returns the user with email and their password hash.
func (s *Store) UserByEmail(ctx context.Context, email string) (account.User, string, error) {
	var hash string
	row := s.read.QueryRowContext(ctx, s.q("SELECT "+userColumns+", password_hash FROM users WHERE email = ?"), email)
	var u account.User
	var created int64
	err := row.Scan(&u.ID, &u.Email, &u.DisplayName, &u.Role, &u.Disabled, &created, &u.Verified, &hash)
	u.CreatedAt = time.Unix(created, 0).UTC()
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", errs.NotFoundf("no user with that email")
	}
	return u, hash, err
}

// PasswordHash returns a user's password hash.
func (s *Store) PasswordHash(ctx context.Context, userID int64) (string, error) {
	var hash string
	err := s.read.QueryRowContext(ctx, s.q("SELECT password_hash FROM users WHERE id = ?"), userID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.NotFoundf("no user %d", userID)
	}
	return hash, err
}

// Users lists every user, newest first.
func (s *Store) Users(ctx context.Context) ([]account.User, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+userColumns+" FROM users ORDER BY created_at DESC, id DESC")
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	defer rows.Close()
	var out []account.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetPassword replaces a user's password hash and ends their other
// sessions: every session but keep (a token hash, or "").
func (s *Store) SetPassword(ctx context.Context, userID int64, hash, keep string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("UPDATE users SET password_hash = ? WHERE id = ?"), hash, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundf("no user %d", userID)
		}
		_, err = tx.ExecContext(ctx, s.q("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?"), userID, keep)
		return err
	})
}

// SetRole changes a user's role and ends all their sessions, so that the
// new rights start with a new login.
func (s *Store) SetRole(ctx context.Context, userID int64, role account.Role) error {
	return s.userUpdate(ctx, userID, "role = ?", role)
}

// SetDisabled disables or enables a user; disabling ends their sessions.
func (s *Store) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	return s.userUpdate(ctx, userID, "disabled = ?", disabled)
}

func (s *Store) userUpdate(ctx context.Context, userID int64, set string, value any) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("UPDATE users SET "+set+" WHERE id = ?"), value, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundf("no user %d", userID)
		}
		_, err = tx.ExecContext(ctx, s.q("DELETE FROM sessions WHERE user_id = ?"), userID)
		return err
	})
}

// DeleteUser removes a user and, through the schema's cascades, all their
// data; the chairs they reviewed are re-rated without them.
func (s *Store) DeleteUser(ctx context.Context, userID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, s.q("SELECT chair_id FROM reviews WHERE user_id = ?"), userID)
		if err != nil {
			return fmt.Errorf("delete user: %w", err)
		}
		var chairs []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			chairs = append(chairs, id)
		}
		rows.Close()
		res, err := tx.ExecContext(ctx, s.q("DELETE FROM users WHERE id = ?"), userID)
		if err != nil {
			return fmt.Errorf("delete user: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundf("no user %d", userID)
		}
		for _, id := range chairs {
			if err := s.rerate(ctx, tx, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// CreateSession stores a new session for a token hash.
func (s *Store) CreateSession(ctx context.Context, userID int64, tokenHash string, lifetime time.Duration) error {
	now := s.now().Unix()
	_, err := s.write.ExecContext(ctx, s.q(`INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`), tokenHash, userID, now, now, now+int64(lifetime/time.Second))
	return err
}

// SessionUser returns the user of a live session: not past its absolute
// lifetime, not idle longer than idle, its user not disabled. It records
// the visit at most once a minute.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, idle time.Duration) (account.User, error) {
	now := s.now().Unix()
	var lastSeen int64
	row := s.read.QueryRowContext(ctx, s.q(`SELECT u.`+strings.ReplaceAll(userColumns, ", ", ", u.")+`, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen_at > ? AND NOT u.disabled`),
		tokenHash, now, now-int64(idle/time.Second))
	var u account.User
	var created int64
	err := row.Scan(&u.ID, &u.Email, &u.DisplayName, &u.Role, &u.Disabled, &created, &u.Verified, &lastSeen)
	u.CreatedAt = time.Unix(created, 0).UTC()
	if errors.Is(err, sql.ErrNoRows) {
		return u, &errs.Error{Code: errs.Unauthorized, Message: "your session has ended; log in again"}
	}
	if err != nil {
		return u, fmt.Errorf("session: %w", err)
	}
	if now-lastSeen >= 60 {
		if _, err := s.write.ExecContext(ctx, s.q("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?"), now, tokenHash); err != nil {
			return u, fmt.Errorf("session: %w", err)
		}
	}
	return u, nil
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.write.ExecContext(ctx, s.q("DELETE FROM sessions WHERE token_hash = ?"), tokenHash)
	return err
}

// DeleteOtherSessions ends every session of the user except keep.
func (s *Store) DeleteOtherSessions(ctx context.Context, userID int64, keep string) (int64, error) {
	res, err := s.write.ExecContext(ctx, s.q("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?"), userID, keep)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// RecordLoginFailure notes a failed login and forgets failures older than
// the throttle window.
func (s *Store) RecordLoginFailure(ctx context.Context, email, client string) error {
	now := s.now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM login_failures WHERE failed_at < ?"), now.Add(-account.ThrottleWindow).Unix()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q("INSERT INTO login_failures (email, client, failed_at) VALUES (?, ?, ?)"), email, client, now.Unix())
		return err
	})
}

// LoginFailures returns the times of recent failed logins for an account
// and for a client address, oldest first.
func (s *Store) LoginFailures(ctx context.Context, email, client string) (byEmail, byClient []time.Time, err error) {
	since := s.now().Add(-account.ThrottleWindow).Unix()
	for _, q := range []struct {
		col string
		val string
		dst *[]time.Time
	}{{"email", email, &byEmail}, {"client", client, &byClient}} {
		rows, err := s.read.QueryContext(ctx, s.q("SELECT failed_at FROM login_failures WHERE "+q.col+" = ? AND failed_at >= ? ORDER BY failed_at"), q.val, since)
		if err != nil {
			return nil, nil, fmt.Errorf("login failures: %w", err)
		}
		for rows.Next() {
			var at int64
			if err := rows.Scan(&at); err != nil {
				rows.Close()
				return nil, nil, err
			}
			*q.dst = append(*q.dst, time.Unix(at, 0))
		}
		rows.Close()
	}
	return byEmail, byClient, nil
}
