// Package content turns the Markdown that users and editors write (owner
// reviews, articles) into sanitized HTML and plain-text excerpts.
//
// The pipeline has two independent layers so that a mistake in one does not
// become a hole:
//
//  1. goldmark parses a small Markdown subset. Raw HTML is never parsed: the
//     HTML block and inline raw-HTML parsers are removed, so "<b>x</b>" is
//     ordinary text and comes out escaped. An AST pass demotes headings (a
//     user's "#" becomes <h3>), turns images into their alt text, unwraps
//     links whose URL is not http, https or mailto, and marks every link
//     rel="nofollow ugc noopener noreferrer".
//  2. bluemonday, with a policy built element by element, sanitizes the
//     rendered HTML: only the subset's elements survive, links keep only
//     href (http/https/mailto) and that exact rel, and nothing else.
package content

import (
	"bytes"
	"html/template"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	xhtml "golang.org/x/net/html"

	"masahe/internal/errs"
)

// MaxBytes is the largest Markdown source Render accepts.
const MaxBytes = 20000

// LinkRel is the rel attribute every rendered link carries: user links earn
// no ranking credit, are marked as user content, and leak no opener or
// referrer.
const LinkRel = "nofollow ugc noopener noreferrer"

// TopHeading is the highest heading level user Markdown can produce: "#"
// renders as <h3>, "##" as <h4>, and so on down to <h6>.
const TopHeading = 3

// AllowedElements lists every element Render can emit.
var AllowedElements = []string{
	"p", "br", "hr",
	"em", "strong", "del", "code", "pre",
	"ul", "ol", "li", "blockquote",
	"h3", "h4", "h5", "h6",
	"a",
}

// pipeline is built once and is safe for concurrent use (goldmark and
// bluemonday both document this); it holds no mutable state.
var pipeline = sync.OnceValue(newRenderer)

type renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

func newRenderer() *renderer {
	// goldmark's default parsers minus the two that read raw HTML (the
	// HTML block parser, priority 900, and the raw inline HTML parser,
	// priority 400), listed explicitly so the subset is visible here.
	blocks := []util.PrioritizedValue{
		util.Prioritized(parser.NewSetextHeadingParser(), 100),
		util.Prioritized(parser.NewThematicBreakParser(), 200),
		util.Prioritized(parser.NewListParser(), 300),
		util.Prioritized(parser.NewListItemParser(), 400),
		util.Prioritized(parser.NewCodeBlockParser(), 500),
		util.Prioritized(parser.NewATXHeadingParser(), 600),
		util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
		util.Prioritized(parser.NewBlockquoteParser(), 800),
		util.Prioritized(parser.NewParagraphParser(), 1000),
	}
	inlines := []util.PrioritizedValue{
		util.Prioritized(parser.NewCodeSpanParser(), 100),
		util.Prioritized(parser.NewLinkParser(), 200),
		util.Prioritized(parser.NewAutoLinkParser(), 300),
		util.Prioritized(parser.NewEmphasisParser(), 500),
	}
	p := parser.NewParser(
		parser.WithBlockParsers(blocks...),
		parser.WithInlineParsers(inlines...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		parser.WithASTTransformers(util.Prioritized(subsetTransformer{}, 1000)),
	)
	md := goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithExtensions(extension.Strikethrough, extension.Linkify),
		goldmark.WithRendererOptions(
			html.WithHardWraps(), // a newline in a review is a line break
		),
	)
	return &renderer{md: md, policy: newPolicy()}
}

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(AllowedElements...)
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	p.AllowURLSchemeWithCustomPolicy("http", safeURL)
	p.AllowURLSchemeWithCustomPolicy("https", safeURL)
	p.AllowURLSchemeWithCustomPolicy("mailto", safeURL)
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + LinkRel + `$`)).OnElements("a")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	return p
}

// safeURL reports whether u is a link Masahe lets users post: an absolute
// http or https URL with a host, or a mailto URL with an address.
func safeURL(u *url.URL) bool {
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != "" && u.Opaque == ""
	case "mailto":
		return u.Opaque != "" && u.Host == ""
	}
	return false
}

// safeHref reports whether the href goldmark would render for raw is safe,
// judged the way the sanitizer will judge it.
func safeHref(raw []byte) bool {
	s := strings.TrimSpace(string(raw))
	if s == "" || strings.ContainsAny(s, " \t\n\r") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && safeURL(u)
}

// subsetTransformer shapes the parsed document into the allowed subset.
type subsetTransformer struct{}

func (subsetTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var unwrap []ast.Node
	var autolinks []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+TopHeading-1, 6)
		case *ast.Image:
			unwrap = append(unwrap, n)
		case *ast.Link:
			if safeHref(util.URLEscape(n.Destination, true)) {
				n.Title = nil
				n.SetAttributeString("rel", []byte(LinkRel))
			} else {
				unwrap = append(unwrap, n)
			}
		case *ast.AutoLink:
			u := n.URL(source)
			if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(u), []byte("mailto:")) {
				u = append([]byte("mailto:"), u...)
			}
			if safeHref(util.URLEscape(u, false)) {
				n.SetAttributeString("rel", []byte(LinkRel))
			} else {
				autolinks = append(autolinks, n)
			}
		}
		return ast.WalkContinue, nil
	})
	// Replace, innermost first, so a parent's children are final when it
	// is unwrapped.
	for i := len(unwrap) - 1; i >= 0; i-- {
		n := unwrap[i]
		parent := n.Parent()
		if parent == nil {
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	for _, n := range autolinks {
		if parent := n.Parent(); parent != nil {
			parent.ReplaceChild(parent, n, ast.NewString(n.Label(source)))
		}
	}
}

// Render turns user Markdown into sanitized HTML safe to place in a page.
// It fails with an invalid error on "text" when src exceeds MaxBytes.
func Render(src string) (template.HTML, error) {
	if len(src) > MaxBytes {
		return "", errs.Invalidf("text", "is too long: at most %d bytes, got %d", MaxBytes, len(src))
	}
	return render(src)
}

func render(src string) (template.HTML, error) {
	src = strings.ToValidUTF8(src, "\uFFFD")
	r := pipeline()
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	return template.HTML(r.policy.SanitizeBytes(buf.Bytes())), nil
}

// blockElements get a space around their text in an excerpt so that words
// from adjacent paragraphs or list items do not run together.
var blockElements = map[string]bool{
	"p": true, "br": true, "hr": true, "li": true, "ul": true, "ol": true,
	"blockquote": true, "pre": true, "h3": true, "h4": true, "h5": true, "h6": true,
}

// Excerpt returns the plain text of the Markdown src, whitespace collapsed,
// cut to at most n runes (counting the trailing "…" when it cuts) at a word
// boundary. Source longer than MaxBytes is cut to MaxBytes first.
func Excerpt(src string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(src) > MaxBytes {
		cut := MaxBytes
		for cut > 0 && !utf8.RuneStart(src[cut]) {
			cut--
		}
		src = src[:cut]
	}
	h, err := render(src)
	if err != nil {
		return ""
	}
	return truncate(PlainText(string(h)), n)
}

// PlainText returns the text content of sanitized HTML, whitespace collapsed.
func PlainText(h string) string {
	var sb strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(h))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return strings.Join(strings.Fields(sb.String()), " ")
		case xhtml.TextToken:
			sb.Write(z.Text())
		case xhtml.StartTagToken, xhtml.EndTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			if blockElements[string(name)] {
				sb.WriteByte(' ')
			}
		}
	}
}

// truncate cuts s to at most n runes including a trailing "…", preferring
// to cut between words.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n == 1 {
		return "…"
	}
	runes := []rune(s)
	cut := runes[:n-1] // leave room for the ellipsis
	if !unicode.IsSpace(runes[n-1]) {
		// The cut falls inside a word: back up to the last space, unless
		// the whole excerpt is one word.
		for i := len(cut) - 1; i > 0; i-- {
			if unicode.IsSpace(cut[i]) {
				cut = cut[:i]
				break
			}
		}
	}
	return strings.TrimRightFunc(string(cut), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:.-–—", r)
	}) + "…"
}
