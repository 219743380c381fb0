package web

import (
	"cmp"
	"net/http"
	"time"

	"masahe/internal/prices"
)

// pricesJSON is GET /api/v1/chairs/{slug}/prices: the current offers and
// the whole history as step lines per retailer (docs/PRICES.md).
type pricesJSON struct {
	Chair       string       `json:"chair"`
	Currency    string       `json:"currency"`
	Offers      []offerJSON  `json:"offers"`
	Lowest      *offerJSON   `json:"lowest"`
	LowestEver  *markJSON    `json:"lowest_ever"`
	Low90       *markJSON    `json:"low_90_days"`
	Median90PHP *float64     `json:"median_90_days_php"`
	Dropped     bool         `json:"dropped"`
	Series      []seriesJSON `json:"series"`
	MaxAgeDays  int          `json:"max_age_days"`
}

type markJSON struct {
	Retailer string    `json:"retailer"`
	PricePHP float64   `json:"price_php"`
	At       time.Time `json:"at"`
}

type seriesJSON struct {
	Retailer brandRef      `json:"retailer"`
	Segments []segmentJSON `json:"segments"`
}

type segmentJSON struct {
	Steps []stepJSON `json:"steps"`
	End   time.Time  `json:"end"`
}

type stepJSON struct {
	At       time.Time `json:"at"`
	PricePHP float64   `json:"price_php"`
}

func newMarkJSON(m *prices.Mark) *markJSON {
	if m == nil {
		return nil
	}
	return &markJSON{Retailer: m.RetailerSlug, PricePHP: pesos(m.Price), At: m.At.UTC()}
}

func (s *Server) handleAPIChairPrices(w http.ResponseWriter, r *http.Request) {
	c, err := s.stores.Catalog.Chair(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h, names, err := s.stores.Prices.PriceHistory(r.Context(), c.Slug, time.Time{})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	j := pricesJSON{Chair: c.Slug, Currency: "PHP", Offers: []offerJSON{}, Series: []seriesJSON{},
		LowestEver: newMarkJSON(h.LowestEver), Low90: newMarkJSON(h.Low90), Dropped: h.Dropped,
		MaxAgeDays: int(prices.DefaultMaxAge / (24 * time.Hour))}
	for _, o := range c.Offers {
		j.Offers = append(j.Offers, newOfferJSON(c, o))
	}
	if o, ok := c.LowestOffer(); ok {
		l := newOfferJSON(c, o)
		j.Lowest = &l
	}
	if h.Median90 > 0 {
		m := pesos(h.Median90)
		j.Median90PHP = &m
	}
	for _, sr := range h.Series {
		sj := seriesJSON{Retailer: brandRef{sr.RetailerSlug, cmp.Or(names[sr.RetailerSlug], sr.RetailerSlug)}, Segments: []segmentJSON{}}
		for _, seg := range sr.Segments {
			gj := segmentJSON{End: seg.End.UTC()}
			for _, st := range seg.Steps {
				gj.Steps = append(gj.Steps, stepJSON{At: st.At.UTC(), PricePHP: pesos(st.Price)})
			}
			sj.Segments = append(sj.Segments, gj)
		}
		j.Series = append(j.Series, sj)
	}
	writeJSON(w, http.StatusOK, j)
}
