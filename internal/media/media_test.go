package media

import (
	"masahe/internal/media/mediatest"

	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/gen2brain/webp"
	xwebp "golang.org/x/image/webp"

	"masahe/internal/errs"
)

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeWebP(t testing.TB, m image.Image, lossless bool) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := webp.Encode(&b, m, webp.Options{Quality: 80, Lossless: lossless}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// decodeVariant decodes an output with the standard decoders, checking
// its format from its bytes.
func decodeVariant(t *testing.T, v Variant) image.Image {
	t.Helper()
	var m image.Image
	var err error
	switch v.Format {
	case WebP:
		m, err = xwebp.Decode(bytes.NewReader(v.Bytes))
		if y, ok := m.(*image.YCbCr); ok {
			m = videoRangeRGBA(y)
		}
	case JPEG:
		m, err = jpeg.Decode(bytes.NewReader(v.Bytes))
	default:
		t.Fatalf("unexpected output format %q", v.Format)
	}
	if err != nil {
		t.Fatalf("%s %d: %v", v.Format, v.Width, err)
	}
	return m
}

func TestIntakeAccepts(t *testing.T) {
	t.Parallel()
	base := mediatest.Photo(1500, 1000, 1)
	gray := image.NewGray16(image.Rect(0, 0, 700, 400))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i * 7)
	}
	pal := image.NewPaletted(image.Rect(0, 0, 400, 300), color.Palette{color.Black, color.White, color.RGBA{200, 0, 0, 255}})
	for i := range pal.Pix {
		pal.Pix[i] = uint8(i % 3)
	}
	clear := image.NewNRGBA(image.Rect(0, 0, 600, 400)) // fully transparent
	tests := []struct {
		name          string
		data          []byte
		source        Format
		width, height int
		widths        []int
	}{
		{"jpeg", encodeJPEG(t, base), JPEG, 1500, 1000, []int{320, 640, 960, 1280}},
		{"png rgba", encodePNG(t, base), PNG, 1500, 1000, []int{320, 640, 960, 1280}},
		{"png 16-bit grey", encodePNG(t, gray), PNG, 700, 400, []int{320, 640, 700}},
		{"png paletted", encodePNG(t, pal), PNG, 400, 300, []int{320, 400}},
		{"png transparent", encodePNG(t, clear), PNG, 600, 400, []int{320, 600}},
		{"webp lossy", encodeWebP(t, base, false), WebP, 1500, 1000, []int{320, 640, 960, 1280}},
		{"webp lossless", encodeWebP(t, pal, true), WebP, 400, 300, []int{320, 400}},
		{"tiny jpeg", encodeJPEG(t, mediatest.Photo(200, 120, 2)), JPEG, 200, 120, []int{200}},
		{"tall png", encodePNG(t, mediatest.Photo(500, 4000, 13)), PNG, 500, 4000, []int{320}},
		{"exactly 960", encodeJPEG(t, mediatest.Photo(960, 540, 3)), JPEG, 960, 540, []int{320, 640, 960}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			img, err := Intake(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if img.Source != tc.source || img.Width != tc.width || img.Height != tc.height {
				t.Fatalf("got %s %d×%d, want %s %d×%d", img.Source, img.Width, img.Height, tc.source, tc.width, tc.height)
			}
			if len(img.Variants) != 2*len(tc.widths) {
				t.Fatalf("got %d variants, want %d", len(img.Variants), 2*len(tc.widths))
			}
			for i, v := range img.Variants {
				wantW := tc.widths[i/2]
				wantH := (tc.height*wantW + tc.width/2) / tc.width
				wantF := []Format{WebP, JPEG}[i%2]
				if v.Width != wantW || v.Height != wantH || v.Format != wantF {
					t.Errorf("variant %d: %s %d×%d, want %s %d×%d", i, v.Format, v.Width, v.Height, wantF, wantW, wantH)
				}
				m := decodeVariant(t, v)
				if b := m.Bounds(); b.Dx() != v.Width || b.Dy() != v.Height {
					t.Errorf("variant %d decodes to %v, says %d×%d", i, b, v.Width, v.Height)
				}
				if v.Width > tc.width {
					t.Errorf("variant %d is %d wide, wider than the %d px upload", i, v.Width, tc.width)
				}
			}
		})
	}
}

// videoRangeRGBA converts a lossy WebP's planes as VP8 defines them
// (BT.601, limited range), the way browsers show them.
func videoRangeRGBA(m *image.YCbCr) *image.RGBA {
	out := image.NewRGBA(m.Rect)
	for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
		for x := m.Rect.Min.X; x < m.Rect.Max.X; x++ {
			l := 255.0 / 219 * (float64(m.Y[m.YOffset(x, y)]) - 16)
			u := float64(m.Cb[m.COffset(x, y)]) - 128
			v := float64(m.Cr[m.COffset(x, y)]) - 128
			out.SetRGBA(x, y, color.RGBA{mediatest.Clamp8(l + 1.596*v), mediatest.Clamp8(l - 0.392*u - 0.813*v), mediatest.Clamp8(l + 2.017*u), 255})
		}
	}
	return out
}

// A lossy WebP upload keeps its whites, blacks and colours.
func TestWebPColours(t *testing.T) {
	t.Parallel()
	want := []color.RGBA{{255, 255, 255, 255}, {0, 0, 0, 255}, {200, 30, 30, 255}, {40, 90, 200, 255}}
	in := image.NewRGBA(image.Rect(0, 0, 400, 100))
	for x := range 400 {
		for y := range 100 {
			in.SetRGBA(x, y, want[x/100])
		}
	}
	img, err := Intake(encodeWebP(t, in, false))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range img.Variants {
		m := decodeVariant(t, v)
		for i, c := range want {
			x := (2*i + 1) * v.Width / 8
			r, g, b, _ := m.At(x, v.Height/2).RGBA()
			if diff(r, c.R) > 8 || diff(g, c.G) > 8 || diff(b, c.B) > 8 {
				t.Errorf("%s %d: band %d is %d,%d,%d, want %v", v.Format, v.Width, i, r>>8, g>>8, b>>8, c)
			}
		}
	}
}

func diff(a uint32, b uint8) int {
	d := int(a>>8) - int(b)
	return max(d, -d)
}

// reduce averages whole blocks and the smaller blocks at the edges.
func TestReduce(t *testing.T) {
	t.Parallel()
	src := image.NewGray(image.Rect(0, 0, 5, 3))
	copy(src.Pix, []uint8{
		10, 20, 30, 40, 50,
		30, 40, 50, 60, 70,
		90, 90, 0, 0, 200,
	})
	got := reduce(src, 2)
	want := [][]uint8{{25, 45, 60}, {90, 0, 200}}
	if got.Rect.Dx() != 3 || got.Rect.Dy() != 2 {
		t.Fatalf("size %v", got.Rect)
	}
	for y, row := range want {
		for x, v := range row {
			if c := got.RGBAAt(x, y); c.R != v || c.G != v || c.B != v || c.A != 255 {
				t.Errorf("(%d,%d) = %v, want %d", x, y, c, v)
			}
		}
	}
}

func TestTransparentBecomesWhite(t *testing.T) {
	t.Parallel()
	img, err := Intake(encodePNG(t, image.NewNRGBA(image.Rect(0, 0, 400, 300))))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range img.Variants {
		r, g, b, _ := decodeVariant(t, v).At(v.Width/2, v.Height/2).RGBA()
		if diff(r, 255) > 4 || diff(g, 255) > 4 || diff(b, 255) > 4 {
			t.Errorf("%s %d: centre is %d,%d,%d, want white", v.Format, v.Width, r>>8, g>>8, b>>8)
		}
	}
}

func TestIntakeRefuses(t *testing.T) {
	t.Parallel()
	good := encodeJPEG(t, mediatest.Photo(800, 600, 4))
	goodPNG := encodePNG(t, mediatest.Photo(300, 200, 5))
	goodWebP := encodeWebP(t, mediatest.Photo(300, 200, 6), false)
	if string(goodWebP[12:16]) != "VP8 " {
		t.Fatalf("test WebP is %q, want a simple lossy file", goodWebP[12:16])
	}
	tests := []struct {
		name   string
		data   []byte
		reason Reason
	}{
		{"zero bytes", nil, ReasonEmpty},
		{"html named .jpg", []byte("<!doctype html><script>alert(document.cookie)</script>"), ReasonNotImage},
		{"shell script", []byte("#!/bin/sh\nrm -rf /\n"), ReasonNotImage},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), ReasonNotImage},
		{"script behind a jpeg magic", append([]byte("\xff\xd8\xff\xe0"), "<script>alert(1)</script>"...), ReasonCorrupt},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), ReasonUnsupported},
		{"heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), ReasonUnsupported},
		{"truncated jpeg", good[:len(good)/2], ReasonCorrupt},
		{"jpeg header only", good[:200], ReasonCorrupt},
		{"truncated png", goodPNG[:len(goodPNG)/2], ReasonCorrupt},
		{"truncated webp", goodWebP[:len(goodWebP)/2], ReasonCorrupt},
		{"png bomb 30000×30000", mediatest.PNGHeader(30_000, 30_000), ReasonTooLarge},
		{"png too tall", mediatest.PNGHeader(100, 12_001), ReasonTooLarge},
		{"png over 40 MP", mediatest.PNGHeader(7_000, 7_000), ReasonTooLarge},
		{"jpeg bomb 20000×20000", jpegSized(good, 20_000, 20_000), ReasonTooLarge},
		{"webp bomb 16383×16383", webpSized(goodWebP, 16_383, 16_383), ReasonTooLarge},
		{"over the byte limit", append(append([]byte{}, good...), make([]byte, MaxBytes)...), ReasonFileTooBig},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Intake(tc.data)
			var re *RefusedError
			if !errors.As(err, &re) {
				t.Fatalf("got %v, want a refusal", err)
			}
			if re.Reason != tc.reason {
				t.Errorf("reason %q, want %q (%v)", re.Reason, tc.reason, err)
			}
			e := errs.As(err)
			if e.Code != errs.Invalid || e.Field != Field || len(e.Message) < 20 {
				t.Errorf("got code %q field %q message %q, want a clear invalid error on %q", e.Code, e.Field, e.Message, Field)
			}
			for _, a := range re.Args {
				if !strings.Contains(e.Message, a) {
					t.Errorf("message %q lacks its argument %q", e.Message, a)
				}
			}
		})
	}
}

// A bomb is refused from its header: refusing it allocates next to nothing
// where decoding it would take 2.7 GB.
func TestBombRefusedWithoutAllocating(t *testing.T) {
	bomb := mediatest.PNGHeader(30_000, 30_000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Intake(bomb)
	runtime.ReadMemStats(&after)
	if errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("got %v, want a refusal", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Fatalf("refusing the bomb allocated %d bytes", n)
	}
}

// jpegMarkers lists the markers of a JPEG before its first scan.
func jpegMarkers(t *testing.T, j []byte) []byte {
	t.Helper()
	var out []byte
	for p := 2; p+4 <= len(j); {
		if j[p] != 0xff {
			t.Fatalf("bad JPEG structure at %d", p)
		}
		out = append(out, j[p+1])
		if j[p+1] == 0xda {
			return out
		}
		p += 2 + int(binary.BigEndian.Uint16(j[p+2:]))
	}
	t.Fatal("no scan in JPEG")
	return nil
}

// webpChunks lists the chunk names of a WebP file.
func webpChunks(t *testing.T, w []byte) []string {
	t.Helper()
	var out []string
	for p := 12; p+8 <= len(w); {
		out = append(out, string(w[p:p+4]))
		n := int(binary.LittleEndian.Uint32(w[p+4:]))
		p += 8 + n + n%2
	}
	return out
}

func TestMetadataStripped(t *testing.T) {
	t.Parallel()
	in := mediatest.WithMetadata(encodeJPEG(t, mediatest.Photo(1400, 900, 8)), 1)
	for _, s := range [][]byte{mediatest.GPSBytes(), []byte("Exif\x00\x00"), []byte("xmpmeta"), []byte("ICC_PROFILE"), []byte("secret-comment")} {
		if !bytes.Contains(in, s) {
			t.Fatalf("test input lacks %q", s)
		}
	}
	img, err := Intake(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range img.Variants {
		for _, s := range [][]byte{mediatest.GPSBytes(), []byte("Exif"), []byte("xmp"), []byte("ICC_PROFILE"), []byte("secret-comment")} {
			if bytes.Contains(v.Bytes, s) {
				t.Errorf("%s %d still holds %q", v.Format, v.Width, s)
			}
		}
		switch v.Format {
		case JPEG:
			for _, m := range jpegMarkers(t, v.Bytes) {
				if m >= 0xe1 && m <= 0xef || m == 0xfe {
					t.Errorf("jpeg %d has metadata segment 0x%x", v.Width, m)
				}
			}
		case WebP:
			for _, c := range webpChunks(t, v.Bytes) {
				if c != "VP8 " && c != "VP8L" && c != "VP8X" && c != "ALPH" {
					t.Errorf("webp %d has chunk %q", v.Width, c)
				}
			}
		}
	}
}

func TestOrientation(t *testing.T) {
	t.Parallel()
	red := color.RGBA{255, 0, 0, 255}
	green := color.RGBA{0, 200, 0, 255}
	// Where the stored top-left (red) and top-right (green) corners show
	// for each EXIF orientation, as the TIFF 6.0 specification defines it.
	const tl, tr, br, bl = 0, 1, 2, 3
	tests := []struct {
		orient     uint16
		red, green int
	}{
		{1, tl, tr}, {2, tr, tl}, {3, br, bl}, {4, bl, br},
		{5, tl, bl}, {6, tr, br}, {7, br, tr}, {8, bl, tl},
	}
	in := encodeJPEG(t, marked(480, 320))
	for _, tc := range tests {
		t.Run(string(rune('0'+tc.orient)), func(t *testing.T) {
			t.Parallel()
			img, err := Intake(mediatest.WithMetadata(in, tc.orient))
			if err != nil {
				t.Fatal(err)
			}
			w, h := 480, 320
			if tc.orient >= 5 {
				w, h = 320, 480
			}
			if img.Width != w || img.Height != h {
				t.Fatalf("shows %d×%d, want %d×%d", img.Width, img.Height, w, h)
			}
			for _, v := range img.Variants {
				m := decodeVariant(t, v)
				vw, vh := v.Width, v.Height
				corners := []image.Point{{vw / 8, vh / 8}, {vw - 1 - vw/8, vh / 8}, {vw - 1 - vw/8, vh - 1 - vh/8}, {vw / 8, vh - 1 - vh/8}}
				if !near(m.At(corners[tc.red].X, corners[tc.red].Y), red) || !near(m.At(corners[tc.green].X, corners[tc.green].Y), green) {
					t.Errorf("%s %d: red corner %d, green corner %d not where expected", v.Format, v.Width, tc.red, tc.green)
				}
			}
		})
	}
}

func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	return diff(r, want.R) < 40 && diff(g, want.G) < 40 && diff(b, want.B) < 40
}

func TestDeterministicHashes(t *testing.T) {
	t.Parallel()
	in := encodeJPEG(t, mediatest.Photo(1000, 700, 9))
	a, err := Intake(in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Intake(in)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, v := range a.Variants {
		sum := sha256.Sum256(v.Bytes)
		if want := hex.EncodeToString(sum[:])[:16]; v.Hash != want {
			t.Errorf("variant %d hash %s, want %s", i, v.Hash, want)
		}
		if v.Hash != b.Variants[i].Hash || !bytes.Equal(v.Bytes, b.Variants[i].Bytes) {
			t.Errorf("variant %d differs between two runs", i)
		}
		if seen[v.Hash] {
			t.Errorf("variant %d repeats hash %s", i, v.Hash)
		}
		seen[v.Hash] = true
		if name := v.FileName(); !strings.HasPrefix(name, strconv.Itoa(v.Width)+"-"+v.Hash) || !strings.HasSuffix(name, v.Format.Ext()) {
			t.Errorf("file name %q", name)
		}
	}
}

// The main picture of a chair page at 390 px shows the 960 px variant on
// a 2x phone and the 640 px one at 1x: each must stay under 80 KB.
func TestPhotoSizes(t *testing.T) {
	t.Parallel()
	img, err := Intake(encodeJPEG(t, mediatest.Photo(4000, 3000, 10)))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range img.Variants {
		t.Logf("%-4s %4d×%-4d %6d bytes", v.Format, v.Width, v.Height, len(v.Bytes))
		if v.Format == WebP && (v.Width == 640 || v.Width == 960) && len(v.Bytes) >= 80_000 {
			t.Errorf("webp %d is %d bytes, over the 80 KB bar", v.Width, len(v.Bytes))
		}
	}
}
