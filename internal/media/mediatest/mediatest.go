// Package mediatest makes pictures for tests and demos: a photo-like
// picture of our own drawing (no bundled photo anyone else owns), JPEG
// metadata with a GPS position to prove it is stripped, and a PNG header
// that claims a huge size.
package mediatest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
)

// Photo draws a picture with what makes photos hard to compress: smooth
// gradients (a wall and a floor), hard edges and soft shading (a chair-like
// block, round cushions), texture at every scale (fractal noise, as in
// fabric, wood and leather) and sensor-like noise everywhere.
func Photo(w, h int, seed uint64) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(seed, 7))
	tex := fractal(seed, float64(w)/1000)
	fw, fh := float64(w), float64(h)
	horizon := int(fh * 0.62)
	type disc struct {
		cx, cy, r float64
		c         [3]float64
	}
	discs := make([]disc, 6)
	for i := range discs {
		discs[i] = disc{cx: fw * (0.15 + 0.7*rng.Float64()), cy: fh * (0.2 + 0.6*rng.Float64()), r: fh * (0.04 + 0.1*rng.Float64()),
			c: [3]float64{80 + 150*rng.Float64(), 60 + 150*rng.Float64(), 50 + 150*rng.Float64()}}
	}
	bx0, bx1, by0, by1 := int(fw*0.35), int(fw*0.75), int(fh*0.25), int(fh*0.85)
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/fw, float64(y)/fh
			var r, g, b float64
			if y < horizon { // wall, lit from the left
				r, g, b = 225-60*fx, 215-50*fx-20*fy, 195-40*fx
			} else { // floor boards
				board := math.Sin(float64(x)/fw*40) * 8
				r, g, b = 150+board-30*fy, 105+board-25*fy, 70+board/2-20*fy
			}
			if x >= bx0 && x < bx1 && y >= by0 && y < by1 { // the chair, shaded
				t := float64(x-bx0) / float64(bx1-bx0)
				s := 0.55 + 0.45*math.Cos((t-0.3)*math.Pi)
				r, g, b = 70*s+20, 45*s+15, 35*s+10
			}
			for _, d := range discs {
				dist := math.Hypot(float64(x)-d.cx, float64(y)-d.cy)
				if dist < d.r {
					s := 1 - 0.5*dist/d.r
					r, g, b = d.c[0]*s, d.c[1]*s, d.c[2]*s
				}
			}
			n := rng.NormFloat64()*4 + tex(float64(x), float64(y))*28
			i := m.PixOffset(x, y)
			m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = Clamp8(r+n), Clamp8(g+n), Clamp8(b+n), 255
		}
	}
	return m
}

// fractal returns multi-octave value noise in about [-1, 1], with
// features from 2 to 256 units times unit across.
func fractal(seed uint64, unit float64) func(x, y float64) float64 {
	lattice := func(i, j int, o uint64) float64 {
		h := uint64(i)*0x9e3779b97f4a7c15 ^ uint64(j)*0xc2b2ae3d27d4eb4f ^ (seed+o)*0x165667b19e3779f9
		h ^= h >> 31
		h *= 0xbf58476d1ce4e5b9
		h ^= h >> 29
		return float64(h>>11)/float64(1<<53)*2 - 1
	}
	return func(x, y float64) float64 {
		sum, amp := 0.0, 0.5
		for o, period := uint64(0), 256*unit; period >= 2*unit; o, period = o+1, period/2 {
			fx, fy := x/period, y/period
			i, j := int(fx), int(fy)
			tx, ty := fx-float64(i), fy-float64(j)
			a := lattice(i, j, o) + (lattice(i+1, j, o)-lattice(i, j, o))*tx
			b := lattice(i, j+1, o) + (lattice(i+1, j+1, o)-lattice(i, j+1, o))*tx
			sum += amp * (a + (b-a)*ty)
			amp *= 0.8
		}
		return sum / 2
	}
}

// Clamp8 rounds v into a byte.
func Clamp8(v float64) uint8 { return uint8(max(0, min(255, math.Round(v)))) }

// Manila's latitude and longitude as EXIF rationals: a value the tests
// look for in every output.
var gpsLat = [][2]uint32{{14, 1}, {35, 1}, {4242, 100}}

// exifSegment builds an APP1 Exif segment, little-endian TIFF, with the
// orientation in IFD0 and a GPS IFD holding a latitude.
func exifSegment(orient uint16) []byte {
	le := binary.LittleEndian
	t := []byte("II*\x00\x08\x00\x00\x00")
	entry := func(tag, typ uint16, count, value uint32) []byte {
		e := make([]byte, 12)
		le.PutUint16(e, tag)
		le.PutUint16(e[2:], typ)
		le.PutUint32(e[4:], count)
		le.PutUint32(e[8:], value)
		return e
	}
	const ifd0 = 8
	gpsIFD := uint32(ifd0 + 2 + 2*12 + 4)
	t = le.AppendUint16(t, 2)
	t = append(t, entry(0x0112, 3, 1, uint32(orient))...)
	t = append(t, entry(0x8825, 4, 1, gpsIFD)...)
	t = le.AppendUint32(t, 0)
	latData := gpsIFD + 2 + 2*12 + 4
	t = le.AppendUint16(t, 2)
	t = append(t, entry(0x0001, 2, 2, uint32('N'))...)
	t = append(t, entry(0x0002, 5, 3, latData)...)
	t = le.AppendUint32(t, 0)
	for _, r := range gpsLat {
		t = le.AppendUint32(t, r[0])
		t = le.AppendUint32(t, r[1])
	}
	return segment(0xe1, append([]byte("Exif\x00\x00"), t...))
}

func segment(marker byte, payload []byte) []byte {
	s := []byte{0xff, marker}
	s = binary.BigEndian.AppendUint16(s, uint16(len(payload)+2))
	return append(s, payload...)
}

// WithMetadata inserts EXIF (with GPS), XMP, an ICC profile segment and a
// comment after the JPEG's SOI marker.
func WithMetadata(j []byte, orient uint16) []byte {
	out := append([]byte{}, j[:2]...)
	out = append(out, exifSegment(orient)...)
	out = append(out, segment(0xe1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>owner-home</x:xmpmeta>"))...)
	out = append(out, segment(0xe2, []byte("ICC_PROFILE\x00\x01\x01fake-profile"))...)
	out = append(out, segment(0xfe, []byte("secret-comment"))...)
	return append(out, j[2:]...)
}

// GPSBytes are the latitude as the EXIF GPS IFD stores it: bytes no
// picture served may contain.
func GPSBytes() []byte {
	var b []byte
	for _, r := range gpsLat {
		b = binary.LittleEndian.AppendUint32(b, r[0])
		b = binary.LittleEndian.AppendUint32(b, r[1])
	}
	return b
}

// PNGHeader is a PNG whose IHDR declares w×h RGB pixels, followed by a
// tiny IDAT and IEND: all a decompression bomb needs to claim its size.
func PNGHeader(w, h uint32) []byte {
	chunk := func(typ string, data []byte) []byte {
		c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		c = append(c, typ...)
		c = append(c, data...)
		return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	out = append(out, chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	return append(out, chunk("IEND", nil)...)
}

// JPEG encodes m at quality 92.
func JPEG(m image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 92}); err != nil {
		panic(err) // only for an image the encoder cannot take, which none of ours is
	}
	return b.Bytes()
}

// CameraJPEG is a w×h photo-like JPEG carrying EXIF with a GPS position,
// XMP, an ICC profile and a comment, as a phone camera's file would.
func CameraJPEG(w, h int, seed uint64) []byte {
	return WithMetadata(JPEG(Photo(w, h, seed)), 1)
}
