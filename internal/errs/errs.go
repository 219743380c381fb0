// Package errs defines the application's error codes. Every layer returns
// these codes; the web layer maps them to HTTP statuses in one table.
package errs

import (
	"errors"
	"fmt"
	"time"
)

// Code classifies an error for callers.
type Code string

const (
	Invalid  Code = "invalid"
	NotFound Code = "not_found"
	Conflict Code = "conflict"
	// Unauthorized: the request needs a signed-in user.
	Unauthorized Code = "unauthorized"
	// Forbidden: the signed-in user may not do this.
	Forbidden Code = "forbidden"
	// TooManyRequests: slow down; Error.RetryAfter says for how long.
	TooManyRequests Code = "too_many_requests"
	// MethodNotAllowed: the resource exists but not for this HTTP method.
	MethodNotAllowed Code = "method_not_allowed"
	// Unavailable: the database cannot be reached; try again shortly.
	Unavailable Code = "unavailable"
	Internal    Code = "internal"
)

// Codes lists every code, so that a table keyed by code can be checked
// for completeness.
func Codes() []Code {
	return []Code{Invalid, NotFound, Conflict, Unauthorized, Forbidden, TooManyRequests, MethodNotAllowed, Unavailable, Internal}
}

// Error is an application error with a code, a message fit for users and,
// for invalid input, the name of the offending field.
type Error struct {
	Code    Code
	Message string
	Field   string
	// RetryAfter goes with TooManyRequests and Unavailable.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Invalidf reports bad input in field.
func Invalidf(field, format string, args ...any) error {
	return &Error{Code: Invalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFoundf reports a missing object.
func NotFoundf(format string, args ...any) error {
	return &Error{Code: NotFound, Message: fmt.Sprintf(format, args...)}
}

// Conflictf reports a clash with existing data.
func Conflictf(format string, args ...any) error {
	return &Error{Code: Conflict, Message: fmt.Sprintf(format, args...)}
}

// As returns the application error inside err, or an internal error that
// hides err's text from users.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Message: "internal error"}
}

// CodeOf returns the code of err, Internal when it carries none.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	return As(err).Code
}
