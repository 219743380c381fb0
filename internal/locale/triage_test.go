package locale_test

import (
	"log/slog"
	"slices"
	"strings"
	"testing"

	"masahe/internal/locale"
	"masahe/internal/safety"
)

// TestTriageCatalog: every level, answer option and rule of the triage has
// its message in both catalogs, and the English catalog says exactly what
// the safety package says, so the two cannot drift apart. A rule added to
// safety without its messages fails here.
func TestTriageCatalog(t *testing.T) {
	t.Parallel()
	b, err := locale.NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	en := b.Printer(locale.English)
	var used []string
	same := func(id, got, want string) {
		t.Helper()
		used = append(used, id)
		if got != want {
			t.Errorf("%s: the catalog says %q, the safety package %q", id, got, want)
		}
	}
	for _, l := range safety.Levels {
		id := "triage.level." + string(l)
		same(id+".label", en.T(id+".label"), l.Label())
		headline := en.T(id + ".headline")
		if l == safety.Emergency {
			headline = en.T(id+".headline", safety.Hotline)
		}
		same(id+".headline", headline, l.Headline())
	}
	for _, g := range []struct {
		name string
		opts []safety.Option
	}{{"trend", safety.Trends}, {"area", safety.Areas}, {"trauma", safety.Traumas}, {"symptom", safety.Symptoms},
		{"condition", safety.Conditions}} {
		for _, o := range g.opts {
			id := "triage." + g.name + "." + o.Code
			same(id, en.T(id), o.Label)
		}
	}
	for _, r := range safety.Rules() {
		id := "triage.rule." + r.Code
		same(id, en.T(id), r.Message)
	}
	same("triage.disclaimer", en.T("triage.disclaimer"), safety.Disclaimer)

	n := func(v int64) *int64 { return &v }
	signs := en.T("triage.advice.emergency_signs", safety.Hotline)
	for _, tt := range []struct {
		name   string
		a      safety.Answers
		reason string
		advice []string
	}{
		{"emergency", safety.Answers{HoursSinceMassage: n(5), Pain: n(3), Symptoms: []string{"saddle_numbness"}}, "",
			[]string{en.T("triage.advice.emergency.go", safety.Hotline), en.T("triage.advice.emergency.no_driving", safety.Hotline),
				en.T("triage.advice.emergency.tell"), en.T("triage.advice.emergency.stop")}},
		{"urgent", safety.Answers{HoursSinceMassage: n(5), Pain: n(3), Age: n(30), Symptoms: []string{"fever"}}, "",
			[]string{en.T("triage.advice.urgent.see"), en.T("triage.advice.urgent.stop"), en.T("triage.advice.urgent.tell"), signs}},
		{"doctor", safety.Answers{HoursSinceMassage: n(5), Pain: n(8), Age: n(30)}, "",
			[]string{en.T("triage.advice.doctor.book"), en.T("triage.advice.doctor.rest"), en.T("triage.advice.doctor.move"),
				en.T("triage.advice.doctor.sooner") + " " + signs}},
		{"self-care mild", safety.Answers{HoursSinceMassage: n(10), Pain: n(2), Age: n(30)}, "triage.reason.normal_soreness",
			[]string{en.Plural("triage.advice.self_care.rest_days", safety.RestDays(2)), en.T("triage.advice.self_care.move"),
				en.T("triage.advice.self_care.warmth"), en.T("triage.advice.self_care.next_time"),
				en.Plural("triage.advice.self_care.check_again", 48), signs}},
		{"self-care easing", safety.Answers{HoursSinceMassage: n(80), Pain: n(5), Trend: "better", Age: n(30)},
			"triage.reason.normal_soreness_easing",
			[]string{en.Plural("triage.advice.self_care.rest_days", safety.RestDays(5)), en.T("triage.advice.self_care.move"),
				en.T("triage.advice.self_care.warmth"), en.T("triage.advice.self_care.next_time"),
				en.Plural("triage.advice.self_care.check_again", 24), signs}},
		{"self-care no pain, no age", safety.Answers{HoursSinceMassage: n(2), Pain: n(0)}, "triage.reason.no_pain_now",
			[]string{en.T("triage.advice.self_care.no_rest"), en.T("triage.advice.self_care.move"),
				en.T("triage.advice.self_care.warmth"), en.T("triage.advice.self_care.next_time"),
				en.Plural("triage.advice.self_care.check_again", 48), en.T("triage.advice.self_care.no_age"), signs}},
	} {
		res := safety.Triage(tt.a)
		if tt.reason != "" {
			same(tt.reason, en.T(tt.reason), res.Reasons[0].Message)
		}
		if !slices.Equal(res.Advice, tt.advice) {
			t.Errorf("%s: the safety package advises\n%q\nthe catalog\n%q", tt.name, res.Advice, tt.advice)
		}
	}
	for _, p := range b.Check(used...) {
		t.Error(p)
	}

	// The emergency line is short and unmistakable in Filipino.
	fil := b.Printer(locale.Filipino)
	if got := fil.T("triage.level.emergency.headline", safety.Hotline); !strings.HasPrefix(got, "Tumawag sa 911 ngayon") || len(got) > 90 {
		t.Errorf("Filipino emergency headline %q: want it to start \"Tumawag sa 911 ngayon\" and stay short", got)
	}
}
