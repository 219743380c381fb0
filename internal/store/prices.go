package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/errs"
	"masahe/internal/prices"
)

// Price observations (docs/PRICES.md): every price seen is a row of
// price_observations; price_current keeps each retailer's latest approved
// one per chair in the same transaction, for the catalog's lowest price.
// Recording observations and enqueueing the alerts they fire commit
// together (prices_watch.go).

// obsBatch is how many rows one INSERT carries: 15 values a row keeps a
// statement far under both databases' limits on placeholders.
const obsBatch = 500

// PriceImport counts what a recording did: observations written, those
// already recorded (the same chair, retailer, time and method), and the
// alerts they fired.
type PriceImport struct {
	Recorded, Unchanged, Alerts int
}

// PriceKeys returns the slugs of the chairs (retired ones left out) and
// retailers an observation may name, for checking a file row by row.
func (s *Store) PriceKeys(ctx context.Context) (chairs, retailers map[string]bool, err error) {
	chairs, retailers = map[string]bool{}, map[string]bool{}
	for table, set := range map[string]map[string]bool{"chairs WHERE retired = FALSE": chairs, "retailers": retailers} {
		rows, err := s.read.QueryContext(ctx, "SELECT slug FROM "+table)
		if err != nil {
			return nil, nil, fmt.Errorf("price keys: %w", err)
		}
		for rows.Next() {
			var slug string
			if err := rows.Scan(&slug); err != nil {
				rows.Close()
				return nil, nil, fmt.Errorf("price keys: %w", err)
			}
			set[slug] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, fmt.Errorf("price keys: %w", err)
		}
	}
	return chairs, retailers, nil
}

// RecordObservations writes obs all or nothing: every observation is
// validated first (a *prices.ValidationError names each bad one by its
// position, 1-based, as its line), then they are written in batches in one
// transaction with the alerts they fire. An observation already recorded
// is left as it was: importing a file twice records nothing new.
// progress, when set, is called after each batch with the count so far.
func (s *Store) RecordObservations(ctx context.Context, obs []prices.Observation, progress func(done, total int)) (PriceImport, error) {
	var res PriceImport
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = s.recordTx(ctx, tx, obs, recordOptions{progress: progress})
		return err
	})
	return res, err
}

// recordOptions go with recordTx: a member sighting is written pending
// with its place and who sent it, and fires nothing until approved.
type recordOptions struct {
	progress    func(done, total int)
	place       string
	submittedBy int64
	pending     bool
}

// recorded is an inserted observation row.
type recorded struct {
	id, chairID, retailerID int64
	o                       prices.Observation
}

func (s *Store) recordTx(ctx context.Context, tx *sql.Tx, obs []prices.Observation, opt recordOptions) (PriceImport, error) {
	var res PriceImport
	now := s.now()
	chairIDs, err := s.slugIDs(ctx, tx, "chairs WHERE retired = FALSE")
	if err != nil {
		return res, err
	}
	retailerIDs, err := s.slugIDs(ctx, tx, "retailers")
	if err != nil {
		return res, err
	}
	verr := &prices.ValidationError{}
	for i, o := range obs {
		ps := o.Problems(now)
		if o.RetailerSlug == "" && opt.place != "" {
			ps = slices.DeleteFunc(ps, func(p prices.Problem) bool { return p.Field == "retailer" })
		}
		if _, ok := chairIDs[o.ChairSlug]; !ok && o.ChairSlug != "" {
			ps = append(ps, prices.Problem{Field: "chair", Message: fmt.Sprintf("no chair %q in the catalog", o.ChairSlug)})
		}
		if _, ok := retailerIDs[o.RetailerSlug]; !ok && o.RetailerSlug != "" {
			ps = append(ps, prices.Problem{Field: "retailer", Message: fmt.Sprintf("no retailer %q: add it first (admin, Retailers)", o.RetailerSlug)})
		}
		for j := range ps {
			ps[j].Line = i + 1
		}
		verr.Add(ps...)
	}
	if err := verr.Err(); err != nil {
		return res, err
	}
	touched := map[int64]bool{}
	for _, o := range obs {
		touched[chairIDs[o.ChairSlug]] = true
	}
	watched, err := s.watchedChairs(ctx, tx, touched)
	if err != nil {
		return res, err
	}
	before, err := s.lowestOffers(ctx, tx, watched, now)
	if err != nil {
		return res, err
	}
	var rows []recorded
	for start := 0; start < len(obs); start += obsBatch {
		batch := obs[start:min(start+obsBatch, len(obs))]
		got, err := s.insertObservations(ctx, tx, batch, chairIDs, retailerIDs, opt, now)
		if err != nil {
			return res, err
		}
		rows = append(rows, got...)
		if opt.progress != nil {
			opt.progress(start+len(batch), len(obs))
		}
	}
	res.Recorded, res.Unchanged = len(rows), len(obs)-len(rows)
	if len(rows) == 0 || opt.pending {
		return res, nil
	}
	if err := s.updateCurrent(ctx, tx, rows); err != nil {
		return res, err
	}
	if res.Alerts, err = s.fireAlerts(ctx, tx, watched, before, now); err != nil {
		return res, err
	}
	return res, s.bumpCatalogVersion(ctx, tx)
}

// slugIDs maps the slugs of a table (with an optional WHERE) to ids.
func (s *Store) slugIDs(ctx context.Context, q queryer, table string) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT slug, id FROM "+table)
	if err != nil {
		return nil, fmt.Errorf("ids of %s: %w", table, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var slug string
		var id int64
		if err := rows.Scan(&slug, &id); err != nil {
			return nil, fmt.Errorf("ids of %s: %w", table, err)
		}
		out[slug] = id
	}
	return out, rows.Err()
}

// insertObservations writes one batch, skipping rows already recorded, and
// returns those it wrote.
func (s *Store) insertObservations(ctx context.Context, tx *sql.Tx, batch []prices.Observation, chairIDs, retailerIDs map[string]int64,
	opt recordOptions, now time.Time) ([]recorded, error) {
	status := prices.Approved
	if opt.pending {
		status = prices.Pending
	}
	var submitted any
	if opt.submittedBy != 0 {
		submitted = opt.submittedBy
	}
	values := make([]string, len(batch))
	args := make([]any, 0, len(batch)*16)
	for i, o := range batch {
		values[i] = "(" + placeholders(16) + ")"
		var retailer, months any
		if id, ok := retailerIDs[o.RetailerSlug]; ok {
			retailer = id
		}
		var rate, monthly int64
		banks := ""
		if in := o.Instalment; in != nil {
			months, rate, monthly, banks = in.Months, in.MonthlyRateBP, int64(in.Monthly), strings.Join(in.Banks, ";")
		}
		args = append(args, chairIDs[o.ChairSlug], retailer, opt.place, int64(o.Price), int64(o.RegularPrice), months, rate, monthly,
			banks, o.Stock.String(), o.URL, o.ObservedAt.Unix(), string(o.Method), status, submitted, now.Unix())
	}
	rows, err := tx.QueryContext(ctx, s.q(`INSERT INTO price_observations (chair_id, retailer_id, place, price, regular_price,
		instalment_months, instalment_rate_bp, instalment_monthly, instalment_banks, stock, url, observed_at, method, status,
		submitted_by, created_at) VALUES `+strings.Join(values, ", ")+`
		ON CONFLICT (chair_id, retailer_id, observed_at, method) DO NOTHING
		RETURNING id, chair_id, COALESCE(retailer_id, 0), observed_at, method`), args...)
	if err != nil {
		return nil, fmt.Errorf("record observations: %w", err)
	}
	defer rows.Close()
	type key struct {
		chair, retailer, at int64
		method              string
	}
	byKey := make(map[key]prices.Observation, len(batch))
	for _, o := range batch {
		byKey[key{chairIDs[o.ChairSlug], retailerIDs[o.RetailerSlug], o.ObservedAt.Unix(), string(o.Method)}] = o
	}
	var out []recorded
	for rows.Next() {
		var r recorded
		var k key
		if err := rows.Scan(&r.id, &k.chair, &k.retailer, &k.at, &k.method); err != nil {
			return nil, fmt.Errorf("record observations: %w", err)
		}
		r.chairID, r.retailerID, r.o = k.chair, k.retailer, byKey[k]
		out = append(out, r)
	}
	return out, rows.Err()
}

// updateCurrent makes each written observation its retailer's current
// offer for the chair unless a later one is already.
func (s *Store) updateCurrent(ctx context.Context, tx *sql.Tx, rows []recorded) error {
	type key struct{ chair, retailer int64 }
	latest := map[key]recorded{}
	for _, r := range rows {
		if r.retailerID == 0 {
			continue
		}
		k := key{r.chairID, r.retailerID}
		if cur, ok := latest[k]; !ok || r.o.ObservedAt.After(cur.o.ObservedAt) || (r.o.ObservedAt.Equal(cur.o.ObservedAt) && r.id > cur.id) {
			latest[k] = r
		}
	}
	list := make([]recorded, 0, len(latest))
	for _, r := range latest {
		list = append(list, r)
	}
	slices.SortFunc(list, func(a, b recorded) int { return cmp.Compare(a.id, b.id) })
	for start := 0; start < len(list); start += obsBatch {
		batch := list[start:min(start+obsBatch, len(list))]
		values := make([]string, len(batch))
		var args []any
		for i, r := range batch {
			values[i] = "(" + placeholders(6) + ")"
			args = append(args, r.chairID, r.retailerID, r.id, int64(r.o.Price), r.o.Stock.String(), r.o.ObservedAt.Unix())
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO price_current (chair_id, retailer_id, observation_id, price, stock, observed_at)
			VALUES `+strings.Join(values, ", ")+`
			ON CONFLICT (chair_id, retailer_id) DO UPDATE SET observation_id = excluded.observation_id, price = excluded.price,
				stock = excluded.stock, observed_at = excluded.observed_at
			WHERE excluded.observed_at > price_current.observed_at
				OR (excluded.observed_at = price_current.observed_at AND excluded.observation_id > price_current.observation_id)`), args...)
		if err != nil {
			return fmt.Errorf("current offers: %w", err)
		}
	}
	return nil
}

// lowest is a chair's lowest buyable current offer and the observation
// behind it.
type lowest struct {
	offer         prices.Offer
	observationID int64
	retailerName  string
}

// lowestOffers returns the lowest buyable current offer of each of chairs
// that has one at now.
func (s *Store) lowestOffers(ctx context.Context, q queryer, chairs []int64, now time.Time) (map[int64]lowest, error) {
	out := map[int64]lowest{}
	cutoff := now.Add(-s.pricePolicy().MaxAge).Unix()
	for start := 0; start < len(chairs); start += obsBatch {
		batch := chairs[start:min(start+obsBatch, len(chairs))]
		args := []any{cutoff}
		for _, id := range batch {
			args = append(args, id)
		}
		rows, err := q.QueryContext(ctx, s.q(`SELECT pc.chair_id, pc.observation_id, c.slug, r.slug, r.name, pc.price, pc.observed_at
			FROM price_current pc JOIN chairs c ON c.id = pc.chair_id JOIN retailers r ON r.id = pc.retailer_id
			WHERE pc.observed_at >= ? AND pc.stock <> 'out_of_stock' AND pc.chair_id IN (`+placeholders(len(batch))+`)`), args...)
		if err != nil {
			return nil, fmt.Errorf("lowest offers: %w", err)
		}
		for rows.Next() {
			var l lowest
			var chair, at, price int64
			if err := rows.Scan(&chair, &l.observationID, &l.offer.ChairSlug, &l.offer.RetailerSlug, &l.retailerName, &price, &at); err != nil {
				rows.Close()
				return nil, fmt.Errorf("lowest offers: %w", err)
			}
			l.offer.Price, l.offer.ObservedAt = prices.Centavos(price), time.Unix(at, 0).UTC()
			if cur, ok := out[chair]; !ok || l.offer.Price < cur.offer.Price ||
				(l.offer.Price == cur.offer.Price && l.offer.RetailerSlug < cur.offer.RetailerSlug) {
				out[chair] = l
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("lowest offers: %w", err)
		}
	}
	return out, nil
}

// pricePolicy is the staleness rule the store reads prices with.
func (s *Store) pricePolicy() prices.Policy {
	return prices.Policy{MaxAge: prices.DefaultMaxAge}
}

// obsSelect reads an observation (over o, c and r, r left-joined).
const obsSelect = `c.slug, COALESCE(r.slug, ''), o.price, o.regular_price, o.instalment_months, o.instalment_rate_bp,
	o.instalment_monthly, o.instalment_banks, o.stock, o.url, o.observed_at, o.method`

func scanObservation(scan func(...any) error, extra ...any) (prices.Observation, error) {
	var o prices.Observation
	var price, regular, rate, monthly, at int64
	var months sql.NullInt64
	var banks, stock, method string
	dst := append([]any{&o.ChairSlug, &o.RetailerSlug, &price, &regular, &months, &rate, &monthly, &banks, &stock, &o.URL, &at, &method}, extra...)
	if err := scan(dst...); err != nil {
		return o, err
	}
	o.Price, o.RegularPrice, o.ObservedAt, o.Method = prices.Centavos(price), prices.Centavos(regular), time.Unix(at, 0).UTC(), prices.Method(method)
	o.Stock, _ = prices.ParseStock(stock)
	if months.Valid {
		o.Instalment = &prices.Instalment{Months: int(months.Int64), MonthlyRateBP: rate, Monthly: prices.Centavos(monthly)}
		if banks != "" {
			o.Instalment.Banks = strings.Split(banks, ";")
		}
	}
	return o, nil
}

// chairPrices is one chair's approved observations at listed retailers,
// oldest first, and the names of those retailers.
type chairPrices struct {
	observations  []prices.Observation
	retailerNames map[string]string
}

// PriceHistory analyses the approved observations of a chair (retired or
// not, so old links keep their history) since the given time (all when
// zero), and names their retailers by slug.
func (s *Store) PriceHistory(ctx context.Context, slug string, since time.Time) (prices.History, map[string]string, error) {
	all, err := s.priceHistories(ctx, []string{slug}, since)
	if err != nil {
		return prices.History{}, nil, err
	}
	cp, ok := all[slug]
	if !ok {
		var n int
		if err := s.read.QueryRowContext(ctx, s.q("SELECT COUNT(*) FROM chairs WHERE slug = ?"), slug).Scan(&n); err != nil {
			return prices.History{}, nil, fmt.Errorf("price history: %w", err)
		}
		if n == 0 {
			return prices.History{}, nil, errs.NotFoundf("no chair %q", slug)
		}
		cp.retailerNames = map[string]string{}
	}
	return s.pricePolicy().History(cp.observations, s.now()), cp.retailerNames, nil
}

// PriceSummaries returns, for each of the chairs, the history analysis of
// the last 90 days (and the maximum age before them, so the 90-day
// figures are right): its lowest current price and whether it dropped
// under the 90-day median.
func (s *Store) PriceSummaries(ctx context.Context, slugs []string) (map[string]prices.History, error) {
	now := s.now()
	since := prices.Day(now).AddDate(0, 0, -prices.Window).Add(-s.pricePolicy().MaxAge)
	all, err := s.priceHistories(ctx, slugs, since)
	if err != nil {
		return nil, err
	}
	out := make(map[string]prices.History, len(all))
	for slug, cp := range all {
		out[slug] = s.pricePolicy().History(cp.observations, now)
	}
	return out, nil
}

func (s *Store) priceHistories(ctx context.Context, slugs []string, since time.Time) (map[string]chairPrices, error) {
	out := map[string]chairPrices{}
	for start := 0; start < len(slugs); start += obsBatch {
		batch := slugs[start:min(start+obsBatch, len(slugs))]
		args := []any{since.Unix()}
		for _, slug := range batch {
			args = append(args, slug)
		}
		rows, err := s.read.QueryContext(ctx, s.q(`SELECT `+obsSelect+`, r.name FROM price_observations o
			JOIN chairs c ON c.id = o.chair_id JOIN retailers r ON r.id = o.retailer_id
			WHERE o.status = 'approved' AND o.observed_at >= ? AND c.slug IN (`+placeholders(len(batch))+`)
			ORDER BY o.observed_at, o.id`), args...)
		if err != nil {
			return nil, fmt.Errorf("price history: %w", err)
		}
		for rows.Next() {
			var name string
			o, err := scanObservation(rows.Scan, &name)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("price history: %w", err)
			}
			cp := out[o.ChairSlug]
			if cp.retailerNames == nil {
				cp.retailerNames = map[string]string{}
			}
			cp.observations = append(cp.observations, o)
			cp.retailerNames[o.RetailerSlug] = name
			out[o.ChairSlug] = cp
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("price history: %w", err)
		}
	}
	return out, nil
}

// fillOffers gives each chair its current offers; index maps chair ids
// to positions in chairs, and in is the IN list of ids.
func (s *Store) fillOffers(ctx context.Context, chairs []catalog.Chair, index map[int64]int, in string, ids []any) error {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT `+obsSelect+`, pc.chair_id, r.name FROM price_current pc
		JOIN price_observations o ON o.id = pc.observation_id JOIN chairs c ON c.id = pc.chair_id
		JOIN retailers r ON r.id = pc.retailer_id WHERE pc.chair_id IN `+in), ids...)
	if err != nil {
		return fmt.Errorf("offers: %w", err)
	}
	defer rows.Close()
	byChair := map[int64][]prices.Observation{}
	for rows.Next() {
		var id int64
		var name string
		o, err := scanObservation(rows.Scan, &id, &name)
		if err != nil {
			return fmt.Errorf("offers: %w", err)
		}
		byChair[id] = append(byChair[id], o)
		c := &chairs[index[id]]
		if c.RetailerNames == nil {
			c.RetailerNames = map[string]string{}
		}
		c.RetailerNames[o.RetailerSlug] = name
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("offers: %w", err)
	}
	now := s.now()
	for id, obs := range byChair {
		chairs[index[id]].Offers = s.pricePolicy().CurrentOffers(obs, now)
	}
	return nil
}
