package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masahe/data"
	"masahe/internal/audit"
	"masahe/internal/media"
	"masahe/internal/media/mediatest"
	"masahe/internal/store"
	"masahe/internal/store/storetest"
)

// TestExportImportRoundTrip exports a database holding the starter catalog
// and a chair photo as JSON, imports it into a fresh database and back into
// the same one: both take it, the first creating every record and the
// second changing nothing, and the fresh database exports the same file,
// the photo's bytes included.
func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	for name, dsn := range storetest.DSNs() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			starter, err := data.Starter()
			if err != nil {
				t.Fatal(err)
			}
			records := starter.Records() + 1 // and the photo
			ctx := context.Background()
			dir := t.TempDir()
			from, to := dsn(t), dsn(t)
			st, err := store.Open(ctx, from, time.Now)
			if err != nil {
				t.Fatal(err)
			}
			if loaded, err := st.LoadStarter(ctx, starter); err != nil || !loaded {
				t.Fatalf("LoadStarter = %v, %v", loaded, err)
			}
			photo, err := media.Intake(mediatest.CameraJPEG(400, 300, 1))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.AddChairPhoto(ctx, audit.Actor{Email: "editor@example.ph"}, starter.Chairs[0].Slug,
				media.Upload{Image: photo, Alt: "The chair from the front", Credit: "Photo: Masahe test"}); err != nil {
				t.Fatal(err)
			}
			st.Close()

			export := func(db, prefix string) string {
				catalogFile := filepath.Join(dir, prefix+".json")
				if _, stderr, err := runCmd(t, "export", "--database", db, "--out", catalogFile); err != nil {
					t.Fatalf("export: %v\n%s", err, stderr)
				}
				return catalogFile
			}
			read := func(file string) string {
				b, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
			catalogFile := export(from, "first")
			if c := read(catalogFile); strings.Contains(c, `"offers"`) || !strings.Contains(c, `"chairs"`) || !strings.Contains(c, `"The chair from the front"`) {
				t.Errorf("the catalog JSON should hold every record, the photo, and no prices:\n%.500s", c)
			}

			for _, tt := range []struct{ db, want string }{
				{to, fmt.Sprintf("%d records: %d created, 0 updated, 0 unchanged", records, records)},
				{from, fmt.Sprintf("%d records: 0 created, 0 updated, %d unchanged", records, records)},
			} {
				out, stderr, err := runCmd(t, "import", "--database", tt.db, catalogFile)
				if err != nil || !strings.Contains(out, tt.want) {
					t.Errorf("import = %q, %v, want %q; stderr:\n%s", out, err, tt.want, stderr)
				}
			}
			whole, stderr, err := runCmd(t, "export", "--database", from)
			if err != nil || whole != read(catalogFile) {
				t.Fatalf("export to standard output: %v, %s; it differs from the file:\n%.300s", err, stderr, whole)
			}
			wholeFile := filepath.Join(dir, "whole.json")
			if err := os.WriteFile(wholeFile, []byte(whole), 0o644); err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("%d records: 0 created, 0 updated, %d unchanged", records, records)
			if out, stderr, err := runCmd(t, "import", "--database", from, wholeFile); err != nil || !strings.Contains(out, want) {
				t.Errorf("import of the single-file export = %q, %v, want %q; stderr:\n%s", out, err, want, stderr)
			}
			if again := export(to, "again"); read(again) != read(catalogFile) {
				t.Error("the database imported from the export exports a different file")
			}
		})
	}
}
