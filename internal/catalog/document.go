package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"masahe/internal/errs"
)

// Document is a catalog in its exchange form: the format of the bundled
// starter data, of `masahe import` and of `masahe export` (docs/DATA.md).
type Document struct {
	Sources   []Source   `json:"sources,omitempty"`
	Brands    []Brand    `json:"brands,omitempty"`
	Retailers []Retailer `json:"retailers,omitempty"`
	Chairs    []Chair    `json:"chairs,omitempty"`
	Places    []Place    `json:"places,omitempty"`
	Photos    []Photo    `json:"photos,omitempty"`

	// locs holds where each record was read, by section, for error messages.
	locs map[string][]location
}

// location is where a record was read: file and line.
type location struct {
	file string
	line int
}

// Records is the number of records in the document.
func (d *Document) Records() int {
	return len(d.Sources) + len(d.Brands) + len(d.Retailers) + len(d.Chairs) + len(d.Places) + len(d.Photos)
}

// Merge appends other's records to d, keeping their positions for errors.
func (d *Document) Merge(other *Document) {
	d.Sources = append(d.Sources, other.Sources...)
	d.Brands = append(d.Brands, other.Brands...)
	d.Retailers = append(d.Retailers, other.Retailers...)
	d.Chairs = append(d.Chairs, other.Chairs...)
	d.Places = append(d.Places, other.Places...)
	d.Photos = append(d.Photos, other.Photos...)
	if d.locs == nil {
		d.locs = map[string][]location{}
	}
	for _, sec := range sections {
		for i := range other.sectionLen(sec) {
			d.locs[sec] = append(d.locs[sec], other.loc(sec, i))
		}
	}
}

var sections = []string{"sources", "brands", "retailers", "chairs", "places", "photos"}

func (d *Document) sectionLen(sec string) int {
	switch sec {
	case "sources":
		return len(d.Sources)
	case "brands":
		return len(d.Brands)
	case "retailers":
		return len(d.Retailers)
	case "chairs":
		return len(d.Chairs)
	case "places":
		return len(d.Places)
	}
	return len(d.Photos)
}

func (d *Document) loc(sec string, i int) location {
	if i < len(d.locs[sec]) {
		return d.locs[sec][i]
	}
	return location{}
}

// Problem is one invalid record: where it is and what is wrong. Kind is
// the record's kind (source, brand, retailer, chair, place), so that a form
// can show the message beside its field.
type Problem struct {
	File    string
	Line    int
	Record  string
	Kind    string
	Field   string
	Message string
}

func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File + ":")
	}
	if p.Line > 0 {
		fmt.Fprintf(&b, "%d: ", p.Line)
	} else if b.Len() > 0 {
		b.WriteString(" ")
	}
	b.WriteString(p.Record)
	if p.Field != "" {
		b.WriteString(" field " + p.Field)
	}
	return b.String() + ": " + p.Message
}

// ValidationError lists every problem found in a document.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d invalid records:\n%s", len(e.Problems), strings.Join(lines, "\n"))
}

// As lets errors.As (and so errs.As and errs.CodeOf) read a validation
// error as an errs.Invalid error naming the first problem's field.
func (e *ValidationError) As(target any) bool {
	t, ok := target.(**errs.Error)
	if !ok {
		return false
	}
	*t = &errs.Error{Code: errs.Invalid, Message: e.Error()}
	if len(e.Problems) > 0 {
		(*t).Field = e.Problems[0].Field
	}
	return true
}

// MaxDocumentBytes bounds an import file.
const MaxDocumentBytes = 256 << 20

// ParseDocument reads a JSON catalog document, remembering the line of
// every record. Unknown keys are errors, so a misspelt field is reported
// instead of silently dropped.
func ParseDocument(name string, r io.Reader) (*Document, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxDocumentBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB", name, MaxDocumentBytes>>20)
	}
	d := &Document{locs: map[string][]location{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	fail := func(err error) (*Document, error) {
		return nil, fmt.Errorf("%s:%d: %w", name, lineAt(data, errorOffset(dec, err)), jsonMessage(err))
	}
	if err := expectDelim(dec, '{'); err != nil {
		return fail(err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		sec, _ := tok.(string)
		if sec == "offers" {
			return fail(errors.New(`prices are no longer part of the catalog: import them as observations with "masahe prices import" (docs/PRICES.md)`))
		}
		if !slices.Contains(sections, sec) {
			return fail(fmt.Errorf("unknown section %q: use %s", sec, strings.Join(sections, ", ")))
		}
		if err := expectDelim(dec, '['); err != nil {
			return fail(err)
		}
		for i := 0; dec.More(); i++ {
			line := lineAt(data, valueStart(data, dec.InputOffset()))
			d.locs[sec] = append(d.locs[sec], location{name, line})
			if err := d.decodeRecord(dec, sec); err != nil {
				return nil, fmt.Errorf("%s:%d: %s[%d]: %w", name, line, sec, i, jsonMessage(err))
			}
		}
		if _, err := dec.Token(); err != nil {
			return fail(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return fail(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail(errors.New("unexpected data after the document"))
	}
	return d, nil
}

func (d *Document) decodeRecord(dec *json.Decoder, sec string) error {
	switch sec {
	case "sources":
		return decodeInto(dec, &d.Sources)
	case "brands":
		return decodeInto(dec, &d.Brands)
	case "retailers":
		return decodeInto(dec, &d.Retailers)
	case "chairs":
		return decodeInto(dec, &d.Chairs)
	case "places":
		return decodeInto(dec, &d.Places)
	}
	return decodeInto(dec, &d.Photos)
}

func decodeInto[T any](dec *json.Decoder, list *[]T) error {
	var v T
	if err := dec.Decode(&v); err != nil {
		return err
	}
	*list = append(*list, v)
	return nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != want {
		return fmt.Errorf("expected %q, found %v", want, tok)
	}
	return nil
}

// valueStart skips the separators between the decoder's position and the
// next value.
func valueStart(data []byte, off int64) int64 {
	for off < int64(len(data)) && strings.ContainsRune(" \t\r\n,", rune(data[off])) {
		off++
	}
	return off
}

func errorOffset(dec *json.Decoder, err error) int64 {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return se.Offset
	case errors.As(err, &te):
		return te.Offset
	}
	return dec.InputOffset()
}

func jsonMessage(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("field %s: expected %s, found a JSON %s", te.Field, te.Type, te.Value)
	}
	return err
}

func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// Known holds the keys that already exist in the database, so a document
// may refer to records it does not itself contain.
type Known struct {
	Sources, Brands, Retailers, Chairs map[string]bool
}

// Validate checks every record and normalises spec values to their Go
// types. It returns a *ValidationError listing all problems, or nil.
func (d *Document) Validate(known Known) error {
	v := validator{doc: d}
	sources := keySet(known.Sources)
	for i, s := range d.Sources {
		p := v.at("sources", i, "source", s.ID)
		if !validKey(s.ID) {
			p.add("id", "must be 1–120 lowercase letters, digits, '-', '_' or '.'")
		} else if sources[s.ID] == 1 {
			p.add("id", "is defined twice")
		}
		sources[s.ID] = 1
		p.url("url", s.URL, true)
		p.required("title", s.Title)
		p.date("accessed", s.Accessed)
		p.option("market", s.Market, Markets, false)
		p.option("kind", s.Kind, SourceKinds, false)
	}
	brands := keySet(known.Brands)
	for i, b := range d.Brands {
		p := v.at("brands", i, "brand", b.Slug)
		p.slug(b.Slug, brands)
		p.required("name", b.Name)
		p.url("website", b.Website, false)
		p.ref("source", b.Source, sources, false)
	}
	retailers := keySet(known.Retailers)
	for i, r := range d.Retailers {
		p := v.at("retailers", i, "retailer", r.Slug)
		p.slug(r.Slug, retailers)
		p.required("name", r.Name)
		p.url("url", r.URL, false)
		p.ref("source", r.Source, sources, false)
	}
	chairs := keySet(known.Chairs)
	for i := range d.Chairs {
		c := &d.Chairs[i]
		p := v.at("chairs", i, "chair", c.Slug)
		p.slug(c.Slug, chairs)
		p.ref("brand", c.Brand, brands, true)
		p.required("name", c.Name)
		p.ref("source", c.Source, sources, false)
		for key, s := range c.Specs {
			f, ok := FieldByKey(key)
			if !ok {
				p.add("specs."+key, "unknown spec; docs/DATA.md lists the keys")
				continue
			}
			val, err := normalize(f, s.Value)
			if err != nil {
				p.add("specs."+key, err.Error())
				continue
			}
			s.Value = val
			c.Specs[key] = s
			switch {
			case s.Sample && s.Source != "":
				p.add("specs."+key, "has both a source and the sample mark; keep one")
			case !s.Sample:
				p.ref("specs."+key+".source", s.Source, sources, true)
			}
		}
		lo, okLo := c.Int("user_height_min_cm")
		hi, okHi := c.Int("user_height_max_cm")
		if okLo && okHi && lo > hi {
			p.add("specs.user_height_min_cm", "is above user_height_max_cm")
		}
	}
	v.validatePlaces(brands, sources)
	v.validatePhotos(chairs)
	if len(v.problems) > 0 {
		return &ValidationError{Problems: v.problems}
	}
	return nil
}

func keySet(known map[string]bool) map[string]int {
	m := make(map[string]int, len(known))
	for k := range known {
		m[k] = 2 // 2: in the database; 1: defined in this document
	}
	return m
}

type validator struct {
	doc      *Document
	problems []Problem
}

type recordCheck struct {
	v      *validator
	record string
	kind   string
	loc    location
}

func (v *validator) at(sec string, i int, kind, key string) recordCheck {
	return recordCheck{v: v, record: fmt.Sprintf("%s[%d] %s %q", sec, i, kind, key), kind: kind, loc: v.doc.loc(sec, i)}
}

func (c recordCheck) add(field, msg string) {
	c.v.problems = append(c.v.problems, Problem{File: c.loc.file, Line: c.loc.line, Record: c.record, Kind: c.kind, Field: field, Message: msg})
}

func (c recordCheck) required(field, s string) {
	if strings.TrimSpace(s) == "" {
		c.add(field, "is required")
	}
}

func (c recordCheck) option(field, s string, opts []Option, required bool) {
	switch {
	case s == "" && required:
		c.add(field, "is required: one of "+optionValues(opts))
	case s != "" && !hasOption(opts, s):
		c.add(field, "must be one of "+optionValues(opts))
	}
}

func (c recordCheck) slug(s string, set map[string]int) {
	switch {
	case !validSlug(s):
		c.add("slug", "must be lowercase letters and digits joined by single hyphens")
	case set[s] == 1:
		c.add("slug", "is defined twice in this import")
	}
	set[s] = 1
}

func (c recordCheck) ref(field, key string, set map[string]int, required bool) {
	switch {
	case key == "" && required:
		c.add(field, "is required")
	case key != "" && set[key] == 0:
		c.add(field, fmt.Sprintf("refers to %q, which is neither in this import nor in the database", key))
	}
}

func (c recordCheck) url(field, s string, required bool) {
	if s == "" {
		if required {
			c.add(field, "is required")
		}
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		c.add(field, "must be an absolute http or https URL")
	}
}

func (c recordCheck) date(field, s string) {
	if s == "" {
		return
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		c.add(field, "must be a date written YYYY-MM-DD")
	}
}

func validKey(s string) bool {
	if s == "" || len(s) > 120 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// normalize converts a decoded JSON value to the Go type of f's kind and
// checks its range or allowed values.
// A document validated before already holds Go values; they are turned
// back into their JSON forms so that validating twice gives the same result.
func normalize(f Field, raw any) (any, error) {
	switch v := raw.(type) {
	case int64:
		raw = json.Number(strconv.FormatInt(v, 10))
	case float64:
		raw = json.Number(strconv.FormatFloat(v, 'f', -1, 64))
	case []string:
		items := make([]any, len(v))
		for i, s := range v {
			items[i] = s
		}
		raw = items
	}
	switch f.Kind {
	case KindInt, KindFloat:
		n, ok := raw.(json.Number)
		if !ok {
			return nil, fmt.Errorf("must be a number")
		}
		x, err := n.Float64()
		if err != nil {
			return nil, fmt.Errorf("must be a number")
		}
		if x < f.Min || x > f.Max {
			return nil, fmt.Errorf("must be from %g to %g %s", f.Min, f.Max, f.Unit)
		}
		if f.Kind == KindFloat {
			return x, nil
		}
		i, err := strconv.ParseInt(n.String(), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("must be a whole number")
		}
		return i, nil
	case KindBool:
		b, ok := raw.(bool)
		if !ok {
			return nil, fmt.Errorf("must be true or false")
		}
		return b, nil
	case KindEnum:
		s, ok := raw.(string)
		if !ok || !f.hasOption(s) {
			return nil, fmt.Errorf("must be one of %s", optionValues(f.Options))
		}
		return s, nil
	case KindList:
		items, ok := raw.([]any)
		if !ok {
			return nil, fmt.Errorf("must be a list of names")
		}
		out := make([]string, 0, len(items))
		for _, it := range items {
			s, ok := it.(string)
			if !ok || strings.TrimSpace(s) == "" || len(s) > 100 {
				return nil, fmt.Errorf("must be a list of non-empty names")
			}
			out = append(out, strings.TrimSpace(s))
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported kind")
}
