package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"masahe/internal/account"
	"masahe/internal/catalog"
	"masahe/internal/content"
	"masahe/internal/errs"
	"masahe/internal/locale"
	"masahe/internal/media"
)

// ReviewStore is what the review pages need from the database.
type ReviewStore interface {
	SaveReview(ctx context.Context, chairSlug string, userID int64, r content.OwnerReview, photos media.PhotoEdit) error
	ReviewsWritten(ctx context.Context, userID int64, since time.Time) (int, error)
	UserReview(ctx context.Context, chairSlug string, userID int64) (content.OwnerReview, error)
	Review(ctx context.Context, id int64) (content.OwnerReview, error)
	ChairReviews(ctx context.Context, chairSlug string) ([]content.OwnerReview, error)
	UserReviews(ctx context.Context, userID int64) ([]content.OwnerReview, error)
	ModerationQueue(ctx context.Context) ([]content.OwnerReview, error)
	Moderate(ctx context.Context, id int64, publish bool, reason string) error
	DeleteReview(ctx context.Context, chairSlug string, userID int64) error
	ReportReview(ctx context.Context, id, userID int64, reason string) error
	SiteMeanRating(ctx context.Context) (float64, error)
}

// Review posting limit: a member may create or edit this many reviews an
// hour.
const reviewsPerHour = 5

// maxReasonRunes bounds the reason of a report or a rejection.
const maxReasonRunes = 500

// reviewView is a review as pages show it.
type reviewView struct {
	content.OwnerReview
	HTML    template.HTML
	Ratings []ratingView
	Photos  []pictureView
}

type ratingView struct {
	Label string
	Value int
}

// subRatingLabel names an aspect owners rate in the printer's language
// (reviews.json; TestSubRatingsTranslated holds every language to it).
func subRatingLabel(p *locale.Printer, key string) string { return p.T("reviews.aspect." + key) }

// newReviewView shows a review, its aspects named in the printer's
// language.
func newReviewView(p *locale.Printer, r content.OwnerReview) (reviewView, error) {
	html, err := content.Render(r.Text)
	if err != nil {
		return reviewView{}, err
	}
	v := reviewView{OwnerReview: r, HTML: html}
	for _, s := range content.SubRatings {
		if n, ok := r.Ratings[s.Key]; ok {
			v.Ratings = append(v.Ratings, ratingView{subRatingLabel(p, s.Key), n})
		}
	}
	return v, nil
}

// reviewViews shows reviews with their photos in the request's language;
// publishedOnly leaves out photos still waiting for moderation (the public
// pages).
func (s *Server) reviewViews(r *http.Request, list []content.OwnerReview, publishedOnly bool) ([]reviewView, error) {
	ids := make([]int64, len(list))
	for i, rv := range list {
		ids[i] = rv.ID
	}
	photos, err := s.stores.Media.ReviewPhotos(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	out := make([]reviewView, 0, len(list))
	for _, rv := range list {
		v, err := newReviewView(s.printer(r), rv)
		if err != nil {
			return nil, err
		}
		v.Photos = newPictures(photos[rv.ID], sizesThumb, publishedOnly)
		out = append(out, v)
	}
	return out, nil
}

// ratingLine is a chair's owner rating, for cards and pages.
type ratingLine struct {
	content.Rating
	Stars string
	Text  string
}

func newRatingLine(c catalog.Chair, siteMean float64) *ratingLine {
	if c.RatingCount == 0 {
		return nil
	}
	r := content.NewRating(c.RatingSum, c.RatingCount, siteMean)
	owners := "owners"
	if r.Count == 1 {
		owners = "owner"
	}
	return &ratingLine{Rating: r, Stars: fmt.Sprintf("%.1f", r.Bayesian),
		Text: fmt.Sprintf("%.1f out of 5 from %d %s (their own average: %.1f)", r.Bayesian, r.Count, owners, r.Average)}
}

// subRatingView is an aspect of the review form.
type subRatingView struct {
	Key, Label string
}

type reviewFormPage struct {
	Layout
	Chair    catalog.Chair
	Review   content.OwnerReview
	Existing bool
	Error    *errs.Error
	Subs     []subRatingView
	Values   map[string]string
	// Photos are the review's photos, whatever their status; Slots
	// number the empty places for new ones.
	Photos []pictureView
	Slots  []int
	MaxMiB int
}

func (s *Server) reviewForm(w http.ResponseWriter, r *http.Request, status int, page reviewFormPage) {
	p := s.printer(r)
	for _, sr := range content.SubRatings {
		page.Subs = append(page.Subs, subRatingView{sr.Key, subRatingLabel(p, sr.Key)})
	}
	if page.Values == nil {
		page.Values = map[string]string{"text": page.Review.Text, "pros": page.Review.Pros, "cons": page.Review.Cons}
		if page.Existing {
			page.Values["overall"] = strconv.Itoa(page.Review.Overall)
			page.Values["months_owned"] = strconv.Itoa(page.Review.MonthsOwned)
			for k, n := range page.Review.Ratings {
				page.Values[k] = strconv.Itoa(n)
			}
		}
	}
	if page.Existing {
		photos, err := s.stores.Media.ReviewPhotos(r.Context(), []int64{page.Review.ID})
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		page.Photos = newPictures(photos[page.Review.ID], sizesThumb, false)
	}
	for i := len(page.Photos); i < media.MaxReviewPhotos; i++ {
		page.Slots = append(page.Slots, i+1)
	}
	page.MaxMiB = media.MaxBytes >> 20
	// A member's own data: no browser or proxy may keep it.
	w.Header().Set("Cache-Control", "no-store")
	if err := s.render(w, status, "review_form.html", page); err != nil {
		s.writeError(w, r, err)
	}
}

func (s *Server) handleReviewForm(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Member)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.stores.Catalog.Chair(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := reviewFormPage{Layout: s.layout(r, s.printer(r).T("reviews.form.title", c.FullName()), ""), Chair: c}
	page.Review, err = s.stores.Reviews.UserReview(r.Context(), c.Slug, sess.User.ID)
	switch errs.CodeOf(err) {
	case "":
		page.Existing = true
	case errs.NotFound:
	default:
		s.writeError(w, r, err)
		return
	}
	s.reviewForm(w, r, http.StatusOK, page)
}

// handleReviewSave saves a review from its form, a multipart one when it
// carries photos (fields photo1…photo4, each with its alt text alt1…alt4;
// remove_photo names the ids of photos to take off).
func (s *Server) handleReviewSave(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Member)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	files, formErr := parseUploadForm(w, r, media.MaxReviewPhotos)
	if formErr != nil && errs.CodeOf(formErr) != errs.Invalid {
		s.writeError(w, r, formErr)
		return
	}
	c, err := s.stores.Catalog.Chair(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := reviewFormPage{Layout: s.layout(r, s.printer(r).T("reviews.form.title", c.FullName()), ""), Chair: c, Values: map[string]string{}}
	for k := range r.PostForm {
		page.Values[k] = r.PostForm.Get(k)
	}
	if existing, err := s.stores.Reviews.UserReview(r.Context(), c.Slug, sess.User.ID); err == nil {
		page.Review, page.Existing = existing, true
	} else if errs.CodeOf(err) != errs.NotFound {
		s.writeError(w, r, err)
		return
	}
	err = formErr
	var review content.OwnerReview
	if err == nil {
		review, err = content.ParseReviewForm(r.PostForm)
		err = s.reviewFormProblem(r, err)
	}
	if err == nil {
		_, err = content.Render(review.Text)
	}
	var photos media.PhotoEdit
	if err == nil {
		photos, err = s.reviewPhotoEdit(r, files)
	}
	if err == nil {
		err = s.checkReviewRate(r, sess.User.ID)
	}
	if err == nil {
		err = s.stores.Reviews.SaveReview(r.Context(), c.Slug, sess.User.ID, review, photos)
	}
	if err != nil {
		if errs.CodeOf(err) == errs.Internal {
			s.writeError(w, r, err)
			return
		}
		page.Error = errs.As(err)
		setRetryAfter(w, page.Error.RetryAfter)
		s.reviewForm(w, r, s.statusFor(r, page.Error.Code), page)
		return
	}
	http.Redirect(w, r, "/account/reviews?done=saved", http.StatusSeeOther)
}

// reviewFormProblem words a problem content.ParseReviewForm found in the
// request's language, by the field it names.
func (s *Server) reviewFormProblem(r *http.Request, err error) error {
	e := errs.As(err)
	if err == nil || e.Code != errs.Invalid {
		return err
	}
	p := s.printer(r)
	var msg string
	switch {
	case e.Field == content.HoneypotField:
		msg = p.T("reviews.problem.robot")
	case e.Field == "months_owned":
		msg = p.T("reviews.problem.months", 360)
	case e.Field == "text":
		msg = p.T("reviews.problem.text", content.MinReviewText, content.MaxReviewText)
	case e.Field == "pros" || e.Field == "cons":
		msg = p.T("reviews.problem.pros_cons", content.MaxProsCons)
	case e.Field == "overall":
		msg = p.T("reviews.problem.rating")
	default: // an aspect's rating
		msg = p.T("reviews.problem.aspect", subRatingLabel(p, e.Field))
	}
	return &errs.Error{Code: errs.Invalid, Field: e.Field, Message: msg}
}

// reviewPhotoEdit reads a review form's photo changes: each file photoN
// with its alt text altN, checked and re-encoded by media.Intake, and the
// ids in remove_photo.
func (s *Server) reviewPhotoEdit(r *http.Request, files []uploadedFile) (media.PhotoEdit, error) {
	p := s.printer(r)
	var edit media.PhotoEdit
	for _, v := range r.PostForm["remove_photo"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return edit, errs.Invalidf("remove_photo", "%s", p.T("reviews.problem.remove_photo"))
		}
		edit.Remove = append(edit.Remove, id)
	}
	for _, f := range files {
		n, ok := strings.CutPrefix(f.Field, "photo")
		if _, err := strconv.Atoi(n); !ok || err != nil {
			return edit, errs.Invalidf(f.Field, "%s", p.T("reviews.problem.photo_field", f.Field))
		}
		alt := r.PostForm.Get("alt" + n)
		if err := media.CheckText(alt, "", false, "alt"+n, ""); err != nil {
			return edit, errs.Invalidf("alt"+n, "%s", p.T("reviews.problem.alt", n, media.MaxAlt))
		}
		img, err := intake(p, f.Data)
		if err != nil {
			return edit, err
		}
		edit.Add = append(edit.Add, media.Upload{Image: img, Alt: alt})
	}
	return edit, nil
}

// checkReviewRate refuses a member's sixth review or edit within an hour.
func (s *Server) checkReviewRate(r *http.Request, userID int64) error {
	n, err := s.stores.Reviews.ReviewsWritten(r.Context(), userID, s.cfg.Now().Add(-time.Hour))
	if err != nil {
		return err
	}
	if n >= reviewsPerHour {
		return &errs.Error{Code: errs.TooManyRequests, RetryAfter: time.Hour, Message: s.printer(r).Plural("reviews.problem.rate", n)}
	}
	return nil
}

func (s *Server) handleReviewDelete(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Member)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.stores.Reviews.DeleteReview(r.Context(), r.PathValue("slug"), sess.User.ID); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account/reviews?done=deleted", http.StatusSeeOther)
}

func (s *Server) handleReviewReport(w http.ResponseWriter, r *http.Request) {
	sess := s.postedForm(w, r, account.Member)
	if sess == nil {
		return
	}
	p := s.printer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeError(w, r, errs.NotFoundf("%s", p.T("reviews.problem.no_review")))
		return
	}
	review, err := s.stores.Reviews.Review(r.Context(), id)
	if err == nil && review.Status != content.Published {
		err = errs.NotFoundf("%s", p.T("reviews.problem.no_review"))
	}
	if err == nil && review.UserID == sess.User.ID {
		err = &errs.Error{Code: errs.Forbidden, Message: p.T("reviews.problem.report_own")}
	}
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	if err == nil && (reason == "" || utf8.RuneCountInString(reason) > maxReasonRunes) {
		err = errs.Invalidf("reason", "%s", p.T("reviews.problem.report_reason", maxReasonRunes))
	}
	if err == nil {
		err = s.stores.Reviews.ReportReview(r.Context(), id, sess.User.ID, reason)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/chairs/"+review.Chair+"?reported=1#reviews", http.StatusSeeOther)
}

type myReviewsPage struct {
	Layout
	Reviews []content.OwnerReview
	Notice  string
}

func (s *Server) handleMyReviews(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Member)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	list, err := s.stores.Reviews.UserReviews(r.Context(), sess.User.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := s.printer(r)
	var notice string
	switch r.URL.Query().Get("done") {
	case "saved":
		notice = p.T("reviews.mine.saved")
	case "deleted":
		notice = p.T("reviews.mine.deleted")
	}
	// A member's own data: no browser or proxy may keep it.
	w.Header().Set("Cache-Control", "no-store")
	s.renderPage(w, r, "my_reviews.html", myReviewsPage{Layout: s.layout(r, p.T("reviews.mine.title"), ""), Reviews: list, Notice: notice})
}

type moderationPage struct {
	Layout
	Reviews []reviewView
	Error   *errs.Error
}

func (s *Server) renderModeration(w http.ResponseWriter, r *http.Request, status int, problem *errs.Error) {
	queue, err := s.stores.Reviews.ModerationQueue(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := moderationPage{Layout: s.layout(r, s.printer(r).T("reviews.moderation.title"), ""), Error: problem}
	if page.Reviews, err = s.reviewViews(r, queue, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	// Unpublished reviews and who reported them, as on the admin pages.
	w.Header().Set("Cache-Control", "no-store")
	if err := s.render(w, status, "moderation.html", page); err != nil {
		s.writeError(w, r, err)
	}
}

// moderateReview publishes or rejects a review; a rejection needs a
// reason for its author.
func (s *Server) moderateReview(r *http.Request, _ *session, id int64, publish bool, reason string) error {
	if !publish && (reason == "" || utf8.RuneCountInString(reason) > maxReasonRunes) {
		return errs.Invalidf("reason", "%s", s.printer(r).T("reviews.moderation.reason_needed", maxReasonRunes))
	}
	return s.stores.Reviews.Moderate(r.Context(), id, publish, reason)
}

func (s *Server) handleAPIChairReviews(w http.ResponseWriter, r *http.Request) {
	c, err := s.stores.Catalog.Chair(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	list, err := s.stores.Reviews.ChairReviews(r.Context(), c.Slug)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	mean, err := s.siteMeanRating(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := chairReviewsJSON{Chair: c.Slug, Rating: newRatingJSON(content.NewRating(c.RatingSum, c.RatingCount, mean)), Items: []reviewJSON{}}
	for _, rv := range list {
		v, err := newReviewView(s.printer(r), rv)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		out.Items = append(out.Items, reviewJSON{rv.ID, rv.Author, rv.Overall, rv.Ratings, rv.MonthsOwned, rv.Text, v.HTML, rv.Pros, rv.Cons, rv.PublishedAt})
	}
	writeJSON(w, http.StatusOK, out)
}
