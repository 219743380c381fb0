package store

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/catalog"
	"masahe/internal/errs"
)

// adminEditor adds an editor and returns them as the actor of changes.
func adminEditor(t *testing.T, s *Store, email string, role account.Role) audit.Actor {
	t.Helper()
	u, err := s.CreateUser(context.Background(), account.User{Email: email, DisplayName: "Ed", Role: role}, "x")
	if err != nil {
		t.Fatal(err)
	}
	return audit.Actor{UserID: u.ID, Email: u.Email}
}

// auditRows returns the whole audit log, newest first.
func auditRows(t *testing.T, s *Store) []audit.Entry {
	t.Helper()
	rows, err := s.AuditLog(context.Background(), 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// editedChair is a starter chair with its spec changed, as a one-record
// document the way the admin form builds it.
func editedChair(t *testing.T, s *Store, slug, key string, spec catalog.Spec) *catalog.Document {
	t.Helper()
	rec, err := s.AdminChair(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	c := rec.Chair
	c.BrandName, c.Offers, c.RetailerNames, c.Sources = "", nil, nil, nil
	c.Specs[key] = spec
	return &catalog.Document{Chairs: []catalog.Chair{c}}
}

func TestSaveRecordAudits(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc := loadStarter(t, s)
		by := adminEditor(t, s, "ed@example.ph", account.Editor)
		c := doc.Chairs[0]
		src := doc.Sources[0].ID
		version, _ := s.CatalogVersion(ctx)

		changed, err := s.SaveRecord(ctx, by, editedChair(t, s, c.Slug, "airbags", catalog.Spec{Value: json.Number("77"), Source: src}), false)
		if err != nil || !changed {
			t.Fatalf("SaveRecord = %v, %v", changed, err)
		}
		got, err := s.Chair(ctx, c.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := got.Int("airbags"); n != 77 || got.Specs["airbags"].Source != src {
			t.Errorf("airbags = %+v, want 77 from %s", got.Specs["airbags"], src)
		}
		if v, _ := s.CatalogVersion(ctx); v == version {
			t.Errorf("catalog version still %q after an edit", v)
		}
		rows := auditRows(t, s)
		if len(rows) != 1 {
			t.Fatalf("%d audit rows, want 1: %+v", len(rows), rows)
		}
		a := rows[0]
		if a.UserID != by.UserID || a.Actor != by.Email || a.Action != audit.Update || a.Entity != "chair" || a.Key != c.Slug || a.At.Unix() != testNow().Unix() {
			t.Errorf("audit row = %+v", a)
		}
		var before, after catalog.Chair
		if err := json.Unmarshal([]byte(a.Before), &before); err != nil {
			t.Fatalf("before %q: %v", a.Before, err)
		}
		if err := json.Unmarshal([]byte(a.After), &after); err != nil {
			t.Fatalf("after %q: %v", a.After, err)
		}
		if _, had := c.Specs["airbags"]; !had && before.Specs["airbags"].Value != nil {
			t.Errorf("before has airbags %v", before.Specs["airbags"])
		}
		if after.Specs["airbags"].Value != float64(77) || after.Specs["airbags"].Source != src || after.Name != c.Name {
			t.Errorf("after = %s", a.After)
		}

		// Saving the same again changes nothing and records nothing.
		if changed, err := s.SaveRecord(ctx, by, editedChair(t, s, c.Slug, "airbags", catalog.Spec{Value: json.Number("77"), Source: src}), false); err != nil || changed {
			t.Errorf("same save again = %v, %v; want false, nil", changed, err)
		}
		if n := len(auditRows(t, s)); n != 1 {
			t.Errorf("%d audit rows after an unchanged save, want 1", n)
		}

		// A chair with a new source beside it: both are created and audited.
		newDoc := &catalog.Document{
			Sources: []catalog.Source{{ID: "zz-new-source", URL: "https://example.ph/spec", Title: "Spec sheet"}},
			Chairs: []catalog.Chair{{Slug: "zz-new-chair", Brand: c.Brand, Name: "New One",
				Specs: map[string]catalog.Spec{"track": {Value: "sl", Source: "zz-new-source"}}}},
		}
		if _, err := s.SaveRecord(ctx, by, newDoc, true); err != nil {
			t.Fatal(err)
		}
		rows = auditRows(t, s)
		var kinds []string
		for _, r := range rows[:2] {
			kinds = append(kinds, r.Action+" "+r.Entity+" "+r.Key)
			if r.Before != "" || r.After == "" {
				t.Errorf("create row %+v: want no before and an after", r)
			}
		}
		slices.Sort(kinds)
		if want := []string{"create chair zz-new-chair", "create source zz-new-source"}; !slices.Equal(kinds, want) {
			t.Errorf("audit rows %v, want %v", kinds, want)
		}
	})
}

func TestSaveRecordRejects(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc := loadStarter(t, s)
		by := adminEditor(t, s, "ed@example.ph", account.Editor)
		c := doc.Chairs[0]
		src := doc.Sources[0].ID
		before, err := s.AdminChair(ctx, c.Slug)
		if err != nil {
			t.Fatal(err)
		}
		fields := func(err error) []string {
			var verr *catalog.ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("error %v (%T), want a ValidationError", err, err)
			}
			var out []string
			for _, p := range verr.Problems {
				out = append(out, p.Kind+":"+p.Field)
			}
			slices.Sort(out)
			return out
		}
		for _, tc := range []struct {
			name   string
			doc    *catalog.Document
			create bool
			want   []string
		}{
			{"bad track", editedChair(t, s, c.Slug, "track", catalog.Spec{Value: "x", Source: src}), false, []string{"chair:specs.track"}},
			{"height 20", editedChair(t, s, c.Slug, "user_height_max_cm", catalog.Spec{Value: json.Number("20"), Source: src}), false, []string{"chair:specs.user_height_max_cm"}},
			{"no source", editedChair(t, s, c.Slug, "heat", catalog.Spec{Value: true}), false, []string{"chair:specs.heat.source"}},
			{"new chair with a taken slug", editedChair(t, s, c.Slug, "heat", catalog.Spec{Value: true, Source: src}), true, []string{"chair:slug"}},
			{"new source with a taken id", &catalog.Document{
				Sources: []catalog.Source{{ID: src, URL: "https://example.ph/x", Title: "Other"}},
				Chairs:  editedChair(t, s, c.Slug, "heat", catalog.Spec{Value: true, Source: src}).Chairs,
			}, false, []string{"source:id"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.SaveRecord(ctx, by, tc.doc, tc.create)
				got := fields(err)
				if tc.want != nil && !slices.Equal(got, tc.want) {
					t.Errorf("problems at %v, want %v (%v)", got, tc.want, err)
				}
			})
		}
		after, err := s.AdminChair(ctx, c.Slug)
		if err != nil {
			t.Fatal(err)
		}
		b1, _ := json.Marshal(before)
		b2, _ := json.Marshal(after)
		if string(b1) != string(b2) {
			t.Errorf("the chair changed:\n%s\n%s", b1, b2)
		}
		if rows := auditRows(t, s); len(rows) != 0 {
			t.Errorf("rejected saves wrote %d audit rows", len(rows))
		}
		if _, err := s.SaveRecord(ctx, by, &catalog.Document{Brands: []catalog.Brand{{Slug: "zz-nobody", Name: "Nobody"}}}, false); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("editing a missing brand: %v, want not found", err)
		}
	})
}

func TestRetireChair(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc := loadStarter(t, s)
		by := adminEditor(t, s, "ed@example.ph", account.Editor)
		c := doc.Chairs[0]
		brandCount := func() int {
			brands, err := s.Brands(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range brands {
				if b.Slug == c.Brand {
					return b.Chairs
				}
			}
			return -1
		}
		chairsBefore := brandCount()
		visible := func() map[string]bool {
			seen := map[string]bool{}
			page, err := s.ListChairs(ctx, filter(t, "per_page=100"))
			if err != nil {
				t.Fatal(err)
			}
			seen["list"] = slices.ContainsFunc(page.Chairs, func(x catalog.Chair) bool { return x.Slug == c.Slug })
			words := strings.Fields(strings.ToLower(c.Name))
			page, err = s.ListChairs(ctx, filter(t, "q="+words[0]+"&per_page=100"))
			if err != nil {
				t.Fatal(err)
			}
			seen["search"] = slices.ContainsFunc(page.Chairs, func(x catalog.Chair) bool { return x.Slug == c.Slug })
			all, err := s.AllChairs(ctx)
			if err != nil {
				t.Fatal(err)
			}
			seen["all"] = slices.ContainsFunc(all, func(x catalog.Chair) bool { return x.Slug == c.Slug })
			_, err = s.Chair(ctx, c.Slug)
			seen["chair"] = err == nil
			return seen
		}
		for what, ok := range visible() {
			if !ok {
				t.Fatalf("before retiring: not in %s", what)
			}
		}
		if err := s.SetChairRetired(ctx, by, c.Slug, true); err != nil {
			t.Fatal(err)
		}
		for what, ok := range visible() {
			if ok {
				t.Errorf("retired chair still in %s", what)
			}
		}
		if _, err := s.Chair(ctx, c.Slug); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("Chair of a retired chair: %v, want not found", err)
		}
		if n := brandCount(); n != chairsBefore-1 {
			t.Errorf("brand count %d, want %d", n, chairsBefore-1)
		}
		if rec, err := s.AdminChair(ctx, c.Slug); err != nil || !rec.Retired {
			t.Errorf("AdminChair = %v, %v; want the retired chair", rec.Retired, err)
		}
		entries, err := s.ChairEntries(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if i := slices.IndexFunc(entries, func(e catalog.ChairEntry) bool { return e.Slug == c.Slug }); i < 0 || !entries[i].Retired || len(entries) != len(doc.Chairs) {
			t.Errorf("ChairEntries: %d entries, retired chair at %d", len(entries), i)
		}
		// Retiring twice records nothing more.
		if err := s.SetChairRetired(ctx, by, c.Slug, true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetChairRetired(ctx, by, c.Slug, false); err != nil {
			t.Fatal(err)
		}
		for what, ok := range visible() {
			if !ok {
				t.Errorf("restored chair not in %s", what)
			}
		}
		rows := auditRows(t, s)
		if len(rows) != 2 || rows[0].Action != audit.Restore || rows[1].Action != audit.Retire ||
			rows[1].Before != `{"retired":false}` || rows[1].After != `{"retired":true}` {
			t.Errorf("audit rows %+v", rows)
		}
		if err := s.SetChairRetired(ctx, by, "zz-none", true); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("retiring a missing chair: %v", err)
		}
	})
}

func TestRetireBrandRetailer(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc := loadStarter(t, s)
		by := adminEditor(t, s, "ed@example.ph", account.Editor)
		o := priceStarter(t, s, doc)[0]
		if err := s.RetireBrand(ctx, by, doc.Chairs[0].Brand); errs.CodeOf(err) != errs.Conflict || !strings.Contains(err.Error(), "used by") {
			t.Errorf("retiring a brand in use: %v, want a conflict", err)
		}
		if err := s.RetireRetailer(ctx, by, o.RetailerSlug); errs.CodeOf(err) != errs.Conflict || !strings.Contains(err.Error(), "price observation") {
			t.Errorf("retiring a retailer with price history: %v, want a conflict", err)
		}
		if n := len(auditRows(t, s)); n != 0 {
			t.Fatalf("refused retirements wrote %d audit rows", n)
		}

		// A brand of its own, unused, can be retired.
		if _, err := s.SaveRecord(ctx, by, &catalog.Document{Brands: []catalog.Brand{{Slug: "zz-brand", Name: "ZZ"}}}, true); err != nil {
			t.Fatal(err)
		}
		if err := s.RetireBrand(ctx, by, "zz-brand"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Brand(ctx, "zz-brand"); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("retired brand: %v", err)
		}
		if err := s.RetireBrand(ctx, by, "zz-brand"); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("retiring it again: %v, want not found", err)
		}
	})
}

func TestUserAdmin(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		admin := adminEditor(t, s, "admin@example.ph", account.Admin)
		member := adminEditor(t, s, "member@example.ph", account.Member)
		if err := s.CreateSession(ctx, member.UserID, "tok", 3600e9); err != nil {
			t.Fatal(err)
		}
		if err := s.SetUserRole(ctx, admin, member.UserID, account.Editor); err != nil {
			t.Fatal(err)
		}
		if u, _ := s.User(ctx, member.UserID); u.Role != account.Editor {
			t.Errorf("role = %s, want editor", u.Role)
		}
		if _, err := s.SessionUser(ctx, "tok", 3600e9); errs.CodeOf(err) != errs.Unauthorized {
			t.Errorf("session after the role change: %v, want ended", err)
		}
		if err := s.SetUserDisabled(ctx, admin, member.UserID, true); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			err  error
		}{
			{"demote self", s.SetUserRole(ctx, admin, admin.UserID, account.Member)},
			{"disable self", s.SetUserDisabled(ctx, admin, admin.UserID, true)},
		} {
			if errs.CodeOf(tc.err) != errs.Forbidden {
				t.Errorf("%s: %v, want forbidden", tc.name, tc.err)
			}
		}
		if u, _ := s.User(ctx, admin.UserID); u.Role != account.Admin || u.Disabled {
			t.Errorf("admin is now %+v", u)
		}
		rows := auditRows(t, s)
		if len(rows) != 2 || rows[1].Action != audit.SetRole || rows[0].Action != audit.Disable || rows[0].Key != strconv.FormatInt(member.UserID, 10) ||
			!strings.Contains(rows[1].Before, `"role":"member"`) || !strings.Contains(rows[1].After, `"role":"editor"`) {
			t.Errorf("audit rows %+v", rows)
		}
		// The log keeps who did it after their account is gone.
		if err := s.DeleteUser(ctx, admin.UserID); err != nil {
			t.Fatal(err)
		}
		if rows := auditRows(t, s); rows[0].UserID != 0 || rows[0].Actor != admin.Email {
			t.Errorf("after deleting the admin: %+v", rows[0])
		}
	})
}
