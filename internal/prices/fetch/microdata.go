package fetch

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// microdataOffers reads schema.org microdata: every itemscope that has a
// price (an Offer, an AggregateOffer's lowPrice, or a Product that puts
// price straight on itself) gives one offer from its own itemprops, not
// those of scopes nested inside it.
func microdataOffers(doc *html.Node) []offer {
	var out []offer
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || !hasAttr(n, "itemscope") {
			continue
		}
		props := map[string]string{}
		scopeProps(n, props)
		o := offer{price: cmpOr(props["price"], props["lowprice"]), currency: props["pricecurrency"],
			availability: props["availability"], url: props["url"]}
		if o.price != "" {
			out = append(out, o)
		}
	}
	return out
}

// scopeProps collects the first value of each itemprop under scope, not
// descending into nested item scopes (whose element's own itemprop still
// names a property of this scope, but has no simple value).
func scopeProps(scope *html.Node, props map[string]string) {
	for c := scope.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if hasAttr(c, "itemscope") {
			continue
		}
		for name := range strings.FieldsSeq(attr(c, "itemprop")) {
			name = strings.ToLower(name[strings.LastIndexAny(name, "/#")+1:])
			if _, ok := props[name]; !ok {
				props[name] = propValue(c)
			}
		}
		scopeProps(c, props)
	}
}

// propValue is an element's microdata value: content, then href/src for
// links, value for data and meter, else the text.
func propValue(n *html.Node) string {
	if v, ok := attrOK(n, "content"); ok {
		return strings.TrimSpace(v)
	}
	switch n.DataAtom {
	case atom.A, atom.Link, atom.Area:
		return attr(n, "href")
	case atom.Img, atom.Source, atom.Audio, atom.Video:
		return attr(n, "src")
	case atom.Data, atom.Meter:
		return attr(n, "value")
	case atom.Time:
		if v, ok := attrOK(n, "datetime"); ok {
			return v
		}
	}
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// openGraphOffers reads the product price meta tags Facebook and
// Shopify themes write: product:price:amount with product:price:currency
// (or the og:price: forms), product:sale_price:* when on sale, and
// product:availability.
func openGraphOffers(doc *html.Node) []offer {
	meta := map[string]string{}
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.DataAtom == atom.Meta {
			key := strings.ToLower(cmpOr(attr(n, "property"), attr(n, "name")))
			key = strings.TrimPrefix(strings.TrimPrefix(key, "og:"), "product:")
			if _, seen := meta[key]; !seen && key != "" {
				meta[key] = strings.TrimSpace(attr(n, "content"))
			}
		}
	}
	o := offer{price: meta["price:amount"], currency: meta["price:currency"], availability: meta["availability"]}
	if sale := meta["sale_price:amount"]; sale != "" && strings.EqualFold(meta["sale_price:currency"], o.currency) {
		o.regular, o.price = o.price, sale
	}
	if o.price == "" {
		return nil
	}
	return []offer{o}
}

func hasAttr(n *html.Node, key string) bool {
	_, ok := attrOK(n, key)
	return ok
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
