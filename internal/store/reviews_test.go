// This file is over 600 lines on purpose: it holds owner reviews in the store on both databases: saving, moderation, ratings and deletion.
// Splitting it would scatter one fixture across files.

package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"masahe/internal/account"
	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/errs"
	"masahe/internal/media"
)

// ownerReview is a valid review with the given overall rating.
func ownerReview(overall int) content.OwnerReview {
	return content.OwnerReview{
		Overall:     overall,
		Ratings:     map[string]int{"comfort": 5, "value": 3},
		MonthsOwned: 8,
		Text:        fmt.Sprintf("An owner's review rating the chair %d out of 5 after eight months.", overall),
		Pros:        "Quiet motor",
		Cons:        "Heavy to move",
	}
}

// saveReview saves r and returns it as stored.
func saveReview(t *testing.T, s *Store, slug string, userID int64, r content.OwnerReview) content.OwnerReview {
	t.Helper()
	ctx := context.Background()
	if err := s.SaveReview(ctx, slug, userID, r, media.PhotoEdit{}); err != nil {
		t.Fatalf("SaveReview(%s, user %d): %v", slug, userID, err)
	}
	got, err := s.UserReview(ctx, slug, userID)
	if err != nil {
		t.Fatalf("UserReview(%s, user %d): %v", slug, userID, err)
	}
	return got
}

// publishReview saves and publishes a review and returns its id.
func publishReview(t *testing.T, s *Store, slug string, userID int64, overall int) int64 {
	t.Helper()
	r := saveReview(t, s, slug, userID, ownerReview(overall))
	if err := s.Moderate(context.Background(), r.ID, true, ""); err != nil {
		t.Fatalf("publish review %d: %v", r.ID, err)
	}
	return r.ID
}

// wantRating checks a chair's stored rating sum and count.
func wantRating(t *testing.T, s *Store, slug string, sum, count int) {
	t.Helper()
	c, err := s.Chair(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	if c.RatingSum != sum || c.RatingCount != count {
		t.Errorf("chair %s rating sum/count = %d/%d, want %d/%d", slug, c.RatingSum, c.RatingCount, sum, count)
	}
}

func reviewIDs(list []content.OwnerReview) []int64 {
	out := []int64{}
	for _, r := range list {
		out = append(out, r.ID)
	}
	return out
}

func TestSaveReviewCreatesPendingAndEditsOne(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		clk := withClock(s)
		doc := loadStarter(t, s)
		c := doc.Chairs[0]
		u := addUser(t, s, "juan@example.ph", account.Member)

		r := saveReview(t, s, c.Slug, u.ID, ownerReview(4))
		if r.ID == 0 || r.Status != content.Pending || r.Overall != 4 || r.MonthsOwned != 8 || r.Pros != "Quiet motor" || r.Cons != "Heavy to move" ||
			r.Text != ownerReview(4).Text || r.Chair != c.Slug || r.UserID != u.ID || r.Author != u.DisplayName || r.RejectReason != "" || r.Reports != 0 {
			t.Errorf("new review = %+v", r)
		}
		if len(r.Ratings) != 2 || r.Ratings["comfort"] != 5 || r.Ratings["value"] != 3 {
			t.Errorf("sub-ratings = %v, want comfort 5, value 3 and no others", r.Ratings)
		}
		if !r.UpdatedAt.Equal(clk.Now()) || !r.PublishedAt.IsZero() {
			t.Errorf("updated %v, published %v; want updated now (%v), never published", r.UpdatedAt, r.PublishedAt, clk.Now())
		}
		if r.ChairName == "" || r.ChairName == c.Slug {
			t.Errorf("ChairName = %q, want brand and model name", r.ChairName)
		}
		wantRating(t, s, c.Slug, 0, 0)
		if list, err := s.ChairReviews(ctx, c.Slug); err != nil || len(list) != 0 {
			t.Errorf("ChairReviews of a pending review = %v, %v; want none", reviewIDs(list), err)
		}

		clk.Advance(time.Hour)
		if err := s.Moderate(ctx, r.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		published, err := s.Review(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if published.Status != content.Published || !published.PublishedAt.Equal(clk.Now()) {
			t.Errorf("after publishing: status %s, published %v; want published at %v", published.Status, published.PublishedAt, clk.Now())
		}
		wantRating(t, s, c.Slug, 4, 1)
		if list, err := s.ChairReviews(ctx, c.Slug); err != nil || !slices.Equal(reviewIDs(list), []int64{r.ID}) {
			t.Errorf("ChairReviews = %v, %v; want [%d]", reviewIDs(list), err, r.ID)
		}

		// A second save by the same member edits the same review and sends
		// it back to the queue, out of the rating.
		clk.Advance(time.Hour)
		edit := ownerReview(2)
		edit.Ratings = map[string]int{"build": 1}
		edit.Pros, edit.Cons = "", ""
		e := saveReview(t, s, c.Slug, u.ID, edit)
		if e.ID != r.ID {
			t.Errorf("edit made review %d, want the same review %d", e.ID, r.ID)
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM reviews WHERE user_id = ?", u.ID); n != 1 {
			t.Errorf("%d reviews by the member after an edit, want 1", n)
		}
		if e.Status != content.Pending || e.Overall != 2 || e.Pros != "" || e.Cons != "" || !e.UpdatedAt.Equal(clk.Now()) || !e.PublishedAt.IsZero() {
			t.Errorf("edited review = %+v; want pending, overall 2, updated now, not published", e)
		}
		if len(e.Ratings) != 1 || e.Ratings["build"] != 1 {
			t.Errorf("edited sub-ratings = %v, want only build 1 (the old ones cleared)", e.Ratings)
		}
		wantRating(t, s, c.Slug, 0, 0)
		if list, err := s.ChairReviews(ctx, c.Slug); err != nil || len(list) != 0 {
			t.Errorf("ChairReviews after an edit = %v, %v; want none until published again", reviewIDs(list), err)
		}

		// Another member's review of the same chair is a review of its own.
		other := addUser(t, s, "maria@example.ph", account.Member)
		if o := saveReview(t, s, c.Slug, other.ID, ownerReview(5)); o.ID == r.ID {
			t.Errorf("another member's review got id %d, the first member's", o.ID)
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM reviews"); n != 2 {
			t.Errorf("%d reviews, want 2", n)
		}

		wantCode(t, "SaveReview of an unknown chair", s.SaveReview(ctx, "no-such-chair", u.ID, ownerReview(3), media.PhotoEdit{}), errs.NotFound)
		_, err = s.UserReview(ctx, doc.Chairs[1].Slug, u.ID)
		wantCode(t, "UserReview of an unreviewed chair", err, errs.NotFound)
		_, err = s.Review(ctx, 999999)
		wantCode(t, "Review(999999)", err, errs.NotFound)
	})
}

func TestModerateRejectKeepsReason(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		withClock(s)
		doc := loadStarter(t, s)
		slug := doc.Chairs[0].Slug
		a := addUser(t, s, "a@example.ph", account.Member)
		b := addUser(t, s, "b@example.ph", account.Member)
		publishReview(t, s, slug, a.ID, 5)
		id := publishReview(t, s, slug, b.ID, 1)
		wantRating(t, s, slug, 6, 2)

		const reason = "It describes another chair."
		if err := s.Moderate(ctx, id, false, reason); err != nil {
			t.Fatal(err)
		}
		r, err := s.Review(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != content.Rejected || r.RejectReason != reason || !r.PublishedAt.IsZero() {
			t.Errorf("rejected review = status %s, reason %q, published %v; want rejected with the reason, unpublished", r.Status, r.RejectReason, r.PublishedAt)
		}
		wantRating(t, s, slug, 5, 1)
		if list, err := s.ChairReviews(ctx, slug); err != nil || len(list) != 1 || list[0].ID == id {
			t.Errorf("ChairReviews = %v, %v; want only the published one", reviewIDs(list), err)
		}
		if q, err := s.ModerationQueue(ctx); err != nil || slices.Contains(reviewIDs(q), id) {
			t.Errorf("ModerationQueue = %v, %v; a rejected review does not wait", reviewIDs(q), err)
		}
		if m, err := s.SiteMeanRating(ctx); err != nil || m != 5 {
			t.Errorf("SiteMeanRating = %v, %v; want 5 without the rejected 1", m, err)
		}

		// The author's edit goes back to the queue without the old reason.
		e := saveReview(t, s, slug, b.ID, ownerReview(2))
		if e.Status != content.Pending || e.RejectReason != "" {
			t.Errorf("edit of a rejected review = status %s, reason %q; want pending, no reason", e.Status, e.RejectReason)
		}
		// Publishing after a rejection clears the reason.
		if err := s.Moderate(ctx, id, false, "Still off topic."); err != nil {
			t.Fatal(err)
		}
		if err := s.Moderate(ctx, id, true, ""); err != nil {
			t.Fatal(err)
		}
		if r, err := s.Review(ctx, id); err != nil || r.Status != content.Published || r.RejectReason != "" {
			t.Errorf("published after rejection = %+v, %v; want published, no reason", r, err)
		}
		wantRating(t, s, slug, 7, 2)

		wantCode(t, "Moderate(999999)", s.Moderate(ctx, 999999, true, ""), errs.NotFound)
		wantCode(t, "Moderate(999999) reject", s.Moderate(ctx, 999999, false, "x"), errs.NotFound)
	})
}

func TestDeleteReviewRerates(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		withClock(s)
		doc := loadStarter(t, s)
		slug := doc.Chairs[0].Slug
		a := addUser(t, s, "a@example.ph", account.Member)
		b := addUser(t, s, "b@example.ph", account.Member)
		c := addUser(t, s, "c@example.ph", account.Member)
		idA := publishReview(t, s, slug, a.ID, 5)
		idB := publishReview(t, s, slug, b.ID, 3)
		wantRating(t, s, slug, 8, 2)
		before, err := s.CatalogVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}

		// Someone without a review of the chair deletes nothing.
		wantCode(t, "DeleteReview by a member without a review", s.DeleteReview(ctx, slug, c.ID), errs.NotFound)
		wantRating(t, s, slug, 8, 2)

		if err := s.DeleteReview(ctx, slug, a.ID); err != nil {
			t.Fatal(err)
		}
		wantRating(t, s, slug, 3, 1)
		if _, err := s.Review(ctx, idA); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("deleted review still readable: %v", err)
		}
		if _, err := s.Review(ctx, idB); err != nil {
			t.Errorf("the other member's review is gone: %v", err)
		}
		if after, err := s.CatalogVersion(ctx); err != nil || after == before {
			t.Errorf("catalog version %q after deleting a published review, was %q: cached pages keep the old rating", after, before)
		}
		wantCode(t, "DeleteReview again", s.DeleteReview(ctx, slug, a.ID), errs.NotFound)
		wantCode(t, "DeleteReview of an unknown chair", s.DeleteReview(ctx, "no-such-chair", b.ID), errs.NotFound)

		// Deleting a pending review leaves the rating alone.
		saveReview(t, s, slug, c.ID, ownerReview(1))
		if err := s.DeleteReview(ctx, slug, c.ID); err != nil {
			t.Fatal(err)
		}
		wantRating(t, s, slug, 3, 1)
	})
}

func TestReportReviewAndQueue(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		clk := withClock(s)
		doc := loadStarter(t, s)
		author := addUser(t, s, "author@example.ph", account.Member)
		r1 := addUser(t, s, "r1@example.ph", account.Member)
		r2 := addUser(t, s, "r2@example.ph", account.Member)

		// Reviews written a minute apart: a published one that will be
		// reported, a published one nobody reports, a pending and a
		// rejected one.
		reported := publishReview(t, s, doc.Chairs[0].Slug, author.ID, 4)
		clk.Advance(time.Minute)
		quiet := publishReview(t, s, doc.Chairs[1].Slug, author.ID, 5)
		clk.Advance(time.Minute)
		pending := saveReview(t, s, doc.Chairs[2].Slug, author.ID, ownerReview(3)).ID
		clk.Advance(time.Minute)
		rejected := saveReview(t, s, doc.Chairs[3].Slug, author.ID, ownerReview(1)).ID
		if err := s.Moderate(ctx, rejected, false, "Spam."); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Minute)
		pending2 := saveReview(t, s, doc.Chairs[4].Slug, r1.ID, ownerReview(2)).ID

		q, err := s.ModerationQueue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := reviewIDs(q), []int64{pending, pending2}; !slices.Equal(got, want) {
			t.Errorf("queue before reports = %v, want the pending reviews %v oldest first", got, want)
		}

		if err := s.ReportReview(ctx, reported, r1.ID, "Reads like an advertisement."); err != nil {
			t.Fatal(err)
		}
		// A second report by the same member is ignored.
		if err := s.ReportReview(ctx, reported, r1.ID, "Really, an advertisement."); err != nil {
			t.Errorf("second report by the same member: %v, want it ignored", err)
		}
		if r, err := s.Review(ctx, reported); err != nil || r.Reports != 1 {
			t.Errorf("after two reports by one member: Reports = %d, %v; want 1", r.Reports, err)
		}
		if err := s.ReportReview(ctx, reported, r2.ID, "Off topic."); err != nil {
			t.Fatal(err)
		}
		if r, err := s.Review(ctx, reported); err != nil || r.Reports != 2 {
			t.Errorf("after reports by two members: Reports = %d, %v; want 2", r.Reports, err)
		}

		q, err = s.ModerationQueue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := reviewIDs(q), []int64{reported, pending, pending2}; !slices.Equal(got, want) {
			t.Errorf("queue = %v, want the reported published review and the pending ones %v, oldest first; not %d (unreported) or %d (rejected)",
				got, want, quiet, rejected)
		}
		for _, r := range q {
			if r.ID == reported && (r.Status != content.Published || r.Reports != 2) {
				t.Errorf("reported review in the queue = status %s, %d reports; want published, 2", r.Status, r.Reports)
			}
		}

		// Keeping the review published clears its reports.
		if err := s.Moderate(ctx, reported, true, ""); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM review_reports WHERE review_id = ?", reported); n != 0 {
			t.Errorf("%d reports left after publishing, want 0", n)
		}
		q, err = s.ModerationQueue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := reviewIDs(q), []int64{pending, pending2}; !slices.Equal(got, want) {
			t.Errorf("queue after keeping the reported review = %v, want %v", got, want)
		}
		// The same member may report it again after an editor kept it.
		if err := s.ReportReview(ctx, reported, r1.ID, "Still an advertisement."); err != nil {
			t.Fatal(err)
		}
		if r, err := s.Review(ctx, reported); err != nil || r.Reports != 1 {
			t.Errorf("report after publishing: Reports = %d, %v; want 1", r.Reports, err)
		}
		// Deleting the review removes its reports.
		if err := s.DeleteReview(ctx, doc.Chairs[0].Slug, author.ID); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM review_reports"); n != 0 {
			t.Errorf("%d reports of a deleted review left", n)
		}
	})
}

func TestReviewsWrittenCountsByUpdate(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		clk := withClock(s)
		doc := loadStarter(t, s)
		u := addUser(t, s, "u@example.ph", account.Member)
		other := addUser(t, s, "other@example.ph", account.Member)
		written := func() int {
			t.Helper()
			n, err := s.ReviewsWritten(ctx, u.ID, clk.Now().Add(-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := written(); n != 0 {
			t.Errorf("ReviewsWritten with no reviews = %d", n)
		}
		saveReview(t, s, doc.Chairs[0].Slug, u.ID, ownerReview(4)) // t0
		clk.Advance(30 * time.Minute)
		saveReview(t, s, doc.Chairs[1].Slug, u.ID, ownerReview(4)) // t0+30m
		saveReview(t, s, doc.Chairs[0].Slug, other.ID, ownerReview(4))
		if n := written(); n != 2 {
			t.Errorf("at t0+30m: ReviewsWritten = %d, want 2 (the other member's not counted)", n)
		}
		clk.Advance(30 * time.Minute)
		if n := written(); n != 2 {
			t.Errorf("at t0+60m: ReviewsWritten = %d, want 2 (a review exactly an hour old counts)", n)
		}
		clk.Advance(time.Second)
		if n := written(); n != 1 {
			t.Errorf("at t0+60m1s: ReviewsWritten = %d, want 1", n)
		}
		// Editing the first review counts it again.
		saveReview(t, s, doc.Chairs[0].Slug, u.ID, ownerReview(3))
		if n := written(); n != 2 {
			t.Errorf("after editing the older review: ReviewsWritten = %d, want 2", n)
		}
		// Moderation does not count as writing.
		clk.Advance(2 * time.Hour)
		r, err := s.UserReview(ctx, doc.Chairs[1].Slug, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Moderate(ctx, r.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if n := written(); n != 0 {
			t.Errorf("after an editor published an old review: ReviewsWritten = %d, want 0", n)
		}
	})
}

func TestSiteMeanRating(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		withClock(s)
		doc := loadStarter(t, s)
		mean := func() float64 {
			t.Helper()
			m, err := s.SiteMeanRating(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		if m := mean(); m != 0 {
			t.Errorf("SiteMeanRating with no reviews = %v, want 0", m)
		}
		a := addUser(t, s, "a@example.ph", account.Member)
		b := addUser(t, s, "b@example.ph", account.Member)
		publishReview(t, s, doc.Chairs[0].Slug, a.ID, 5)
		publishReview(t, s, doc.Chairs[1].Slug, a.ID, 2)
		publishReview(t, s, doc.Chairs[1].Slug, b.ID, 4)
		saveReview(t, s, doc.Chairs[2].Slug, a.ID, ownerReview(1)) // pending: not counted
		if m := mean(); m != 11.0/3 {
			t.Errorf("SiteMeanRating = %v, want %v (the mean of 5, 2, 4; the pending 1 left out)", m, 11.0/3)
		}
	})
}

// TestDeleteUserRerates: deleting a member deletes their reviews and
// reports through the schema's cascades, and the chairs they rated lose
// their ratings.
func TestDeleteUserRerates(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		withClock(s)
		doc := loadStarter(t, s)
		gone := addUser(t, s, "gone@example.ph", account.Member)
		stays := addUser(t, s, "stays@example.ph", account.Member)
		s0, s1, s2 := doc.Chairs[0].Slug, doc.Chairs[1].Slug, doc.Chairs[2].Slug
		publishReview(t, s, s0, gone.ID, 5)
		publishReview(t, s, s0, stays.ID, 2)
		publishReview(t, s, s1, gone.ID, 1)
		saveReview(t, s, s2, gone.ID, ownerReview(3))
		staysID := publishReview(t, s, s2, stays.ID, 4)
		if err := s.ReportReview(ctx, staysID, gone.ID, "Disagree."); err != nil {
			t.Fatal(err)
		}
		before, err := s.CatalogVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}

		if err := s.DeleteUser(ctx, gone.ID); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM reviews WHERE user_id = ?", gone.ID); n != 0 {
			t.Errorf("%d reviews of the deleted user left", n)
		}
		if n := countRows(t, s, "SELECT COUNT(*) FROM review_reports WHERE user_id = ?", gone.ID); n != 0 {
			t.Errorf("%d reports of the deleted user left", n)
		}
		wantRating(t, s, s0, 2, 1)
		wantRating(t, s, s1, 0, 0)
		wantRating(t, s, s2, 4, 1)
		if m, err := s.SiteMeanRating(ctx); err != nil || m != 3 {
			t.Errorf("SiteMeanRating = %v, %v; want 3 (2 and 4)", m, err)
		}
		if after, err := s.CatalogVersion(ctx); err != nil || after == before {
			t.Errorf("catalog version %q after deleting a reviewer, was %q: cached pages keep the old rating", after, before)
		}
		page, err := s.ListChairs(ctx, filter(t, "sort=rating"))
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Chairs) == 0 || page.Chairs[0].Slug != s2 {
			t.Errorf("first by rating after the deletion = %v, want %s", firstSlugs(page.Chairs, 1), s2)
		}
	})
}

func firstSlugs(chairs []catalog.Chair, n int) []string {
	var out []string
	for i, c := range chairs {
		if i == n {
			break
		}
		out = append(out, c.Slug)
	}
	return out
}

// TestListChairsSortByRating: the rating sort orders by the Bayesian
// average (5 imaginary ratings at the site mean), ties by the number of
// ratings, then by name; pending and rejected reviews count for nothing.
func TestListChairsSortByRating(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		withClock(s)
		loadStarter(t, s)
		byName, err := s.ListChairs(ctx, filter(t, ""))
		if err != nil {
			t.Fatal(err)
		}
		names := firstSlugs(byName.Chairs, len(byName.Chairs))
		if len(names) < 12 {
			t.Fatalf("only %d chairs", len(names))
		}
		// D sorts before C by name: their tie must put D first.
		a, b, c, d, e := names[7], names[9], names[5], names[2], names[0]
		var users []int64
		for i := range 4 {
			users = append(users, addUser(t, s, fmt.Sprintf("u%d@example.ph", i), account.Member).ID)
		}
		// Published: A 5; B 5,5,5; C 4,4; D 4,4; E 2,2. Sum 40 over 10:
		// the site mean is exactly 4.
		publishReview(t, s, a, users[0], 5)
		for i := range 3 {
			publishReview(t, s, b, users[i], 5)
		}
		for _, slug := range []string{c, d} {
			publishReview(t, s, slug, users[0], 4)
			publishReview(t, s, slug, users[1], 4)
		}
		publishReview(t, s, e, users[0], 2)
		publishReview(t, s, e, users[1], 2)
		// Neither counts: a pending 1 for B and a rejected 1 for A.
		saveReview(t, s, b, users[3], ownerReview(1))
		rej := saveReview(t, s, a, users[3], ownerReview(1))
		if err := s.Moderate(ctx, rej.ID, false, "Not an owner."); err != nil {
			t.Fatal(err)
		}
		if m, err := s.SiteMeanRating(ctx); err != nil || m != 4 {
			t.Fatalf("SiteMeanRating = %v, %v; want 4", m, err)
		}
		// Bayesian averages: B (20+15)/8 = 4.375; A (20+5)/6 ≈ 4.17; C and
		// D (20+8)/7 = 4, the same as every unrated chair (20/5), but with
		// more ratings; E (20+4)/7 ≈ 3.43, last.
		want := []string{b, a, d, c}
		for _, n := range names {
			if !slices.Contains([]string{a, b, c, d, e}, n) {
				want = append(want, n)
			}
		}
		want = append(want, e)

		f := filter(t, "sort=rating")
		page, err := s.ListChairs(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		got := firstSlugs(page.Chairs, len(page.Chairs))
		if page.Total != len(names) || !slices.Equal(got, want[:len(got)]) {
			t.Errorf("sort=rating (total %d):\n got %v\nwant %v", page.Total, got, want[:min(len(want), len(got))])
		}
		if len(got) == len(names) && got[len(got)-1] != e {
			t.Errorf("the chair below the site mean (%s) is not last", e)
		}
		// Each chair carries its published rating.
		for _, ch := range page.Chairs {
			if ch.Slug == b && (ch.RatingSum != 15 || ch.RatingCount != 3) {
				t.Errorf("%s in the list: rating %d/%d, want 15/3", b, ch.RatingSum, ch.RatingCount)
			}
		}
		// Pages follow the same order.
		f.PerPage, f.Page = 3, 2
		second, err := s.ListChairs(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if got := firstSlugs(second.Chairs, 3); !slices.Equal(got, want[3:6]) {
			t.Errorf("sort=rating page 2 of 3 = %v, want %v", got, want[3:6])
		}
		// The rating sort works with filters and their arguments; E, the
		// first chair by name, is last among its brand's.
		brand := byName.Chairs[0].Brand
		fb := filter(t, "sort=rating&brand="+brand)
		filtered, err := s.ListChairs(ctx, fb)
		if err != nil {
			t.Fatalf("sort=rating with a brand filter: %v", err)
		}
		for _, ch := range filtered.Chairs {
			if ch.Brand != brand {
				t.Errorf("brand filter with sort=rating let in %s of %s", ch.Slug, ch.Brand)
			}
		}
		if len(filtered.Chairs) == 0 || filtered.Chairs[len(filtered.Chairs)-1].Slug != e {
			t.Errorf("sort=rating&brand=%s = %v; want %s last", brand, firstSlugs(filtered.Chairs, 100), e)
		}
	})
}

// TestSortByRatingTieAtAnInexactMean: a chair whose owners' average is
// exactly the site mean has the same Bayesian average as every unrated
// chair, (5×m + 3×m) / 8 = m, and more ratings, so it comes first. The
// site mean here, 11/3, has no exact binary form, so the sort must not
// lose precision (single-precision REAL makes the unrated chairs come out
// ahead).
func TestSortByRatingTieAtAnInexactMean(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		withClock(s)
		loadStarter(t, s)
		byName, err := s.ListChairs(ctx, filter(t, ""))
		if err != nil {
			t.Fatal(err)
		}
		names := firstSlugs(byName.Chairs, len(byName.Chairs))
		p := names[len(names)-1] // last by name: only its rating can lift it
		for i, overall := range []int{4, 4, 3} {
			publishReview(t, s, p, addUser(t, s, fmt.Sprintf("u%d@example.ph", i), account.Member).ID, overall)
		}
		if m, err := s.SiteMeanRating(ctx); err != nil || m != 11.0/3 {
			t.Fatalf("SiteMeanRating = %v, %v; want 11/3", m, err)
		}
		page, err := s.ListChairs(ctx, filter(t, "sort=rating"))
		if err != nil {
			t.Fatal(err)
		}
		want := append([]string{p}, names[:len(names)-1]...)
		if got := firstSlugs(page.Chairs, len(page.Chairs)); !slices.Equal(got, want[:len(got)]) {
			t.Errorf("sort=rating with the only rated chair at the site mean 11/3: first %v, want %v (the rated chair first: same average, more ratings)",
				firstSlugs(page.Chairs, 3), want[:3])
		}
	})
}
