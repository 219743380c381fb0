package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"masahe/internal/account"
	"masahe/internal/catalog"
	"masahe/internal/errs"
	"masahe/internal/prices"
)

// The editors' prices: a price entered by hand, tracked product URLs, the
// chairs with no fresh price and the queue of member sightings. Every
// change goes to the audit log in the store.

type adminPricesPage struct {
	Layout
	Notice    string
	Tracked   []trackedRow
	Failing   int
	Unpriced  []adminRow
	Sightings []sightingRow
}

type trackedRow struct {
	URL, Edit, Chair, Retailer, LastFetch, Status string
	Failing                                       bool
}

type sightingRow struct {
	ID                                     int64
	Chair, Where, Price, Date, Who, Detail string
	URL                                    string
}

// handleAdminPrices lists the tracked URLs (failing ones first), the
// chairs without a fresh price and the sightings waiting for an editor.
func (s *Server) handleAdminPrices(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	tracked, err := s.stores.Prices.TrackedURLs(ctx, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	unpriced, err := s.stores.Prices.ChairsWithoutFreshPrice(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sightings, err := s.stores.Prices.Sightings(ctx, prices.Pending, "", 200)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := adminPricesPage{Layout: s.layout(r, "Prices", ""), Notice: adminNotice[r.URL.Query().Get("done")]}
	for _, t := range tracked {
		row := trackedRow{URL: t.URL, Edit: "/admin/prices/urls/" + strconv.FormatInt(t.ID, 10), Chair: t.ChairName, Retailer: t.RetailerName,
			LastFetch: "never", Status: t.LastStatus, Failing: t.Failing}
		if !t.LastFetchedAt.IsZero() {
			row.LastFetch = prices.FormatDate(t.LastFetchedAt)
		}
		if t.Failing {
			row.Status = "failing: " + t.FailureReason
			page.Failing++
		}
		page.Tracked = append(page.Tracked, row)
	}
	for _, c := range unpriced {
		page.Unpriced = append(page.Unpriced, adminRow{URL: "/admin/chairs/" + url.PathEscape(c.Slug) + "/prices/new", Name: c.BrandName + " " + c.Name})
	}
	for _, sg := range sightings {
		o := sg.Observation
		row := sightingRow{ID: sg.ID, Chair: sg.ChairName, Where: sg.Where(), Price: o.Price.String(), Date: prices.FormatDate(o.ObservedAt),
			Who: sg.SubmittedBy, URL: o.URL}
		if o.Instalment != nil {
			if pay, ok := o.Instalment.Payment(o.Price); ok {
				row.Detail = pay.Monthly.String() + " a month for " + strconv.Itoa(pay.Months) + " months " + strings.Join(o.Instalment.Banks, ", ")
			}
		}
		page.Sightings = append(page.Sightings, row)
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_prices.html", page)
}

// priceProblems turns a price validation error into the form's problem
// list, each under its field.
func priceProblems(err error, kind string) (*catalog.ValidationError, bool) {
	var perr *prices.ValidationError
	var e *errs.Error
	switch {
	case errors.As(err, &perr):
		verr := &catalog.ValidationError{}
		for _, p := range perr.Problems {
			verr.Problems = append(verr.Problems, catalog.Problem{Kind: kind, Record: kind, Field: p.Field, Message: p.Message})
		}
		return verr, true
	case errors.As(err, &e) && (e.Code == errs.Invalid || e.Code == errs.Conflict):
		return &catalog.ValidationError{Problems: []catalog.Problem{{Kind: kind, Record: kind, Field: e.Field, Message: e.Message}}}, true
	}
	return nil, false
}

func retailerOptions(list []catalog.RetailerCount, none string) []catalog.Option {
	out := []catalog.Option{{Value: "", Label: none}}
	for _, rt := range list {
		out = append(out, catalog.Option{Value: rt.Slug, Label: rt.Name})
	}
	return out
}

// handleAdminPriceForm is the form of a price an editor saw.
func (s *Server) handleAdminPriceForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.showPriceForm(w, r, http.StatusOK, url.Values{}, nil)
}

func (s *Server) handleAdminPriceSave(w http.ResponseWriter, r *http.Request) {
	sess := s.postedForm(w, r, account.Editor)
	if sess == nil {
		return
	}
	slug := r.PathValue("slug")
	o, err := observationForm(r.PostForm, slug)
	if err == nil {
		o.Stock, err = prices.ParseStock(r.PostForm.Get("stock"))
		if err != nil {
			err = errs.Invalidf("stock", "choose in stock, out of stock or not stated")
		}
	}
	if err == nil {
		err = s.stores.Prices.RecordEditorPrice(r.Context(), actorOf(sess), o)
	}
	if verr, ok := priceProblems(err, "observation"); ok {
		s.showPriceForm(w, r, http.StatusBadRequest, r.PostForm, verr)
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/chairs/"+url.PathEscape(slug)+"?done=priced", http.StatusSeeOther)
}

func (s *Server) showPriceForm(w http.ResponseWriter, r *http.Request, status int, v url.Values, verr *catalog.ValidationError) {
	chair, err := s.stores.Admin.AdminChair(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	retailers, err := s.stores.Prices.Retailers(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := recordPage{Back: link{"/admin/chairs/" + url.PathEscape(chair.Slug), chair.FullName()},
		Heading: "Record a price of the " + chair.FullName(), Submit: "Record the price"}
	page.Layout = s.layout(r, page.Heading, "")
	var main formSection
	main.add(&formField{Name: "retailer", Label: "Retailer", Type: "select", Value: v.Get("retailer"), Options: retailerOptions(retailers, "Choose a retailer"), Required: true})
	priceFields(&main, v)
	main.add(&formField{Name: "regular_price", Label: "Regular price", Unit: "₱", Type: "text", Value: v.Get("regular_price"), Hint: "the strike-through price, if shown"})
	main.add(&formField{Name: "stock", Label: "Stock", Type: "select", Value: v.Get("stock"), Options: []catalog.Option{
		{Value: "", Label: "Not stated"}, {Value: "in_stock", Label: "In stock"}, {Value: "out_of_stock", Label: "Out of stock"}}})
	page.Sections = []formSection{main}
	s.renderRecord(w, r, status, page, "observation", verr)
}

// priceFields are the fields the editor's and the member's price forms
// share.
func priceFields(sec *formSection, v url.Values) {
	sec.add(&formField{Name: "price", Label: "Price", Unit: "₱", Type: "text", Value: v.Get("price"), Required: true, Hint: "e.g. 129990 or 129,990.00"})
	sec.add(&formField{Name: "observed_at", Label: "Date seen", Type: "date", Value: v.Get("observed_at"), Required: true})
	sec.add(&formField{Name: "url", Label: "Product page", Type: "url", Value: v.Get("url")})
	sec.add(&formField{Name: "instalment_months", Label: "Instalment months", Type: "number", Min: "1", Max: "60", Step: "1", Value: v.Get("instalment_months"),
		Hint: "empty when no plan was shown"})
	sec.add(&formField{Name: "instalment_rate", Label: "Instalment rate", Unit: "% a month", Type: "text", Value: v.Get("instalment_rate"), Hint: "0 for a 0 % plan"})
	sec.add(&formField{Name: "instalment_banks", Label: "Banks or cards", Type: "text", Value: v.Get("instalment_banks"), Hint: "separated by commas"})
}

// handleAdminTrackedForm is the form of a new or existing tracked URL.
func (s *Server) handleAdminTrackedForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	v := url.Values{"chair": {r.URL.Query().Get("chair")}}
	if id := r.PathValue("id"); id != "" {
		t, err := s.trackedOf(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		v = url.Values{"chair": {t.ChairSlug}, "retailer": {t.RetailerSlug}, "url": {t.URL}}
	}
	s.showTrackedForm(w, r, http.StatusOK, v, nil)
}

func (s *Server) trackedOf(r *http.Request) (prices.TrackedURL, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return prices.TrackedURL{}, errs.NotFoundf("no tracked URL %q", r.PathValue("id"))
	}
	return s.stores.Prices.TrackedURL(r.Context(), id)
}

func (s *Server) handleAdminTrackedSave(w http.ResponseWriter, r *http.Request) {
	sess := s.postedForm(w, r, account.Editor)
	if sess == nil {
		return
	}
	t := prices.TrackedURL{ChairSlug: strings.TrimSpace(r.PostForm.Get("chair")), RetailerSlug: strings.TrimSpace(r.PostForm.Get("retailer")),
		URL: strings.TrimSpace(r.PostForm.Get("url"))}
	if r.PathValue("id") != "" {
		old, err := s.trackedOf(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		t.ID = old.ID
	}
	_, err := s.stores.Prices.SaveTrackedURL(r.Context(), actorOf(sess), t)
	if verr, ok := priceProblems(err, "tracked_url"); ok {
		s.showTrackedForm(w, r, http.StatusBadRequest, r.PostForm, verr)
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/prices?done=saved", http.StatusSeeOther)
}

func (s *Server) showTrackedForm(w http.ResponseWriter, r *http.Request, status int, v url.Values, verr *catalog.ValidationError) {
	ctx := r.Context()
	chairs, err := s.stores.Admin.ChairEntries(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	retailers, err := s.stores.Prices.Retailers(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	chairOptions := []catalog.Option{{Value: "", Label: "Choose a chair"}}
	for _, c := range chairs {
		chairOptions = append(chairOptions, catalog.Option{Value: c.Slug, Label: c.BrandName + " " + c.Name})
	}
	page := recordPage{Back: link{"/admin/prices", "Prices"}, Heading: "Track a product page", Submit: "Track the page"}
	if id := r.PathValue("id"); id != "" {
		page.Heading, page.Submit = "Tracked product page", "Save"
		page.Buttons = append(page.Buttons, actionButton{URL: "/admin/prices/urls/" + url.PathEscape(id) + "/remove", Label: "Stop tracking", Danger: true,
			Note: "The fetcher stops reading this page; the prices it recorded stay in the history."})
	}
	page.Layout = s.layout(r, page.Heading, "")
	var main formSection
	main.add(&formField{Name: "chair", Label: "Chair", Type: "select", Value: v.Get("chair"), Options: chairOptions, Required: true})
	main.add(&formField{Name: "retailer", Label: "Retailer", Type: "select", Value: v.Get("retailer"), Options: retailerOptions(retailers, "Choose a retailer"), Required: true})
	main.add(&formField{Name: "url", Label: "Product page URL", Type: "url", Value: v.Get("url"), Required: true,
		Hint: "the page of this chair (the variant's own URL when the page sells several)"})
	page.Sections = []formSection{main}
	s.renderRecord(w, r, status, page, "tracked_url", verr)
}

func (s *Server) handleAdminTrackedRemove(w http.ResponseWriter, r *http.Request) {
	sess := s.postedForm(w, r, account.Editor)
	if sess == nil {
		return
	}
	t, err := s.trackedOf(r)
	if err == nil {
		err = s.stores.Prices.RemoveTrackedURL(r.Context(), actorOf(sess), t.ID)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/prices?done=retired", http.StatusSeeOther)
}

// handleAdminSightingModerate approves or rejects a member's sighting.
func (s *Server) handleAdminSightingModerate(w http.ResponseWriter, r *http.Request) {
	sess := s.postedForm(w, r, account.Editor)
	if sess == nil {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeError(w, r, errs.NotFoundf("no sighting %q", r.PathValue("id")))
		return
	}
	var approve bool
	switch r.PathValue("action") {
	case "approve":
		approve = true
	case "reject":
	default:
		s.writeError(w, r, errs.NotFoundf("no action %q: approve or reject", r.PathValue("action")))
		return
	}
	if err := s.stores.Prices.ModerateSighting(r.Context(), actorOf(sess), id, approve, r.PostForm.Get("reason")); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/prices?done=moderated#sightings", http.StatusSeeOther)
}
