package prices

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"masahe/internal/errs"
)

func TestCentavosString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		c    Centavos
		want string
	}{
		{Pesos(129990), "₱129,990"},
		{12999050, "₱129,990.50"},
		{Pesos(999), "₱999"},
		{Pesos(1000), "₱1,000"},
		{Pesos(1234567), "₱1,234,567"},
		{5, "₱0.05"},
		{-Pesos(1500), "-₱1,500"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("%d.String() = %q, want %q", int64(tt.c), got, tt.want)
		}
	}
}

func TestParsePesos(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Centavos
		ok   bool
	}{
		{"129990", Pesos(129990), true},
		{"129990.00", Pesos(129990), true},
		{"129990.5", 12999050, true},
		{"129,990.50", 12999050, true},
		{"₱129,990", Pesos(129990), true},
		{"PHP 1,234,567", Pesos(1234567), true},
		{" 0.99 ", 99, true},
		{"129,99", 0, false},
		{"1,2345", 0, false},
		{"12.345", 0, false},
		{"-5", 0, false},
		{"1e5", 0, false},
		{"", 0, false},
		{"12.", 0, false},
		{"9999999999999", 0, false},
	}
	for _, tt := range tests {
		got, err := ParsePesos(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParsePesos(%q) = %d, %v; want %d, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestFormatDate(t *testing.T) {
	t.Parallel()
	// 16:30 UTC on 2 Nov is 00:30 on 3 Nov in Manila.
	at := time.Date(2026, 11, 2, 16, 30, 0, 0, time.UTC)
	if got := FormatDate(at); got != "3 Nov 2026" {
		t.Errorf("FormatDate = %q", got)
	}
	if got := FormatDay(at); got != "3 Nov" {
		t.Errorf("FormatDay = %q", got)
	}
	if got := Day(at); !got.Equal(time.Date(2026, 11, 2, 16, 0, 0, 0, time.UTC)) {
		t.Errorf("Day = %v", got)
	}
}

func TestPayment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		price Centavos
		in    Instalment
		want  Payment
		ok    bool
	}{
		{"0 % divides exactly", Pesos(120000), Instalment{Months: 12}, Payment{Months: 12, Monthly: Pesos(10000), Total: Pesos(120000)}, true},
		{"0 % rounds up to the peso", Pesos(129990), Instalment{Months: 12}, Payment{Months: 12, Monthly: Pesos(10833), Total: Pesos(129990)}, true},
		{"0 % with centavos", 10001, Instalment{Months: 1}, Payment{Months: 1, Monthly: Pesos(101), Total: 10001}, true},
		// 100,000 × 0.79 % × 12 = 9,480 interest; 109,480 / 12 = 9,123.33 → 9,124.
		{"add-on rate", Pesos(100000), Instalment{Months: 12, MonthlyRateBP: 79}, Payment{Months: 12, Monthly: Pesos(9124), Total: Pesos(109480), Estimate: true}, true},
		{"quoted monthly wins", Pesos(100000), Instalment{Months: 6, MonthlyRateBP: 79, Monthly: Pesos(17000)}, Payment{Months: 6, Monthly: Pesos(17000), Total: Pesos(102000)}, true},
		{"no months", Pesos(100000), Instalment{}, Payment{}, false},
	}
	for _, tt := range tests {
		got, ok := tt.in.Payment(tt.price)
		if ok != tt.ok || got != tt.want {
			t.Errorf("%s: Payment = %+v, %v; want %+v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

var now = time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)

func valid() Observation {
	return Observation{ChairSlug: "osaki-os-4000", RetailerSlug: "shop-a", Price: Pesos(129990), URL: "https://shop.example/p/1",
		ObservedAt: now.Add(-time.Hour), Method: ByFeed}
}

func TestObservationProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*Observation)
		fields []string
	}{
		{"valid", func(*Observation) {}, nil},
		{"valid with everything", func(o *Observation) {
			o.RegularPrice = Pesos(149990)
			o.Instalment = &Instalment{Months: 12, Banks: []string{"BDO", "Metrobank"}}
			o.Stock = InStock
		}, nil},
		{"sighting needs no url", func(o *Observation) { o.URL, o.Method = "", BySighting }, nil},
		{"bad slugs", func(o *Observation) { o.ChairSlug, o.RetailerSlug = "Osaki OS", "" }, []string{"chair", "retailer"}},
		{"zero price", func(o *Observation) { o.Price = 0 }, []string{"price"}},
		{"huge price", func(o *Observation) { o.Price = MaxPrice + 1 }, []string{"price"}},
		{"regular below price", func(o *Observation) { o.RegularPrice = Pesos(100) }, []string{"regular_price"}},
		{"bad plan", func(o *Observation) {
			o.Instalment = &Instalment{Months: 0, MonthlyRateBP: -1, Monthly: -1, Banks: []string{" "}}
		}, []string{"instalment_months", "instalment_rate", "instalment_monthly", "instalment_banks"}},
		{"bad stock", func(o *Observation) { o.Stock = 7 }, []string{"stock"}},
		{"relative url", func(o *Observation) { o.URL = "/p/1" }, []string{"url"}},
		{"javascript url", func(o *Observation) { o.URL = "javascript:alert(1)" }, []string{"url"}},
		{"NUL in url", func(o *Observation) { o.URL = "https://a.example/\x00" }, []string{"url"}},
		{"feed needs url", func(o *Observation) { o.URL = "" }, []string{"url"}},
		{"no time", func(o *Observation) { o.ObservedAt = time.Time{} }, []string{"observed_at"}},
		{"future", func(o *Observation) { o.ObservedAt = now.Add(time.Hour) }, []string{"observed_at"}},
		{"bad method", func(o *Observation) { o.Method = "guess" }, []string{"method"}},
	}
	for _, tt := range tests {
		o := valid()
		tt.change(&o)
		var fields []string
		for _, p := range o.Problems(now) {
			fields = append(fields, p.Field)
		}
		if !slices.Equal(fields, tt.fields) {
			t.Errorf("%s: problem fields %v, want %v", tt.name, fields, tt.fields)
		}
	}
}

func TestValidationErrorCarriesInvalid(t *testing.T) {
	t.Parallel()
	o := valid()
	o.Price = 0
	err := o.Validate(now)
	if errs.CodeOf(err) != errs.Invalid || errs.As(err).Field != "price" {
		t.Fatalf("err = %v: code %q field %q", err, errs.CodeOf(err), errs.As(err).Field)
	}
	wrapped := errors.Join(errors.New("import"), &ValidationError{Problems: []Problem{{Line: 7, Field: "url", Message: "is required"}}})
	if e := errs.As(wrapped); e.Code != errs.Invalid || e.Message != "line 7: is required" {
		t.Errorf("errs.As = %+v", e)
	}
	v := &ValidationError{}
	if v.Err() != nil {
		t.Error("empty ValidationError is an error")
	}
	for range MaxProblems + 3 {
		v.Add(Problem{Line: 2, Field: "price", Message: "must be more than ₱0"})
	}
	if len(v.Problems) != MaxProblems || v.More != 3 || !strings.Contains(v.Err().Error(), "and 3 more") {
		t.Errorf("kept %d, more %d: %v", len(v.Problems), v.More, v.Err())
	}
	if got := (Problem{Line: 3, Field: "price", Message: "x"}).String(); got != "line 3, field price: x" {
		t.Errorf("Problem.String = %q", got)
	}
}

func obs(retailer string, daysAgo float64, pesos int64, stock Stock) Observation {
	return Observation{ChairSlug: "c", RetailerSlug: retailer, Price: Pesos(pesos), Stock: stock,
		ObservedAt: now.Add(-time.Duration(daysAgo * 24 * float64(time.Hour))), Method: ByEditor}
}

func TestCurrentOffers(t *testing.T) {
	t.Parallel()
	list := []Observation{
		obs("a", 40, 90000, InStock), // superseded
		obs("a", 2, 120000, InStock),
		obs("b", 31, 80000, InStock), // stale: 31 days
		obs("c", 1, 110000, OutOfStock),
		obs("d", 29, 115000, StockUnknown),
	}
	offers := Policy{}.CurrentOffers(list, now)
	var got []string
	for _, o := range offers {
		got = append(got, o.RetailerSlug+":"+o.Price.String()+map[bool]string{true: ":stale", false: ""}[o.Stale])
	}
	want := []string{"c:₱110,000", "d:₱115,000", "a:₱120,000", "b:₱80,000:stale"}
	if !slices.Equal(got, want) {
		t.Errorf("offers = %v, want %v", got, want)
	}
	low, ok := Lowest(offers)
	if !ok || low.RetailerSlug != "d" {
		t.Errorf("Lowest = %v %v, want d (c is out of stock, b stale)", low.RetailerSlug, ok)
	}
	// A longer MaxAge makes b fresh, and the lowest.
	low, _ = Lowest(Policy{MaxAge: 45 * 24 * time.Hour}.CurrentOffers(list, now))
	if low.RetailerSlug != "b" {
		t.Errorf("with 45 days Lowest = %v, want b", low.RetailerSlug)
	}
	if _, ok := Lowest(Policy{}.CurrentOffers(list[2:3], now)); ok {
		t.Error("only a stale offer, yet a lowest price")
	}
}
