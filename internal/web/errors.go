package web

import (
	"encoding/json"
	"net/http"
	"net/url"
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
	errs.Internal:         http.StatusInternalServerError,
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
	e := errs.As(err)
	status := statusOf[e.Code]
	if e.Code == errs.Internal {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(e.RetryAfter.Round(time.Second)/time.Second)))
	}
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
