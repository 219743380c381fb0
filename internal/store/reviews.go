package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"masahe/internal/content"
	"masahe/internal/errs"
	"masahe/internal/media"
)

// subRatingColumns are the review columns of the sub-ratings.
func subRatingColumns() []string {
	cols := make([]string, len(content.SubRatings))
	for i, s := range content.SubRatings {
		cols[i] = s.Key
	}
	return cols
}

var reviewSelect = `SELECT r.id, c.slug, b.name || ' ' || c.name, r.user_id, u.display_name, r.overall, r.` +
	strings.Join(subRatingColumns(), ", r.") + `, r.months_owned, r.text, r.pros, r.cons, r.status, r.reject_reason,
	r.updated_at, COALESCE(r.published_at, 0), (SELECT COUNT(*) FROM review_reports rr WHERE rr.review_id = r.id)
	FROM reviews r JOIN chairs c ON c.id = r.chair_id JOIN brands b ON b.id = c.brand_id JOIN users u ON u.id = r.user_id`

func (s *Store) queryReviews(ctx context.Context, rest string, args ...any) ([]content.OwnerReview, error) {
	rows, err := s.read.QueryContext(ctx, s.q(reviewSelect+" "+rest), args...)
	if err != nil {
		return nil, fmt.Errorf("reviews: %w", err)
	}
	defer rows.Close()
	var out []content.OwnerReview
	for rows.Next() {
		r := content.OwnerReview{Ratings: map[string]int{}}
		subs := make([]sql.NullInt64, len(content.SubRatings))
		var updated, published int64
		dst := []any{&r.ID, &r.Chair, &r.ChairName, &r.UserID, &r.Author, &r.Overall}
		for i := range subs {
			dst = append(dst, &subs[i])
		}
		dst = append(dst, &r.MonthsOwned, &r.Text, &r.Pros, &r.Cons, &r.Status, &r.RejectReason, &updated, &published, &r.Reports)
		if err := rows.Scan(dst...); err != nil {
			return nil, fmt.Errorf("reviews: %w", err)
		}
		for i, sr := range content.SubRatings {
			if subs[i].Valid {
				r.Ratings[sr.Key] = int(subs[i].Int64)
			}
		}
		r.UpdatedAt = time.Unix(updated, 0).UTC()
		if published > 0 {
			r.PublishedAt = time.Unix(published, 0).UTC()
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SaveReview writes the user's review of a chair, new or edited, with the
// changes to its photos. Either way it waits for moderation again, its
// photos too; an edited review leaves the chair's rating until it is
// published anew.
func (s *Store) SaveReview(ctx context.Context, chairSlug string, userID int64, r content.OwnerReview, photos media.PhotoEdit) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		chairID, err := s.idOf(ctx, tx, "chairs", chairSlug)
		if err != nil {
			return err
		}
		now := s.now().Unix()
		cols := append([]string{"overall"}, subRatingColumns()...)
		cols = append(cols, "months_owned", "text", "pros", "cons")
		vals := []any{r.Overall}
		for _, sr := range content.SubRatings {
			if n, ok := r.Ratings[sr.Key]; ok {
				vals = append(vals, n)
			} else {
				vals = append(vals, nil)
			}
		}
		vals = append(vals, r.MonthsOwned, r.Text, r.Pros, r.Cons)
		sets := make([]string, len(cols))
		for i, c := range cols {
			sets[i] = c + " = excluded." + c
		}
		set := strings.Join(sets, ", ")
		all := append([]string{"chair_id", "user_id", "status", "reject_reason", "created_at", "updated_at", "published_at"}, cols...)
		args := append([]any{chairID, userID, content.Pending, "", now, now, nil}, vals...)
		var id int64
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO reviews (`+strings.Join(all, ", ")+`) VALUES (`+placeholders(len(all))+`)
			ON CONFLICT (chair_id, user_id) DO UPDATE SET `+set+`, status = excluded.status, reject_reason = '',
			updated_at = excluded.updated_at, published_at = NULL RETURNING id`), args...).Scan(&id); err != nil {
			return fmt.Errorf("save review: %w", err)
		}
		if err := s.editReviewPhotos(ctx, tx, id, userID, photos); err != nil {
			return err
		}
		return s.rerate(ctx, tx, chairID)
	})
}

// rerate recomputes a chair's published rating and marks the catalog
// changed, so that cached pages show it.
func (s *Store) rerate(ctx context.Context, tx *sql.Tx, chairID int64) error {
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE chairs SET
		rating_sum = (SELECT COALESCE(SUM(overall), 0) FROM reviews WHERE chair_id = chairs.id AND status = 'published'),
		rating_count = (SELECT COUNT(*) FROM reviews WHERE chair_id = chairs.id AND status = 'published')
		WHERE id = ?`), chairID); err != nil {
		return fmt.Errorf("rate chair: %w", err)
	}
	return s.bumpCatalogVersion(ctx, tx)
}

// ReviewsWritten counts the reviews a user created or edited since t.
func (s *Store) ReviewsWritten(ctx context.Context, userID int64, since time.Time) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, s.q("SELECT COUNT(*) FROM reviews WHERE user_id = ? AND updated_at >= ?"), userID, since.Unix()).Scan(&n)
	return n, err
}

// UserReview returns the user's review of a chair.
func (s *Store) UserReview(ctx context.Context, chairSlug string, userID int64) (content.OwnerReview, error) {
	list, err := s.queryReviews(ctx, "WHERE c.slug = ? AND r.user_id = ?", chairSlug, userID)
	if err != nil {
		return content.OwnerReview{}, err
	}
	if len(list) == 0 {
		return content.OwnerReview{}, errs.NotFoundf("you have not reviewed this chair")
	}
	return list[0], nil
}

// Review returns a review by id.
func (s *Store) Review(ctx context.Context, id int64) (content.OwnerReview, error) {
	list, err := s.queryReviews(ctx, "WHERE r.id = ?", id)
	if err != nil {
		return content.OwnerReview{}, err
	}
	if len(list) == 0 {
		return content.OwnerReview{}, errs.NotFoundf("no review %d", id)
	}
	return list[0], nil
}

// ChairReviews lists a chair's published reviews, newest first.
func (s *Store) ChairReviews(ctx context.Context, chairSlug string) ([]content.OwnerReview, error) {
	return s.queryReviews(ctx, "WHERE c.slug = ? AND r.status = 'published' ORDER BY r.published_at DESC, r.id DESC", chairSlug)
}

// UserReviews lists a user's reviews, newest first.
func (s *Store) UserReviews(ctx context.Context, userID int64) ([]content.OwnerReview, error) {
	return s.queryReviews(ctx, "WHERE r.user_id = ? ORDER BY r.updated_at DESC, r.id DESC", userID)
}

// ModerationQueue lists reviews waiting for an editor and published ones
// that members reported, oldest first.
func (s *Store) ModerationQueue(ctx context.Context) ([]content.OwnerReview, error) {
	return s.queryReviews(ctx, `WHERE r.status = 'pending'
		OR (r.status = 'published' AND EXISTS (SELECT 1 FROM review_reports rr WHERE rr.review_id = r.id))
		ORDER BY r.updated_at, r.id`)
}

// Moderate publishes a review (reason "") or rejects it with a reason the
// author sees. Publishing clears the reports it had.
func (s *Store) Moderate(ctx context.Context, id int64, publish bool, reason string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var chairID int64
		err := tx.QueryRowContext(ctx, s.q("SELECT chair_id FROM reviews WHERE id = ?"), id).Scan(&chairID)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("no review %d", id)
		}
		if err != nil {
			return err
		}
		status := media.Pending
		if publish {
			status = media.Published
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE images SET status = ? WHERE review_id = ?"), string(status), id); err != nil {
			return fmt.Errorf("moderate review %d photos: %w", id, err)
		}
		if publish {
			_, err = tx.ExecContext(ctx, s.q("UPDATE reviews SET status = 'published', reject_reason = '', published_at = ? WHERE id = ?"), s.now().Unix(), id)
			if err == nil {
				_, err = tx.ExecContext(ctx, s.q("DELETE FROM review_reports WHERE review_id = ?"), id)
			}
		} else {
			_, err = tx.ExecContext(ctx, s.q("UPDATE reviews SET status = 'rejected', reject_reason = ?, published_at = NULL WHERE id = ?"), reason, id)
		}
		if err != nil {
			return fmt.Errorf("moderate review %d: %w", id, err)
		}
		return s.rerate(ctx, tx, chairID)
	})
}

// DeleteReview removes the user's own review of a chair.
func (s *Store) DeleteReview(ctx context.Context, chairSlug string, userID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		chairID, err := s.idOf(ctx, tx, "chairs", chairSlug)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q("DELETE FROM reviews WHERE chair_id = ? AND user_id = ?"), chairID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundf("you have not reviewed this chair")
		}
		return s.rerate(ctx, tx, chairID)
	})
}

// ReportReview records a member's report of someone else's review; one
// report per member and review.
func (s *Store) ReportReview(ctx context.Context, id, userID int64, reason string) error {
	_, err := s.write.ExecContext(ctx, s.q(`INSERT INTO review_reports (review_id, user_id, reason, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (review_id, user_id) DO NOTHING`), id, userID, reason, s.now().Unix())
	return err
}

// SiteMeanRating is the mean of all published overall ratings, or 0 when
// there are none.
func (s *Store) SiteMeanRating(ctx context.Context) (float64, error) {
	var mean sql.NullFloat64
	// Each chair keeps the sum and count of its published ratings (rerate),
	// so the mean reads one row per chair, not every review.
	err := s.read.QueryRowContext(ctx, "SELECT CAST(SUM(rating_sum) AS DOUBLE PRECISION) / NULLIF(SUM(rating_count), 0) FROM chairs").Scan(&mean)
	return mean.Float64, err
}

// meanMemo keeps the site's mean rating with the catalog version it was
// read under: every change to a rating moves the version (rerate).
type meanMemo struct {
	mu      sync.Mutex
	version string
	mean    float64
}

// meanRating is SiteMeanRating, read again only when the catalog version
// has moved: the rating sort needs it on every call, and it sums a row per
// chair.
func (s *Store) meanRating(ctx context.Context) (float64, error) {
	version, err := s.CatalogVersion(ctx)
	if err != nil {
		return 0, err
	}
	s.mean.mu.Lock()
	kept, mean := s.mean.version, s.mean.mean
	s.mean.mu.Unlock()
	if version != "" && version == kept {
		return mean, nil
	}
	// A mean read after a later change is kept under the older version:
	// the next call sees the newer version and reads it again.
	mean, err = s.SiteMeanRating(ctx)
	if err != nil {
		return 0, err
	}
	s.mean.mu.Lock()
	s.mean.version, s.mean.mean = version, mean
	s.mean.mu.Unlock()
	return mean, nil
}
