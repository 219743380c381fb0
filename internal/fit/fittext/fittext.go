// Package fittext writes the finder's sentences (fit.Text: a message ID
// of the fit catalog area and typed arguments) in a language, with the
// language's printer: numbers grouped, pesos, dates and lists the
// language's way. The fit package itself decides and formats nothing.
package fittext

import (
	"fmt"
	"strconv"
	"strings"

	"masahe/internal/fit"
	"masahe/internal/locale"
)

// Write is t in p's language; the zero Text is "".
func Write(p *locale.Printer, t fit.Text) string {
	if t.ID == "" {
		return ""
	}
	args := t.Args()
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = arg(p, a)
	}
	return p.T(t.ID, vals...)
}

// arg is one argument as its message takes it: a whole number as a number
// (the printer groups it), the rest as text.
func arg(p *locale.Printer, a fit.Arg) any {
	switch a.Kind {
	case fit.Number:
		return a.N
	case fit.Pesos:
		return p.Peso(a.N)
	case fit.Day:
		return p.Date(a.Time())
	case fit.Decimal:
		return strconv.FormatFloat(a.Float(), 'f', -1, 64)
	case fit.Label:
		return p.T(a.S)
	case fit.Measure:
		return p.T(a.S, a.N)
	case fit.List:
		items := make([]string, len(a.Items))
		for i, it := range a.Items {
			items[i] = fmt.Sprint(arg(p, it))
		}
		return And(p, items)
	}
	return a.S
}

// And lists items the language's way: "a, b and c".
func And(p *locale.Printer, items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return p.T("fit.list.and", strings.Join(items[:len(items)-1], ", "), items[len(items)-1])
}
