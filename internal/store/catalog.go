package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/errs"
)

// ImportResult counts what an import did to each record.
type ImportResult struct {
	Created, Updated, Unchanged int
}

type outcome int

const (
	unchanged outcome = iota
	created
	updated
)

func (r *ImportResult) add(o outcome) {
	switch o {
	case created:
		r.Created++
	case updated:
		r.Updated++
	default:
		r.Unchanged++
	}
}

// Import validates doc against itself and the database and writes it in one
// transaction: all of it or, on any problem, none of it. Records are merged
// by key; a record whose content is unchanged is not written again, so
// importing the same document twice changes nothing. progress, if not nil,
// is called after each record.
func (s *Store) Import(ctx context.Context, doc *catalog.Document, progress func(done, total int)) (ImportResult, error) {
	var res ImportResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = s.importTx(ctx, tx, doc, progress)
		return err
	})
	if err != nil {
		return ImportResult{}, err
	}
	if res.Created+res.Updated > 0 {
		if err := s.tidyChairs(ctx); err != nil {
			return res, err
		}
	}
	return res, nil
}

// tidyChairs, after a bulk change to the chairs, has PostgreSQL refresh
// their statistics and visibility map at once rather than when autovacuum
// comes round: the listing's plans (index-only scans of chairs_listing)
// depend on both. SQLite keeps no such state.
func (s *Store) tidyChairs(ctx context.Context) error {
	if s.dialect != Postgres {
		return nil
	}
	if _, err := s.write.ExecContext(ctx, "VACUUM (ANALYZE) chairs, chair_spec_sources, brands"); err != nil {
		return fmt.Errorf("vacuum chairs: %w", err)
	}
	return nil
}

func (s *Store) importTx(ctx context.Context, tx *sql.Tx, doc *catalog.Document, progress func(done, total int)) (ImportResult, error) {
	var res ImportResult
	err := func() error {
		known, err := s.known(ctx, tx)
		if err != nil {
			return err
		}
		if err := doc.Validate(known); err != nil {
			return err
		}
		total, done := doc.Records(), 0
		step := func(o outcome, err error) error {
			if err != nil {
				return err
			}
			res.add(o)
			done++
			if progress != nil {
				progress(done, total)
			}
			return nil
		}
		for _, src := range doc.Sources {
			if err := step(s.save(ctx, tx, "sources", []string{"id"}, []any{src.ID}, src,
				[]string{"url", "title", "publisher", "accessed", "market", "kind"},
				[]any{src.URL, src.Title, src.Publisher, src.Accessed, src.Market, src.Kind})); err != nil {
				return fmt.Errorf("source %s: %w", src.ID, err)
			}
		}
		for _, b := range doc.Brands {
			if err := step(s.save(ctx, tx, "brands", []string{"slug"}, []any{b.Slug}, b,
				[]string{"name", "country", "website", "ph_presence", "source_id"},
				[]any{b.Name, b.Country, b.Website, b.PHPresence, nullString(b.Source)})); err != nil {
				return fmt.Errorf("brand %s: %w", b.Slug, err)
			}
		}
		for _, r := range doc.Retailers {
			if err := step(s.save(ctx, tx, "retailers", []string{"slug"}, []any{r.Slug}, r,
				[]string{"name", "url", "source_id"},
				[]any{r.Name, r.URL, nullString(r.Source)})); err != nil {
				return fmt.Errorf("retailer %s: %w", r.Slug, err)
			}
		}
		for _, c := range doc.Chairs {
			if err := step(s.saveChair(ctx, tx, c)); err != nil {
				return fmt.Errorf("chair %s: %w", c.Slug, err)
			}
		}
		for _, p := range doc.Places {
			if err := step(s.savePlace(ctx, tx, p)); err != nil {
				return fmt.Errorf("place %s: %w", p.Slug, err)
			}
		}
		if err := s.importPhotos(ctx, tx, doc.Photos, step); err != nil {
			return err
		}
		if res.Created+res.Updated == 0 {
			return nil
		}
		return s.bumpCatalogVersion(ctx, tx)
	}()
	return res, err
}

// bumpCatalogVersion counts a change to the catalog, so that caches of
// rendered pages know to drop them (changes.go).
func (s *Store) bumpCatalogVersion(ctx context.Context, tx *sql.Tx) error {
	return s.bumpVersion(ctx, tx, catalogVersionKey)
}

// CatalogVersion changes whenever an import or a price changes the
// catalog.
func (s *Store) CatalogVersion(ctx context.Context) (string, error) {
	return s.Meta(ctx, catalogVersionKey)
}

// known lists the keys already in the database.
func (s *Store) known(ctx context.Context, tx *sql.Tx) (catalog.Known, error) {
	var k catalog.Known
	for _, t := range []struct {
		dst   *map[string]bool
		query string
	}{
		{&k.Sources, "SELECT id FROM sources"},
		{&k.Brands, "SELECT slug FROM brands"},
		{&k.Retailers, "SELECT slug FROM retailers"},
		{&k.Chairs, "SELECT slug FROM chairs"},
	} {
		rows, err := tx.QueryContext(ctx, t.query)
		if err != nil {
			return k, fmt.Errorf("known keys: %w", err)
		}
		*t.dst = map[string]bool{}
		for rows.Next() {
			var key string
			if err := rows.Scan(&key); err != nil {
				rows.Close()
				return k, err
			}
			(*t.dst)[key] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return k, err
		}
	}
	return k, nil
}

// save inserts or updates one row identified by keyCols unless the stored
// hash of record equals the new one.
func (s *Store) save(ctx context.Context, tx *sql.Tx, table string, keyCols []string, keys []any, record any, cols []string, vals []any) (outcome, error) {
	hash, err := hashOf(record)
	if err != nil {
		return 0, err
	}
	where := strings.Join(keyCols, " = ? AND ") + " = ?"
	var old string
	err = tx.QueryRowContext(ctx, s.q("SELECT hash FROM "+table+" WHERE "+where), keys...).Scan(&old)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		all := slices.Concat(keyCols, cols, []string{"hash"})
		_, err := tx.ExecContext(ctx, s.q("INSERT INTO "+table+" ("+strings.Join(all, ", ")+") VALUES ("+placeholders(len(all))+")"),
			slices.Concat(keys, vals, []any{hash})...)
		return created, err
	case err != nil:
		return 0, err
	case old == hash:
		return unchanged, nil
	}
	_, err = tx.ExecContext(ctx, s.q("UPDATE "+table+" SET "+strings.Join(append(cols, "hash"), " = ?, ")+" = ? WHERE "+where),
		slices.Concat(vals, []any{hash}, keys)...)
	return updated, err
}

func hashOf(record any) (string, error) {
	b, err := json.Marshal(record)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// specColumns are the chair columns that hold specs, in registry order.
func specColumns() []string {
	cols := make([]string, len(catalog.Fields))
	for i, f := range catalog.Fields {
		cols[i] = f.Key
	}
	return cols
}

func (s *Store) saveChair(ctx context.Context, tx *sql.Tx, c catalog.Chair) (outcome, error) {
	brandID, err := s.idOf(ctx, tx, "brands", c.Brand)
	if err != nil {
		return 0, err
	}
	if err := tx.QueryRowContext(ctx, s.q("SELECT name FROM brands WHERE id = ?"), brandID).Scan(&c.BrandName); err != nil {
		return 0, err
	}
	cols := append([]string{"brand_id", "name", "source_id", "search_text", "sort_name"}, specColumns()...)
	vals := []any{brandID, c.Name, nullString(c.Source), c.SearchText(), strings.ToLower(c.FullName())}
	for _, f := range catalog.Fields {
		v, err := columnValue(c.Specs[f.Key].Value)
		if err != nil {
			return 0, err
		}
		vals = append(vals, v)
	}
	o, err := s.save(ctx, tx, "chairs", []string{"slug"}, []any{c.Slug}, struct {
		Chair     catalog.Chair
		BrandName string
	}{c, c.BrandName}, cols, vals)
	if err != nil || o == unchanged {
		return o, err
	}
	id, err := s.idOf(ctx, tx, "chairs", c.Slug)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, s.q("DELETE FROM chair_spec_sources WHERE chair_id = ?"), id); err != nil {
		return 0, err
	}
	for key, spec := range c.Specs {
		if _, err := tx.ExecContext(ctx, s.q("INSERT INTO chair_spec_sources (chair_id, spec, source_id, sample) VALUES (?, ?, ?, ?)"),
			id, key, nullString(spec.Source), spec.Sample); err != nil {
			return 0, err
		}
	}
	return o, nil
}

// columnValue converts a spec value to what its column stores: lists as
// JSON text, absent values as NULL.
func columnValue(v any) (any, error) {
	if list, ok := v.([]string); ok {
		b, err := json.Marshal(list)
		return string(b), err
	}
	return v, nil
}

func (s *Store) idOf(ctx context.Context, tx *sql.Tx, table, slug string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, s.q("SELECT id FROM "+table+" WHERE slug = ?"), slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errs.NotFoundf("no %s with slug %q", strings.TrimSuffix(table, "s"), slug)
	}
	return id, err
}

// chairSelect is the column list scanChair reads.
var chairSelect = "c.id, c.slug, c.name, COALESCE(c.source_id, ''), b.slug, b.name, c.rating_sum, c.rating_count, c." + strings.Join(specColumns(), ", c.")

// activeChair keeps retired chairs out of every public read: chairFrom
// joins with it, and the brand counts and search words use it too.
const activeChair = "c.retired = FALSE"

// allChairsFrom is the FROM clause of chair queries; chairFrom, the one
// every public query uses, leaves retired chairs out.
const (
	allChairsFrom = " FROM chairs c JOIN brands b ON b.id = c.brand_id"
	chairFrom     = allChairsFrom + " AND " + activeChair
)

// lowestPrice is a chair's lowest fresh current price not known to be out
// of stock, NULL when it has none; its one argument is freshCutoff.
const lowestPrice = `(SELECT MIN(pc.price) FROM price_current pc
	WHERE pc.chair_id = c.id AND pc.observed_at >= ? AND pc.stock <> 'out_of_stock')`

// freshCutoff is the oldest observation time that is still fresh.
func (s *Store) freshCutoff() int64 { return s.now().Add(-s.pricePolicy().MaxAge).Unix() }

// ListChairs returns the page of chairs that f selects, with their offers
// and sources.
func (s *Store) ListChairs(ctx context.Context, f catalog.Filter) (catalog.ChairPage, error) {
	where, args := s.filterWhere(f)
	var page catalog.ChairPage
	order, orderArgs, err := s.chairOrder(ctx, f.Sort)
	if err != nil {
		return page, err
	}
	if err := s.read.QueryRowContext(ctx, s.q("SELECT COUNT(*)"+chairFrom+where), args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count chairs: %w", err)
	}
	if f.Offset() >= page.Total {
		return page, nil
	}
	// The count and the page's ids read only the listing index's columns
	// (0070_listing.sql), and the sort moves ids, not whole rows; then
	// the page's rows are read by id.
	rows, err := s.read.QueryContext(ctx, s.q("SELECT c.id"+chairFrom+where+" ORDER BY "+order+" LIMIT ? OFFSET ?"),
		slices.Concat(args, orderArgs, []any{f.PerPage, f.Offset()})...)
	if err != nil {
		return page, fmt.Errorf("list chairs: %w", err)
	}
	defer rows.Close()
	var ids []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return page, fmt.Errorf("list chairs: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("list chairs: %w", err)
	}
	rows.Close()
	// The page's whole rows, in the same order (a sort of one page).
	page.Chairs, err = s.queryChairs(ctx, " WHERE c.id IN ("+placeholders(len(ids))+") ORDER BY "+order, append(ids, orderArgs...)...)
	return page, err
}

// chairOrder is the ORDER BY of a catalog sort, with its arguments.
func (s *Store) chairOrder(ctx context.Context, sort string) (string, []any, error) {
	const byName = "c.sort_name, c.slug"
	switch sort {
	case catalog.SortPriceAsc:
		return lowestPrice + " ASC NULLS LAST, " + byName, []any{s.freshCutoff()}, nil
	case catalog.SortPriceDesc:
		return lowestPrice + " DESC NULLS LAST, " + byName, []any{s.freshCutoff()}, nil
	case catalog.SortNewest:
		return "c.release_year DESC NULLS LAST, " + byName, nil, nil
	case catalog.SortRating:
		// The Bayesian average: (prior weight × site mean + sum) / (prior weight + count).
		mean, err := s.meanRating(ctx)
		if err != nil {
			return "", nil, err
		}
		return "(CAST(? AS DOUBLE PRECISION) * CAST(? AS DOUBLE PRECISION) + c.rating_sum) / (CAST(? AS DOUBLE PRECISION) + c.rating_count) DESC, c.rating_count DESC, " + byName,
			[]any{float64(content.PriorWeight), mean, float64(content.PriorWeight)}, nil
	}
	return byName, nil, nil
}

// filterWhere turns a filter into a WHERE clause. Facets are plain column
// conditions; the full-text match is one more condition beside them.
func (s *Store) filterWhere(f catalog.Filter) (string, []any) {
	var conds []string
	var args []any
	in := func(col string, vals []string) {
		if len(vals) > 0 {
			conds = append(conds, col+" IN ("+placeholders(len(vals))+")")
			for _, v := range vals {
				args = append(args, v)
			}
		}
	}
	in("b.slug", f.Brands)
	in("c.track", f.Tracks)
	in("c.rollers", f.Rollers)
	for _, b := range []struct {
		col string
		val *bool
	}{
		{"c.zero_gravity", f.ZeroGravity}, {"c.heat", f.Heat}, {"c.foot_rollers", f.FootRollers}, {"c.space_saving", f.SpaceSaving},
	} {
		if b.val != nil {
			conds = append(conds, b.col+" = ?")
			args = append(args, *b.val)
		}
	}
	cond := func(c string, v *int64) {
		if v != nil {
			conds = append(conds, c)
			args = append(args, *v)
		}
	}
	price := func(op string, v *int64) {
		if v != nil {
			// Filters are in whole pesos; prices are centavos.
			conds = append(conds, lowestPrice+" "+op+" ?")
			args = append(args, s.freshCutoff(), *v*100)
		}
	}
	price(">=", f.MinPrice)
	price("<=", f.MaxPrice)
	cond("c.user_height_min_cm <= ?", f.HeightCM)
	cond("c.user_height_max_cm >= ?", f.HeightCM)
	cond("c.max_user_weight_kg >= ?", f.WeightKG)
	terms := f.Terms
	if terms == nil {
		for _, t := range catalog.Tokens(f.Q) {
			terms = append(terms, []string{t})
		}
	}
	if len(terms) > 0 {
		c, arg := s.matchClause(terms)
		conds = append(conds, c)
		args = append(args, arg)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// matchClause is the one dialect-specific query: every term must match,
// a term when any one of its words matches as a word prefix. Words are
// search tokens (letters and digits only, catalog.Tokens), so they need no
// quoting beyond the dialect's own.
func (s *Store) matchClause(terms [][]string) (string, any) {
	parts := make([]string, len(terms))
	for i, words := range terms {
		alts := make([]string, len(words))
		for j, w := range words {
			if s.dialect == Postgres {
				alts[j] = w + ":*"
			} else {
				alts[j] = `"` + w + `"*`
			}
		}
		if s.dialect == Postgres {
			parts[i] = "(" + strings.Join(alts, " | ") + ")"
		} else {
			parts[i] = "(" + strings.Join(alts, " OR ") + ")"
		}
	}
	if s.dialect == Postgres {
		return "to_tsvector('simple', c.search_text) @@ to_tsquery('simple', ?)", strings.Join(parts, " & ")
	}
	return "c.id IN (SELECT rowid FROM chairs_fts WHERE chairs_fts MATCH ?)", strings.Join(parts, " AND ")
}
