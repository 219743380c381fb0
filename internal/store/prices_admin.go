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
	"unicode/utf8"

	"masahe/internal/audit"
	"masahe/internal/catalog"
	"masahe/internal/errs"
	"masahe/internal/prices"
)

// The editors' side of prices: prices entered by hand, tracked product
// URLs and what their fetches found, member sightings and their
// moderation. Every change an editor makes is in the audit log, written in
// the change's transaction.

// RecordEditorPrice records a price an editor entered, with its audit row.
func (s *Store) RecordEditorPrice(ctx context.Context, by audit.Actor, o prices.Observation) error {
	o.Method = prices.ByEditor
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := s.recordTx(ctx, tx, []prices.Observation{o}, recordOptions{})
		if err != nil {
			return err
		}
		if res.Recorded == 0 {
			return errs.Conflictf("this retailer's price for the chair at that time is already recorded")
		}
		return s.audit(ctx, tx, by, audit.Create, "observation", o.ChairSlug+"/"+o.RetailerSlug, "", jsonText(o))
	})
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

const trackedSelect = `SELECT t.id, c.slug, b.name || ' ' || c.name, r.slug, r.name, t.url, t.created_at,
	COALESCE(t.last_fetched_at, 0), t.last_status, t.failure_reason, t.failing
	FROM tracked_urls t JOIN chairs c ON c.id = t.chair_id JOIN brands b ON b.id = c.brand_id
	JOIN retailers r ON r.id = t.retailer_id `

// TrackedURLs lists the tracked product pages, failing ones first when
// failingOnly is false, only those when it is true.
func (s *Store) TrackedURLs(ctx context.Context, failingOnly bool) ([]prices.TrackedURL, error) {
	where := ""
	if failingOnly {
		where = "WHERE t.failing = TRUE "
	}
	rows, err := s.read.QueryContext(ctx, trackedSelect+where+"ORDER BY t.failing DESC, c.sort_name, r.name, t.id")
	if err != nil {
		return nil, fmt.Errorf("tracked URLs: %w", err)
	}
	defer rows.Close()
	var out []prices.TrackedURL
	for rows.Next() {
		t, err := scanTracked(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("tracked URLs: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TrackedURL returns one tracked product page.
func (s *Store) TrackedURL(ctx context.Context, id int64) (prices.TrackedURL, error) {
	return s.trackedURL(ctx, s.read, id)
}

func (s *Store) trackedURL(ctx context.Context, q queryer, id int64) (prices.TrackedURL, error) {
	t, err := scanTracked(q.QueryRowContext(ctx, s.q(trackedSelect+"WHERE t.id = ?"), id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return t, errs.NotFoundf("no tracked URL %d", id)
	}
	if err != nil {
		return t, fmt.Errorf("tracked URL %d: %w", id, err)
	}
	return t, nil
}

func scanTracked(scan func(...any) error) (prices.TrackedURL, error) {
	var t prices.TrackedURL
	var created, fetched int64
	err := scan(&t.ID, &t.ChairSlug, &t.ChairName, &t.RetailerSlug, &t.RetailerName, &t.URL, &created, &fetched,
		&t.LastStatus, &t.FailureReason, &t.Failing)
	t.CreatedAt = time.Unix(created, 0).UTC()
	if fetched > 0 {
		t.LastFetchedAt = time.Unix(fetched, 0).UTC()
	}
	return t, err
}

// trackedAudit is a tracked URL's audit form.
func trackedAudit(t prices.TrackedURL) string {
	return jsonText(map[string]string{"chair": t.ChairSlug, "retailer": t.RetailerSlug, "url": t.URL})
}

// SaveTrackedURL adds a tracked URL (t.ID 0) or changes one, and returns
// its id. A URL tracked already is a conflict.
func (s *Store) SaveTrackedURL(ctx context.Context, by audit.Actor, t prices.TrackedURL) (int64, error) {
	if ps := t.Problems(); len(ps) > 0 {
		return 0, &prices.ValidationError{Problems: ps}
	}
	id := t.ID
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		chairID, err := s.idOf(ctx, tx, "chairs", t.ChairSlug)
		if err != nil {
			return errs.Invalidf("chair", "no chair %q", t.ChairSlug)
		}
		retailerID, err := s.idOf(ctx, tx, "retailers", t.RetailerSlug)
		if err != nil {
			return errs.Invalidf("retailer", "no retailer %q", t.RetailerSlug)
		}
		var taken int64
		err = tx.QueryRowContext(ctx, s.q("SELECT id FROM tracked_urls WHERE url = ?"), t.URL).Scan(&taken)
		if err == nil && taken != t.ID {
			return &errs.Error{Code: errs.Conflict, Field: "url", Message: "this URL is tracked already"}
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("tracked URL: %w", err)
		}
		before := ""
		if t.ID == 0 {
			err = tx.QueryRowContext(ctx, s.q(`INSERT INTO tracked_urls (chair_id, retailer_id, url, created_at) VALUES (?, ?, ?, ?) RETURNING id`),
				chairID, retailerID, t.URL, s.now().Unix()).Scan(&id)
		} else {
			old, gerr := s.trackedURL(ctx, tx, t.ID)
			if gerr != nil {
				return gerr
			}
			before = trackedAudit(old)
			// A changed page starts over: its failures were the old page's.
			_, err = tx.ExecContext(ctx, s.q(`UPDATE tracked_urls SET chair_id = ?, retailer_id = ?, url = ?, failing = FALSE,
				last_status = '', failure_reason = '' WHERE id = ?`), chairID, retailerID, t.URL, t.ID)
		}
		if err != nil {
			return fmt.Errorf("tracked URL: %w", err)
		}
		action := audit.Create
		if before != "" {
			action = audit.Update
		}
		return s.audit(ctx, tx, by, action, "tracked_url", strconv.FormatInt(id, 10), before, trackedAudit(t))
	})
	return id, err
}

// RemoveTrackedURL stops tracking a page; the prices it gave are kept.
func (s *Store) RemoveTrackedURL(ctx context.Context, by audit.Actor, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		old, err := s.trackedURL(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM tracked_urls WHERE id = ?"), id); err != nil {
			return fmt.Errorf("remove tracked URL: %w", err)
		}
		return s.audit(ctx, tx, by, audit.Retire, "tracked_url", strconv.FormatInt(id, 10), trackedAudit(old), "")
	})
}

// RecordFetch records what a fetch of a tracked URL found, in one
// transaction: the observation (with the alerts it fires) when a price was
// extracted, or the failure, which marks the URL failing for the editors.
func (s *Store) RecordFetch(ctx context.Context, id int64, o *prices.Observation, failure string) (PriceImport, error) {
	var res PriceImport
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		status := "ok"
		if o != nil {
			var err error
			if res, err = s.recordTx(ctx, tx, []prices.Observation{*o}, recordOptions{}); err != nil {
				return err
			}
		} else {
			status = "failed"
		}
		_, err := tx.ExecContext(ctx, s.q(`UPDATE tracked_urls SET last_fetched_at = ?, last_status = ?, failure_reason = ?, failing = ?
			WHERE id = ?`), s.now().Unix(), status, clip(failure, 500), o == nil, id)
		if err != nil {
			return fmt.Errorf("record fetch: %w", err)
		}
		return nil
	})
	return res, err
}

// clip makes s storable text of at most n bytes.
func clip(s string, n int) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
	if len(s) > n {
		s = strings.ToValidUTF8(s[:n], "")
	}
	return s
}

// ChairsWithoutFreshPrice lists the catalog's chairs with no fresh
// current offer, by name.
func (s *Store) ChairsWithoutFreshPrice(ctx context.Context) ([]catalog.ChairEntry, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT c.slug, c.name, b.name`+chairFrom+`
		WHERE NOT EXISTS (SELECT 1 FROM price_current pc WHERE pc.chair_id = c.id AND pc.observed_at >= ?)
		ORDER BY c.sort_name, c.slug`), s.freshCutoff())
	if err != nil {
		return nil, fmt.Errorf("chairs without a fresh price: %w", err)
	}
	defer rows.Close()
	var out []catalog.ChairEntry
	for rows.Next() {
		var e catalog.ChairEntry
		if err := rows.Scan(&e.Slug, &e.Name, &e.BrandName); err != nil {
			return nil, fmt.Errorf("chairs without a fresh price: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// MaxPlace bounds the place a member names for a sighting.
const MaxPlace = 120

// SubmitSighting records a member's sighting, pending an editor. place
// says where when o names no listed retailer.
func (s *Store) SubmitSighting(ctx context.Context, userID int64, o prices.Observation, place string) error {
	o.Method = prices.BySighting
	place = strings.TrimSpace(place)
	switch {
	case o.RetailerSlug == "" && place == "":
		return errs.Invalidf("retailer", "choose the retailer or say where you saw the price")
	case !utf8.ValidString(place) || strings.ContainsRune(place, 0) || utf8.RuneCountInString(place) > MaxPlace:
		return errs.Invalidf("place", "the place must be at most %d characters of text", MaxPlace)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := s.recordTx(ctx, tx, []prices.Observation{o}, recordOptions{place: place, submittedBy: userID, pending: true})
		if err == nil && res.Recorded == 0 {
			err = errs.Conflictf("a sighting of this chair at this retailer at that time is already recorded")
		}
		return err
	})
}

const sightingSelect = `SELECT o.id, ` + obsSelect + `, b.name || ' ' || c.name, o.place, COALESCE(r.name, ''), o.status, o.reason,
	COALESCE(u.display_name, '') FROM price_observations o JOIN chairs c ON c.id = o.chair_id JOIN brands b ON b.id = c.brand_id
	LEFT JOIN retailers r ON r.id = o.retailer_id LEFT JOIN users u ON u.id = o.submitted_by WHERE o.method = 'sighting' `

// Sightings lists member sightings with a status, oldest first (the
// editors' queue), or, for a chair, its approved ones newest first.
func (s *Store) Sightings(ctx context.Context, status, chair string, limit int) ([]prices.Sighting, error) {
	where, args, order := "AND o.status = ? ", []any{status}, "ORDER BY o.id"
	if chair != "" {
		where, args, order = where+"AND c.slug = ? ", append(args, chair), "ORDER BY o.observed_at DESC, o.id DESC"
	}
	rows, err := s.read.QueryContext(ctx, s.q(sightingSelect+where+order+" LIMIT ?"), append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("sightings: %w", err)
	}
	defer rows.Close()
	var out []prices.Sighting
	for rows.Next() {
		sg, err := scanSighting(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("sightings: %w", err)
		}
		out = append(out, sg)
	}
	return out, rows.Err()
}

func scanSighting(scan func(...any) error) (prices.Sighting, error) {
	var sg prices.Sighting
	var err error
	sg.Observation, err = scanObservation(func(dst ...any) error {
		return scan(append(append([]any{&sg.ID}, dst...), &sg.ChairName, &sg.Place, &sg.RetailerName, &sg.Status, &sg.Reason, &sg.SubmittedBy)...)
	})
	return sg, err
}

// ModerateSighting approves a pending sighting (it then counts as its
// retailer's observation and may fire alerts) or rejects it with a reason.
func (s *Store) ModerateSighting(ctx context.Context, by audit.Actor, id int64, approve bool, reason string) error {
	reason = clip(strings.TrimSpace(reason), 500)
	if !approve && reason == "" {
		return errs.Invalidf("reason", "say why the sighting is rejected")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		sg, err := scanSighting(tx.QueryRowContext(ctx, s.q(sightingSelect+"AND o.id = ?"), id).Scan)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("no sighting %d", id)
		}
		if err != nil {
			return fmt.Errorf("sighting %d: %w", id, err)
		}
		if sg.Status != prices.Pending {
			return errs.Conflictf("sighting %d is %s already", id, sg.Status)
		}
		status, action := prices.Rejected, audit.Reject
		if approve {
			status, action = prices.Approved, audit.Approve
		}
		var chairID, retailerID int64
		if err := tx.QueryRowContext(ctx, s.q("SELECT chair_id, COALESCE(retailer_id, 0) FROM price_observations WHERE id = ?"), id).
			Scan(&chairID, &retailerID); err != nil {
			return fmt.Errorf("sighting %d: %w", id, err)
		}
		now := s.now()
		var watched []int64
		var before map[int64]lowest
		if approve && retailerID != 0 {
			if watched, err = s.watchedChairs(ctx, tx, map[int64]bool{chairID: true}); err != nil {
				return err
			}
			if before, err = s.lowestOffers(ctx, tx, watched, now); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE price_observations SET status = ?, reason = ? WHERE id = ?"), status, reason, id); err != nil {
			return fmt.Errorf("sighting %d: %w", id, err)
		}
		if approve && retailerID != 0 {
			if err := s.updateCurrent(ctx, tx, []recorded{{id: id, chairID: chairID, retailerID: retailerID, o: sg.Observation}}); err != nil {
				return err
			}
			if _, err := s.fireAlerts(ctx, tx, watched, before, now); err != nil {
				return err
			}
		}
		if err := s.audit(ctx, tx, by, action, "sighting", strconv.FormatInt(id, 10),
			jsonText(map[string]string{"status": prices.Pending}), jsonText(map[string]string{"status": status, "reason": reason})); err != nil {
			return err
		}
		if approve {
			return s.bumpCatalogVersion(ctx, tx)
		}
		return nil
	})
}
