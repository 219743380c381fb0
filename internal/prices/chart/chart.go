// Package chart draws a chair's price history as a small inline SVG, one
// step line per retailer, and builds the table that says the same for
// screen readers. It needs no JavaScript and escapes every text it writes.
package chart

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
	"time"

	"masahe/internal/phtime"
	"masahe/internal/prices"
)

// Options shape a chart. The zero value draws a 640-pixel-wide chart of
// the whole history with English labels.
type Options struct {
	// Width of the drawing in SVG units; it scales to its container.
	Width int
	// From, when set, starts the chart there instead of at the first
	// observation.
	From time.Time
	// Names maps retailer slugs to the names shown; a slug without a
	// name is shown as the slug.
	Names map[string]string
	// Title is the chart's accessible name.
	Title string
	// LowestLabel and Low90Label name the marks ("Lowest", "90-day low").
	LowestLabel, Low90Label string
	// Day writes a Philippine date without the year for the date axis
	// ("30 Nov"); the axis and the marks add the year where they need it.
	// Nil writes it in English (prices.FormatDay).
	Day func(time.Time) string
}

// date is t's Philippine date written by Day with the year: "30 Nov 2026".
func (o Options) date(t time.Time) string {
	return o.Day(t) + " " + strconv.Itoa(t.In(phtime.Manila).Year())
}

// Chart is the drawing and its table equivalent.
type Chart struct {
	// SVG is the inline <svg> element, safe to put in a page as it is.
	SVG template.HTML
	// Table lists the same prices as rows of dates and retailer columns.
	Table Table
}

// Table is the chart as data: one row per Philippine date on which some
// retailer's price changed or stopped being observed.
type Table struct {
	Retailers []string
	Rows      []Row
}

// Row is one date. Cells are in Retailers' order: the price that held at
// the end of that day ("₱95,000"), or "" when it was not observed.
type Row struct {
	At    time.Time
	Date  string
	Cells []string
}

const (
	left, right, top = 72, 12, 12
	plotHeight       = 180
	legendRow        = 18
)

// Render draws h.
func Render(h prices.History, opt Options) Chart {
	if opt.Width < 320 {
		opt.Width = 640
	}
	opt.LowestLabel = cmpOr(opt.LowestLabel, "Lowest")
	opt.Low90Label = cmpOr(opt.Low90Label, "90-day low")
	if opt.Day == nil {
		opt.Day = prices.FormatDay
	}
	from, to := h.Start, h.End
	if !opt.From.IsZero() && opt.From.After(from) {
		from = opt.From
	}
	series := clip(h.Series, from)
	c := Chart{Table: table(series, h.End, opt.Names)}
	if len(series) == 0 || !to.After(from) {
		return c
	}
	lo, hi := priceRange(series)
	yTicks, lo, hi := niceTicks(lo, hi)
	p := plot{x0: left, x1: opt.Width - right, y0: top, y1: top + plotHeight, from: from, to: to, lo: lo, hi: hi}
	perRow := max(1, (opt.Width-left)/150)
	rows := (len(series) + perRow - 1) / perRow
	height := p.y1 + 24 + rows*legendRow

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" font-size="11" fill="currentColor">`,
		opt.Width, height, esc(opt.Title))
	p.axes(&b, yTicks, opt)
	b.WriteString(`<g fill="none" stroke-width="2">`)
	for i, s := range series {
		fmt.Fprintf(&b, `<path %s d="%s"/>`, style(i), p.path(s))
	}
	b.WriteString(`</g>`)
	p.marks(&b, h, opt)
	for i, s := range series {
		x := left + (i%perRow)*150
		y := p.y1 + 24 + (i/perRow)*legendRow + 6
		fmt.Fprintf(&b, `<path %s fill="none" stroke-width="2" d="M%d %dh28"/><text x="%d" y="%d">%s</text>`,
			style(i), x, y-4, x+34, y, esc(name(opt.Names, s.RetailerSlug)))
	}
	b.WriteString(`</svg>`)
	c.SVG = template.HTML(b.String()) // every text written above went through esc
	return c
}

// style returns line i's stroke attributes. The lines differ three ways:
// a dash pattern (which survives forced colours and greyscale), a colour
// (each at least 3.8:1 against white) and the legend beside each sample.
// After ten retailers they repeat.
func style(i int) string {
	dashes := [...]string{"", "8 3", "2 3", "8 3 2 3", "1 3", "12 4", "4 2 1 2", "12 3 3 3", "3 6", "6 2 2 2 2 2"}
	colours := [...]string{"#0072B2", "#D55E00", "#007A5A", "#A3477F", "#8F6500", "#5E4FA2", "#C0392B", "#00708A", "#6A6A6A", "#2F6B3A"}
	attr := `stroke="` + colours[i%len(colours)] + `"`
	if d := dashes[i%len(dashes)]; d != "" {
		attr += ` stroke-dasharray="` + d + `"`
	}
	return attr
}

func esc(s string) string { return html.EscapeString(s) }

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func name(names map[string]string, slug string) string {
	if n := names[slug]; n != "" {
		return n
	}
	return slug
}

// clip drops what lies before from, starting a segment that spans from at
// from with the price that held then.
func clip(series []prices.Series, from time.Time) []prices.Series {
	var out []prices.Series
	for _, s := range series {
		c := prices.Series{RetailerSlug: s.RetailerSlug}
		for _, seg := range s.Segments {
			if seg.End.Before(from) {
				continue
			}
			steps := seg.Steps
			for len(steps) > 1 && !steps[1].At.After(from) {
				steps = steps[1:]
			}
			if steps[0].At.Before(from) {
				steps = append([]prices.Step{{At: from, Price: steps[0].Price}}, steps[1:]...)
			}
			c.Segments = append(c.Segments, prices.Segment{Steps: steps, End: seg.End})
		}
		if len(c.Segments) > 0 {
			out = append(out, c)
		}
	}
	return out
}

func priceRange(series []prices.Series) (lo, hi prices.Centavos) {
	for _, s := range series {
		for _, seg := range s.Segments {
			for _, st := range seg.Steps {
				if lo == 0 || st.Price < lo {
					lo = st.Price
				}
				hi = max(hi, st.Price)
			}
		}
	}
	return lo, hi
}

// niceTicks picks at most six round peso ticks (1, 2, 2.5 or 5 times a
// power of ten) covering lo–hi, and the widened range they span.
func niceTicks(lo, hi prices.Centavos) ([]prices.Centavos, prices.Centavos, prices.Centavos) {
	span := max(hi-lo, prices.Pesos(100))
	var step prices.Centavos
	for pow := prices.Centavos(100); step == 0; pow *= 10 {
		for _, m := range []prices.Centavos{10, 20, 25, 50} {
			if s := pow * m / 10; span/s <= 4 {
				step = s
				break
			}
		}
	}
	lo = lo / step * step
	hi = (hi + step - 1) / step * step
	if hi == lo {
		hi += step
	}
	var ticks []prices.Centavos
	for t := lo; t <= hi; t += step {
		ticks = append(ticks, t)
	}
	return ticks, lo, hi
}
