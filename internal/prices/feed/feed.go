// Package feed reads price files into observations: Masahe's own CSV and
// JSON formats and the Google Merchant Center product feed in its TSV and
// XML forms. It streams: each valid observation goes to a callback as it is
// read, and every bad row is reported with its line and field at the end,
// so the caller (which writes in one transaction) decides all or nothing.
package feed

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"masahe/internal/prices"
)

// Format is a file format.
type Format string

const (
	CSV         Format = "csv"
	JSON        Format = "json"
	MerchantTSV Format = "merchant-tsv"
	MerchantXML Format = "merchant-xml"
)

// FormatOf picks the format from a file name: .csv, .json, .tsv or .txt
// (Merchant Center text feed), .xml (Merchant Center RSS or Atom feed).
func FormatOf(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return CSV, nil
	case ".json":
		return JSON, nil
	case ".tsv", ".txt":
		return MerchantTSV, nil
	case ".xml":
		return MerchantXML, nil
	}
	return "", fmt.Errorf("%s: cannot tell the format from the name: use .csv, .json, .tsv, .txt or .xml", name)
}

// Options go with a read. Now bounds observed_at (nothing from the
// future). Retailer, ObservedAt and Chairs are for Merchant Center feeds,
// which carry none of them.
type Options struct {
	Now time.Time
	// Retailer is the slug of the retailer whose feed this is.
	Retailer string
	// ObservedAt is when the feed was fetched; every item gets it.
	ObservedAt time.Time
	// Chairs maps a feed item to a chair: the item's id, link, gtin or
	// mpn (tried in that order) to a chair slug. Items that match none are
	// counted as skipped: a shop's feed lists much besides chairs.
	Chairs map[string]string
	// Progress, when set, is called every ProgressEvery rows and at the end.
	Progress func(Stats)
	// Check, when set, returns problems of an otherwise valid observation
	// that the file alone cannot tell, such as a chair or retailer the
	// database does not know; they are reported with the row's line.
	Check func(prices.Observation) []prices.Problem
}

// ProgressEvery is how many rows pass between progress calls.
const ProgressEvery = 1000

// Stats counts a read: rows seen, observations emitted, feed items
// skipped for want of a chair mapping, and bytes read so far.
type Stats struct {
	Rows, Observations, Skipped int
	Bytes                       int64
}

// Read parses r in format f and calls emit with each valid observation, in
// file order. It reads to the end and then returns a
// *prices.ValidationError listing every bad row ("line 12, field price:
// ..."), or the first error from emit or from reading. A file that cannot
// be parsed further (broken quoting, malformed XML) ends with a problem at
// the line where parsing stopped.
func Read(r io.Reader, f Format, opt Options, emit func(prices.Observation) error) (Stats, error) {
	rd := &reader{cr: &countingReader{r: r}, opt: opt, emit: emit, verr: &prices.ValidationError{}}
	var err error
	switch f {
	case CSV:
		err = rd.csv()
	case JSON:
		err = rd.json()
	case MerchantTSV:
		if err = rd.merchantCheck(); err == nil {
			err = rd.merchantTSV()
		}
	case MerchantXML:
		if err = rd.merchantCheck(); err == nil {
			err = rd.merchantXML()
		}
	default:
		err = fmt.Errorf("unknown format %q", f)
	}
	rd.stats.Bytes = rd.cr.n
	if opt.Progress != nil {
		opt.Progress(rd.stats)
	}
	if err != nil {
		return rd.stats, err
	}
	return rd.stats, rd.verr.Err()
}

// ReadAll reads everything into a slice.
func ReadAll(r io.Reader, f Format, opt Options) ([]prices.Observation, error) {
	var out []prices.Observation
	_, err := Read(r, f, opt, func(o prices.Observation) error {
		out = append(out, o)
		return nil
	})
	return out, err
}

type reader struct {
	cr    *countingReader
	opt   Options
	emit  func(prices.Observation) error
	verr  *prices.ValidationError
	stats Stats
}

// row handles one parsed row: problems found while parsing it (ps) and
// the observation's own validation, except for fields already reported.
func (rd *reader) row(line int, o prices.Observation, ps []prices.Problem) error {
	rd.stats.Rows++
	if rd.opt.Progress != nil && rd.stats.Rows%ProgressEvery == 0 {
		rd.stats.Bytes = rd.cr.n
		rd.opt.Progress(rd.stats)
	}
	parsed := len(ps)
	for _, p := range o.Problems(rd.opt.Now) {
		if !slices.ContainsFunc(ps[:parsed], func(q prices.Problem) bool { return q.Field == p.Field }) {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 && rd.opt.Check != nil {
		ps = rd.opt.Check(o)
	}
	if len(ps) > 0 {
		for i := range ps {
			ps[i].Line = line
		}
		rd.verr.Add(ps...)
		return nil
	}
	rd.stats.Observations++
	return rd.emit(o)
}

// stop records a problem that ends parsing.
func (rd *reader) stop(line int, format string, args ...any) {
	rd.verr.Add(prices.Problem{Line: line, Message: fmt.Sprintf(format, args...)})
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// fields collects problems while a row's values are parsed.
type fields []prices.Problem

func (f *fields) add(field, format string, args ...any) {
	*f = append(*f, prices.Problem{Field: field, Message: fmt.Sprintf(format, args...)})
}

// pesos parses an optional peso amount.
func (f *fields) pesos(field, s string) prices.Centavos {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	c, err := prices.ParsePesos(s)
	if err != nil {
		f.add(field, "%v", err)
	}
	return c
}
