package web

import (
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"masahe/internal/account"
	"masahe/internal/errs"
	"masahe/internal/locale"
	"masahe/internal/phtime"
	"masahe/internal/safety"
)

// LogStore is what the session log needs from the database. Every method
// takes the owner's id: no method reads another owner's rows.
type LogStore interface {
	Consent(ctx context.Context, userID int64) (string, time.Time, error)
	GiveConsent(ctx context.Context, userID int64, version string) error
	DeleteLog(ctx context.Context, userID int64) error
	AddSession(ctx context.Context, userID int64, s safety.LoggedSession) (int64, error)
	AddCheckIn(ctx context.Context, userID int64, c safety.CheckIn) (int64, error)
	Log(ctx context.Context, userID int64) ([]safety.LoggedSession, []safety.CheckIn, error)
}

// logOwner is the signed-in owner of a log who has consented to it. Every
// log page and API route starts here: the one place the log checks access.
func (s *Server) logOwner(r *http.Request) (*session, error) {
	sess, err := s.requireRole(r, account.Member)
	if err != nil {
		return nil, err
	}
	if _, _, err := s.stores.Log.Consent(r.Context(), sess.User.ID); err != nil {
		if errs.CodeOf(err) == errs.NotFound {
			return sess, &errs.Error{Code: errs.Forbidden, Message: "the session log needs your consent first: open /me/log"}
		}
		return nil, err
	}
	return sess, nil
}

type logPage struct {
	Layout
	Consented   bool
	Version     string
	ConsentedAt time.Time
	Error       *errs.Error
	Notice      string
	Warnings    []safety.Warning
	Week        weekChart
	Plan        []string
	Sessions    []safety.LoggedSession
	CheckIns    []safety.CheckIn
	Areas       []safety.Option
	Symptoms    []safety.Option
	// SymptomLabels name the symptoms of the check-ins by code;
	// LevelLabels and LevelHeadlines the triage levels of the alarms.
	SymptomLabels  map[string]string
	LevelLabels    map[safety.Level]string
	LevelHeadlines map[safety.Level]string
	Now            string
	Values         map[string]string
	ChairNames     []string
	Hotline        string
}

func (s *Server) handleLog(w http.ResponseWriter, r *http.Request) {
	s.renderLog(w, r, http.StatusOK, nil, nil)
}

// renderLog shows the consent screen or the log with its guard, and the
// form's problem, in the request's language.
func (s *Server) renderLog(w http.ResponseWriter, r *http.Request, status int, problem *errs.Error, values map[string]string) {
	sess, err := s.requireRole(r, account.Member)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := s.printer(r)
	page := logPage{Layout: s.layout(r, p.T("log.title"), ""), Error: problem, Values: values, Hotline: safety.Hotline,
		Areas: localOptions(p, "area", safety.Areas), Symptoms: localOptions(p, "symptom", safety.Symptoms),
		Now: s.cfg.Now().In(phtime.Manila).Format("2006-01-02T15:04"), SymptomLabels: map[string]string{},
		LevelLabels: map[safety.Level]string{}, LevelHeadlines: map[safety.Level]string{}}
	switch r.URL.Query().Get("done") {
	case "session", "checkin":
		page.Notice = p.T("log.notice.saved")
	case "consent":
		page.Notice = p.T("log.notice.consent")
	}
	if problem != nil {
		page.Error, _ = localError(p, problem)
	}
	for _, o := range page.Symptoms {
		page.SymptomLabels[o.Code] = o.Label
	}
	for _, l := range safety.Levels {
		page.LevelLabels[l], page.LevelHeadlines[l] = levelText(p, l)
	}
	page.Version, page.ConsentedAt, err = s.stores.Log.Consent(r.Context(), sess.User.ID)
	switch errs.CodeOf(err) {
	case "":
		page.Consented = true
	case errs.NotFound:
		page.Version = safety.ConsentVersion
	default:
		s.writeError(w, r, err)
		return
	}
	if page.Consented {
		sessions, checkIns, err := s.stores.Log.Log(r.Context(), sess.User.ID)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		now := s.cfg.Now()
		warnings := safety.Guard(sessions, checkIns, now, phtime.Manila)
		page.Warnings = localWarnings(p, warnings)
		page.Week = newWeekChart(p, safety.Week(sessions, now, phtime.Manila))
		page.Plan = localPlan(p, warnings)
		page.Sessions, page.CheckIns = lastN(sessions, 20), lastN(checkIns, 20)
		if page.ChairNames, err = s.stores.Catalog.ChairNames(r.Context()); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	// Health data: the browser must not keep the page.
	w.Header().Set("Cache-Control", "no-store")
	if err := s.render(w, status, "log.html", page); err != nil {
		s.writeError(w, r, err)
	}
}

func lastN[T any](list []T, n int) []T {
	out := make([]T, 0, n)
	for i := len(list) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, list[i])
	}
	return out
}

func (s *Server) handleLogConsent(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Member)
	if err == nil {
		err = parseForm(w, r)
	}
	if err == nil && r.PostForm.Get("agree") != "yes" {
		s.renderLog(w, r, http.StatusBadRequest, &errs.Error{Code: errs.Invalid, Field: "agree", Message: "tick the box to agree, or leave the log unused"}, nil)
		return
	}
	if err == nil {
		err = s.stores.Log.GiveConsent(r.Context(), sess.User.ID, safety.ConsentVersion)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/me/log?done=consent", http.StatusSeeOther)
}

// logPost runs a log form: parse, save, and show "saved" only after the
// row is committed; on bad input the form comes back with the message.
// save returns the page to go to next, a path within the request's
// language.
func (s *Server) logPost(w http.ResponseWriter, r *http.Request, save func(userID int64) (string, error)) {
	sess, err := s.logOwner(r)
	if err == nil {
		err = parseForm(w, r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	next, err := save(sess.User.ID)
	if e := errs.As(err); err != nil && e.Code == errs.Invalid {
		values := map[string]string{}
		for k := range r.PostForm {
			values[k] = r.PostForm.Get(k)
		}
		s.renderLog(w, r, http.StatusBadRequest, e, values)
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) handleLogSession(w http.ResponseWriter, r *http.Request) {
	s.logPost(w, r, func(userID int64) (string, error) {
		ls, err := safety.ParseSessionForm(r.PostForm, s.cfg.Now())
		if err != nil {
			return "", err
		}
		_, err = s.stores.Log.AddSession(r.Context(), userID, ls)
		return "/me/log?done=session#guard", err
	})
}

func (s *Server) handleLogCheckIn(w http.ResponseWriter, r *http.Request) {
	s.logPost(w, r, func(userID int64) (string, error) {
		c, err := safety.ParseCheckInForm(r.PostForm, s.cfg.Now())
		if err != nil {
			return "", err
		}
		if _, err := s.stores.Log.AddCheckIn(r.Context(), userID, c); err != nil {
			return "", err
		}
		// A red-flag symptom goes straight to the triage result.
		if len(c.Symptoms) > 0 {
			sessions, _, err := s.stores.Log.Log(r.Context(), userID)
			if err != nil {
				return "", err
			}
			if a := safety.CheckInAnswers(c, sessions); safety.Triage(a).Level != safety.SelfCare {
				return "/safety/triage?" + a.Query().Encode(), nil
			}
		}
		return "/me/log?done=checkin#guard", nil
	})
}

func (s *Server) handleLogDelete(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Member)
	if err == nil {
		err = s.stores.Log.DeleteLog(r.Context(), sess.User.ID)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?done=log-deleted", http.StatusSeeOther)
}

// logExport is the whole log, as the owner downloads it.
type logExport struct {
	ConsentVersion string
	ConsentedAt    time.Time
	Sessions       []safety.LoggedSession
	CheckIns       []safety.CheckIn
}

func (s *Server) exportLog(r *http.Request) (logExport, error) {
	sess, err := s.logOwner(r)
	if err != nil {
		return logExport{}, err
	}
	var out logExport
	if out.ConsentVersion, out.ConsentedAt, err = s.stores.Log.Consent(r.Context(), sess.User.ID); err != nil {
		return out, err
	}
	out.Sessions, out.CheckIns, err = s.stores.Log.Log(r.Context(), sess.User.ID)
	if out.Sessions == nil {
		out.Sessions = []safety.LoggedSession{}
	}
	if out.CheckIns == nil {
		out.CheckIns = []safety.CheckIn{}
	}
	return out, err
}

func (s *Server) handleLogExportJSON(w http.ResponseWriter, r *http.Request) {
	out, err := s.exportLog(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="masahe-session-log.json"`)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, newLogExportJSON(out))
}

func (s *Server) handleLogExportCSV(w http.ResponseWriter, r *http.Request) {
	out, err := s.exportLog(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var b strings.Builder
	cw := csv.NewWriter(&b)
	// A cell a spreadsheet would run as a formula is written as text.
	cell := func(s string) string {
		if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
			return "'" + s
		}
		return s
	}
	cw.Write([]string{"kind", "at", "chair", "program", "intensity", "minutes", "heat", "soreness", "areas", "symptoms"})
	for _, ls := range out.Sessions {
		cw.Write([]string{"session", ls.At.Format(time.RFC3339), cell(ls.Chair), cell(ls.Program), strconv.Itoa(ls.Intensity), strconv.Itoa(ls.Minutes),
			strconv.FormatBool(ls.Heat), "", strings.Join(ls.Areas, " "), ""})
	}
	for _, c := range out.CheckIns {
		cw.Write([]string{"check-in", c.At.Format(time.RFC3339), "", "", "", "", "", strconv.Itoa(c.Soreness), strings.Join(c.Areas, " "), strings.Join(c.Symptoms, " ")})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="masahe-session-log.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	io.WriteString(w, b.String())
}

func (s *Server) handleAPISessions(w http.ResponseWriter, r *http.Request) {
	out, err := s.exportLog(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, sessionListJSON{Items: jsonList(out.Sessions, newSessionJSON)})
}

func (s *Server) handleAPIAddSession(w http.ResponseWriter, r *http.Request) {
	sess, err := s.logOwner(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var q sessionJSON
	if err := decodeJSON(w, r, &q, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	ls := q.session()
	if ls.Areas == nil {
		ls.Areas = []string{}
	}
	if err := ls.Validate(s.cfg.Now()); err != nil {
		s.writeError(w, r, err)
		return
	}
	if ls.ID, err = s.stores.Log.AddSession(r.Context(), sess.User.ID, ls); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, newSessionJSON(ls))
}

func (s *Server) handleAPIGuard(w http.ResponseWriter, r *http.Request) {
	sess, err := s.logOwner(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sessions, checkIns, err := s.stores.Log.Log(r.Context(), sess.User.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.cfg.Now()
	warnings := safety.Guard(sessions, checkIns, now, phtime.Manila)
	out := newGuardJSON(warnings, safety.Week(sessions, now, phtime.Manila), safety.Plan(warnings))
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
}

// weekChart draws minutes (bars) and the strongest intensity (dots) per
// day; the SVG's units are minutes up and days across.
type weekChart struct {
	Days   []weekDay
	Height int
	Limit  int
}

type weekDay struct {
	safety.DayTotal
	X, BarY, BarH, DotY int
	Label               string
}

const chartMinutes = 60

func newWeekChart(p *locale.Printer, days []safety.DayTotal) weekChart {
	c := weekChart{Height: chartMinutes, Limit: chartMinutes - safety.MaxSessionMinutes}
	names := weekdays(p)
	for i, d := range days {
		h := min(d.Minutes, chartMinutes)
		t, _ := time.Parse(time.DateOnly, d.Day)
		c.Days = append(c.Days, weekDay{DayTotal: d, X: 10 + i*40, BarY: chartMinutes - h, BarH: h,
			DotY: chartMinutes - d.MaxIntensity*chartMinutes/5, Label: names[t.Weekday()] + " " + strconv.Itoa(t.Day())})
	}
	return c
}
