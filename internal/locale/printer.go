package locale

import (
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/message"

	"masahe/internal/phtime"
)

// Printer writes one language's messages, numbers, pesos and dates. Get
// one from Bundle.Printer for each request's language; it is safe for
// concurrent use.
type Printer struct {
	b    *Bundle
	lang Lang
	p    *message.Printer
}

// Lang is the printer's language.
func (p *Printer) Lang() Lang { return p.lang }

// T is the message id in the printer's language, its placeholders filled
// from args the fmt way (%s, %d, %[2]s), numbers grouped for the
// language. A message the language lacks is written in English and
// logged once; an ID no language has comes back as the ID itself, never
// as an empty string.
func (p *Printer) T(id string, args ...any) string {
	return p.printer(id, false).Sprintf(id, args...)
}

// Plural is the plural message id in the form the count n takes in the
// printer's language (CLDR rules); n is the message's first argument
// (%[1]d or the first %d) and args follow it.
func (p *Printer) Plural(id string, n int, args ...any) string {
	return p.printer(id, true).Sprintf(id, append([]any{n}, args...)...)
}

// HTML is T for a sentence with markup in it, such as a link: the whole
// text, string arguments included, is escaped, and only template.HTML
// arguments are kept as they are.
func (p *Printer) HTML(id string, args ...any) template.HTML {
	marked := slices.Clone(args)
	var marks []string // marker, markup, marker, markup ...
	for i, a := range args {
		if h, ok := a.(template.HTML); ok {
			// Private-use characters: no message holds them and
			// escaping leaves them alone.
			m := "\ue000" + strconv.Itoa(i) + "\ue001"
			marked[i] = m
			marks = append(marks, m, string(h))
		}
	}
	s := template.HTMLEscapeString(p.printer(id, false).Sprintf(id, marked...))
	return template.HTML(strings.NewReplacer(marks...).Replace(s))
}

// printer is the x/text printer that has the message: the language's own,
// or when the language lacks it (or has it with plural forms where the
// caller wants none, or the reverse) English's, the gap logged once. With
// no language having it, x/text writes the ID itself.
func (p *Printer) printer(id string, plural bool) *message.Printer {
	if e, ok := p.b.messages[p.lang][id]; ok && e.plural() == plural {
		return p.p
	}
	p.b.report(p.lang, id)
	return p.b.printers[English].p
}

// report logs a missing or misused message once per language and ID.
func (b *Bundle) report(l Lang, id string) {
	b.mu.Lock()
	seen := b.reported[string(l)+" "+id]
	b.reported[string(l)+" "+id] = true
	b.mu.Unlock()
	if seen {
		return
	}
	b.log.Error("locale: message missing, or used with T where it has plural forms or with Plural where it has none; writing the English",
		"lang", l, "id", id)
}

// Number writes a whole number with the language's grouping: 129,990.
func (p *Printer) Number(n int64) string { return p.p.Sprintf("%d", n) }

// Peso writes an amount of whole pesos: ₱129,990 in both languages.
func (p *Printer) Peso(n int64) string { return "₱" + p.Number(n) }

// monthsFil are the months in Filipino.
var monthsFil = [12]string{"Enero", "Pebrero", "Marso", "Abril", "Mayo", "Hunyo", "Hulyo", "Agosto", "Setyembre",
	"Oktubre", "Nobyembre", "Disyembre"}

// ShortDate writes the day of t in Philippine time without the year, its
// month cut to three letters: "30 Nov", "30 Nob".
func (p *Printer) ShortDate(t time.Time) string {
	t = t.In(phtime.Manila)
	month := t.Month().String()
	if p.lang == Filipino {
		month = monthsFil[t.Month()-1]
	}
	return strconv.Itoa(t.Day()) + " " + month[:3]
}

// Date writes the day of t in Philippine time (UTC+8, no daylight saving):
// "1 December 2026", "1 Disyembre 2026".
func (p *Printer) Date(t time.Time) string {
	t = t.In(phtime.Manila)
	month := t.Month().String()
	if p.lang == Filipino {
		month = monthsFil[t.Month()-1]
	}
	return strconv.Itoa(t.Day()) + " " + month + " " + strconv.Itoa(t.Year())
}
