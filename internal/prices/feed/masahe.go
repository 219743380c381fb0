package feed

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"masahe/internal/phtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"masahe/internal/prices"
)

// columns are the Masahe format's fields, in CSV header and JSON key form.
func columns() []string {
	return []string{"chair", "retailer", "price", "regular_price", "instalment_months", "instalment_rate",
		"instalment_monthly", "instalment_banks", "stock", "url", "observed_at", "method"}
}

// record is one row of the Masahe format as text.
type record struct {
	Chair             string      `json:"chair"`
	Retailer          string      `json:"retailer"`
	Price             json.Number `json:"price"`
	RegularPrice      json.Number `json:"regular_price"`
	InstalmentMonths  json.Number `json:"instalment_months"`
	InstalmentRate    json.Number `json:"instalment_rate"`
	InstalmentMonthly json.Number `json:"instalment_monthly"`
	InstalmentBanks   []string    `json:"instalment_banks"`
	Stock             string      `json:"stock"`
	URL               string      `json:"url"`
	ObservedAt        string      `json:"observed_at"`
	Method            string      `json:"method"`
}

// observation converts a record; the problems name the fields that did
// not parse.
func (r record) observation() (prices.Observation, fields) {
	var f fields
	o := prices.Observation{
		ChairSlug:    strings.TrimSpace(r.Chair),
		RetailerSlug: strings.TrimSpace(r.Retailer),
		URL:          strings.TrimSpace(r.URL),
		Method:       prices.Method(strings.TrimSpace(r.Method)),
	}
	if o.Method == "" {
		o.Method = prices.ByFeed
	}
	if strings.TrimSpace(string(r.Price)) == "" {
		f.add("price", "is required")
	}
	o.Price = f.pesos("price", string(r.Price))
	o.RegularPrice = f.pesos("regular_price", string(r.RegularPrice))
	if r.InstalmentMonths != "" || r.InstalmentRate != "" || r.InstalmentMonthly != "" || len(r.InstalmentBanks) > 0 {
		in := &prices.Instalment{Banks: r.InstalmentBanks}
		m, err := strconv.Atoi(strings.TrimSpace(string(r.InstalmentMonths)))
		if err != nil {
			f.add("instalment_months", "must be a whole number of months when any instalment field is given")
		}
		in.Months = m
		in.MonthlyRateBP = f.rate(string(r.InstalmentRate))
		in.Monthly = f.pesos("instalment_monthly", string(r.InstalmentMonthly))
		o.Instalment = in
	}
	var err error
	if o.Stock, err = prices.ParseStock(r.Stock); err != nil {
		f.add("stock", "%v", err)
	}
	if o.ObservedAt, err = parseTime(r.ObservedAt); err != nil {
		f.add("observed_at", "%v", err)
	}
	return o, f
}

// rate parses a monthly add-on rate in percent ("0.79") to basis points.
func (f *fields) rate(s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	whole, frac, _ := strings.Cut(s, ".")
	w, err1 := strconv.ParseUint(whole, 10, 16)
	fr, err2 := strconv.ParseUint((frac + "00")[:2], 10, 8)
	if err1 != nil || err2 != nil || len(frac) > 2 || strings.ContainsAny(s, "+-") {
		f.add("instalment_rate", "%q is not a percentage a month such as 0 or 0.79", s)
		return 0
	}
	return int64(w*100 + fr)
}

// parseTime reads RFC 3339 or a plain date, taken as midnight in Manila.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("is required")
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, phtime.Manila); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a date (2026-11-28) or time (2026-11-28T10:00:00+08:00)", s)
}

// csv reads the Masahe CSV format: a header row naming the columns (any
// order; chair, retailer, price and observed_at required), then one
// observation per row. instalment_banks separates banks with ";".
func (rd *reader) csv() error {
	cr := csv.NewReader(rd.cr)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		rd.stop(1, "no header row: %v", err)
		return nil
	}
	index := map[string]int{}
	known := columns()
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch {
		case !slices.Contains(known, h):
			rd.verr.Add(prices.Problem{Line: 1, Field: h, Message: "unknown column (known: " + strings.Join(known, ", ") + ")"})
		case index[h] > 0:
			rd.verr.Add(prices.Problem{Line: 1, Field: h, Message: "column given twice"})
		}
		index[h] = i + 1
	}
	for _, req := range []string{"chair", "retailer", "price", "observed_at"} {
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
			var perr *csv.ParseError
			if errors.As(err, &perr) {
				line = perr.Line
			}
			rd.stop(line, "cannot read further: %v", err)
			return nil
		}
		get := func(col string) string {
			if i := index[col]; i > 0 && i <= len(row) {
				return row[i-1]
			}
			return ""
		}
		rec := record{Chair: get("chair"), Retailer: get("retailer"), Price: json.Number(get("price")),
			RegularPrice: json.Number(get("regular_price")), InstalmentMonths: json.Number(get("instalment_months")),
			InstalmentRate: json.Number(get("instalment_rate")), InstalmentMonthly: json.Number(get("instalment_monthly")),
			Stock: get("stock"), URL: get("url"), ObservedAt: get("observed_at"), Method: get("method")}
		for b := range strings.SplitSeq(get("instalment_banks"), ";") {
			if b = strings.TrimSpace(b); b != "" {
				rec.InstalmentBanks = append(rec.InstalmentBanks, b)
			}
		}
		o, f := rec.observation()
		if len(row) != len(header) {
			f.add("", "has %d fields, the header %d", len(row), len(header))
		}
		if err := rd.row(line, o, f); err != nil {
			return err
		}
	}
}

// json reads the Masahe JSON format: {"observations": [{...}, ...]} with
// the CSV's column names as keys; prices may be numbers or strings;
// instalment_banks is an array. Elements are decoded one at a time.
func (rd *reader) json() error {
	lc := &lineCounter{r: rd.cr}
	dec := json.NewDecoder(lc)
	dec.DisallowUnknownFields()
	fail := func(err error) error {
		rd.stop(lc.line(dec.InputOffset()), "cannot read further: %v", err)
		return nil
	}
	expect := func(want json.Delim) error {
		tok, err := dec.Token()
		if err == nil && tok != want {
			err = fmt.Errorf("expected %q", want)
		}
		return err
	}
	if err := expect('{'); err != nil {
		return fail(err)
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		if key != "observations" {
			return fail(fmt.Errorf("unknown key %v: the document is {\"observations\": [...]}", key))
		}
		if err := expect('['); err != nil {
			return fail(err)
		}
		for dec.More() {
			line := lc.start(dec.InputOffset())
			var rec record
			err := dec.Decode(&rec)
			var serr *json.SyntaxError
			switch {
			case errors.As(err, &serr) || errors.Is(err, io.ErrUnexpectedEOF):
				return fail(err)
			case err != nil:
				var terr *json.UnmarshalTypeError
				field := ""
				if errors.As(err, &terr) {
					field = terr.Field
				}
				rd.verr.Add(prices.Problem{Line: line, Field: field, Message: strings.TrimPrefix(err.Error(), "json: ")})
				rd.stats.Rows++
				continue
			}
			o, f := rec.observation()
			if err := rd.row(line, o, f); err != nil {
				return err
			}
		}
		if err := expect(']'); err != nil {
			return fail(err)
		}
	}
	if err := expect('}'); err != nil {
		return fail(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fail(errors.New("data after the document"))
	}
	return nil
}

// lineCounter turns the JSON decoder's byte offsets into line numbers. It
// keeps only the bytes between the last offset asked about and what the
// decoder has read ahead.
type lineCounter struct {
	r     io.Reader
	buf   []byte // bytes from base on
	base  int64
	lines int // newlines before base
}

func (lc *lineCounter) Read(p []byte) (int, error) {
	n, err := lc.r.Read(p)
	lc.buf = append(lc.buf, p[:n]...)
	return n, err
}

// line returns the line of byte offset off and forgets what lies before.
func (lc *lineCounter) line(off int64) int {
	k := min(int(off-lc.base), len(lc.buf))
	lc.lines += bytes.Count(lc.buf[:k], []byte{'\n'})
	lc.buf = lc.buf[k:]
	lc.base += int64(k)
	return lc.lines + 1
}

// start returns the line of the value after off: past white space and a
// separating comma.
func (lc *lineCounter) start(off int64) int {
	lc.line(off)
	k := 0
	for k < len(lc.buf) && bytes.IndexByte([]byte(" \t\r\n,"), lc.buf[k]) >= 0 {
		k++
	}
	return lc.line(lc.base + int64(k))
}
