package content

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"masahe/internal/errs"
)

// allowedAttrs is every attribute Render may emit, per element.
var allowedAttrs = map[string]map[string]bool{
	"a":  {"href": true, "rel": true},
	"ol": {"start": true},
}

// checkSafe parses out as an HTML fragment, the way a browser would inside
// <body>, and walks every element and attribute: only the subset's elements,
// only the allowed attributes, every link with a safe href and exactly the
// user-content rel. It also scans the raw markup of every tag for script
// schemes and event handlers. Text is not scanned: escaped text such as
// "&lt;a onclick=…&gt;" is inert and legitimately contains those words.
func checkSafe(out string) error {
	for _, bad := range []string{"<script", "<iframe", "<img", "<svg", "<style", "<object", "<embed", "<form", "<input", "<math"} {
		if strings.Contains(strings.ToLower(out), bad) {
			return fmt.Errorf("output contains %q", bad)
		}
	}
	if err := checkTags(out); err != nil {
		return err
	}

	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(out), body)
	if err != nil {
		return fmt.Errorf("parse output: %v", err)
	}
	allowed := map[string]bool{}
	for _, e := range AllowedElements {
		allowed[e] = true
	}
	var walk func(n *html.Node) error
	walk = func(n *html.Node) error {
		switch n.Type {
		case html.ElementNode:
			if !allowed[n.Data] {
				return fmt.Errorf("element <%s> not allowed", n.Data)
			}
			attrs := map[string]string{}
			for _, a := range n.Attr {
				if a.Namespace != "" || !allowedAttrs[n.Data][a.Key] {
					return fmt.Errorf("attribute %s on <%s> not allowed", a.Key, n.Data)
				}
				attrs[a.Key] = a.Val
			}
			if n.Data == "a" {
				href, ok := attrs["href"]
				if !ok {
					return fmt.Errorf("<a> without href")
				}
				if !hasSafeScheme(href) {
					return fmt.Errorf("href %q is not http(s) or mailto", href)
				}
				if attrs["rel"] != LinkRel {
					return fmt.Errorf("link %q has rel %q, want %q", href, attrs["rel"], LinkRel)
				}
			}
		case html.CommentNode:
			return fmt.Errorf("comment in output: %q", n.Data)
		case html.DoctypeNode:
			return fmt.Errorf("doctype in output")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	for _, n := range nodes {
		if err := walk(n); err != nil {
			return err
		}
	}
	return nil
}

func hasSafeScheme(href string) bool {
	for _, p := range []string{"http://", "https://", "mailto:"} {
		if strings.HasPrefix(href, p) {
			return true
		}
	}
	return false
}

var (
	eventHandler = regexp.MustCompile(`(?i)\bon[a-z]+\s*=`)
	scriptScheme = regexp.MustCompile(`(?i)(java|vb)script\s*:|data\s*:`)
)

// checkTags scans the raw markup of every tag (not the text between tags).
func checkTags(out string) error {
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			raw := string(z.Raw())
			if eventHandler.MatchString(raw) {
				return fmt.Errorf("event handler in tag %q", raw)
			}
			if scriptScheme.MatchString(html.UnescapeString(raw)) {
				return fmt.Errorf("script or data scheme in tag %q", raw)
			}
		case html.CommentToken:
			return fmt.Errorf("comment in output: %q", z.Raw())
		}
	}
}

func TestRenderHostileInputIsInert(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []string // substrings the output must contain
	}{
		{"script tag", `<script>alert(1)</script>`, []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}},
		{"script block", "<script>\nalert(1)\n</script>\n", []string{"&lt;script&gt;"}},
		{"javascript link", `[x](javascript:alert(1))`, []string{"<p>x</p>"}},
		{"mixed case javascript link", `[x](JaVaScRiPt:alert(1))`, []string{"<p>x</p>"}},
		{"javascript link with spaces", `[x]( javascript:alert(1) )`, []string{"<p>x</p>"}},
		{"vbscript link", `[x](vbscript:msgbox(1))`, []string{"<p>x</p>"}},
		{"data link", `[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`, []string{"<p>x</p>"}},
		{"decimal entity scheme", `[x](&#106;avascript:alert(1))`, []string{"<p>x</p>"}},
		{"hex entity scheme", `[x](&#x6A;&#x61;vascript:alert(1))`, []string{"<p>x</p>"}},
		{"tab entity inside scheme", `[x](java&#x09;script:alert(1))`, []string{"<p>x</p>"}},
		{"named entity colon", `[x](javascript&colon;alert(1))`, []string{"<p>x</p>"}},
		{"backslash escaped scheme", `[x](javascript\:alert(1))`, []string{"<p>x</p>"}},
		{"reference link", "[x][r]\n\n[r]: javascript:alert(1)\n", []string{"<p>x</p>"}},
		{"angle autolink javascript", `<javascript:alert(1)>`, []string{"<p>javascript:alert(1)</p>"}},
		{"relative link unwrapped", `[x](/admin)`, []string{"<p>x</p>"}},
		{"protocol-relative link unwrapped", `[x](//evil.example/)`, []string{"<p>x</p>"}},
		{"opaque https unwrapped", `[x](https:evil)`, []string{"<p>x</p>"}},
		{"quote breaking out of href", `[x](https://e.com/" onclick="alert(1))`, []string{`href="https://e.com/%22`}},
		{"title attribute dropped", `[x](https://e.com "a\" onmouseover=\"alert(1)")`, []string{`<a href="https://e.com" rel="` + LinkRel + `">x</a>`}},
		{"img onerror", `<img src=x onerror=alert(1)>`, []string{"&lt;img src=x onerror=alert(1)&gt;"}},
		{"markdown image", `![pic](javascript:alert(1))`, []string{"<p>pic</p>"}},
		{"markdown image https", `![a *b*](https://e.com/i.png)`, []string{"<p>a <em>b</em></p>"}},
		{"raw anchor with onclick", `<a href="https://e.com" onclick="x()">x</a>`, []string{"&lt;a href="}},
		{"iframe", `<iframe src="https://evil.example"></iframe>`, []string{"&lt;iframe"}},
		{"svg onload", `<svg onload=alert(1)><circle/></svg>`, []string{"&lt;svg onload=alert(1)&gt;"}},
		{"style", "<style>body{display:none}</style>", []string{"&lt;style&gt;"}},
		{"comment", "<!-- x --> y", []string{"&lt;!-- x --&gt; y"}},
		{"cdata", "<![CDATA[<script>]]>", []string{"&lt;![CDATA["}},
		{"autolink https", `<https://e.com/a>`, []string{`<a href="https://e.com/a" rel="` + LinkRel + `">https://e.com/a</a>`}},
		{"bare url linkified", `see https://e.com/x?a=1&b=2 now`, []string{`href="https://e.com/x?a=1&amp;b=2" rel="` + LinkRel + `"`}},
		{"bare www linkified", `see www.e.com now`, []string{`href="http://www.e.com" rel="` + LinkRel + `"`}},
		{"email autolink", `<me@e.com>`, []string{`href="mailto:me@e.com" rel="` + LinkRel + `"`}},
		{"nested links", `[a [b](https://b.com)](https://a.com)`, []string{`<a href="https://b.com" rel="` + LinkRel + `">b</a>`}},
		{"link inside link text", `[[x](javascript:alert(1))](https://a.com)`, nil},
		{"heading demoted", "# Big", []string{"<h3>Big</h3>"}},
		{"setext heading demoted", "Big\n===", []string{"<h3>Big</h3>"}},
		{"deep heading capped", "###### Small", []string{"<h6>Small</h6>"}},
		{"raw bold escaped", `<b>raw</b>`, []string{"&lt;b&gt;raw&lt;/b&gt;"}},
		{"html in code span", "`<script>`", []string{"<code>&lt;script&gt;</code>"}},
		{"html in code block", "```html\n<script>alert(1)</script>\n```", []string{"<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>"}},
		{"attribute syntax ignored", "# h {#id .cls onclick=x}", []string{"<h3>h {#id .cls onclick=x}</h3>"}},
		{"nul byte", "a\x00b", []string{"a\uFFFDb"}},
		{"invalid utf8", "a\xffb", []string{"a\uFFFDb"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Render(tt.src)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			out := string(got)
			if err := checkSafe(out); err != nil {
				t.Errorf("unsafe output: %v\n%s", err, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q\n%s", w, out)
				}
			}
		})
	}
}

func TestRenderLegitimateMarkdown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want string // the whole output, trimmed
	}{
		{"emphasis", "*soft* and **strong** and ~~gone~~", "<p><em>soft</em> and <strong>strong</strong> and <del>gone</del></p>"},
		{"bullet list", "- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"},
		{"ordered list start", "3. three\n4. four", "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>"},
		{"https link", "[Masahe](https://masahe.ph/chairs?x=1)", `<p><a href="https://masahe.ph/chairs?x=1" rel="nofollow ugc noopener noreferrer">Masahe</a></p>`},
		{"mailto link", "[mail](mailto:help@masahe.ph)", `<p><a href="mailto:help@masahe.ph" rel="nofollow ugc noopener noreferrer">mail</a></p>`},
		{"inline code", "use `mode=auto`", "<p>use <code>mode=auto</code></p>"},
		{"code block", "```\nline 1\nline 2\n```", "<pre><code>line 1\nline 2\n</code></pre>"},
		{"indented code", "    x := 1", "<pre><code>x := 1\n</code></pre>"},
		{"blockquote", "> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"},
		{"line break", "first\nsecond", "<p>first<br>\nsecond</p>"},
		{"headings", "# A\n## B\n### C", "<h3>A</h3>\n<h4>B</h4>\n<h5>C</h5>"},
		{"thematic break", "a\n\n***\n\nb", "<p>a</p>\n<hr>\n<p>b</p>"},
		{"ampersand", "R&D < 5 > 3", "<p>R&amp;D &lt; 5 &gt; 3</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Render(tt.src)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			out := strings.TrimSpace(string(got))
			if out != tt.want {
				t.Errorf("Render(%q)\n got %s\nwant %s", tt.src, out, tt.want)
			}
			if err := checkSafe(out); err != nil {
				t.Errorf("unsafe output: %v\n%s", err, out)
			}
		})
	}
}

func TestRenderLimit(t *testing.T) {
	t.Parallel()
	if _, err := Render(strings.Repeat("a", MaxBytes)); err != nil {
		t.Fatalf("Render at the limit: %v", err)
	}
	_, err := Render(strings.Repeat("a", MaxBytes+1))
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Fatalf("Render over the limit: err = %v, want *errs.Error", err)
	}
	if e.Code != errs.Invalid || e.Field != "text" || !strings.Contains(e.Message, "20000") {
		t.Errorf("err = %+v, want invalid on text naming 20000", e)
	}
}

func TestExcerpt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		n    int
		want string
	}{
		{"short text unchanged", "Hello *world*", 50, "Hello world"},
		{"markdown stripped", "# Title\n\nSome **bold** and [a link](https://e.com).\n\n- one\n- two", 100, "Title Some bold and a link. one two"},
		{"cut at word boundary", "The quick brown fox jumps", 12, "The quick…"},
		{"cut exactly before a space", "The quick brown fox", 10, "The quick…"},
		{"trailing punctuation dropped", "One, two, three", 6, "One…"},
		{"single long word", "Supercalifragilistic", 6, "Super…"},
		{"runes not bytes", "Masahe ñañañañaña sa Maynila", 18, "Masahe ñañañañaña…"},
		{"n of one", "abc def", 1, "…"},
		{"n zero", "abc", 0, ""},
		{"html escaped as text", "<b>hi</b> & bye", 50, "<b>hi</b> & bye"},
		{"code kept", "run `x < y`", 50, "run x < y"},
		{"script is text", "<script>alert(1)</script>", 50, "<script>alert(1)</script>"},
		{"over the limit still excerpted", strings.Repeat("word ", MaxBytes), 11, "word word…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Excerpt(tt.src, tt.n); got != tt.want {
				t.Errorf("Excerpt(%.40q, %d) = %q, want %q", tt.src, tt.n, got, tt.want)
			}
		})
	}
}

// TestCheckSafeRejects keeps the checker honest: each output here must fail.
func TestCheckSafeRejects(t *testing.T) {
	t.Parallel()
	for _, out := range []string{
		`<script>alert(1)</script>`,
		`<p onclick="x()">a</p>`,
		`<p class="x">a</p>`,
		`<span>a</span>`,
		`<img src="https://e.com/i.png">`,
		`<a href="javascript:alert(1)" rel="` + LinkRel + `">x</a>`,
		`<a href="/rel" rel="` + LinkRel + `">x</a>`,
		`<a href="https://e.com">x</a>`,
		`<a rel="` + LinkRel + `">x</a>`,
		`<a href="https://e.com" rel="nofollow">x</a>`,
		`<p>a<!-- c --></p>`,
		`<h1>big</h1>`,
		`<ol start="1" style="x"><li>a</li></ol>`,
	} {
		if err := checkSafe(out); err == nil {
			t.Errorf("checkSafe(%q) = nil, want an error", out)
		}
	}
	if err := checkSafe(`<p>&lt;a onclick=&#34;x()&#34;&gt; javascript:x</p>`); err != nil {
		t.Errorf("escaped text flagged: %v", err)
	}
}
