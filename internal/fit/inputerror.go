package fit

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"masahe/internal/errs"
	"masahe/internal/params"
)

// InputError is bad input in the finder's answers: the application error
// (an invalid-input error naming the field, its Message in English, as the
// API has always answered) and the same message as a Text of the finder
// catalog area (internal/locale/translations/<lang>/finder.json), for the
// caller to write in the reader's language.
type InputError struct {
	Err  *errs.Error
	Text Text
}

func (e *InputError) Error() string { return e.Err.Error() }

// Unwrap lets errs.As find the application error.
func (e *InputError) Unwrap() error { return e.Err }

// ErrorText is the Text of the finder input error in err, and whether err
// holds one.
func ErrorText(err error) (Text, bool) {
	var e *InputError
	if errors.As(err, &e) {
		return e.Text, true
	}
	return Text{}, false
}

// invalid is the invalid-input error err with the message id and args.
func invalid(err error, id string, args ...Arg) error {
	return &InputError{Err: errs.As(err), Text: text(id, args...)}
}

// quoted is s quoted as %q quotes it.
func quoted(s string) Arg { return name(strconv.Quote(s)) }

// inRange is params.InRange with its message; whatID is the message of
// what, the quantity ("a height in centimetres"). The bounds are written
// as they are, not grouped, as the English has always been.
func inRange(field string, n *int64, min, max int64, what, whatID string) error {
	if err := params.InRange(field, n, min, max, what); err != nil {
		return invalid(err, "finder.error.range", name(field), label(whatID),
			name(strconv.FormatInt(min, 10)), name(strconv.FormatInt(max, 10)))
	}
	return nil
}

// checkKeys is params.CheckKeys with its message.
func checkKeys(v url.Values, keys []string) error {
	err := params.CheckKeys(v, keys)
	if err == nil {
		return nil
	}
	// CheckKeys names the first key in order, and "" sorts first.
	if _, blank := v[""]; blank {
		return invalid(err, "finder.error.query_blank")
	}
	return invalid(err, "finder.error.unknown_parameter", quoted(errs.As(err).Field))
}

// intParam is params.Int with its message.
func intParam(v url.Values, key string) (*int64, error) {
	n, err := params.Int(v, key)
	if err != nil {
		return nil, invalid(err, "finder.error.whole_number", name(key), quoted(strings.TrimSpace(v.Get(key))))
	}
	return n, nil
}

// boolParam is params.Bool with its message.
func boolParam(v url.Values, key string) (*bool, error) {
	b, err := params.Bool(v, key)
	if err != nil {
		return nil, invalid(err, "finder.error.true_false", name(key), quoted(v.Get(key)))
	}
	return b, nil
}

// listParam is params.List of any items with its message: only a list
// too long fails.
func listParam(v url.Values, key string) ([]string, error) {
	l, err := params.List(v, key, func(string) bool { return true }, "")
	if err != nil {
		return nil, invalid(err, "finder.error.list_long", name(key), name(strconv.Itoa(params.MaxListItems)))
	}
	return l, nil
}

// renamed is err, a finder input error about field from, about field to:
// the form's name for the API's.
func renamed(err error, from, to string) error {
	e := errs.As(err)
	out := &errs.Error{Code: e.Code, Field: to, Message: strings.Replace(e.Message, from, to, 1)}
	t, ok := ErrorText(err)
	if !ok {
		return out
	}
	for i := range t.args[:t.n] {
		if t.args[i].Kind == Name && t.args[i].S == from {
			t.args[i].S = to
			break
		}
	}
	return &InputError{Err: out, Text: t}
}
