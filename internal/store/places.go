package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"masahe/internal/catalog"
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

// PlaceFilter selects places: by PSA region code, by brand slug and by
// kind; an empty field selects all.
type PlaceFilter struct {
	Region, Brand, Kind string
}

// Places lists the showrooms, stores and service centres that f selects,
// by region (in the PSA's order), city, brand and name.
func (s *Store) Places(ctx context.Context, f PlaceFilter) ([]catalog.Place, error) {
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
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT p.slug, b.slug, p.kind, p.name, p.address, p.city, p.province, p.region,
		p.hours, p.phone, p.source_id, p.checked FROM places p JOIN brands b ON b.id = p.brand_id`+where), args...)
	if err != nil {
		return nil, fmt.Errorf("places: %w", err)
	}
	defer rows.Close()
	var out []catalog.Place
	for rows.Next() {
		var p catalog.Place
		if err := rows.Scan(&p.Slug, &p.Brand, &p.Kind, &p.Name, &p.Address, &p.City, &p.Province, &p.Region,
			&p.Hours, &p.Phone, &p.Source, &p.Checked); err != nil {
			return nil, fmt.Errorf("places: %w", err)
		}
		out = append(out, p)
	}
	catalog.SortPlaces(out)
	return out, rows.Err()
}
