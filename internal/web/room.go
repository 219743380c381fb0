package web

import (
	"fmt"

	"masahe/internal/catalog"
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
// the free space it needs behind. Without a chair, or when its upright size
// is not published, it draws the room alone.
func newRoomDrawing(roomW, roomD int64, c *catalog.Chair) *roomDrawing {
	d := &roomDrawing{RoomX: roomMargin, RoomY: roomMargin + 14, RoomW: int(roomW), RoomD: int(roomD)}
	right, bottom := d.RoomX+int(roomW), d.RoomY+int(roomD)
	d.Desc = fmt.Sprintf("Your %d × %d cm space", roomW, roomD)
	uw, ok1 := c.Int("upright_width_cm")
	ud, ok2 := c.Int("upright_depth_cm")
	if !ok1 || !ok2 {
		d.Desc += ": no chair on your shortlist publishes its size, so none is drawn."
		return d.finish(right, bottom)
	}
	clearance, _ := c.Int("wall_clearance_cm")
	d.Slug, d.Name, d.Clearance = c.Slug, c.FullName(), int(clearance)
	top := d.RoomY + int(clearance)
	centre := func(w int64) int { return d.RoomX + (int(roomW)-int(w))/2 }
	d.Upright = &box{Class: "upright", Name: "Upright", X: centre(uw), Y: top, W: int(uw), D: int(ud), Size: fmt.Sprintf("%d × %d cm", uw, ud)}
	right, bottom = max(right, d.Upright.X+int(uw)), max(bottom, top+int(ud))
	d.Desc += fmt.Sprintf(" with the %s against the back wall: upright it takes %d × %d cm", c.FullName(), uw, ud)
	if rw, ok := c.Int("reclined_width_cm"); ok {
		if rd, ok := c.Int("reclined_depth_cm"); ok {
			r := box{Class: "reclined", Name: "Reclined", X: centre(rw), Y: top, W: int(rw), D: int(rd), Size: fmt.Sprintf("%d × %d cm", rw, rd), LabelAtBottom: true}
			d.Reclined = &r
			right, bottom = max(right, r.X+int(rw)), max(bottom, top+int(rd))
			d.Desc += fmt.Sprintf(", reclined %d × %d cm", rw, rd)
		}
	}
	if clearance > 0 {
		d.Desc += fmt.Sprintf(", with %d cm kept free behind it", clearance)
	}
	d.Overflows = right > d.RoomX+int(roomW) || bottom > d.RoomY+int(roomD) || d.Upright.X < d.RoomX || (d.Reclined != nil && d.Reclined.X < d.RoomX)
	if d.Overflows {
		d.Desc += ". It does not fit: the outline crosses your walls"
	}
	d.Desc += "."
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
