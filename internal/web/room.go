package web

import (
	"strings"

	"masahe/internal/catalog"
	"masahe/internal/locale"
)

// roomDrawing is a to-scale plan of the buyer's room with a chair placed
// against the back wall, upright and reclined; the SVG's user unit is a
// centimetre.
type roomDrawing struct {
	Slug, Name     string
	ViewW, ViewH   int
	RoomX, RoomY   int
	RoomW, RoomD   int
	Clearance      int
	Upright        *box
	Reclined       *box
	Overflows      bool
	ScaleX, ScaleY int
	Desc           string
}

const roomMargin = 12

// newRoomDrawing places the chair in the middle of the back wall, leaving
// the free space it needs behind, its words in p's language. Without a
// chair, or when its upright size is not published, it draws the room
// alone.
func newRoomDrawing(p *locale.Printer, roomW, roomD int64, c *catalog.Chair) *roomDrawing {
	d := &roomDrawing{RoomX: roomMargin, RoomY: roomMargin + 14, RoomW: int(roomW), RoomD: int(roomD)}
	right, bottom := d.RoomX+int(roomW), d.RoomY+int(roomD)
	uw, ok1 := c.Int("upright_width_cm")
	ud, ok2 := c.Int("upright_depth_cm")
	if !ok1 || !ok2 {
		d.Desc = p.T("finder.room.desc_empty", roomW, roomD)
		return d.finish(right, bottom)
	}
	clearance, _ := c.Int("wall_clearance_cm")
	d.Slug, d.Name, d.Clearance = c.Slug, c.FullName(), int(clearance)
	top := d.RoomY + int(clearance)
	centre := func(w int64) int { return d.RoomX + (int(roomW)-int(w))/2 }
	d.Upright = &box{Class: "upright", Name: p.T("finder.room.upright"), X: centre(uw), Y: top, W: int(uw), D: int(ud), Size: p.T("finder.room.size", uw, ud)}
	right, bottom = max(right, d.Upright.X+int(uw)), max(bottom, top+int(ud))
	parts := []string{p.T("finder.room.desc_chair", roomW, roomD, c.FullName(), uw, ud)}
	if rw, ok := c.Int("reclined_width_cm"); ok {
		if rd, ok := c.Int("reclined_depth_cm"); ok {
			r := box{Class: "reclined", Name: p.T("finder.room.reclined"), X: centre(rw), Y: top, W: int(rw), D: int(rd), Size: p.T("finder.room.size", rw, rd), LabelAtBottom: true}
			d.Reclined = &r
			right, bottom = max(right, r.X+int(rw)), max(bottom, top+int(rd))
			parts = append(parts, p.T("finder.room.desc_reclined", rw, rd))
		}
	}
	if clearance > 0 {
		parts = append(parts, p.T("finder.room.desc_clearance", clearance))
	}
	d.Desc = strings.Join(parts, ", ") + "."
	d.Overflows = right > d.RoomX+int(roomW) || bottom > d.RoomY+int(roomD) || d.Upright.X < d.RoomX || (d.Reclined != nil && d.Reclined.X < d.RoomX)
	if d.Overflows {
		d.Desc += " " + p.T("finder.room.desc_overflow")
	}
	return d.finish(right, bottom)
}

// finish shifts everything right when a chair sticks out on the left and
// sets the view box and the scale bar.
func (d *roomDrawing) finish(right, bottom int) *roomDrawing {
	left := d.RoomX
	for _, b := range []*box{d.Upright, d.Reclined} {
		if b != nil {
			left = min(left, b.X)
		}
	}
	shift := max(0, roomMargin-left)
	d.RoomX += shift
	for _, b := range []*box{d.Upright, d.Reclined} {
		if b != nil {
			b.X += shift
		}
	}
	d.ViewW = right + shift + roomMargin
	d.ScaleX, d.ScaleY = d.RoomX, bottom+20
	d.ViewH = d.ScaleY + 16
	return d
}
