package store

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/errs"
	"masahe/internal/media"
	"masahe/internal/media/mediatest"
)

// testUpload is a small accepted picture, different for each seed.
func testUpload(t *testing.T, seed uint64, alt, credit string) media.Upload {
	t.Helper()
	img, err := media.Intake(mediatest.CameraJPEG(400, 300, seed))
	if err != nil {
		t.Fatal(err)
	}
	return media.Upload{Image: img, Alt: alt, Credit: credit}
}

func photoIDs(list []media.Photo) []int64 {
	var out []int64
	for _, p := range list {
		out = append(out, p.ID)
	}
	return out
}

func TestChairPhotos(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc := loadStarter(t, s)
		slug := doc.Chairs[0].Slug
		editor, err := s.CreateUser(ctx, account.User{Email: "ed@example.ph", DisplayName: "Ed", Role: account.Editor}, "hash")
		if err != nil {
			t.Fatal(err)
		}
		by := audit.Actor{UserID: editor.ID, Email: editor.Email}
		v0, _ := s.CatalogVersion(ctx)
		var ids []int64
		for i, alt := range []string{"Front view", "Side view", "Foot rest"} {
			id, err := s.AddChairPhoto(ctx, by, slug, testUpload(t, uint64(i+1), alt, "Photo: Masahe, CC BY 4.0"))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if v1, _ := s.CatalogVersion(ctx); v1 == v0 {
			t.Error("adding photos left the catalog version alone: cached pages would not show them")
		}
		list, err := s.ChairPhotos(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(photoIDs(list), ids) {
			t.Fatalf("photos %v, want %v in upload order", photoIDs(list), ids)
		}
		first := list[0]
		if !first.Main || list[1].Main || first.Alt != "Front view" || first.Credit != "Photo: Masahe, CC BY 4.0" || first.Status != media.Published {
			t.Errorf("first photo %+v: want main, published, with its words", first)
		}
		if first.Width != 400 || first.Height != 300 || len(first.Variants) != 4 {
			t.Errorf("first photo %d × %d with %d variants, want 400 × 300 with 4 (320 and 400, WebP and JPEG)", first.Width, first.Height, len(first.Variants))
		}
		if v := first.Variants; v[0].Width != 320 || v[0].Format != media.WebP || v[1].Format != media.JPEG || v[3].Width != 400 {
			t.Errorf("variants %+v: want narrowest first, WebP before JPEG", v)
		}

		// Each variant comes back byte for byte, found by its name.
		want := testUpload(t, 1, "", "").Image.Variants[1]
		f, err := s.MediaFile(ctx, want.Width, want.Hash, want.Format)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(f.Bytes, want.Bytes) || f.Status != media.Published || f.OwnerID != editor.ID {
			t.Errorf("MediaFile: %d bytes, status %s, owner %d; want the upload's %d bytes, published, by the editor", len(f.Bytes), f.Status, f.OwnerID, len(want.Bytes))
		}
		if bytes.Contains(f.Bytes, mediatest.GPSBytes()) {
			t.Error("a stored variant still holds the upload's GPS position")
		}
		_, err = s.MediaFile(ctx, want.Width, "0000000000000000", want.Format)
		wantCode(t, "MediaFile of an unknown hash", err, errs.NotFound)

		// Main, order and delete.
		if err := s.ChangeChairPhoto(ctx, by, slug, ids[2], media.PhotoMain); err != nil {
			t.Fatal(err)
		}
		if err := s.ChangeChairPhoto(ctx, by, slug, ids[2], media.PhotoUp); err != nil {
			t.Fatal(err)
		}
		if err := s.ChangeChairPhoto(ctx, by, slug, ids[0], media.PhotoUp); err != nil {
			t.Fatal(err) // already first: nothing to do
		}
		list, _ = s.ChairPhotos(ctx, slug)
		if got := photoIDs(list); !slices.Equal(got, []int64{ids[0], ids[2], ids[1]}) || !list[1].Main || list[0].Main {
			t.Errorf("after main and up: %v (main %v), want %v with the third main", got, list[1].Main, []int64{ids[0], ids[2], ids[1]})
		}
		mains, err := s.MainPhotos(ctx, []string{slug, doc.Chairs[1].Slug})
		if err != nil {
			t.Fatal(err)
		}
		if len(mains) != 1 || mains[slug].ID != ids[2] {
			t.Errorf("MainPhotos = %v, want only %s's photo %d", mains, slug, ids[2])
		}
		if err := s.ChangeChairPhoto(ctx, by, slug, ids[2], media.PhotoDelete); err != nil {
			t.Fatal(err)
		}
		list, _ = s.ChairPhotos(ctx, slug)
		if got := photoIDs(list); !slices.Equal(got, []int64{ids[0], ids[1]}) || !list[0].Main {
			t.Errorf("after deleting the main photo: %v, want %v with the first now main", got, ids[:2])
		}
		if err := s.EditChairPhoto(ctx, by, slug, ids[1], "Side view, reclined", "Photo: Masahe"); err != nil {
			t.Fatal(err)
		}
		list, _ = s.ChairPhotos(ctx, slug)
		if list[1].Alt != "Side view, reclined" || list[1].Credit != "Photo: Masahe" {
			t.Errorf("edited photo %+v", list[1])
		}

		// Refusals change nothing.
		for _, c := range []struct {
			name string
			err  error
			code errs.Code
		}{
			{"no alt text", s.EditChairPhoto(ctx, by, slug, ids[1], " ", "Photo: Masahe"), errs.Invalid},
			{"no credit", s.EditChairPhoto(ctx, by, slug, ids[1], "Side", ""), errs.Invalid},
			{"another chair's photo", s.ChangeChairPhoto(ctx, by, doc.Chairs[1].Slug, ids[1], media.PhotoDelete), errs.NotFound},
			{"unknown action", s.ChangeChairPhoto(ctx, by, slug, ids[1], "frobnicate"), errs.NotFound},
			{"unknown chair", func() error {
				_, err := s.AddChairPhoto(ctx, by, "no-such-chair", testUpload(t, 9, "x", "y"))
				return err
			}(), errs.NotFound},
		} {
			wantCode(t, c.name, c.err, c.code)
		}
		if list2, _ := s.ChairPhotos(ctx, slug); len(list2) != 2 || list2[1].Alt != "Side view, reclined" {
			t.Errorf("refused changes changed the photos: %+v", list2)
		}
		// Every change is in the audit log, without the bytes.
		entries, err := s.AuditLog(ctx, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range entries {
			if e.Entity == "chair_photo" {
				n++
			}
		}
		if n != 7 {
			t.Errorf("%d chair_photo audit entries, want 7 (3 adds, main, up, delete, edit; the no-op up writes none)", n)
		}
	})
}

func TestReviewPhotos(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc := loadStarter(t, s)
		slug := doc.Chairs[0].Slug
		u, err := s.CreateUser(ctx, account.User{Email: "owner@example.ph", DisplayName: "Owner", Role: account.Member}, "hash")
		if err != nil {
			t.Fatal(err)
		}
		add := media.PhotoEdit{Add: []media.Upload{testUpload(t, 1, "The chair in my living room", ""), testUpload(t, 2, "The remote", "")}}
		if err := s.SaveReview(ctx, slug, u.ID, ownerReview(4), add); err != nil {
			t.Fatal(err)
		}
		r, err := s.UserReview(ctx, slug, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		status := func() []media.Status {
			m, err := s.ReviewPhotos(ctx, []int64{r.ID})
			if err != nil {
				t.Fatal(err)
			}
			var out []media.Status
			for _, p := range m[r.ID] {
				out = append(out, p.Status)
			}
			return out
		}
		if got := status(); !slices.Equal(got, []media.Status{media.Pending, media.Pending}) {
			t.Fatalf("new review's photos %v, want two pending", got)
		}
		if err := s.Moderate(ctx, r.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if got := status(); !slices.Equal(got, []media.Status{media.Published, media.Published}) {
			t.Errorf("published review's photos %v, want published", got)
		}
		// Too many: refused, and nothing of the edit is written.
		m, _ := s.ReviewPhotos(ctx, []int64{r.ID})
		three := media.PhotoEdit{Add: []media.Upload{testUpload(t, 3, "a", ""), testUpload(t, 4, "b", ""), testUpload(t, 5, "c", "")}}
		wantCode(t, "a fifth photo", s.SaveReview(ctx, slug, u.ID, ownerReview(2), three), errs.Invalid)
		if got := status(); !slices.Equal(got, []media.Status{media.Published, media.Published}) {
			t.Errorf("after a refused edit the photos are %v, want them untouched", got)
		}
		if r2, _ := s.UserReview(ctx, slug, u.ID); r2.Overall != 4 || r2.Status != "published" {
			t.Errorf("a refused edit changed the review: overall %d, %s", r2.Overall, r2.Status)
		}
		wantCode(t, "a photo without alt text", s.SaveReview(ctx, slug, u.ID, ownerReview(2), media.PhotoEdit{Add: []media.Upload{testUpload(t, 6, " ", "")}}), errs.Invalid)
		// Removing one and adding one: the edit is pending again, photos too.
		edit := media.PhotoEdit{Remove: []int64{m[r.ID][0].ID}, Add: []media.Upload{testUpload(t, 7, "Side panel", "")}}
		if err := s.SaveReview(ctx, slug, u.ID, ownerReview(5), edit); err != nil {
			t.Fatal(err)
		}
		m, _ = s.ReviewPhotos(ctx, []int64{r.ID})
		if got := m[r.ID]; len(got) != 2 || got[0].Alt != "The remote" || got[1].Alt != "Side panel" || got[0].Status != media.Pending {
			t.Errorf("after the edit: %+v, want the remote and the side panel, pending", got)
		}
		// A rejected review's photos stay hidden; deleting the review removes them.
		if err := s.Moderate(ctx, r.ID, false, "Please remove the price tag."); err != nil {
			t.Fatal(err)
		}
		if got := status(); !slices.Equal(got, []media.Status{media.Pending, media.Pending}) {
			t.Errorf("rejected review's photos %v, want pending", got)
		}
		v := m[r.ID][0].Variants[0]
		if err := s.DeleteReview(ctx, slug, u.ID); err != nil {
			t.Fatal(err)
		}
		_, err = s.MediaFile(ctx, v.Width, v.Hash, v.Format)
		wantCode(t, "a deleted review's photo", err, errs.NotFound)
	})
}
