package media

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"

	"github.com/gen2brain/webp"
	"golang.org/x/image/draw"
)

// Widths are the widths, in pixels, a picture is made at: 320 and 640 for
// cards and 1x phones, 960 for a 390 px phone at 2x and above, 1280 for
// wide screens.
func Widths() []int { return []int{320, 640, 960, 1280} }

// Encoder settings, chosen by the sizes measured in docs/MEDIA.md.
const (
	webpQuality = 75
	webpMethod  = 4
	jpegQuality = 80
)

// maxVariantHeight keeps very tall pictures from making very tall
// variants, which would cost memory and bytes for nothing a page shows.
const maxVariantHeight = 2560

// targetWidths are the widths made for a picture w × h as shown: those of
// Widths no wider than the picture and no taller than maxVariantHeight,
// plus the widest the picture allows when that is narrower than the
// largest of Widths.
func targetWidths(w, h int) []int {
	widths := Widths()
	limit := min(w, max(1, maxVariantHeight*w/h))
	var out []int
	for _, tw := range widths {
		if tw <= limit {
			out = append(out, tw)
		}
	}
	if len(out) == 0 || (out[len(out)-1] < limit && limit < widths[len(widths)-1]) {
		out = append(out, limit)
	}
	return out
}

// variants scales src down to each target width, the widest straight
// from src and the others from the widest, turns each upright and encodes
// it. videoRange says src is a lossy WebP's YCbCr (see expandVideoRange). It returns the variants and the picture's upright size.
func variants(src image.Image, o orientation, videoRange bool) ([]Variant, int, int, error) {
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	w, h := sw, sh
	if o.swapsSides() {
		w, h = sh, sw
	}
	widths := targetWidths(w, h)
	widest := widths[len(widths)-1]
	top := scale(src, scaledSize(sw, sh, widest, o.swapsSides()))
	if videoRange {
		expandVideoRange(top)
	}
	top = orient(top, o)
	out := make([]Variant, 0, 2*len(widths))
	for _, tw := range widths {
		m := top
		if tw != widest {
			m = scale(top, scaledSize(top.Rect.Dx(), top.Rect.Dy(), tw, false))
		}
		vs, err := encode(m)
		if err != nil {
			return nil, 0, 0, err
		}
		out = append(out, vs...)
	}
	return out, w, h, nil
}

// scaledSize is the stored-orientation size that shows tw pixels wide:
// when the picture shows turned a quarter, the shown width is the stored
// height.
func scaledSize(sw, sh, tw int, swapped bool) image.Point {
	if swapped {
		return image.Pt(max(1, (sw*tw+sh/2)/sh), tw)
	}
	return image.Pt(tw, max(1, (sh*tw+sw/2)/sw))
}

// scale draws src into a new RGBA image of size with the Catmull-Rom
// filter, over white so transparent areas come out white in JPEG and WebP
// alike. A source three or more times the size is first averaged down by
// a whole factor, leaving Catmull-Rom at least a 1.5× reduction (Pillow's
// reducing_gap does the same): the filter's scratch buffer takes 32 bytes
// per output column and source row, 123 MB for a 12 MP photo to 1280 px
// without this step, 61 MB with it.
func scale(src image.Image, size image.Point) *image.RGBA {
	if k := min(2*src.Bounds().Dx()/(3*size.X), 2*src.Bounds().Dy()/(3*size.Y)); k >= 2 {
		src = reduce(src, k)
	}
	dst := image.NewRGBA(image.Rectangle{Max: size})
	op := draw.Src
	if !opaque(src) {
		draw.Draw(dst, dst.Rect, image.NewUniform(color.White), image.Point{}, draw.Src)
		op = draw.Over
	}
	draw.CatmullRom.Scale(dst, dst.Rect, src, src.Bounds(), op, nil)
	return dst
}

// reduce averages src over k × k blocks (the blocks at the right and
// bottom edges may be smaller). It reads src k rows at a time through
// draw.Draw, which has fast paths for the decoders' image types, so it
// needs one strip of RGBA beside the result.
func reduce(src image.Image, k int) *image.RGBA {
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	out := image.NewRGBA(image.Rect(0, 0, (sw+k-1)/k, (sh+k-1)/k))
	strip := image.NewRGBA(image.Rect(0, 0, sw, k))
	sums := make([]uint32, 4*out.Rect.Dx())
	for oy := range out.Rect.Dy() {
		rows := min(k, sh-oy*k)
		draw.Draw(strip, image.Rect(0, 0, sw, rows), src, image.Pt(b.Min.X, b.Min.Y+oy*k), draw.Src)
		clear(sums)
		for y := range rows {
			row := strip.Pix[y*strip.Stride : y*strip.Stride+4*sw]
			for x := range sw {
				o := 4 * (x / k)
				sums[o] += uint32(row[4*x])
				sums[o+1] += uint32(row[4*x+1])
				sums[o+2] += uint32(row[4*x+2])
				sums[o+3] += uint32(row[4*x+3])
			}
		}
		dst := out.Pix[oy*out.Stride:]
		for ox := range out.Rect.Dx() {
			n := uint32(rows * min(k, sw-ox*k))
			for c := range 4 {
				dst[4*ox+c] = uint8((sums[4*ox+c] + n/2) / n)
			}
		}
	}
	return out
}

func opaque(m image.Image) bool {
	if o, ok := m.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

func encode(m *image.RGBA) ([]Variant, error) {
	var wb, jb bytes.Buffer
	if err := webp.Encode(&wb, m, webp.Options{Quality: webpQuality, Method: webpMethod}); err != nil {
		return nil, fmt.Errorf("media: encode webp: %w", err)
	}
	if err := jpeg.Encode(&jb, m, &jpeg.Options{Quality: jpegQuality}); err != nil {
		return nil, fmt.Errorf("media: encode jpeg: %w", err)
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	return []Variant{
		{Width: w, Height: h, Format: WebP, Bytes: wb.Bytes(), Hash: contentHash(wb.Bytes())},
		{Width: w, Height: h, Format: JPEG, Bytes: jb.Bytes(), Hash: contentHash(jb.Bytes())},
	}, nil
}

// expandVideoRange corrects colours decoded from a lossy WebP. VP8 stores
// YCbCr in the limited "video" range of BT.601 (Y from 16 to 235), but Go's
// decoders hand it over as image.YCbCr, which converts as full-range JFIF:
// whites come out grey 235 and blacks 16. Scaling is linear, so the fix
// can run on the scaled picture: recover the YCbCr values and convert them
// as VP8 defines, with libwebp's coefficients.
func expandVideoRange(m *image.RGBA) {
	for i := 0; i+3 < len(m.Pix); i += 4 {
		y, cb, cr := color.RGBToYCbCr(m.Pix[i], m.Pix[i+1], m.Pix[i+2])
		l := 1.164383 * (float64(y) - 16)
		u, v := float64(cb)-128, float64(cr)-128
		m.Pix[i] = clampByte(l + 1.596027*v)
		m.Pix[i+1] = clampByte(l - 0.391762*u - 0.812968*v)
		m.Pix[i+2] = clampByte(l + 2.017232*u)
	}
}

func clampByte(v float64) uint8 {
	return uint8(max(0, min(255, v+0.5)))
}
