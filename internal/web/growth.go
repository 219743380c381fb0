package web

import (
	"cmp"
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/catalog"
	"masahe/internal/errs"
	"masahe/internal/phtime"
)

// GrowthStore keeps what helps the data grow: how often each chair is
// opened, and the specs owners send in.
type GrowthStore interface {
	AddChairViews(ctx context.Context, day string, counts map[string]int64) error
	ChairViews(ctx context.Context, since string) (map[string]int64, error)
	AddSubmission(ctx context.Context, userID int64, sb catalog.Submission) (catalog.Submission, error)
	Submission(ctx context.Context, id int64) (catalog.Submission, error)
	UserSubmissions(ctx context.Context, userID int64) ([]catalog.Submission, error)
	PendingSubmissions(ctx context.Context) ([]catalog.Submission, error)
	ApproveSubmission(ctx context.Context, by audit.Actor, id int64, src catalog.Source) error
	RejectSubmission(ctx context.Context, by audit.Actor, id int64, reason string) error
}

// viewCounter counts chair page views in memory, by slug, until they are
// flushed to the database: a number per chair and nothing about who
// looked. Counting costs a map update, so a page served from the cache
// stays fast.
type viewCounter struct {
	mu     sync.Mutex
	counts map[string]int64
}

// maxCountedSlugs bounds the chairs counted between flushes, so that
// requests for made-up slugs cannot grow the map without end.
const maxCountedSlugs = 10_000

func newViewCounter() *viewCounter { return &viewCounter{counts: map[string]int64{}} }

func (v *viewCounter) add(slug string, n int64) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, ok := v.counts[slug]; ok || len(v.counts) < maxCountedSlugs {
		v.counts[slug] += n
	}
}

func (v *viewCounter) take() map[string]int64 {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := v.counts
	v.counts = map[string]int64{}
	return out
}

// countView counts a view of the chair page before it is served, from the
// cache or not.
func (s *Server) countView(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			s.views.add(r.PathValue("slug"), 1)
		}
		next(w, r)
	}
}

// FlushViews adds the views counted since the last flush to today's
// counts in the database (the day in Philippine time). Each replica
// flushes its own counts; the database adds them up. On failure the
// counts are kept for the next flush.
func (s *Server) FlushViews(ctx context.Context) error {
	counts := s.views.take()
	if len(counts) == 0 {
		return nil
	}
	day := s.cfg.Now().In(phtime.Manila).Format(time.DateOnly)
	if err := s.stores.Growth.AddChairViews(ctx, day, counts); err != nil {
		for slug, n := range counts {
			s.views.add(slug, n)
		}
		return err
	}
	return nil
}

// viewWindow is how far back /admin/data counts views.
const viewWindow = 30

type submitPage struct {
	Layout
	Chair  catalog.Chair
	Error  *errs.Error
	Values map[string]string
	Fields []catalog.Option
	Hows   []facetOption
}

func (s *Server) submitForm(w http.ResponseWriter, r *http.Request, status int, page submitPage) {
	p := s.printer(r)
	page.Layout = s.layout(r, p.T("submit.title", page.Chair.FullName()), "")
	for _, f := range catalog.Fields {
		label := f.Label
		if f.Unit != "" {
			label += " (" + f.Unit + ")"
		}
		page.Fields = append(page.Fields, catalog.Option{Value: f.Key, Label: label})
	}
	for _, o := range catalog.SubmissionHows {
		// Each way of knowing in the page's language (submit.json;
		// TestFormWordsTranslated holds every language to it).
		page.Hows = append(page.Hows, facetOption{Value: o.Value, Label: p.T("submit.how." + o.Value), Checked: o.Value == page.Values["how"]})
	}
	// A member's own form: no browser or proxy may keep it.
	w.Header().Set("Cache-Control", "no-store")
	if err := s.render(w, status, "submit.html", page); err != nil {
		s.writeError(w, r, err)
	}
}

func (s *Server) handleSubmitForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Member); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.stores.Catalog.Chair(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	field := r.URL.Query().Get("field")
	if _, ok := catalog.FieldByKey(field); !ok {
		field = ""
	}
	s.submitForm(w, r, http.StatusOK, submitPage{Chair: c, Values: map[string]string{"field": field}})
}

// submissionFrom reads a submission of a chair from a form or JSON body's
// fields.
func submissionFrom(chair, field, value, how, link string, showName bool) catalog.Submission {
	return catalog.Submission{Chair: chair, Field: strings.TrimSpace(field), Value: strings.TrimSpace(value),
		How: strings.TrimSpace(how), URL: strings.TrimSpace(link), ShowName: showName}
}

func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	sess := s.postedForm(w, r, account.Member)
	if sess == nil {
		return
	}
	c, err := s.stores.Catalog.Chair(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v := r.PostForm
	sb := submissionFrom(c.Slug, v.Get("field"), v.Get("value"), v.Get("how"), v.Get("url"), v.Get("show_name") == "true")
	if _, err := s.stores.Growth.AddSubmission(r.Context(), sess.User.ID, sb); err != nil {
		if e := errs.As(err); e.Code == errs.Invalid {
			values := map[string]string{"field": sb.Field, "value": sb.Value, "how": sb.How, "url": sb.URL, "show_name": strconv.FormatBool(sb.ShowName)}
			s.submitForm(w, r, http.StatusBadRequest, submitPage{Chair: c, Error: s.submitProblem(r, sb, e), Values: values})
			return
		}
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?done=submitted#submissions", http.StatusSeeOther)
}

// submitProblem words a refused submission's problem (catalog's
// Submission.Check, or the store's) in the request's language, by the
// field it names.
func (s *Server) submitProblem(r *http.Request, sb catalog.Submission, e *errs.Error) *errs.Error {
	p := s.printer(r)
	var msg string
	switch e.Field {
	case "field":
		msg = p.T("submit.problem.field")
	case "how":
		msg = p.T("submit.problem.how")
	case "url":
		msg = p.T("submit.problem.url", 500)
	default: // the value
		msg = p.T("submit.problem.value", sb.FieldLabel(), 200)
		if f, ok := catalog.FieldByKey(sb.Field); ok && (f.Kind == catalog.KindInt || f.Kind == catalog.KindFloat) {
			msg = p.T("submit.problem.number", f.Label, strconv.FormatFloat(f.Min, 'g', -1, 64), strconv.FormatFloat(f.Max, 'g', -1, 64), f.Unit)
		}
	}
	return &errs.Error{Code: errs.Invalid, Field: e.Field, Message: msg}
}

// submissionRequest is the API's submission body.
type submissionRequest struct {
	Field    string `json:"field"`
	Value    string `json:"value"`
	How      string `json:"how"`
	URL      string `json:"url"`
	ShowName bool   `json:"show_name"`
}

func (s *Server) handleAPISubmit(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Member)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var body submissionRequest
	if err := decodeJSON(w, r, &body, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	sb, err := s.stores.Growth.AddSubmission(r.Context(), sess.User.ID,
		submissionFrom(r.PathValue("slug"), body.Field, body.Value, body.How, body.URL, body.ShowName))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, sb)
}

type submissionsPage struct {
	Layout
	Error       *errs.Error
	Submissions []catalog.Submission
}

func (s *Server) renderSubmissions(w http.ResponseWriter, r *http.Request, status int, problem *errs.Error) {
	queue, err := s.stores.Growth.PendingSubmissions(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.renderAdmin(w, r, status, "admin_submissions.html", submissionsPage{Layout: s.layout(r, "Owners' spec submissions", ""), Error: problem, Submissions: queue})
}

// decideSubmission approves or rejects a submission. An approval cites
// the owner's link, or else the chair's page here, where the value shows.
func (s *Server) decideSubmission(r *http.Request, by *session, id int64, approve bool, reason string) error {
	if !approve {
		return s.stores.Growth.RejectSubmission(r.Context(), actorOf(by), id, reason)
	}
	sb, err := s.stores.Growth.Submission(r.Context(), id)
	if err != nil {
		return err
	}
	return s.stores.Growth.ApproveSubmission(r.Context(), actorOf(by), id, sb.OwnerSource(s.cfg.BaseURL+"/chairs/"+sb.Chair))
}

// dataRow is one chair on /admin/data.
type dataRow struct {
	Name, URL, AdminURL string
	Views               int64
	Filled, Of          int
	Missing             []string
	Kinds               string
	OnlyAggregators     bool
}

type dataPage struct {
	Layout
	Days          int
	KeyPercent    float64
	GradePercent  float64
	Chairs        int
	NeedWork      []dataRow
	Complete      []dataRow
	KeyFieldRates []keyFieldRate
}

type keyFieldRate struct {
	Label   string
	Filled  int
	Percent float64
}

// handleAdminData shows editors what to look up next: each chair's key
// specs and the kinds of its sources, the chairs with key specs missing or
// only aggregator sources first, most opened first.
func (s *Server) handleAdminData(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	chairs, err := s.stores.Catalog.AllChairs(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	since := s.cfg.Now().In(phtime.Manila).AddDate(0, 0, -(viewWindow - 1)).Format(time.DateOnly)
	views, err := s.stores.Growth.ChairViews(r.Context(), since)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sources := map[string]catalog.Source{}
	for _, c := range chairs {
		maps.Copy(sources, c.Sources)
	}
	m := catalog.Measure(chairs, sources)
	page := dataPage{Layout: s.layout(r, "Data to look up next", ""), Days: viewWindow, Chairs: m.Chairs,
		KeyPercent: catalog.Percent(m.KeyValues, m.KeyCells), GradePercent: catalog.Percent(m.ManufacturerGrade, m.Values)}
	for _, key := range catalog.KeySpecs {
		f, _ := catalog.FieldByKey(key)
		page.KeyFieldRates = append(page.KeyFieldRates, keyFieldRate{f.Label, m.KeyFilled[key], catalog.Percent(m.KeyFilled[key], m.Chairs)})
	}
	for _, c := range chairs {
		row := newDataRow(c, views[c.Slug])
		if len(row.Missing) > 0 || row.OnlyAggregators {
			page.NeedWork = append(page.NeedWork, row)
		} else {
			page.Complete = append(page.Complete, row)
		}
	}
	order := func(a, b dataRow) int {
		return cmp.Or(cmp.Compare(b.Views, a.Views), cmp.Compare(a.Filled, b.Filled), cmp.Compare(a.Name, b.Name))
	}
	slices.SortStableFunc(page.NeedWork, order)
	slices.SortStableFunc(page.Complete, order)
	s.renderAdmin(w, r, http.StatusOK, "admin_data.html", page)
}

func newDataRow(c catalog.Chair, views int64) dataRow {
	row := dataRow{Name: c.FullName(), URL: "/chairs/" + c.Slug, AdminURL: "/admin/chairs/" + c.Slug, Views: views, Of: len(catalog.KeySpecs)}
	for _, key := range catalog.KeySpecs {
		if _, ok := c.Specs[key]; ok {
			row.Filled++
			continue
		}
		f, _ := catalog.FieldByKey(key)
		row.Missing = append(row.Missing, f.Label)
	}
	kinds := map[string]int{}
	cited := 0
	for _, spec := range c.Specs {
		if spec.Source == "" {
			continue
		}
		cited++
		kinds[cmp.Or(c.Sources[spec.Source].Kind, "kind not stated")]++
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(kinds)) {
		parts = append(parts, catalog.Source{Kind: k}.Note()+" "+strconv.Itoa(kinds[k]))
	}
	row.Kinds = strings.Join(parts, ", ")
	row.OnlyAggregators = cited > 0 && kinds[catalog.KindAggregator] == cited
	return row
}
