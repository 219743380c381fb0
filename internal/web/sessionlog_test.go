// This file is over 600 lines on purpose: it holds the session log: consent, logging, guard, export and delete, each step building on the one before.
// Splitting it would scatter one fixture across files.

package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"masahe/internal/account"
	"masahe/internal/errs"
	"masahe/internal/phtime"
	"masahe/internal/safety"
	"masahe/internal/store"
)

// logFixture is the whole server with an owner, another member, an editor
// and an admin, each signed in. The clock is 24 November 2026, 16:00 in
// Manila.
type logFixture struct {
	*accountFixture
	users   map[string]account.User
	cookies map[string]string
}

func newLogFixture(t *testing.T) *logFixture {
	t.Helper()
	f := &logFixture{accountFixture: newAccountFixture(t, Config{}, true), users: map[string]account.User{}, cookies: map[string]string{}}
	hash := testHash(t)
	for name, role := range map[string]account.Role{"owner": account.Member, "other": account.Member, "editor": account.Editor, "admin": account.Admin} {
		email := name + "@example.ph"
		f.users[name] = f.addUser(t, email, role, hash)
		f.cookies[name] = f.login(t, email, testPassword, "")
	}
	return f
}

// consent gives who's consent through the form.
func (f *logFixture) consent(t *testing.T, who string) {
	t.Helper()
	w := f.post(t, "/me/log/consent", url.Values{"agree": {"yes"}}, f.cookies[who])
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/me/log?done=consent" {
		t.Fatalf("%s consents: status %d, Location %q; body %.300s", who, w.Code, w.Header().Get("Location"), w.Body)
	}
}

// manilaForm is a time as the datetime-local inputs send it, in Manila.
func manilaForm(t time.Time) string { return t.In(phtime.Manila).Format("2006-01-02T15:04") }

func sessionForm(at time.Time, program string, intensity, minutes string) url.Values {
	return url.Values{"at": {manilaForm(at)}, "chair": {"OSIM uDream"}, "program": {program}, "intensity": {intensity},
		"minutes": {minutes}, "area": {"back", "neck"}, "heat": {"on"}}
}

// logSession posts the session form and requires the redirect to the guard.
func (f *logFixture) logSession(t *testing.T, who string, form url.Values) {
	t.Helper()
	w := f.post(t, "/me/log/sessions", form, f.cookies[who])
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/me/log?done=session#guard" {
		t.Fatalf("%s logs %v: status %d, Location %q; body %.300s", who, form, w.Code, w.Header().Get("Location"), w.Body)
	}
}

// apiJSON gets an API answer and decodes it.
func (f *logFixture) apiJSON(t *testing.T, target, who string, wantStatus int, into any) *httptest.ResponseRecorder {
	t.Helper()
	w := f.get(t, target, f.cookies[who])
	if w.Code != wantStatus {
		t.Fatalf("%s: GET %s: status %d, want %d; body %.300s", who, target, w.Code, wantStatus, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: GET %s: Content-Type %q", who, target, ct)
	}
	if into != nil {
		if err := json.Unmarshal(w.Body.Bytes(), into); err != nil {
			t.Fatalf("GET %s: %v; body %.300s", target, err, w.Body)
		}
	}
	return w
}

type guardAnswer struct {
	Warnings []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Action  string `json:"action"`
		At      string `json:"at"`
		Source  struct {
			Title string `json:"title"`
			URL   string `json:"url"`
		} `json:"source"`
		Triage *struct {
			Level  string   `json:"level"`
			Advice []string `json:"advice"`
		} `json:"triage"`
		TriageURL string `json:"triage_url"`
	} `json:"warnings"`
	Week []dayTotalJSON `json:"week"`
	Plan []string       `json:"plan"`
}

func (g guardAnswer) count(code string) int {
	n := 0
	for _, w := range g.Warnings {
		if w.Code == code {
			n++
		}
	}
	return n
}

type exportAnswer struct {
	ConsentVersion string        `json:"consent_version"`
	ConsentedAt    time.Time     `json:"consented_at"`
	Sessions       []sessionJSON `json:"sessions"`
	CheckIns       []checkInJSON `json:"check_ins"`
}

func TestLogNeedsLogin(t *testing.T) {
	t.Parallel()
	f := newLogFixture(t)
	w := f.get(t, "/me/log", "")
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login?next=%2Fme%2Flog" {
		t.Errorf("anonymous GET /me/log: status %d, Location %q; want 303 to /login?next=%%2Fme%%2Flog", w.Code, w.Header().Get("Location"))
	}
	for _, target := range []string{"/me/log/export.json", "/me/log/export.csv"} {
		if w := f.get(t, target, ""); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login?") {
			t.Errorf("anonymous GET %s: status %d, Location %q; want 303 to /login", target, w.Code, w.Header().Get("Location"))
		}
	}
	for _, target := range []string{"/me/log/consent", "/me/log/sessions", "/me/log/checkins", "/me/log/delete"} {
		if w := f.post(t, target, sessionForm(f.clk.Now(), "x", "2", "10"), ""); w.Code != http.StatusUnauthorized {
			t.Errorf("anonymous POST %s: status %d, want 401", target, w.Code)
		}
	}
	for _, target := range []string{"/api/v1/me/sessions", "/api/v1/me/guard"} {
		var e errorBody
		f.apiJSON(t, target, "", http.StatusUnauthorized, &e)
		if e.Error.Code != errs.Unauthorized {
			t.Errorf("anonymous GET %s: error %+v, want unauthorized", target, e.Error)
		}
	}
	w = f.do(t, req{method: http.MethodPost, target: "/api/v1/me/sessions", body: `{"at":"2026-11-24T07:00:00Z","intensity":2,"minutes":10}`,
		header: map[string]string{"Content-Type": "application/json"}})
	if w.Code != http.StatusUnauthorized {
		t.Errorf("anonymous POST /api/v1/me/sessions: status %d, want 401", w.Code)
	}
	if n := f.count(t, "SELECT COUNT(*) FROM log_sessions"); n != 0 {
		t.Errorf("%d sessions stored by anonymous requests", n)
	}
}

func TestLogConsentScreen(t *testing.T) {
	t.Parallel()
	f := newLogFixture(t)
	owner := f.cookies["owner"]
	w := f.get(t, "/me/log", owner)
	body := w.Body.String()
	if w.Code != http.StatusOK {
		t.Fatalf("GET /me/log before consent: status %d", w.Code)
	}
	for _, want := range []string{`action="/me/log/consent"`, `name="agree"`, "What we store", "Why", "Who can see it",
		"delete it all", "withdraws this consent", "JSON or CSV", safety.ConsentVersion} {
		if !strings.Contains(body, want) {
			t.Errorf("the consent screen lacks %q", want)
		}
	}
	for _, not := range []string{`action="/me/log/sessions"`, `id="week-chart"`, `/me/log/export.json`} {
		if strings.Contains(body, not) {
			t.Errorf("the consent screen already shows the log (%q)", not)
		}
	}

	// Without consent nothing of the log works.
	for _, target := range []string{"/me/log/sessions", "/me/log/checkins"} {
		form := sessionForm(f.clk.Now(), "Relax", "2", "10")
		form.Set("soreness", "3")
		if w := f.post(t, target, form, owner); w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "consent") {
			t.Errorf("POST %s without consent: status %d, want 403 naming the consent; body %.200s", target, w.Code, w.Body)
		}
	}
	for _, target := range []string{"/me/log/export.json", "/me/log/export.csv"} {
		if w := f.get(t, target, owner); w.Code != http.StatusForbidden {
			t.Errorf("GET %s without consent: status %d, want 403", target, w.Code)
		}
	}
	for _, target := range []string{"/api/v1/me/sessions", "/api/v1/me/guard"} {
		var e errorBody
		f.apiJSON(t, target, "owner", http.StatusForbidden, &e)
		if e.Error.Code != errs.Forbidden || !strings.Contains(e.Error.Message, "consent") {
			t.Errorf("GET %s without consent: error %+v, want forbidden naming the consent", target, e.Error)
		}
	}
	w = f.do(t, req{method: http.MethodPost, target: "/api/v1/me/sessions", cookie: owner, body: `{"at":"2026-11-24T07:00:00Z","intensity":2,"minutes":10}`,
		header: map[string]string{"Content-Type": "application/json"}})
	if w.Code != http.StatusForbidden {
		t.Errorf("POST /api/v1/me/sessions without consent: status %d, want 403", w.Code)
	}
	if n := f.count(t, "SELECT COUNT(*) FROM log_sessions") + f.count(t, "SELECT COUNT(*) FROM log_checkins"); n != 0 {
		t.Errorf("%d rows stored without consent", n)
	}

	// The box must be ticked.
	for _, form := range []url.Values{{}, {"agree": {"no"}}, {"agree": {""}}} {
		w := f.post(t, "/me/log/consent", form, owner)
		if w.Code != http.StatusBadRequest || !strings.Contains(formError(w.Body.String()), "tick the box") {
			t.Errorf("consent %v: status %d, form error %q; want 400 asking to tick the box", form, w.Code, formError(w.Body.String()))
		}
		if !strings.Contains(w.Body.String(), `action="/me/log/consent"`) {
			t.Errorf("consent %v: the consent form is not shown again", form)
		}
	}
	if _, _, err := f.st.Consent(context.Background(), f.users["owner"].ID); errs.CodeOf(err) != errs.NotFound {
		t.Fatalf("consent recorded without the box ticked: %v", err)
	}

	f.clk.Advance(time.Minute)
	f.consent(t, "owner")
	version, at, err := f.st.Consent(context.Background(), f.users["owner"].ID)
	if err != nil || version != safety.ConsentVersion || !at.Equal(f.clk.Now()) {
		t.Errorf("consent = %q at %v, %v; want %q at %v", version, at, err, safety.ConsentVersion, f.clk.Now())
	}
	w = f.get(t, "/me/log?done=consent", owner)
	body = w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, "Your log is ready") || !strings.Contains(body, `action="/me/log/sessions"`) ||
		!strings.Contains(body, `id="week-chart"`) || strings.Contains(body, `action="/me/log/consent"`) {
		t.Errorf("the log after consenting: status %d; want the notice, the forms and the chart, no consent form", w.Code)
	}
	if !strings.Contains(body, "Consent "+safety.ConsentVersion+" given 24 November 2026") {
		t.Errorf("the log does not say which consent was given when")
	}
	// The other member's consent is theirs alone.
	if w := f.get(t, "/me/log", f.cookies["other"]); !strings.Contains(w.Body.String(), `action="/me/log/consent"`) {
		t.Errorf("the other member sees no consent screen after the owner consented")
	}
}

// TestLogGuardFlow logs three long sessions in a day, checks the warnings
// on the page and in the API, checks in with saddle numbness and lands on
// the emergency triage, then exports and deletes.
func TestLogGuardFlow(t *testing.T) {
	t.Parallel()
	f := newLogFixture(t)
	owner := f.cookies["owner"]
	f.consent(t, "owner")
	now := f.clk.Now() // 16:00 in Manila
	for i, program := range []string{"Morning knead", "Lunch shiatsu", "Afternoon roll"} {
		f.logSession(t, "owner", sessionForm(now.Add(time.Duration(i-3)*time.Hour), program, "3", "30"))
	}
	if n := f.count(t, "SELECT COUNT(*) FROM log_sessions WHERE user_id = ?", f.users["owner"].ID); n != 3 {
		t.Fatalf("%d sessions stored, want 3", n)
	}

	w := f.get(t, "/me/log?done=session", owner)
	page := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(page, `role="status">Saved.`) {
		t.Errorf("GET /me/log?done=session: status %d; want 200 saying Saved.", w.Code)
	}
	// Three long sessions give one warning, which says how often.
	if n := strings.Count(page, `class="warning long_session"`); n != 1 || strings.Count(page, "massaged for 30 minutes") != 1 {
		t.Errorf("the page shows %d long_session warnings, want 1 that says 30 minutes once", n)
	}
	if n := strings.Count(page, `class="warning too_many_in_a_day"`); n != 1 {
		t.Errorf("the page shows %d too_many_in_a_day warnings, want 1", n)
	}
	text := mainOf(page)
	for _, want := range []string{"massaged for 30 minutes", "This happened 2 more times", "On 24 November 2026 you had 3 sessions", "cautious limit of 2 a day",
		"Source:", "Morning knead", "Afternoon roll", "Two or three 15-minute sessions"} {
		if !strings.Contains(text, want) {
			t.Errorf("the log page lacks %q", want)
		}
	}
	if !strings.Contains(page, `href="`+html.EscapeString(safety.SrcMassageHarms.URL)+`"`) {
		t.Errorf("the warnings do not link their source %s", safety.SrcMassageHarms.URL)
	}
	// The week chart: an SVG with a bar per day and today's 90 minutes
	// described in words.
	if !regexp.MustCompile(`<svg id="week-chart"[^>]*role="img"`).MatchString(page) {
		t.Errorf("no svg#week-chart with role=img")
	}
	if n := strings.Count(page, `<rect class="bar"`); n != 7 {
		t.Errorf("the week chart has %d bars, want 7", n)
	}
	if !strings.Contains(page, "90 minutes in 3 sessions, intensity up to 3") {
		t.Errorf("the chart's description does not give today's 90 minutes in 3 sessions")
	}

	var g guardAnswer
	gw := f.apiJSON(t, "/api/v1/me/guard", "owner", http.StatusOK, &g)
	if cc := gw.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("GET /api/v1/me/guard: Cache-Control %q, want no-store", cc)
	}
	if g.count("long_session") != 1 || g.count("too_many_in_a_day") != 1 || len(g.Warnings) != 2 {
		t.Errorf("guard warnings %+v; want 1 long_session and 1 too_many_in_a_day", g.Warnings)
	}
	for _, x := range g.Warnings {
		if x.Source.Title == "" || !strings.HasPrefix(x.Source.URL, "https://") || x.Message == "" || x.Action == "" {
			t.Errorf("guard warning %s: source %+v, message %q, action %q; want all, with an https source", x.Code, x.Source, x.Message, x.Action)
		}
		if x.Triage != nil || x.TriageURL != "" {
			t.Errorf("guard warning %s has a triage", x.Code)
		}
	}
	if len(g.Week) != 7 || g.Week[6] != (dayTotalJSON{Day: "2026-11-24", Minutes: 90, Sessions: 3, MaxIntensity: 3}) {
		t.Errorf("guard week %+v; want seven days ending 2026-11-24 with 90 minutes in 3 sessions", g.Week)
	}
	if len(g.Plan) == 0 {
		t.Errorf("guard plan is empty")
	}
	var list struct {
		Items []sessionJSON `json:"items"`
	}
	sw := f.apiJSON(t, "/api/v1/me/sessions", "owner", http.StatusOK, &list)
	if len(list.Items) != 3 || list.Items[0].Program != "Morning knead" || list.Items[0].Minutes != 30 || !list.Items[0].Heat ||
		!slices.Equal(list.Items[0].Areas, []string{"back", "neck"}) || !list.Items[0].At.Equal(now.Add(-3*time.Hour)) {
		t.Errorf("GET /api/v1/me/sessions = %+v; want the three sessions, oldest first", list.Items)
	}
	if cc := sw.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("GET /api/v1/me/sessions: Cache-Control %q, want no-store", cc)
	}

	// A check-in with saddle numbness goes straight to the emergency
	// triage.
	f.clk.Advance(30 * time.Minute)
	w = f.post(t, "/me/log/checkins", url.Values{"at": {""}, "soreness": {"6"}, "area": {"back"}, "symptom": {"saddle_numbness"}}, owner)
	loc := w.Header().Get("Location")
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/safety/triage?") {
		t.Fatalf("check-in with saddle numbness: status %d, Location %q; want 303 to /safety/triage?…", w.Code, loc)
	}
	u, _ := url.Parse(loc)
	if q := u.Query(); q.Get("symptom") != "saddle_numbness" || q.Get("pain") != "6" || q.Get("hours_since_massage") != "1" {
		t.Errorf("the triage link %q: want symptom=saddle_numbness, pain=6, hours_since_massage=1", loc)
	}
	w = f.get(t, loc, owner)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "level-emergency") || !strings.Contains(mainOf(w.Body.String()), "Emergency: go to the emergency department now or call 911") {
		t.Errorf("GET %s: status %d; want the emergency result with 911", loc, w.Code)
	}
	if n := f.count(t, "SELECT COUNT(*) FROM log_checkins WHERE user_id = ?", f.users["owner"].ID); n != 1 {
		t.Errorf("%d check-ins stored, want 1 (written before the redirect)", n)
	}
	g = guardAnswer{}
	f.apiJSON(t, "/api/v1/me/guard", "owner", http.StatusOK, &g)
	if g.count("red_flag") != 1 || g.Warnings[0].Code != "red_flag" || g.Warnings[0].Triage == nil || g.Warnings[0].Triage.Level != "emergency" ||
		g.Warnings[0].TriageURL != loc {
		t.Errorf("guard after the check-in: first warning %+v; want the red flag, emergency, triage_url %q", g.Warnings[0], loc)
	}
	if len(g.Plan) == 0 || !strings.Contains(g.Plan[0], "Pause the chair") {
		t.Errorf("plan after a red flag = %q, want to pause", g.Plan)
	}
	page = f.get(t, "/me/log", owner).Body.String()
	if !strings.Contains(page, `href="`+strings.ReplaceAll(loc, "&", "&amp;")+`"`) {
		t.Errorf("the log page does not show the red flag with its triage link")
	}
	// The emergency is its own block, first in the guard, in the level's
	// colour and words, with the call button; not one of the routine tips.
	guard := page[strings.Index(page, `id="guard"`):]
	alarm, tips := strings.Index(guard, `<section class="triage-result level-emergency" role="alert"`), strings.Index(guard, `<ul class="warnings">`)
	if alarm < 0 || (tips >= 0 && tips < alarm) || strings.Contains(page, `class="warning red_flag"`) {
		t.Errorf("the emergency is not its own block before the other warnings (block at %d, list at %d)", alarm, tips)
	}
	for _, want := range []string{"Emergency: go to the emergency department now or call 911", `href="tel:911"`} {
		if !strings.Contains(guard, want) {
			t.Errorf("the emergency block lacks %q", want)
		}
	}

	// A mild check-in without symptoms stays on the log.
	f.clk.Advance(time.Minute)
	w = f.post(t, "/me/log/checkins", url.Values{"soreness": {"2"}}, owner)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/me/log?done=checkin#guard" {
		t.Errorf("a mild check-in: status %d, Location %q; want the log", w.Code, w.Header().Get("Location"))
	}

	// Exports: everything, with the consent version, never stored by a
	// browser or proxy.
	w = f.get(t, "/me/log/export.json", owner)
	if w.Code != http.StatusOK || w.Header().Get("Cache-Control") != "no-store" ||
		!strings.Contains(w.Header().Get("Content-Disposition"), "attachment") || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Errorf("export.json: status %d, headers %v", w.Code, w.Header())
	}
	var ex exportAnswer
	if err := json.Unmarshal(w.Body.Bytes(), &ex); err != nil {
		t.Fatalf("export.json: %v", err)
	}
	if ex.ConsentVersion != safety.ConsentVersion || ex.ConsentedAt.IsZero() || len(ex.Sessions) != 3 || len(ex.CheckIns) != 2 {
		t.Errorf("export.json: consent %q at %v, %d sessions, %d check-ins; want %q, 3, 2", ex.ConsentVersion, ex.ConsentedAt, len(ex.Sessions), len(ex.CheckIns), safety.ConsentVersion)
	} else if ex.Sessions[2].Program != "Afternoon roll" || ex.Sessions[2].Chair != "OSIM uDream" || ex.Sessions[2].Intensity != 3 ||
		!slices.Equal(ex.CheckIns[0].Symptoms, []string{"saddle_numbness"}) || ex.CheckIns[0].Soreness != 6 {
		t.Errorf("export.json entries: %+v, %+v", ex.Sessions, ex.CheckIns)
	}

	w = f.get(t, "/me/log/export.csv", owner)
	if w.Code != http.StatusOK || w.Header().Get("Cache-Control") != "no-store" || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") ||
		!strings.Contains(w.Header().Get("Content-Disposition"), "attachment") {
		t.Errorf("export.csv: status %d, headers %v", w.Code, w.Header())
	}
	rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	if err != nil {
		t.Fatalf("export.csv: %v", err)
	}
	header := []string{"kind", "at", "chair", "program", "intensity", "minutes", "heat", "soreness", "areas", "symptoms"}
	if len(rows) != 6 || !slices.Equal(rows[0], header) {
		t.Fatalf("export.csv: %d rows, header %q; want the header and 5 entries", len(rows), rows[0])
	}
	kinds := map[string]int{}
	for _, r := range rows[1:] {
		kinds[r[0]]++
	}
	if kinds["session"] != 3 || kinds["check-in"] != 2 {
		t.Errorf("export.csv kinds %v, want 3 sessions and 2 check-ins", kinds)
	}
	if r := rows[1]; r[3] != "Morning knead" || r[4] != "3" || r[5] != "30" || r[6] != "true" || r[8] != "back neck" {
		t.Errorf("export.csv first session %q", r)
	}
	if _, err := time.Parse(time.RFC3339, rows[1][1]); err != nil {
		t.Errorf("export.csv time %q: %v", rows[1][1], err)
	}

	// Delete it all: the consent goes too.
	w = f.post(t, "/me/log/delete", url.Values{}, owner)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("POST /me/log/delete: status %d", w.Code)
	}
	for _, table := range []string{"log_sessions", "log_checkins", "log_consents"} {
		if n := f.count(t, "SELECT COUNT(*) FROM "+table+" WHERE user_id = ?", f.users["owner"].ID); n != 0 {
			t.Errorf("%s: %d rows left after delete", table, n)
		}
	}
	for _, target := range []string{"/me/log/export.json", "/me/log/export.csv", "/api/v1/me/sessions", "/api/v1/me/guard"} {
		if w := f.get(t, target, owner); w.Code != http.StatusForbidden {
			t.Errorf("GET %s after delete: status %d, want 403 until consent again", target, w.Code)
		}
	}
	if w := f.get(t, "/me/log", owner); !strings.Contains(w.Body.String(), `action="/me/log/consent"`) {
		t.Errorf("GET /me/log after delete does not show the consent screen")
	}
	f.consent(t, "owner")
	ex = exportAnswer{}
	if err := json.Unmarshal(f.get(t, "/me/log/export.json", owner).Body.Bytes(), &ex); err != nil || len(ex.Sessions)+len(ex.CheckIns) != 0 {
		t.Errorf("export after consenting again: %+v, %v; want an empty log", ex, err)
	}
	if ex.Sessions == nil || ex.CheckIns == nil {
		t.Errorf("an empty export has null lists: %+v", ex)
	}
}

// TestLogDeleteConfirms: after "Delete my whole log" the page the owner
// lands on says that the log is gone.
func TestLogDeleteConfirms(t *testing.T) {
	t.Parallel()
	f := newLogFixture(t)
	f.consent(t, "owner")
	f.logSession(t, "owner", sessionForm(f.clk.Now().Add(-time.Hour), "Relax", "2", "10"))
	w := f.post(t, "/me/log/delete", url.Values{}, f.cookies["owner"])
	loc := w.Header().Get("Location")
	if w.Code != http.StatusSeeOther || loc == "" {
		t.Fatalf("POST /me/log/delete: status %d, Location %q", w.Code, loc)
	}
	page := f.get(t, loc, f.cookies["owner"])
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), `role="status"`) || !strings.Contains(strings.ToLower(mainOf(page.Body.String())), "deleted") {
		t.Errorf("after deleting the log, GET %s (status %d) does not confirm it: no role=status notice saying the log was deleted", loc, page.Code)
	}
}

// TestLogRedFlagWithoutEarlierSession: a red-flag check-in must reach the
// triage result even when no session is logged before it: none at all, or
// one at the same minute (the forms' default time is "now", to the minute).
func TestLogRedFlagWithoutEarlierSession(t *testing.T) {
	t.Parallel()
	for name, sessionAt := range map[string]string{"no session": "", "a session at the same minute": "same"} {
		t.Run(name, func(t *testing.T) {
			f := newLogFixture(t)
			f.consent(t, "owner")
			at := manilaForm(f.clk.Now())
			if sessionAt == "same" {
				f.logSession(t, "owner", url.Values{"at": {at}, "intensity": {"3"}, "minutes": {"30"}})
			}
			w := f.post(t, "/me/log/checkins", url.Values{"at": {at}, "soreness": {"5"}, "symptom": {"saddle_numbness"}}, f.cookies["owner"])
			loc := w.Header().Get("Location")
			if w.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/safety/triage?") {
				t.Fatalf("check-in: status %d, Location %q; want 303 to the triage", w.Code, loc)
			}
			page := f.get(t, loc, f.cookies["owner"])
			if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "level-emergency") {
				t.Errorf("GET %s: status %d, form error %q; want the emergency result", loc, page.Code, formError(page.Body.String()))
			}
		})
	}
}

// TestLogPageNotStored: the log page shows health data, like the exports
// and the API, and no browser or proxy may keep it.
func TestLogPageNotStored(t *testing.T) {
	t.Parallel()
	f := newLogFixture(t)
	f.consent(t, "owner")
	f.logSession(t, "owner", sessionForm(f.clk.Now().Add(-time.Hour), "Relax", "2", "10"))
	w := f.get(t, "/me/log", f.cookies["owner"])
	if cc := w.Header().Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("GET /me/log: Cache-Control %q, want no-store (as the exports and /api/v1/me/* send)", cc)
	}
}

func TestLogFormErrors(t *testing.T) {
	t.Parallel()
	f := newLogFixture(t)
	owner := f.cookies["owner"]
	f.consent(t, "owner")
	now := f.clk.Now()
	for _, c := range []struct {
		name, target string
		form         url.Values
		want         string // in the form error
	}{
		{"intensity 6", "/me/log/sessions", sessionForm(now, "Relax", "6", "15"), "intensity"},
		{"intensity 0", "/me/log/sessions", sessionForm(now, "Relax", "0", "15"), "intensity"},
		{"minutes 0", "/me/log/sessions", sessionForm(now, "Relax", "3", "0"), "minutes"},
		{"minutes 241", "/me/log/sessions", sessionForm(now, "Relax", "3", "241"), "minutes"},
		{"no minutes", "/me/log/sessions", url.Values{"intensity": {"3"}}, "minutes"},
		{"in the future", "/me/log/sessions", sessionForm(now.Add(time.Hour), "Relax", "3", "15"), "future"},
		{"bad datetime", "/me/log/sessions", url.Values{"at": {"yesterday"}, "intensity": {"3"}, "minutes": {"15"}}, "YYYY-MM-DD"},
		{"unknown area", "/me/log/sessions", url.Values{"intensity": {"3"}, "minutes": {"15"}, "area": {"elbow"}}, "elbow"},
		{"soreness 11", "/me/log/checkins", url.Values{"soreness": {"11"}}, "soreness"},
		{"no soreness", "/me/log/checkins", url.Values{}, "soreness"},
		{"unknown symptom", "/me/log/checkins", url.Values{"soreness": {"3"}, "symptom": {"flu"}}, "flu"},
	} {
		w := f.post(t, c.target, c.form, owner)
		msg := formError(w.Body.String())
		if w.Code != http.StatusBadRequest || !strings.Contains(msg, c.want) {
			t.Errorf("%s: status %d, form error %q; want 400 mentioning %q", c.name, w.Code, msg, c.want)
		}
		if strings.Contains(w.Body.String(), `role="status">Saved.`) {
			t.Errorf("%s: the page says Saved.", c.name)
		}
	}
	if n := f.count(t, "SELECT COUNT(*) FROM log_sessions") + f.count(t, "SELECT COUNT(*) FROM log_checkins"); n != 0 {
		t.Errorf("%d rows stored from bad forms", n)
	}
	// The form keeps what was typed.
	w := f.post(t, "/me/log/sessions", sessionForm(now, "Keep this program", "9", "15"), owner)
	if !strings.Contains(w.Body.String(), `value="Keep this program"`) {
		t.Errorf("the session form does not keep the program after an error")
	}
}

func TestAPIAddSession(t *testing.T) {
	t.Parallel()
	f := newLogFixture(t)
	f.consent(t, "owner")
	post := func(body string) *httptest.ResponseRecorder {
		return f.do(t, req{method: http.MethodPost, target: "/api/v1/me/sessions", cookie: f.cookies["owner"], body: body,
			header: map[string]string{"Content-Type": "application/json"}})
	}
	valid := `{"at":"2026-11-24T07:30:00Z","chair":"other","program":"Stretch","intensity":2,"minutes":15,"areas":["legs"],"heat":false}`
	for _, c := range []struct {
		name, body, field string
	}{
		{"intensity 9", strings.Replace(valid, `"intensity":2`, `"intensity":9`, 1), "intensity"},
		{"intensity 0", strings.Replace(valid, `"intensity":2`, `"intensity":0`, 1), "intensity"},
		{"minutes 0", strings.Replace(valid, `"minutes":15`, `"minutes":0`, 1), "minutes"},
		{"minutes 241", strings.Replace(valid, `"minutes":15`, `"minutes":241`, 1), "minutes"},
		{"unknown area", strings.Replace(valid, `["legs"]`, `["legs","elbow"]`, 1), "areas"},
		{"no time", strings.Replace(valid, `"at":"2026-11-24T07:30:00Z",`, ``, 1), "at"},
		{"in the future", strings.Replace(valid, `07:30:00Z`, `09:00:00Z`, 1), "at"},
		{"trailing JSON", valid + `{}`, "body"},
		{"trailing garbage", valid + ` x`, "body"},
		{"unknown field", strings.Replace(valid, `"heat":false`, `"heat":false,"user_id":2`, 1), "body"},
		{"broken JSON", `{"intensity":`, "body"},
		{"empty body", ``, "body"},
		{"intensity as a string", strings.Replace(valid, `"intensity":2`, `"intensity":"2"`, 1), "intensity"},
		{"bad time", strings.Replace(valid, `2026-11-24T07:30:00Z`, `yesterday`, 1), "body"},
	} {
		w := post(c.body)
		var e errorBody
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || w.Code != http.StatusBadRequest || e.Error.Field != c.field || e.Error.Code != errs.Invalid || e.Error.Message == "" {
			t.Errorf("%s: status %d, error %+v; want 400 invalid naming %q", c.name, w.Code, e.Error, c.field)
		}
	}
	if n := f.count(t, "SELECT COUNT(*) FROM log_sessions"); n != 0 {
		t.Fatalf("%d sessions stored from bad requests", n)
	}
	w := post(valid)
	if w.Code != http.StatusCreated {
		t.Fatalf("valid POST: status %d, body %s", w.Code, w.Body)
	}
	var got sessionJSON
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := safety.LoggedSession{At: time.Date(2026, 11, 24, 7, 30, 0, 0, time.UTC), Chair: "other", Program: "Stretch", Intensity: 2, Minutes: 15, Areas: []string{"legs"}}
	if got.ID <= 0 || !got.At.Equal(want.At) || got.Chair != want.Chair || got.Intensity != 2 || got.Minutes != 15 || !slices.Equal(got.Areas, want.Areas) {
		t.Errorf("201 body %+v, want %+v with an id", got, want)
	}
	// A client-chosen id is not kept.
	w = post(strings.Replace(valid, `{`, `{"id":424242,`, 1))
	if w.Code != http.StatusCreated {
		t.Fatalf("POST with an id: status %d", w.Code)
	}
	if n := f.count(t, "SELECT COUNT(*) FROM log_sessions WHERE id = 424242"); n != 0 {
		t.Errorf("the client chose the row's id")
	}
	var list struct {
		Items []sessionJSON `json:"items"`
	}
	f.apiJSON(t, "/api/v1/me/sessions", "owner", http.StatusOK, &list)
	if len(list.Items) != 2 || list.Items[0].ID != got.ID {
		t.Errorf("GET /api/v1/me/sessions = %+v; want the two posted sessions", list.Items)
	}
	// The other member's API log is empty.
	f.consent(t, "other")
	list.Items = nil
	f.apiJSON(t, "/api/v1/me/sessions", "other", http.StatusOK, &list)
	if list.Items == nil || len(list.Items) != 0 {
		t.Errorf("the other member's sessions = %+v, want an empty list", list.Items)
	}
}

// TestLogDurable: when the form answers 303 the row is committed; a new
// store on the same file finds it.
func TestLogDurable(t *testing.T) {
	t.Parallel()
	f := newLogFixture(t)
	f.consent(t, "owner")
	f.logSession(t, "owner", sessionForm(f.clk.Now().Add(-time.Hour), "Durable program", "2", "12"))
	w := f.post(t, "/me/log/checkins", url.Values{"soreness": {"1"}}, f.cookies["owner"])
	if w.Code != http.StatusSeeOther {
		t.Fatalf("check-in: status %d", w.Code)
	}
	ctx := context.Background()
	fresh, err := store.Open(ctx, f.db, f.clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	sessions, checkIns, err := fresh.Log(ctx, f.users["owner"].ID)
	if err != nil || len(sessions) != 1 || sessions[0].Program != "Durable program" || len(checkIns) != 1 {
		t.Errorf("a new store on the same file: %+v, %+v, %v; want the session and the check-in", sessions, checkIns, err)
	}
	if v, _, err := fresh.Consent(ctx, f.users["owner"].ID); err != nil || v != safety.ConsentVersion {
		t.Errorf("a new store: consent %q, %v", v, err)
	}
}

// The owner's private entries, which nobody else may ever see.
const (
	ownerProgram = "Secret-Program-Tahimik-7731"
	ownerChair   = "Owner-Chair-Lola-Nena-5512"
)

// TestLogPrivacy: another member, an editor and an admin walk every route
// and never see the owner's entries; no admin page shows them.
func TestLogPrivacy(t *testing.T) {
	t.Parallel()
	f := newLogFixture(t)
	f.consent(t, "owner")
	form := sessionForm(f.clk.Now().Add(-time.Hour), ownerProgram, "5", "45")
	form.Set("chair", ownerChair)
	f.logSession(t, "owner", form)
	f.clk.Advance(time.Minute)
	if w := f.post(t, "/me/log/checkins", url.Values{"soreness": {"8"}, "symptom": {"bladder_bowel_change"}}, f.cookies["owner"]); w.Code != http.StatusSeeOther {
		t.Fatalf("owner check-in: status %d", w.Code)
	}
	secret := func(body string) bool {
		// The check-in shows as "8/10" in the entries table and with its
		// symptom code in the exports (the form lists every code, so the
		// code alone is no sign on a page).
		return strings.Contains(body, ownerProgram) || strings.Contains(body, ownerChair) || strings.Contains(body, "8/10") ||
			strings.Contains(body, `"symptoms":["bladder_bowel_change"]`) || strings.Contains(body, ",bladder_bowel_change")
	}
	ownerPage := f.get(t, "/me/log", f.cookies["owner"]).Body.String()
	if !strings.Contains(ownerPage, ownerProgram) || !strings.Contains(ownerPage, ownerChair) || !strings.Contains(ownerPage, "8/10") {
		t.Fatalf("the owner does not see their own entries")
	}
	for _, target := range []string{"/me/log/export.json", "/me/log/export.csv"} {
		if !secret(f.get(t, target, f.cookies["owner"]).Body.String()) {
			t.Fatalf("the owner's %s does not show the entries the check looks for", target)
		}
	}

	routes := []struct{ method, target string }{
		{"GET", "/me/log"}, {"GET", "/me/log?done=session"}, {"GET", "/me/log/export.json"}, {"GET", "/me/log/export.csv"},
		{"GET", "/api/v1/me/sessions"}, {"GET", "/api/v1/me/guard"},
		{"POST", "/me/log/sessions"}, {"POST", "/me/log/checkins"}, {"POST", "/me/log/consent"},
	}
	walk := func(t *testing.T, who string) {
		for _, r := range routes {
			var w *httptest.ResponseRecorder
			if r.method == "GET" {
				w = f.get(t, r.target, f.cookies[who])
			} else {
				w = f.post(t, r.target, url.Values{"intensity": {"99"}, "soreness": {"99"}}, f.cookies[who])
			}
			if secret(w.Body.String()) {
				t.Errorf("%s: %s %s (status %d) shows the owner's entries", who, r.method, r.target, w.Code)
			}
			if w.Code >= 500 {
				t.Errorf("%s: %s %s: status %d", who, r.method, r.target, w.Code)
			}
		}
	}
	for _, who := range []string{"other", "editor", "admin"} {
		t.Run(who+" without consent", func(t *testing.T) { walk(t, who) })
	}
	for _, who := range []string{"other", "editor", "admin"} {
		f.consent(t, who)
		f.logSession(t, who, sessionForm(f.clk.Now().Add(-time.Hour), who+"'s own program", "2", "10"))
		t.Run(who+" with a log of their own", func(t *testing.T) {
			walk(t, who)
			var ex exportAnswer
			if err := json.Unmarshal(f.get(t, "/me/log/export.json", f.cookies[who]).Body.Bytes(), &ex); err != nil {
				t.Fatal(err)
			}
			if len(ex.Sessions) != 1 || ex.Sessions[0].Program != who+"'s own program" || len(ex.CheckIns) != 0 {
				t.Errorf("%s's export: %+v, %+v; want only their own session", who, ex.Sessions, ex.CheckIns)
			}
			var g guardAnswer
			f.apiJSON(t, "/api/v1/me/guard", who, http.StatusOK, &g)
			if len(g.Warnings) != 0 {
				t.Errorf("%s's guard warns about the owner's log: %+v", who, g.Warnings)
			}
		})
	}
	// Deleting one's own log leaves the owner's alone.
	if w := f.post(t, "/me/log/delete", url.Values{}, f.cookies["other"]); w.Code != http.StatusSeeOther {
		t.Fatalf("other deletes their log: status %d", w.Code)
	}
	if n := f.count(t, "SELECT COUNT(*) FROM log_sessions WHERE user_id = ?", f.users["owner"].ID); n != 1 {
		t.Errorf("the owner has %d sessions after another member deleted theirs, want 1", n)
	}

	// No admin route reads logs: every admin page without a wildcard, and
	// every user's admin pages, are free of the owner's entries.
	patterns, err := routePatterns("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var adminPages []string
	for _, p := range patterns {
		method, path, _ := strings.Cut(p, " ")
		if !strings.HasPrefix(path, "/admin") {
			continue
		}
		if strings.Contains(path, "log") || strings.Contains(path, "session") {
			t.Errorf("admin route %q looks like it reads session logs", p)
		}
		if method == "GET" && !strings.Contains(path, "{") {
			adminPages = append(adminPages, path)
		}
	}
	adminPages = append(adminPages, "/admin/users?q=owner", "/admin/audit?page=1")
	if len(adminPages) < 5 {
		t.Fatalf("found only %q admin pages: has the route list moved?", adminPages)
	}
	for _, who := range []string{"editor", "admin"} {
		for _, p := range adminPages {
			w := f.get(t, p, f.cookies[who])
			if secret(w.Body.String()) {
				t.Errorf("%s: GET %s (status %d) shows the owner's log", who, p, w.Code)
			}
		}
	}
	if w := f.get(t, "/admin/users", f.cookies["admin"]); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "owner@example.ph") {
		t.Errorf("GET /admin/users: status %d; want the user list (with the owner) to make the check above meaningful", w.Code)
	}
}

// TestDeleteAccountDeletesLog: deleting the account deletes the log.
func TestDeleteAccountDeletesLog(t *testing.T) {
	t.Parallel()
	f := newLogFixture(t)
	f.consent(t, "owner")
	f.logSession(t, "owner", sessionForm(f.clk.Now().Add(-time.Hour), "Relax", "2", "10"))
	id := f.users["owner"].ID
	w := f.post(t, "/account/delete", url.Values{"current_password": {testPassword}}, f.cookies["owner"])
	if w.Code != http.StatusSeeOther {
		t.Fatalf("POST /account/delete: status %d, body %.300s", w.Code, w.Body)
	}
	for _, table := range []string{"log_sessions", "log_checkins", "log_consents"} {
		if n := f.count(t, "SELECT COUNT(*) FROM "+table+" WHERE user_id = ?", id); n != 0 {
			t.Errorf("%s: %d rows of the deleted account", table, n)
		}
	}
}
