package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"masahe/data"
	"masahe/internal/prices"
)

// TestChartAndScoreWordsInFilipino: a Filipino chair page dates its price
// chart with Filipino months and says its score bars' "out of 10" in
// Filipino; the English page keeps the English.
func TestChartAndScoreWordsInFilipino(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	c := f.doc.Chairs[0]
	// 70 days of history put ticks in three months, at least one of them
	// one whose Filipino short name differs from the English (not Mar, May).
	old := prices.Observation{ChairSlug: c.Slug, RetailerSlug: testShopA, Price: prices.Pesos(70_000),
		URL: "https://shop-a.example.test/" + c.Slug, ObservedAt: time.Now().AddDate(0, 0, -70), Method: prices.ByFeed}
	if _, err := f.st.RecordObservations(t.Context(), []prices.Observation{old}, nil); err != nil {
		t.Fatal(err)
	}
	svgText := regexp.MustCompile(`(?s)<svg[^>]*aria-label="[^"]*"[^>]*>.*?</svg>`)
	month := func(names string) *regexp.Regexp { return regexp.MustCompile(`>\d{1,2} (` + names + `)( \d{4})?<`) }
	english, filipino := month("Jan|Feb|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec"), month("Ene|Peb|Abr|Hun|Hul|Ago|Set|Okt|Nob|Dis")
	charts := func(target string) string {
		w := f.do(t, http.MethodGet, target)
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s: status %d", target, w.Code)
		}
		return strings.Join(svgText.FindAllString(w.Body.String(), -1), "\n")
	}
	en, fil := charts("/chairs/"+c.Slug+"/prices"), charts("/fil/chairs/"+c.Slug+"/prices")
	if !english.MatchString(en) || filipino.MatchString(en) {
		t.Errorf("the English chart's dates are not English: %s", en)
	}
	if m := english.FindString(fil); m != "" || !filipino.MatchString(fil) {
		t.Errorf("the Filipino chart says %q, or no Filipino month: %s", m, fil)
	}

	reviewed, err := data.EditorialReviews()
	if err == nil && len(reviewed) > 0 {
		_, err = f.st.LoadStarterContent(t.Context(), nil, reviewed)
	}
	if err != nil || len(reviewed) == 0 {
		t.Fatalf("no editorial review to show (%v)", err)
	}
	en, fil = charts("/chairs/"+reviewed[0].Chair), charts("/fil/chairs/"+reviewed[0].Chair)
	score := regexp.MustCompile(`class="score-bar"[^>]*aria-label="[^"]*: \d+\.\d ([^"]*)"`)
	enBars, filBars := score.FindAllStringSubmatch(en, -1), score.FindAllStringSubmatch(fil, -1)
	if len(enBars) == 0 || len(enBars) != len(filBars) {
		t.Fatalf("%d score bars in English, %d in Filipino", len(enBars), len(filBars))
	}
	for i := range enBars {
		if enBars[i][1] != "out of 10" || filBars[i][1] != "sa 10" {
			t.Errorf("score bar %d says %q in English, %q in Filipino", i, enBars[i][1], filBars[i][1])
		}
	}
}
