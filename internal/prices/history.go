package prices

import (
	"cmp"
	"slices"
	"time"
)

// Step is a change point: from At the retailer's price was Price, until
// the next step or the end of its segment.
type Step struct {
	At    time.Time
	Price Centavos
}

// Segment is an unbroken run of observations of one retailer. Between two
// segments the price was not observed (or the item was out of stock): a
// chart leaves the gap empty and the maths never fills it.
type Segment struct {
	Steps []Step
	End   time.Time
}

// Series is one retailer's price history as step segments, keeping only
// the points where the price changes.
type Series struct {
	RetailerSlug string
	Segments     []Segment
}

// Mark is a notable price: who had it and since when.
type Mark struct {
	RetailerSlug string
	At           time.Time
	Price        Centavos
}

// History is the analysis of one chair's observations.
type History struct {
	// Series, one per retailer with an in-stock or unknown-stock
	// observation, by retailer slug.
	Series []Series
	// Start is the first observation's time; End is now.
	Start, End time.Time
	// LowestEver is the lowest price ever observed (the earliest when
	// tied); nil without observations.
	LowestEver *Mark
	// Low90 is the lowest price that held at some time in the last 90
	// Philippine calendar days (today included).
	Low90 *Mark
	// Median90 is the median over those days of each day's lowest price,
	// counting only days on which some price was observed to hold; 0 when
	// none was.
	Median90 Centavos
	// Current is the lowest buyable current offer, nil when none.
	Current *Offer
	// Dropped: the current lowest price is under the 90-day median.
	Dropped bool
}

// Window is the length of the "90-day" figures, in days.
const Window = 90

// History analyses obs (one chair, any order) at now. An observation's
// price holds until the retailer's next observation, but never longer than
// the policy's MaxAge: past that the line stops, exactly as the offer goes
// stale. An out-of-stock observation ends the line at its time. For the
// 90-day figures obs must include at least the last 90 days plus MaxAge;
// for LowestEver, all of them.
func (p Policy) History(obs []Observation, now time.Time) History {
	h := History{End: now}
	byRetailer := map[string][]point{}
	for i, o := range obs {
		if o.ObservedAt.After(now) {
			continue
		}
		byRetailer[o.RetailerSlug] = append(byRetailer[o.RetailerSlug], point{at: o.ObservedAt, price: o.Price, stock: o.Stock, seq: i})
		if h.Start.IsZero() || o.ObservedAt.Before(h.Start) {
			h.Start = o.ObservedAt
		}
	}
	for slug, list := range byRetailer {
		if s := p.series(slug, list, now); len(s.Segments) > 0 {
			h.Series = append(h.Series, s)
		}
	}
	slices.SortFunc(h.Series, func(a, b Series) int { return cmp.Compare(a.RetailerSlug, b.RetailerSlug) })

	winEnd := Day(now).AddDate(0, 0, 1)
	winStart := winEnd.AddDate(0, 0, -Window)
	var daily [Window]Centavos
	var days [Window + 1]time.Time // the window's midnights
	for d := range days {
		days[d] = winStart.AddDate(0, 0, d)
	}
	for _, s := range h.Series {
		for _, seg := range s.Segments {
			for i, st := range seg.Steps {
				end := seg.End
				if i+1 < len(seg.Steps) {
					end = seg.Steps[i+1].At
				}
				m := Mark{RetailerSlug: s.RetailerSlug, At: st.At, Price: st.Price}
				h.LowestEver = lower(h.LowestEver, m)
				if !overlaps(st.At, end, winStart, winEnd) {
					continue
				}
				h.Low90 = lower(h.Low90, m)
				markDays(&daily, &days, st.At, end, st.Price)
			}
		}
	}
	h.Median90 = median(daily[:])

	if lowest, ok := Lowest(p.CurrentOffers(obs, now)); ok {
		h.Current = &lowest
		h.Dropped = h.Median90 > 0 && lowest.Price < h.Median90
	}
	return h
}

// point is what the history needs of an observation; seq is its place in
// the input, so that the order of equal times is the input's.
type point struct {
	at    time.Time
	price Centavos
	stock Stock
	seq   int
}

// series builds one retailer's segments from its observations.
func (p Policy) series(slug string, obs []point, now time.Time) Series {
	slices.SortFunc(obs, func(a, b point) int { return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.seq, b.seq)) })
	s := Series{RetailerSlug: slug}
	var cur *Segment
	closeAt := func(t time.Time) {
		if cur != nil {
			cur.End = t
			s.Segments = append(s.Segments, *cur)
			cur = nil
		}
	}
	for i, o := range obs {
		if o.stock == OutOfStock {
			closeAt(o.at)
			continue
		}
		if cur == nil {
			cur = &Segment{}
		}
		if n := len(cur.Steps); n == 0 || cur.Steps[n-1].Price != o.price {
			cur.Steps = append(cur.Steps, Step{At: o.at, Price: o.price})
		}
		holdUntil := o.at.Add(p.maxAge())
		next := now
		if i+1 < len(obs) {
			next = obs[i+1].at
		}
		if next.After(holdUntil) {
			closeAt(holdUntil)
		} else if i+1 == len(obs) {
			closeAt(next)
		}
	}
	return s
}

// lower returns the lower of cur and m (the earlier when tied).
func lower(cur *Mark, m Mark) *Mark {
	if cur == nil || m.Price < cur.Price || (m.Price == cur.Price && m.At.Before(cur.At)) {
		return &m
	}
	return cur
}

// markDays lowers daily[d] to price for each window day that [from, to)
// overlaps.
func markDays(daily *[Window]Centavos, days *[Window + 1]time.Time, from, to time.Time, price Centavos) {
	for d := range Window {
		if overlaps(from, to, days[d], days[d+1]) && (daily[d] == 0 || price < daily[d]) {
			daily[d] = price
		}
	}
}

// overlaps reports whether [from, to) meets [start, end). An empty
// interval (a price observed and ended at one instant) counts at its
// instant.
func overlaps(from, to, start, end time.Time) bool {
	if !to.After(from) {
		return !from.Before(start) && from.Before(end)
	}
	return from.Before(end) && to.After(start)
}

// median is the median of the non-zero values (the mean of the middle two,
// rounded down, for an even count); 0 when there are none.
func median(values []Centavos) Centavos {
	var v []Centavos
	for _, x := range values {
		if x > 0 {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
