// Package catalog holds the massage-chair catalog's types and rules: chairs
// and their sourced specs, brands, retailers, their current offers, the filter
// language of the catalog pages and API, and the comparison of chairs.
// It does no I/O.
package catalog

import (
	"fmt"
	"strconv"
	"strings"

	"masahe/internal/prices"
)

// Source is a public document that supports one or more facts. Market is
// the market whose version of a chair it describes (Markets) and Kind who
// publishes it (SourceKinds); either is empty when not stated.
type Source struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	Accessed  string `json:"accessed,omitempty"`
	Market    string `json:"market,omitempty"`
	Kind      string `json:"kind,omitempty"`
}

// Brand is a maker of massage chairs.
type Brand struct {
	Slug       string `json:"slug"`
	Name       string `json:"name"`
	Country    string `json:"country,omitempty"`
	Website    string `json:"website,omitempty"`
	PHPresence string `json:"ph_presence,omitempty"`
	Source     string `json:"source,omitempty"`
}

// Retailer sells chairs to Philippine buyers.
type Retailer struct {
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	URL    string `json:"url,omitempty"`
	Source string `json:"source,omitempty"`
}

// Spec is one published value with the source that states it. Value is an
// int64, float64, bool, string or []string depending on the field's Kind.
// A sample value is illustrative, not sourced, and is shown as such.
type Spec struct {
	Value  any    `json:"value"`
	Source string `json:"source,omitempty"`
	Sample bool   `json:"sample,omitempty"`
}

// Chair is a massage-chair model with its specs. Source, when set, is a
// source that lists the model itself. BrandName, Offers, RetailerNames and
// Sources are filled when the chair is loaded for display.
type Chair struct {
	Slug      string          `json:"slug"`
	Brand     string          `json:"brand"`
	Name      string          `json:"name"`
	Source    string          `json:"source,omitempty"`
	Specs     map[string]Spec `json:"specs"`
	BrandName string          `json:"-"`
	// RatingSum and RatingCount total the published owner ratings.
	RatingSum   int `json:"-"`
	RatingCount int `json:"-"`
	// Offers is each retailer's current offer from the price observations
	// (fresh ones first, each group cheapest first), stale ones included
	// and marked; RetailerNames names their retailers.
	Offers        []prices.Offer    `json:"-"`
	RetailerNames map[string]string `json:"-"`
	Sources       map[string]Source `json:"-"`
}

// FullName is the brand and model name.
func (c Chair) FullName() string {
	return c.BrandName + " " + c.Name
}

// Int returns an integer spec and whether it is published.
func (c Chair) Int(key string) (int64, bool) {
	v, ok := c.Specs[key].Value.(int64)
	return v, ok
}

// Bool returns a yes/no spec and whether it is published.
func (c Chair) Bool(key string) (bool, bool) {
	v, ok := c.Specs[key].Value.(bool)
	return v, ok
}

// Str returns an enum spec and whether it is published.
func (c Chair) Str(key string) (string, bool) {
	v, ok := c.Specs[key].Value.(string)
	return v, ok
}

// LowestOffer returns the cheapest fresh offer not known to be out of
// stock: the price the catalog filters, sorts and budgets by. There is none
// when no fresh price was observed.
func (c Chair) LowestOffer() (prices.Offer, bool) { return prices.Lowest(c.Offers) }

// RetailerName names a retailer of c's offers, or returns the slug.
func (c Chair) RetailerName(slug string) string {
	if n := c.RetailerNames[slug]; n != "" {
		return n
	}
	return slug
}

// SearchText is the text the full-text index holds for a chair: names and
// the features buyers type ("zero gravity 4d").
func (c Chair) SearchText() string {
	words := []string{c.BrandName, c.Brand, c.Name, strings.ReplaceAll(c.Slug, "-", " ")}
	if v, ok := c.Str("track"); ok {
		words = append(words, v+" track", v+"-track")
	}
	if v, ok := c.Str("rollers"); ok {
		words = append(words, v, v+" rollers")
	}
	for key, text := range map[string]string{
		"zero_gravity": "zero gravity", "heat": "heat heated", "foot_rollers": "foot rollers",
		"body_scan": "body scan", "space_saving": "space saving", "app_control": "app",
	} {
		if v, _ := c.Bool(key); v {
			words = append(words, text)
		}
	}
	return strings.Join(words, " ")
}

// FormatValue renders a spec value for people: "not published" when the
// chair has none.
func FormatValue(f Field, s Spec, ok bool) string {
	if !ok || s.Value == nil {
		return "not published"
	}
	switch v := s.Value.(type) {
	case int64:
		return withUnit(FormatInt(v), f.Unit)
	case float64:
		return withUnit(strconv.FormatFloat(v, 'f', -1, 64), f.Unit)
	case bool:
		if v {
			return "Yes"
		}
		return "No"
	case string:
		return f.OptionLabel(v)
	case []string:
		if len(v) == 0 {
			return "none"
		}
		return strings.Join(v, ", ")
	}
	return fmt.Sprint(s.Value)
}

func withUnit(n, unit string) string {
	if unit == "" {
		return n
	}
	return n + " " + unit
}

// FormatInt writes n with thousands separators: 129990 → "129,990".
func FormatInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// FormatPeso writes a price the Philippine way: ₱129,990.
func FormatPeso(n int64) string {
	return "₱" + FormatInt(n)
}
