package media

import (
	"errors"
	"slices"
	"testing"
)

// TestRestore: the variants Intake made come back byte for byte with their
// hashes; a file that is cut short, claims another size or format, or is
// not one of the stored formats is refused as damaged.
func TestRestore(t *testing.T) {
	t.Parallel()
	im, err := Intake(encodeJPEG(t, marked(700, 500)))
	if err != nil {
		t.Fatal(err)
	}
	files := make([]Variant, len(im.Variants))
	for i, v := range im.Variants {
		v.Hash = "" // an export carries no hash: Restore computes it
		files[i] = v
	}
	got, err := Restore(im.Width, im.Height, files)
	if err != nil {
		t.Fatalf("Restore of Intake's own variants: %v", err)
	}
	if got.Width != im.Width || got.Height != im.Height || len(got.Variants) != len(im.Variants) {
		t.Fatalf("Restore = %d×%d with %d files, want %d×%d with %d", got.Width, got.Height, len(got.Variants), im.Width, im.Height, len(im.Variants))
	}
	for i, v := range got.Variants {
		if w := im.Variants[i]; v.Hash != w.Hash || !slices.Equal(v.Bytes, w.Bytes) || v.FileName() != w.FileName() {
			t.Errorf("file %d: %s, want %s with the same bytes", i, v.FileName(), w.FileName())
		}
	}
	jpegFile := func() Variant {
		for _, v := range im.Variants {
			if v.Format == JPEG {
				return v
			}
		}
		t.Fatal("Intake made no JPEG")
		return Variant{}
	}
	cut := jpegFile()
	cut.Bytes = cut.Bytes[:len(cut.Bytes)/2]
	resized := jpegFile()
	resized.Width++
	renamed := jpegFile()
	renamed.Format = WebP
	png := Variant{Width: 10, Height: 10, Format: PNG, Bytes: encodePNG(t, marked(10, 10))}
	for name, c := range map[string]struct {
		w, h  int
		files []Variant
	}{
		"cut short":           {im.Width, im.Height, []Variant{cut}},
		"another size":        {im.Width, im.Height, []Variant{resized}},
		"another format":      {im.Width, im.Height, []Variant{renamed}},
		"not a stored format": {10, 10, []Variant{png}},
		"no files":            {im.Width, im.Height, nil},
		"no size":             {0, im.Height, files},
		"too many files":      {im.Width, im.Height, slices.Repeat(files[:1], 11)},
	} {
		_, err := Restore(c.w, c.h, c.files)
		var refused *RefusedError
		if !errors.As(err, &refused) {
			t.Errorf("%s: %v, want a refusal", name, err)
		}
	}
}
