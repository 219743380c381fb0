package store

import (
	"context"
	"testing"

	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/catalog"
	"masahe/internal/errs"
)

// TestChairViews: counts from several flushes (several replicas) add up
// per chair and day, a slug that names no chair is dropped, and the total
// reads from a day on.
func TestChairViews(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc := loadStarter(t, s)
		a, b := doc.Chairs[0].Slug, doc.Chairs[1].Slug
		for _, flush := range []struct {
			day    string
			counts map[string]int64
		}{
			{"2026-11-20", map[string]int64{a: 100}},
			{"2026-11-23", map[string]int64{a: 3, b: 1, "no-such-chair": 7}},
			{"2026-11-23", map[string]int64{a: 2}},
			{"2026-11-24", map[string]int64{b: 4}},
		} {
			if err := s.AddChairViews(ctx, flush.day, flush.counts); err != nil {
				t.Fatalf("AddChairViews(%s): %v", flush.day, err)
			}
		}
		got, err := s.ChairViews(ctx, "2026-11-23")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[a] != 5 || got[b] != 5 {
			t.Errorf("views since 2026-11-23 = %v, want %s 5 and %s 5 and nothing else", got, a, b)
		}
		if all, _ := s.ChairViews(ctx, "2026-01-01"); all[a] != 105 {
			t.Errorf("views of %s since January = %d, want 105", a, all[a])
		}
	})
}

// TestSubmissions: a member's submission is checked as it arrives; an
// approval puts the value on the chair, cited to a new owner-measurement
// source, in the audit log with the submission; a decided submission
// cannot be decided again; a rejection keeps its reason for the member.
func TestSubmissions(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc := loadStarter(t, s)
		slug := doc.Chairs[0].Slug
		owner := addUser(t, s, "owner@example.ph", account.Member)
		by := adminEditor(t, s, "ed@example.ph", account.Editor)

		for _, bad := range []struct {
			sb    catalog.Submission
			field string
		}{
			{catalog.Submission{Chair: slug, Field: "colour", Value: "red", How: "label"}, "field"},
			{catalog.Submission{Chair: slug, Field: "reclined_depth_cm", Value: "9000", How: "measured"}, "value"},
			{catalog.Submission{Chair: slug, Field: "reclined_depth_cm", Value: "182", How: "guessed"}, "how"},
			{catalog.Submission{Chair: slug, Field: "reclined_depth_cm", Value: "182", How: "measured", URL: "ftp://x"}, "url"},
		} {
			if _, err := s.AddSubmission(ctx, owner.ID, bad.sb); errs.As(err).Field != bad.field {
				t.Errorf("AddSubmission(%+v) = %v, want invalid %s", bad.sb, err, bad.field)
			}
		}
		if _, err := s.AddSubmission(ctx, owner.ID, catalog.Submission{Chair: "no-such-chair", Field: "voltage", Value: "220-240", How: "label"}); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("a submission for no chair: %v, want not_found", err)
		}

		depth, err := s.AddSubmission(ctx, owner.ID, catalog.Submission{Chair: slug, Field: "reclined_depth_cm", Value: "182", How: "measured"})
		if err != nil {
			t.Fatal(err)
		}
		volt, err := s.AddSubmission(ctx, owner.ID, catalog.Submission{Chair: slug, Field: "voltage", Value: "220-240", How: "label", ShowName: true})
		if err != nil {
			t.Fatal(err)
		}
		if depth.Status != catalog.SubmissionPending || depth.Author != owner.DisplayName || !depth.Created.Equal(testNow()) {
			t.Errorf("new submission %+v: want pending, by %s, sent now", depth, owner.DisplayName)
		}
		if queue, _ := s.PendingSubmissions(ctx); len(queue) != 2 || queue[0].ID != depth.ID {
			t.Errorf("queue %+v, want both, oldest first", queue)
		}

		src := depth.OwnerSource("https://masahe.example/chairs/" + slug)
		if err := s.ApproveSubmission(ctx, by, depth.ID, src); err != nil {
			t.Fatal(err)
		}
		c, err := s.Chair(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := c.Int("reclined_depth_cm"); v != 182 || c.Specs["reclined_depth_cm"].Source != src.ID {
			t.Errorf("approved depth on the chair: %+v, want 182 cited to %s", c.Specs["reclined_depth_cm"], src.ID)
		}
		got := c.Sources[src.ID]
		if got.Kind != catalog.KindOwnerMeasurement || got.Market != catalog.MarketPH || got.Accessed != "2026-11-24" || got.Publisher != "An owner of the chair" {
			t.Errorf("owner source %+v: want an unnamed PH owner measurement dated 2026-11-24", got)
		}
		entities := map[string]string{}
		for _, e := range auditRows(t, s) {
			entities[e.Entity] = e.Action
		}
		if entities["submission"] != audit.Approve || entities["chair"] != audit.Update || entities["source"] != audit.Create {
			t.Errorf("audit after approval: %v, want the submission approved, the chair updated, the source created", entities)
		}
		if err := s.ApproveSubmission(ctx, by, depth.ID, src); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("approving twice: %v, want conflict", err)
		}

		if err := s.RejectSubmission(ctx, by, volt.ID, ""); errs.As(err).Field != "reason" {
			t.Errorf("rejecting without a reason: %v, want invalid reason", err)
		}
		const why = "The label in the photo reads 110–120 V."
		if err := s.RejectSubmission(ctx, by, volt.ID, why); err != nil {
			t.Fatal(err)
		}
		mine, err := s.UserSubmissions(ctx, owner.ID)
		if err != nil {
			t.Fatal(err)
		}
		states := map[int64]catalog.Submission{}
		for _, sb := range mine {
			states[sb.ID] = sb
		}
		if states[depth.ID].Status != catalog.SubmissionApproved || states[depth.ID].Source != src.ID ||
			states[volt.ID].Status != catalog.SubmissionRejected || states[volt.ID].Reason != why {
			t.Errorf("the owner's submissions %+v: want the depth approved with its source and the voltage rejected with the reason", mine)
		}
		if queue, _ := s.PendingSubmissions(ctx); len(queue) != 0 {
			t.Errorf("queue after both decided: %+v", queue)
		}
	})
}
