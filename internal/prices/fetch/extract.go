package fetch

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"

	"masahe/internal/prices"
)

// Source is where on the page a price was found.
type Source string

const (
	JSONLD    Source = "json-ld"
	Microdata Source = "microdata"
	OpenGraph Source = "opengraph"
)

// Extraction is the price read from a product page.
type Extraction struct {
	Price prices.Centavos
	// RegularPrice is the list or strike-through price when the page
	// gives one above Price, else 0.
	RegularPrice prices.Centavos
	Stock        prices.Stock
	Source       Source
}

// Observation makes the observation of e for a chair at a retailer,
// observed at the page's URL (the one the editor entered) at time at.
func (e Extraction) Observation(chair, retailer, pageURL string, at time.Time) prices.Observation {
	return prices.Observation{ChairSlug: chair, RetailerSlug: retailer, Price: e.Price, RegularPrice: e.RegularPrice,
		Stock: e.Stock, URL: pageURL, ObservedAt: at, Method: prices.ByExtraction}
}

// ExtractFailure says why no price was recorded.
type ExtractFailure string

const (
	// NoPrice: the page has no Product offer, microdata price or Open
	// Graph price at all.
	NoPrice ExtractFailure = "no_price"
	// NotPHP: offers exist but none in Philippine pesos (or none says
	// its currency).
	NotPHP ExtractFailure = "not_php"
	// Ambiguous: different peso prices for the product and nothing on
	// the page says which one the URL means.
	Ambiguous ExtractFailure = "ambiguous"
	// BadPrice: the price is not a readable amount above zero.
	BadPrice ExtractFailure = "bad_price"
)

// ExtractionError is a page from which no price could be taken.
type ExtractionError struct {
	Reason ExtractFailure
	Detail string
}

func (e *ExtractionError) Error() string {
	return "extract price: " + string(e.Reason) + ": " + e.Detail
}

// offer is one price statement found on a page, as text.
type offer struct {
	price, currency, availability, url, regular string
}

// Extract reads the price of the product on page, found at pageURL. The
// sources are tried in order (JSON-LD, microdata, Open Graph); the first
// that states any price decides, so a later source never overrides an
// earlier one. Among its offers:
//   - only PHP offers count; with none, NotPHP;
//   - when some are in stock, only those count;
//   - when they disagree and one offer's URL is the page's (a Shopify
//     ?variant= link, say), that one counts;
//   - one price left is the answer; more than one is Ambiguous: Masahe
//     never guesses between variants or sellers.
//
// An AggregateOffer counts as one offer at its lowPrice (a marketplace's
// "from" price across its sellers).
func Extract(page []byte, pageURL *url.URL) (Extraction, error) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return Extraction{}, &ExtractionError{Reason: NoPrice, Detail: "the page is not HTML: " + err.Error()}
	}
	for _, src := range []struct {
		name Source
		find func(*html.Node) []offer
	}{{JSONLD, jsonLDOffers}, {Microdata, microdataOffers}, {OpenGraph, openGraphOffers}} {
		if offers := src.find(doc); len(offers) > 0 {
			e, err := choose(offers, pageURL)
			if err != nil {
				err.Detail = string(src.name) + ": " + err.Detail
				return Extraction{}, err
			}
			e.Source = src.name
			return e, nil
		}
	}
	return Extraction{}, &ExtractionError{Reason: NoPrice, Detail: "no schema.org offer, microdata price or Open Graph price on the page"}
}

type priced struct {
	price, regular prices.Centavos
	stock          prices.Stock
	url            string
}

func choose(offers []offer, pageURL *url.URL) (Extraction, *ExtractionError) {
	var php []priced
	var currencies []string
	var bad []string
	for _, o := range offers {
		cur := strings.ToUpper(strings.TrimSpace(o.currency))
		if cur != "PHP" {
			if cur == "" {
				cur = "no currency"
			}
			currencies = append(currencies, cur)
			continue
		}
		p, err := prices.ParsePesos(o.price)
		if err != nil || p <= 0 {
			bad = append(bad, fmt.Sprintf("%q", o.price))
			continue
		}
		reg, _ := prices.ParsePesos(o.regular)
		php = append(php, priced{price: p, regular: reg, stock: stock(o.availability), url: resolve(pageURL, o.url)})
	}
	if len(php) == 0 {
		if len(bad) > 0 {
			return Extraction{}, &ExtractionError{Reason: BadPrice, Detail: "unreadable peso price " + strings.Join(bad, ", ")}
		}
		slices.Sort(currencies)
		return Extraction{}, &ExtractionError{Reason: NotPHP, Detail: "offers in " + strings.Join(slices.Compact(currencies), ", ") + ", none in PHP"}
	}
	if slices.ContainsFunc(php, func(p priced) bool { return p.stock == prices.InStock }) {
		php = slices.DeleteFunc(php, func(p priced) bool { return p.stock != prices.InStock })
	}
	if distinct(php) > 1 && pageURL != nil {
		page := pageURL.String()
		if same := slices.DeleteFunc(slices.Clone(php), func(p priced) bool { return p.url != page }); len(same) > 0 {
			php = same
		}
	}
	if n := distinct(php); n > 1 {
		var list []string
		for _, p := range php {
			list = append(list, p.price.String())
		}
		slices.Sort(list)
		return Extraction{}, &ExtractionError{Reason: Ambiguous, Detail: fmt.Sprintf("%d different peso prices (%s) and nothing says which this URL means: link the variant itself",
			n, strings.Join(slices.Compact(list), ", "))}
	}
	e := Extraction{Price: php[0].price, Stock: php[0].stock}
	for _, p := range php {
		if p.regular > e.Price {
			e.RegularPrice = max(e.RegularPrice, p.regular)
		}
		if p.stock != e.Stock {
			e.Stock = prices.StockUnknown
		}
	}
	return e, nil
}

func distinct(ps []priced) int {
	seen := map[prices.Centavos]bool{}
	for _, p := range ps {
		seen[p.price] = true
	}
	return len(seen)
}

func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || base == nil {
		return ref
	}
	u, err := base.Parse(ref)
	if err != nil {
		return ""
	}
	return u.String()
}

// stock reads schema.org availability ("https://schema.org/InStock",
// "InStock") and Open Graph's ("instock", "in stock", "oos").
func stock(s string) prices.Stock {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	switch strings.NewReplacer(" ", "", "_", "").Replace(s) {
	case "instock", "limitedavailability", "onlineonly", "instoreonly":
		return prices.InStock
	case "outofstock", "soldout", "discontinued", "oos":
		return prices.OutOfStock
	}
	return prices.StockUnknown
}
