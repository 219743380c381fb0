package content

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRender checks that Render never panics and that whatever it accepts
// comes out as only the allowed elements and attributes, with every href
// http://, https:// or mailto: (checkSafe walks the parsed output).
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"",
		"# Big\n\n*em* **strong** ~~del~~ `code`\n\n- a\n- b\n\n1. c\n\n> q\n\n```\nx\n```",
		"<script>alert(1)</script>",
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](&#106;avascript:alert(1))",
		"[x](data:text/html;base64,PHNjcmlwdD4=)",
		"<img src=x onerror=alert(1)>",
		`<a href="https://e.com" onclick="x()">x</a>`,
		"<iframe src=//e.com></iframe><svg onload=alert(1)><style>*{}</style>",
		"<https://e.com> www.e.com me@e.com https://e.com/?a=1&b=2",
		"[a [b](https://b.com)](https://a.com)",
		"![i](https://e.com/i.png)",
		"[r]\n\n[r]: https://e.com \"t\"",
		"[x](https:e) [y](//e.com) [z](mailto:) [w](HTTPS://E.COM)",
		"<b>raw</b> &lt;b&gt; &#x3C;script&#x3E;",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, err := Render(src)
		if err != nil {
			if len(src) <= MaxBytes {
				t.Fatalf("Render rejected %d bytes: %v", len(src), err)
			}
			return
		}
		if err := checkSafe(string(got)); err != nil {
			t.Fatalf("Render(%q): %v\n%s", src, err, got)
		}
		ex := Excerpt(src, 40)
		if !utf8.ValidString(ex) || utf8.RuneCountInString(ex) > 40 || strings.ContainsAny(ex, "\n\t") {
			t.Fatalf("Excerpt(%q, 40) = %q", src, ex)
		}
	})
}
