package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	netmail "net/mail"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"masahe/data"
	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/catalog"
	"masahe/internal/jobs"
	"masahe/internal/locale"
	"masahe/internal/mail"
	"masahe/internal/prices"
	"masahe/internal/prices/alert"
	"masahe/internal/prices/fetch"
	"masahe/internal/store"
	"masahe/internal/store/storetest"
	"masahe/internal/web"
)

// testClock is a clock a test moves; Sleep moves it too, so the fetcher's
// wait between requests to one host takes no real time.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
func (c *testClock) Sleep(_ context.Context, d time.Duration) error { c.Add(d); return nil }

// shopPages is a local shop serving product pages in three shapes real
// shops use (a Shopify-style Offer list, a WooCommerce-style graph with a
// priceSpecification, a marketplace AggregateOffer), at prices a test sets.
type shopPages struct {
	mu     sync.Mutex
	prices map[string]string // path → price text
}

func (s *shopPages) set(path, price string) {
	s.mu.Lock()
	s.prices[path] = price
	s.mu.Unlock()
}

func (s *shopPages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/robots.txt" {
		fmt.Fprint(w, "User-agent: *\nDisallow: /cart\n")
		return
	}
	s.mu.Lock()
	price, ok := s.prices[r.URL.Path]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	var ld string
	switch {
	case strings.HasPrefix(r.URL.Path, "/products/"):
		ld = `{"@context":"https://schema.org","@type":"Product","name":"Lounger","offers":[{"@type":"Offer","price":"` + price +
			`","priceCurrency":"PHP","availability":"https://schema.org/InStock"}]}`
	case strings.HasPrefix(r.URL.Path, "/product/"):
		ld = `{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"Product","name":"Recliner","offers":{"@type":"Offer",
			"priceSpecification":{"@type":"UnitPriceSpecification","price":` + price + `,"priceCurrency":"PHP"}}}]}`
	default:
		ld = `{"@context":"https://schema.org","@type":"Product","name":"Chair","offers":{"@type":"AggregateOffer","lowPrice":"` + price +
			`","highPrice":"` + price + `","priceCurrency":"PHP","offerCount":3}}`
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><html><head><title>Shop</title><script type="application/ld+json">%s</script></head><body>Price</body></html>`, ld)
}

// startShop serves shop on a loopback port and returns its address.
func startShop(t *testing.T, shop *shopPages) string {
	t.Helper()
	srv := httptest.NewServer(shop)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestPriceTrackingEndToEnd is the "done when": from a fresh start
// an editor tracks three product pages on a local shop; a fetch records
// three observations; a week later one page is cheaper, and the next
// fetch draws a two-point history on the chair page and sends exactly one
// alert mail, over SMTP, to the member watching that chair, whose
// one-click unsubscribe works.
func TestPriceTrackingEndToEnd(t *testing.T) {
	t.Parallel()
	for name, dsn := range storetest.DSNs() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			clk := &testClock{t: time.Date(2026, 11, 3, 2, 0, 0, 0, time.UTC)}
			st, err := store.Open(ctx, dsn(t), clk.Now)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			starter, err := data.Starter()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.LoadStarter(ctx, starter); err != nil {
				t.Fatal(err)
			}
			bundle, err := locale.NewBundle(slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.Import(ctx, &catalog.Document{Retailers: []catalog.Retailer{{Slug: "test-shop", Name: "Test Shop"}}}, nil); err != nil {
				t.Fatal(err)
			}
			shop := &shopPages{prices: map[string]string{"/products/lounger": "129990.00", "/product/recliner": "99990", "/p/chair": "149,990"}}
			shopURL := startShop(t, shop)

			editor := audit.Actor{Email: "editor@example.ph"}
			chairs := starter.Chairs[:3]
			paths := []string{"/products/lounger", "/product/recliner", "/p/chair"}
			for i, p := range paths {
				if _, err := st.SaveTrackedURL(ctx, editor, prices.TrackedURL{ChairSlug: chairs[i].Slug, RetailerSlug: "test-shop", URL: shopURL + p}); err != nil {
					t.Fatal(err)
				}
			}
			member, err := st.CreateUser(ctx, account.User{Email: "ana@example.ph", DisplayName: "Ana", Role: account.Member}, "x")
			if err != nil {
				t.Fatal(err)
			}
			if err := st.AddWatch(ctx, member.ID, chairs[0].Slug, 0, "en"); err != nil {
				t.Fatal(err)
			}

			fetcher := fetch.New(fetch.Config{BaseURL: "https://masahe.example", Now: clk.Now, Sleep: clk.Sleep})
			log := slog.New(slog.DiscardHandler)
			res, err := fetchPrices(ctx, st, fetcher, clk.Now, log)
			if err != nil || res.Pages != 3 || res.Recorded != 3 || res.Failed != 0 || res.Alerts != 0 {
				t.Fatalf("first fetch = %+v, %v; want 3 observations and no alert", res, err)
			}
			clk.Add(7 * 24 * time.Hour)
			shop.set("/products/lounger", "119990.00")
			if res, err = fetchPrices(ctx, st, fetcher, clk.Now, log); err != nil || res.Recorded != 3 || res.Alerts != 1 {
				t.Fatalf("fetch a week later = %+v, %v; want 3 observations and 1 alert", res, err)
			}

			handler, err := web.NewServer(web.Config{BaseURL: "https://masahe.example", Now: clk.Now}, webStores(st), log, prometheus.NewRegistry())
			if err != nil {
				t.Fatal(err)
			}
			page := httptest.NewRecorder()
			handler.ServeHTTP(page, httptest.NewRequest(http.MethodGet, "/chairs/"+chairs[0].Slug, nil))
			body := page.Body.String()
			table := body[strings.Index(body, `class="price-table"`):]
			table = table[:strings.Index(table, "</table>")]
			if page.Code != 200 || !strings.Contains(body, `<svg xmlns="http://www.w3.org/2000/svg"`) || strings.Count(table, `<th scope="row">`) != 2 ||
				!strings.Contains(table, "₱129,990") || !strings.Contains(table, "₱119,990") {
				t.Fatalf("chair page %d: want the chart and a two-row table of ₱129,990 then ₱119,990:\n%s", page.Code, table)
			}

			sink := startSMTPSink(t)
			sender, err := mail.NewSMTP(mail.SMTPConfig{URL: "smtp+insecure://" + sink.addr, From: "Masahe <alerts@masahe.example>"})
			if err != nil {
				t.Fatal(err)
			}
			runner, err := jobs.New(st, map[string]jobs.Handler{
				mail.JobKind:  mail.JobHandler(sender),
				alert.JobKind: alert.JobHandler(st, alert.Config{BaseURL: "https://masahe.example", Now: clk.Now, Locale: bundle}),
			}, jobs.Config{Worker: "test", Now: clk.Now, Log: log})
			if err != nil {
				t.Fatal(err)
			}
			for {
				worked, err := runner.Work(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if !worked {
					break
				}
			}
			got := sink.messages()
			if len(got) != 1 {
				t.Fatalf("%d mails delivered, want exactly 1", len(got))
			}
			unsubscribe := checkAlertMail(t, got[0], "ana@example.ph", chairs[0].FullName(), "₱129,990", "₱119,990", "Test Shop")
			u, err := url.Parse(unsubscribe)
			if err != nil || !strings.HasPrefix(u.Path, "/unsubscribe/") {
				t.Fatalf("unsubscribe URL %q", unsubscribe)
			}
			post := httptest.NewRequest(http.MethodPost, u.Path, strings.NewReader("List-Unsubscribe=One-Click"))
			post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			w := httptest.NewRecorder()
			handler.ServeHTTP(w, post)
			if w.Code != http.StatusOK {
				t.Fatalf("one-click unsubscribe: status %d\n%.500s", w.Code, w.Body)
			}
			if ws, err := st.Watches(ctx, member.ID); err != nil || len(ws) != 0 {
				t.Errorf("watches after unsubscribing: %+v, %v", ws, err)
			}
		})
	}
}

// checkAlertMail checks an alert mail's headers and both parts, and
// returns its one-click unsubscribe URL.
func checkAlertMail(t *testing.T, raw []byte, to string, want ...string) string {
	t.Helper()
	m, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Header.Get("To"); !strings.Contains(got, to) {
		t.Errorf("To %q, want %s", got, to)
	}
	if got := m.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", got)
	}
	list := m.Header.Get("List-Unsubscribe")
	if !strings.HasPrefix(list, "<https://masahe.example/unsubscribe/") || !strings.HasSuffix(list, ">") {
		t.Fatalf("List-Unsubscribe %q", list)
	}
	unsubscribe := strings.Trim(list, "<>")
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q, %v", m.Header.Get("Content-Type"), err)
	}
	parts := map[string]string{}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p) // multipart decodes quoted-printable
		kind, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		parts[kind] = string(b)
	}
	for _, kind := range []string{"text/plain", "text/html"} {
		text := parts[kind]
		for _, w := range append(want, unsubscribe) {
			if kind == "text/html" {
				w = strings.ReplaceAll(w, "&", "&amp;")
			}
			if !strings.Contains(text, w) {
				t.Errorf("%s part lacks %q:\n%s", kind, w, text)
			}
		}
	}
	return unsubscribe
}
