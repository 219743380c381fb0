package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"masahe/internal/audit"
	"masahe/internal/catalog"
	"masahe/internal/errs"
)

func (s *Store) savePlace(ctx context.Context, tx *sql.Tx, p catalog.Place) (outcome, error) {
	brandID, err := s.idOf(ctx, tx, "brands", p.Brand)
	if err != nil {
		return 0, err
	}
	return s.save(ctx, tx, "places", []string{"slug"}, []any{p.Slug}, p,
		[]string{"brand_id", "kind", "name", "address", "city", "province", "region", "hours", "phone", "source_id", "checked"},
		[]any{brandID, p.Kind, p.Name, p.Address, p.City, p.Province, p.Region, p.Hours, p.Phone, p.Source, p.Checked})
}

// Places lists the showrooms, stores and service centres that f selects,
// by region (in the PSA's order), city, brand and name.
// Each place carries the source it cites.
func (s *Store) Places(ctx context.Context, f catalog.PlaceFilter) ([]catalog.Place, error) {
	var conds []string
	var args []any
	for _, c := range []struct{ col, val string }{{"p.region", f.Region}, {"b.slug", f.Brand}, {"p.kind", f.Kind}} {
		if c.val != "" {
			conds = append(conds, c.col+" = ?")
			args = append(args, c.val)
		}
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	out, err := s.queryPlaces(ctx, s.read, where, args...)
	catalog.SortPlaces(out)
	return out, err
}

func (s *Store) queryPlaces(ctx context.Context, q queryer, where string, args ...any) ([]catalog.Place, error) {
	rows, err := q.QueryContext(ctx, s.q(`SELECT p.slug, b.slug, p.kind, p.name, p.address, p.city, p.province, p.region,
		p.hours, p.phone, p.source_id, p.checked, src.url, src.title, src.publisher, src.accessed, src.market, src.kind
		FROM places p JOIN brands b ON b.id = p.brand_id JOIN sources src ON src.id = p.source_id`+where), args...)
	if err != nil {
		return nil, fmt.Errorf("places: %w", err)
	}
	defer rows.Close()
	var out []catalog.Place
	for rows.Next() {
		var p catalog.Place
		c := &p.Cited
		if err := rows.Scan(&p.Slug, &p.Brand, &p.Kind, &p.Name, &p.Address, &p.City, &p.Province, &p.Region,
			&p.Hours, &p.Phone, &p.Source, &p.Checked, &c.URL, &c.Title, &c.Publisher, &c.Accessed, &c.Market, &c.Kind); err != nil {
			return nil, fmt.Errorf("places: %w", err)
		}
		c.ID = p.Source
		out = append(out, p)
	}
	return out, rows.Err()
}

// Place returns the place with a slug.
func (s *Store) Place(ctx context.Context, slug string) (catalog.Place, error) {
	return s.placeBySlug(ctx, s.read, slug)
}

func (s *Store) placeBySlug(ctx context.Context, q queryer, slug string) (catalog.Place, error) {
	places, err := s.queryPlaces(ctx, q, " WHERE p.slug = ?", slug)
	if err != nil {
		return catalog.Place{}, err
	}
	if len(places) == 0 {
		return catalog.Place{}, errs.NotFoundf("no place %q", slug)
	}
	return places[0], nil
}

// RetirePlace removes a place (it closed, or its source no longer lists
// it) and records what it was.
func (s *Store) RetirePlace(ctx context.Context, by audit.Actor, slug string) error {
	return s.retire(ctx, by, record{"place", slug, "slug"}, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q("DELETE FROM places WHERE slug = ?"), slug)
		return err
	})
}
