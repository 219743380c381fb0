package web

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/catalog"
)

// recordKind describes a catalog record kind that the admin edits as a flat
// list of fields: brands, retailers and sources. One generic set of
// handlers (list, form, save, retire) serves every kind; adding a kind is
// one entry in recordKinds and its routes in routes.go. Validation and the
// audit row come from saving the record as a one-record catalog document
// (store.SaveRecord), like every admin edit.
type recordKind struct {
	// Kind is the catalog's name for the record ("brand"), Section its
	// document section and path segment ("brands"), Title the list's
	// heading.
	Kind, Section, Title string
	// Key is the form and path name of the record's key ("slug" or
	// "id"), given once when the record is created.
	Key, KeyLabel, KeyHint string
	// Fields are the form's other controls; their names are the record's
	// JSON keys in the catalog document.
	Fields []formField
	// CitesSource adds the fields for a new source the record cites.
	CitesSource bool
	// RetireNote explains the retire button; retire is nil for a kind
	// that cannot be retired.
	RetireNote string
	load       func(ctx context.Context, st Stores, key string) (any, error)
	list       func(ctx context.Context, st Stores) ([]adminRow, error)
	retire     func(ctx context.Context, st Stores, by audit.Actor, key string) error
}

// recordKinds are the kinds served by the generic handlers, by section.
func recordKinds() map[string]recordKind {
	kinds := []recordKind{{
		Kind: "brand", Section: "brands", Title: "Brands", Key: "slug", KeyLabel: "Slug", KeyHint: slugHint,
		Fields: []formField{
			{Name: "name", Label: "Name", Type: "text", Required: true},
			{Name: "country", Label: "Country", Type: "text"},
			{Name: "website", Label: "Website", Type: "url"},
			{Name: "ph_presence", Label: "Presence in the Philippines", Type: "textarea"},
			{Name: "source", Label: "Source", Type: "source"},
		},
		CitesSource: true,
		RetireNote:  "Removes the brand. Only a brand that no chair uses, retired chairs included, can be retired; the audit log keeps what it was.",
		load:        func(ctx context.Context, st Stores, key string) (any, error) { return st.Admin.Brand(ctx, key) },
		list: func(ctx context.Context, st Stores) ([]adminRow, error) {
			brands, err := st.Catalog.Brands(ctx)
			rows := make([]adminRow, len(brands))
			for i, b := range brands {
				rows[i] = adminRow{Key: b.Slug, Name: b.Name, Detail: b.Slug + " · " + countOf(b.Chairs, "chair") + " in the catalog"}
			}
			return rows, err
		},
		retire: func(ctx context.Context, st Stores, by audit.Actor, key string) error {
			return st.Admin.RetireBrand(ctx, by, key)
		},
	}, {
		Kind: "retailer", Section: "retailers", Title: "Retailers", Key: "slug", KeyLabel: "Slug", KeyHint: slugHint,
		Fields: []formField{
			{Name: "name", Label: "Name", Type: "text", Required: true},
			{Name: "url", Label: "Website", Type: "url"},
			{Name: "source", Label: "Source", Type: "source"},
		},
		CitesSource: true,
		RetireNote:  "Removes the retailer. Only a retailer without offers can be retired; the audit log keeps what it was.",
		load:        func(ctx context.Context, st Stores, key string) (any, error) { return st.Admin.Retailer(ctx, key) },
		list: func(ctx context.Context, st Stores) ([]adminRow, error) {
			retailers, err := st.Admin.Retailers(ctx)
			rows := make([]adminRow, len(retailers))
			for i, rt := range retailers {
				rows[i] = adminRow{Key: rt.Slug, Name: rt.Name, Detail: rt.Slug + " · " + countOf(rt.Offers, "offer")}
			}
			return rows, err
		},
		retire: func(ctx context.Context, st Stores, by audit.Actor, key string) error {
			return st.Admin.RetireRetailer(ctx, by, key)
		},
	}, {
		Kind: "source", Section: "sources", Title: "Sources", Key: "id", KeyLabel: "Id",
		KeyHint: "1–120 lowercase letters, digits, '-', '_' or '.', e.g. ogawa-master-drive-ai-sg",
		// These fields, prefixed, are also the new-source fields beside a
		// brand or retailer (newSourceSection).
		Fields: []formField{
			{Name: "url", Label: "URL", Type: "url", Required: true},
			{Name: "title", Label: "Title", Type: "text", Required: true},
			{Name: "publisher", Label: "Publisher", Type: "text"},
			{Name: "accessed", Label: "Date accessed", Type: "date"},
			{Name: "market", Label: "Market it describes", Type: "select", Options: withBlank(catalog.Markets), Hint: "Required for a new source: the market whose version of the chair the page describes."},
			{Name: "kind", Label: "Kind of source", Type: "select", Options: withBlank(catalog.SourceKinds), Hint: "Required for a new source: who publishes it."},
		},
		load: func(ctx context.Context, st Stores, key string) (any, error) { return st.Admin.Source(ctx, key) },
		list: func(ctx context.Context, st Stores) ([]adminRow, error) {
			sources, err := st.Admin.AllSources(ctx)
			rows := make([]adminRow, len(sources))
			for i, src := range sources {
				rows[i] = adminRow{Key: src.ID, Name: src.ID, Detail: src.Title}
				if src.Publisher != "" {
					rows[i].Detail += " · " + src.Publisher
				}
				if note := src.Note(); note != "" {
					rows[i].Detail += " · " + note
				}
			}
			return rows, err
		},
	}, {
		Kind: "place", Section: "places", Title: "Places to try and service chairs", Key: "slug", KeyLabel: "Slug", KeyHint: slugHint,
		Fields: []formField{
			{Name: "brand", Label: "Brand slug", Type: "text", Required: true, Hint: "the slug of the brand whose chairs it shows, sells or services, e.g. ogawa"},
			{Name: "kind", Label: "Kind", Type: "select", Required: true, Options: withBlank(catalog.PlaceKinds)},
			{Name: "name", Label: "Name", Type: "text", Required: true},
			{Name: "address", Label: "Address", Type: "text", Required: true, Hint: "floor, building or mall, street"},
			{Name: "city", Label: "City or municipality", Type: "text", Required: true},
			{Name: "province", Label: "Province", Type: "text"},
			{Name: "region", Label: "Region", Type: "select", Required: true, Options: regionOptions()},
			{Name: "hours", Label: "Opening hours", Type: "text", Hint: "as the source states them, e.g. Mon–Sun 10:00–21:00"},
			{Name: "phone", Label: "Phone", Type: "text"},
			{Name: "source", Label: "Source", Type: "source", Required: true},
			{Name: "checked", Label: "Last checked", Type: "date", Required: true, Hint: "the day someone last confirmed the place against its source"},
		},
		CitesSource: true,
		RetireNote:  "Removes the place, for one that closed or that its source no longer lists; the audit log keeps what it was.",
		load:        func(ctx context.Context, st Stores, key string) (any, error) { return st.Places.Place(ctx, key) },
		list: func(ctx context.Context, st Stores) ([]adminRow, error) {
			places, err := st.Places.Places(ctx, catalog.PlaceFilter{})
			rows := make([]adminRow, len(places))
			for i, p := range places {
				rows[i] = adminRow{Key: p.Slug, Name: p.Name, Detail: p.KindLabel() + " · " + p.City + " · " + p.Region + " · checked " + p.Checked}
			}
			return rows, err
		},
		retire: func(ctx context.Context, st Stores, by audit.Actor, key string) error {
			return st.Places.RetirePlace(ctx, by, key)
		},
	}}
	out := make(map[string]recordKind, len(kinds))
	for _, k := range kinds {
		out[k.Section] = k
	}
	return out
}

func (k recordKind) path(key string) string {
	if key == "" {
		return "/admin/" + k.Section
	}
	return "/admin/" + k.Section + "/" + url.PathEscape(key)
}

func (s *Server) handleRecords(k recordKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := s.requireRole(r, account.Editor); err != nil {
			s.writeError(w, r, err)
			return
		}
		rows, err := k.list(r.Context(), s.stores)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		for i := range rows {
			rows[i].URL = k.path(rows[i].Key)
		}
		page := adminListPage{Layout: s.layout(r, k.Title, ""), Notice: adminNotice[r.URL.Query().Get("done")],
			New: link{k.path("new"), "Add a " + k.Kind}, Empty: "No " + k.Section + " yet.", Rows: rows}
		s.renderAdmin(w, r, http.StatusOK, "admin_list.html", page)
	}
}

func (s *Server) handleRecordForm(k recordKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := s.requireRole(r, account.Editor); err != nil {
			s.writeError(w, r, err)
			return
		}
		v := url.Values{}
		if key := r.PathValue(k.Key); key != "" {
			rec, err := k.load(r.Context(), s.stores, key)
			if err == nil {
				v, err = recordValues(rec)
			}
			if err != nil {
				s.writeError(w, r, err)
				return
			}
		}
		s.showRecordForm(w, r, k, http.StatusOK, v, nil)
	}
}

func (s *Server) handleRecordSave(k recordKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := s.postedForm(w, r, account.Editor)
		if sess == nil {
			return
		}
		v, key := r.PostForm, r.PathValue(k.Key)
		rec := map[string]string{k.Key: cmp.Or(key, strings.TrimSpace(v.Get(k.Key)))}
		for _, f := range k.Fields {
			rec[f.Name] = strings.TrimSpace(v.Get(f.Name))
		}
		doc, err := recordDocument(k.Section, rec)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if k.CitesSource {
			doc = withNewSource(doc, v)
		}
		s.saveRecord(w, r, sess, doc, key == "", k.path(rec[k.Key]), func(status int, verr *catalog.ValidationError) {
			s.showRecordForm(w, r, k, status, v, verr)
		})
	}
}

func (s *Server) showRecordForm(w http.ResponseWriter, r *http.Request, k recordKind, status int, v url.Values, verr *catalog.ValidationError) {
	key := r.PathValue(k.Key)
	page := recordPage{Back: link{k.path(""), k.Title}, Heading: "New " + k.Kind, Submit: "Add the " + k.Kind}
	var main formSection
	if key == "" {
		main.add(&formField{Name: k.Key, Label: k.KeyLabel, Type: "text", Value: v.Get(k.Key), Required: true, Hint: k.KeyHint})
	} else {
		page.Heading, page.Submit = "Edit the "+k.Kind+" "+key, "Save the "+k.Kind
		if k.retire != nil {
			page.Buttons = append(page.Buttons, actionButton{URL: k.path(key) + "/retire", Label: "Retire the " + k.Kind, Danger: true, Note: k.RetireNote})
		}
	}
	page.Layout = s.layout(r, page.Heading, "")
	for _, f := range k.Fields {
		f.Value = v.Get(f.Name)
		main.add(&f)
	}
	page.Sections = []formSection{main}
	if k.CitesSource {
		page.Sections = append(page.Sections, newSourceSection(v))
	}
	s.renderRecord(w, r, status, page, k.Kind, verr)
}

func (s *Server) handleRecordRetire(k recordKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, err := s.requireRole(r, account.Editor)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := k.retire(r.Context(), s.stores, actorOf(sess), r.PathValue(k.Key)); err != nil {
			s.writeError(w, r, err)
			return
		}
		http.Redirect(w, r, k.path("")+"?done=retired", http.StatusSeeOther)
	}
}

// withBlank puts a "not stated" choice before opts.
func withBlank(opts []catalog.Option) []catalog.Option {
	return append([]catalog.Option{{Value: "", Label: "not stated"}}, opts...)
}

// regionOptions are the PSA regions as select options.
func regionOptions() []catalog.Option {
	out := []catalog.Option{{Value: "", Label: "choose a region"}}
	for _, r := range catalog.Regions {
		out = append(out, catalog.Option{Value: r.Code, Label: r.Name})
	}
	return out
}

// recordValues turns a record into form values by its catalog JSON keys.
func recordValues(rec any) (url.Values, error) {
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("record values: %w", err)
	}
	var fields map[string]string
	if err := json.Unmarshal(b, &fields); err != nil {
		return nil, fmt.Errorf("record values: %w", err)
	}
	v := url.Values{}
	for name, value := range fields {
		v.Set(name, value)
	}
	return v, nil
}

// recordDocument is the one-record catalog document of a form's fields.
func recordDocument(section string, rec map[string]string) (*catalog.Document, error) {
	b, err := json.Marshal(map[string][]map[string]string{section: {rec}})
	if err != nil {
		return nil, fmt.Errorf("record document: %w", err)
	}
	var doc catalog.Document
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("record document: %w", err)
	}
	return &doc, nil
}
