package web

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"masahe/internal/account"
	"masahe/internal/catalog"
	"masahe/internal/errs"
	"masahe/internal/locale"
	"masahe/internal/prices"
)

// AccountStore is what the account pages need from the database.
type AccountStore interface {
	CreateUser(ctx context.Context, u account.User, passwordHash string) (account.User, error)
	UserByEmail(ctx context.Context, email string) (account.User, string, error)
	PasswordHash(ctx context.Context, userID int64) (string, error)
	SetPassword(ctx context.Context, userID int64, hash, keep string) error
	DeleteUser(ctx context.Context, userID int64) error
	CreateSession(ctx context.Context, userID int64, tokenHash string, lifetime time.Duration) error
	SessionUser(ctx context.Context, tokenHash string, idle time.Duration) (account.User, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteOtherSessions(ctx context.Context, userID int64, keep string) (int64, error)
	RecordLoginFailure(ctx context.Context, email, client string) error
	LoginFailures(ctx context.Context, email, client string) (byEmail, byClient []time.Time, err error)
}

type authPage struct {
	Layout
	Error       *errs.Error
	Email       string
	DisplayName string
	Next        string
	// Notice confirms what the last action did (a password reset).
	Notice string
	// Received: the sign-up was taken; the page says what happens next,
	// the same words whether or not the address already had an account.
	Received bool
}

func (s *Server) handleSignupForm(w http.ResponseWriter, r *http.Request) {
	s.renderPage(w, r, "signup.html", authPage{Layout: s.layout(r, s.printer(r).T("account.signup.title"), ""), Next: nextPage(r, r.URL.Query().Get("next"))})
}

// nextPage is where logging in leads: next when it is a path of this site,
// else the account page in the request's language.
func nextPage(r *http.Request, next string) string {
	if n := safeNext(next); n != "/account" {
		return n
	}
	return requestLang(r).Path("/account")
}

func (s *Server) handleSignup(w http.ResponseWriter, r *http.Request) {
	p := s.printer(r)
	page := authPage{Layout: s.layout(r, p.T("account.signup.title"), "")}
	fail := func(err error) {
		page.Error = s.formError(r, err)
		if page.Error.Code == errs.Internal {
			s.writeError(w, r, err)
			return
		}
		if err := s.render(w, s.statusFor(r, page.Error.Code), "signup.html", page); err != nil {
			s.writeError(w, r, err)
		}
	}
	err := parseForm(w, r)
	// The form comes back with what was typed, but for a value the text
	// check refused.
	page.Email, page.DisplayName, page.Next = r.PostForm.Get("email"), r.PostForm.Get("display_name"), nextPage(r, r.PostForm.Get("next"))
	if err != nil {
		switch errs.As(err).Field {
		case "email":
			page.Email = ""
		case "display_name":
			page.DisplayName = ""
		}
		fail(err)
		return
	}
	email, err := account.NormalizeEmail(page.Email)
	if err != nil {
		fail(err)
		return
	}
	name, err := account.CheckDisplayName(page.DisplayName)
	if err != nil {
		fail(err)
		return
	}
	pw, err := s.cfg.Passwords.Check(r.PostForm.Get("password"), email)
	if err != nil {
		fail(err)
		return
	}
	hash, err := s.cfg.Passwords.Hash(pw)
	if err != nil {
		fail(err)
		return
	}
	// A new address and a taken one get the same answer, after the same
	// work (one hash, one insert), so that sign-up does not tell who has
	// an account. Neither logs in: the person logs in next.
	u, err := s.stores.Accounts.CreateUser(r.Context(), account.User{Email: email, DisplayName: name, Role: account.Member}, hash)
	switch {
	case errs.CodeOf(err) == errs.Conflict:
		s.signupForTakenAddress(r.Context(), requestLang(r), email)
	case err != nil:
		fail(err)
		return
	default:
		s.log.Info("account created", "user", u.ID)
		s.signupForNewAccount(r.Context(), requestLang(r), u)
	}
	page.Received, page.Title, page.Email = true, p.T("account.signup.received_title"), email
	w.Header().Set("Cache-Control", "no-store")
	if err := s.render(w, http.StatusOK, "signup.html", page); err != nil {
		s.writeError(w, r, err)
	}
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	p := s.printer(r)
	s.renderPage(w, r, "login.html", authPage{Layout: s.layout(r, p.T("account.login.title"), ""), Next: nextPage(r, r.URL.Query().Get("next")),
		Notice: accountNotice(p, r.URL.Query().Get("done"))})
}

// handleLogin checks the throttle before the password, so that a correct
// password guessed late in an attack is refused like the rest.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	p := s.printer(r)
	page := authPage{Layout: s.layout(r, p.T("account.login.title"), "")}
	fail := func(err error) {
		page.Error = s.formError(r, err)
		if page.Error.Code == errs.Internal {
			s.writeError(w, r, err)
			return
		}
		setRetryAfter(w, page.Error.RetryAfter)
		if err := s.render(w, s.statusFor(r, page.Error.Code), "login.html", page); err != nil {
			s.writeError(w, r, err)
		}
	}
	if err := parseForm(w, r); err != nil {
		fail(err)
		return
	}
	page.Email, page.Next = r.PostForm.Get("email"), nextPage(r, r.PostForm.Get("next"))
	email := strings.ToLower(strings.TrimSpace(page.Email))
	client := clientAddress(r)
	byEmail, byClient, err := s.stores.Accounts.LoginFailures(r.Context(), email, client)
	if err != nil {
		fail(err)
		return
	}
	now := s.cfg.Now()
	if wait := max(account.RetryAfter(byEmail, now), account.RetryAfter(byClient, now)); wait > 0 {
		s.log.Warn("login throttled", "client", client, "account_failures", len(byEmail), "client_failures", len(byClient))
		fail(&errs.Error{Code: errs.TooManyRequests, RetryAfter: wait,
			Message: p.Plural("account.error.throttled", waitMinutes(wait))})
		return
	}
	u, hash, err := s.stores.Accounts.UserByEmail(r.Context(), email)
	if err != nil && errs.CodeOf(err) != errs.NotFound {
		fail(err)
		return
	}
	// An unknown email costs the same hashing as a wrong password, so that
	// the time taken does not tell who has an account.
	pw := r.PostForm.Get("password")
	var ok bool
	if err == nil {
		ok = s.cfg.Passwords.Verify(hash, pw)
	} else {
		ok = s.cfg.Passwords.VerifyUnknown(pw)
	}
	if !ok || u.Disabled {
		if err := s.stores.Accounts.RecordLoginFailure(r.Context(), email, client); err != nil {
			fail(err)
			return
		}
		s.log.Info("login failed", "client", client)
		fail(&errs.Error{Code: errs.Unauthorized, Field: "password", Message: "that email and password do not match an active account"})
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		fail(err)
		return
	}
	http.Redirect(w, r, page.Next, http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	sess, err := s.currentSession(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if sess != nil {
		if err := s.stores.Accounts.DeleteSession(r.Context(), sess.TokenHash); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	s.endSession(w)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

type accountPage struct {
	Layout
	User account.User
	// RoleName is the user's role in the page's language.
	RoleName    string
	Error       *errs.Error
	Notice      string
	Submissions []catalog.Submission
	Watches     []prices.Watch
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Member)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := s.printer(r)
	page := accountPage{Layout: s.layout(r, p.T("account.title"), ""), User: sess.User, RoleName: roleName(p, sess.User.Role),
		Notice: accountNotice(p, r.URL.Query().Get("done"))}
	if page.Submissions, err = s.stores.Growth.UserSubmissions(r.Context(), sess.User.ID); err != nil {
		s.writeError(w, r, err)
		return
	}
	if page.Watches, err = s.stores.Prices.Watches(r.Context(), sess.User.ID); err != nil {
		s.writeError(w, r, err)
		return
	}
	// A member's own data: no browser or proxy may keep it.
	w.Header().Set("Cache-Control", "no-store")
	s.renderPage(w, r, "account.html", page)
}

// accountNotice confirms what the last account action did (the done
// parameter of the page it led to).
func accountNotice(p *locale.Printer, done string) string {
	switch done {
	case "password":
		return p.T("account.notice.password")
	case "sessions":
		return p.T("account.notice.sessions")
	case "log-deleted":
		return p.T("account.notice.log_deleted")
	case "verify-sent":
		return p.T("account.notice.verify_sent")
	case "reset":
		return p.T("account.notice.reset")
	case "submitted":
		return p.T("account.notice.submitted")
	case "watching":
		return p.T("account.notice.watching")
	case "unwatched":
		return p.T("account.notice.unwatched")
	}
	return ""
}

// roleName is a role in p's language.
func roleName(p *locale.Printer, role account.Role) string {
	switch role {
	case account.Admin:
		return p.T("account.role.admin")
	case account.Editor:
		return p.T("account.role.editor")
	}
	return p.T("account.role.member")
}

// accountAction runs a posted account change for the signed-in user and
// shows the account page again with its error, or on success redirects
// to the page act returns (a path within the request's language).
func (s *Server) accountAction(w http.ResponseWriter, r *http.Request, act func(sess *session) (string, error)) {
	sess := s.postedForm(w, r, account.Member)
	if sess == nil {
		return
	}
	next, err := act(sess)
	if e := s.formError(r, err); err != nil && e.Code != errs.Internal {
		p := s.printer(r)
		page := accountPage{Layout: s.layout(r, p.T("account.title"), ""), User: sess.User, RoleName: roleName(p, sess.User.Role), Error: e}
		w.Header().Set("Cache-Control", "no-store")
		if err := s.render(w, s.statusFor(r, e.Code), "account.html", page); err != nil {
			s.writeError(w, r, err)
		}
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// checkCurrentPassword confirms a sensitive change with the password.
func (s *Server) checkCurrentPassword(ctx context.Context, userID int64, pw string) error {
	hash, err := s.stores.Accounts.PasswordHash(ctx, userID)
	if err != nil {
		return err
	}
	if !s.cfg.Passwords.Verify(hash, pw) {
		return &errs.Error{Code: errs.Invalid, Field: "current_password", Message: "your current password is not right"}
	}
	return nil
}

func (s *Server) handlePassword(w http.ResponseWriter, r *http.Request) {
	s.accountAction(w, r, func(sess *session) (string, error) {
		if err := s.checkCurrentPassword(r.Context(), sess.User.ID, r.PostForm.Get("current_password")); err != nil {
			return "", err
		}
		pw, err := s.cfg.Passwords.Check(r.PostForm.Get("new_password"), sess.User.Email)
		if err != nil {
			return "", &errs.Error{Code: errs.Invalid, Field: "new_password", Message: errs.As(err).Message}
		}
		hash, err := s.cfg.Passwords.Hash(pw)
		if err != nil {
			return "", err
		}
		return "/account?done=password", s.stores.Accounts.SetPassword(r.Context(), sess.User.ID, hash, sess.TokenHash)
	})
}

func (s *Server) handleLogoutOthers(w http.ResponseWriter, r *http.Request) {
	s.accountAction(w, r, func(sess *session) (string, error) {
		_, err := s.stores.Accounts.DeleteOtherSessions(r.Context(), sess.User.ID, sess.TokenHash)
		return "/account?done=sessions", err
	})
}

func (s *Server) handleDeleteAccount(w http.ResponseWriter, r *http.Request) {
	s.accountAction(w, r, func(sess *session) (string, error) {
		if err := s.checkCurrentPassword(r.Context(), sess.User.ID, r.PostForm.Get("current_password")); err != nil {
			return "", err
		}
		if err := s.stores.Accounts.DeleteUser(r.Context(), sess.User.ID); err != nil {
			return "", err
		}
		s.log.Info("account deleted", slog.Int64("user", sess.User.ID))
		s.endSession(w)
		return "/?done=deleted", nil
	})
}
