package feed

import (
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"masahe/internal/prices"
)

// item is one Merchant Center product, from either feed form.
type item struct {
	ID, Link, Price, SalePrice, SaleDates, Availability, GTIN, MPN string
	// Months and Amount are the installment attribute's parts.
	Months, Amount string
}

// merchantCheck refuses a read without what a feed cannot say itself.
func (rd *reader) merchantCheck() error {
	switch {
	case rd.opt.Retailer == "":
		return errors.New("a Merchant Center feed needs the retailer it belongs to")
	case rd.opt.ObservedAt.IsZero():
		return errors.New("a Merchant Center feed needs the time it was fetched")
	case len(rd.opt.Chairs) == 0:
		return errors.New("a Merchant Center feed needs a mapping from item id or link to chair")
	}
	return nil
}

// merchantItem maps an item to an observation; unmapped items are skipped.
func (rd *reader) merchantItem(line int, it item) error {
	chair := ""
	for _, key := range []string{it.ID, it.Link, it.GTIN, it.MPN} {
		if key = strings.TrimSpace(key); key != "" && rd.opt.Chairs[key] != "" {
			chair = rd.opt.Chairs[key]
			break
		}
	}
	if chair == "" {
		rd.stats.Rows++
		rd.stats.Skipped++
		return nil
	}
	var f fields
	o := prices.Observation{ChairSlug: chair, RetailerSlug: rd.opt.Retailer, URL: strings.TrimSpace(it.Link),
		ObservedAt: rd.opt.ObservedAt, Method: prices.ByFeed, Stock: availability(it.Availability)}
	o.Price = f.money("price", it.Price)
	if strings.TrimSpace(it.Price) == "" {
		f.add("price", "is required")
	}
	if it.SalePrice != "" && f.saleOn(it.SaleDates, o.ObservedAt) {
		o.RegularPrice = o.Price
		o.Price = f.money("sale_price", it.SalePrice)
	}
	if strings.TrimSpace(it.Months) != "" {
		m, err := strconv.Atoi(strings.TrimSpace(it.Months))
		if err != nil {
			f.add("installment", "months %q is not a whole number", it.Months)
		}
		o.Instalment = &prices.Instalment{Months: m, Monthly: f.money("installment", it.Amount)}
	}
	return rd.row(line, o, f)
}

// money parses a Merchant Center amount, "129990.00 PHP", refusing any
// currency but pesos.
func (f *fields) money(field, s string) prices.Centavos {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	amount, cur, ok := strings.Cut(s, " ")
	cur = strings.TrimSpace(cur)
	switch {
	case !ok || cur == "":
		f.add(field, "%q has no currency: write it as \"129990.00 PHP\"", s)
		return 0
	case !strings.EqualFold(cur, "PHP"):
		f.add(field, "is in %s: only prices in Philippine pesos (PHP) are recorded", cur)
		return 0
	}
	return f.pesos(field, amount)
}

// saleOn reports whether a sale_price_effective_date range
// ("2026-11-01T00:00+08:00/2026-11-30T23:59+08:00") holds at t; no range
// means the sale price holds.
func (f *fields) saleOn(dates string, t time.Time) bool {
	dates = strings.TrimSpace(dates)
	if dates == "" {
		return true
	}
	from, to, ok := strings.Cut(dates, "/")
	start, err1 := parseFeedTime(from)
	end, err2 := parseFeedTime(to)
	if !ok || err1 != nil || err2 != nil {
		f.add("sale_price_effective_date", "%q is not a start/end range of ISO 8601 times", dates)
		return false
	}
	return !t.Before(start) && t.Before(end)
}

func parseFeedTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return parseTime(s)
}

// availability maps Merchant Center's values; preorder and backorder can
// be ordered but are not in stock, so they stay unknown.
func availability(s string) prices.Stock {
	switch strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "_") {
	case "in_stock":
		return prices.InStock
	case "out_of_stock":
		return prices.OutOfStock
	}
	return prices.StockUnknown
}

// merchantTSV reads the text feed: a tab-separated header of attribute
// names, then one item per line; installment is "months:amount".
func (rd *reader) merchantTSV() error {
	cr := csv.NewReader(rd.cr)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		rd.stop(1, "no header row: %v", err)
		return nil
	}
	index := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		index[strings.TrimPrefix(h, "g:")] = i + 1
	}
	for _, req := range []string{"id", "price"} {
		if index[req] == 0 {
			rd.verr.Add(prices.Problem{Line: 1, Field: req, Message: "required column missing"})
		}
	}
	if rd.verr.Err() != nil {
		return nil
	}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			rd.stop(line, "cannot read further: %v", err)
			return nil
		}
		get := func(col string) string {
			if i := index[col]; i > 0 && i <= len(row) {
				return row[i-1]
			}
			return ""
		}
		it := item{ID: get("id"), Link: get("link"), Price: get("price"), SalePrice: get("sale_price"),
			SaleDates: get("sale_price_effective_date"), Availability: get("availability"), GTIN: get("gtin"), MPN: get("mpn")}
		it.Months, it.Amount, _ = strings.Cut(strings.TrimSpace(get("installment")), ":")
		if err := rd.merchantItem(line, it); err != nil {
			return err
		}
	}
}

// xmlItem matches an RSS <item> or Atom <entry> whatever the namespace
// prefix of its fields (g: or none).
type xmlItem struct {
	ID   string `xml:"id"`
	Link []struct {
		Href string `xml:"href,attr"`
		Text string `xml:",chardata"`
	} `xml:"link"`
	Price        string `xml:"price"`
	SalePrice    string `xml:"sale_price"`
	SaleDates    string `xml:"sale_price_effective_date"`
	Availability string `xml:"availability"`
	GTIN         string `xml:"gtin"`
	MPN          string `xml:"mpn"`
	Installment  struct {
		Months string `xml:"months"`
		Amount string `xml:"amount"`
	} `xml:"installment"`
}

// merchantXML reads an RSS 2.0 (<item>) or Atom (<entry>) feed with the
// g: namespace, one item at a time.
func (rd *reader) merchantXML() error {
	dec := xml.NewDecoder(rd.cr)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			line, _ := dec.InputPos()
			rd.stop(line, "cannot read further: %v", err)
			return nil
		}
		start, ok := tok.(xml.StartElement)
		if !ok || (start.Name.Local != "item" && start.Name.Local != "entry") {
			continue
		}
		line, _ := dec.InputPos()
		var x xmlItem
		if err := dec.DecodeElement(&x, &start); err != nil {
			l, _ := dec.InputPos()
			rd.stop(l, "cannot read further: %v", err)
			return nil
		}
		it := item{ID: x.ID, Price: x.Price, SalePrice: x.SalePrice, SaleDates: x.SaleDates,
			Availability: x.Availability, GTIN: x.GTIN, MPN: x.MPN, Months: x.Installment.Months, Amount: x.Installment.Amount}
		for _, l := range x.Link {
			if it.Link = strings.TrimSpace(l.Text + l.Href); it.Link != "" {
				break
			}
		}
		if err := rd.merchantItem(line, it); err != nil {
			return err
		}
	}
}
