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
// to the member at to; token is the message's one-click unsubscribe token,
// which ends the watches of these alerts.
func Compose(cfg Config, to string, alerts []prices.Alert, token string) (mail.Message, error) {
	if len(alerts) == 0 {
		return mail.Message{}, fmt.Errorf("compose an alert: no alerts")
	}
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || base.Host == "" {
		return mail.Message{}, fmt.Errorf("compose an alert: base URL %q: %v", cfg.BaseURL, err)
	}
	now := cfg.Now()
	v := view{Unsubscribe: cfg.BaseURL + UnsubscribePath(token), Account: cfg.BaseURL + "/account"}
	for _, a := range alerts {
		v.Items = append(v.Items, item{
			Chair: a.ChairName, Page: cfg.BaseURL + "/chairs/" + url.PathEscape(a.ChairSlug) + "/prices",
			New: a.New.Price.String(), Retailer: a.RetailerName, Date: prices.FormatDate(a.New.ObservedAt),
			Old: oldText(a), Why: why(a), Shop: a.New.URL,
		})
	}
	subject := fmt.Sprintf("Price drop: %s now %s", alerts[0].ChairName, alerts[0].New.Price)
	if len(alerts) > 1 {
		subject = fmt.Sprintf("Price drops on %d chairs you watch", len(alerts))
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
	return mail.Message{ID: mail.NewID(base.Hostname()), Date: now, To: to, Subject: subject,
		Text: text.String(), HTML: html.String(), Language: "en", Unsubscribe: v.Unsubscribe}, nil
}

type view struct {
	Items                []item
	Unsubscribe, Account string
}

type item struct {
	Chair, Page, New, Retailer, Date, Old, Why, Shop string
}

func oldText(a prices.Alert) string {
	if a.Old == 0 {
		return "no fresh price"
	}
	return a.Old.String()
}

func why(a prices.Alert) string {
	if a.Target > 0 {
		return "at or under your target of " + a.Target.String()
	}
	return "a drop, as you asked to hear of any"
}

func writeText(b *bytes.Buffer, v view) {
	b.WriteString("A price you watch on Masahe went down.\n\n")
	for _, it := range v.Items {
		fmt.Fprintf(b, "%s\n", it.Chair)
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  Now:\t%s at %s, seen %s (%s)\n", it.New, it.Retailer, it.Date, it.Why)
		fmt.Fprintf(tw, "  Before:\t%s\n", it.Old)
		if it.Shop != "" {
			fmt.Fprintf(tw, "  Shop page:\t%s\n", it.Shop)
		}
		fmt.Fprintf(tw, "  Price history:\t%s\n", it.Page)
		tw.Flush()
		b.WriteString("\n")
	}
	b.WriteString(strings.Join([]string{
		"Prices change quickly in sales; check the price with the shop before you pay.",
		"Your watches: " + v.Account,
		"Stop these alerts: " + v.Unsubscribe,
	}, "\n") + "\n")
}

// htmlSource is the HTML part; its values are escaped by html/template.
const htmlSource = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Price drop</title></head><body>
<p>A price you watch on Masahe went down.</p>
{{range .Items}}<h2>{{.Chair}}</h2>
<p><strong>{{.New}}</strong> at {{.Retailer}}, seen {{.Date}} ({{.Why}}). Before: {{.Old}}.</p>
<p>{{if .Shop}}<a href="{{.Shop}}">Shop page</a> · {{end}}<a href="{{.Page}}">Price history</a></p>
{{end}}<p>Prices change quickly in sales; check the price with the shop before you pay.</p>
<p><a href="{{.Account}}">Your watches</a> · <a href="{{.Unsubscribe}}">Stop these alerts</a></p>
</body></html>
`
