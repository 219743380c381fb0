package web

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/catalog"
	"masahe/internal/errs"
	"masahe/internal/phtime"
)

// AdminStore is what the admin pages need from the database.
type AdminStore interface {
	ChairEntries(ctx context.Context) ([]catalog.ChairEntry, error)
	AdminChair(ctx context.Context, slug string) (catalog.ChairRecord, error)
	Brand(ctx context.Context, slug string) (catalog.Brand, error)
	Retailers(ctx context.Context) ([]catalog.RetailerCount, error)
	Retailer(ctx context.Context, slug string) (catalog.Retailer, error)
	Offer(ctx context.Context, chair, retailer string) (catalog.Offer, error)
	AllSources(ctx context.Context) ([]catalog.Source, error)
	Source(ctx context.Context, id string) (catalog.Source, error)
	SaveRecord(ctx context.Context, by audit.Actor, doc *catalog.Document, create bool) (bool, error)
	SetChairRetired(ctx context.Context, by audit.Actor, slug string, retired bool) error
	RetireOffer(ctx context.Context, by audit.Actor, chair, retailer string) error
	RetireBrand(ctx context.Context, by audit.Actor, slug string) error
	RetireRetailer(ctx context.Context, by audit.Actor, slug string) error
	AuditLog(ctx context.Context, limit, offset int) ([]audit.Entry, error)
	Users(ctx context.Context) ([]account.User, error)
	SetUserRole(ctx context.Context, by audit.Actor, userID int64, role account.Role) error
	SetUserDisabled(ctx context.Context, by audit.Actor, userID int64, disabled bool) error
}

// actorOf is who an admin change is recorded under.
func actorOf(sess *session) audit.Actor {
	return audit.Actor{UserID: sess.User.ID, Email: sess.User.Email}
}

// renderAdmin renders an admin page. Admin pages show unpublished work and
// who did what: no browser or proxy may keep them.
func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, status int, name string, page any) {
	w.Header().Set("Cache-Control", "no-store")
	if err := s.render(w, status, name, page); err != nil {
		s.writeError(w, r, err)
	}
}

// adminNotice confirms what the last admin action did (?done=…).
var adminNotice = map[string]string{
	"created":   "Created.",
	"saved":     "Saved.",
	"unchanged": "Nothing to save: the record was already like this.",
	"retired":   "Retired.",
	"restored":  "Restored: the chair is back in the catalog.",
	"role":      "Role changed. The user's sessions have ended, so the new role applies from their next login.",
	"disabled":  "Account disabled, and logged out everywhere.",
	"enabled":   "Account enabled.",
}

type adminHomePage struct {
	Layout
	IsAdmin bool
}

func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Editor)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_home.html", adminHomePage{Layout: s.layout(r, "Admin", ""), IsAdmin: sess.User.Role.AtLeast(account.Admin)})
}

// Lists.

type adminListPage struct {
	Layout
	Notice string
	New    link
	Rows   []adminRow
	Empty  string
}

type link struct{ URL, Label string }

type adminRow struct {
	URL, Name, Detail string
	Retired           bool
}

func (s *Server) handleAdminChairs(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	chairs, err := s.stores.Admin.ChairEntries(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := adminListPage{Layout: s.layout(r, "Chairs", ""), Notice: adminNotice[r.URL.Query().Get("done")],
		New: link{"/admin/chairs/new", "Add a chair"}, Empty: "No chairs yet."}
	for _, c := range chairs {
		page.Rows = append(page.Rows, adminRow{URL: "/admin/chairs/" + url.PathEscape(c.Slug), Name: c.BrandName + " " + c.Name,
			Detail: c.Slug + " · " + countOf(c.Offers, "offer"), Retired: c.Retired})
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_list.html", page)
}

func (s *Server) handleAdminBrands(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	brands, err := s.stores.Catalog.Brands(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := adminListPage{Layout: s.layout(r, "Brands", ""), Notice: adminNotice[r.URL.Query().Get("done")],
		New: link{"/admin/brands/new", "Add a brand"}, Empty: "No brands yet."}
	for _, b := range brands {
		page.Rows = append(page.Rows, adminRow{URL: "/admin/brands/" + url.PathEscape(b.Slug), Name: b.Name,
			Detail: b.Slug + " · " + countOf(b.Chairs, "chair") + " in the catalog"})
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_list.html", page)
}

func (s *Server) handleAdminRetailers(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	retailers, err := s.stores.Admin.Retailers(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := adminListPage{Layout: s.layout(r, "Retailers", ""), Notice: adminNotice[r.URL.Query().Get("done")],
		New: link{"/admin/retailers/new", "Add a retailer"}, Empty: "No retailers yet."}
	for _, rt := range retailers {
		page.Rows = append(page.Rows, adminRow{URL: "/admin/retailers/" + url.PathEscape(rt.Slug), Name: rt.Name,
			Detail: rt.Slug + " · " + countOf(rt.Offers, "offer")})
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_list.html", page)
}

func (s *Server) handleAdminSources(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	sources, err := s.stores.Admin.AllSources(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := adminListPage{Layout: s.layout(r, "Sources", ""), Notice: adminNotice[r.URL.Query().Get("done")],
		New: link{"/admin/sources/new", "Add a source"}, Empty: "No sources yet."}
	for _, src := range sources {
		detail := src.Title
		if src.Publisher != "" {
			detail += " · " + src.Publisher
		}
		page.Rows = append(page.Rows, adminRow{URL: "/admin/sources/" + url.PathEscape(src.ID), Name: src.ID, Detail: detail})
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_list.html", page)
}

func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// Forms.

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

type offerRow struct {
	URL, Retailer, Price, Note string
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

// newSourceSection lets a form add the source it cites.
func newSourceSection(v url.Values) formSection {
	sec := formSection{Legend: "Add a new source", Hint: "Fill this in to cite a source that is not in the list yet, and enter its id in the source fields above."}
	sec.add(sourceFields(v, "new_source.", true)...)
	return sec
}

// sourceFields are a source's fields; prefix names them apart from the
// record they sit beside.
func sourceFields(v url.Values, prefix string, withID bool) []*formField {
	var out []*formField
	if withID {
		out = append(out, &formField{Name: prefix + "id", Label: "Id", Type: "text", Value: v.Get(prefix + "id"),
			Hint: "1–120 lowercase letters, digits, '-', '_' or '.', e.g. ogawa-master-drive-ai-sg"})
	}
	return append(out,
		&formField{Name: prefix + "url", Label: "URL", Type: "url", Value: v.Get(prefix + "url")},
		&formField{Name: prefix + "title", Label: "Title", Type: "text", Value: v.Get(prefix + "title")},
		&formField{Name: prefix + "publisher", Label: "Publisher", Type: "text", Value: v.Get(prefix + "publisher")},
		&formField{Name: prefix + "accessed", Label: "Date accessed", Type: "date", Value: v.Get(prefix + "accessed")},
	)
}

// sourceFrom reads a source's fields.
func sourceFrom(v url.Values, prefix string) catalog.Source {
	get := func(k string) string { return strings.TrimSpace(v.Get(prefix + k)) }
	return catalog.Source{ID: get("id"), URL: get("url"), Title: get("title"), Publisher: get("publisher"), Accessed: get("accessed")}
}

// withNewSource adds the form's new source, when it has one, to doc.
func withNewSource(doc *catalog.Document, v url.Values) *catalog.Document {
	if src := sourceFrom(v, "new_source."); src != (catalog.Source{}) {
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

// Chairs.

func (s *Server) handleAdminChairForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	var rec catalog.ChairRecord
	if slug := r.PathValue("slug"); slug != "" {
		var err error
		if rec, err = s.stores.Admin.AdminChair(r.Context(), slug); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	s.showChairForm(w, r, http.StatusOK, rec, chairValues(rec.Chair), nil)
}

func (s *Server) handleAdminChairSave(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Editor)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	var rec catalog.ChairRecord
	slug := r.PathValue("slug")
	if slug != "" {
		if rec, err = s.stores.Admin.AdminChair(r.Context(), slug); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	c := chairFrom(r.PostForm, cmp.Or(slug, strings.TrimSpace(r.PostForm.Get("slug"))))
	doc := withNewSource(&catalog.Document{Chairs: []catalog.Chair{c}}, r.PostForm)
	s.saveRecord(w, r, sess, doc, slug == "", "/admin/chairs/"+url.PathEscape(c.Slug), func(status int, verr *catalog.ValidationError) {
		s.showChairForm(w, r, status, rec, r.PostForm, verr)
	})
}

// showChairForm shows the form of rec (a new chair when it has no slug)
// filled with v.
func (s *Server) showChairForm(w http.ResponseWriter, r *http.Request, status int, rec catalog.ChairRecord, v url.Values, verr *catalog.ValidationError) {
	brands, err := s.stores.Catalog.Brands(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	create := rec.Slug == ""
	page := recordPage{Back: link{"/admin/chairs", "Chairs"}, Heading: "New chair", Submit: "Add the chair"}
	if !create {
		page.Heading, page.Submit = "Edit "+rec.FullName(), "Save the chair"
		if rec.Retired {
			page.Heading += " (retired)"
		}
	}
	page.Layout = s.layout(r, page.Heading, "")
	var main formSection
	if create {
		main.add(&formField{Name: "slug", Label: "Slug", Type: "text", Value: v.Get("slug"), Required: true, Hint: slugHint})
	}
	brandOptions := []catalog.Option{{Value: "", Label: "Choose a brand"}}
	for _, b := range brands {
		brandOptions = append(brandOptions, catalog.Option{Value: b.Slug, Label: b.Name})
	}
	main.add(&formField{Name: "name", Label: "Model name", Type: "text", Value: v.Get("name"), Required: true, Hint: "without the brand, e.g. Master Drive AI"})
	main.add(&formField{Name: "brand", Label: "Brand", Type: "select", Value: v.Get("brand"), Options: brandOptions, Required: true})
	main.add(sourceField(v, "source", "Source listing the model", ""))
	page.Sections = append(page.Sections, main)
	for i, f := range catalog.Fields {
		if i == 0 || catalog.Fields[i-1].Group != f.Group {
			page.Sections = append(page.Sections, formSection{Legend: f.Group,
				Hint: "Leave a value empty when it is not published. Each value needs a source id, or the sample mark."})
		}
		sec := &page.Sections[len(page.Sections)-1]
		key := "specs." + f.Key
		sec.add(specField(f, v.Get(key)),
			sourceField(v, key+".source", "Source", "for "+f.Label),
			&formField{Name: key + ".sample", Label: "Sample", Aside: "value of " + f.Label, Type: "checkbox", Value: v.Get(key + ".sample")})
	}
	page.Sections = append(page.Sections, newSourceSection(v))
	if !create {
		base := "/admin/chairs/" + url.PathEscape(rec.Slug)
		page.NewOffer = base + "/offers/new"
		for _, o := range rec.Offers {
			note := "observed " + o.ObservedAt
			if o.Sample {
				note = "sample"
			}
			page.Offers = append(page.Offers, offerRow{URL: base + "/offers/" + url.PathEscape(o.Retailer), Retailer: o.RetailerName,
				Price: catalog.FormatPeso(o.PricePHP), Note: note})
		}
		if rec.Retired {
			page.Buttons = append(page.Buttons, actionButton{URL: base + "/restore", Label: "Restore the chair",
				Note: "Puts the chair back in the catalog, search, comparisons and the finder."})
		} else {
			page.Buttons = append(page.Buttons, actionButton{URL: base + "/retire", Label: "Retire the chair", Danger: true,
				Note: "Takes the chair out of the catalog, search, comparisons, the finder and the API. Its data stays, and it can be restored."})
		}
	}
	s.renderRecord(w, r, status, page, "chair", verr)
}

// specField is the value control of a spec: a number, a choice (with
// "not published") or a list of names.
func specField(f catalog.Field, value string) *formField {
	ff := &formField{Name: "specs." + f.Key, Label: f.Label, Unit: f.Unit, Value: value}
	limit := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	switch f.Kind {
	case catalog.KindInt:
		ff.Type, ff.Step, ff.Min, ff.Max = "number", "1", limit(f.Min), limit(f.Max)
	case catalog.KindFloat:
		ff.Type, ff.Step, ff.Min, ff.Max = "number", "any", limit(f.Min), limit(f.Max)
	case catalog.KindBool:
		ff.Type, ff.Options = "select", boolOptions
	case catalog.KindEnum:
		ff.Type, ff.Options = "select", append([]catalog.Option{{Value: "", Label: "not published"}}, f.Options...)
	case catalog.KindList:
		ff.Type, ff.Hint = "text", "names separated by commas, e.g. Metro Manila, Cebu, Davao"
	}
	return ff
}

// chairValues is a chair as form values.
func chairValues(c catalog.Chair) url.Values {
	v := url.Values{}
	if c.Slug == "" {
		return v
	}
	v.Set("slug", c.Slug)
	v.Set("name", c.Name)
	v.Set("brand", c.Brand)
	v.Set("source", c.Source)
	for key, spec := range c.Specs {
		if spec.Value == nil {
			continue
		}
		v.Set("specs."+key, specText(spec.Value))
		v.Set("specs."+key+".source", spec.Source)
		if spec.Sample {
			v.Set("specs."+key+".sample", "true")
		}
	}
	return v
}

// specText writes a spec value the way its form control holds it.
func specText(value any) string {
	switch x := value.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case []string:
		return strings.Join(x, ", ")
	}
	return fmt.Sprint(value)
}

// chairFrom reads the chair form. Values go to the import as they were
// typed, in their JSON forms, so that the import's validation, the one for
// every way into the catalog, judges them.
func chairFrom(v url.Values, slug string) catalog.Chair {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	c := catalog.Chair{Slug: slug, Brand: get("brand"), Name: get("name"), Source: get("source"), Specs: map[string]catalog.Spec{}}
	for _, f := range catalog.Fields {
		key := "specs." + f.Key
		raw := get(key)
		if raw == "" {
			continue
		}
		var value any = raw
		switch f.Kind {
		case catalog.KindInt, catalog.KindFloat:
			// Only a finite number goes as a number: anything else stays
			// text, which the validation calls "must be a number".
			if x, err := strconv.ParseFloat(raw, 64); err == nil && !math.IsNaN(x) && !math.IsInf(x, 0) {
				value = json.Number(raw)
			}
		case catalog.KindBool:
			if raw == "true" || raw == "false" {
				value = raw == "true"
			}
		case catalog.KindList:
			var names []any
			for name := range strings.SplitSeq(raw, ",") {
				if name = strings.TrimSpace(name); name != "" {
					names = append(names, name)
				}
			}
			if len(names) == 0 {
				continue
			}
			value = names
		}
		c.Specs[f.Key] = catalog.Spec{Value: value, Source: get(key + ".source"), Sample: v.Get(key+".sample") == "true"}
	}
	return c
}

func (s *Server) handleAdminChairRetire(w http.ResponseWriter, r *http.Request) {
	s.setChairRetired(w, r, true)
}

func (s *Server) handleAdminChairRestore(w http.ResponseWriter, r *http.Request) {
	s.setChairRetired(w, r, false)
}

func (s *Server) setChairRetired(w http.ResponseWriter, r *http.Request, retired bool) {
	sess, err := s.requireRole(r, account.Editor)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	slug := r.PathValue("slug")
	if err := s.stores.Admin.SetChairRetired(r.Context(), actorOf(sess), slug, retired); err != nil {
		s.writeError(w, r, err)
		return
	}
	done := "restored"
	if retired {
		done = "retired"
	}
	http.Redirect(w, r, "/admin/chairs/"+url.PathEscape(slug)+"?done="+done, http.StatusSeeOther)
}

// Offers.

func (s *Server) handleAdminOfferForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	chair, err := s.stores.Admin.AdminChair(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v := url.Values{}
	if retailer := r.PathValue("retailer"); retailer != "" {
		o, err := s.stores.Admin.Offer(r.Context(), chair.Slug, retailer)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		v = offerValues(o)
	}
	s.showOfferForm(w, r, http.StatusOK, chair, v, nil)
}

func (s *Server) handleAdminOfferSave(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Editor)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	chair, err := s.stores.Admin.AdminChair(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	retailer := r.PathValue("retailer")
	o := offerFrom(r.PostForm, chair.Slug, cmp.Or(retailer, strings.TrimSpace(r.PostForm.Get("retailer"))))
	doc := withNewSource(&catalog.Document{Offers: []catalog.Offer{o}}, r.PostForm)
	next := "/admin/chairs/" + url.PathEscape(chair.Slug) + "/offers/" + url.PathEscape(o.Retailer)
	s.saveRecord(w, r, sess, doc, retailer == "", next, func(status int, verr *catalog.ValidationError) {
		s.showOfferForm(w, r, status, chair, r.PostForm, verr)
	})
}

func (s *Server) showOfferForm(w http.ResponseWriter, r *http.Request, status int, chair catalog.ChairRecord, v url.Values, verr *catalog.ValidationError) {
	retailer := r.PathValue("retailer")
	base := "/admin/chairs/" + url.PathEscape(chair.Slug)
	page := recordPage{Back: link{base, chair.FullName()}, Heading: "New offer for " + chair.FullName(), Submit: "Add the offer"}
	var main formSection
	if retailer == "" {
		retailers, err := s.stores.Admin.Retailers(r.Context())
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		options := []catalog.Option{{Value: "", Label: "Choose a retailer"}}
		for _, rt := range retailers {
			options = append(options, catalog.Option{Value: rt.Slug, Label: rt.Name})
		}
		main.add(&formField{Name: "retailer", Label: "Retailer", Type: "select", Value: v.Get("retailer"), Options: options, Required: true})
	} else {
		page.Heading, page.Submit = "Offer for "+chair.FullName()+" at "+retailer, "Save the offer"
		page.Buttons = append(page.Buttons, actionButton{URL: base + "/offers/" + url.PathEscape(retailer) + "/retire", Label: "Retire the offer",
			Danger: true, Note: "Deletes the offer; the audit log keeps what it was."})
	}
	page.Layout = s.layout(r, page.Heading, "")
	main.add(&formField{Name: "price_php", Label: "Price", Unit: "₱", Type: "number", Step: "1", Min: "1", Max: "100000000", Value: v.Get("price_php"), Required: true,
		Hint: "whole pesos"})
	main.add(&formField{Name: "instalment_months", Label: "Instalment months", Type: "number", Step: "1", Min: "1", Max: "60", Value: v.Get("instalment_months"),
		Hint: "leave empty when there are no instalments"})
	main.add(&formField{Name: "url", Label: "Offer page URL", Type: "url", Value: v.Get("url")})
	main.add(&formField{Name: "observed_at", Label: "Date the price was seen", Type: "date", Value: v.Get("observed_at")})
	main.add(sourceField(v, "source", "Source", ""))
	main.add(&formField{Name: "sample", Label: "Sample price: illustrative, not observed", Type: "checkbox", Value: v.Get("sample")})
	page.Sections = []formSection{main, newSourceSection(v)}
	s.renderRecord(w, r, status, page, "offer", verr)
}

func offerValues(o catalog.Offer) url.Values {
	v := url.Values{"retailer": {o.Retailer}, "price_php": {strconv.FormatInt(o.PricePHP, 10)}, "url": {o.URL},
		"observed_at": {o.ObservedAt}, "source": {o.Source}}
	if o.InstalmentMonths != nil {
		v.Set("instalment_months", strconv.FormatInt(*o.InstalmentMonths, 10))
	}
	if o.Sample {
		v.Set("sample", "true")
	}
	return v
}

// offerFrom reads the offer form. A price or month count that is not a
// whole number becomes 0, which the import's validation rejects with its
// own message.
func offerFrom(v url.Values, chair, retailer string) catalog.Offer {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	o := catalog.Offer{Chair: chair, Retailer: retailer, URL: get("url"), ObservedAt: get("observed_at"), Source: get("source"),
		Sample: v.Get("sample") == "true"}
	o.PricePHP, _ = strconv.ParseInt(strings.NewReplacer(",", "", "₱", "", " ", "").Replace(get("price_php")), 10, 64)
	if m := get("instalment_months"); m != "" {
		n, _ := strconv.ParseInt(m, 10, 64)
		o.InstalmentMonths = &n
	}
	return o
}

func (s *Server) handleAdminOfferRetire(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Editor)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	chair := r.PathValue("slug")
	if err := s.stores.Admin.RetireOffer(r.Context(), actorOf(sess), chair, r.PathValue("retailer")); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/chairs/"+url.PathEscape(chair)+"?done=retired", http.StatusSeeOther)
}

// Brands.

func (s *Server) handleAdminBrandForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	v := url.Values{}
	if slug := r.PathValue("slug"); slug != "" {
		b, err := s.stores.Admin.Brand(r.Context(), slug)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		v = url.Values{"slug": {b.Slug}, "name": {b.Name}, "country": {b.Country}, "website": {b.Website},
			"ph_presence": {b.PHPresence}, "source": {b.Source}}
	}
	s.showBrandForm(w, r, http.StatusOK, v, nil)
}

func (s *Server) handleAdminBrandSave(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Editor)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, slug := r.PostForm, r.PathValue("slug")
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	b := catalog.Brand{Slug: cmp.Or(slug, get("slug")), Name: get("name"), Country: get("country"), Website: get("website"),
		PHPresence: get("ph_presence"), Source: get("source")}
	doc := withNewSource(&catalog.Document{Brands: []catalog.Brand{b}}, v)
	s.saveRecord(w, r, sess, doc, slug == "", "/admin/brands/"+url.PathEscape(b.Slug), func(status int, verr *catalog.ValidationError) {
		s.showBrandForm(w, r, status, v, verr)
	})
}

func (s *Server) showBrandForm(w http.ResponseWriter, r *http.Request, status int, v url.Values, verr *catalog.ValidationError) {
	slug := r.PathValue("slug")
	page := recordPage{Back: link{"/admin/brands", "Brands"}, Heading: "New brand", Submit: "Add the brand"}
	var main formSection
	if slug == "" {
		main.add(&formField{Name: "slug", Label: "Slug", Type: "text", Value: v.Get("slug"), Required: true, Hint: slugHint})
	} else {
		page.Heading, page.Submit = "Edit the brand "+slug, "Save the brand"
		page.Buttons = append(page.Buttons, actionButton{URL: "/admin/brands/" + url.PathEscape(slug) + "/retire", Label: "Retire the brand", Danger: true,
			Note: "Removes the brand. Only a brand that no chair uses, retired chairs included, can be retired; the audit log keeps what it was."})
	}
	page.Layout = s.layout(r, page.Heading, "")
	main.add(&formField{Name: "name", Label: "Name", Type: "text", Value: v.Get("name"), Required: true})
	main.add(&formField{Name: "country", Label: "Country", Type: "text", Value: v.Get("country")})
	main.add(&formField{Name: "website", Label: "Website", Type: "url", Value: v.Get("website")})
	main.add(&formField{Name: "ph_presence", Label: "Presence in the Philippines", Type: "textarea", Value: v.Get("ph_presence")})
	main.add(sourceField(v, "source", "Source", ""))
	page.Sections = []formSection{main, newSourceSection(v)}
	s.renderRecord(w, r, status, page, "brand", verr)
}

func (s *Server) handleAdminBrandRetire(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Editor)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.stores.Admin.RetireBrand(r.Context(), actorOf(sess), r.PathValue("slug")); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/brands?done=retired", http.StatusSeeOther)
}

// Retailers.

func (s *Server) handleAdminRetailerForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	v := url.Values{}
	if slug := r.PathValue("slug"); slug != "" {
		rt, err := s.stores.Admin.Retailer(r.Context(), slug)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		v = url.Values{"slug": {rt.Slug}, "name": {rt.Name}, "url": {rt.URL}, "source": {rt.Source}}
	}
	s.showRetailerForm(w, r, http.StatusOK, v, nil)
}

func (s *Server) handleAdminRetailerSave(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Editor)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, slug := r.PostForm, r.PathValue("slug")
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	rt := catalog.Retailer{Slug: cmp.Or(slug, get("slug")), Name: get("name"), URL: get("url"), Source: get("source")}
	doc := withNewSource(&catalog.Document{Retailers: []catalog.Retailer{rt}}, v)
	s.saveRecord(w, r, sess, doc, slug == "", "/admin/retailers/"+url.PathEscape(rt.Slug), func(status int, verr *catalog.ValidationError) {
		s.showRetailerForm(w, r, status, v, verr)
	})
}

func (s *Server) showRetailerForm(w http.ResponseWriter, r *http.Request, status int, v url.Values, verr *catalog.ValidationError) {
	slug := r.PathValue("slug")
	page := recordPage{Back: link{"/admin/retailers", "Retailers"}, Heading: "New retailer", Submit: "Add the retailer"}
	var main formSection
	if slug == "" {
		main.add(&formField{Name: "slug", Label: "Slug", Type: "text", Value: v.Get("slug"), Required: true, Hint: slugHint})
	} else {
		page.Heading, page.Submit = "Edit the retailer "+slug, "Save the retailer"
		page.Buttons = append(page.Buttons, actionButton{URL: "/admin/retailers/" + url.PathEscape(slug) + "/retire", Label: "Retire the retailer", Danger: true,
			Note: "Removes the retailer. Only a retailer without offers can be retired; the audit log keeps what it was."})
	}
	page.Layout = s.layout(r, page.Heading, "")
	main.add(&formField{Name: "name", Label: "Name", Type: "text", Value: v.Get("name"), Required: true})
	main.add(&formField{Name: "url", Label: "Website", Type: "url", Value: v.Get("url")})
	main.add(sourceField(v, "source", "Source", ""))
	page.Sections = []formSection{main, newSourceSection(v)}
	s.renderRecord(w, r, status, page, "retailer", verr)
}

func (s *Server) handleAdminRetailerRetire(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Editor)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.stores.Admin.RetireRetailer(r.Context(), actorOf(sess), r.PathValue("slug")); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/retailers?done=retired", http.StatusSeeOther)
}

// Sources.

func (s *Server) handleAdminSourceForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	v := url.Values{}
	if id := r.PathValue("id"); id != "" {
		src, err := s.stores.Admin.Source(r.Context(), id)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		v = url.Values{"id": {src.ID}, "url": {src.URL}, "title": {src.Title}, "publisher": {src.Publisher}, "accessed": {src.Accessed}}
	}
	s.showSourceForm(w, r, http.StatusOK, v, nil)
}

func (s *Server) handleAdminSourceSave(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Editor)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	id := r.PathValue("id")
	src := sourceFrom(r.PostForm, "")
	src.ID = cmp.Or(id, src.ID)
	doc := &catalog.Document{Sources: []catalog.Source{src}}
	s.saveRecord(w, r, sess, doc, id == "", "/admin/sources/"+url.PathEscape(src.ID), func(status int, verr *catalog.ValidationError) {
		s.showSourceForm(w, r, status, r.PostForm, verr)
	})
}

func (s *Server) showSourceForm(w http.ResponseWriter, r *http.Request, status int, v url.Values, verr *catalog.ValidationError) {
	id := r.PathValue("id")
	page := recordPage{Back: link{"/admin/sources", "Sources"}, Heading: "New source", Submit: "Add the source"}
	if id != "" {
		page.Heading, page.Submit = "Edit the source "+id, "Save the source"
	}
	page.Layout = s.layout(r, page.Heading, "")
	var main formSection
	for _, f := range sourceFields(v, "", id == "") {
		f.Required = f.Name == "id" || f.Name == "url" || f.Name == "title"
		main.add(f)
	}
	page.Sections = []formSection{main}
	s.renderRecord(w, r, status, page, "source", verr)
}

// Audit log: admins only.

// auditPerPage is the number of audit entries on a page.
const auditPerPage = 50

type auditPage struct {
	Layout
	Entries []auditView
	PrevURL string
	NextURL string
}

type auditView struct {
	audit.Entry
	When string
	ISO  string
	// Link and Label name the record: its admin page and its key, or a
	// user's email.
	Link, Label string
	Changes     []change
}

// change is one key of a record that an audit entry changed.
type change struct {
	Key, Before, After string
}

func (s *Server) handleAdminAudit(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Admin); err != nil {
		s.writeError(w, r, err)
		return
	}
	pageNum := 1
	if p := r.URL.Query().Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100000 {
			s.writeError(w, r, errs.Invalidf("page", "page must be a whole number from 1"))
			return
		}
		pageNum = n
	}
	entries, err := s.stores.Admin.AuditLog(r.Context(), auditPerPage+1, (pageNum-1)*auditPerPage)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := auditPage{Layout: s.layout(r, "Audit log", "")}
	if len(entries) > auditPerPage {
		entries = entries[:auditPerPage]
		page.NextURL = "/admin/audit?page=" + strconv.Itoa(pageNum+1)
	}
	if pageNum > 1 {
		page.PrevURL = "/admin/audit?page=" + strconv.Itoa(pageNum-1)
	}
	for _, e := range entries {
		label := e.Key
		if e.Entity == "user" {
			label = cmp.Or(flatJSON(e.After)["email"], flatJSON(e.Before)["email"]) + " (user " + e.Key + ")"
		}
		page.Entries = append(page.Entries, auditView{Entry: e, When: e.At.In(phtime.Manila).Format("2 Jan 2006, 15:04 PHT"),
			ISO: e.At.Format(time.RFC3339), Link: auditLink(e), Label: label, Changes: diffJSON(e.Before, e.After)})
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_audit.html", page)
}

// auditLink is the admin page of an entry's record.
func auditLink(e audit.Entry) string {
	switch e.Entity {
	case "chair":
		return "/admin/chairs/" + url.PathEscape(e.Key)
	case "brand", "retailer", "source":
		return "/admin/" + e.Entity + "s/" + url.PathEscape(e.Key)
	case "offer":
		chair, retailer, _ := strings.Cut(e.Key, "/")
		return "/admin/chairs/" + url.PathEscape(chair) + "/offers/" + url.PathEscape(retailer)
	}
	return "/admin/users"
}

// diffJSON lists the keys whose values differ between two JSON objects,
// nested objects flattened to dotted keys ("specs.track.value").
func diffJSON(before, after string) []change {
	b, a := flatJSON(before), flatJSON(after)
	var keys []string
	for k := range b {
		keys = append(keys, k)
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []change
	for _, k := range keys {
		if b[k] != a[k] {
			out = append(out, change{Key: k, Before: cmp.Or(b[k], "—"), After: cmp.Or(a[k], "—")})
		}
	}
	return out
}

func flatJSON(s string) map[string]string {
	out := map[string]string{}
	if s == "" {
		return out
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return map[string]string{"": s}
	}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, item := range x {
				walk(strings.TrimPrefix(prefix+"."+k, "."), item)
			}
		case string:
			out[prefix] = x
		default:
			b, _ := json.Marshal(x)
			out[prefix] = string(b)
		}
	}
	walk("", v)
	return out
}

// Users: admins only.

type usersPage struct {
	Layout
	Notice string
	Error  *errs.Error
	Me     int64
	Users  []account.User
	Roles  []account.Role
}

func (s *Server) handleAdminUsers(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Admin)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.showUsers(w, r, sess, http.StatusOK, nil)
}

func (s *Server) showUsers(w http.ResponseWriter, r *http.Request, sess *session, status int, e *errs.Error) {
	users, err := s.stores.Admin.Users(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := usersPage{Layout: s.layout(r, "Users", ""), Error: e, Me: sess.User.ID, Users: users, Roles: account.Roles}
	if e == nil {
		page.Notice = adminNotice[r.URL.Query().Get("done")]
	}
	s.renderAdmin(w, r, status, "admin_users.html", page)
}

func (s *Server) handleAdminUserRole(w http.ResponseWriter, r *http.Request) {
	s.userAction(w, r, func(by audit.Actor, id int64) (string, error) {
		role, err := account.ParseRole(r.PostForm.Get("role"))
		if err != nil {
			return "", err
		}
		return "role", s.stores.Admin.SetUserRole(r.Context(), by, id, role)
	})
}

func (s *Server) handleAdminUserDisable(w http.ResponseWriter, r *http.Request) {
	s.userAction(w, r, func(by audit.Actor, id int64) (string, error) {
		return "disabled", s.stores.Admin.SetUserDisabled(r.Context(), by, id, true)
	})
}

func (s *Server) handleAdminUserEnable(w http.ResponseWriter, r *http.Request) {
	s.userAction(w, r, func(by audit.Actor, id int64) (string, error) {
		return "enabled", s.stores.Admin.SetUserDisabled(r.Context(), by, id, false)
	})
}

// userAction runs an admin's change to the user in the path and shows the
// users page again with its error, or redirects there on success.
func (s *Server) userAction(w http.ResponseWriter, r *http.Request, act func(by audit.Actor, id int64) (string, error)) {
	sess, err := s.requireRole(r, account.Admin)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeError(w, r, errs.NotFoundf("no user %q", r.PathValue("id")))
		return
	}
	done, err := act(actorOf(sess), id)
	if e := errs.As(err); err != nil && e.Code != errs.Internal && e.Code != errs.NotFound {
		s.showUsers(w, r, sess, s.statusFor(r, e.Code), e)
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/users?done="+done, http.StatusSeeOther)
}
