package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"masahe/internal/audit"
	"masahe/internal/catalog"
	"masahe/internal/errs"
)

// AddChairViews adds counts of chair page views, by chair slug, to the
// day's totals (day written YYYY-MM-DD). Counts from many replicas add up
// in the same rows; a slug that names no chair is dropped. The rows are
// written in slug order: replicas flushing at the same time would otherwise
// lock the same rows in different orders and deadlock (PostgreSQL 40P01).
func (s *Store) AddChairViews(ctx context.Context, day string, counts map[string]int64) error {
	if len(counts) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, slug := range slices.Sorted(maps.Keys(counts)) {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO chair_views (chair_id, day, views)
				SELECT id, ?, ? FROM chairs WHERE slug = ?
				ON CONFLICT (chair_id, day) DO UPDATE SET views = chair_views.views + excluded.views`), day, counts[slug], slug); err != nil {
				return fmt.Errorf("add chair views: %w", err)
			}
		}
		return nil
	})
}

// ChairViews totals each chair's views from the day since (YYYY-MM-DD) on,
// by chair slug.
func (s *Store) ChairViews(ctx context.Context, since string) (map[string]int64, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT c.slug, SUM(v.views) FROM chair_views v JOIN chairs c ON c.id = v.chair_id
		WHERE v.day >= ? GROUP BY c.slug`), since)
	if err != nil {
		return nil, fmt.Errorf("chair views: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var slug string
		var n int64
		if err := rows.Scan(&slug, &n); err != nil {
			return nil, fmt.Errorf("chair views: %w", err)
		}
		out[slug] = n
	}
	return out, rows.Err()
}

const submissionSelect = `SELECT sb.id, c.slug, b.name || ' ' || c.name, sb.field, sb.value, sb.how, sb.url, sb.show_name,
	sb.status, sb.reason, COALESCE(sb.source_id, ''), sb.created_at, sb.user_id, u.display_name
	FROM spec_submissions sb JOIN chairs c ON c.id = sb.chair_id JOIN brands b ON b.id = c.brand_id JOIN users u ON u.id = sb.user_id `

func (s *Store) querySubmissions(ctx context.Context, q queryer, rest string, args ...any) ([]catalog.Submission, error) {
	rows, err := q.QueryContext(ctx, s.q(submissionSelect+rest), args...)
	if err != nil {
		return nil, fmt.Errorf("submissions: %w", err)
	}
	defer rows.Close()
	var out []catalog.Submission
	for rows.Next() {
		var sb catalog.Submission
		var created int64
		if err := rows.Scan(&sb.ID, &sb.Chair, &sb.ChairName, &sb.Field, &sb.Value, &sb.How, &sb.URL, &sb.ShowName,
			&sb.Status, &sb.Reason, &sb.Source, &created, &sb.UserID, &sb.Author); err != nil {
			return nil, fmt.Errorf("submissions: %w", err)
		}
		sb.Created = time.Unix(created, 0).UTC()
		out = append(out, sb)
	}
	return out, rows.Err()
}

// AddSubmission records a member's spec submission for an editor to
// judge. It must pass Submission.Check; the chair must exist.
func (s *Store) AddSubmission(ctx context.Context, userID int64, sb catalog.Submission) (catalog.Submission, error) {
	if err := sb.Check(); err != nil {
		return catalog.Submission{}, err
	}
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		chairID, err := s.idOf(ctx, tx, "chairs", sb.Chair)
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, s.q(`INSERT INTO spec_submissions (chair_id, user_id, field, value, how, url, show_name, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			chairID, userID, sb.Field, sb.Value, sb.How, sb.URL, sb.ShowName, catalog.SubmissionPending, s.now().Unix()).Scan(&id)
	})
	if err != nil {
		return catalog.Submission{}, err
	}
	return s.Submission(ctx, id)
}

// Submission returns one submission.
func (s *Store) Submission(ctx context.Context, id int64) (catalog.Submission, error) {
	return s.submissionByID(ctx, s.read, id)
}

func (s *Store) submissionByID(ctx context.Context, q queryer, id int64) (catalog.Submission, error) {
	list, err := s.querySubmissions(ctx, q, "WHERE sb.id = ?", id)
	if err != nil {
		return catalog.Submission{}, err
	}
	if len(list) == 0 {
		return catalog.Submission{}, errs.NotFoundf("no submission %d", id)
	}
	return list[0], nil
}

// UserSubmissions lists a member's submissions, newest first.
func (s *Store) UserSubmissions(ctx context.Context, userID int64) ([]catalog.Submission, error) {
	return s.querySubmissions(ctx, s.read, "WHERE sb.user_id = ? ORDER BY sb.created_at DESC, sb.id DESC", userID)
}

// PendingSubmissions lists the submissions waiting for an editor, oldest
// first.
func (s *Store) PendingSubmissions(ctx context.Context) ([]catalog.Submission, error) {
	return s.querySubmissions(ctx, s.read, "WHERE sb.status = ? ORDER BY sb.created_at, sb.id", catalog.SubmissionPending)
}

// ApproveSubmission puts a pending submission's value on its chair, cited
// to src (the owner-measurement source made of it, Submission.OwnerSource),
// through the same validation and audit as every admin edit, and marks it
// approved: all in one transaction. A submission already decided is a
// conflict.
func (s *Store) ApproveSubmission(ctx context.Context, by audit.Actor, id int64, src catalog.Source) error {
	return s.decide(ctx, by, id, func(tx *sql.Tx, sb catalog.Submission) (catalog.Submission, error) {
		f, _ := catalog.FieldByKey(sb.Field)
		value, ok := f.SpecText(sb.Value)
		if !ok {
			return sb, errs.Invalidf("value", "the submission has no value")
		}
		c, _, err := s.chairRecord(ctx, tx, sb.Chair)
		if err != nil {
			return sb, err
		}
		c.BrandName = ""
		c.Specs[sb.Field] = catalog.Spec{Value: value, Source: src.ID}
		doc := &catalog.Document{Chairs: []catalog.Chair{c}, Sources: []catalog.Source{src}}
		if _, err := s.saveRecordTx(ctx, tx, by, doc, false); err != nil {
			return sb, err
		}
		sb.Status, sb.Source = catalog.SubmissionApproved, src.ID
		_, err = tx.ExecContext(ctx, s.q("UPDATE spec_submissions SET status = ?, source_id = ?, decided_at = ? WHERE id = ?"),
			sb.Status, src.ID, s.now().Unix(), id)
		return sb, err
	})
}

// RejectSubmission turns a pending submission down with a reason its
// sender sees.
func (s *Store) RejectSubmission(ctx context.Context, by audit.Actor, id int64, reason string) error {
	if reason == "" || utf8.RuneCountInString(reason) > catalog.MaxSubmissionReason {
		return errs.Invalidf("reason", "reason: say in 1 to %d characters why, for the owner to read", catalog.MaxSubmissionReason)
	}
	return s.decide(ctx, by, id, func(tx *sql.Tx, sb catalog.Submission) (catalog.Submission, error) {
		sb.Status, sb.Reason = catalog.SubmissionRejected, reason
		_, err := tx.ExecContext(ctx, s.q("UPDATE spec_submissions SET status = ?, reason = ?, decided_at = ? WHERE id = ?"),
			sb.Status, reason, s.now().Unix(), id)
		return sb, err
	})
}

// decide runs an editor's decision on a pending submission in one
// transaction and records it in the audit log.
func (s *Store) decide(ctx context.Context, by audit.Actor, id int64, apply func(tx *sql.Tx, sb catalog.Submission) (catalog.Submission, error)) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		sb, err := s.submissionByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if sb.Status != catalog.SubmissionPending {
			return errs.Conflictf("submission %d is already %s", id, sb.Status)
		}
		before, err := json.Marshal(sb)
		if err != nil {
			return err
		}
		after, err := apply(tx, sb)
		if verr := (*catalog.ValidationError)(nil); errors.As(err, &verr) {
			return &errs.Error{Code: errs.Invalid, Field: "value", Message: "the value does not pass the catalog's checks: " + verr.Error()}
		}
		if err != nil {
			return err
		}
		afterJSON, err := json.Marshal(after)
		if err != nil {
			return err
		}
		action := audit.Reject
		if after.Status == catalog.SubmissionApproved {
			action = audit.Approve
		}
		return s.audit(ctx, tx, by, action, "submission", strconv.FormatInt(id, 10), string(before), string(afterJSON))
	})
}
