package web

import (
	"cmp"
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"masahe/internal/account"
	"masahe/internal/errs"
	"masahe/internal/locale"
)

// statusOf maps each error code to its HTTP status: the one table.
var statusOf = map[errs.Code]int{
	errs.Invalid:          http.StatusBadRequest,
	errs.NotFound:         http.StatusNotFound,
	errs.Conflict:         http.StatusConflict,
	errs.MethodNotAllowed: http.StatusMethodNotAllowed,
	errs.Unauthorized:     http.StatusUnauthorized,
	errs.Forbidden:        http.StatusForbidden,
	errs.TooManyRequests:  http.StatusTooManyRequests,
	errs.Unavailable:      http.StatusServiceUnavailable,
	errs.Internal:         http.StatusInternalServerError,
}

// statusFor returns the HTTP status of an error code. A code missing from
// the table is a bug: it is logged and answered as an internal error.
func (s *Server) statusFor(r *http.Request, code errs.Code) int {
	if status, ok := statusOf[code]; ok {
		return status
	}
	s.log.Error("error code without an HTTP status", "code", code, "method", r.Method, "path", r.URL.Path)
	return http.StatusInternalServerError
}

// setRetryAfter tells the client how long to wait, in whole seconds
// rounded up; nothing when d is zero.
func setRetryAfter(w http.ResponseWriter, d time.Duration) {
	if d > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10))
	}
}

type errorBody struct {
	Error errorJSON `json:"error"`
}

type errorJSON struct {
	Code    errs.Code `json:"code"`
	Message string    `json:"message"`
	Field   string    `json:"field,omitempty"`
}

type errorPage struct {
	Layout
	Status int
	// Lead says what the status means; Message what went wrong, in
	// MessageLang when that is not the page's language (a message of
	// another area not translated yet).
	Lead        string
	Message     string
	MessageLang locale.Lang
	Field       string
}

// statusText is the error page's title and lead for a code, in p's
// language.
func statusText(p *locale.Printer, code errs.Code) (title, lead string) {
	switch code {
	case errs.Invalid:
		return p.T("errors.invalid.title"), p.T("errors.invalid.lead")
	case errs.NotFound:
		return p.T("errors.not_found.title"), p.T("errors.not_found.lead")
	case errs.Conflict:
		return p.T("errors.conflict.title"), p.T("errors.conflict.lead")
	case errs.Unauthorized:
		return p.T("errors.unauthorized.title"), p.T("errors.unauthorized.lead")
	case errs.Forbidden:
		return p.T("errors.forbidden.title"), p.T("errors.forbidden.lead")
	case errs.TooManyRequests:
		return p.T("errors.too_many_requests.title"), p.T("errors.too_many_requests.lead")
	case errs.MethodNotAllowed:
		return p.T("errors.method_not_allowed.title"), p.T("errors.method_not_allowed.lead")
	case errs.Unavailable:
		return p.T("errors.unavailable.title"), p.T("errors.unavailable.lead")
	}
	return p.T("errors.internal.title"), p.T("errors.internal.lead")
}

// errorText is the catalog message, with its arguments, of an error
// message written in English.
type errorText struct {
	id   string
	args []any
}

// errorTexts are the messages, by their English, of the errors the pages
// show that other packages (account, safety) and the shared request code
// write in English: a page writes them in its language (localError).
// Messages with a count in them are written in the page's language where
// they are made. errors_test.go holds every entry to the English catalog.
var errorTexts = map[string]errorText{
	"enter an email address such as juan@example.ph":                                      {id: "account.error.email"},
	"the display name must be 1 to 50 characters":                                         {id: "account.error.display_name"},
	"the password is not valid text":                                                      {id: "account.error.password_text"},
	fmt.Sprintf("use at least %d characters", account.MinPassword):                        {id: "account.error.password_short", args: []any{account.MinPassword}},
	fmt.Sprintf("use at most %d characters", account.MaxPassword):                         {id: "account.error.password_long", args: []any{account.MaxPassword}},
	"the password cannot contain control characters, such as tabs, line breaks or NUL":    {id: "account.error.password_control"},
	"the password cannot be only spaces":                                                  {id: "account.error.password_spaces"},
	"this password is on a list of breached or common passwords; choose another":          {id: "account.error.password_breached"},
	"do not use your email address as your password":                                      {id: "account.error.password_email"},
	"this link has expired or was already used; ask for a new one":                        {id: "account.error.token"},
	"that email and password do not match an active account":                              {id: "account.error.no_match"},
	"your current password is not right":                                                  {id: "account.error.current_password"},
	"this unsubscribe link is unknown or was used already: the watches it names are gone": {id: "account.error.unsubscribe_unknown"},
	"log in to continue":                                                                {id: "account.error.login_needed"},
	"your account may not do this":                                                      {id: "account.error.forbidden"},
	"the session log needs your consent first: open /me/log":                            {id: "log.consent.needed"},
	"tick the box to agree, or leave the log unused":                                    {id: "log.consent.tick"},
	"say when the session was":                                                          {id: "log.error.at_missing_session"},
	"the session cannot be in the future":                                               {id: "log.error.at_future_session"},
	"the log keeps the last year only":                                                  {id: "log.error.at_year"},
	"intensity is from 1 (gentlest) to 5 (strongest)":                                   {id: "log.error.intensity"},
	"minutes must be from 1 to 240":                                                     {id: "log.error.minutes"},
	"the chair's name is longer than 100 characters":                                    {id: "log.error.chair_long"},
	"the program's name is longer than 60 characters":                                   {id: "log.error.program_long"},
	"say when you felt this":                                                            {id: "log.error.at_missing_checkin"},
	"the check-in cannot be in the future":                                              {id: "log.error.at_future_checkin"},
	"soreness is from 0 (none) to 10 (worst imaginable)":                                {id: "log.error.soreness"},
	"choose an intensity from 1 to 5":                                                   {id: "log.error.intensity_missing"},
	"say how many minutes the session lasted":                                           {id: "log.error.minutes_missing"},
	"rate your soreness from 0 to 10":                                                   {id: "log.error.soreness_missing"},
	"write the time as YYYY-MM-DD HH:MM":                                                {id: "log.error.time_format"},
	"the site's database cannot be reached just now; please try again in a few seconds": {id: "errors.unavailable.message"},
	"internal error":                                                                    {id: "errors.internal.message"},
	"this request came from another site and was refused":                               {id: "errors.cross_site"},
	"the form could not be read":                                                        {id: "errors.form_unreadable"},
}

// localError is e with its message in p's language, and whether it was
// translated: a message errorTexts lacks stays as it is.
func localError(p *locale.Printer, e *errs.Error) (*errs.Error, bool) {
	t, ok := errorTexts[e.Message]
	if !ok {
		return e, false
	}
	out := *e
	out.Message = p.T(t.id, t.args...)
	return &out, true
}

// formError is the application error in err, its message written in the
// request's language, for a form to show.
func (s *Server) formError(r *http.Request, err error) *errs.Error {
	e, _ := localError(s.printer(r), errs.As(err))
	return e
}

// waitMinutes is a wait in whole minutes, rounded up, at least one.
func waitMinutes(d time.Duration) int { return max(1, int((d+time.Minute-1)/time.Minute)) }

// inPathLanguage is r with the language of its path, for an error
// answered before the languages middleware ran (a refused cross-site post,
// bad text in the request): its page is in the address's language too.
func inPathLanguage(r *http.Request) *http.Request {
	if _, ok := r.Context().Value(langKey{}).(locale.Lang); ok {
		return r
	}
	lang, rest := locale.Split(r.URL.Path)
	if lang == locale.English || !localized(rest) {
		return r
	}
	r2 := r.WithContext(context.WithValue(r.Context(), langKey{}, lang))
	u := *r.URL
	u.Path, u.RawPath = rest, ""
	r2.URL = &u
	return r2
}

// writeError answers a request that failed: JSON under /api/, the error
// page elsewhere. Internal errors are logged and their text hidden.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil {
		// The client went away: nobody reads an answer, and nothing
		// went wrong here.
		s.log.Info("client went away", "method", r.Method, "path", r.URL.Path, "err", err)
		w.WriteHeader(statusClientGone)
		return
	}
	e := errs.As(err)
	if e.Code == errs.Internal && databaseDown(err) {
		e = &errs.Error{Code: errs.Unavailable, Message: "the site's database cannot be reached just now; please try again in a few seconds", RetryAfter: 5 * time.Second}
		s.log.Warn("database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	status := s.statusFor(r, e.Code)
	if status == http.StatusInternalServerError {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		e = &errs.Error{Code: errs.Internal, Message: "internal error"}
	}
	setRetryAfter(w, e.RetryAfter)
	if isAPI(r) {
		writeJSON(w, status, errorBody{errorJSON{Code: e.Code, Message: e.Message, Field: e.Field}})
		return
	}
	r = inPathLanguage(r)
	lang := requestLang(r)
	// A page that needs a login sends the visitor to log in and back, in
	// the page's language.
	if e.Code == errs.Unauthorized && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		http.Redirect(w, r, lang.Path("/login")+"?"+url.Values{"next": {lang.Path(r.URL.RequestURI())}}.Encode(), http.StatusSeeOther)
		return
	}
	p := s.printer(r)
	title, lead := statusText(p, e.Code)
	page := errorPage{Layout: s.layout(r, title, ""), Status: status, Lead: lead, Field: e.Field}
	local, ok := localError(p, e)
	page.Message = local.Message
	if !ok && lang != locale.English {
		page.MessageLang = locale.English
	}
	if err := s.render(w, status, "error.html", page); err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, e.Message, status)
	}
}

// statusClientGone is nginx's 499: the client closed the connection before
// the answer was ready. It is only logged and counted, never sent.
const statusClientGone = 499

// databaseDown reports whether err says the database cannot be reached
// (connection refused or lost, the server shutting down) rather than that a
// query was wrong. It looks at the standard library's network errors and at
// the SQLSTATE classes 08 (connection exception) and 57 (operator
// intervention) that PostgreSQL's driver reports, without importing it.
func databaseDown(err error) bool {
	var netErr net.Error
	var state interface{ SQLState() string }
	switch {
	case errors.As(err, &netErr), errors.Is(err, driver.ErrBadConn), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	case errors.As(err, &state):
		code := state.SQLState()
		return strings.HasPrefix(code, "08") || strings.HasPrefix(code, "57")
	}
	return false
}

func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":{"code":"internal","message":"internal error"}}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// maxJSONBody bounds a JSON request body.
const maxJSONBody = 64 << 10

// decodeJSON reads a request body holding exactly one JSON object into
// dst, refusing unknown fields; an empty body is an error unless emptyOK.
// Every problem is an invalid-input error naming the field, or "body".
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any, emptyOK bool) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	switch err := dec.Decode(dst); {
	case errors.Is(err, io.EOF) && emptyOK:
		return nil
	case errors.Is(err, io.EOF):
		return errs.Invalidf("body", "the request body is empty: send one JSON object")
	case err != nil:
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return errs.Invalidf("body", "the request body must hold one JSON object and nothing after it")
	}
	return checkJSONText(dst)
}

// jsonError explains a request body that is not the expected JSON.
func jsonError(err error) error {
	var maxErr *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &maxErr):
		return errs.Invalidf("body", "the request body is larger than %d bytes", maxErr.Limit)
	case errors.As(err, &typeErr):
		want := map[reflect.Kind]string{reflect.Int: "a whole number", reflect.Int64: "a whole number", reflect.String: "a string",
			reflect.Bool: "true or false", reflect.Slice: "a list of codes", reflect.Struct: "an object"}[typeErr.Type.Kind()]
		field := cmp.Or(typeErr.Field, "body")
		return errs.Invalidf(field, "%s must be %s, not a JSON %s", field, cmp.Or(want, typeErr.Type.String()), typeErr.Value)
	}
	return errs.Invalidf("body", "the request body is not valid JSON: %v", err)
}
