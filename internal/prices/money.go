package prices

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"masahe/internal/phtime"
)

// Centavos is an amount of Philippine pesos in centavos (₱1 = 100
// centavos). Integer centavos keep sums and comparisons exact: a shelf price
// of ₱129,990.50 is 12999050, never a float.
type Centavos int64

// Pesos returns c for whole pesos.
func Pesos(p int64) Centavos { return Centavos(p * 100) }

// MaxPrice bounds any single price (₱50,000,000): far above any chair, low
// enough to catch a price entered in centavos or with a stray digit, and far
// from overflowing the instalment maths.
const MaxPrice = Centavos(50_000_000 * 100)

// String formats c as "₱129,990", or "₱129,990.50" when it has centavos.
func (c Centavos) String() string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	whole := strconv.FormatInt(int64(c/100), 10)
	var b strings.Builder
	b.WriteString(sign + "₱")
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if cents := c % 100; cents != 0 {
		fmt.Fprintf(&b, ".%02d", int64(cents))
	}
	return b.String()
}

// ceilPeso rounds c up to a whole peso.
func ceilPeso(c Centavos) Centavos {
	return (c + 99) / 100 * 100
}

// ParsePesos reads a peso amount written the way shops and feeds write it:
// "129990", "129990.5", "129990.00" or with thousands separators
// "129,990.00". A leading "₱" or "PHP" is allowed. Signs, exponents, more
// than two decimals and misplaced commas are refused, so that "129,99" (a
// decimal comma) can never be read as ₱12,999.
func ParsePesos(s string) (Centavos, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(t, "₱"), "PHP"))
	whole, frac, hasFrac := strings.Cut(t, ".")
	if strings.Contains(whole, ",") {
		groups := strings.Split(whole, ",")
		for i, g := range groups {
			if (i == 0 && (len(g) < 1 || len(g) > 3)) || (i > 0 && len(g) != 3) {
				return 0, fmt.Errorf("%q is not a peso amount", s)
			}
		}
		whole = strings.Join(groups, "")
	}
	if whole == "" || !digits(whole) || (hasFrac && (frac == "" || len(frac) > 2 || !digits(frac))) {
		return 0, fmt.Errorf("%q is not a peso amount", s)
	}
	if len(whole) > 12 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	p, _ := strconv.ParseInt(whole, 10, 64)
	c := Centavos(p * 100)
	if hasFrac {
		f, _ := strconv.ParseInt((frac + "0")[:2], 10, 64)
		c += Centavos(f)
	}
	return c, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// FormatDate writes t's Philippine date as "3 Nov 2026".
func FormatDate(t time.Time) string { return t.In(phtime.Manila).Format("2 Jan 2006") }

// FormatDay writes t's Philippine date without the year, "3 Nov".
func FormatDay(t time.Time) string { return t.In(phtime.Manila).Format("2 Jan") }

// Day returns the start of t's Philippine calendar day.
func Day(t time.Time) time.Time {
	loc := phtime.Manila
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// WholePesos is c rounded up to the peso: what a budget in whole pesos is
// compared with.
func (c Centavos) WholePesos() int64 { return int64(ceilPeso(c) / 100) }
