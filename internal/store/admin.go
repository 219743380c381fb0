package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/catalog"
	"masahe/internal/errs"
)

// queryer is a database or a transaction, so that one reader serves both
// pages and the audit's before and after.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// record names one catalog record: its kind (an audit entity, and the Kind
// of its validation problems), its key, and the field that holds the key.
type record struct {
	entity, key, field string
}

// SaveRecord writes one record from an admin form through the import, so
// that it is validated exactly like an imported file, and records every
// record it changes in the audit log, all in one transaction. doc holds
// the record and any new sources it cites. With create the record must
// not exist yet; without, it must. Sources beside a record of another kind
// are always new. Invalid input is a *catalog.ValidationError whose
// problems name their fields. It reports whether anything changed.
func (s *Store) SaveRecord(ctx context.Context, by audit.Actor, doc *catalog.Document, create bool) (bool, error) {
	changed := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		changed, err = s.saveRecordTx(ctx, tx, by, doc, create)
		return err
	})
	return changed, err
}

// saveRecordTx is SaveRecord inside a transaction of the caller's.
func (s *Store) saveRecordTx(ctx context.Context, tx *sql.Tx, by audit.Actor, doc *catalog.Document, create bool) (bool, error) {
	recs, err := formRecords(doc)
	if err != nil {
		return false, err
	}
	before := make([]string, len(recs))
	var problems []catalog.Problem
	for i, rec := range recs {
		var err error
		if before[i], err = s.recordJSON(ctx, tx, rec); err != nil {
			return false, err
		}
		switch exists := before[i] != ""; {
		case i == 0 && !create && !exists:
			return false, errs.NotFoundf("no %s %q", rec.entity, rec.key)
		case (i > 0 || create) && exists:
			problems = append(problems, catalog.Problem{Record: rec.entity + " " + rec.key, Kind: rec.entity,
				Field: rec.field, Message: alreadyExists[rec.entity]})
		}
	}
	_, err = s.importTx(ctx, tx, doc, nil)
	if verr := (*catalog.ValidationError)(nil); errors.As(err, &verr) {
		verr.Problems = append(problems, verr.Problems...)
		return false, verr
	}
	if err != nil {
		return false, err
	}
	if len(problems) > 0 {
		return false, &catalog.ValidationError{Problems: problems}
	}
	changed := false
	for i, rec := range recs {
		after, err := s.recordJSON(ctx, tx, rec)
		if err != nil {
			return false, err
		}
		if after == before[i] {
			continue
		}
		action := audit.Update
		if before[i] == "" {
			action = audit.Create
		}
		if err := s.audit(ctx, tx, by, action, rec.entity, rec.key, before[i], after); err != nil {
			return false, err
		}
		changed = true
	}
	return changed, nil
}

// alreadyExists explains, per kind, why a new record clashes.
var alreadyExists = map[string]string{
	"source":   "a source with this id already exists; choose it from the list instead",
	"brand":    "a brand with this slug already exists; edit it instead",
	"retailer": "a retailer with this slug already exists; edit it instead",
	"chair":    "a chair with this slug already exists (it may be retired); edit it instead",
	"place":    "a place with this slug already exists; edit it instead",
}

// formRecords lists what a form's document holds: first its one record,
// then the new sources beside it. A document of sources only is a source
// form: one source.
func formRecords(doc *catalog.Document) ([]record, error) {
	var recs, sources []record
	for _, b := range doc.Brands {
		recs = append(recs, record{"brand", b.Slug, "slug"})
	}
	for _, r := range doc.Retailers {
		recs = append(recs, record{"retailer", r.Slug, "slug"})
	}
	for _, c := range doc.Chairs {
		recs = append(recs, record{"chair", c.Slug, "slug"})
	}
	for _, p := range doc.Places {
		recs = append(recs, record{"place", p.Slug, "slug"})
	}
	for _, src := range doc.Sources {
		sources = append(sources, record{"source", src.ID, "id"})
	}
	if len(recs) == 1 || (len(recs) == 0 && len(sources) == 1) {
		return append(recs, sources...), nil
	}
	return nil, fmt.Errorf("save record: the document holds %d records besides its sources, not one", len(recs))
}

// recordJSON is a record's export form as JSON, "" when it does not exist.
func (s *Store) recordJSON(ctx context.Context, q queryer, rec record) (string, error) {
	var v any
	var err error
	switch rec.entity {
	case "source":
		v, err = s.sourceByID(ctx, q, rec.key)
	case "brand":
		v, err = s.brandBySlug(ctx, q, rec.key)
	case "retailer":
		v, err = s.retailerBySlug(ctx, q, rec.key)
	case "chair":
		var c catalog.Chair
		c, _, err = s.chairRecord(ctx, q, rec.key)
		c.BrandName = ""
		v = c
	case "place":
		v, err = s.placeBySlug(ctx, q, rec.key)
	default:
		return "", fmt.Errorf("record of unknown kind %q", rec.entity)
	}
	if errs.CodeOf(err) == errs.NotFound {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// audit writes one row of the audit log.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, by audit.Actor, action, entity, key, before, after string) error {
	var user any
	if by.UserID != 0 {
		user = by.UserID
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO audit_log (user_id, actor, at, action, entity, entity_key, before_json, after_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), user, by.Email, s.now().Unix(), action, entity, key, nullString(before), nullString(after))
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditLog returns entries of the audit log, newest first.
func (s *Store) AuditLog(ctx context.Context, limit, offset int) ([]audit.Entry, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT id, COALESCE(user_id, 0), actor, at, action, entity, entity_key,
		COALESCE(before_json, ''), COALESCE(after_json, '') FROM audit_log ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`), limit, offset)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var at int64
		if err := rows.Scan(&e.ID, &e.UserID, &e.Actor, &at, &e.Action, &e.Entity, &e.Key, &e.Before, &e.After); err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		e.At = time.Unix(at, 0).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// SetChairRetired retires a chair, taking it out of every public list,
// page and answer, or restores it, and records the change. Asking for the
// state a chair is already in changes nothing.
func (s *Store) SetChairRetired(ctx context.Context, by audit.Actor, slug string, retired bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var was bool
		err := tx.QueryRowContext(ctx, s.q("SELECT retired FROM chairs WHERE slug = ?"), slug).Scan(&was)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("no chair %q", slug)
		}
		if err != nil || was == retired {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE chairs SET retired = ? WHERE slug = ?"), retired, slug); err != nil {
			return err
		}
		action := audit.Retire
		if !retired {
			action = audit.Restore
		}
		state := func(b bool) string { return `{"retired":` + strconv.FormatBool(b) + `}` }
		if err := s.audit(ctx, tx, by, action, "chair", slug, state(was), state(retired)); err != nil {
			return err
		}
		return s.bumpCatalogVersion(ctx, tx)
	})
}

// RetireBrand deletes a brand that no chair uses, retired chairs included
// (they may be restored); otherwise it is a conflict.
func (s *Store) RetireBrand(ctx context.Context, by audit.Actor, slug string) error {
	return s.retire(ctx, by, record{"brand", slug, "slug"}, func(tx *sql.Tx) error {
		var n, retired int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.retired THEN 1 ELSE 0 END), 0)
			FROM chairs c JOIN brands b ON b.id = c.brand_id WHERE b.slug = ?`), slug).Scan(&n, &retired); err != nil {
			return err
		}
		if n > 0 {
			used := plural(n, "chair")
			if retired > 0 {
				used += fmt.Sprintf(" (%d of them retired)", retired)
			}
			return errs.Conflictf("the brand %s is used by %s; a brand can be retired only when no chair uses it, so move its chairs to another brand first", slug, used)
		}
		_, err := tx.ExecContext(ctx, s.q("DELETE FROM brands WHERE slug = ?"), slug)
		return err
	})
}

// RetireRetailer deletes a retailer that no price observation or tracked
// URL names; otherwise it is a conflict (observations are history, kept).
func (s *Store) RetireRetailer(ctx context.Context, by audit.Actor, slug string) error {
	return s.retire(ctx, by, record{"retailer", slug, "slug"}, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT (SELECT COUNT(*) FROM price_observations o WHERE o.retailer_id = r.id)
			+ (SELECT COUNT(*) FROM tracked_urls t WHERE t.retailer_id = r.id) FROM retailers r WHERE r.slug = ?`), slug).Scan(&n); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if n > 0 {
			return errs.Conflictf("the retailer %s has %s; a retailer with price history or tracked URLs stays", slug, plural(n, "price observation or tracked URL"))
		}
		_, err := tx.ExecContext(ctx, s.q("DELETE FROM retailers WHERE slug = ?"), slug)
		return err
	})
}

// retire removes a record with del and records what it was.
func (s *Store) retire(ctx context.Context, by audit.Actor, rec record, del func(tx *sql.Tx) error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := s.recordJSON(ctx, tx, rec)
		if err != nil {
			return err
		}
		if before == "" {
			return errs.NotFoundf("no %s %q", rec.entity, rec.key)
		}
		if err := del(tx); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, by, audit.Retire, rec.entity, rec.key, before, ""); err != nil {
			return err
		}
		return s.bumpCatalogVersion(ctx, tx)
	})
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// SetUserRole changes a user's role and ends their sessions, so that the
// new rights start at their next login, and records the change. Nobody
// changes their own role, so an admin always remains.
func (s *Store) SetUserRole(ctx context.Context, by audit.Actor, userID int64, role account.Role) error {
	if userID == by.UserID {
		return &errs.Error{Code: errs.Forbidden, Field: "role", Message: "you cannot change your own role; another admin must do it"}
	}
	return s.changeUser(ctx, by, userID, audit.SetRole, "role = ?", role, func(u *account.User) { u.Role = role })
}

// SetUserDisabled disables a user, ending their sessions, or enables them
// again, and records the change. Nobody disables themself.
func (s *Store) SetUserDisabled(ctx context.Context, by audit.Actor, userID int64, disabled bool) error {
	if userID == by.UserID {
		return &errs.Error{Code: errs.Forbidden, Message: "you cannot disable or enable your own account; another admin must do it"}
	}
	action := audit.Enable
	if disabled {
		action = audit.Disable
	}
	return s.changeUser(ctx, by, userID, action, "disabled = ?", disabled, func(u *account.User) { u.Disabled = disabled })
}

// changeUser sets one column of a user, ends their sessions and records
// the change; a change to what the user already is does nothing.
func (s *Store) changeUser(ctx context.Context, by audit.Actor, userID int64, action, set string, value any, change func(u *account.User)) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		u, err := scanUser(tx.QueryRowContext(ctx, s.q("SELECT "+userColumns+" FROM users WHERE id = ?"), userID))
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("no user %d", userID)
		}
		if err != nil {
			return err
		}
		after := u
		change(&after)
		if after == u {
			return nil
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE users SET "+set+" WHERE id = ?"), value, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM sessions WHERE user_id = ?"), userID); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, action, "user", strconv.FormatInt(userID, 10), userJSON(u), userJSON(after))
	})
}

func userJSON(u account.User) string {
	b, _ := json.Marshal(struct {
		Email    string       `json:"email"`
		Role     account.Role `json:"role"`
		Disabled bool         `json:"disabled"`
	}{u.Email, u.Role, u.Disabled})
	return string(b)
}

// ChairEntries lists every chair, retired ones included, by name.
func (s *Store) ChairEntries(ctx context.Context) ([]catalog.ChairEntry, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT c.slug, c.name, b.name, c.retired,
		(SELECT COUNT(*) FROM price_current pc WHERE pc.chair_id = c.id)`+allChairsFrom+` ORDER BY c.sort_name, c.slug`)
	if err != nil {
		return nil, fmt.Errorf("chair entries: %w", err)
	}
	defer rows.Close()
	var out []catalog.ChairEntry
	for rows.Next() {
		var e catalog.ChairEntry
		if err := rows.Scan(&e.Slug, &e.Name, &e.BrandName, &e.Retired, &e.Offers); err != nil {
			return nil, fmt.Errorf("chair entries: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AdminChair returns a chair whether or not it is retired: the one read of
// a chair that sees retired ones.
func (s *Store) AdminChair(ctx context.Context, slug string) (catalog.ChairRecord, error) {
	c, retired, err := s.chairRecord(ctx, s.read, slug)
	if err != nil {
		return catalog.ChairRecord{}, err
	}
	var id int64
	if err := s.read.QueryRowContext(ctx, s.q("SELECT id FROM chairs WHERE slug = ?"), slug).Scan(&id); err != nil {
		return catalog.ChairRecord{}, fmt.Errorf("chair %s: %w", slug, err)
	}
	chairs := []catalog.Chair{c}
	if err := s.fillOffers(ctx, chairs, map[int64]int{id: 0}, "(?)", []any{id}); err != nil {
		return catalog.ChairRecord{}, err
	}
	c = chairs[0]
	return catalog.ChairRecord{Chair: c, Retired: retired}, nil
}

// chairRecord reads a chair, retired or not, with where each spec comes
// from, and whether it is retired.
func (s *Store) chairRecord(ctx context.Context, q queryer, slug string) (catalog.Chair, bool, error) {
	rows, err := q.QueryContext(ctx, s.q("SELECT "+chairSelect+allChairsFrom+" WHERE c.slug = ?"), slug)
	if err != nil {
		return catalog.Chair{}, false, fmt.Errorf("chair %s: %w", slug, err)
	}
	if !rows.Next() {
		rows.Close()
		if err := rows.Err(); err != nil {
			return catalog.Chair{}, false, fmt.Errorf("chair %s: %w", slug, err)
		}
		return catalog.Chair{}, false, errs.NotFoundf("no chair %q", slug)
	}
	c, id, err := scanChair(rows)
	rows.Close()
	if err != nil {
		return c, false, fmt.Errorf("chair %s: %w", slug, err)
	}
	var retired bool
	if err := q.QueryRowContext(ctx, s.q("SELECT retired FROM chairs WHERE id = ?"), id).Scan(&retired); err != nil {
		return c, false, fmt.Errorf("chair %s: %w", slug, err)
	}
	rows, err = q.QueryContext(ctx, s.q("SELECT spec, COALESCE(source_id, ''), sample FROM chair_spec_sources WHERE chair_id = ?"), id)
	if err != nil {
		return c, false, fmt.Errorf("chair %s: %w", slug, err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, src string
		var sample bool
		if err := rows.Scan(&key, &src, &sample); err != nil {
			return c, false, fmt.Errorf("chair %s: %w", slug, err)
		}
		if spec, ok := c.Specs[key]; ok {
			spec.Source, spec.Sample = src, sample
			c.Specs[key] = spec
		}
	}
	return c, retired, rows.Err()
}

// AllSources lists every source by id.
func (s *Store) AllSources(ctx context.Context) ([]catalog.Source, error) {
	return s.sourcesAll(ctx)
}

// Source returns the source with id.
func (s *Store) Source(ctx context.Context, id string) (catalog.Source, error) {
	return s.sourceByID(ctx, s.read, id)
}

func (s *Store) sourceByID(ctx context.Context, q queryer, id string) (catalog.Source, error) {
	src, err := scanSource(q.QueryRowContext(ctx, s.q("SELECT "+sourceColumns+" FROM sources WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return src, errs.NotFoundf("no source %q", id)
	}
	return src, err
}

// Brand returns the brand with slug.
func (s *Store) Brand(ctx context.Context, slug string) (catalog.Brand, error) {
	return s.brandBySlug(ctx, s.read, slug)
}

func (s *Store) brandBySlug(ctx context.Context, q queryer, slug string) (catalog.Brand, error) {
	var b catalog.Brand
	err := q.QueryRowContext(ctx, s.q("SELECT slug, name, country, website, ph_presence, COALESCE(source_id, '') FROM brands WHERE slug = ?"), slug).
		Scan(&b.Slug, &b.Name, &b.Country, &b.Website, &b.PHPresence, &b.Source)
	if errors.Is(err, sql.ErrNoRows) {
		return b, errs.NotFoundf("no brand %q", slug)
	}
	return b, err
}

// Retailers lists every retailer by name with its number of current offers.
func (s *Store) Retailers(ctx context.Context) ([]catalog.RetailerCount, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT r.slug, r.name, r.url, COALESCE(r.source_id, ''),
		(SELECT COUNT(*) FROM price_current pc WHERE pc.retailer_id = r.id) FROM retailers r ORDER BY LOWER(r.name), r.slug`)
	if err != nil {
		return nil, fmt.Errorf("retailers: %w", err)
	}
	defer rows.Close()
	var out []catalog.RetailerCount
	for rows.Next() {
		var r catalog.RetailerCount
		if err := rows.Scan(&r.Slug, &r.Name, &r.URL, &r.Source, &r.Offers); err != nil {
			return nil, fmt.Errorf("retailers: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Retailer returns the retailer with slug.
func (s *Store) Retailer(ctx context.Context, slug string) (catalog.Retailer, error) {
	return s.retailerBySlug(ctx, s.read, slug)
}

func (s *Store) retailerBySlug(ctx context.Context, q queryer, slug string) (catalog.Retailer, error) {
	var r catalog.Retailer
	err := q.QueryRowContext(ctx, s.q("SELECT slug, name, url, COALESCE(source_id, '') FROM retailers WHERE slug = ?"), slug).
		Scan(&r.Slug, &r.Name, &r.URL, &r.Source)
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.NotFoundf("no retailer %q", slug)
	}
	return r, err
}
