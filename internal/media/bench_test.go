package media

import (
	"masahe/internal/media/mediatest"

	"image"
	"testing"

	"golang.org/x/image/draw"
)

// A 12-megapixel camera photo, 4000 × 3000.
func BenchmarkIntake12MP(b *testing.B) {
	in := encodeJPEG(b, mediatest.Photo(4000, 3000, 11))
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Intake(in); err != nil {
			b.Fatal(err)
		}
	}
}

// The scaling filters from a decoded 12 MP JPEG to 1280 px.
func BenchmarkScale12MPTo1280(b *testing.B) {
	src, err := decode(JPEG, encodeJPEG(b, mediatest.Photo(4000, 3000, 11)))
	if err != nil {
		b.Fatal(err)
	}
	for _, k := range []struct {
		name string
		s    draw.Scaler
	}{{"CatmullRom", draw.CatmullRom}, {"BiLinear", draw.BiLinear}, {"ApproxBiLinear", draw.ApproxBiLinear}} {
		b.Run(k.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				dst := image.NewRGBA(image.Rect(0, 0, 1280, 960))
				k.s.Scale(dst, dst.Rect, src, src.Bounds(), draw.Src, nil)
			}
		})
	}
}

// Encoding one 960 px variant in each format.
func BenchmarkEncode960(b *testing.B) {
	m := scale(mediatest.Photo(1920, 1440, 12), image.Pt(960, 720))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := encode(m); err != nil {
			b.Fatal(err)
		}
	}
}
