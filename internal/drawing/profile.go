// Package drawing draws chairs and their numbers as small inline SVG for
// html/template: a to-scale side view beside a person, score bars and
// key-spec icons. Every drawing uses currentColor and dash patterns, never
// colour alone, so it keeps its meaning in forced-colours mode, and carries
// its meaning as text for screen readers.
package drawing

import (
	"fmt"
	"html/template"
	"strings"

	"masahe/internal/catalog"
)

// Words write a drawing's words in the page's language: its own messages
// (drawing.*, in the locale catalogs) and the catalog's spec labels and
// values.
type Words interface {
	T(id string, args ...any) string
	SpecLabel(f catalog.Field) string
	SpecValue(f catalog.Field, s catalog.Spec) string
}

// Size is where a drawing goes.
type Size int

const (
	// Card is the small drawing on catalog cards.
	Card Size = iota
	// Page is the large drawing on the chair page and in compare.
	Page
)

// PxPerCm is the one scale of each size: every chair, the person and the
// scale bar share it, so two chairs drawn at one size compare directly.
func (s Size) PxPerCm() float64 {
	if s == Card {
		return 0.6
	}
	return 1.4
}

func (s Size) fontSize() int {
	if s == Card {
		return 20
	}
	return 10
}

func (s Size) code() string {
	if s == Card {
		return "c"
	}
	return "p"
}

// PersonCm is the height of the person drawn beside the chair.
const PersonCm = 170

// ScaleCm is the length of the scale bar.
const ScaleCm = 100

// layout in centimetres, the drawing's user unit.
const (
	margin   = 8
	gap      = 28
	personW  = 48
	labelTop = 16
	below    = 40
)

// pt is a point of an outline as a fraction of the outline's depth (from
// the front) and height (from the floor).
type pt struct{ x, y float64 }

// The outlines, facing the person: each spans 0–1 both ways, so its box is
// exactly the published depth and height.
var (
	uprightOutline = []pt{{0.04, 0}, {0, 0.08}, {0.16, 0.46}, {0.56, 0.5}, {0.66, 1}, {0.88, 1}, {1, 0.9}, {0.93, 0.4}, {0.88, 0}}
	reclineOutline = []pt{{0, 0.5}, {0.04, 0.64}, {0.36, 0.58}, {0.52, 0.5}, {0.9, 1}, {1, 0.88}, {0.62, 0.3}, {0.6, 0}, {0.34, 0}, {0.3, 0.3}, {0.04, 0.42}}
	// personOutline is a standing person seen from the front, as offsets
	// in cm from the centre line and height above the floor; the head is
	// a circle on top.
	personOutline = []pt{{-5, 147}, {-21, 142}, {-24, 92}, {-18, 92}, {-16, 122}, {-15, 90}, {-14, 0}, {-3, 0}, {0, 78}, {3, 0}, {14, 0}, {15, 90}, {16, 122}, {18, 92}, {24, 92}, {21, 142}, {5, 147}}
)

const headR = 11

// dims are a chair's published side-view sizes in cm; zero is not
// published.
type dims struct{ uprightD, uprightH, reclinedD, reclinedH int }

func dimsOf(c catalog.Chair) dims {
	get := func(k string) int {
		v, _ := c.Int(k)
		return int(v)
	}
	return dims{get("upright_depth_cm"), get("upright_height_cm"), get("reclined_depth_cm"), get("reclined_height_cm")}
}

func (d dims) upright() bool  { return d.uprightD > 0 && d.uprightH > 0 }
func (d dims) reclined() bool { return d.reclinedD > 0 && d.reclinedH > 0 }

// SideProfile draws the chair from the side, upright and reclined as far
// as its depth and height are published, beside a person 170 cm tall and
// over a 100 cm bar, all to one scale. A chair that publishes neither
// shape gets a generic outline that says its size is not published and
// has no person or bar, so it never looks to scale.
func SideProfile(c catalog.Chair, s Size, w Words) template.HTML {
	d := dimsOf(c)
	id := "sp-" + idPart(c.Slug) + "-" + s.code()
	if !d.upright() && !d.reclined() {
		return generic(c, s, id, w)
	}
	var body strings.Builder
	var desc []string
	tallest := PersonCm
	if d.upright() {
		tallest = max(tallest, d.uprightH)
	}
	if d.reclined() {
		tallest = max(tallest, d.reclinedH)
	}
	ground := labelTop + tallest
	x := margin
	person(&body, x+personW/2, ground)
	x += personW + gap
	label := func(cx, dep, h int, name string) {
		if s == Page {
			text(&body, cx, ground-h-4, 0, name)
			text(&body, cx, ground+s.fontSize()+2, 0, fmt.Sprintf("%d × %d cm", dep, h))
		}
	}
	if d.upright() {
		outline(&body, "upright", "", uprightOutline, x, ground, d.uprightD, d.uprightH)
		label(x+d.uprightD/2, d.uprightD, d.uprightH, w.T("drawing.upright"))
		desc = append(desc, w.T("drawing.upright_desc", d.uprightD, d.uprightH))
		x += d.uprightD + gap
	}
	if d.reclined() {
		outline(&body, "reclined", ` stroke-dasharray="6 4"`, reclineOutline, x, ground, d.reclinedD, d.reclinedH)
		label(x+d.reclinedD/2, d.reclinedD, d.reclinedH, w.T("drawing.reclined"))
		desc = append(desc, w.T("drawing.reclined_desc", d.reclinedD, d.reclinedH))
		x += d.reclinedD
	}
	if !d.upright() {
		desc = append(desc, w.T("drawing.no_upright"))
	}
	if !d.reclined() {
		desc = append(desc, w.T("drawing.no_reclined"))
	}
	desc = append(desc, w.T("drawing.scale_desc", PersonCm, ScaleCm))
	width := max(x, margin+ScaleCm) + margin
	fmt.Fprintf(&body, `<line class="floor" x1="0" y1="%d" x2="%d" y2="%d"/>`, ground, width, ground)
	barY := ground + below/2 + 4
	if s == Card {
		barY = ground + 8
	}
	fmt.Fprintf(&body, `<line class="scale" x1="%d" y1="%d" x2="%d" y2="%d" stroke-width="3"/>`, margin, barY, margin+ScaleCm, barY)
	text(&body, margin, barY+s.fontSize()+2, -1, fmt.Sprintf("%d cm", ScaleCm))
	h := barY + s.fontSize() + 8
	title := w.T("drawing.title", c.FullName())
	return svg(id, "side-profile side-profile-"+s.code(), width, h, float64(width)*s.PxPerCm(), s.fontSize(), title, strings.Join(desc, " "), body.String())
}

func generic(c catalog.Chair, s Size, id string, words Words) template.HTML {
	const w, h, d, ch = 200, 150, 80, 100
	var body strings.Builder
	outline(&body, "generic", ` stroke-dasharray="3 5"`, uprightOutline, (w-d)/2, 10+ch, d, ch)
	const fs = 16
	text(&body, w/2, 10+ch+fs+8, 0, words.T("drawing.size_not_published"))
	title := words.T("drawing.generic_title", c.FullName())
	desc := words.T("drawing.generic_desc")
	px := 120.0
	if s == Page {
		px = 240
	}
	return svg(id, "side-profile generic", w, h, px, fs, title, desc, body.String())
}

// idPart keeps the letters, digits and hyphens of a slug, so an id made
// from it is one token of aria-labelledby.
func idPart(slug string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, slug)
}

// outline draws a shape of depth × height cm with its front at x, on the
// floor at ground.
func outline(b *strings.Builder, class, extra string, shape []pt, x, ground, depth, height int) {
	fmt.Fprintf(b, `<polygon class="%s"%s points="`, class, extra)
	for i, p := range shape {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(b, "%s,%s", num(float64(x)+p.x*float64(depth)), num(float64(ground)-p.y*float64(height)))
	}
	b.WriteString(`"/>`)
}

func person(b *strings.Builder, cx, ground int) {
	b.WriteString(`<g class="person" fill="currentColor" fill-opacity=".15">`)
	fmt.Fprintf(b, `<circle cx="%d" cy="%d" r="%d"/><polygon points="`, cx, ground-PersonCm+headR, headR)
	for i, p := range personOutline {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(b, "%s,%s", num(float64(cx)+p.x), num(float64(ground)-p.y))
	}
	b.WriteString(`"/></g>`)
}

// num writes a coordinate with at most one decimal.
func num(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}

// text writes a label at x, y; anchor is -1 start, 0 middle.
func text(b *strings.Builder, x, y, anchor int, s string) {
	a := "middle"
	if anchor < 0 {
		a = "start"
	}
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="%s" fill="currentColor" stroke="none">%s</text>`, x, y, a, template.HTMLEscapeString(s))
}

// svg wraps a drawing whose user unit is w × h, shown px pixels wide.
func svg(id, class string, w, h int, px float64, fontSize int, title, desc, body string) template.HTML {
	esc := template.HTMLEscapeString
	pxH := px * float64(h) / float64(w)
	return template.HTML(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" class="%s" viewBox="0 0 %d %d" width="%s" height="%s" role="img" aria-labelledby="%s-t %s-d" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" font-family="sans-serif" font-size="%d">`+
		`<title id="%s-t">%s</title><desc id="%s-d">%s</desc>%s</svg>`,
		esc(class), w, h, num(px), num(pxH), esc(id), esc(id), fontSize, esc(id), esc(title), esc(id), esc(desc), body))
}
