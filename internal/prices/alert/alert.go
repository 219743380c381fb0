// Package alert writes the price-drop alert mail and runs the job that
// sends it. The store writes an alert and its job (JobKind) in the
// transaction that records the price; the job's handler asks the store to
// turn the member's alerts into one message (Compose) and enqueue it as a
// mail job. It does no SQL and no HTTP.
package alert

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"masahe/internal/jobs"
	"masahe/internal/locale"
	"masahe/internal/mail"
	"masahe/internal/prices"
)

// JobKind is the job that mails a member's pending alerts; its payload is
// a Payload.
const JobKind = "price.alert"

// DigestHour is when, in Philippine time, the morning digest goes out: a
// member's first alert of a day is mailed at once, later ones that day
// wait for the next morning at this hour, together.
const DigestHour = 8

// Payload names the member whose alerts to mail.
type Payload struct {
	UserID int64 `json:"user_id"`
}

// Config is what a message needs besides its alerts.
type Config struct {
	// BaseURL is the site's public address, without a trailing slash.
	BaseURL string
	// Now is the clock that dates the message.
	Now func() time.Time
	// Locale writes the message in the language of the member's watch.
	Locale *locale.Bundle
}

// Store turns a member's pending alerts into one mail job.
type Store interface {
	MailAlerts(ctx context.Context, userID int64, compose func(to string, alerts []prices.Alert, token string) (mail.Message, error)) error
}

// JobHandler returns the handler of JobKind jobs.
func JobHandler(st Store, cfg Config) jobs.Handler {
	return func(ctx context.Context, payload []byte) error {
		var p Payload
		if err := json.Unmarshal(payload, &p); err != nil || p.UserID == 0 {
			return jobs.Permanent(fmt.Errorf("price alert payload %q: %v", payload, err))
		}
		return st.MailAlerts(ctx, p.UserID, func(to string, alerts []prices.Alert, token string) (mail.Message, error) {
			return Compose(cfg, to, alerts, token)
		})
	}
}

// UnsubscribePath is the one-click unsubscribe address of a token.
func UnsubscribePath(token string) string { return "/unsubscribe/" + url.PathEscape(token) }

// Compose writes the alert mail for alerts (one or, as a digest, several)
// to the member at to, in the language of the page the first alert's watch
// was set on, with links to that language's pages; token is the message's
// one-click unsubscribe token, which ends the watches of these alerts.
func Compose(cfg Config, to string, alerts []prices.Alert, token string) (mail.Message, error) {
	if len(alerts) == 0 {
		return mail.Message{}, fmt.Errorf("compose an alert: no alerts")
	}
	if cfg.Locale == nil {
		return mail.Message{}, fmt.Errorf("compose an alert: no locale bundle")
	}
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || base.Host == "" {
		return mail.Message{}, fmt.Errorf("compose an alert: base URL %q: %v", cfg.BaseURL, err)
	}
	lang, ok := locale.Parse(alerts[0].Lang)
	if !ok {
		lang = locale.English
	}
	p := cfg.Locale.Printer(lang)
	v := view{Lang: lang, Unsubscribe: cfg.BaseURL + lang.Path(UnsubscribePath(token)), Account: cfg.BaseURL + lang.Path("/account"),
		Title: p.T("mail.alert.title"), Intro: p.T("mail.alert.intro"), Check: p.T("mail.alert.check"),
		ShopLabel: p.T("mail.alert.shop"), HistoryLabel: p.T("mail.alert.history"), AccountLabel: p.T("mail.alert.watches"),
		UnsubscribeLabel: p.T("mail.alert.stop"), NowLabel: p.T("mail.alert.now"), BeforeLabel: p.T("mail.alert.before")}
	for _, a := range alerts {
		it := item{Chair: a.ChairName, Page: cfg.BaseURL + lang.Path("/chairs/"+url.PathEscape(a.ChairSlug)+"/prices"),
			Old: p.T("mail.alert.no_fresh_price"), Why: p.T("mail.alert.any_drop"), Shop: a.New.URL}
		if a.Old != 0 {
			it.Old = a.Old.String()
		}
		if a.Target > 0 {
			it.Why = p.T("mail.alert.target", a.Target.String())
		}
		it.Seen = p.T("mail.alert.seen", a.New.Price.String(), a.RetailerName, p.Date(a.New.ObservedAt), it.Why)
		it.SeenHTML = p.HTML("mail.alert.seen", template.HTML("<strong>"+template.HTMLEscapeString(a.New.Price.String())+"</strong>"),
			a.RetailerName, p.Date(a.New.ObservedAt), it.Why)
		v.Items = append(v.Items, it)
	}
	subject := p.T("mail.alert.subject", alerts[0].ChairName, alerts[0].New.Price.String())
	if len(alerts) > 1 {
		subject = p.Plural("mail.alert.subject_digest", len(alerts))
	}
	var text, html bytes.Buffer
	writeText(&text, v)
	t, err := template.New("alert").Parse(htmlSource)
	if err != nil {
		return mail.Message{}, fmt.Errorf("compose an alert: %w", err)
	}
	if err := t.Execute(&html, v); err != nil {
		return mail.Message{}, fmt.Errorf("compose an alert: %w", err)
	}
	return mail.Message{ID: mail.NewID(base.Hostname()), Date: cfg.Now(), To: to, Subject: subject,
		Text: text.String(), HTML: html.String(), Language: string(lang), Unsubscribe: v.Unsubscribe}, nil
}

// view is the message: its items and its words, in its language.
type view struct {
	Lang                                                    locale.Lang
	Items                                                   []item
	Unsubscribe, Account                                    string
	Title, Intro, Check, NowLabel, BeforeLabel              string
	ShopLabel, HistoryLabel, AccountLabel, UnsubscribeLabel string
}

// item is one alert: Seen says the new price, where and when it was seen
// and why it is news (SeenHTML the same, the price in bold).
type item struct {
	Chair, Page, Old, Why, Shop, Seen string
	SeenHTML                          template.HTML
}

func writeText(b *bytes.Buffer, v view) {
	b.WriteString(v.Intro + "\n\n")
	for _, it := range v.Items {
		fmt.Fprintf(b, "%s\n", it.Chair)
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  %s:\t%s\n", v.NowLabel, it.Seen)
		fmt.Fprintf(tw, "  %s:\t%s\n", v.BeforeLabel, it.Old)
		if it.Shop != "" {
			fmt.Fprintf(tw, "  %s:\t%s\n", v.ShopLabel, it.Shop)
		}
		fmt.Fprintf(tw, "  %s:\t%s\n", v.HistoryLabel, it.Page)
		tw.Flush()
		b.WriteString("\n")
	}
	b.WriteString(strings.Join([]string{v.Check, v.AccountLabel + ": " + v.Account, v.UnsubscribeLabel + ": " + v.Unsubscribe}, "\n") + "\n")
}

// htmlSource is the HTML part; its values are escaped by html/template.
const htmlSource = `<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title></head><body>
<p>{{.Intro}}</p>
{{range .Items}}<h2>{{.Chair}}</h2>
<p>{{.SeenHTML}}. {{$.BeforeLabel}}: {{.Old}}.</p>
<p>{{if .Shop}}<a href="{{.Shop}}">{{$.ShopLabel}}</a> · {{end}}<a href="{{.Page}}">{{$.HistoryLabel}}</a></p>
{{end}}<p>{{.Check}}</p>
<p><a href="{{.Account}}">{{.AccountLabel}}</a> · <a href="{{.Unsubscribe}}">{{.UnsubscribeLabel}}</a></p>
</body></html>
`
