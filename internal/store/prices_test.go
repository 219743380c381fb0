package store

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"masahe/internal/account"
	"masahe/internal/catalog"
	"masahe/internal/errs"
	"masahe/internal/locale"
	"masahe/internal/mail"
	"masahe/internal/prices"
	"masahe/internal/prices/alert"
)

// testShops adds two test retailers.
func testShops(t *testing.T, s *Store) {
	t.Helper()
	shops := []catalog.Retailer{{Slug: "test-shop-a", Name: "Test Shop A"}, {Slug: "test-shop-b", Name: "Test Shop B"}}
	if _, err := s.Import(context.Background(), &catalog.Document{Retailers: shops}, nil); err != nil {
		t.Fatal(err)
	}
}

func obsAt(chair, shop string, pesos int64, at time.Time) prices.Observation {
	return prices.Observation{ChairSlug: chair, RetailerSlug: shop, Price: prices.Pesos(pesos), URL: "https://" + shop + ".example.test/" + chair,
		ObservedAt: at, Method: prices.ByFeed}
}

func TestRecordObservations(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc := loadStarter(t, s)
		testShops(t, s)
		a, b := doc.Chairs[0].Slug, doc.Chairs[1].Slug
		now := testNow()

		// One bad row refuses the whole batch, naming its line and field.
		bad := []prices.Observation{obsAt(a, "test-shop-a", 100_000, now.Add(-time.Hour)), obsAt("no-such-chair", "test-shop-a", 1, now),
			obsAt(b, "no-such-shop", 90_000, now.Add(-time.Hour)), obsAt(b, "test-shop-a", 90_000, now.Add(time.Hour))}
		_, err := s.RecordObservations(ctx, bad, nil)
		var verr *prices.ValidationError
		if !errors.As(err, &verr) || errs.CodeOf(err) != errs.Invalid {
			t.Fatalf("err = %v, want a validation error", err)
		}
		for _, want := range []string{"line 2, field chair", "line 3, field retailer", "line 4, field observed_at"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("problems %q lack %q", err, want)
			}
		}
		if c, _ := s.Chair(ctx, a); len(c.Offers) != 0 {
			t.Fatalf("a refused batch wrote offers %+v", c.Offers)
		}

		// 1,200 daily observations (more than two batches): recorded once,
		// the latest of each retailer is its current offer.
		var many []prices.Observation
		for d := range 600 {
			at := now.Add(-time.Duration(600-d) * 24 * time.Hour)
			many = append(many, obsAt(a, "test-shop-a", 100_000+int64(d%7)*1000, at), obsAt(a, "test-shop-b", 120_000-int64(d)*10, at))
		}
		version, _ := s.CatalogVersion(ctx)
		calls := 0
		res, err := s.RecordObservations(ctx, many, func(done, total int) { calls++ })
		if err != nil || res.Recorded != 1200 || res.Unchanged != 0 || calls != 3 {
			t.Fatalf("record = %+v, %v (%d progress calls)", res, err, calls)
		}
		if v, _ := s.CatalogVersion(ctx); v == version {
			t.Error("recording prices left the catalog version as it was")
		}
		res, err = s.RecordObservations(ctx, many, nil)
		if err != nil || res.Recorded != 0 || res.Unchanged != 1200 {
			t.Fatalf("second record = %+v, %v; want all unchanged", res, err)
		}
		c, err := s.Chair(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		lastA, lastB := many[len(many)-2], many[len(many)-1]
		if len(c.Offers) != 2 || c.Offers[0].Price != lastA.Price || c.Offers[1].Price != lastB.Price || c.Offers[0].Stale {
			t.Errorf("offers %+v, want each shop's latest, %s then %s", c.Offers, lastA.Price, lastB.Price)
		}
		h, names, err := s.PriceHistory(ctx, a, time.Time{})
		if err != nil || len(h.Series) != 2 || names["test-shop-a"] != "Test Shop A" || h.LowestEver == nil {
			t.Errorf("history %d series, names %v, lowest %v, err %v", len(h.Series), names, h.LowestEver, err)
		}
		// An older observation does not replace the current offer.
		if _, err := s.RecordObservations(ctx, []prices.Observation{obsAt(a, "test-shop-b", 1_000, now.AddDate(-3, 0, 0))}, nil); err != nil {
			t.Fatal(err)
		}
		if c, _ := s.Chair(ctx, a); c.Offers[1].Price != lastB.Price {
			t.Errorf("an old observation became the current offer: %+v", c.Offers[0])
		}
		// Filters and sorts use the lowest fresh price.
		page, err := s.ListChairs(ctx, filter(t, "max_price=105000"))
		if err != nil || page.Total != 1 || page.Chairs[0].Slug != a {
			t.Errorf("max_price filter: %d chairs, %v", page.Total, err)
		}
	})
}

func TestPriceAlerts(t *testing.T) {
	t.Parallel()
	bundle, err := locale.NewBundle(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc := loadStarter(t, s)
		testShops(t, s)
		a, b := doc.Chairs[0].Slug, doc.Chairs[1].Slug
		u, err := s.CreateUser(ctx, account.User{Email: "ana@example.ph", DisplayName: "Ana", Role: account.Member}, "x")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddWatch(ctx, u.ID, a, 0, "en"); err != nil {
			t.Fatal(err)
		}
		if err := s.AddWatch(ctx, u.ID, b, prices.Pesos(95_000), "en"); err != nil {
			t.Fatal(err)
		}
		if err := s.AddWatch(ctx, u.ID, "no-such-chair", 0, "en"); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("watching a missing chair: %v", err)
		}
		if err := s.AddWatch(ctx, u.ID, a, 0, "xx"); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("watching in an unknown language: %v", err)
		}
		now := testNow() // 16:00 in Manila
		record := func(o ...prices.Observation) int {
			t.Helper()
			res, err := s.RecordObservations(ctx, o, nil)
			if err != nil {
				t.Fatal(err)
			}
			return res.Alerts
		}
		for _, tc := range []struct {
			name string
			obs  prices.Observation
			want int
		}{
			{"a first price is no drop", obsAt(a, "test-shop-a", 100_000, now.Add(-3*time.Hour)), 0},
			{"above the target", obsAt(b, "test-shop-a", 99_000, now.Add(-3*time.Hour)), 0},
			{"a drop fires", obsAt(a, "test-shop-b", 90_000, now.Add(-2*time.Hour)), 1},
			{"a second drop the same day does not", obsAt(a, "test-shop-b", 80_000, now.Add(-time.Hour)), 0},
			{"crossing the target fires, for the digest", obsAt(b, "test-shop-b", 94_000, now.Add(-time.Hour)), 1},
			{"staying under the target does not", obsAt(b, "test-shop-b", 93_000, now.Add(-30*time.Minute)), 0},
		} {
			if got := record(tc.obs); got != tc.want {
				t.Errorf("%s: %d alerts, want %d", tc.name, got, tc.want)
			}
		}
		// The first alert of the day is due now; the second waits for the
		// morning digest at 08:00 Manila (00:00 UTC) the next day.
		first, err := s.ClaimJob(ctx, []string{alert.JobKind}, "w", now, now.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ClaimJob(ctx, []string{alert.JobKind}, "w", now, now.Add(time.Minute)); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("a second alert job is due today: %v", err)
		}
		if _, err := s.ClaimJob(ctx, []string{alert.JobKind}, "w2", time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), now.Add(time.Hour)); err != nil {
			t.Errorf("the digest job is not due the next morning: %v", err)
		}
		// Running the first job mails both alerts in one message, once.
		var got []prices.Alert
		var token string
		compose := func(to string, alerts []prices.Alert, tok string) (mail.Message, error) {
			got, token = alerts, tok
			return alert.Compose(alert.Config{BaseURL: "https://masahe.example", Now: testNow, Locale: bundle}, to, alerts, tok)
		}
		var p alert.Payload
		if err := json.Unmarshal(first.Payload, &p); err != nil || p.UserID != u.ID {
			t.Fatalf("payload %s, %v", first.Payload, err)
		}
		for range 2 {
			if err := s.MailAlerts(ctx, u.ID, compose); err != nil {
				t.Fatal(err)
			}
		}
		if len(got) != 2 || got[0].Old == 0 || got[0].New.Price >= got[0].Old || got[0].Lang != "en" || got[1].Lang != "en" {
			t.Errorf("alerts mailed %+v, want both, with old and new prices, in the watches' language", got)
		}
		mailJob, err := s.ClaimJob(ctx, []string{mail.JobKind}, "w", now, now.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		var m mail.Message
		if err := json.Unmarshal(mailJob.Payload, &m); err != nil || m.To != "ana@example.ph" || !strings.Contains(m.Subject, "2 chairs") ||
			!strings.HasSuffix(m.Unsubscribe, alert.UnsubscribePath(token)) {
			t.Errorf("mail %+v, %v", m, err)
		}
		if _, err := s.ClaimJob(ctx, []string{mail.JobKind}, "w", now, now.Add(time.Minute)); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("a second mail job: %v", err)
		}
		// The mail's one-click unsubscribe ends both watches, once.
		if ws, err := s.UnsubscribeWatches(ctx, token); err != nil || len(ws) != 2 {
			t.Errorf("unsubscribe shows %+v, %v", ws, err)
		}
		if ws, err := s.Unsubscribe(ctx, token); err != nil || len(ws) != 2 {
			t.Errorf("unsubscribe = %+v, %v", ws, err)
		}
		if ws, _ := s.Watches(ctx, u.ID); len(ws) != 0 {
			t.Errorf("watches after unsubscribing: %+v", ws)
		}
		if _, err := s.Unsubscribe(ctx, token); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("unsubscribing twice: %v, want not found", err)
		}
		// A watch keeps the language of the page it was set on, and
		// watching again from another language's page changes it.
		lang := func() string {
			var l string
			if err := s.read.QueryRowContext(ctx, s.q("SELECT w.lang FROM price_watches w JOIN chairs c ON c.id = w.chair_id WHERE w.user_id = ? AND c.slug = ?"),
				u.ID, a).Scan(&l); err != nil {
				t.Fatal(err)
			}
			return l
		}
		for _, want := range []string{"fil", "en"} {
			if err := s.AddWatch(ctx, u.ID, a, 0, want); err != nil || lang() != want {
				t.Errorf("watch in %s: %v, stored %q", want, err, lang())
			}
		}
	})
}

func TestSightingsAndTrackedURLs(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		doc := loadStarter(t, s)
		testShops(t, s)
		a := doc.Chairs[0].Slug
		by := adminEditor(t, s, "ed@example.ph", account.Editor)
		u, _ := s.CreateUser(ctx, account.User{Email: "m@example.ph", DisplayName: "Mia", Role: account.Member}, "x")
		seen := prices.Observation{ChairSlug: a, Price: prices.Pesos(129_990), ObservedAt: testNow().Add(-time.Hour),
			Instalment: &prices.Instalment{Months: 12, Banks: []string{"BDO"}}}
		if err := s.SubmitSighting(ctx, u.ID, seen, ""); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("a sighting with no place: %v", err)
		}
		if err := s.SubmitSighting(ctx, u.ID, seen, "SM Megamall showroom"); err != nil {
			t.Fatal(err)
		}
		seen.RetailerSlug = "test-shop-a"
		if err := s.SubmitSighting(ctx, u.ID, seen, ""); err != nil {
			t.Fatal(err)
		}
		queue, err := s.Sightings(ctx, prices.Pending, "", 10)
		if err != nil || len(queue) != 2 || queue[0].Where() != "SM Megamall showroom" || queue[0].SubmittedBy != "Mia" {
			t.Fatalf("queue %+v, %v", queue, err)
		}
		if c, _ := s.Chair(ctx, a); len(c.Offers) != 0 {
			t.Errorf("a pending sighting is an offer: %+v", c.Offers)
		}
		if err := s.ModerateSighting(ctx, by, queue[0].ID, false, ""); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("rejecting without a reason: %v", err)
		}
		if err := s.ModerateSighting(ctx, by, queue[0].ID, false, "no such showroom"); err != nil {
			t.Fatal(err)
		}
		if err := s.ModerateSighting(ctx, by, queue[1].ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.ModerateSighting(ctx, by, queue[1].ID, true, ""); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("moderating twice: %v", err)
		}
		c, _ := s.Chair(ctx, a)
		if len(c.Offers) != 1 || c.Offers[0].Method != prices.BySighting || c.Offers[0].Price != seen.Price {
			t.Errorf("offers after approval: %+v", c.Offers)
		}
		if shown, _ := s.Sightings(ctx, prices.Approved, a, 10); len(shown) != 1 {
			t.Errorf("approved sightings %+v", shown)
		}

		tu := prices.TrackedURL{ChairSlug: a, RetailerSlug: "test-shop-a", URL: "https://test-shop-a.example.test/p"}
		id, err := s.SaveTrackedURL(ctx, by, tu)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveTrackedURL(ctx, by, tu); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("the same URL twice: %v", err)
		}
		if _, err := s.RecordFetch(ctx, id, nil, "no_price: nothing on the page"); err != nil {
			t.Fatal(err)
		}
		failing, _ := s.TrackedURLs(ctx, true)
		if len(failing) != 1 || !failing[0].Failing || !strings.HasPrefix(failing[0].FailureReason, "no_price") {
			t.Errorf("failing URLs %+v", failing)
		}
		o := obsAt(a, "test-shop-a", 125_000, testNow())
		o.Method = prices.ByExtraction
		if res, err := s.RecordFetch(ctx, id, &o, ""); err != nil || res.Recorded != 1 {
			t.Errorf("record fetch = %+v, %v", res, err)
		}
		if failing, _ := s.TrackedURLs(ctx, true); len(failing) != 0 {
			t.Errorf("a URL that gave a price is still failing: %+v", failing)
		}
		if err := s.RemoveTrackedURL(ctx, by, id); err != nil {
			t.Fatal(err)
		}
		unpriced, err := s.ChairsWithoutFreshPrice(ctx)
		if err != nil || len(unpriced) != len(doc.Chairs)-1 {
			t.Errorf("%d chairs without a fresh price, want %d: %v", len(unpriced), len(doc.Chairs)-1, err)
		}
		var entities []string
		for _, e := range auditRows(t, s) {
			entities = append(entities, e.Action+" "+e.Entity)
		}
		if got := strings.Join(entities, ", "); got != "retire tracked_url, create tracked_url, approve sighting, reject sighting" {
			t.Errorf("audit log %s", got)
		}
	})
}
