package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/errs"
)

// queryChairs runs a chair query (rest follows the FROM clause) and loads
// the chairs' spec sources, offers and sources by the ids found; rest must
// bound the number of chairs (a LIMIT, a short list of slugs), since the
// ids go into an IN list. allChairs loads the whole catalog without one.
func (s *Store) queryChairs(ctx context.Context, rest string, args ...any) ([]catalog.Chair, error) {
	chairs, ids, err := s.scanChairs(ctx, rest, args...)
	if err != nil || len(chairs) == 0 {
		return nil, err
	}
	args = make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	if err := s.fillChairs(ctx, chairs, ids, "("+placeholders(len(ids))+")", args); err != nil {
		return nil, err
	}
	return chairs, nil
}

// scanChairs runs a chair query and returns the chairs and their ids.
func (s *Store) scanChairs(ctx context.Context, rest string, args ...any) ([]catalog.Chair, []int64, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT "+chairSelect+chairFrom+rest), args...)
	if err != nil {
		return nil, nil, fmt.Errorf("query chairs: %w", err)
	}
	defer rows.Close()
	var chairs []catalog.Chair
	var ids []int64
	for rows.Next() {
		c, id, err := scanChair(rows)
		if err != nil {
			return nil, nil, fmt.Errorf("scan chair: %w", err)
		}
		chairs = append(chairs, c)
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("query chairs: %w", err)
	}
	return chairs, ids, nil
}

func scanChair(rows *sql.Rows) (catalog.Chair, int64, error) {
	var c catalog.Chair
	var id int64
	dst := []any{&id, &c.Slug, &c.Name, &c.Source, &c.Brand, &c.BrandName, &c.RatingSum, &c.RatingCount}
	vals := make([]any, len(catalog.Fields))
	for i, f := range catalog.Fields {
		switch f.Kind {
		case catalog.KindInt:
			vals[i] = new(sql.NullInt64)
		case catalog.KindFloat:
			vals[i] = new(sql.NullFloat64)
		case catalog.KindBool:
			vals[i] = new(sql.NullBool)
		default:
			vals[i] = new(sql.NullString)
		}
	}
	if err := rows.Scan(append(dst, vals...)...); err != nil {
		return c, 0, err
	}
	c.Specs = map[string]catalog.Spec{}
	for i, f := range catalog.Fields {
		var v any
		switch n := vals[i].(type) {
		case *sql.NullInt64:
			if n.Valid {
				v = n.Int64
			}
		case *sql.NullFloat64:
			if n.Valid {
				v = n.Float64
			}
		case *sql.NullBool:
			if n.Valid {
				v = n.Bool
			}
		case *sql.NullString:
			if n.Valid && f.Kind == catalog.KindList {
				var list []string
				if err := json.Unmarshal([]byte(n.String), &list); err != nil {
					return c, 0, fmt.Errorf("%s: %w", f.Key, err)
				}
				v = list
			} else if n.Valid {
				v = n.String
			}
		}
		if v != nil {
			c.Specs[f.Key] = catalog.Spec{Value: v}
		}
	}
	return c, id, nil
}

// fillChairs loads where each spec comes from, the offers and the sources of
// the chairs, three queries for the whole list. in is the set of chair ids
// to read, "(?, ?, …)" with args, or a subquery; ids are the chairs' ids,
// in order. Rows of other chairs are skipped.
func (s *Store) fillChairs(ctx context.Context, chairs []catalog.Chair, ids []int64, in string, args []any) error {
	index := make(map[int64]int, len(ids))
	sourceIDs := map[string]bool{}
	for i, id := range ids {
		index[id] = i
		sourceIDs[chairs[i].Source] = chairs[i].Source != ""
	}
	rows, err := s.read.QueryContext(ctx, s.q("SELECT chair_id, spec, source_id, sample FROM chair_spec_sources WHERE chair_id IN "+in), args...)
	if err != nil {
		return fmt.Errorf("spec sources: %w", err)
	}
	for rows.Next() {
		var id int64
		var key string
		var src sql.NullString
		var sample bool
		if err := rows.Scan(&id, &key, &src, &sample); err != nil {
			rows.Close()
			return fmt.Errorf("spec sources: %w", err)
		}
		i, ok := index[id]
		if !ok {
			continue
		}
		c := &chairs[i]
		if spec, ok := c.Specs[key]; ok {
			spec.Source, spec.Sample = src.String, sample
			c.Specs[key] = spec
			sourceIDs[src.String] = src.Valid
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("spec sources: %w", err)
	}
	if err := s.fillOffers(ctx, chairs, index, in, args); err != nil {
		return err
	}
	sources, err := s.sources(ctx, sourceIDs)
	if err != nil {
		return err
	}
	for i := range chairs {
		chairs[i].Sources = sources
	}
	return nil
}

// sources loads the sources whose ids are marked true, in batches of at
// most sourcesPerQuery ids, so that no placeholder limit bounds how many there
// are.
func (s *Store) sources(ctx context.Context, ids map[string]bool) (map[string]catalog.Source, error) {
	var keys []any
	for id, ok := range ids {
		if ok {
			keys = append(keys, id)
		}
	}
	out := map[string]catalog.Source{}
	for batch := range slices.Chunk(keys, sourcesPerQuery) {
		if err := s.sourceBatch(ctx, batch, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

const sourcesPerQuery = 500

func (s *Store) sourceBatch(ctx context.Context, keys []any, out map[string]catalog.Source) error {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT "+sourceColumns+" FROM sources WHERE id IN ("+placeholders(len(keys))+")"), keys...)
	if err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return fmt.Errorf("sources: %w", err)
		}
		out[src.ID] = src
	}
	return rows.Err()
}

// sourceColumns is the column list scanSource reads.
const sourceColumns = "id, url, title, publisher, accessed, market, kind"

func scanSource(row interface{ Scan(...any) error }) (catalog.Source, error) {
	var src catalog.Source
	err := row.Scan(&src.ID, &src.URL, &src.Title, &src.Publisher, &src.Accessed, &src.Market, &src.Kind)
	return src, err
}

// Chair returns the chair with slug, or a not-found error.
func (s *Store) Chair(ctx context.Context, slug string) (catalog.Chair, error) {
	chairs, err := s.Chairs(ctx, []string{slug})
	if err != nil {
		return catalog.Chair{}, err
	}
	return chairs[0], nil
}

// Chairs returns the chairs with the given slugs in that order; a missing
// slug is a not-found error naming it.
func (s *Store) Chairs(ctx context.Context, slugs []string) ([]catalog.Chair, error) {
	args := make([]any, len(slugs))
	for i, slug := range slugs {
		args[i] = slug
	}
	found, err := s.queryChairs(ctx, " WHERE c.slug IN ("+placeholders(len(slugs))+")", args...)
	if err != nil {
		return nil, err
	}
	out := make([]catalog.Chair, len(slugs))
	for i, slug := range slugs {
		j := slices.IndexFunc(found, func(c catalog.Chair) bool { return c.Slug == slug })
		if j < 0 {
			return nil, errs.NotFoundf("no chair %q in the catalog", slug)
		}
		out[i] = found[j]
	}
	return out, nil
}

// AllChairs returns every chair with its offers and sources, by slug. The
// spec sources and offers are read by a subquery, not a list of ids, so no
// placeholder limit bounds the catalog.
func (s *Store) AllChairs(ctx context.Context) ([]catalog.Chair, error) {
	chairs, ids, err := s.scanChairs(ctx, " ORDER BY c.slug")
	if err != nil || len(chairs) == 0 {
		return nil, err
	}
	if err := s.fillChairs(ctx, chairs, ids, "(SELECT c.id"+chairFrom+")", nil); err != nil {
		return nil, err
	}
	return chairs, nil
}

// ChairNames lists the full names of the catalog's chairs by name, without
// loading their specs and offers.
func (s *Store) ChairNames(ctx context.Context) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT b.name || ' ' || c.name"+chairFrom+" ORDER BY c.sort_name, c.slug")
	if err != nil {
		return nil, fmt.Errorf("chair names: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("chair names: %w", err)
		}
		out = append(out, name)
	}
	return out, rows.Err()
}

// Brands lists every brand by name with its count of chairs in the
// catalog (retired ones left out).
func (s *Store) Brands(ctx context.Context) ([]catalog.BrandCount, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT b.slug, b.name, b.country, b.website, b.ph_presence, COALESCE(b.source_id, ''),
		COUNT(c.id) FROM brands b LEFT JOIN chairs c ON c.brand_id = b.id AND `+activeChair+`
		GROUP BY b.id, b.slug, b.name, b.country, b.website, b.ph_presence, b.source_id ORDER BY LOWER(b.name)`)
	if err != nil {
		return nil, fmt.Errorf("brands: %w", err)
	}
	defer rows.Close()
	var out []catalog.BrandCount
	for rows.Next() {
		var b catalog.BrandCount
		if err := rows.Scan(&b.Slug, &b.Name, &b.Country, &b.Website, &b.PHPresence, &b.Source, &b.Chairs); err != nil {
			return nil, fmt.Errorf("brands: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// SearchWords lists the distinct words of the search index, for correcting
// typos in queries that match nothing.
func (s *Store) SearchWords(ctx context.Context) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT DISTINCT c.search_text FROM chairs c WHERE "+activeChair)
	if err != nil {
		return nil, fmt.Errorf("search words: %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			return nil, fmt.Errorf("search words: %w", err)
		}
		for _, w := range catalog.Tokens(text) {
			seen[w] = true
		}
	}
	words := make([]string, 0, len(seen))
	for w := range seen {
		words = append(words, w)
	}
	slices.Sort(words)
	return words, rows.Err()
}

// Export returns the whole catalog as a document that Import reads back.
func (s *Store) Export(ctx context.Context) (*catalog.Document, error) {
	doc := &catalog.Document{}
	srcs, err := s.sourcesAll(ctx)
	if err != nil {
		return nil, err
	}
	doc.Sources = srcs
	brands, err := s.Brands(ctx)
	if err != nil {
		return nil, err
	}
	for _, b := range brands {
		doc.Brands = append(doc.Brands, b.Brand)
	}
	rows, err := s.read.QueryContext(ctx, "SELECT slug, name, url, COALESCE(source_id, '') FROM retailers ORDER BY slug")
	if err != nil {
		return nil, fmt.Errorf("export retailers: %w", err)
	}
	for rows.Next() {
		var r catalog.Retailer
		if err := rows.Scan(&r.Slug, &r.Name, &r.URL, &r.Source); err != nil {
			rows.Close()
			return nil, fmt.Errorf("export retailers: %w", err)
		}
		doc.Retailers = append(doc.Retailers, r)
	}
	rows.Close()
	chairs, err := s.AllChairs(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range chairs {
		c.BrandName, c.Offers, c.RetailerNames, c.Sources = "", nil, nil, nil
		doc.Chairs = append(doc.Chairs, c)
	}
	if doc.Places, err = s.Places(ctx, catalog.PlaceFilter{}); err != nil {
		return nil, err
	}
	if doc.Photos, err = s.exportPhotos(ctx); err != nil {
		return nil, err
	}
	return doc, nil
}

func (s *Store) sourcesAll(ctx context.Context) ([]catalog.Source, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+sourceColumns+" FROM sources ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("export sources: %w", err)
	}
	defer rows.Close()
	var out []catalog.Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("export sources: %w", err)
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

// LoadStarter imports the bundled starter catalog once: the first time the
// database is opened. It reports whether it loaded anything.
func (s *Store) LoadStarter(ctx context.Context, doc *catalog.Document) (bool, error) {
	loaded := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM meta WHERE key = 'starter_loaded'").Scan(&n); err != nil || n > 0 {
			return err
		}
		if _, err := s.importTx(ctx, tx, doc, nil); err != nil {
			return fmt.Errorf("starter data: %w", err)
		}
		loaded = true
		return s.setMeta(ctx, tx, "starter_loaded", s.now().UTC().Format(time.RFC3339))
	})
	return loaded, err
}
