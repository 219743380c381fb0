package chart

import (
	"slices"
	"time"

	"masahe/internal/prices"
)

// table lists, for each Philippine date on which a retailer's price
// changed or its observation stopped, every retailer's price at the end
// of that day. end is the history's end: a line that reaches it has not
// stopped.
func table(series []prices.Series, end time.Time, names map[string]string) Table {
	type event struct {
		day   time.Time
		col   int
		price string // "" when the line stops
	}
	var events []event
	t := Table{}
	for i, s := range series {
		t.Retailers = append(t.Retailers, name(names, s.RetailerSlug))
		for _, seg := range s.Segments {
			for _, st := range seg.Steps {
				events = append(events, event{day: prices.Day(st.At), col: i, price: st.Price.String()})
			}
			if seg.End.Before(end) {
				events = append(events, event{day: prices.Day(seg.End), col: i})
			}
		}
	}
	slices.SortStableFunc(events, func(a, b event) int { return a.day.Compare(b.day) })
	cells := make([]string, len(series))
	for i, e := range events {
		cells[e.col] = e.price
		if i+1 < len(events) && events[i+1].day.Equal(e.day) {
			continue
		}
		t.Rows = append(t.Rows, Row{At: e.day, Date: prices.FormatDate(e.day), Cells: slices.Clone(cells)})
	}
	return t
}
