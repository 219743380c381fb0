package web

import (
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"masahe/internal/catalog"
)

// The admin form builder: fields in sections, each validation problem
// placed beside its field, and the one save path of every record form.

// formField is one labelled control of an admin form with its error.
type formField struct {
	// Name is the form key; the control's id is "f-" + Name.
	Name  string
	Label string
	// Aside follows the label for screen readers only, e.g. "for Track".
	Aside string
	Unit  string
	// Type is text, number, url, date, textarea, select, checkbox, or
	// source (a text input suggesting the source ids).
	Type     string
	Value    string
	Options  []catalog.Option
	Hint     string
	Error    string
	Required bool
	Min, Max string
	Step     string
}

func (f *formField) ID() string { return "f-" + f.Name }

// InputType is the type attribute of an input control.
func (f *formField) InputType() string {
	if f.Type == "source" {
		return "text"
	}
	return f.Type
}

func (f *formField) Checked() bool { return f.Value == "true" }

// DescribedBy links the control to its error and hint.
func (f *formField) DescribedBy() string {
	var ids []string
	if f.Error != "" {
		ids = append(ids, "e-"+f.Name)
	}
	if f.Hint != "" {
		ids = append(ids, "h-"+f.Name)
	}
	return strings.Join(ids, " ")
}

// formSection is a group of fields, a fieldset when it has a legend; each
// row's fields stand side by side.
type formSection struct {
	Legend string
	Hint   string
	Rows   [][]*formField
}

func (sec *formSection) add(fields ...*formField) {
	sec.Rows = append(sec.Rows, fields)
}

// recordPage is every admin form: a record's fields in sections, each
// problem beside its field and listed at the top.
type recordPage struct {
	Layout
	Back     link
	Heading  string
	Notice   string
	Problems []problemView
	Action   string
	Submit   string
	Sections []formSection
	// Sources are the ids the source fields suggest.
	Sources []catalog.Source
	// Offers and NewOffer: a chair's offers.
	Offers   []offerRow
	NewOffer string
	Buttons  []actionButton
}

// problemView is a problem in the list at the top of a form, linked to
// its field when it has one.
type problemView struct {
	Target, Label, Message string
}

// actionButton is a one-button form beside the record's form: retire,
// restore.
type actionButton struct {
	URL, Label, Note string
	Danger           bool
}

var boolOptions = []catalog.Option{{Value: "", Label: "not published"}, {Value: "true", Label: "Yes"}, {Value: "false", Label: "No"}}

const slugHint = "lowercase letters and digits joined by hyphens; it cannot be changed later"

// placeProblems puts each validation problem beside its field and returns
// the list for the top of the form. main is the kind of the form's record;
// problems with a new source added beside it go to the new-source fields.
func placeProblems(verr *catalog.ValidationError, main string, sections []formSection) []problemView {
	fields := map[string]*formField{}
	for _, sec := range sections {
		for _, row := range sec.Rows {
			for _, f := range row {
				fields[f.Name] = f
			}
		}
	}
	var out []problemView
	for _, p := range verr.Problems {
		name := p.Field
		if p.Kind != main {
			name = p.Kind + "." + p.Field
			if p.Kind == "source" {
				name = "new_source." + p.Field
			}
		}
		v := problemView{Label: cmp.Or(p.Field, p.Record), Message: p.Message}
		if f, ok := fields[name]; ok {
			f.Error = strings.TrimPrefix(f.Error+"; "+p.Message, "; ")
			v.Target, v.Label = f.ID(), strings.TrimSpace(f.Label+" "+f.Aside)
		}
		out = append(out, v)
	}
	return out
}

// newSourceSection lets a form add the source it cites: the source form's
// fields, named apart from the record's by the new_source. prefix.
func newSourceSection(v url.Values) formSection {
	sec := formSection{Legend: "Add a new source", Hint: "Fill this in to cite a source that is not in the list yet, and enter its id in the source fields above."}
	k := recordKinds()["sources"]
	fields := append([]formField{{Name: k.Key, Label: k.KeyLabel, Type: "text", Hint: k.KeyHint}}, k.Fields...)
	for _, f := range fields {
		f.Name, f.Required = newSourcePrefix+f.Name, false
		f.Value = v.Get(f.Name)
		sec.add(&f)
	}
	return sec
}

// newSourcePrefix names a new source's fields beside a record's.
const newSourcePrefix = "new_source."

// withNewSource adds the form's new source, when it has one, to doc.
func withNewSource(doc *catalog.Document, v url.Values) *catalog.Document {
	get := func(k string) string { return strings.TrimSpace(v.Get(newSourcePrefix + k)) }
	src := catalog.Source{ID: get("id"), URL: get("url"), Title: get("title"), Publisher: get("publisher"), Accessed: get("accessed"),
		Market: get("market"), Kind: get("kind")}
	if src != (catalog.Source{}) {
		doc.Sources = append(doc.Sources, src)
	}
	return doc
}

func sourceField(v url.Values, name, label, aside string) *formField {
	return &formField{Name: name, Label: label, Aside: aside, Type: "source", Value: v.Get(name)}
}

// saveRecord saves a form's record and redirects to next; invalid input
// shows the form again through show, with the problems.
func (s *Server) saveRecord(w http.ResponseWriter, r *http.Request, sess *session, doc *catalog.Document, create bool, next string,
	show func(status int, verr *catalog.ValidationError)) {
	if verr := newSourceGaps(doc, create); verr != nil {
		show(http.StatusBadRequest, verr)
		return
	}
	changed, err := s.stores.Admin.SaveRecord(r.Context(), actorOf(sess), doc, create)
	var verr *catalog.ValidationError
	switch {
	case errors.As(err, &verr):
		show(http.StatusBadRequest, verr)
		return
	case err != nil:
		s.writeError(w, r, err)
		return
	}
	done := "saved"
	if create {
		done = "created"
	} else if !changed {
		done = "unchanged"
	}
	http.Redirect(w, r, next+"?done="+done, http.StatusSeeOther)
}

// newSourceGaps asks every new source in a form's document for its market
// and kind, which the catalog format leaves optional for older sources:
// the sources beside a record are new, and a source form's own source is
// new when it is created.
func newSourceGaps(doc *catalog.Document, create bool) *catalog.ValidationError {
	onlySources := doc.Records() == len(doc.Sources)
	if onlySources && !create {
		return nil
	}
	var problems []catalog.Problem
	for _, src := range doc.Sources {
		for _, f := range []struct{ name, value string }{{"market", src.Market}, {"kind", src.Kind}} {
			if f.value == "" {
				problems = append(problems, catalog.Problem{Record: "source " + src.ID, Kind: "source", Field: f.name,
					Message: "is required for a new source"})
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return &catalog.ValidationError{Problems: problems}
}

// renderRecord fills the parts every record form shares and renders it.
func (s *Server) renderRecord(w http.ResponseWriter, r *http.Request, status int, page recordPage, main string, verr *catalog.ValidationError) {
	sources, err := s.stores.Admin.AllSources(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page.Sources = sources
	page.Action = r.URL.Path
	if verr != nil {
		page.Problems = placeProblems(verr, main, page.Sections)
	} else {
		page.Notice = adminNotice[r.URL.Query().Get("done")]
	}
	s.renderAdmin(w, r, status, "admin_record.html", page)
}
