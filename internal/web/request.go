package web

// This file holds what every handler uses to read a request: its form,
// its client, its session and the role a page needs.

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"masahe/internal/account"
	"masahe/internal/errs"
)

// sessionCookie is the session cookie's name. The __Host- prefix makes
// browsers insist on Secure, Path=/ and no Domain.
const sessionCookie = "__Host-masahe_session"

// maxFormBytes bounds a form post.
const maxFormBytes = 64 << 10

// session is the signed-in user of a request and their token's hash.
type session struct {
	User      account.User
	TokenHash string
}

// currentSession returns the request's live session, or nil.
func (s *Server) currentSession(r *http.Request) (*session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	hash := account.HashToken(c.Value)
	u, err := s.stores.Accounts.SessionUser(r.Context(), hash, s.cfg.SessionIdle)
	if errs.CodeOf(err) == errs.Unauthorized {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &session{User: u, TokenHash: hash}, nil
}

// requireRole returns the request's session when its user has at least
// min; otherwise an unauthorized or forbidden error. This is the one place
// pages check who may use them.
func (s *Server) requireRole(r *http.Request, min account.Role) (*session, error) {
	sess, err := s.currentSession(r)
	switch {
	case err != nil:
		return nil, err
	case sess == nil:
		return nil, &errs.Error{Code: errs.Unauthorized, Message: "log in to continue"}
	case !sess.User.Role.AtLeast(min):
		return nil, &errs.Error{Code: errs.Forbidden, Message: "your account may not do this"}
	}
	return sess, nil
}

// startSession logs the user in with a new token, ending the session the
// browser had before.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u account.User) error {
	if old, err := s.currentSession(r); err == nil && old != nil {
		if err := s.stores.Accounts.DeleteSession(r.Context(), old.TokenHash); err != nil {
			return err
		}
	}
	token, hash, err := account.NewToken()
	if err != nil {
		return err
	}
	if err := s.stores.Accounts.CreateSession(r.Context(), u.ID, hash, s.cfg.SessionLifetime); err != nil {
		return err
	}
	http.SetCookie(w, s.cookie(token, int(s.cfg.SessionLifetime/time.Second)))
	return nil
}

func (s *Server) cookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: sessionCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode}
}

func (s *Server) endSession(w http.ResponseWriter) {
	http.SetCookie(w, s.cookie("", -1))
}

// clientAddress is the address the login throttle counts by.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// parseForm reads a posted form of at most maxFormBytes.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errs.Invalidf("form", "the form is larger than %d KiB", maxFormBytes>>10)
		}
		return errs.Invalidf("form", "the form could not be read")
	}
	return checkValues(r.PostForm, true, 0)
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") || u.IsAbs() || u.Host != "" {
		return "/account"
	}
	return u.RequestURI()
}

// postedForm checks that the request's user has at least min and reads the
// posted form: the start of every state-changing handler. On failure it
// has answered the request and returns nil.
func (s *Server) postedForm(w http.ResponseWriter, r *http.Request, min account.Role) *session {
	sess, err := s.requireRole(r, min)
	if err == nil {
		err = parseForm(w, r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return nil
	}
	return sess
}
