package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"masahe/internal/account"
	"masahe/internal/errs"
	"masahe/internal/safety"
)

func loggedSession(at time.Time, program string) safety.LoggedSession {
	return safety.LoggedSession{At: at, Chair: "OSIM uDream", Program: program, Intensity: 4, Minutes: 25,
		Areas: []string{"back", "shoulders"}, Heat: true}
}

func TestLogConsent(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		clk := withClock(s)
		u := addUser(t, s, "owner@example.ph", account.Member)
		_, _, err := s.Consent(ctx, u.ID)
		wantCode(t, "Consent before consenting", err, errs.NotFound)

		if err := s.GiveConsent(ctx, u.ID, "v1"); err != nil {
			t.Fatal(err)
		}
		version, at, err := s.Consent(ctx, u.ID)
		if err != nil || version != "v1" || !at.Equal(clk.Now()) || at.Location() != time.UTC {
			t.Errorf("Consent = %q, %v, %v; want v1 given at the store's clock %v (UTC)", version, at, err, clk.Now())
		}

		// Consenting again to a new text records the new version and time.
		clk.Advance(36 * time.Hour)
		if err := s.GiveConsent(ctx, u.ID, "v2"); err != nil {
			t.Fatal(err)
		}
		version, at, err = s.Consent(ctx, u.ID)
		if err != nil || version != "v2" || !at.Equal(clk.Now()) {
			t.Errorf("Consent after a new version = %q, %v, %v; want v2 at %v", version, at, err, clk.Now())
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM log_consents WHERE user_id = ?", u.ID); n != 1 {
			t.Errorf("%d consent rows, want 1", n)
		}

		other := addUser(t, s, "other@example.ph", account.Member)
		_, _, err = s.Consent(ctx, other.ID)
		wantCode(t, "another user's consent", err, errs.NotFound)
	})
}

func TestLogRoundTrip(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		withClock(s)
		owner := addUser(t, s, "owner@example.ph", account.Member)
		other := addUser(t, s, "other@example.ph", account.Member)
		at := time.Date(2026, 11, 23, 12, 30, 0, 0, time.UTC)

		// Logged out of order: Log returns them oldest first.
		later := loggedSession(at.Add(2*time.Hour), "Deep tissue")
		earlier := safety.LoggedSession{At: at, Chair: "", Program: "", Intensity: 1, Minutes: 5, Areas: []string{}, Heat: false}
		id1, err := s.AddSession(ctx, owner.ID, later)
		if err != nil {
			t.Fatal(err)
		}
		id2, err := s.AddSession(ctx, owner.ID, earlier)
		if err != nil {
			t.Fatal(err)
		}
		if id1 <= 0 || id2 <= 0 || id1 == id2 {
			t.Errorf("ids %d, %d; want two positive ids", id1, id2)
		}
		ci := safety.CheckIn{At: at.Add(20 * time.Hour), Soreness: 7, Areas: []string{"neck"}, Symptoms: []string{"saddle_numbness", "fever"}}
		cid, err := s.AddCheckIn(ctx, owner.ID, ci)
		if err != nil || cid <= 0 {
			t.Fatalf("AddCheckIn = %d, %v", cid, err)
		}
		plain := safety.CheckIn{At: at.Add(30 * time.Hour), Soreness: 0, Areas: []string{}, Symptoms: []string{}}
		if _, err := s.AddCheckIn(ctx, owner.ID, plain); err != nil {
			t.Fatal(err)
		}
		// The other user's rows, which the owner's log must never show.
		if _, err := s.AddSession(ctx, other.ID, loggedSession(at.Add(time.Hour), "Other's program")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddCheckIn(ctx, other.ID, safety.CheckIn{At: at, Soreness: 2, Areas: []string{}, Symptoms: []string{"bruising"}}); err != nil {
			t.Fatal(err)
		}

		sessions, checkIns, err := s.Log(ctx, owner.ID)
		if err != nil {
			t.Fatal(err)
		}
		later.ID, earlier.ID = id1, id2
		if want := []safety.LoggedSession{earlier, later}; !reflect.DeepEqual(sessions, want) {
			t.Errorf("sessions =\n%+v\nwant\n%+v", sessions, want)
		}
		ci.ID = cid
		plain.ID = checkIns[len(checkIns)-1].ID
		if want := []safety.CheckIn{ci, plain}; !reflect.DeepEqual(checkIns, want) {
			t.Errorf("check-ins =\n%+v\nwant\n%+v", checkIns, want)
		}
		for _, x := range sessions {
			if x.At.Location() != time.UTC {
				t.Errorf("session time %v is not UTC", x.At)
			}
		}

		theirs, theirChecks, err := s.Log(ctx, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(theirs) != 1 || theirs[0].Program != "Other's program" || len(theirChecks) != 1 || theirChecks[0].Symptoms[0] != "bruising" {
			t.Errorf("the other user's log = %+v, %+v; want only their own rows", theirs, theirChecks)
		}
		none, noChecks, err := s.Log(ctx, 999999)
		if err != nil || len(none) != 0 || len(noChecks) != 0 {
			t.Errorf("an unknown user's log = %+v, %+v, %v; want empty", none, noChecks, err)
		}
	})
}

func TestDeleteLog(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		withClock(s)
		owner := addUser(t, s, "owner@example.ph", account.Member)
		other := addUser(t, s, "other@example.ph", account.Member)
		at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
		for _, u := range []account.User{owner, other} {
			if err := s.GiveConsent(ctx, u.ID, safety.ConsentVersion); err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				if _, err := s.AddSession(ctx, u.ID, loggedSession(at.Add(time.Duration(i)*time.Hour), "Relax")); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.AddCheckIn(ctx, u.ID, safety.CheckIn{At: at.Add(5 * time.Hour), Soreness: 3, Areas: []string{}, Symptoms: []string{}}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.DeleteLog(ctx, owner.ID); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"log_sessions", "log_checkins", "log_consents"} {
			if n := countRows(t, s, "SELECT COUNT(*) FROM "+table+" WHERE user_id = ?", owner.ID); n != 0 {
				t.Errorf("%s: %d rows of the owner left after DeleteLog", table, n)
			}
		}
		_, _, err := s.Consent(ctx, owner.ID)
		wantCode(t, "consent after DeleteLog", err, errs.NotFound)
		if _, err := s.User(ctx, owner.ID); err != nil {
			t.Errorf("DeleteLog removed the account: %v", err)
		}
		// The other user's log is untouched.
		sessions, checkIns, err := s.Log(ctx, other.ID)
		if err != nil || len(sessions) != 3 || len(checkIns) != 1 {
			t.Errorf("the other user's log after the owner's DeleteLog: %d sessions, %d check-ins, %v; want 3 and 1", len(sessions), len(checkIns), err)
		}
		if _, _, err := s.Consent(ctx, other.ID); err != nil {
			t.Errorf("the other user's consent after the owner's DeleteLog: %v", err)
		}
		// Deleting an empty log is not an error.
		if err := s.DeleteLog(ctx, owner.ID); err != nil {
			t.Errorf("DeleteLog of an empty log: %v", err)
		}
	})
}

func TestDeleteUserDeletesLog(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		withClock(s)
		owner := addUser(t, s, "owner@example.ph", account.Member)
		other := addUser(t, s, "other@example.ph", account.Member)
		at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
		for _, u := range []account.User{owner, other} {
			if err := s.GiveConsent(ctx, u.ID, safety.ConsentVersion); err != nil {
				t.Fatal(err)
			}
			if _, err := s.AddSession(ctx, u.ID, loggedSession(at, "Relax")); err != nil {
				t.Fatal(err)
			}
			if _, err := s.AddCheckIn(ctx, u.ID, safety.CheckIn{At: at.Add(time.Hour), Soreness: 3, Areas: []string{}, Symptoms: []string{"fever"}}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.DeleteUser(ctx, owner.ID); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"log_sessions", "log_checkins", "log_consents"} {
			if n := countRows(t, s, "SELECT COUNT(*) FROM "+table+" WHERE user_id = ?", owner.ID); n != 0 {
				t.Errorf("%s: %d rows of the deleted user left", table, n)
			}
			if n := countRows(t, s, "SELECT COUNT(*) FROM "+table+" WHERE user_id = ?", other.ID); n != 1 {
				t.Errorf("%s: %d rows of the other user, want 1", table, n)
			}
		}
	})
}
