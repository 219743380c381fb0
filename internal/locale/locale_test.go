package locale

import (
	"bytes"
	"html/template"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/text/feature/plural"
)

func newTestBundle(t *testing.T) *Bundle {
	t.Helper()
	b, err := NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCatalogsComplete is the bar of the issue: every message has a text in
// every language, with the English placeholders, and every plural message
// has the forms its language needs.
func TestCatalogsComplete(t *testing.T) {
	t.Parallel()
	b := newTestBundle(t)
	for _, p := range b.Check() {
		t.Error(p)
	}
	if len(b.messages[English]) < 150 {
		t.Errorf("the English catalog has %d messages; the seed has more", len(b.messages[English]))
	}
}

// TestCheckFindsProblems: Check reports each kind of problem it promises.
func TestCheckFindsProblems(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"synonyms-fil.txt": {Data: []byte("upuan = chair\n")},
		"translations/en/a.json": {Data: []byte(`{"a": "Hello %s", "b": "Bye", "c": "%d of %s",
			"n": {"one": "%d chair", "other": "%d chairs"}, "k": "plain"}`)},
		"translations/fil/a.json": {Data: []byte(`{"a": "Kumusta %d", "c": "%[2]s: %[1]d", "n": {"other": "%d upuan"},
			"k": {"one": "x", "other": "y"}, "z": "dagdag"}`)},
	}
	b, err := newBundle(slog.New(slog.DiscardHandler), fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(b.Check("a", "nowhere"), "\n")
	for _, want := range []string{
		`fil: a: placeholders`,                  // %d where English has %s
		`fil: b: no translation`,                // missing
		`fil: n: no "one" form, which Filipino`, // a form CLDR gives Filipino
		`fil: k: plural forms in one language`,  // kind differs
		`fil: z: not in the English catalog`,    // extra
		`en: nowhere: used but not in the catalog`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Check does not report %q; it says:\n%s", want, got)
		}
	}
	if strings.Contains(got, "fil: c:") {
		t.Errorf("reordered placeholders %%[2]s %%[1]d are the same as %%d %%s, but Check says:\n%s", got)
	}
}

func TestParseCatalogRefuses(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		`{"a": "x", "a": "y"}`,              // repeated ID
		`{"a": {"one": "x"}}`,               // no other
		`{"a": {"uno": "x", "other": "y"}}`, // unknown form
		`{"a": ""}`,                         // empty
		`{"a": 3}`,                          // not text
		`["a"]`,                             // not an object
		`{"a": "x"`,                         // broken
	} {
		if _, err := parseCatalog("t.json", []byte(src)); err == nil {
			t.Errorf("parseCatalog(%s) accepted it", src)
		}
	}
}

func TestVerbs(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		format string
		want   string
	}{
		{"no placeholders, 100%% sure", ""},
		{"%s and %d", "1s 2d"},
		{"%[2]s then %[1]d", "1d 2s"},
		{"%-5s|%05.2f|%x", "1s 2f 3x"},
		{"%[3]v %v", "3v 4v"},
	} {
		m := verbs(tt.format)
		var parts []string
		for n := 1; n <= 4; n++ {
			if v, ok := m[n]; ok {
				parts = append(parts, string(rune('0'+n))+v)
			}
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("verbs(%q) = %q, want %q", tt.format, got, tt.want)
		}
	}
}

// filOne is CLDR's cardinal rule for Filipino, written out from the rule
// itself: one: v = 0 and i = 1,2,3 or v = 0 and i % 10 != 4,6,9 or v != 0
// and f % 10 != 4,6,9; other: everything else. i is the integer part, v
// the number of visible fraction digits, f the visible fraction digits.
func filOne(i, v, f int) bool {
	notFourSixNine := func(n int) bool { d := n % 10; return d != 4 && d != 6 && d != 9 }
	return v == 0 && (i == 1 || i == 2 || i == 3) || v == 0 && notFourSixNine(i) || v != 0 && notFourSixNine(f)
}

// TestFilipinoPluralRule holds the plural forms x/text applies to the CLDR
// rule, for whole numbers and decimals, and to CLDR's own samples.
func TestFilipinoPluralRule(t *testing.T) {
	t.Parallel()
	tag := Filipino.Tag()
	for i := 0; i <= 20000; i++ {
		want := plural.Other
		if filOne(i, 0, 0) {
			want = plural.One
		}
		if got := plural.Cardinal.MatchPlural(tag, i, 0, 0, 0, 0); got != want {
			t.Fatalf("%d: form %v, want %v", i, got, want)
		}
	}
	// Decimals: i.f with v fraction digits (1.4 is i=1 v=1 f=4; 0.25 is i=0 v=2 f=25).
	for _, d := range []struct{ i, v, f int }{{1, 1, 4}, {4, 1, 5}, {0, 1, 3}, {2, 1, 6}, {0, 2, 25}, {0, 2, 29}, {7, 1, 0}, {10, 1, 9}} {
		want := plural.Other
		if filOne(d.i, d.v, d.f) {
			want = plural.One
		}
		if got := plural.Cardinal.MatchPlural(tag, d.i, d.v, d.v, d.f, d.f); got != want {
			t.Errorf("%d.%0*d: form %v, want %v", d.i, d.v, d.f, got, want)
		}
	}
	// CLDR's samples: one @integer 0~3, 5, 7, 8, 10~13, 15, 17, 18, 20, 21,
	// 100, 1000; other @integer 4, 6, 9, 14, 16, 19, 24, 26, 104, 1004.
	for _, n := range []int{0, 1, 2, 3, 5, 7, 8, 10, 11, 12, 13, 15, 17, 18, 20, 21, 100, 1000} {
		if !filOne(n, 0, 0) {
			t.Errorf("CLDR sample %d is one, the rule says other", n)
		}
	}
	for _, n := range []int{4, 6, 9, 14, 16, 19, 24, 26, 104, 1004} {
		if filOne(n, 0, 0) {
			t.Errorf("CLDR sample %d is other, the rule says one", n)
		}
	}
	if got := strings.Join(Forms(Filipino), ","); got != "one,other" {
		t.Errorf("Forms(fil) = %s, want one,other", got)
	}
	if got := strings.Join(Forms(English), ","); got != "one,other" {
		t.Errorf("Forms(en) = %s, want one,other", got)
	}
}

// TestPrinter formats messages, plurals, numbers, pesos and dates in both
// languages.
func TestPrinter(t *testing.T) {
	t.Parallel()
	b := newTestBundle(t)
	en, fil := b.Printer(English), b.Printer(Filipino)
	day := time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC) // 1 December, 01:00 in Manila
	for _, tt := range []struct{ name, got, want string }{
		{"en T", en.T("nav.chairs"), "Chairs"},
		{"fil T", fil.T("nav.chairs"), "Mga upuan"},
		{"en placeholder", en.T("safety.emergency_call", "911"), "In an emergency in the Philippines, call 911."},
		{"fil placeholder", fil.T("triage.page.alert_call", "911"), "Tumawag sa 911 ngayon. Huwag nang sagutan ang form na ito"},
		{"en plural one", en.Plural("card.owners", 1), "from 1 owner"},
		{"en plural other", en.Plural("card.owners", 4), "from 4 owners"},
		{"en plural zero", en.Plural("card.owners", 0), "from 0 owners"},
		{"en plural grouped", en.Plural("card.owners", 1200), "from 1,200 owners"},
		// Filipino's forms follow how the number is read: "limang may-ari"
		// (one: 5) but "apat na may-ari" (other: 4).
		{"fil plural one", fil.Plural("card.owners", 5), "mula sa 5 may-ari"},
		{"fil plural other", fil.Plural("card.owners", 4), "mula sa 4 na may-ari"},
		{"fil plural other 24", fil.Plural("triage.advice.self_care.check_again", 24)[:42], "Sagutin ulit ito pagkalipas ng 24 na oras."},
		{"fil plural one 48", fil.Plural("triage.advice.self_care.check_again", 48)[:39], "Sagutin ulit ito pagkalipas ng 48 oras."},
		{"en plural days", en.Plural("triage.advice.self_care.rest_days", 1), "Take 1 day off from massage, and longer if the soreness has not gone by then."},
		{"en number", en.Number(129990), "129,990"},
		{"fil number", fil.Number(1234567), "1,234,567"},
		{"en peso", en.Peso(129990), "₱129,990"},
		{"fil peso", fil.Peso(129990), "₱129,990"},
		{"en date", en.Date(day), "1 December 2026"},
		{"fil date", fil.Date(day), "1 Disyembre 2026"},
		{"en short date", en.ShortDate(day.AddDate(0, 0, -1)), "30 Nov"},
		{"fil short date", fil.ShortDate(day.AddDate(0, 0, -1)), "30 Nob"},
		{"fil short date in Manila", fil.ShortDate(day), "1 Dis"},
		{"fil january", fil.Date(time.Date(2027, 1, 9, 12, 0, 0, 0, time.UTC)), "9 Enero 2027"},
		{"unknown language", b.Printer("de").T("nav.chairs"), "Chairs"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	for m := time.January; m <= time.December; m++ {
		got := fil.Date(time.Date(2026, m, 15, 4, 0, 0, 0, time.UTC))
		if want := "15 " + monthsFil[m-1] + " 2026"; got != want {
			t.Errorf("%s: %q, want %q", m, got, want)
		}
	}
}

// TestMissingMessage: a message a language lacks is written in English and
// logged once; an ID no language has is written as itself, never empty.
func TestMissingMessage(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	fsys := fstest.MapFS{
		"synonyms-fil.txt":        {Data: []byte("upuan = chair\n")},
		"translations/en/a.json":  {Data: []byte(`{"hello": "Hello %s", "n": {"one": "%d chair", "other": "%d chairs"}}`)},
		"translations/fil/a.json": {Data: []byte(`{}`)},
	}
	b, err := newBundle(slog.New(slog.NewTextHandler(&logs, nil)), fsys)
	if err != nil {
		t.Fatal(err)
	}
	fil := b.Printer(Filipino)
	for range 3 {
		if got := fil.T("hello", "Lola"); got != "Hello Lola" {
			t.Fatalf("missing in fil: %q, want the English", got)
		}
	}
	if got := fil.Plural("n", 2); got != "2 chairs" {
		t.Errorf("missing plural in fil: %q, want the English", got)
	}
	if got := fil.T("no.such.id"); got != "no.such.id" {
		t.Errorf("unknown ID: %q, want the ID", got)
	}
	if n := strings.Count(logs.String(), "id=hello"); n != 1 {
		t.Errorf("the missing message was logged %d times, want once:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "id=no.such.id") || !strings.Contains(logs.String(), "id=n\n") {
		t.Errorf("every gap is logged:\n%s", logs.String())
	}
	before := logs.Len()
	b.Printer(English).T("hello", "x")
	if logs.Len() != before {
		t.Errorf("a message English has was logged: %s", logs.String()[before:])
	}
}

func TestHTML(t *testing.T) {
	t.Parallel()
	b := newTestBundle(t)
	badge := template.HTML(`<span class="badge sample">sample</span>`)
	got := b.Printer(English).HTML("footer.sources", badge)
	if want := `Every spec on Masahe names its source; a value marked <span class="badge sample">sample</span> is illustrative`; !strings.HasPrefix(string(got), want) {
		t.Errorf("HTML = %q, want it to start %q", got, want)
	}
	if got := b.Printer(Filipino).HTML("triage.page.call", "<b>911</b>"); got != "Tumawag sa &lt;b&gt;911&lt;/b&gt;" {
		t.Errorf("a string argument is not escaped: %q", got)
	}
}

func TestSplitAndSwitch(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		path string
		lang Lang
		rest string
	}{
		{"/", English, "/"},
		{"", English, "/"},
		{"/chairs/osaki-os-champ", English, "/chairs/osaki-os-champ"},
		{"/fil", Filipino, "/"},
		{"/fil/", Filipino, "/"},
		{"/fil/chairs/osaki-os-champ", Filipino, "/chairs/osaki-os-champ"},
		{"/filipino", English, "/filipino"},
		{"/fil-ph/x", English, "/fil-ph/x"},
		{"/en/chairs", English, "/en/chairs"},
	} {
		if l, rest := Split(tt.path); l != tt.lang || rest != tt.rest {
			t.Errorf("Split(%q) = %s %q, want %s %q", tt.path, l, rest, tt.lang, tt.rest)
		}
	}
	for _, tt := range []struct {
		uri  string
		to   Lang
		want string
	}{
		{"/chairs/x", Filipino, "/fil/chairs/x"},
		{"/", Filipino, "/fil/"},
		{"/fil/", English, "/"},
		{"/fil/search?q=upuan+para+sa+likod", English, "/search?q=upuan+para+sa+likod"},
		{"/search?q=chair#results", Filipino, "/fil/search?q=chair#results"},
		{"/fil/chairs/x", Filipino, "/fil/chairs/x"},
	} {
		if got := Switch(tt.uri, tt.to); got != tt.want {
			t.Errorf("Switch(%q, %s) = %q, want %q", tt.uri, tt.to, got, tt.want)
		}
	}
	// Every page round-trips: its address in a language splits back to it.
	for _, rest := range []string{"/", "/chairs", "/safety/triage"} {
		for _, l := range Langs {
			if got, r := Split(l.Path(rest)); got != l || r != rest {
				t.Errorf("Split(%s.Path(%q)) = %s %q", l, rest, got, r)
			}
		}
	}
	// A path already in the language is left as it is; English paths that
	// only start with the letters are not taken for it.
	for _, tt := range []struct {
		l          Lang
		rest, want string
	}{
		{Filipino, "/fil/chairs", "/fil/chairs"}, {Filipino, "/fil/", "/fil/"},
		{Filipino, "/filter", "/fil/filter"}, {English, "/fil/chairs", "/fil/chairs"},
	} {
		if got := tt.l.Path(tt.rest); got != tt.want {
			t.Errorf("%s.Path(%q) = %q, want %q", tt.l, tt.rest, got, tt.want)
		}
	}
	if l, ok := Parse("fil"); !ok || l != Filipino {
		t.Errorf("Parse(fil) = %s %v", l, ok)
	}
	for _, code := range []string{"", "tl", "FIL", "fil-PH", "de"} {
		if _, ok := Parse(code); ok {
			t.Errorf("Parse(%q) accepted it", code)
		}
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	b := newTestBundle(t)
	for _, tt := range []struct {
		header  string
		current Lang
		want    Lang
		ok      bool
	}{
		{"fil-PH,fil;q=0.9,en;q=0.8", English, Filipino, true},
		{"tl", English, Filipino, true},
		{"en-US,en;q=0.9,fil;q=0.5", English, English, false},
		{"en-PH", Filipino, English, true},
		{"fil", Filipino, Filipino, false},
		{"de-DE,fr;q=0.5", English, English, false},
		{"de-DE", Filipino, Filipino, false},
		{"", English, English, false},
		{"not a header;;;q=x", Filipino, Filipino, false},
	} {
		got, ok := b.Suggest(tt.header, tt.current)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Suggest(%q, %s) = %s %v, want %s %v", tt.header, tt.current, got, ok, tt.want, tt.ok)
		}
	}
}

// TestPrinterConcurrent: one Bundle serves every request at once (run with
// -race).
func TestPrinterConcurrent(t *testing.T) {
	t.Parallel()
	b := newTestBundle(t)
	done := make(chan string)
	for i := range 8 {
		go func() {
			p := b.Printer(Langs[i%len(Langs)])
			done <- p.T("nav.chairs") + p.Plural("card.owners", i) + p.T("missing.everywhere") + p.Peso(int64(i))
		}()
	}
	for range 8 {
		if s := <-done; !strings.Contains(s, "missing.everywhere") || !strings.Contains(s, "₱") {
			t.Errorf("concurrent printing gave %q", s)
		}
	}
}
