package alert_test

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"masahe/internal/locale"
	"masahe/internal/prices"
	"masahe/internal/prices/alert"
)

// TestComposeInTheWatchLanguage: an alert mail is written in the language
// of the page its watch was set on, with links to that language's pages,
// no English left in a Filipino one, and the prices, dates and names
// the same in both.
func TestComposeInTheWatchLanguage(t *testing.T) {
	t.Parallel()
	b, err := locale.NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	seen := time.Date(2026, 11, 3, 2, 0, 0, 0, time.UTC)
	cfg := alert.Config{BaseURL: "https://masahe.example", Now: func() time.Time { return seen }, Locale: b}
	alerts := func(lang string) []prices.Alert {
		return []prices.Alert{
			{ChairSlug: "osaki-os-champ", ChairName: "Osaki OS-Champ", Old: prices.Pesos(129_990), RetailerName: "Test Shop", Lang: lang,
				New: prices.Observation{Price: prices.Pesos(119_990), URL: "https://shop.example.test/champ", ObservedAt: seen}},
			{ChairSlug: "ogawa-x", ChairName: "Ogawa X", Target: prices.Pesos(95_000), RetailerName: "Test Shop", Lang: lang,
				New: prices.Observation{Price: prices.Pesos(94_000), ObservedAt: seen}},
		}
	}
	en, err := alert.Compose(cfg, "ana@example.ph", alerts("en"), "tok")
	if err != nil {
		t.Fatal(err)
	}
	fil, err := alert.Compose(cfg, "ana@example.ph", alerts("fil"), "tok")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		m      string
		lang   string
		got    []string
		prefix string
	}{
		{"English", "en", []string{en.Language, en.Subject, en.Text, en.HTML, en.Unsubscribe}, "https://masahe.example/"},
		{"Filipino", "fil", []string{fil.Language, fil.Subject, fil.Text, fil.HTML, fil.Unsubscribe}, "https://masahe.example/fil/"},
	} {
		language, subject, text, html, unsubscribe := tt.got[0], tt.got[1], tt.got[2], tt.got[3], tt.got[4]
		if language != tt.lang || !strings.Contains(html, `<html lang="`+tt.lang+`">`) {
			t.Errorf("%s: language %q", tt.m, language)
		}
		if unsubscribe != tt.prefix+"unsubscribe/tok" {
			t.Errorf("%s: unsubscribe %q", tt.m, unsubscribe)
		}
		p := b.Printer(locale.Lang(tt.lang))
		for _, want := range []string{tt.prefix + "chairs/osaki-os-champ/prices", tt.prefix + "account", "₱119,990", "₱129,990", "₱95,000",
			"Osaki OS-Champ", "https://shop.example.test/champ", p.Date(seen), p.Plural("mail.alert.subject_digest", 2)} {
			if !strings.Contains(text+subject, want) || !strings.Contains(html+subject, want) {
				t.Errorf("%s: the mail lacks %q:\n%s\n%s", tt.m, want, subject, text)
			}
		}
		if strings.Contains(text+html, "mail.alert.") || strings.Contains(text+html, "%!") {
			t.Errorf("%s: a message is missing or misfilled:\n%s", tt.m, text)
		}
	}
	if en.Subject != "Price drops on 2 chairs you watch" || !strings.Contains(en.Text, "A price you watch on Masahe went down.") {
		t.Errorf("the English mail: %q\n%s", en.Subject, en.Text)
	}
	for _, line := range strings.Split(en.Text, "\n") {
		if words := strings.Fields(line); len(words) >= 4 && !strings.Contains(line, "https://") && strings.Contains(fil.Text, strings.TrimSpace(line)) {
			t.Errorf("the Filipino mail has the English %q", line)
		}
	}
	one, err := alert.Compose(cfg, "ana@example.ph", alerts("fil")[:1], "tok")
	if err != nil || one.Subject != b.Printer(locale.Filipino).T("mail.alert.subject", "Osaki OS-Champ", "₱119,990") {
		t.Errorf("one alert: subject %q, %v", one.Subject, err)
	}
	if _, err := alert.Compose(alert.Config{BaseURL: cfg.BaseURL, Now: cfg.Now}, "ana@example.ph", alerts("en"), "tok"); err == nil {
		t.Error("an alert was composed without its words")
	}
}
