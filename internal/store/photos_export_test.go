package store

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"

	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/catalog"
	"masahe/internal/media"
)

// TestExportImportPhotos: a catalog export carries the published chair
// photos with their files; importing it gives a chair back exactly those
// photos, byte for byte at the same addresses, main photo and order kept;
// importing it again changes nothing; a damaged file is refused and
// nothing of the import is written.
func TestExportImportPhotos(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		slug := loadStarter(t, s).Chairs[0].Slug
		editor, err := s.CreateUser(ctx, account.User{Email: "ed@example.ph", DisplayName: "Ed", Role: account.Editor}, "hash")
		if err != nil {
			t.Fatal(err)
		}
		by := audit.Actor{UserID: editor.ID, Email: editor.Email}
		var ids []int64
		for i, alt := range []string{"Front view", "Side view"} {
			id, err := s.AddChairPhoto(ctx, by, slug, testUpload(t, uint64(i+7), alt, "Photo: Masahe, CC BY 4.0"))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if err := s.ChangeChairPhoto(ctx, by, slug, ids[1], media.PhotoMain); err != nil {
			t.Fatal(err)
		}
		before, err := s.ChairPhotos(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		exported, err := s.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(exported.Photos) != 2 || exported.Photos[0].Alt != "Front view" || !exported.Photos[1].Main || len(exported.Photos[0].Files) != len(before[0].Variants) {
			t.Fatalf("exported photos %+v: want both, in order, the second main, with every file", exported.Photos)
		}
		raw, err := json.Marshal(exported)
		if err != nil {
			t.Fatal(err)
		}
		parse := func(b []byte) *catalog.Document {
			doc, err := catalog.ParseDocument("export.json", bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			return doc
		}

		// Change the chair's photos, then import the export: they come back.
		if err := s.ChangeChairPhoto(ctx, by, slug, ids[0], media.PhotoDelete); err != nil {
			t.Fatal(err)
		}
		if err := s.EditChairPhoto(ctx, by, slug, ids[1], "Changed", "Changed credit"); err != nil {
			t.Fatal(err)
		}
		res, err := s.Import(ctx, parse(raw), nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Updated != 2 {
			t.Errorf("import %+v: want the chair's 2 photos counted as updated", res)
		}
		after, err := s.ChairPhotos(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != 2 {
			t.Fatalf("after the import the chair has %d photos, want 2", len(after))
		}
		for i, p := range after {
			b := before[i]
			if p.Alt != b.Alt || p.Credit != b.Credit || p.Main != b.Main || p.Width != b.Width || p.Height != b.Height || len(p.Variants) != len(b.Variants) {
				t.Errorf("photo %d after the import %+v, want %+v", i, p, b)
				continue
			}
			for j, v := range p.Variants {
				f, err := s.MediaFile(ctx, v.Width, v.Hash, v.Format)
				old, err2 := s.MediaFile(ctx, b.Variants[j].Width, b.Variants[j].Hash, b.Variants[j].Format)
				if err != nil || err2 != nil || v.FileName() != b.Variants[j].FileName() || !bytes.Equal(f.Bytes, old.Bytes) || f.Status != media.Published {
					t.Errorf("photo %d file %s: want %s with the same bytes, published (%v, %v)", i, v.FileName(), b.Variants[j].FileName(), err, err2)
				}
			}
		}

		// The same export again: nothing is written.
		v0, _ := s.CatalogVersion(ctx)
		res, err = s.Import(ctx, parse(raw), nil)
		if err != nil || res.Created+res.Updated != 0 {
			t.Errorf("importing the export again = %+v, %v: want everything unchanged", res, err)
		}
		if v1, _ := s.CatalogVersion(ctx); v1 != v0 {
			t.Error("an unchanged import bumped the catalog version")
		}

		// A damaged file: refused, and the chair keeps its photos.
		bad := parse(raw)
		bad.Photos[0].Files[0].Data = bad.Photos[0].Files[0].Data[:40]
		bad.Photos[1].Alt = "Would be written"
		if _, err := s.Import(ctx, bad, nil); err == nil {
			t.Fatal("an export with a cut file was imported")
		}
		kept, err := s.ChairPhotos(ctx, slug)
		if err != nil || len(kept) != 2 || !slices.ContainsFunc(kept, func(p media.Photo) bool { return p.Alt == "Side view" }) || slices.ContainsFunc(kept, func(p media.Photo) bool { return p.Alt == "Would be written" }) {
			t.Errorf("after a refused import the photos are %+v (%v), want the two imported before", kept, err)
		}
	})
}
