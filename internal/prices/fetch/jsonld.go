package fetch

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// jsonLDOffers finds the offers of every schema.org Product in the page's
// JSON-LD blocks: at the top, in arrays, in @graph, or nested in another
// node (a WebPage's mainEntity), and the variants of a ProductGroup. A
// block that is not valid JSON is skipped, so the next source gets its
// turn.
func jsonLDOffers(doc *html.Node) []offer {
	var out []offer
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.DataAtom != atom.Script || !isLDJSON(n) || n.FirstChild == nil {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(n.FirstChild.Data))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) != nil {
			continue
		}
		out = append(out, findProducts(v)...)
	}
	return out
}

func isLDJSON(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "type" && strings.EqualFold(strings.TrimSpace(a.Val), "application/ld+json") {
			return true
		}
	}
	return false
}

func findProducts(v any) []offer {
	switch t := v.(type) {
	case []any:
		var out []offer
		for _, x := range t {
			out = append(out, findProducts(x)...)
		}
		return out
	case map[string]any:
		if hasType(t, "Product", "ProductGroup", "IndividualProduct", "ProductModel") {
			return productOffers(t)
		}
		var out []offer
		for _, x := range t {
			out = append(out, findProducts(x)...)
		}
		return out
	}
	return nil
}

// productOffers reads a product's offers and its variants' offers; an
// offer without a URL takes the product's.
func productOffers(p map[string]any) []offer {
	var out []offer
	for _, o := range list(p["offers"]) {
		if m, ok := o.(map[string]any); ok {
			out = append(out, readOffer(m)...)
		}
	}
	for i := range out {
		if out[i].url == "" {
			out[i].url = text(p["url"])
		}
	}
	for _, v := range list(p["hasVariant"]) {
		if m, ok := v.(map[string]any); ok {
			out = append(out, productOffers(m)...)
		}
	}
	return out
}

// readOffer reads an Offer (price, or a priceSpecification without a
// list or strike-through type; those give the regular price) or an
// AggregateOffer (lowPrice).
func readOffer(m map[string]any) []offer {
	o := offer{price: text(m["price"]), currency: text(m["priceCurrency"]), availability: text(m["availability"]), url: text(m["url"])}
	if hasType(m, "AggregateOffer") && text(m["lowPrice"]) != "" {
		o.price = text(m["lowPrice"])
	}
	for _, s := range list(m["priceSpecification"]) {
		spec, ok := s.(map[string]any)
		if !ok {
			continue
		}
		kind := strings.ToLower(text(spec["priceType"]))
		if strings.HasSuffix(kind, "listprice") || strings.HasSuffix(kind, "strikethroughprice") {
			o.regular = text(spec["price"])
			continue
		}
		if o.price == "" {
			o.price, o.currency = text(spec["price"]), cmpOr(o.currency, text(spec["priceCurrency"]))
		}
	}
	if o.price == "" {
		return nil
	}
	return []offer{o}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func hasType(m map[string]any, names ...string) bool {
	for _, t := range list(m["@type"]) {
		s := text(t)
		s = s[strings.LastIndexAny(s, "/:")+1:]
		for _, n := range names {
			if strings.EqualFold(s, n) {
				return true
			}
		}
	}
	return false
}

// list returns v as a list: itself when it is one, else a list of v.
func list(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	}
	return []any{v}
}

// text returns a JSON string or number as text ("129990.00", 129990),
// or a node reference's @id.
func text(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case json.Number:
		return t.String()
	case map[string]any:
		if id, ok := t["@id"].(string); ok {
			return id
		}
	}
	return ""
}
