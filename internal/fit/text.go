package fit

import (
	"math"
	"time"
)

// Text is a sentence for the buyer in no language yet: the ID of a message
// of the fit catalog area (internal/locale/translations/<lang>/fit.json;
// finder.json for the errors of InputError) and its arguments, in order. The caller writes it in the reader's
// language; fit formats nothing itself, so ranking a whole catalog writes
// no sentence, and only the chairs shown get theirs. The zero Text (ID "")
// is no sentence.
type Text struct {
	ID   string
	args [maxArgs]Arg
	n    uint8
}

// maxArgs is the most arguments a fit message takes.
const maxArgs = 4

// Args are the text's arguments, in the order of the message's
// placeholders.
func (t Text) Args() []Arg { return t.args[:t.n] }

// text is the message id with args; it holds at most maxArgs.
func text(id string, args ...Arg) Text {
	t := Text{ID: id}
	t.n = uint8(copy(t.args[:], args))
	return t
}

// ArgKind says how an argument is written.
type ArgKind uint8

const (
	// Number is a whole number (centimetres, kilograms, floors, points),
	// grouped the language's way: N.
	Number ArgKind = iota
	// Pesos is an amount in whole pesos: N.
	Pesos
	// Day is a day, N its Unix time in seconds.
	Day
	// Decimal is a number with a fraction, N its math.Float64bits.
	Decimal
	// Name is written as it is: a brand, a place, a published area: S.
	Name
	// Label is a message of its own with no arguments, S its ID.
	Label
	// Measure is a message of its own whose one argument is the whole
	// number N, S its ID ("78 cm wide").
	Measure
	// List is Items joined the language's way ("a, b and c").
	List
)

// Arg is one argument of a Text.
type Arg struct {
	Kind  ArgKind
	N     int64
	S     string
	Items []Arg
}

// Float is a Decimal's value.
func (a Arg) Float() float64 { return math.Float64frombits(uint64(a.N)) }

// Time is a Day's value.
func (a Arg) Time() time.Time { return time.Unix(a.N, 0) }

func num(n int64) Arg                { return Arg{Kind: Number, N: n} }
func peso(n int64) Arg               { return Arg{Kind: Pesos, N: n} }
func day(t time.Time) Arg            { return Arg{Kind: Day, N: t.Unix()} }
func decimal(f float64) Arg          { return Arg{Kind: Decimal, N: int64(math.Float64bits(f))} }
func name(s string) Arg              { return Arg{Kind: Name, S: s} }
func label(id string) Arg            { return Arg{Kind: Label, S: id} }
func measure(id string, n int64) Arg { return Arg{Kind: Measure, S: id, N: n} }
func list(items ...Arg) Arg          { return Arg{Kind: List, Items: items} }
func names(items []string) Arg {
	out := make([]Arg, len(items))
	for i, s := range items {
		out[i] = name(s)
	}
	return list(out...)
}
