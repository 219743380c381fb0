package web

import (
	"net/http"
	"strconv"
	"strings"

	"masahe/internal/account"
	"masahe/internal/errs"
)

// moderationQueue is one of the editors' queues of what members send in:
// owner reviews (reviews.go) and spec submissions (growth.go). GET path
// lists what waits; POST path/{id}/{action} decides on one item, with the
// queue's accept action or "reject" and a reason its author reads.
type moderationQueue struct {
	path, accept string
	// show renders the queue, with the problem of a decision refused.
	show func(s *Server, w http.ResponseWriter, r *http.Request, status int, problem *errs.Error)
	// decide carries out an editor's decision on item id.
	decide func(s *Server, r *http.Request, by *session, id int64, accept bool, reason string) error
}

var (
	reviewQueue     = moderationQueue{path: "/admin/reviews", accept: "publish", show: (*Server).renderModeration, decide: (*Server).moderateReview}
	submissionQueue = moderationQueue{path: "/admin/submissions", accept: "approve", show: (*Server).renderSubmissions, decide: (*Server).decideSubmission}
)

// handleQueue shows a queue to editors.
func (s *Server) handleQueue(q moderationQueue) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := s.requireRole(r, account.Editor); err != nil {
			s.writeError(w, r, err)
			return
		}
		q.show(s, w, r, http.StatusOK, nil)
	}
}

// handleDecision takes an editor's decision on one item of a queue. A
// decision refused as invalid (a rejection without its reason) shows the
// queue again with the problem; then back to the queue.
func (s *Server) handleDecision(q moderationQueue) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := s.postedForm(w, r, account.Editor)
		if sess == nil {
			return
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		action := r.PathValue("action")
		if err != nil || (action != q.accept && action != "reject") {
			s.writeError(w, r, errs.NotFoundf("there is no page at %s", r.URL.Path))
			return
		}
		err = q.decide(s, r, sess, id, action == q.accept, strings.TrimSpace(r.PostForm.Get("reason")))
		if e := errs.As(err); err != nil && e.Code == errs.Invalid {
			q.show(s, w, r, http.StatusBadRequest, e)
			return
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		http.Redirect(w, r, q.path, http.StatusSeeOther)
	}
}
