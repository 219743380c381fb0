package web

import (
	"cmp"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"masahe/internal/errs"
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
	Status  int
	Message string
	Field   string
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
	// A page that needs a login sends the visitor to log in and back.
	if e.Code == errs.Unauthorized && !isAPI(r) && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		http.Redirect(w, r, "/login?"+url.Values{"next": {r.URL.RequestURI()}}.Encode(), http.StatusSeeOther)
		return
	}
	if isAPI(r) {
		writeJSON(w, status, errorBody{errorJSON{Code: e.Code, Message: e.Message, Field: e.Field}})
		return
	}
	page := errorPage{Layout: s.layout(r, http.StatusText(status), ""), Status: status, Message: e.Message, Field: e.Field}
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
