// Package prices is the price-tracking domain: observed peso offers of a
// chair at a retailer, the current offer of each retailer and when it goes
// stale, the history maths (lowest ever, 90-day low and median, price
// drops) and instalment payments. It does no I/O.
package prices

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"masahe/internal/errs"
)

// Method says how an observation was made.
type Method string

const (
	// ByEditor: an editor entered the price.
	ByEditor Method = "editor"
	// ByFeed: imported from a file or a retailer's product feed.
	ByFeed Method = "feed"
	// ByExtraction: read from the product page by the fetcher.
	ByExtraction Method = "extraction"
	// BySighting: a member reported it and an editor approved it.
	BySighting Method = "sighting"
)

// Methods lists every method.
func Methods() []Method { return []Method{ByEditor, ByFeed, ByExtraction, BySighting} }

// Stock is whether the item was in stock when observed. The zero value is
// StockUnknown: most sources do not say.
type Stock int8

const (
	StockUnknown Stock = iota
	InStock
	OutOfStock
)

// String is the stored and imported form: "", "in_stock", "out_of_stock".
func (s Stock) String() string {
	switch s {
	case InStock:
		return "in_stock"
	case OutOfStock:
		return "out_of_stock"
	}
	return ""
}

// ParseStock reads the String form; "unknown" and "" are StockUnknown.
func ParseStock(s string) (Stock, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "unknown":
		return StockUnknown, nil
	case "in_stock":
		return InStock, nil
	case "out_of_stock":
		return OutOfStock, nil
	}
	return StockUnknown, fmt.Errorf("%q is not in_stock, out_of_stock or unknown", s)
}

// Instalment is a payment plan the retailer offered with the price.
type Instalment struct {
	Months int
	// MonthlyRateBP is the add-on rate per month in basis points, as
	// Philippine banks quote it (79 = 0.79 % a month); 0 is a 0 % plan.
	MonthlyRateBP int64
	// Monthly is the monthly amount the retailer quoted, or 0 when it
	// quoted none (a Merchant Center feed quotes it; a shelf tag may not).
	Monthly Centavos
	// Banks are the cards or banks the plan is for, when known.
	Banks []string
}

// Observation is one price seen for a chair at a retailer. Prices are
// whole centavos; RegularPrice is 0 when no regular (strike-through) price
// was shown; Instalment is nil when no plan was shown.
type Observation struct {
	ChairSlug    string
	RetailerSlug string
	Price        Centavos
	RegularPrice Centavos
	Instalment   *Instalment
	Stock        Stock
	URL          string
	ObservedAt   time.Time
	Method       Method
}

// Bounds of an instalment plan that validation accepts.
const (
	MaxMonths        = 60
	MaxMonthlyRateBP = 1000 // 10 % a month
	maxText          = 2000
)

// Problems returns what is wrong with o, each naming its field (the
// import column names: chair, retailer, price, regular_price,
// instalment_months, instalment_rate, instalment_monthly, instalment_banks,
// url, observed_at, method). now bounds observed_at: an observation cannot
// come from the future (a minute of clock skew is allowed).
func (o Observation) Problems(now time.Time) []Problem {
	var ps []Problem
	add := func(field, format string, args ...any) {
		ps = append(ps, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if !validSlug(o.ChairSlug) {
		add("chair", "must be a chair slug: 1–120 lowercase letters, digits, '-', '_' or '.'")
	}
	if !validSlug(o.RetailerSlug) {
		add("retailer", "must be a retailer slug: 1–120 lowercase letters, digits, '-', '_' or '.'")
	}
	switch {
	case o.Price <= 0:
		add("price", "must be more than ₱0")
	case o.Price > MaxPrice:
		add("price", "must be at most %s", MaxPrice)
	}
	switch {
	case o.RegularPrice < 0 || o.RegularPrice > MaxPrice:
		add("regular_price", "must be between ₱0 and %s", MaxPrice)
	case o.RegularPrice > 0 && o.RegularPrice < o.Price:
		add("regular_price", "is below the price: a regular price is the higher, undiscounted one")
	}
	if in := o.Instalment; in != nil {
		if in.Months < 1 || in.Months > MaxMonths {
			add("instalment_months", "must be 1 to %d", MaxMonths)
		}
		if in.MonthlyRateBP < 0 || in.MonthlyRateBP > MaxMonthlyRateBP {
			add("instalment_rate", "must be 0 %% to %d %% a month", MaxMonthlyRateBP/100)
		}
		if in.Monthly < 0 || in.Monthly > MaxPrice {
			add("instalment_monthly", "must be between ₱0 and %s", MaxPrice)
		}
		for _, b := range in.Banks {
			if !validText(b, 80) || strings.TrimSpace(b) == "" {
				add("instalment_banks", "each bank or card must be 1–80 characters of text")
				break
			}
		}
	}
	if o.Stock < StockUnknown || o.Stock > OutOfStock {
		add("stock", "must be in_stock, out_of_stock or unknown")
	}
	if o.URL != "" {
		if msg := checkURL(o.URL); msg != "" {
			add("url", "%s", msg)
		}
	} else if o.Method == ByExtraction || o.Method == ByFeed {
		add("url", "is required for a %s observation", o.Method)
	}
	switch {
	case o.ObservedAt.IsZero():
		add("observed_at", "is required")
	case o.ObservedAt.After(now.Add(time.Minute)):
		add("observed_at", "is in the future")
	case o.ObservedAt.Year() < 2000:
		add("observed_at", "is before 2000")
	}
	switch o.Method {
	case ByEditor, ByFeed, ByExtraction, BySighting:
	default:
		add("method", "must be editor, feed, extraction or sighting")
	}
	return ps
}

// Validate returns a *ValidationError listing o's problems, or nil.
func (o Observation) Validate(now time.Time) error {
	if ps := o.Problems(now); len(ps) > 0 {
		return &ValidationError{Problems: ps}
	}
	return nil
}

func checkURL(s string) string {
	if !validText(s, maxText) {
		return "must be at most 2000 characters of text"
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "must be an absolute http or https address"
	}
	return ""
}

// validSlug is the catalog's key rule, which chair and retailer slugs follow.
func validSlug(s string) bool {
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

// validText refuses what PostgreSQL refuses (NUL, invalid UTF-8) and
// over-long values.
func validText(s string, max int) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0) && utf8.RuneCountInString(s) <= max
}

// Problem is one thing wrong with an input: the line it is on (0 when the
// input has no lines), the field and the message.
type Problem struct {
	Line    int
	Field   string
	Message string
}

// String is "line 3, field price: must be more than ₱0".
func (p Problem) String() string {
	var where []string
	if p.Line > 0 {
		where = append(where, fmt.Sprintf("line %d", p.Line))
	}
	if p.Field != "" {
		where = append(where, "field "+p.Field)
	}
	if len(where) == 0 {
		return p.Message
	}
	return strings.Join(where, ", ") + ": " + p.Message
}

// ValidationError lists the problems of one observation or of a whole
// import. It unwraps to one errs.Invalid error per problem, so errs.As
// and errs.CodeOf see invalid input and the first problem's field.
type ValidationError struct {
	Problems []Problem
	// More counts problems found but not kept (an import keeps the first
	// MaxProblems).
	More int
}

// MaxProblems bounds the problems an import keeps.
const MaxProblems = 200

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	if e.More > 0 {
		lines = append(lines, fmt.Sprintf("and %d more", e.More))
	}
	n := len(e.Problems) + e.More
	noun := "problems"
	if n == 1 {
		noun = "problem"
	}
	return fmt.Sprintf("%d %s:\n%s", n, noun, strings.Join(lines, "\n"))
}

// Unwrap returns one errs.Invalid error per problem.
func (e *ValidationError) Unwrap() []error {
	out := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		msg := p.Message
		if p.Line > 0 {
			msg = fmt.Sprintf("line %d: %s", p.Line, msg)
		}
		out[i] = &errs.Error{Code: errs.Invalid, Field: p.Field, Message: msg}
	}
	return out
}

// Add records problems, keeping at most MaxProblems.
func (e *ValidationError) Add(ps ...Problem) {
	for _, p := range ps {
		if len(e.Problems) < MaxProblems {
			e.Problems = append(e.Problems, p)
		} else {
			e.More++
		}
	}
}

// Err returns e when it holds a problem, nil otherwise.
func (e *ValidationError) Err() error {
	if len(e.Problems) == 0 && e.More == 0 {
		return nil
	}
	return e
}
