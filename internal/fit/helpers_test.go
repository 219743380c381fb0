package fit_test

import (
	"log/slog"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"masahe/internal/catalog"
	"masahe/internal/fit"
	"masahe/internal/fit/fittext"
	"masahe/internal/locale"
	"masahe/internal/prices"
)

// n returns a pointer to an int64, for the optional answers of a Profile.
func n(v int64) *int64 { return &v }

// specs is a chair's spec values by key; chair wraps each with a source.
type specs map[string]any

// with returns a copy of s with the given keys set; a nil value removes the key.
func (s specs) with(kv ...any) specs {
	out := maps.Clone(s)
	for i := 0; i < len(kv); i += 2 {
		key := kv[i].(string)
		if kv[i+1] == nil {
			delete(out, key)
			continue
		}
		out[key] = kv[i+1]
	}
	return out
}

// without returns a copy of s without keys.
func (s specs) without(keys ...string) specs {
	out := maps.Clone(s)
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

// chair builds a chair named name with the given specs and offers.
func chair(name string, s specs, offers ...prices.Offer) catalog.Chair {
	slug := strings.ToLower(strings.ReplaceAll(name, " ", "-"))
	c := catalog.Chair{Slug: slug, Brand: "test", BrandName: "Test", Name: name, Specs: map[string]catalog.Spec{}}
	for k, v := range s {
		c.Specs[k] = catalog.Spec{Value: v, Source: "s"}
	}
	for _, o := range offers {
		o.ChairSlug = slug
		c.Offers = append(c.Offers, o)
	}
	return c
}

// observed is a fresh offer at a price in pesos; stale one observed longer
// ago than the maximum age, which no budget or price score uses.
func observed(price int64) prices.Offer {
	return prices.Offer{Observation: prices.Observation{RetailerSlug: "shop", Price: prices.Pesos(price),
		ObservedAt: time.Date(2025, 1, 1, 2, 0, 0, 0, time.UTC), Method: prices.ByEditor}}
}

func stale(price int64) prices.Offer {
	o := observed(price)
	o.RetailerSlug, o.Stale = "old-shop", true
	return o
}

// instalment is a fresh offer with a 0 % plan over months (none when nil).
func instalment(price int64, months *int64) prices.Offer {
	o := observed(price)
	if months != nil {
		o.Instalment = &prices.Instalment{Months: int(*months)}
	}
	return o
}

// base is a fully published chair: 150–190 cm, up to 130 kg, 180 cm deep
// reclined with 10 cm behind, 80 cm wide reclined, 78×130×115 cm upright,
// 220–240 V, 200 W, warranty honoured in Metro Manila and Cebu.
var base = specs{
	"user_height_min_cm":    int64(150),
	"user_height_max_cm":    int64(190),
	"max_user_weight_kg":    int64(130),
	"reclined_depth_cm":     int64(180),
	"wall_clearance_cm":     int64(10),
	"reclined_width_cm":     int64(80),
	"upright_width_cm":      int64(78),
	"upright_depth_cm":      int64(130),
	"upright_height_cm":     int64(115),
	"space_saving":          true,
	"voltage":               "220-240",
	"power_w":               int64(200),
	"warranty_ph":           true,
	"warranty_parts_months": int64(36),
	"service_areas":         []string{"Metro Manila", "Cebu"},
	"chair_weight_kg":       95.5,
}

// of returns the checks of one kind ("body", "room", …).
func of(checks []fit.Check, kind string) []fit.Check {
	var out []fit.Check
	for _, c := range checks {
		if c.Check == kind {
			out = append(out, c)
		}
	}
	return out
}

// slugs returns the slugs of results, in order.
func slugs(rs []fit.Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Chair.Slug
	}
	return out
}

func excludedSlugs(es []fit.Excluded) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Chair.Slug
	}
	return out
}

// wantCheck is the expected outcome of one check.
type wantCheck struct {
	result fit.Verdict
	code   string
	has    []string // substrings of the message: the numbers it must give
}

// assertChecks compares got with want, in order.
func assertChecks(t *testing.T, got []fit.Check, want []wantCheck) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d checks %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Result != w.result || g.Code != w.code {
			t.Errorf("check %d = %s/%s (%q), want %s/%s", i, g.Result, g.Code, say(g.Text), w.result, w.code)
		}
		for _, s := range w.has {
			if !strings.Contains(strings.ToLower(say(g.Text)), strings.ToLower(s)) {
				t.Errorf("check %d (%s) message %q does not contain %q", i, g.Code, say(g.Text), s)
			}
		}
		if say(g.Text) == "" || !slices.Contains([]fit.Verdict{fit.Fits, fit.Unknown, fit.Borderline, fit.NoFit}, g.Result) {
			t.Errorf("check %d = %+v: empty message or unknown verdict", i, g)
		}
		if g.Result == fit.Unknown && !g.Asks() || g.Asks() && g.Result != fit.Unknown && g.Result != fit.Borderline {
			t.Errorf("check %d = %+v: every unknown check asks a question, and only unknown or borderline ones do", i, g)
		}
		if (!g.Asks()) != (len(g.Missing) == 0) {
			t.Errorf("check %d = %+v: a question names the missing values it asks about", i, g)
		}
	}
}

// english writes fit's sentences in English, for the tests to read their
// numbers and words.
var english = func() *locale.Printer {
	b, err := locale.NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		panic(err)
	}
	return b.Printer(locale.English)
}()

// say is t in English.
func say(t fit.Text) string { return fittext.Write(english, t) }

// rankAll ranks and explains every result, as a page showing all of them
// would.
func rankAll(chairs []catalog.Chair, p fit.Profile, places []catalog.Place) fit.Findings {
	f := fit.Rank(chairs, p, places)
	for i := range f.Results {
		f.Explain(i)
	}
	return f
}

// failedOf are the checks that do not fit, as Excluded.Failed names them.
func failedOf(checks []fit.Check) []fit.Reason {
	var out []fit.Reason
	for _, c := range checks {
		if c.Result == fit.NoFit {
			out = append(out, fit.Reason{Check: c.Check, Code: c.Code})
		}
	}
	return out
}
