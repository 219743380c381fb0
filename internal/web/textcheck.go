package web

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"unicode/utf8"

	"masahe/internal/errs"
)

// Text is checked at the edge, before any handler or SQL sees it: every
// path, query, form and JSON value must be valid UTF-8 without NUL, other
// control characters (newlines and tabs only where text may run over
// lines: forms and JSON bodies) or the invisible bidirectional overrides
// that make text read other than it is stored. PostgreSQL refuses NUL and
// invalid UTF-8 outright; SQLite would store them.

// Longest path and query value the site has any use for; longer ones are
// refused before they reach a LIKE pattern or an index.
const (
	maxPathBytes       = 1024
	maxQueryValueBytes = 2048
)

// checkText reports the first problem with s as the value of field.
func checkText(field, s string, multiline bool) error {
	if !utf8.ValidString(s) {
		return errs.Invalidf(field, "%s is not valid UTF-8 text", fieldName(field))
	}
	for _, r := range s {
		switch {
		case multiline && (r == '\n' || r == '\r' || r == '\t'):
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return errs.Invalidf(field, "%s holds a control character (%U), which text here cannot have", fieldName(field), r)
		case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			return errs.Invalidf(field, "%s holds an invisible text-direction override (%U)", fieldName(field), r)
		}
	}
	return nil
}

func fieldName(field string) string {
	if field == "path" {
		return "the address"
	}
	return fmt.Sprintf("%q", field)
}

// checkValues checks every name and value of a query or form.
func checkValues(v url.Values, multiline bool, maxValue int) error {
	for name, values := range v {
		if err := checkText(name, name, false); err != nil {
			return errs.Invalidf("query", "a parameter name is not plain text")
		}
		for _, value := range values {
			if maxValue > 0 && len(value) > maxValue {
				return errs.Invalidf(name, "%q is longer than %d bytes", name, maxValue)
			}
			if err := checkText(name, value, multiline); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkRequestText refuses a request whose path or query is not plain
// text, with a 400 that names the field.
func (s *Server) checkRequestText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkURL(r.URL); err != nil {
			s.writeError(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func checkURL(u *url.URL) error {
	if len(u.Path) > maxPathBytes {
		return errs.Invalidf("path", "the address is longer than %d bytes", maxPathBytes)
	}
	if err := checkText("path", u.Path, false); err != nil {
		return err
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return errs.Invalidf("query", "the query string is malformed: %v", err)
	}
	return checkValues(q, false, maxQueryValueBytes)
}

// checkJSONText walks a decoded JSON request and checks each string in it,
// naming the field by its JSON name.
func checkJSONText(v any) error {
	return walkStrings(reflect.ValueOf(v), "body")
}

func walkStrings(v reflect.Value, field string) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return walkStrings(v.Elem(), field)
	case reflect.String:
		return checkText(field, v.String(), true)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := walkStrings(v.Index(i), field); err != nil {
				return err
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if err := walkStrings(it.Key(), field); err != nil {
				return err
			}
			if err := walkStrings(it.Value(), field); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" {
				name = f.Name
			}
			if err := walkStrings(v.Field(i), name); err != nil {
				return err
			}
		}
	}
	return nil
}
