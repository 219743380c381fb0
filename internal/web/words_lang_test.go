package web

import (
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"masahe/data"
	"masahe/internal/errs"
	"masahe/internal/locale"
	"masahe/internal/media"
	"masahe/internal/media/mediatest"
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

// TestUploadRefusalsInFilipino: each refusal of an upload is written from
// its reason, kind and numbers: in English exactly media's own message, in
// Filipino another text with the same numbers. Every media.refused message
// but the header mismatch (which the decoders never let through) is made.
func TestUploadRefusalsInFilipino(t *testing.T) {
	t.Parallel()
	b, err := locale.NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	en, fil := b.Printer(locale.English), b.Printer(locale.Filipino)
	photo := mediatest.JPEG(mediatest.Photo(80, 60, 1))
	uploads := map[string][]byte{
		"empty":          nil,
		"over the limit": make([]byte, media.MaxBytes+1),
		"text":           []byte("not a picture at all"),
		"gif":            []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
		"heic":           []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"),
		"bomb":           mediatest.PNGHeader(30_000, 30_000),
		"cut jpeg":       photo[:len(photo)/2],
		"png header":     mediatest.PNGHeader(100, 100),
	}
	made := map[string]bool{"media.refused.corrupt.header": true}
	for name, data := range uploads {
		_, refusal := media.Intake(data)
		var re *media.RefusedError
		if !errors.As(refusal, &re) {
			t.Fatalf("%s: got %v, want a refusal", name, refusal)
		}
		_, enErr := intake(en, data)
		_, filErr := intake(fil, data)
		enMsg, filMsg := errs.As(enErr), errs.As(filErr)
		if enMsg.Code != errs.Invalid || enMsg.Field != media.Field || enMsg.Message != errs.As(refusal).Message {
			t.Errorf("%s: English %q (%s %s), want media's %q", name, enMsg.Message, enMsg.Code, enMsg.Field, errs.As(refusal).Message)
		}
		if filMsg.Code != errs.Invalid || filMsg.Message == enMsg.Message || strings.Contains(filMsg.Message, "%!") || strings.HasPrefix(filMsg.Message, "media.") {
			t.Errorf("%s: Filipino %q", name, filMsg.Message)
		}
		for _, a := range re.Args {
			if !strings.Contains(filMsg.Message, a) {
				t.Errorf("%s: Filipino %q lacks %q", name, filMsg.Message, a)
			}
		}
		id := "media.refused." + string(re.Reason)
		if re.Kind != "" {
			id += "." + re.Kind
		}
		made[id] = true
	}
	for id := range readCatalogFile(t, "en", "media") {
		if !made[id] {
			t.Errorf("no upload is refused with %s", id)
		}
	}
}
