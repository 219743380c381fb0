package content

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"masahe/internal/locale"
	"masahe/internal/phtime"
)

// Categories of advice articles.
var Categories = []Option{
	{"buying", "Buying a chair"},
	{"using", "Using your chair"},
	{"safety", "Safe use"},
	{"care", "Care and repair"},
}

// Option is a code with its label.
type Option struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// Ref is a source an editorial text cites.
type Ref struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Article is an advice article.
type Article struct {
	Slug      string    `json:"slug"`
	Title     string    `json:"title"`
	Summary   string    `json:"summary"`
	Category  string    `json:"category"`
	Tags      []string  `json:"tags"`
	Published time.Time `json:"published"`
	Author    string    `json:"author"`
	Sources   []Ref     `json:"sources"`
	Chairs    []string  `json:"chairs"`
	Body      string    `json:"body"`
	// Lang is the article's language: "en" (the default) or "fil".
	Lang string `json:"lang"`
	// TranslationOf is, for a translation, the slug of the English
	// original, which the translation shares (docs/CONTENT.md).
	TranslationOf string `json:"translation_of,omitempty"`
}

// ParseArticle reads an article file (docs/CONTENT.md): front matter, then
// Markdown. Every problem names the file and the field.
func ParseArticle(name, src string) (Article, error) {
	fm, body, err := splitFrontMatter(name, src)
	if err != nil {
		return Article{}, err
	}
	a := Article{Slug: fm.one("slug"), Title: fm.one("title"), Summary: fm.one("summary"), Category: fm.one("category"),
		Author: fm.one("author"), Chairs: fm["chair"], Body: body, Lang: fm.one("lang"), TranslationOf: fm.one("translation_of")}
	fail := func(field, format string, args ...any) (Article, error) {
		return Article{}, fmt.Errorf("%s: %s: %s", name, field, fmt.Sprintf(format, args...))
	}
	if !validSlug(a.Slug) {
		return fail("slug", "must be lowercase words joined by hyphens")
	}
	if a.Lang == "" {
		a.Lang = string(locale.English)
	}
	if _, ok := locale.Parse(a.Lang); !ok {
		return fail("lang", "must be en or fil, not %q", a.Lang)
	}
	switch {
	case a.TranslationOf != "" && a.Lang == string(locale.English):
		return fail("translation_of", "an English article is an original; a translation says its lang")
	case a.TranslationOf != "" && a.TranslationOf != a.Slug:
		return fail("translation_of", "a translation keeps the slug of its original: %q, not %q", a.TranslationOf, a.Slug)
	case a.Lang != string(locale.English) && a.TranslationOf == "":
		return fail("translation_of", "a %s article is a translation: name its English original", a.Lang)
	}
	for field, v := range map[string]string{"title": a.Title, "summary": a.Summary, "author": a.Author} {
		if v == "" || len(v) > 300 {
			return fail(field, "is required, at most 300 characters")
		}
	}
	if !slices.ContainsFunc(Categories, func(o Option) bool { return o.Code == a.Category }) {
		return fail("category", "must be buying, using, safety or care")
	}
	for _, t := range strings.Split(fm.one("tags"), ",") {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			a.Tags = append(a.Tags, t)
		}
	}
	if a.Published, err = parsePublished(fm.one("published")); err != nil {
		return fail("published", "%v", err)
	}
	if a.Sources, err = parseRefs(fm["source"]); err != nil {
		return fail("source", "%v", err)
	}
	if len(a.Sources) == 0 {
		return fail("source", "every article cites at least one source")
	}
	if _, err := Render(a.Body); err != nil || len(a.Body) < 200 {
		return fail("body", "must be 200 to %d bytes of Markdown", MaxBytes)
	}
	return a, nil
}

// CheckTranslation checks a translation against its original: the same
// slug, category, sources (in the same order) and chairs, so that the two
// pages say the same thing on the same evidence. Tags stay the original's
// (they are the tag pages' addresses).
func CheckTranslation(original, tr Article) error {
	fail := func(field, format string, args ...any) error {
		return fmt.Errorf("%s (%s): %s: %s", tr.Slug, tr.Lang, field, fmt.Sprintf(format, args...))
	}
	switch {
	case tr.TranslationOf == "" || tr.TranslationOf != original.Slug:
		return fail("translation_of", "is %q, not the original's slug %q", tr.TranslationOf, original.Slug)
	case original.Lang != string(locale.English) || original.TranslationOf != "":
		return fail("translation_of", "%q is not an English original", original.Slug)
	case tr.Category != original.Category:
		return fail("category", "%q; the original's is %q", tr.Category, original.Category)
	case !slices.Equal(tr.Tags, original.Tags):
		return fail("tags", "%v; the original's are %v", tr.Tags, original.Tags)
	case !slices.Equal(tr.Sources, original.Sources):
		return fail("source", "must be the original's sources, in its order")
	case !slices.Equal(tr.Chairs, original.Chairs):
		return fail("chair", "%v; the original's are %v", tr.Chairs, original.Chairs)
	}
	return nil
}

// parsePublished reads a date or a Philippine date and time.
func parsePublished(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, phtime.Manila); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("write YYYY-MM-DD or YYYY-MM-DDTHH:MM, not %q", s)
}

func parseRefs(lines []string) ([]Ref, error) {
	var out []Ref
	for _, l := range lines {
		title, link, ok := strings.Cut(l, "|")
		title, link = strings.TrimSpace(title), strings.TrimSpace(link)
		u, err := url.Parse(link)
		if !ok || title == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("write Title | https://address, not %q", l)
		}
		out = append(out, Ref{Title: title, URL: link})
	}
	return out, nil
}

func validSlug(s string) bool {
	if s == "" || len(s) > 100 || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") || strings.Contains(s, "--") {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') }) < 0
}

// Criterion is one thing the rubric scores from 0 to 10: its Name (a
// word or two, for the weights' formula) and Label (what it measures).
// Both are the English; the site writes them in every language from the
// catalogs' rubric.criterion.<key>.name and .label (internal/web checks
// that every language has them and that the English is this text).
type Criterion struct {
	Key, Name, Label string
}

// Use is a per-use score: a weighted average of criteria. Label is the
// English name of the use (catalog ID rubric.use.<key>).
type Use struct {
	Key, Label string
	Weights    map[string]float64
}

// Rubric is a published, versioned way of scoring chairs. A new version
// never changes the scores of reviews made under an old one.
type Rubric struct {
	Version   int
	Published string
	Criteria  []Criterion
	Uses      []Use
}

// Rubrics are versions of the rubric, oldest first.
type Rubrics []Rubric

// PublishedRubrics returns every version Masahe has published, oldest
// first. Each call builds the list anew, so what one caller does with it
// changes nothing for another.
func PublishedRubrics() Rubrics {
	return Rubrics{{
		Version:   1,
		Published: "2026-11-24",
		Criteria: []Criterion{
			{"reach", "Reach", "Reach: how much of the body the rollers cover"},
			{"depth", "Depth", "Depth: how deep and adjustable the roller massage is"},
			{"stretch", "Stretch", "Stretch programs and zero gravity"},
			{"body_range", "Body range", "Range of heights and weights supported"},
			{"footprint", "Footprint", "Space needed (more points for less)"},
			{"gentle", "Gentle", "Gentle options: air cells, low intensity steps"},
			{"heat", "Heat", "Heating"},
			{"value", "Value", "Features for the price in pesos"},
			{"service", "Service", "Warranty and service in the Philippines"},
		},
		Uses: []Use{
			{"lower_back", "Lower-back relief", map[string]float64{"reach": 0.3, "depth": 0.3, "heat": 0.2, "stretch": 0.2}},
			{"neck_shoulders", "Neck and shoulders", map[string]float64{"depth": 0.4, "reach": 0.3, "gentle": 0.3}},
			{"tall_users", "Tall users", map[string]float64{"body_range": 0.7, "reach": 0.3}},
			{"small_spaces", "Small spaces", map[string]float64{"footprint": 0.8, "value": 0.2}},
			{"seniors_gentle", "Seniors and gentle use", map[string]float64{"gentle": 0.5, "stretch": 0.2, "service": 0.3}},
			{"value", "Value", map[string]float64{"value": 0.7, "service": 0.3}},
		},
	}}
}

// Version returns a rubric by version.
func (rs Rubrics) Version(v int) (Rubric, bool) {
	for _, r := range rs {
		if r.Version == v {
			return r, true
		}
	}
	return Rubric{}, false
}

// Latest is the version new reviews are scored under.
func (rs Rubrics) Latest() Rubric { return rs[len(rs)-1] }

// UseScores are the per-use scores of a review's criterion scores under
// the rubric.
func (r Rubric) UseScores(scores map[string]float64) map[string]float64 {
	out := map[string]float64{}
	for _, u := range r.Uses {
		out[u.Key] = r.Score(u, scores)
	}
	return out
}

// Score is the weighted average of the criteria for one use, to one
// decimal, a half rounding up. It is worked in whole hundredths, so exactly
// 8.05 is 8.1 every time whatever order the weights come in: weights and
// scores are read to the nearest hundredth (rubric weights are tenths and
// reviews score in halves).
func (r Rubric) Score(u Use, scores map[string]float64) float64 {
	hundredths := func(x float64) int64 { return int64(math.Round(x * 100)) }
	var total, weights int64 // total: weight × score, in ten-thousandths
	for key, w := range u.Weights {
		total += hundredths(w) * hundredths(scores[key])
		weights += hundredths(w)
	}
	if weights == 0 {
		return 0
	}
	// The average is total/weights hundredths, or total/(10×weights) tenths;
	// adding half the divisor before dividing rounds half up.
	tenths := (total + 5*weights) / (10 * weights)
	return float64(tenths) / 10
}

// EditorialReview is the editors' review of one chair under a rubric.
type EditorialReview struct {
	Chair     string             `json:"chair"`
	Title     string             `json:"title"`
	Published time.Time          `json:"published"`
	Tested    bool               `json:"tested"`
	Rubric    int                `json:"rubric"`
	Verdict   string             `json:"verdict"`
	Pros      []string           `json:"pros"`
	Cons      []string           `json:"cons"`
	For       string             `json:"for"`
	Skip      string             `json:"skip"`
	Scores    map[string]float64 `json:"scores"`
	Sources   []Ref              `json:"sources"`
	Body      string             `json:"body"`
}

// ParseEditorialReview reads an editorial review file (docs/CONTENT.md):
// its rubric must be a published version, and every criterion of it must
// be scored 0 to 10.
func ParseEditorialReview(name, src string) (EditorialReview, error) {
	fm, body, err := splitFrontMatter(name, src)
	if err != nil {
		return EditorialReview{}, err
	}
	e := EditorialReview{Chair: fm.one("chair"), Title: fm.one("title"), Verdict: fm.one("verdict"), Pros: fm["pro"], Cons: fm["con"],
		For: fm.one("for"), Skip: fm.one("skip"), Scores: map[string]float64{}, Body: body}
	fail := func(field, format string, args ...any) (EditorialReview, error) {
		return EditorialReview{}, fmt.Errorf("%s: %s: %s", name, field, fmt.Sprintf(format, args...))
	}
	if !validSlug(e.Chair) {
		return fail("chair", "must be a chair slug")
	}
	for field, v := range map[string]string{"title": e.Title, "verdict": e.Verdict, "for": e.For, "skip": e.Skip} {
		if v == "" {
			return fail(field, "is required")
		}
	}
	if len(e.Pros) == 0 || len(e.Cons) == 0 {
		return fail("pro", "list at least one pro and one con")
	}
	if e.Tested, err = strconv.ParseBool(fm.one("tested")); err != nil {
		return fail("tested", "must be true or false")
	}
	if e.Rubric, err = strconv.Atoi(fm.one("rubric")); err != nil {
		return fail("rubric", "must be a rubric version number")
	}
	rubric, ok := PublishedRubrics().Version(e.Rubric)
	if !ok {
		return fail("rubric", "there is no rubric version %d", e.Rubric)
	}
	if e.Published, err = parsePublished(fm.one("published")); err != nil {
		return fail("published", "%v", err)
	}
	for _, line := range fm["score"] {
		key, value, _ := strings.Cut(line, "=")
		n, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		key = strings.TrimSpace(key)
		if err != nil || n < 0 || n > 10 || !slices.ContainsFunc(rubric.Criteria, func(c Criterion) bool { return c.Key == key }) {
			return fail("score", "%q is not criterion=0..10 of rubric %d", line, e.Rubric)
		}
		e.Scores[key] = n
	}
	for _, c := range rubric.Criteria {
		if _, ok := e.Scores[c.Key]; !ok {
			return fail("score", "criterion %s is not scored", c.Key)
		}
	}
	if e.Sources, err = parseRefs(fm["source"]); err != nil {
		return fail("source", "%v", err)
	}
	if _, err := Render(e.Body); err != nil || len(e.Body) < 200 {
		return fail("body", "must be 200 to %d bytes of Markdown", MaxBytes)
	}
	return e, nil
}

// ReadingMinutes is how long an article takes to read at about 200 words
// a minute, at least one.
func ReadingMinutes(body string) int {
	return max(1, (len(strings.Fields(body))+199)/200)
}

// Related picks up to n other articles that share the most with a: two
// points per related chair in common, one per tag. Ties go to the newer
// article, then the slug; articles sharing nothing are left out.
func Related(a Article, all []Article, n int) []Article {
	type scored struct {
		Article
		points int
	}
	var list []scored
	for _, b := range all {
		if b.Slug == a.Slug {
			continue
		}
		points := 0
		for _, c := range b.Chairs {
			if slices.Contains(a.Chairs, c) {
				points += 2
			}
		}
		for _, t := range b.Tags {
			if slices.Contains(a.Tags, t) {
				points++
			}
		}
		if points > 0 {
			list = append(list, scored{b, points})
		}
	}
	slices.SortStableFunc(list, func(x, y scored) int {
		if x.points != y.points {
			return y.points - x.points
		}
		if c := y.Published.Compare(x.Published); c != 0 {
			return c
		}
		return strings.Compare(x.Slug, y.Slug)
	})
	out := make([]Article, 0, n)
	for i := 0; i < len(list) && i < n; i++ {
		out = append(out, list[i].Article)
	}
	return out
}
