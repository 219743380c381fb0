package web

import (
	"fmt"

	"masahe/internal/catalog"
	"masahe/internal/locale"
)

// footprint is a to-scale top view of a chair upright and reclined, drawn
// in an SVG whose user unit is one centimetre.
type footprint struct {
	ViewW, ViewH int
	Upright      box
	Reclined     *box
	Clearance    int
	WallY        int
	ScaleX       int
	ScaleY       int
	Desc         string
}

type box struct {
	X, Y, W, D int
	Class      string
	Name       string
	Size       string
	// LabelAtBottom puts the labels at the front edge, clear of a box
	// drawn over this one.
	LabelAtBottom bool
}

const (
	fpMargin = 10
	fpGap    = 30
	fpTop    = 26
)

// newFootprint draws what the chair's published dimensions allow: nothing
// without an upright width and depth, the reclined box only when both its
// dimensions are published, and the free space behind when stated; its
// words in p's language.
func newFootprint(c catalog.Chair, p *locale.Printer) *footprint {
	uw, ok1 := c.Int("upright_width_cm")
	ud, ok2 := c.Int("upright_depth_cm")
	if !ok1 || !ok2 {
		return nil
	}
	clearance, _ := c.Int("wall_clearance_cm")
	f := &footprint{Clearance: int(clearance), WallY: fpTop}
	chairY := fpTop + int(clearance)
	f.Upright = box{X: fpMargin, Y: chairY, W: int(uw), D: int(ud), Class: "upright", Name: p.T("drawing.upright"), Size: fmt.Sprintf("%d × %d cm", uw, ud)}
	width, depth := fpMargin+int(uw), int(ud)
	f.Desc = p.T("footprint.upright", uw, ud)
	rw, ok3 := c.Int("reclined_width_cm")
	rd, ok4 := c.Int("reclined_depth_cm")
	if ok3 && ok4 {
		r := box{X: width + fpGap, Y: chairY, W: int(rw), D: int(rd), Class: "reclined", Name: p.T("drawing.reclined"), Size: fmt.Sprintf("%d × %d cm", rw, rd)}
		f.Reclined = &r
		width = r.X + r.W
		depth = max(depth, int(rd))
		f.Desc += " " + p.T("footprint.reclined", rw, rd)
	}
	if clearance > 0 {
		f.Desc += " " + p.T("footprint.clearance", clearance)
	}
	f.ViewW = max(width, fpMargin+100) + fpMargin
	f.ScaleX = fpMargin
	f.ScaleY = chairY + depth + 18
	f.ViewH = f.ScaleY + 16
	return f
}
