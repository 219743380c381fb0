package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"masahe/internal/catalog"
	"masahe/internal/media"
)

// A catalog export carries the published chair photos with their files
// (catalog.Photo), and importing it puts them back byte for byte
// (docs/MEDIA.md). Owner photos belong to reviews, which the catalog does
// not carry.

// exportPhotos lists every published chair photo, chairs by slug, each
// chair's photos in their order, with every file's bytes.
func (s *Store) exportPhotos(ctx context.Context) ([]catalog.Photo, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT i.id, c.slug, i.alt, i.credit, i.is_main, i.width, i.height, v.width, v.height, v.format, v.bytes
		FROM images i JOIN image_variants v ON v.image_id = i.id JOIN chairs c ON c.id = i.chair_id
		WHERE i.status = ? ORDER BY c.slug, i.ordinal, i.id, `+variantOrder), string(media.Published))
	if err != nil {
		return nil, fmt.Errorf("export photos: %w", err)
	}
	defer rows.Close()
	var out []catalog.Photo
	var last int64
	for rows.Next() {
		var id int64
		var p catalog.Photo
		var f catalog.PhotoFile
		if err := rows.Scan(&id, &p.Chair, &p.Alt, &p.Credit, &p.Main, &p.Width, &p.Height, &f.Width, &f.Height, &f.Format, &f.Data); err != nil {
			return nil, fmt.Errorf("export photos: %w", err)
		}
		if n := len(out); n > 0 && id == last {
			out[n-1].Files = append(out[n-1].Files, f)
			continue
		}
		last = id
		p.Files = []catalog.PhotoFile{f}
		out = append(out, p)
	}
	return out, rows.Err()
}

// importPhotos makes each chair the document has photos for have exactly
// those photos, in the document's order; a chair the document lists no
// photo for keeps its own. A chair whose photos are already the same (same
// words, main photo, size and files) is not written again. It calls step
// once per photo with the chair's outcome.
func (s *Store) importPhotos(ctx context.Context, tx *sql.Tx, photos []catalog.Photo, step func(outcome, error) error) error {
	var order []string
	byChair := map[string][]media.Upload{}
	mains := map[string]int{}
	for i, p := range photos {
		files := make([]media.Variant, len(p.Files))
		for j, f := range p.Files {
			files[j] = media.Variant{Width: f.Width, Height: f.Height, Format: media.Format(f.Format), Bytes: f.Data}
		}
		im, err := media.Restore(p.Width, p.Height, files)
		if err == nil {
			err = media.CheckText(p.Alt, p.Credit, true, "alt", "credit")
		}
		if err != nil {
			return fmt.Errorf("photos[%d] of chair %s: %w", i, p.Chair, err)
		}
		if _, seen := byChair[p.Chair]; !seen {
			order = append(order, p.Chair)
			mains[p.Chair] = 0
		}
		if p.Main {
			mains[p.Chair] = len(byChair[p.Chair])
		}
		byChair[p.Chair] = append(byChair[p.Chair], media.Upload{Image: im, Alt: strings.TrimSpace(p.Alt), Credit: strings.TrimSpace(p.Credit)})
	}
	for _, slug := range order {
		list := byChair[slug]
		o, err := s.replaceChairPhotos(ctx, tx, slug, list, mains[slug])
		for range list {
			if err := step(o, err); err != nil {
				return fmt.Errorf("photos of chair %s: %w", slug, err)
			}
		}
	}
	return nil
}

// replaceChairPhotos gives a chair the photos in list, list[main] its main
// one, unless it has exactly those already.
func (s *Store) replaceChairPhotos(ctx context.Context, tx *sql.Tx, slug string, list []media.Upload, main int) (outcome, error) {
	chairID, err := s.idOf(ctx, tx, "chairs", slug)
	if err != nil {
		return unchanged, err
	}
	var want []string
	for i, u := range list {
		want = append(want, photoSignature(u.Alt, u.Credit, i == main, u.Image.Width, u.Image.Height, u.Image.Variants))
	}
	have, err := s.chairPhotoSignatures(ctx, tx, chairID)
	if err != nil {
		return unchanged, err
	}
	if slices.Equal(have, want) {
		return unchanged, nil
	}
	if _, err := tx.ExecContext(ctx, s.q("DELETE FROM images WHERE chair_id = ?"), chairID); err != nil {
		return unchanged, fmt.Errorf("replace photos: %w", err)
	}
	for i, u := range list {
		if _, err := s.insertImage(ctx, tx, "chair", chairID, 0, u, i == main, media.Published); err != nil {
			return unchanged, err
		}
	}
	if len(have) == 0 {
		return created, nil
	}
	return updated, nil
}

// chairPhotoSignatures describes each of a chair's photos, in order, as
// photoSignature does.
func (s *Store) chairPhotoSignatures(ctx context.Context, tx *sql.Tx, chairID int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, s.q(`SELECT i.id, i.alt, i.credit, i.is_main, i.width, i.height, v.width, v.height, v.format, v.hash
		FROM images i JOIN image_variants v ON v.image_id = i.id
		WHERE i.chair_id = ? ORDER BY i.ordinal, i.id, `+variantOrder), chairID)
	if err != nil {
		return nil, fmt.Errorf("chair photos: %w", err)
	}
	defer rows.Close()
	type photo struct {
		alt, credit   string
		main          bool
		width, height int
		files         []media.Variant
	}
	var list []photo
	var last int64
	for rows.Next() {
		var id int64
		var p photo
		var v media.Variant
		if err := rows.Scan(&id, &p.alt, &p.credit, &p.main, &p.width, &p.height, &v.Width, &v.Height, &v.Format, &v.Hash); err != nil {
			return nil, fmt.Errorf("chair photos: %w", err)
		}
		if n := len(list); n > 0 && id == last {
			list[n-1].files = append(list[n-1].files, v)
			continue
		}
		last, p.files = id, []media.Variant{v}
		list = append(list, p)
	}
	out := make([]string, len(list))
	for i, p := range list {
		out[i] = photoSignature(p.alt, p.credit, p.main, p.width, p.height, p.files)
	}
	return out, rows.Err()
}

// photoSignature is a photo's words, main mark, size and files' names
// (which hold their hashes), files in name order.
func photoSignature(alt, credit string, main bool, w, h int, files []media.Variant) string {
	names := make([]string, len(files))
	for i, v := range files {
		names[i] = v.FileName()
	}
	slices.Sort(names)
	return strings.Join([]string{alt, credit, strconv.FormatBool(main), strconv.Itoa(w), strconv.Itoa(h), strings.Join(names, ",")}, "\x00")
}
