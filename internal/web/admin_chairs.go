package web

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"masahe/internal/account"
	"masahe/internal/catalog"
	"masahe/internal/prices"
)

// Admin editing of chairs and their offers.

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
			Detail: c.Slug + " · " + countOf(c.Offers, "current offer"), Retired: c.Retired})
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_list.html", page)
}

type offerRow struct {
	URL, Retailer, Price, Note string
}

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
	sess := s.postedForm(w, r, account.Editor)
	if sess == nil {
		return
	}
	var rec catalog.ChairRecord
	slug := r.PathValue("slug")
	if slug != "" {
		var err error
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
		page.NewOffer = base + "/prices/new"
		for _, o := range rec.Offers {
			note := "seen " + prices.FormatDate(o.ObservedAt) + " (" + string(o.Method) + ")"
			if o.Stale {
				note = "stale: last seen " + prices.FormatDate(o.ObservedAt)
			}
			page.Offers = append(page.Offers, offerRow{URL: o.URL, Retailer: rec.RetailerName(o.RetailerSlug), Price: o.Price.String(), Note: note})
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
		value, ok := f.SpecText(v.Get(key))
		if !ok {
			continue
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
