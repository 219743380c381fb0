package content

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Heading is an entry of an article's table of contents.
type Heading struct {
	ID    string
	Text  string
	Level int
}

// siteLink marks the site's own paths while they pass through the
// sanitizer, which only lets absolute links through.
const siteLink = "https://masahe.invalid"

// sitePath matches a Markdown link to a path of this site; "//host" is
// another site and is left for the sanitizer to refuse.
var sitePath = regexp.MustCompile(`\]\((/(?:[^/)\s][^)\s]*)?)\)`)

// RenderArticle renders an editor's article: the same sanitized subset as
// Render, with the article's "##" headings as <h2> (under the page's h1)
// carrying anchors for a table of contents, and links to the site's own
// paths ("/finder") kept as plain same-site links.
func RenderArticle(src string) (template.HTML, []Heading, error) {
	src = sitePath.ReplaceAllString(src, "]("+siteLink+"$1)")
	safe, err := Render(src)
	if err != nil {
		return "", nil, err
	}
	nodes, err := xhtml.ParseFragment(strings.NewReader(string(safe)), &xhtml.Node{Type: xhtml.ElementNode, DataAtom: atom.Div, Data: "div"})
	if err != nil {
		return "", nil, err
	}
	var toc []Heading
	used := map[string]int{}
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			switch n.Data {
			case "h4", "h5", "h6":
				// Render puts "##" at h4: lift article headings by two.
				level := int(n.Data[1]-'0') - 2
				n.Data, n.DataAtom = "h"+string(rune('0'+level)), 0
				id := anchor(textOf(n), used)
				n.Attr = append(n.Attr, xhtml.Attribute{Key: "id", Val: id})
				if level <= 3 {
					toc = append(toc, Heading{ID: id, Text: textOf(n), Level: level})
				}
			case "a":
				for i, a := range n.Attr {
					if a.Key == "href" && strings.HasPrefix(a.Val, siteLink) {
						n.Attr[i].Val = strings.TrimPrefix(a.Val, siteLink)
						n.Attr = dropAttr(n.Attr, "rel")
						break
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	var buf bytes.Buffer
	for _, n := range nodes {
		walk(n)
		if err := xhtml.Render(&buf, n); err != nil {
			return "", nil, err
		}
	}
	return template.HTML(buf.String()), toc, nil
}

func dropAttr(attrs []xhtml.Attribute, key string) []xhtml.Attribute {
	out := attrs[:0]
	for _, a := range attrs {
		if a.Key != key {
			out = append(out, a)
		}
	}
	return out
}

func textOf(n *xhtml.Node) string {
	var sb strings.Builder
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(sb.String()), " ")
}

// reservedIDs are ids the page layout and article template use; an article
// heading never takes one.
var reservedIDs = map[string]bool{"main": true, "site-search": true, "site-q": true, "toc": true, "sources": true, "content": true}

// anchor makes a unique id of lowercase letters, digits and hyphens.
func anchor(text string, used map[string]int) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			sb.WriteRune(r)
		case sb.Len() > 0 && !strings.HasSuffix(sb.String(), "-"):
			sb.WriteByte('-')
		}
	}
	id := strings.Trim(sb.String(), "-")
	if id == "" || reservedIDs[id] {
		id = strings.Trim("section-"+id, "-")
	}
	used[id]++
	if used[id] > 1 {
		id += "-" + string(rune('0'+min(used[id], 9)))
	}
	return id
}
