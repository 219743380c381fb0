package media

import (
	"encoding/binary"
	"image"
)

// orientation is the EXIF orientation tag (0x0112): how the stored pixels
// must be turned to show the picture upright. 1 is as stored; 2–8 mirror
// and rotate as the TIFF 6.0 specification numbers them.
type orientation int

const orientNormal orientation = 1

// swapsSides reports whether the picture shows turned a quarter, with
// width and height exchanged.
func (o orientation) swapsSides() bool { return o >= 5 }

// jpegOrientation reads the orientation tag from the first EXIF segment of
// a JPEG, or 1 when there is none or it cannot be read. Only this one tag
// of IFD0 is read, so a small reader of the segment layout does the job
// that a full EXIF library would otherwise be pulled in for.
func jpegOrientation(data []byte) orientation {
	p := 2 // after SOI
	for p+4 <= len(data) {
		if data[p] != 0xff {
			return orientNormal
		}
		marker := data[p+1]
		if marker == 0xda || marker == 0xd9 { // start of scan, end of image
			return orientNormal
		}
		n := int(binary.BigEndian.Uint16(data[p+2:]))
		if n < 2 || p+2+n > len(data) {
			return orientNormal
		}
		seg := data[p+4 : p+2+n]
		if marker == 0xe1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		p += 2 + n
	}
	return orientNormal
}

func tiffOrientation(t []byte) orientation {
	if len(t) < 8 {
		return orientNormal
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return orientNormal
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return orientNormal
	}
	count := int(bo.Uint16(t[ifd:]))
	for i := range count {
		e := ifd + 2 + 12*i
		if e+12 > len(t) {
			break
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		if bo.Uint16(t[e+2:]) != 3 || bo.Uint32(t[e+4:]) != 1 { // one SHORT
			return orientNormal
		}
		if o := orientation(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
			return o
		}
		return orientNormal
	}
	return orientNormal
}

// orient returns m turned upright. m is as stored; the result is a new
// image unless o is 1.
func orient(m *image.RGBA, o orientation) *image.RGBA {
	if o == orientNormal {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dw, dh := w, h
	if o.swapsSides() {
		dw, dh = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for dy := range dh {
		for dx := range dw {
			var sx, sy int
			switch o {
			case 2:
				sx, sy = w-1-dx, dy
			case 3:
				sx, sy = w-1-dx, h-1-dy
			case 4:
				sx, sy = dx, h-1-dy
			case 5:
				sx, sy = dy, dx
			case 6:
				sx, sy = dy, h-1-dx
			case 7:
				sx, sy = w-1-dy, h-1-dx
			default: // 8
				sx, sy = w-1-dy, dx
			}
			si := m.PixOffset(m.Rect.Min.X+sx, m.Rect.Min.Y+sy)
			di := out.PixOffset(dx, dy)
			copy(out.Pix[di:di+4], m.Pix[si:si+4])
		}
	}
	return out
}
