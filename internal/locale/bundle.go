package locale

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"slices"
	"sort"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

//go:embed translations synonyms-fil.txt content
var files embed.FS

// message is one catalog entry: a text, or for a plural message a text per
// plural form ("one", "other", ...).
type entry struct {
	text  string
	forms map[string]string
}

func (e entry) plural() bool { return e.forms != nil }

// texts lists the entry's texts: the text, or each form's in form order.
func (e entry) texts() []string {
	if !e.plural() {
		return []string{e.text}
	}
	var out []string
	for _, f := range formNames {
		if t, ok := e.forms[f]; ok {
			out = append(out, t)
		}
	}
	return out
}

// formNames are CLDR's plural form names, in its order.
var formNames = []string{"zero", "one", "two", "few", "many", "other"}

// Bundle holds every language's messages and the search synonyms, read
// once from the embedded files by NewBundle and then only read, so one
// Bundle serves all requests.
type Bundle struct {
	log      *slog.Logger
	messages map[Lang]map[string]entry
	printers map[Lang]*Printer
	matcher  language.Matcher
	synonyms *Synonyms

	mu       sync.Mutex
	reported map[string]bool // lang + " " + id of missing messages already logged
}

// NewBundle reads the catalogs (translations/<lang>/*.json, one file per
// area of the site, merged; an ID in two files is an error) and the
// synonyms. A file that does not parse, or a plural message without an
// "other" form, is an error; a message missing from a language is not (see
// Check), and falls back to English at run time.
func NewBundle(log *slog.Logger) (*Bundle, error) { return newBundle(log, files) }

func newBundle(log *slog.Logger, fsys fs.FS) (*Bundle, error) {
	b := &Bundle{log: log, messages: map[Lang]map[string]entry{}, printers: map[Lang]*Printer{},
		reported: map[string]bool{}}
	cat := catalog.NewBuilder(catalog.Fallback(English.Tag()))
	tags := make([]language.Tag, len(Langs))
	for i, l := range Langs {
		tags[i] = l.Tag()
		msgs, err := readCatalogs(fsys, l)
		if err != nil {
			return nil, err
		}
		for id, e := range msgs {
			if err := setMessage(cat, l.Tag(), id, e); err != nil {
				return nil, fmt.Errorf("locale: %s: %s: %w", l, id, err)
			}
		}
		b.messages[l] = msgs
	}
	for _, l := range Langs {
		b.printers[l] = &Printer{b: b, lang: l, p: message.NewPrinter(l.Tag(), message.Catalog(cat))}
	}
	b.matcher = language.NewMatcher(tags)
	src, err := fs.ReadFile(fsys, "synonyms-fil.txt")
	if err != nil {
		return nil, fmt.Errorf("locale: %w", err)
	}
	if b.synonyms, err = ParseSynonyms("synonyms-fil.txt", string(src)); err != nil {
		return nil, err
	}
	return b, nil
}

// readCatalogs reads and merges every catalog file of a language
// (translations/<lang>/*.json).
func readCatalogs(fsys fs.FS, l Lang) (map[string]entry, error) {
	names, err := fs.Glob(fsys, "translations/"+string(l)+"/*.json")
	if err != nil || len(names) == 0 {
		return nil, fmt.Errorf("locale: no catalog files for %s", l)
	}
	out := map[string]entry{}
	from := map[string]string{}
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("locale: %w", err)
		}
		msgs, err := parseCatalog(name, src)
		if err != nil {
			return nil, err
		}
		for id, e := range msgs {
			if prev, dup := from[id]; dup {
				return nil, fmt.Errorf("locale: %s: %s is also in %s", name, id, prev)
			}
			out[id], from[id] = e, name
		}
	}
	return out, nil
}

// parseCatalog reads one catalog file's JSON object of message ID → text, or
// ID → {form: text}. A repeated ID is an error (encoding/json would keep
// the last one silently).
func parseCatalog(name string, src []byte) (map[string]entry, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	fail := func(err error) (map[string]entry, error) { return nil, fmt.Errorf("locale: %s: %w", name, err) }
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fail(fmt.Errorf("want one JSON object of message ID to text"))
	}
	out := map[string]entry{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		id := t.(string) // object keys are strings
		if _, dup := out[id]; dup {
			return fail(fmt.Errorf("%s: the ID appears twice", id))
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fail(fmt.Errorf("%s: %w", id, err))
		}
		var e entry
		if err := json.Unmarshal(raw, &e.text); err != nil {
			if err := json.Unmarshal(raw, &e.forms); err != nil {
				return fail(fmt.Errorf("%s: want a text or an object of plural forms", id))
			}
			for f := range e.forms {
				if !slices.Contains(formNames, f) {
					return fail(fmt.Errorf("%s: %q is not a plural form (want one of %v)", id, f, formNames))
				}
			}
			if _, ok := e.forms["other"]; !ok {
				return fail(fmt.Errorf("%s: a plural message needs an \"other\" form", id))
			}
		}
		for _, t := range e.texts() {
			if t == "" {
				return fail(fmt.Errorf("%s: empty text", id))
			}
		}
		out[id] = e
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return fail(fmt.Errorf("the object is not closed"))
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail(fmt.Errorf("text after the object"))
	}
	return out, nil
}

// setMessage adds an entry to the x/text catalog: a plural message selects
// its form by the first argument, under the language's CLDR rules.
func setMessage(cat *catalog.Builder, tag language.Tag, id string, e entry) error {
	if !e.plural() {
		return cat.SetString(tag, id, e.text)
	}
	var cases []any
	for _, f := range formNames {
		if t, ok := e.forms[f]; ok {
			cases = append(cases, f, t)
		}
	}
	return cat.Set(tag, id, plural.Selectf(1, "%d", cases...))
}

// Printer returns the printer of a language; an unknown language gets
// English.
func (b *Bundle) Printer(l Lang) *Printer {
	if p, ok := b.printers[l]; ok {
		return p
	}
	return b.printers[English]
}

// Synonyms returns the Filipino and Taglish search synonyms.
func (b *Bundle) Synonyms() *Synonyms { return b.synonyms }

// Suggest reads an Accept-Language header and returns the language to
// offer a visitor who is reading the page in current, when the browser
// prefers another of the site's languages ("tl" counts as Filipino). It
// only suggests: the caller shows a link and never redirects on it.
func (b *Bundle) Suggest(acceptLanguage string, current Lang) (Lang, bool) {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return current, false
	}
	_, i, conf := b.matcher.Match(tags...)
	if conf == language.No || Langs[i] == current {
		return current, false
	}
	return Langs[i], true
}

// Check lists what is wrong with the catalogs, and with the IDs the caller
// uses (for example the ones its templates name): an ID missing from a
// language, a language with an ID English does not have, a translation
// whose placeholders differ from the English ones, a plain text where
// English has plural forms or the reverse, and a plural message without
// every form its language needs. Tests fail on any problem.
func (b *Bundle) Check(used ...string) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	en := b.messages[English]
	for _, id := range used {
		if _, ok := en[id]; !ok {
			add("en: %s: used but not in the catalog", id)
		}
	}
	for _, l := range Langs {
		msgs := b.messages[l]
		for _, id := range sortedIDs(en) {
			e, ok := msgs[id]
			if !ok {
				add("%s: %s: no translation", l, id)
				continue
			}
			src := en[id]
			if e.plural() != src.plural() {
				add("%s: %s: plural forms in one language and a plain text in the other", l, id)
				continue
			}
			want := verbs(src.texts()[len(src.texts())-1])
			for _, t := range e.texts() {
				if got := verbs(t); !sameVerbs(got, want, e.plural()) {
					add("%s: %s: placeholders %v in %q; English has %v", l, id, got, t, want)
				}
			}
			if e.plural() {
				for _, f := range Forms(l) {
					if _, ok := e.forms[f]; !ok {
						add("%s: %s: no %q form, which %s needs", l, id, f, l.Name())
					}
				}
			}
		}
		for _, id := range sortedIDs(msgs) {
			if _, ok := en[id]; !ok {
				add("%s: %s: not in the English catalog", l, id)
			}
		}
	}
	return problems
}

// sameVerbs compares placeholders. A plural form may leave out the count
// (argument 1), as "one" often does ("one owner").
func sameVerbs(got, want map[int]string, plural bool) bool {
	for n, v := range want {
		if g, ok := got[n]; !ok && !(plural && n == 1) || ok && g != v {
			return false
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			return false
		}
	}
	return true
}

func sortedIDs(m map[string]entry) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Forms lists the plural forms a language uses for whole numbers, found
// from the CLDR rules in golang.org/x/text (English: one, other; Filipino:
// one, other).
func Forms(l Lang) []string {
	seen := map[plural.Form]bool{}
	for n := 0; n < 1000; n++ {
		seen[plural.Cardinal.MatchPlural(l.Tag(), n, 0, 0, 0, 0)] = true
	}
	names := map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few",
		plural.Many: "many", plural.Other: "other"}
	var out []string
	for _, f := range formNames {
		for form := range seen {
			if names[form] == f {
				out = append(out, f)
			}
		}
	}
	return out
}
