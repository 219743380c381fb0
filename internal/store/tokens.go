package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"masahe/internal/account"
	"masahe/internal/jobs"
	"masahe/internal/mail"
)

// The mail-based account flows: single-use tokens sent by email (verify an
// address, reset a password), the mail jobs that carry them, and the rate
// limiter of the actions that send mail.

// tokenKeep is how long an expired or used token is kept before a new
// token for the same user clears it away.
const tokenKeep = 7 * 24 * time.Hour

// EnqueueMail queues m to be sent by the job runner. A dedup key ("" for
// none) makes the same mail go out once however often it is asked for;
// added is false when it was already queued.
func (s *Store) EnqueueMail(ctx context.Context, m mail.Message, dedupKey string) (added bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		added, err = s.enqueueMailTx(ctx, tx, m, dedupKey)
		return err
	})
	return added, err
}

func (s *Store) enqueueMailTx(ctx context.Context, tx *sql.Tx, m mail.Message, dedupKey string) (bool, error) {
	payload, err := mail.Payload(m)
	if err != nil {
		return false, err
	}
	_, added, err := s.enqueueTx(ctx, tx, jobs.Job{Kind: mail.JobKind, Payload: payload, DedupKey: dedupKey})
	return added, err
}

// CreateOneTimeToken stores t and queues m, the mail that carries the
// token, in one transaction: no mail without its token, no token without
// its mail. With a dedup key already used (a retried job that asked for
// this mail before) nothing is stored and added is false. The user's
// tokens that ended more than a week ago are cleared away.
func (s *Store) CreateOneTimeToken(ctx context.Context, t account.OneTimeToken, m mail.Message, dedupKey string) (added bool, err error) {
	now := s.now()
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if added, err = s.enqueueMailTx(ctx, tx, m, dedupKey); err != nil || !added {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM one_time_tokens WHERE user_id = ? AND (expires_at < ? OR used_at < ?)`),
			t.UserID, now.Add(-tokenKeep).Unix(), now.Add(-tokenKeep).Unix()); err != nil {
			return fmt.Errorf("clear old tokens: %w", err)
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO one_time_tokens (token_hash, user_id, purpose, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`), t.Hash, t.UserID, string(t.Purpose), now.Unix(), t.Expires.Unix())
		if err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		return nil
	})
	return added, err
}

// UsableToken returns the user of a token that may be used now for
// purpose, without using it. Every refusal (unknown, expired, used, for
// another purpose) is the same invalid "token" error.
func (s *Store) UsableToken(ctx context.Context, hash string, purpose account.TokenPurpose) (account.User, error) {
	var t account.OneTimeToken
	var p string
	var expires int64
	var used sql.NullInt64
	err := s.read.QueryRowContext(ctx, s.q(`SELECT user_id, purpose, expires_at, used_at FROM one_time_tokens WHERE token_hash = ?`), hash).
		Scan(&t.UserID, &p, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return account.User{}, refusedToken()
	}
	if err != nil {
		return account.User{}, fmt.Errorf("token: %w", err)
	}
	t.Purpose, t.Expires = account.TokenPurpose(p), time.Unix(expires, 0)
	if used.Valid {
		t.UsedAt = time.Unix(used.Int64, 0)
	}
	if err := t.Check(purpose, s.now()); err != nil {
		return account.User{}, err
	}
	return s.User(ctx, t.UserID)
}

// refusedToken is the one answer to a token that cannot be used.
func refusedToken() error {
	return account.OneTimeToken{}.Check("", time.Time{})
}

// useTokenTx marks a token used and returns its user, atomically: of two
// transactions using one token at once, exactly one gets the row back.
func (s *Store) useTokenTx(ctx context.Context, tx *sql.Tx, hash string, purpose account.TokenPurpose) (int64, error) {
	now := s.now().Unix()
	var userID int64
	err := tx.QueryRowContext(ctx, s.q(`UPDATE one_time_tokens SET used_at = ?
		WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id`),
		now, hash, string(purpose), now).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, refusedToken()
	}
	if err != nil {
		return 0, fmt.Errorf("use token: %w", err)
	}
	return userID, nil
}

// VerifyEmail uses a verification token and marks its user's address
// verified (the first verification's time stays).
func (s *Store) VerifyEmail(ctx context.Context, hash string) (account.User, error) {
	var u account.User
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		id, err := s.useTokenTx(ctx, tx, hash, account.VerifyEmail)
		if err != nil {
			return err
		}
		if err := s.markVerifiedTx(ctx, tx, id); err != nil {
			return err
		}
		u, err = scanUser(tx.QueryRowContext(ctx, s.q("SELECT "+userColumns+" FROM users WHERE id = ?"), id))
		return err
	})
	return u, err
}

func (s *Store) markVerifiedTx(ctx context.Context, tx *sql.Tx, userID int64) error {
	_, err := tx.ExecContext(ctx, s.q("UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?) WHERE id = ?"), s.now().Unix(), userID)
	if err != nil {
		return fmt.Errorf("verify email: %w", err)
	}
	return nil
}

// ResetPassword uses a password-reset token: it sets the user's password
// hash, ends every session of the user, voids the user's other reset
// tokens and, since the mail reached its owner, marks the address
// verified; all in one transaction.
func (s *Store) ResetPassword(ctx context.Context, hash, passwordHash string) (account.User, error) {
	var u account.User
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		id, err := s.useTokenTx(ctx, tx, hash, account.ResetPassword)
		if err != nil {
			return err
		}
		now := s.now().Unix()
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{"UPDATE users SET password_hash = ? WHERE id = ?", []any{passwordHash, id}},
			{"DELETE FROM sessions WHERE user_id = ?", []any{id}},
			{"UPDATE one_time_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL", []any{now, id, string(account.ResetPassword)}},
		} {
			if _, err := tx.ExecContext(ctx, s.q(q.sql), q.args...); err != nil {
				return fmt.Errorf("reset password: %w", err)
			}
		}
		if err := s.markVerifiedTx(ctx, tx, id); err != nil {
			return err
		}
		u, err = scanUser(tx.QueryRowContext(ctx, s.q("SELECT "+userColumns+" FROM users WHERE id = ?"), id))
		return err
	})
	return u, err
}

// TakeRate counts one use of each key's action by its subject, unless one
// of them is over its limit: then it counts nothing and returns how long
// to wait. Subjects are stored hashed (the table holds no addresses), and
// uses older than a key's window are cleared away. Two replicas taking the
// last use at the same moment may both get it: the limit can be overshot
// by the number of requests in flight, never more.
func (s *Store) TakeRate(ctx context.Context, keys ...account.RateKey) (wait time.Duration, err error) {
	now := s.now()
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, s.q("DELETE FROM rate_events WHERE action = ? AND at < ?"), k.Action, now.Add(-k.Limit.Window).Unix()); err != nil {
				return fmt.Errorf("rate limit: %w", err)
			}
			uses, err := s.rateEventsTx(ctx, tx, k.Action, subjectHash(k.Subject))
			if err != nil {
				return err
			}
			wait = max(wait, k.Limit.Wait(uses, now))
		}
		if wait > 0 {
			return nil
		}
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, s.q("INSERT INTO rate_events (action, subject, at) VALUES (?, ?, ?)"),
				k.Action, subjectHash(k.Subject), now.Unix()); err != nil {
				return fmt.Errorf("rate limit: %w", err)
			}
		}
		return nil
	})
	return wait, err
}

func (s *Store) rateEventsTx(ctx context.Context, tx *sql.Tx, action, subject string) ([]time.Time, error) {
	rows, err := tx.QueryContext(ctx, s.q("SELECT at FROM rate_events WHERE action = ? AND subject = ? ORDER BY at"), action, subject)
	if err != nil {
		return nil, fmt.Errorf("rate limit: %w", err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at int64
		if err := rows.Scan(&at); err != nil {
			return nil, err
		}
		out = append(out, time.Unix(at, 0))
	}
	return out, rows.Err()
}

func subjectHash(subject string) string {
	sum := sha256.Sum256([]byte(subject))
	return hex.EncodeToString(sum[:])
}
