package web

// Admin editing of the editorial reviews: one per chair, scored under the
// latest rubric.

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"masahe/internal/account"
	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/errs"
	"masahe/internal/phtime"
)

type editorialListPage struct {
	Layout
	Notice string
	Rows   []editorialRow
}

type editorialRow struct {
	URL, Chair, Review string
}

func (s *Server) handleAdminEditorial(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	chairs, err := s.stores.Admin.ChairEntries(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	reviews, err := s.stores.Editor.EditorialReviews(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := editorialListPage{Layout: s.layout(r, "Editorial reviews", "")}
	for _, c := range chairs {
		if c.Retired {
			continue
		}
		row := editorialRow{URL: "/admin/editorial/" + url.PathEscape(c.Slug), Chair: c.BrandName + " " + c.Name, Review: "no review yet"}
		if i := slices.IndexFunc(reviews, func(e content.EditorialReview) bool { return e.Chair == c.Slug }); i >= 0 {
			e := reviews[i]
			row.Review = fmt.Sprintf("%s · published %s · rubric %d", e.Title, e.Published.In(phtime.Manila).Format("2 Jan 2006"), e.Rubric)
		}
		page.Rows = append(page.Rows, row)
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_editorial.html", page)
}

type editorialEditPage struct {
	Layout
	Back      link
	Heading   string
	Notice    string
	Problems  []problemView
	Action    string
	Text      *formField
	ChairURL  string
	Rubric    content.Rubric
	HasReview bool
}

func (s *Server) handleAdminEditorialForm(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	chair, err := s.editorialChair(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	e, err := s.stores.Editor.EditorialReview(r.Context(), chair.Slug)
	has := err == nil
	switch {
	case errs.CodeOf(err) == errs.NotFound:
		e = newEditorialReview(chair.Slug, s.cfg.Rubrics.Latest(), s.cfg.Now())
	case err != nil:
		s.writeError(w, r, err)
		return
	}
	s.showEditorialForm(w, r, http.StatusOK, chair, has, editorialText(e), nil)
}

func (s *Server) handleAdminEditorialSave(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	chair, err := s.editorialChair(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	_, err = s.stores.Editor.EditorialReview(r.Context(), chair.Slug)
	has := err == nil
	if err != nil && errs.CodeOf(err) != errs.NotFound {
		s.writeError(w, r, err)
		return
	}
	text := r.PostForm.Get("review")
	e, err := content.ParseEditorialReview("review", text)
	if err == nil && e.Chair != chair.Slug {
		err = fmt.Errorf("review: chair: this page edits the review of %s, not %q", chair.Slug, e.Chair)
	}
	if err != nil {
		s.showEditorialForm(w, r, http.StatusBadRequest, chair, has, text, &fieldProblem{Field: "review", Message: reviewProblem(err)})
		return
	}
	if err := s.stores.Editor.SaveEditorialReview(r.Context(), e); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/editorial/"+url.PathEscape(chair.Slug)+"?done=saved", http.StatusSeeOther)
}

// reviewProblem words a ParseEditorialReview error for the form:
// "review:3: …" becomes "line 3: …" and "review: score: …" "score: …".
func reviewProblem(err error) string {
	msg := strings.TrimPrefix(err.Error(), "review")
	if rest, ok := strings.CutPrefix(msg, ": "); ok {
		return rest
	}
	return "line " + strings.TrimPrefix(msg, ":")
}

// editorialChair is the chair in the path, which must be in the catalog.
func (s *Server) editorialChair(r *http.Request) (catalog.ChairRecord, error) {
	rec, err := s.stores.Admin.AdminChair(r.Context(), r.PathValue("chair"))
	if err != nil {
		return rec, err
	}
	if rec.Retired {
		return rec, errs.Conflictf("%s is retired: restore the chair before editing its review", rec.FullName())
	}
	return rec, nil
}

func (s *Server) showEditorialForm(w http.ResponseWriter, r *http.Request, status int, chair catalog.ChairRecord, has bool, text string, problem *fieldProblem) {
	rubric := s.cfg.Rubrics.Latest()
	page := editorialEditPage{Back: link{"/admin/editorial", "Editorial reviews"}, Heading: "Editorial review: " + chair.FullName(),
		Action: r.URL.Path, ChairURL: "/chairs/" + url.PathEscape(chair.Slug), Rubric: rubric, HasReview: has}
	if !has {
		page.Heading = "New editorial review: " + chair.FullName()
	}
	page.Layout = s.layout(r, page.Heading, "")
	page.Text = &formField{Name: "review", Label: "Review file", Type: "textarea", Value: text, Required: true,
		Hint: "front matter between --- lines, then Markdown, as in docs/CONTENT.md; score every criterion of the rubric from 0 to 10"}
	if problem != nil {
		page.Text.Error = problem.Message
		page.Problems = []problemView{{Target: page.Text.ID(), Label: page.Text.Label, Message: problem.Message}}
	} else {
		page.Notice = editorNotice[r.URL.Query().Get("done")]
	}
	s.renderAdmin(w, r, status, "admin_editorial_review.html", page)
}

// newEditorialReview is the outline of a review not written yet: the
// editor fills in the blanks and the scores.
func newEditorialReview(chair string, rubric content.Rubric, now time.Time) content.EditorialReview {
	y, m, d := now.In(phtime.Manila).Date()
	return content.EditorialReview{Chair: chair, Published: time.Date(y, m, d, 0, 0, 0, 0, phtime.Manila), Rubric: rubric.Version, Pros: []string{""}, Cons: []string{""}}
}

// editorialText writes a review back in the file format of docs/CONTENT.md.
// Scores follow the rubric's order; a review without scores gets an empty
// line per criterion to fill in.
func editorialText(e content.EditorialReview) string {
	var b strings.Builder
	line := func(key, value string) { fmt.Fprintf(&b, "%s: %s\n", key, value) }
	b.WriteString("---\n")
	line("chair", e.Chair)
	line("title", e.Title)
	published := e.Published.In(phtime.Manila)
	if published.Hour() == 0 && published.Minute() == 0 {
		line("published", published.Format(time.DateOnly))
	} else {
		line("published", published.Format(publishLayout))
	}
	line("tested", strconv.FormatBool(e.Tested))
	line("rubric", strconv.Itoa(e.Rubric))
	line("verdict", e.Verdict)
	for _, p := range e.Pros {
		line("pro", p)
	}
	for _, c := range e.Cons {
		line("con", c)
	}
	line("for", e.For)
	line("skip", e.Skip)
	rubric, _ := content.PublishedRubrics().Version(e.Rubric)
	for _, c := range rubric.Criteria {
		score := ""
		if n, ok := e.Scores[c.Key]; ok {
			score = strconv.FormatFloat(n, 'f', -1, 64)
		}
		line("score", c.Key+"="+score)
	}
	for _, ref := range e.Sources {
		line("source", ref.Title+" | "+ref.URL)
	}
	if len(e.Sources) == 0 {
		line("source", "")
	}
	b.WriteString("---\n")
	b.WriteString(e.Body)
	if e.Body != "" {
		b.WriteString("\n")
	}
	return b.String()
}
