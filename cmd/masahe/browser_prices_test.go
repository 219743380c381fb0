package main

import (
	"context"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"masahe/data"
	"masahe/internal/audit"
	"masahe/internal/catalog"
	"masahe/internal/prices"
	"masahe/internal/store"
)

// testPriceWatch: a member watches a chair from its page in the browser;
// the tracked page's price drops and a fetch records it; the server mails
// the alert over SMTP; the mail's unsubscribe link, opened in the browser,
// ends the watch. It runs its own server, which sends mail to a test SMTP
// server.
func testPriceWatch(browser context.Context) func(t *testing.T) {
	return func(t *testing.T) {
		ctx := context.Background()
		db := filepath.Join(t.TempDir(), "prices.db")
		shopURL := startShop(t, &shopPages{prices: map[string]string{"/products/lounger": "119990.00"}})
		starter, err := data.Starter()
		if err != nil {
			t.Fatal(err)
		}
		chair := starter.Chairs[0]
		st, err := store.Open(ctx, db, time.Now)
		if err != nil {
			t.Fatal(err)
		}
		err = func() error {
			defer st.Close()
			if _, err := st.LoadStarter(ctx, starter); err != nil {
				return err
			}
			if _, err := st.Import(ctx, &catalog.Document{Retailers: []catalog.Retailer{{Slug: "test-shop", Name: "Test Shop"}}}, nil); err != nil {
				return err
			}
			page := shopURL + "/products/lounger"
			if _, err := st.SaveTrackedURL(ctx, audit.Actor{Email: "editor@example.ph"},
				prices.TrackedURL{ChairSlug: chair.Slug, RetailerSlug: "test-shop", URL: page}); err != nil {
				return err
			}
			yesterday := prices.Observation{ChairSlug: chair.Slug, RetailerSlug: "test-shop", Price: prices.Pesos(129_990), URL: page,
				ObservedAt: time.Now().Add(-24 * time.Hour), Method: prices.ByExtraction}
			_, err := st.RecordObservations(ctx, []prices.Observation{yesterday}, nil)
			return err
		}()
		if err != nil {
			t.Fatal(err)
		}
		sink := startSMTPSink(t)
		base := startRun(t, db, "--smtp-url", "smtp+insecure://"+sink.addr, "--mail-from", "Masahe <alerts@masahe.example>")

		tab, cancel := chromedp.NewContext(browser)
		defer cancel()
		signUpAndLogIn(t, tab, base, "rosa@example.ph", "Rosa of Iloilo", "a watched price never drops")
		// Alerts go only to a confirmed address: confirm it from the
		// sign-up mail.
		verifyLink := regexp.MustCompile(`https?://[^\s"<>]+/verify\?token=[A-Za-z0-9_-]+`)
		var link string
		for deadline := time.Now().Add(time.Minute); link == "" && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			for _, m := range sink.messages() {
				if l := verifyLink.FindString(strings.NewReplacer("=\r\n", "", "=3D", "=").Replace(string(m))); l != "" {
					link = l
				}
			}
		}
		if link == "" {
			t.Fatal("no confirmation mail with a /verify link after sign-up")
		}
		navigate(t, tab, base+link[strings.Index(link, "/verify"):])
		clickNavigate(t, tab, `form.auth button[type=submit]`)
		navigate(t, tab, base+"/chairs/"+url.PathEscape(chair.Slug))
		do(t, tab, chromedp.Click(chromedp.CSS(`details.watch summary`)))
		clickNavigate(t, tab, `details.watch button[type=submit]`)
		if got := eval[string](t, tab, `document.querySelector("#watches + ul, #watches + p").textContent`); !strings.Contains(got, chair.Name) || !strings.Contains(got, "any drop") {
			t.Fatalf("the account page lists %q, want the watch of %s for any drop", got, chair.Name)
		}

		// The price drops: the fetch records it and commits the alert.
		if out, stderr, err := runCmd(t, "prices", "fetch", "--database", db, "--fetch-interval", "1ms"); err != nil || !strings.Contains(out, "1 alerts") {
			t.Fatalf("prices fetch = %q, %v\n%s", out, err, stderr)
		}
		// Sign-up sent its own mail (the address check); alerts are the
		// mails with an unsubscribe header.
		alerts := func() [][]byte {
			var out [][]byte
			for _, m := range sink.messages() {
				if strings.Contains(string(m), "List-Unsubscribe:") {
					out = append(out, m)
				}
			}
			return out
		}
		deadline := time.Now().Add(time.Minute)
		for len(alerts()) == 0 && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
		}
		got := alerts()
		if len(got) != 1 {
			t.Fatalf("%d alert mails, want 1", len(got))
		}
		m := strings.NewReplacer("=\r\n", "", "=3D", "=").Replace(string(got[0]))
		if !strings.Contains(m, "List-Unsubscribe-Post: List-Unsubscribe=One-Click") {
			t.Errorf("the alert has no one-click unsubscribe:\n%s", m)
		}
		i := strings.Index(m, "List-Unsubscribe: <")
		if i < 0 {
			t.Fatalf("no List-Unsubscribe header:\n%s", m)
		}
		link = m[i+len("List-Unsubscribe: <"):]
		link = link[:strings.Index(link, ">")]

		navigate(t, tab, link)
		clickNavigate(t, tab, `main form button[type=submit]`)
		if h := eval[string](t, tab, `document.querySelector("h1").textContent`); h != "Price alerts stopped" {
			t.Errorf("after unsubscribing the page says %q", h)
		}
		navigate(t, tab, base+"/account")
		if got := eval[string](t, tab, `document.querySelector("#watches + ul, #watches + p").textContent`); !strings.Contains(got, "You watch no chair") {
			t.Errorf("the account page still lists %q", got)
		}
	}
}
