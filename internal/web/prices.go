package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/catalog"
	"masahe/internal/errs"
	"masahe/internal/locale"
	"masahe/internal/phtime"
	"masahe/internal/prices"
	"masahe/internal/prices/chart"
)

// PriceStore is what the price pages, watches, sightings and the
// editors' price admin need (docs/PRICES.md).
type PriceStore interface {
	PriceHistory(ctx context.Context, slug string, since time.Time) (prices.History, map[string]string, error)
	PriceSummaries(ctx context.Context, slugs []string) (map[string]prices.History, error)
	Retailers(ctx context.Context) ([]catalog.RetailerCount, error)
	Sightings(ctx context.Context, status, chair string, limit int) ([]prices.Sighting, error)
	SubmitSighting(ctx context.Context, userID int64, o prices.Observation, place string) error
	AddWatch(ctx context.Context, userID int64, chair string, target prices.Centavos, lang string) error
	RemoveWatch(ctx context.Context, userID, watchID int64) error
	Watches(ctx context.Context, userID int64) ([]prices.Watch, error)
	UnsubscribeWatches(ctx context.Context, token string) ([]prices.Watch, error)
	Unsubscribe(ctx context.Context, token string) ([]prices.Watch, error)

	RecordEditorPrice(ctx context.Context, by audit.Actor, o prices.Observation) error
	TrackedURLs(ctx context.Context, failingOnly bool) ([]prices.TrackedURL, error)
	TrackedURL(ctx context.Context, id int64) (prices.TrackedURL, error)
	SaveTrackedURL(ctx context.Context, by audit.Actor, t prices.TrackedURL) (int64, error)
	RemoveTrackedURL(ctx context.Context, by audit.Actor, id int64) error
	ChairsWithoutFreshPrice(ctx context.Context) ([]catalog.ChairEntry, error)
	ModerateSighting(ctx context.Context, by audit.Actor, id int64, approve bool, reason string) error
}

// canWatch says who may watch prices: members whose address is verified,
// so that alerts never go to an address its owner did not confirm.
func canWatch(u account.User) bool { return !u.Disabled && u.Verified }

// chartDays is how much history the chair page draws: the window of the
// 90-day figures, which keeps the page small however long the history
// (BenchmarkChairPagePrices); the prices page draws all of it.
const chartDays = 90

// priceView is a chair's lowest fresh observed price, when it was seen
// (templates write it with date, in the page's language) and whether it
// dropped under the 90-day median.
type priceView struct {
	Amount  string
	At      time.Time
	Dropped bool
}

// Date is the day the price was seen, in English.
func (v priceView) Date() string { return prices.FormatDate(v.At) }

// newPriceView is a chair's lowest fresh price, nil when none is known.
func newPriceView(c catalog.Chair) *priceView {
	if o, ok := c.LowestOffer(); ok {
		return &priceView{Amount: o.Price.String(), At: o.ObservedAt}
	}
	return nil
}

// markDrops sets Dropped on the views (by chair slug) whose chair's
// lowest price is under its 90-day median.
func (s *Server) markDrops(ctx context.Context, views map[string]*priceView) error {
	var slugs []string
	for slug, v := range views {
		if v != nil {
			slugs = append(slugs, slug)
		}
	}
	if len(slugs) == 0 {
		return nil
	}
	hs, err := s.stores.Prices.PriceSummaries(ctx, slugs)
	if err != nil {
		return err
	}
	for slug, h := range hs {
		if v := views[slug]; v != nil {
			v.Dropped = h.Dropped
		}
	}
	return nil
}

// offerView is one retailer's current offer on the chair page.
type offerView struct {
	Retailer, URL, Price, Regular, Date string
	Stale, Sighting, OutOfStock         bool
	// Instalment: "₱10,833 a month for 12 months (₱129,990 in all), 0 %
	// with BDO"; Estimate marks amounts Masahe worked out from a rate.
	Instalment string
	Estimate   bool
}

func newOfferView(c catalog.Chair, o prices.Offer, p *locale.Printer) offerView {
	v := offerView{Retailer: c.RetailerName(o.RetailerSlug), URL: o.URL, Price: o.Price.String(), Date: p.Date(o.ObservedAt),
		Stale: o.Stale, Sighting: o.Method == prices.BySighting, OutOfStock: o.Stock == prices.OutOfStock}
	if o.RegularPrice > o.Price {
		v.Regular = o.RegularPrice.String()
	}
	if in := o.Instalment; in != nil {
		if pay, ok := in.Payment(o.Price); ok {
			rate := "0 %"
			if in.MonthlyRateBP > 0 {
				rate = p.T("prices.rate_monthly", strconv.FormatFloat(float64(in.MonthlyRateBP)/100, 'f', -1, 64))
			}
			v.Instalment = p.Plural("prices.instalment_total", pay.Months, pay.Monthly.String(), pay.Total.String(), rate)
			if len(in.Banks) > 0 {
				v.Instalment += " " + p.T("prices.instalment_banks", strings.Join(in.Banks, ", "))
			}
			v.Estimate = pay.Estimate
		}
	}
	return v
}

// pricesSection is the chair page's prices: current offers, the chart,
// member sightings and the watch and sighting forms.
type pricesSection struct {
	Slug         string
	Offers       []offerView
	Lowest       *priceView
	Chart        chart.Chart
	LowestEver   string
	Low90        string
	Sightings    []sightingView
	Retailers    []catalog.Option
	HistoryURL   string
	Today        string
	Observations int
}

type sightingView struct {
	Where, Price, Date, Instalment string
}

// pricesFor builds the chair page's prices section, in p's language.
func (s *Server) pricesFor(ctx context.Context, c catalog.Chair, days int, p *locale.Printer) (pricesSection, error) {
	now := s.cfg.Now()
	var since time.Time
	if days > 0 {
		since = prices.Day(now).AddDate(0, 0, -days).Add(-prices.DefaultMaxAge)
	}
	h, names, err := s.stores.Prices.PriceHistory(ctx, c.Slug, since)
	if err != nil {
		return pricesSection{}, err
	}
	sec := pricesSection{Slug: c.Slug, Lowest: newPriceView(c), HistoryURL: "/chairs/" + url.PathEscape(c.Slug) + "/prices",
		Today: now.In(phtime.Manila).Format(time.DateOnly)}
	if sec.Lowest != nil {
		sec.Lowest.Dropped = h.Dropped
	}
	for _, o := range c.Offers {
		sec.Offers = append(sec.Offers, newOfferView(c, o, p))
	}
	name := func(slug string) string { return cmp.Or(names[slug], slug) }
	label := func(m *prices.Mark) string {
		if m == nil {
			return ""
		}
		return p.T("prices.mark", m.Price.String(), name(m.RetailerSlug), p.Date(m.At))
	}
	sec.LowestEver, sec.Low90 = label(h.LowestEver), label(h.Low90)
	opt := chart.Options{Title: p.T("prices.chart_title", c.FullName()), Names: map[string]string{},
		LowestLabel: p.T("prices.chart_lowest"), Low90Label: p.T("prices.chart_low90"), Day: p.ShortDate}
	for _, series := range h.Series {
		opt.Names[series.RetailerSlug] = name(series.RetailerSlug)
		for _, seg := range series.Segments {
			sec.Observations += len(seg.Steps)
		}
	}
	if days > 0 {
		opt.From = prices.Day(now).AddDate(0, 0, -days)
	}
	sec.Chart = chart.Render(h, opt)
	for i, row := range sec.Chart.Table.Rows {
		sec.Chart.Table.Rows[i].Date = p.Date(row.At)
	}
	sightings, err := s.stores.Prices.Sightings(ctx, prices.Approved, c.Slug, 10)
	if err != nil {
		return pricesSection{}, err
	}
	for _, sg := range sightings {
		v := sightingView{Where: sg.Where(), Price: sg.Observation.Price.String(), Date: p.Date(sg.Observation.ObservedAt)}
		if in := sg.Observation.Instalment; in != nil {
			if pay, ok := in.Payment(sg.Observation.Price); ok {
				v.Instalment = p.Plural("prices.instalment", pay.Months, pay.Monthly.String())
			}
		}
		sec.Sightings = append(sec.Sightings, v)
	}
	retailers, err := s.stores.Prices.Retailers(ctx)
	if err != nil {
		return pricesSection{}, err
	}
	sec.Retailers = []catalog.Option{{Value: "", Label: p.T("prices.sighting.another_place")}}
	for _, rt := range retailers {
		sec.Retailers = append(sec.Retailers, catalog.Option{Value: rt.Slug, Label: rt.Name})
	}
	return sec, nil
}

type chairPricesPage struct {
	Layout
	Chair  catalog.Chair
	Prices pricesSection
}

// handleChairPrices shows a chair's whole price history.
func (s *Server) handleChairPrices(w http.ResponseWriter, r *http.Request) {
	c, err := s.stores.Catalog.Chair(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := s.printer(r)
	sec, err := s.pricesFor(r.Context(), c, 0, p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := chairPricesPage{Layout: s.layout(r, p.T("prices.history_title", c.FullName()), p.T("prices.history_description", c.FullName())),
		Chair: c, Prices: sec}
	s.renderPage(w, r, "chair_prices.html", page)
}

// handleWatch starts or changes the member's watch of a chair.
func (s *Server) handleWatch(w http.ResponseWriter, r *http.Request) {
	sess := s.postedForm(w, r, account.Member)
	if sess == nil {
		return
	}
	p := s.printer(r)
	if !canWatch(sess.User) {
		s.writeError(w, r, &errs.Error{Code: errs.Forbidden, Message: p.T("prices.watch.verify")})
		return
	}
	slug := r.PathValue("slug")
	var target prices.Centavos
	if r.PostForm.Get("kind") == "target" {
		t, err := prices.ParsePesos(r.PostForm.Get("target"))
		if err != nil || t <= 0 {
			s.writeError(w, r, &errs.Error{Code: errs.Invalid, Field: "target", Message: p.T("prices.watch.bad_target")})
			return
		}
		target = t
	}
	// The alert mails are written in the language of this page.
	if err := s.stores.Prices.AddWatch(r.Context(), sess.User.ID, slug, target, string(requestLang(r))); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?done=watching#watches", http.StatusSeeOther)
}

// handleWatchRemove ends one of the member's watches.
func (s *Server) handleWatchRemove(w http.ResponseWriter, r *http.Request) {
	sess := s.postedForm(w, r, account.Member)
	if sess == nil {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeError(w, r, errs.NotFoundf("no watch %q", r.PathValue("id")))
		return
	}
	if err := s.stores.Prices.RemoveWatch(r.Context(), sess.User.ID, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?done=unwatched#watches", http.StatusSeeOther)
}

// handleSighting records a member's price sighting for an editor to check.
func (s *Server) handleSighting(w http.ResponseWriter, r *http.Request) {
	sess := s.postedForm(w, r, account.Member)
	if sess == nil {
		return
	}
	o, err := observationForm(r.PostForm, r.PathValue("slug"))
	if err == nil {
		err = s.stores.Prices.SubmitSighting(r.Context(), sess.User.ID, o, r.PostForm.Get("place"))
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/chairs/"+url.PathEscape(r.PathValue("slug"))+"?sighting=1#prices", http.StatusSeeOther)
}

// observationForm reads a price form: retailer, price, regular_price,
// instalment_months, instalment_rate (percent a month), instalment_banks
// (separated by commas), url and observed_at (a date, midnight in
// Manila). Problems come back as a *prices.ValidationError naming fields;
// the store validates the rest.
func observationForm(v url.Values, chair string) (prices.Observation, error) {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	o := prices.Observation{ChairSlug: chair, RetailerSlug: get("retailer"), URL: get("url")}
	verr := &prices.ValidationError{}
	pesos := func(field string, required bool) prices.Centavos {
		if get(field) == "" {
			if required {
				verr.Add(prices.Problem{Field: field, Message: "is required"})
			}
			return 0
		}
		c, err := prices.ParsePesos(get(field))
		if err != nil {
			verr.Add(prices.Problem{Field: field, Message: "must be an amount in pesos, e.g. 129990 or 129,990.00"})
		}
		return c
	}
	o.Price, o.RegularPrice = pesos("price", true), pesos("regular_price", false)
	if d := get("observed_at"); d != "" {
		t, err := time.ParseInLocation(time.DateOnly, d, phtime.Manila)
		if err != nil {
			verr.Add(prices.Problem{Field: "observed_at", Message: "must be a date, e.g. 2026-11-28"})
		}
		o.ObservedAt = t
	} else {
		verr.Add(prices.Problem{Field: "observed_at", Message: "is required"})
	}
	if m := get("instalment_months"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil {
			verr.Add(prices.Problem{Field: "instalment_months", Message: "must be a whole number of months"})
		}
		in := &prices.Instalment{Months: n}
		if rate := get("instalment_rate"); rate != "" {
			f, err := strconv.ParseFloat(rate, 64)
			if err != nil || f < 0 {
				verr.Add(prices.Problem{Field: "instalment_rate", Message: "must be a percent a month, e.g. 0 or 0.79"})
			}
			in.MonthlyRateBP = int64(f*100 + 0.5)
		}
		for _, b := range strings.FieldsFunc(get("instalment_banks"), func(r rune) bool { return r == ',' || r == ';' }) {
			if b = strings.TrimSpace(b); b != "" {
				in.Banks = append(in.Banks, b)
			}
		}
		o.Instalment = in
	}
	return o, verr.Err()
}

type unsubscribePage struct {
	Layout
	Token   string
	Watches []prices.Watch
	Done    bool
}

// handleUnsubscribeForm shows what a mail's unsubscribe link ends, with
// the button that ends it (a GET changes nothing: mail scanners follow
// links).
func (s *Server) handleUnsubscribeForm(w http.ResponseWriter, r *http.Request) {
	ws, err := s.stores.Prices.UnsubscribeWatches(r.Context(), r.PathValue("token"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.renderPage(w, r, "unsubscribe.html", unsubscribePage{Layout: s.layout(r, s.printer(r).T("account.unsubscribe.title"), ""), Token: r.PathValue("token"), Watches: ws})
}

// handleUnsubscribe ends the watches of a mail's unsubscribe link: the
// RFC 8058 one-click POST a mail client sends (List-Unsubscribe=One-Click)
// and the button of the confirmation page alike.
func (s *Server) handleUnsubscribe(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	ws, err := s.stores.Prices.Unsubscribe(r.Context(), r.PathValue("token"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.renderPage(w, r, "unsubscribe.html", unsubscribePage{Layout: s.layout(r, s.printer(r).T("account.unsubscribe.done_title"), ""), Watches: ws, Done: true})
}
