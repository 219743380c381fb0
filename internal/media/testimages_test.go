package media

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// marked is a w×h picture, white, with a red top-left quarter and a green
// top-right quarter, so every turn and mirror can be told apart.
func marked(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{255, 255, 255, 255}
			switch {
			case y < h/2 && x < w/2:
				c = color.RGBA{255, 0, 0, 255}
			case y < h/2 && x >= w/2:
				c = color.RGBA{0, 200, 0, 255}
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

func encodeJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// jpegSized patches the SOF0 frame of a baseline JPEG to claim w×h.
func jpegSized(j []byte, w, h uint16) []byte {
	out := append([]byte{}, j...)
	i := bytes.Index(out, []byte{0xff, 0xc0})
	binary.BigEndian.PutUint16(out[i+5:], h)
	binary.BigEndian.PutUint16(out[i+7:], w)
	return out
}

// webpSized patches the frame header of a simple lossy WebP to claim w×h
// (14 bits each).
func webpSized(wp []byte, w, h uint16) []byte {
	out := append([]byte{}, wp...)
	binary.LittleEndian.PutUint16(out[26:], w&0x3fff)
	binary.LittleEndian.PutUint16(out[28:], h&0x3fff)
	return out
}
