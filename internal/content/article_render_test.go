package content

import (
	"strings"
	"testing"
)

func TestRenderArticle(t *testing.T) {
	t.Parallel()
	src := "## Why it matters\nSee [the finder](/finder) or [a study](https://example.org/study).\n\n### How long?\nText.\n\n## Why it matters\nAgain. [bad](javascript:alert(1)) [evil](//evil.example/x) <script>x</script>"
	html, toc, err := RenderArticle(src)
	if err != nil {
		t.Fatal(err)
	}
	h := string(html)
	for _, want := range []string{
		`<h2 id="why-it-matters">Why it matters</h2>`,
		`<h3 id="how-long">How long?</h3>`,
		`<h2 id="why-it-matters-2">`,
		`<a href="/finder">the finder</a>`,
		`<a href="https://example.org/study" rel="nofollow ugc noopener noreferrer">a study</a>`,
		`&lt;script&gt;`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("output lacks %s:\n%s", want, h)
		}
	}
	if _, toc, _ := RenderArticle("## Main\nText."); len(toc) != 1 || toc[0].ID != "section-main" {
		t.Errorf("a heading named Main must not take the layout's id: %+v", toc)
	}
	for _, bad := range []string{"javascript:", "<script", "masahe.invalid", "evil.example"} {
		if strings.Contains(strings.ToLower(h), bad) {
			t.Errorf("output contains %s:\n%s", bad, h)
		}
	}
	if len(toc) != 3 || toc[0].ID != "why-it-matters" || toc[1].Level != 3 || toc[2].ID != "why-it-matters-2" {
		t.Errorf("toc = %+v", toc)
	}
}
