package chart

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"masahe/internal/phtime"
	"masahe/internal/prices"
)

var now = time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)

func at(daysAgo int) time.Time { return now.AddDate(0, 0, -daysAgo) }

func ob(shop string, daysAgo int, pesos int64) prices.Observation {
	return prices.Observation{ChairSlug: "c", RetailerSlug: shop, Price: prices.Pesos(pesos), ObservedAt: at(daysAgo), Method: prices.ByFeed}
}

// daily makes days of daily observations from shops retailers, each
// changing its price about every two weeks.
func daily(shops, days int) []prices.Observation {
	rng := rand.New(rand.NewPCG(3, 4))
	var list []prices.Observation
	for s := range shops {
		p := int64(100000 + 5000*s)
		for d := range days {
			if rng.IntN(14) == 0 {
				p = 90000 + int64(rng.IntN(40))*1000
			}
			list = append(list, ob(fmt.Sprintf("shop-%02d", s), d, p))
		}
	}
	return list
}

// wellFormed checks that svg is one well-formed XML element and returns
// the text of its <text> elements.
func wellFormed(t *testing.T, svg string) []string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var texts []string
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return texts
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed: %v\n%s", err, svg)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			inText = tk.Name.Local == "text"
		case xml.CharData:
			if inText {
				texts = append(texts, string(tk))
			}
		case xml.EndElement:
			inText = false
		}
	}
}

func TestRenderEscapesAndLabels(t *testing.T) {
	t.Parallel()
	list := []prices.Observation{ob("evil", 40, 120000), ob("evil", 10, 99000), ob("plain", 20, 110000)}
	h := prices.Policy{}.History(list, now)
	names := map[string]string{"evil": `<script>alert("x")</script> & Sons`}
	c := Render(h, Options{Names: names, Title: `Price history of "Chair" <b>`})
	svg := string(c.SVG)
	if strings.Contains(svg, "<script") || strings.Contains(svg, "<b>") {
		t.Fatalf("unescaped text in SVG:\n%s", svg)
	}
	texts := wellFormed(t, svg)
	joined := strings.Join(texts, "|")
	for _, want := range []string{`<script>alert("x")</script> & Sons`, "plain", "Lowest ₱99,000", "₱100,000", "₱120,000"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no text %q in %q", want, joined)
		}
	}
	if dates := regexp.MustCompile(`\|(\d{1,2} [A-Z][a-z]{2} 2026)\|(\d{1,2} [A-Z][a-z]{2})\|`).FindStringSubmatch(joined); dates == nil {
		t.Errorf("no date ticks (the first with its year) in %q", joined)
	}
	if !strings.Contains(svg, `aria-label="Price history of &#34;Chair&#34; &lt;b&gt;"`) {
		t.Errorf("accessible name missing or unescaped:\n%s", svg)
	}
	if got := strings.Count(svg, "stroke-dasharray"); got != 2 {
		t.Errorf("%d dashed paths, want 2 (the second line and its legend sample)", got)
	}
	if c.Table.Retailers[0] != names["evil"] || c.Table.Retailers[1] != "plain" {
		t.Errorf("table columns = %q", c.Table.Retailers)
	}
}

func TestRenderGapsStayGaps(t *testing.T) {
	t.Parallel()
	// Observed 100 and 20 days ago: two runs with 50 unobserved days between.
	h := prices.Policy{}.History([]prices.Observation{ob("a", 100, 50000), ob("a", 20, 45000)}, now)
	c := Render(h, Options{})
	paths := regexp.MustCompile(`<path stroke="#0072B2" d="([^"]+)"`).FindStringSubmatch(string(c.SVG))
	if paths == nil || strings.Count(paths[1], "M") != 2 {
		t.Fatalf("want one path with two moves, got %v\n%s", paths, c.SVG)
	}
	var got []string
	for _, r := range c.Table.Rows {
		got = append(got, r.Date+"="+r.Cells[0])
	}
	want := []string{
		prices.FormatDate(at(100)) + "=₱50,000",
		prices.FormatDate(at(70)) + "=",
		prices.FormatDate(at(20)) + "=₱45,000",
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("table rows %v, want %v", got, want)
	}
}

func TestRenderFromClips(t *testing.T) {
	t.Parallel()
	h := prices.Policy{}.History(daily(2, 400), now)
	c := Render(h, Options{From: at(90)})
	for _, r := range c.Table.Rows {
		if r.At.Before(prices.Day(at(90))) {
			t.Fatalf("row %s is before From", r.Date)
		}
	}
	if len(c.Table.Rows) == 0 || c.Table.Rows[0].Cells[0] == "" || c.Table.Rows[0].Cells[1] == "" {
		t.Errorf("first row should carry the prices holding at From: %+v", c.Table.Rows[:1])
	}
}

func TestRenderEmpty(t *testing.T) {
	t.Parallel()
	c := Render(prices.Policy{}.History(nil, now), Options{})
	if c.SVG != "" || len(c.Table.Rows) != 0 {
		t.Errorf("empty history drew %q / %d rows", c.SVG, len(c.Table.Rows))
	}
}

func TestDateTicks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		days int
		want []string
	}{
		{6, []string{"26 Nov 2026", "27 Nov", "28 Nov", "29 Nov", "30 Nov", "1 Dec"}},
		{60, []string{"3 Oct 2026", "17 Oct", "31 Oct", "14 Nov", "28 Nov"}},
		{730, []string{"1 Jan 2025", "1 Jul", "1 Jan 2026", "1 Jul"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range dateTicks(at(tt.days), now, 7, Options{Day: prices.FormatDay}) {
			got = append(got, tk.label)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%d days: ticks %v, want %v", tt.days, got, tt.want)
		}
	}
}

// TestDayOption: the caller's Day writes every date on the axis and in the
// marks, the year added to it, and no English month is left.
func TestDayOption(t *testing.T) {
	t.Parallel()
	day := func(t time.Time) string {
		return "día " + strconv.Itoa(t.In(phtime.Manila).Day()) + "/" + strconv.Itoa(int(t.In(phtime.Manila).Month()))
	}
	c := Render(prices.Policy{}.History(daily(2, 60), now), Options{Day: day})
	svg := string(c.SVG)
	texts := strings.Join(wellFormed(t, svg), "|")
	for _, want := range []string{"día 4/10 2026", "día 18/10", "día 15/11"} {
		if !strings.Contains(texts, want) {
			t.Errorf("axis %q lacks %q", texts, want)
		}
	}
	if !regexp.MustCompile(`<title>[^<]*, día \d+/\d+ 2026</title>`).MatchString(svg) {
		t.Errorf("no mark is dated by Day: %s", svg)
	}
	if m := regexp.MustCompile(`\b(Oct|Nov|Dec)\b`).FindString(svg); m != "" {
		t.Errorf("the chart still says %q", m)
	}
}

func TestLargeChartStaysSmall(t *testing.T) {
	t.Parallel()
	h := prices.Policy{}.History(daily(10, 730), now)
	c := Render(h, Options{})
	wellFormed(t, string(c.SVG))
	if n := len(c.SVG); n > 30_000 {
		t.Errorf("2 years × 10 retailers drew %d bytes, want under 30,000", n)
	}
	want := 1 + 10 + 10 // frame, lines, legend samples
	if h.Low90.Price != h.LowestEver.Price {
		want++ // the 90-day low's diamond
	}
	if got := strings.Count(string(c.SVG), "<path"); got != want {
		t.Errorf("%d paths, want %d", got, want)
	}
}

func BenchmarkRender2Years10Retailers(b *testing.B) {
	h := prices.Policy{}.History(daily(10, 730), now)
	var c Chart
	b.ReportAllocs()
	for b.Loop() {
		c = Render(h, Options{})
	}
	b.ReportMetric(float64(len(c.SVG)), "svg-bytes")
}
