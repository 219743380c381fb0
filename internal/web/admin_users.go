package web

import (
	"net/http"
	"strconv"

	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/errs"
)

// User admin: roles and disabling, admins only.

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
	sess := s.postedForm(w, r, account.Admin)
	if sess == nil {
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
