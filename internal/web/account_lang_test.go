package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"masahe/internal/account"
	"masahe/internal/locale"
	"masahe/internal/mail"
	"masahe/internal/safety"
)

var (
	textNode  = regexp.MustCompile(`>([^<]+)<`)
	localLink = regexp.MustCompile(`(?:href|action)="(/[^"]*)"`)
)

// englishLeft lists the sentences (three words or more) of the English
// page's main element that the Filipino page still has: template text
// left untranslated. keep is data both pages show (an address, a name).
func englishLeft(en, fil string, keep ...string) []string {
	filText := html.UnescapeString(mainText.FindString(fil))
	var left []string
	for _, m := range textNode.FindAllStringSubmatch(mainText.FindString(en), -1) {
		s := strings.TrimSpace(html.UnescapeString(m[1]))
		if len(strings.Fields(s)) < 3 || slices.ContainsFunc(keep, func(k string) bool { return strings.Contains(s, k) }) {
			continue
		}
		if strings.Contains(filText, s) {
			left = append(left, s)
		}
	}
	return left
}

// TestFilipinoAccountPages: every account page, the session log and the
// error pages under /fil/ are in Filipino (no sentence of the English page
// is left in them, the title is translated), and their links and form
// actions stay under /fil/. English is unchanged by the same check.
func TestFilipinoAccountPages(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, true)
	ctx := context.Background()
	u := f.addUser(t, "mila@example.ph", account.Member, testHash(t))
	cookie := f.login(t, "mila@example.ph", testPassword, "")
	var slug, chairName string
	if err := f.sqlDB(t).QueryRow("SELECT c.slug, b.name || ' ' || c.name FROM chairs c JOIN brands b ON b.id = c.brand_id ORDER BY c.id LIMIT 1").Scan(&slug, &chairName); err != nil {
		t.Fatal(err)
	}
	if err := f.st.AddWatch(ctx, u.ID, slug, 0, "en"); err != nil {
		t.Fatal(err)
	}
	logged := f.addUser(t, "lito@example.ph", account.Member, testHash(t))
	logCookie := f.login(t, "lito@example.ph", testPassword, "")
	if err := f.st.GiveConsent(ctx, logged.ID, safety.ConsentVersion); err != nil {
		t.Fatal(err)
	}
	now := f.clk.Now()
	for i := range 3 {
		s := safety.LoggedSession{At: now.Add(-time.Duration(i+1) * time.Hour), Chair: "Test chair", Intensity: 2 + i, Minutes: 30, Areas: []string{"back"}}
		if _, err := f.st.AddSession(ctx, logged.ID, s); err != nil {
			t.Fatal(err)
		}
	}
	c := safety.CheckIn{At: now.Add(-10 * time.Minute), Soreness: 8, Areas: []string{"back"}, Symptoms: []string{"fever"}}
	if _, err := f.st.AddCheckIn(ctx, logged.ID, c); err != nil {
		t.Fatal(err)
	}
	// Data, not template text: addresses, names, and the sources' titles
	// (written in English).
	keep := []string{"mila@example.ph", "lito", "Test chair", chairName, safety.ConsentVersion, "et al."}
	for _, tt := range []struct {
		name   string
		q      req
		status int
	}{
		{"signup", req{method: "GET", target: "/signup"}, 200},
		{"signup received", req{method: "POST", target: "/signup", form: url.Values{"email": {"mila@example.ph"}, "display_name": {"Mila"}, "password": {testPassword}}}, 200},
		{"signup error", req{method: "POST", target: "/signup", form: url.Values{"email": {"nope"}, "display_name": {"Mila"}, "password": {testPassword}}}, 400},
		{"login", req{method: "GET", target: "/login?done=reset"}, 200},
		{"login failed", req{method: "POST", target: "/login", form: url.Values{"email": {"mila@example.ph"}, "password": {"not the password"}}}, 401},
		{"forgot", req{method: "GET", target: "/forgot"}, 200},
		{"forgot sent", req{method: "POST", target: "/forgot", form: url.Values{"email": {"mila@example.ph"}}}, 200},
		{"reset bad link", req{method: "GET", target: "/reset?token=junk"}, 400},
		{"reset", req{method: "GET", target: "/verify?token=junk"}, 400},
		{"account", req{method: "GET", target: "/account?done=watching", cookie: cookie}, 200},
		{"account error", req{method: "POST", target: "/account/password", form: url.Values{"current_password": {"wrong"}, "new_password": {"a new long passphrase"}}, cookie: cookie}, 400},
		{"log consent", req{method: "GET", target: "/me/log", cookie: cookie}, 200},
		{"log consent refused", req{method: "POST", target: "/me/log/consent", form: url.Values{}, cookie: cookie}, 400},
		{"log", req{method: "GET", target: "/me/log?done=session", cookie: logCookie}, 200},
		{"log error", req{method: "POST", target: "/me/log/sessions", form: url.Values{"intensity": {"9"}, "minutes": {"10"}}, cookie: logCookie}, 400},
		{"not found", req{method: "GET", target: "/no/such/page"}, 404},
		{"forbidden", req{method: "GET", target: "/me/log/export.json", cookie: cookie}, 403},
		{"unsubscribe unknown", req{method: "GET", target: "/unsubscribe/nosuchtoken"}, 404},
		{"cross-site post", req{method: "POST", target: "/login", form: url.Values{}, header: map[string]string{"Sec-Fetch-Site": "cross-site"}}, 403},
	} {
		t.Run(tt.name, func(t *testing.T) {
			enQ, filQ := tt.q, tt.q
			filQ.target = "/fil" + tt.q.target
			if tt.name == "signup received" {
				// A second sign-up of the address: the same page.
				filQ.form = url.Values{"email": {"mila@example.ph"}, "display_name": {"Mila"}, "password": {testPassword}}
			}
			en, fil := f.do(t, enQ), f.do(t, filQ)
			if en.Code != tt.status || fil.Code != tt.status {
				t.Fatalf("status %d in English, %d in Filipino; want %d. Filipino page:\n%.2000s", en.Code, fil.Code, tt.status, fil.Body)
			}
			page := fil.Body.String()
			if !strings.Contains(page, `<html lang="fil"`) || strings.Contains(page, `<html lang="en"`) {
				t.Errorf("the page is not in Filipino: %.200s", page)
			}
			if left := englishLeft(en.Body.String(), page, keep...); len(left) > 0 {
				t.Errorf("English left on the Filipino page: %q", left)
			}
			enTitle, filTitle := titleOf(en.Body.String()), titleOf(page)
			if enTitle == "" || enTitle == filTitle {
				t.Errorf("title %q in both languages", filTitle)
			}
			for _, m := range localLink.FindAllStringSubmatch(mainText.FindString(page), -1) {
				if !strings.HasPrefix(m[1], "/fil/") && m[1] != "/fil" && !strings.HasPrefix(m[1], "/admin") {
					t.Errorf("a link or form leaves Filipino: %s", m[0])
				}
			}
			if strings.Contains(page, "%!") || regexp.MustCompile(`\b(account|log|errors|triage)\.[a-z_]+\.[a-z_.]+\b`).MatchString(mainOf(page)) {
				t.Errorf("a message is missing or misfilled: %s", mainOf(page))
			}
		})
	}
}

var titleRE = regexp.MustCompile(`<title>([^<]*)</title>`)

func titleOf(page string) string {
	if m := titleRE.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}

// TestFilipinoRedirectsStayFilipino: after a post from a Filipino page,
// and on the way to log in, the next page is the Filipino one.
func TestFilipinoRedirectsStayFilipino(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	f.addUser(t, "rosa@example.ph", account.Member, testHash(t))
	cookie := f.login(t, "rosa@example.ph", testPassword, "")
	for _, tt := range []struct {
		q    req
		want string
	}{
		{req{method: "GET", target: "/fil/account"}, "/fil/login?next=%2Ffil%2Faccount"},
		{req{method: "GET", target: "/account"}, "/login?next=%2Faccount"},
		{req{method: "POST", target: "/fil/login", form: url.Values{"email": {"rosa@example.ph"}, "password": {testPassword}}}, "/fil/account"},
		{req{method: "POST", target: "/fil/login", form: url.Values{"email": {"rosa@example.ph"}, "password": {testPassword}, "next": {"/fil/me/log"}}}, "/fil/me/log"},
		{req{method: "POST", target: "/fil/account/logout-others", form: url.Values{}, cookie: cookie}, "/fil/account?done=sessions"},
		{req{method: "POST", target: "/fil/me/log/consent", form: url.Values{"agree": {"yes"}}, cookie: cookie}, "/fil/me/log?done=consent"},
		{req{method: "POST", target: "/fil/me/log/sessions", form: url.Values{"intensity": {"2"}, "minutes": {"10"}}, cookie: cookie}, "/fil/me/log?done=session#guard"},
		{req{method: "POST", target: "/fil/me/log/delete", form: url.Values{}, cookie: cookie}, "/fil/account?done=log-deleted"},
		{req{method: "POST", target: "/fil/logout", form: url.Values{}, cookie: cookie}, "/fil/"},
	} {
		w := f.do(t, tt.q)
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != tt.want {
			t.Errorf("%s %s: status %d, Location %q; want 303 to %s", tt.q.method, tt.q.target, w.Code, w.Header().Get("Location"), tt.want)
		}
	}
	// The notice the redirect asks for is in Filipino.
	p := f.srv.bundle.Printer(locale.Filipino)
	if body := f.get(t, "/fil/login?done=reset", "").Body.String(); !strings.Contains(body, p.T("account.notice.reset")) {
		t.Error("the Filipino login page does not confirm the reset in Filipino")
	}
}

var filLink = regexp.MustCompile(`http://example\.com/fil/(verify|reset)\?token=[A-Za-z0-9_-]+`)

// TestFilipinoMail: a sign-up, a second sign-up of the address and a
// forgot-password request from Filipino pages mail in Filipino, with
// links to the Filipino pages; the same from English pages mail in
// English with English links.
func TestFilipinoMail(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, false)
	signup := func(prefix, email string) {
		w := f.post(t, prefix+"/signup", url.Values{"email": {email}, "display_name": {"Tala"}, "password": {testPassword}}, "")
		if w.Code != http.StatusOK {
			t.Fatalf("sign-up at %s: status %d", prefix, w.Code)
		}
	}
	signup("/fil", "tala@example.ph")
	signup("/fil", "tala@example.ph")
	signup("", "ben@example.ph")
	mails := jobMails(t, f)
	if len(mails) != 3 {
		t.Fatalf("%d mails queued, want 3", len(mails))
	}
	verify, taken, english := mails[0], mails[1], mails[2]
	if verify.Language != "fil" || verify.Subject != "Kumpirmahin ang iyong email address para sa Masahe" ||
		!filLink.MatchString(verify.Text) || !strings.Contains(verify.HTML, `href="`+filLink.FindString(verify.Text)+`"`) ||
		!strings.Contains(verify.Text, "48 oras") || strings.Contains(verify.Text, "hours") {
		t.Errorf("the Filipino verification mail: %s %q\n%s", verify.Language, verify.Subject, verify.Text)
	}
	if taken.Language != "fil" || !strings.Contains(taken.Text, "http://example.com/fil/login") || !strings.Contains(taken.Text, "http://example.com/fil/forgot") {
		t.Errorf("the Filipino mail to a taken address: %s %q\n%s", taken.Language, taken.Subject, taken.Text)
	}
	if english.Language != "en" || english.Subject != "Confirm your email address for Masahe" || strings.Contains(english.Text, "/fil") ||
		!strings.Contains(english.Text, "http://example.com/verify?token=") {
		t.Errorf("the English verification mail: %s %q\n%s", english.Language, english.Subject, english.Text)
	}
	// The link of the Filipino mail opens the Filipino confirm page.
	link := strings.TrimPrefix(filLink.FindString(verify.Text), "http://example.com")
	if w := f.get(t, link, ""); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `action="/fil/verify"`) {
		t.Errorf("GET %s: status %d, want the Filipino confirm page", link, w.Code)
	}

	// Forgot password: the job, later, mails in the request's language.
	if w := f.post(t, "/fil/forgot", url.Values{"email": {"tala@example.ph"}}, ""); w.Code != http.StatusOK {
		t.Fatalf("forgot: status %d", w.Code)
	}
	dir := t.TempDir()
	list := runJobs(t, f, dir)
	i := slices.IndexFunc(list, func(m mail.Stored) bool { return strings.HasPrefix(m.Subject, "I-reset") })
	if i < 0 {
		t.Fatalf("no Filipino reset mail was sent: %v", list)
	}
	full, err := mail.Read(dir, list[i].Name)
	if err != nil {
		t.Fatal(err)
	}
	if full.Language != "fil" || !regexp.MustCompile(`http://example\.com/fil/reset\?token=`).MatchString(full.Text) || !strings.Contains(full.Text, "1 oras") {
		t.Errorf("the reset mail: %s %q\n%s", full.Language, full.Subject, full.Text)
	}
}

// TestWatchKeepsItsLanguage: a price watch set from a Filipino page is
// stored in Filipino (its alert mails are written in it), one set from an
// English page in English, and the redirect stays in the page's language.
func TestWatchKeepsItsLanguage(t *testing.T) {
	t.Parallel()
	f := newAccountFixture(t, Config{}, true)
	u := f.addUser(t, "nena@example.ph", account.Member, testHash(t))
	cookie := f.login(t, "nena@example.ph", testPassword, "")
	var slug string
	if err := f.sqlDB(t).QueryRow("SELECT slug FROM chairs ORDER BY id LIMIT 1").Scan(&slug); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ prefix, lang, location string }{
		{"/fil", "fil", "/fil/account?done=watching#watches"},
		{"", "en", "/account?done=watching#watches"},
	} {
		w := f.post(t, tt.prefix+"/chairs/"+slug+"/watch", url.Values{"kind": {"any"}}, cookie)
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != tt.location {
			t.Errorf("watch from %q: status %d, Location %q; want 303 to %s", tt.prefix, w.Code, w.Header().Get("Location"), tt.location)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM price_watches WHERE user_id = ? AND lang = ?", u.ID, tt.lang); n != 1 {
			t.Errorf("watch from %q: %d watches in %s, want 1", tt.prefix, n, tt.lang)
		}
	}
}
