package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"masahe/internal/audit"
	"masahe/internal/errs"
	"masahe/internal/media"
)

// Images live in the database (docs/MEDIA.md): images holds each picture's
// words and place, image_variants its encodings, so every replica on one
// database serves every picture.

// insertImage writes one image and its variants in tx. owner is "chair" or
// "review", ownerID the row it belongs to.
func (s *Store) insertImage(ctx context.Context, tx *sql.Tx, owner string, ownerID, userID int64, u media.Upload, main bool, status media.Status) (int64, error) {
	col := owner + "_id"
	var ordinal int64
	if err := tx.QueryRowContext(ctx, s.q("SELECT COALESCE(MAX(ordinal), 0) + 1 FROM images WHERE "+col+" = ?"), ownerID).Scan(&ordinal); err != nil {
		return 0, fmt.Errorf("add image: %w", err)
	}
	var by any
	if userID != 0 {
		by = userID
	}
	var id int64
	err := tx.QueryRowContext(ctx, s.q(`INSERT INTO images (owner_kind, `+col+`, alt, credit, is_main, ordinal, status, width, height, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		owner, ownerID, strings.TrimSpace(u.Alt), strings.TrimSpace(u.Credit), main, ordinal, string(status), u.Image.Width, u.Image.Height, by, s.now().Unix()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add image: %w", err)
	}
	for _, v := range u.Image.Variants {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO image_variants (image_id, width, height, format, hash, bytes) VALUES (?, ?, ?, ?, ?, ?)`),
			id, v.Width, v.Height, string(v.Format), v.Hash, v.Bytes); err != nil {
			return 0, fmt.Errorf("add image variant: %w", err)
		}
	}
	return id, nil
}

// photoJSON is a chair photo in the audit log: its words and place, never
// its bytes.
func photoJSON(p media.Photo, ordinal int) string {
	b, _ := json.Marshal(struct {
		ID      int64  `json:"id"`
		Alt     string `json:"alt"`
		Credit  string `json:"credit"`
		Main    bool   `json:"main"`
		Ordinal int    `json:"ordinal"`
		Width   int    `json:"width"`
		Height  int    `json:"height"`
	}{p.ID, p.Alt, p.Credit, p.Main, ordinal, p.Width, p.Height})
	return string(b)
}

// AddChairPhoto stores an editor's photo of a chair, published at once. A
// chair's first photo becomes its main one.
func (s *Store) AddChairPhoto(ctx context.Context, by audit.Actor, chairSlug string, u media.Upload) (int64, error) {
	if err := media.CheckText(u.Alt, u.Credit, true, "alt", "credit"); err != nil {
		return 0, err
	}
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		chairID, err := s.idOf(ctx, tx, "chairs", chairSlug)
		if err != nil {
			return err
		}
		var mains int
		if err := tx.QueryRowContext(ctx, s.q("SELECT COUNT(*) FROM images WHERE chair_id = ? AND is_main"), chairID).Scan(&mains); err != nil {
			return err
		}
		if id, err = s.insertImage(ctx, tx, "chair", chairID, by.UserID, u, mains == 0, media.Published); err != nil {
			return err
		}
		after := media.Photo{ID: id, Alt: strings.TrimSpace(u.Alt), Credit: strings.TrimSpace(u.Credit), Main: mains == 0, Width: u.Image.Width, Height: u.Image.Height}
		if err := s.audit(ctx, tx, by, audit.Create, "chair_photo", chairSlug+"/"+strconv.FormatInt(id, 10), "", photoJSON(after, 0)); err != nil {
			return err
		}
		return s.bumpCatalogVersion(ctx, tx)
	})
	return id, err
}

// imageSelect is the column list scanPhotos reads, then the owner's key.
const imageSelect = `SELECT i.id, i.alt, i.credit, i.is_main, i.status, i.width, i.height, i.ordinal, v.width, v.height, v.format, v.hash`

// scanPhotos reads rows of imageSelect plus one key column, ordered by
// image, into photos grouped by key, keeping the order of the rows.
func scanPhotos[K comparable](rows *sql.Rows) (map[K][]media.Photo, error) {
	defer rows.Close()
	out := map[K][]media.Photo{}
	var last int64
	for rows.Next() {
		var p media.Photo
		var v media.Variant
		var ordinal int
		var key K
		if err := rows.Scan(&p.ID, &p.Alt, &p.Credit, &p.Main, &p.Status, &p.Width, &p.Height, &ordinal, &v.Width, &v.Height, &v.Format, &v.Hash, &key); err != nil {
			return nil, fmt.Errorf("photos: %w", err)
		}
		list := out[key]
		if n := len(list); n > 0 && last == p.ID {
			list[n-1].Variants = append(list[n-1].Variants, v)
			continue
		}
		last = p.ID
		p.Variants = []media.Variant{v}
		out[key] = append(list, p)
	}
	return out, rows.Err()
}

// variantOrder puts a photo's variants narrowest first, WebP before JPEG.
const variantOrder = "v.width, CASE v.format WHEN 'webp' THEN 0 ELSE 1 END"

// ChairPhotos lists a chair's photos in the editors' order.
func (s *Store) ChairPhotos(ctx context.Context, chairSlug string) ([]media.Photo, error) {
	rows, err := s.read.QueryContext(ctx, s.q(imageSelect+`, c.slug FROM images i
		JOIN image_variants v ON v.image_id = i.id JOIN chairs c ON c.id = i.chair_id
		WHERE c.slug = ? ORDER BY i.ordinal, i.id, `+variantOrder), chairSlug)
	if err != nil {
		return nil, fmt.Errorf("chair photos: %w", err)
	}
	m, err := scanPhotos[string](rows)
	return m[chairSlug], err
}

// MainPhotos returns the main photo of each of the chairs that has one.
func (s *Store) MainPhotos(ctx context.Context, chairSlugs []string) (map[string]media.Photo, error) {
	out := map[string]media.Photo{}
	if len(chairSlugs) == 0 {
		return out, nil
	}
	args := make([]any, len(chairSlugs))
	for i, slug := range chairSlugs {
		args[i] = slug
	}
	rows, err := s.read.QueryContext(ctx, s.q(imageSelect+`, c.slug FROM images i
		JOIN image_variants v ON v.image_id = i.id JOIN chairs c ON c.id = i.chair_id
		WHERE i.is_main AND c.slug IN (`+placeholders(len(args))+`) ORDER BY i.id, `+variantOrder), args...)
	if err != nil {
		return nil, fmt.Errorf("main photos: %w", err)
	}
	m, err := scanPhotos[string](rows)
	for slug, list := range m {
		out[slug] = list[0]
	}
	return out, err
}

// ReviewPhotos returns the photos of each of the reviews that has any,
// whatever their status: callers show the public only published ones.
func (s *Store) ReviewPhotos(ctx context.Context, reviewIDs []int64) (map[int64][]media.Photo, error) {
	if len(reviewIDs) == 0 {
		return map[int64][]media.Photo{}, nil
	}
	args := make([]any, len(reviewIDs))
	for i, id := range reviewIDs {
		args[i] = id
	}
	rows, err := s.read.QueryContext(ctx, s.q(imageSelect+`, i.review_id FROM images i
		JOIN image_variants v ON v.image_id = i.id
		WHERE i.review_id IN (`+placeholders(len(args))+`) ORDER BY i.ordinal, i.id, `+variantOrder), args...)
	if err != nil {
		return nil, fmt.Errorf("review photos: %w", err)
	}
	return scanPhotos[int64](rows)
}

// chairPhoto reads one photo of a chair in tx, with its ordinal.
func (s *Store) chairPhoto(ctx context.Context, tx *sql.Tx, chairSlug string, id int64) (media.Photo, int64, int, error) {
	var p media.Photo
	var chairID int64
	var ordinal int
	err := tx.QueryRowContext(ctx, s.q(`SELECT i.id, i.alt, i.credit, i.is_main, i.width, i.height, i.ordinal, c.id FROM images i
		JOIN chairs c ON c.id = i.chair_id WHERE c.slug = ? AND i.id = ?`), chairSlug, id).
		Scan(&p.ID, &p.Alt, &p.Credit, &p.Main, &p.Width, &p.Height, &ordinal, &chairID)
	if errors.Is(err, sql.ErrNoRows) {
		return p, 0, 0, errs.NotFoundf("the chair %s has no photo %d", chairSlug, id)
	}
	return p, chairID, ordinal, err
}

// EditChairPhoto changes a chair photo's alt text and credit line.
func (s *Store) EditChairPhoto(ctx context.Context, by audit.Actor, chairSlug string, id int64, alt, credit string) error {
	if err := media.CheckText(alt, credit, true, "alt", "credit"); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, _, ordinal, err := s.chairPhoto(ctx, tx, chairSlug, id)
		if err != nil {
			return err
		}
		after := before
		after.Alt, after.Credit = strings.TrimSpace(alt), strings.TrimSpace(credit)
		if _, err := tx.ExecContext(ctx, s.q("UPDATE images SET alt = ?, credit = ? WHERE id = ?"), after.Alt, after.Credit, id); err != nil {
			return fmt.Errorf("edit photo: %w", err)
		}
		if err := s.audit(ctx, tx, by, audit.Update, "chair_photo", chairSlug+"/"+strconv.FormatInt(id, 10), photoJSON(before, ordinal), photoJSON(after, ordinal)); err != nil {
			return err
		}
		return s.bumpCatalogVersion(ctx, tx)
	})
}

// ChangeChairPhoto makes a chair photo the main one, moves it one place up
// or down, or deletes it. Deleting the main photo makes the first one left
// the main photo.
func (s *Store) ChangeChairPhoto(ctx context.Context, by audit.Actor, chairSlug string, id int64, action media.PhotoAction) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, chairID, ordinal, err := s.chairPhoto(ctx, tx, chairSlug, id)
		if err != nil {
			return err
		}
		after, afterOrdinal := before, ordinal
		switch action {
		case media.PhotoMain:
			if _, err = tx.ExecContext(ctx, s.q("UPDATE images SET is_main = FALSE WHERE chair_id = ? AND is_main"), chairID); err == nil {
				_, err = tx.ExecContext(ctx, s.q("UPDATE images SET is_main = TRUE WHERE id = ?"), id)
			}
			after.Main = true
		case media.PhotoUp, media.PhotoDown:
			cmp, order := "<", "DESC"
			if action == media.PhotoDown {
				cmp, order = ">", "ASC"
			}
			var otherID int64
			var otherOrdinal int
			err = tx.QueryRowContext(ctx, s.q("SELECT id, ordinal FROM images WHERE chair_id = ? AND ordinal "+cmp+" ? ORDER BY ordinal "+order+" LIMIT 1"),
				chairID, ordinal).Scan(&otherID, &otherOrdinal)
			if errors.Is(err, sql.ErrNoRows) {
				return nil // already first or last: nothing to do
			}
			if err == nil {
				_, err = tx.ExecContext(ctx, s.q("UPDATE images SET ordinal = ? WHERE id = ?"), ordinal, otherID)
			}
			if err == nil {
				_, err = tx.ExecContext(ctx, s.q("UPDATE images SET ordinal = ? WHERE id = ?"), otherOrdinal, id)
			}
			afterOrdinal = otherOrdinal
		case media.PhotoDelete:
			if _, err = tx.ExecContext(ctx, s.q("DELETE FROM images WHERE id = ?"), id); err == nil && before.Main {
				_, err = tx.ExecContext(ctx, s.q(`UPDATE images SET is_main = TRUE WHERE id =
					(SELECT id FROM images WHERE chair_id = ? ORDER BY ordinal, id LIMIT 1)`), chairID)
			}
		default:
			return errs.NotFoundf("there is no photo action %q", action)
		}
		if err != nil {
			return fmt.Errorf("photo %s: %w", action, err)
		}
		afterJSON, act := photoJSON(after, afterOrdinal), audit.Update
		if action == media.PhotoDelete {
			afterJSON, act = "", audit.Retire
		}
		if err := s.audit(ctx, tx, by, act, "chair_photo", chairSlug+"/"+strconv.FormatInt(id, 10), photoJSON(before, ordinal), afterJSON); err != nil {
			return err
		}
		return s.bumpCatalogVersion(ctx, tx)
	})
}

// editReviewPhotos applies a review form's photo changes to review id in
// tx. Its photos are left pending: they are published with the review.
func (s *Store) editReviewPhotos(ctx context.Context, tx *sql.Tx, reviewID, userID int64, edit media.PhotoEdit) error {
	for _, id := range edit.Remove {
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM images WHERE id = ? AND review_id = ?"), id, reviewID); err != nil {
			return fmt.Errorf("remove review photo: %w", err)
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, s.q("SELECT COUNT(*) FROM images WHERE review_id = ?"), reviewID).Scan(&n); err != nil {
		return err
	}
	if n+len(edit.Add) > media.MaxReviewPhotos {
		return errs.Invalidf(media.Field, "A review may have at most %d photos; it has %d and you added %d. Remove some and try again.", media.MaxReviewPhotos, n, len(edit.Add))
	}
	for _, u := range edit.Add {
		if err := media.CheckText(u.Alt, "", false, "photo_alt", ""); err != nil {
			return err
		}
		if _, err := s.insertImage(ctx, tx, "review", reviewID, userID, u, false, media.Pending); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, s.q("UPDATE images SET status = ? WHERE review_id = ?"), string(media.Pending), reviewID)
	return err
}

// MediaFile returns one variant's bytes by its width, hash and format, as
// media.ParseFileName reads them from the address. The same bytes may
// belong to more than one image; a published one is preferred.
func (s *Store) MediaFile(ctx context.Context, width int, hash string, format media.Format) (media.StoredFile, error) {
	var f media.StoredFile
	err := s.read.QueryRowContext(ctx, s.q(`SELECT v.width, v.height, v.format, v.hash, v.bytes, i.status, COALESCE(i.created_by, 0)
		FROM image_variants v JOIN images i ON i.id = v.image_id
		WHERE v.hash = ? AND v.width = ? AND v.format = ?
		ORDER BY CASE i.status WHEN 'published' THEN 0 ELSE 1 END, i.id LIMIT 1`), hash, width, string(format)).
		Scan(&f.Width, &f.Height, &f.Format, &f.Hash, &f.Bytes, &f.Status, &f.OwnerID)
	if errors.Is(err, sql.ErrNoRows) {
		return f, errs.NotFoundf("there is no picture %s", media.Variant{Width: width, Hash: hash, Format: format}.FileName())
	}
	if err != nil {
		return f, fmt.Errorf("media file: %w", err)
	}
	return f, nil
}
