package chart

import (
	"fmt"
	"strings"
	"time"

	"masahe/internal/prices"
)

// plot maps times and prices to whole SVG units.
type plot struct {
	x0, x1, y0, y1 int
	from, to       time.Time
	lo, hi         prices.Centavos
}

func (p plot) x(t time.Time) int {
	if t.Before(p.from) {
		t = p.from
	}
	return p.x0 + int(float64(p.x1-p.x0)*float64(t.Sub(p.from))/float64(p.to.Sub(p.from))+0.5)
}

func (p plot) y(c prices.Centavos) int {
	return p.y1 - int(float64(p.y1-p.y0)*float64(c-p.lo)/float64(p.hi-p.lo)+0.5)
}

// path is one retailer's step line: a move per segment, then only
// horizontal and vertical runs to each change point. Changes that fall on
// one x unit collapse into the last of them, so the path grows with the
// pixels, never with the number of observations.
func (p plot) path(s prices.Series) string {
	var b strings.Builder
	for _, seg := range s.Segments {
		x, y := p.x(seg.Steps[0].At), p.y(seg.Steps[0].Price)
		fmt.Fprintf(&b, "M%d %d", x, y)
		for _, st := range seg.Steps[1:] {
			nx, ny := p.x(st.At), p.y(st.Price)
			if nx != x {
				fmt.Fprintf(&b, "H%d", nx)
				x = nx
			}
			if ny != y {
				fmt.Fprintf(&b, "V%d", ny)
				y = ny
			}
		}
		if end := p.x(seg.End); end != x {
			fmt.Fprintf(&b, "H%d", end)
		} else {
			b.WriteString("h1") // a one-day price still shows
		}
	}
	return b.String()
}

// axes draws the frame, the peso ticks on the left and the Philippine
// date ticks below.
func (p plot) axes(b *strings.Builder, yTicks []prices.Centavos, opt Options) {
	fmt.Fprintf(b, `<path fill="none" stroke="currentColor" stroke-opacity=".3" d="M%d %dV%dH%d`, p.x0, p.y0, p.y1, p.x1)
	for _, t := range yTicks[1:] {
		fmt.Fprintf(b, "M%d %dH%d", p.x0, p.y(t), p.x1)
	}
	b.WriteString(`"/><g text-anchor="end">`)
	for _, t := range yTicks {
		fmt.Fprintf(b, `<text x="%d" y="%d">%s</text>`, p.x0-6, p.y(t)+4, esc(t.String()))
	}
	b.WriteString(`</g><g text-anchor="middle">`)
	for _, t := range dateTicks(p.from, p.to, (p.x1-p.x0)/80, opt) {
		fmt.Fprintf(b, `<text x="%d" y="%d">%s</text>`, p.x(t.at), p.y1+16, esc(t.label))
	}
	b.WriteString(`</g>`)
}

// marks puts a circle on the lowest-ever price and a diamond on the
// 90-day low, each labelled with its price.
func (p plot) marks(b *strings.Builder, h prices.History, opt Options) {
	draw := func(m *prices.Mark, label, shape string) {
		if m == nil || m.At.After(p.to) || m.Price < p.lo || m.Price > p.hi {
			return
		}
		x, y := p.x(m.At), p.y(m.Price)
		text := label + " " + m.Price.String()
		anchor := "start"
		if x > (p.x0+p.x1)/2 {
			anchor = "end"
		}
		fmt.Fprintf(b, `<g><title>%s, %s, %s</title>`, esc(text), esc(name(opt.Names, m.RetailerSlug)), esc(opt.date(m.At)))
		fmt.Fprintf(b, shape, x, y)
		dx := 8
		if anchor == "end" {
			dx = -8
		}
		fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="%s">%s</text></g>`, x+dx, y+14, anchor, esc(text))
	}
	draw(h.LowestEver, opt.LowestLabel, `<circle cx="%d" cy="%d" r="4"/>`)
	if h.Low90 != nil && h.LowestEver != nil && h.Low90.Price == h.LowestEver.Price {
		return // one mark says both
	}
	draw(h.Low90, opt.Low90Label, `<path d="M%d %dm0-5l5 5-5 5-5-5z"/>`)
}

type tick struct {
	at    time.Time
	label string
}

// dateTicks returns at most n ticks at Philippine midnights between from
// and to: every 1, 2, 7 or 14 days, or on the 1st of every 1, 2, 3, 6 or 12
// months. A tick is "3 Nov", written by opt.Day; the first and each one in
// a new year add the year.
func dateTicks(from, to time.Time, n int, opt Options) []tick {
	n = max(n, 2)
	type every struct{ days, months int }
	var step every
	for _, e := range []every{{1, 0}, {2, 0}, {7, 0}, {14, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 6}, {0, 12}} {
		step = e
		if approx := e.days + 30*e.months; int(to.Sub(from).Hours()/24)/approx < n {
			break
		}
	}
	t := prices.Day(from)
	if t.Before(from) {
		t = t.AddDate(0, 0, 1)
	}
	if step.months > 0 {
		y, m, _ := t.Date()
		t = time.Date(y, m, 1, 0, 0, 0, 0, t.Location())
		if t.Before(from) {
			t = t.AddDate(0, 1, 0)
		}
		for (int(t.Month())-1)%step.months != 0 {
			t = t.AddDate(0, 1, 0)
		}
	}
	var ticks []tick
	lastYear := 0
	for ; !t.After(to); t = t.AddDate(0, step.months, step.days) {
		label := opt.Day(t)
		if t.Year() != lastYear {
			label = opt.date(t)
			lastYear = t.Year()
		}
		ticks = append(ticks, tick{at: t, label: label})
	}
	return ticks
}
