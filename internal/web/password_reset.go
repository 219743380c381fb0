package web

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"time"

	"masahe/internal/account"
	"masahe/internal/errs"
	"masahe/internal/jobs"
	"masahe/internal/mailtmpl"
)

// Forgot password. The request handler does the same work whatever the
// address: it checks the rate limits and queues one ResetRequestJob. The
// job, in the background, looks the address up and, only for an active
// account, stores a reset token with the mail that carries it. So neither
// the answer nor the work done while answering tells whether an address
// has an account.

// ResetRequestJob is the job kind of a password-reset request; its payload
// is a resetRequest.
const ResetRequestJob = "account.reset_request"

type resetRequest struct {
	Email string `json:"email"`
	// Request is random, one per request: the dedup key of the mail, so
	// that a retried job does not send a second link.
	Request string `json:"request"`
}

type forgotPage struct {
	Layout
	Email string
	Error *errs.Error
	// Sent: the request was taken; the page says the same for every
	// address.
	Sent bool
}

func (s *Server) handleForgotForm(w http.ResponseWriter, r *http.Request) {
	s.renderPage(w, r, "forgot.html", forgotPage{Layout: s.layout(r, "Forgot your password?", "")})
}

func (s *Server) handleForgot(w http.ResponseWriter, r *http.Request) {
	page := forgotPage{Layout: s.layout(r, "Forgot your password?", "")}
	err := parseForm(w, r)
	var email string
	if err == nil {
		page.Email = r.PostForm.Get("email")
		email, err = account.NormalizeEmail(page.Email)
	}
	if err == nil {
		err = s.requestReset(r.Context(), email, clientAddress(r))
	}
	if err == nil {
		page.Sent, page.Email, page.Title = true, email, "Check your email"
	} else if page.Error = errs.As(err); page.Error.Code == errs.Internal {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if page.Error != nil {
		status = s.statusFor(r, page.Error.Code)
		setRetryAfter(w, page.Error.RetryAfter)
	}
	w.Header().Set("Cache-Control", "no-store")
	if err := s.render(w, status, "forgot.html", page); err != nil {
		s.writeError(w, r, err)
	}
}

// requestReset takes one use of the limits by address and by client, and
// queues the request.
func (s *Server) requestReset(ctx context.Context, email, client string) error {
	wait, err := s.stores.AccountMail.TakeRate(ctx,
		account.RateKey{Action: "reset-email", Subject: email, Limit: account.ResetByEmail},
		account.RateKey{Action: "reset-client", Subject: client, Limit: account.ResetByClient})
	if err != nil {
		return err
	}
	if wait > 0 {
		return &errs.Error{Code: errs.TooManyRequests, RetryAfter: wait,
			Message: "too many reset requests; wait " + wait.Round(time.Minute).String() + " and try again, and look in your spam folder for the links already sent"}
	}
	payload, err := json.Marshal(resetRequest{Email: email, Request: rand.Text()})
	if err != nil {
		return err
	}
	_, _, err = s.stores.AccountMail.Enqueue(ctx, jobs.Job{Kind: ResetRequestJob, Payload: payload})
	return err
}

// runResetRequest is the ResetRequestJob handler: an active account gets
// a reset link; an unknown or disabled one, nothing.
func (s *Server) runResetRequest(ctx context.Context, payload []byte) error {
	var req resetRequest
	if err := json.Unmarshal(payload, &req); err != nil || req.Email == "" || req.Request == "" {
		return jobs.Permanent(errs.Invalidf("payload", "not a reset request"))
	}
	u, _, err := s.stores.Accounts.UserByEmail(ctx, req.Email)
	if errs.CodeOf(err) == errs.NotFound || err == nil && u.Disabled {
		return nil
	}
	if err != nil {
		return err
	}
	return s.sendTokenMail(ctx, u, account.ResetPassword, mailtmpl.Reset, "/reset", "reset-mail:"+req.Request)
}

// handleResetForm asks for the new password, when the link can still be
// used.
func (s *Server) handleResetForm(w http.ResponseWriter, r *http.Request) {
	page := tokenPage{Layout: s.layout(r, "Choose a new password", ""), Token: r.URL.Query().Get("token")}
	_, err := s.usableToken(r.Context(), page.Token, account.ResetPassword)
	s.renderTokenPage(w, r, "reset.html", page, err)
}

// handleReset sets the new password (under the password rules), which
// uses the link and ends every session of the account, then sends the
// person to log in with it.
func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	page := tokenPage{Layout: s.layout(r, "Choose a new password", "")}
	err := parseForm(w, r)
	var u account.User
	if err == nil {
		page.Token = r.PostForm.Get("token")
		u, err = s.usableToken(r.Context(), page.Token, account.ResetPassword)
	}
	var hash string
	if err == nil {
		var pw string
		if pw, err = s.cfg.Passwords.Check(r.PostForm.Get("new_password"), u.Email); err != nil {
			err = &errs.Error{Code: errs.Invalid, Field: "new_password", Message: errs.As(err).Message}
		} else {
			hash, err = s.cfg.Passwords.Hash(pw)
		}
	}
	if err == nil {
		if u, err = s.stores.AccountMail.ResetPassword(r.Context(), account.HashToken(page.Token), hash); err == nil {
			s.log.Info("password reset", "user", u.ID)
			http.Redirect(w, r, "/login?done=reset", http.StatusSeeOther)
			return
		}
	}
	s.renderTokenPage(w, r, "reset.html", page, err)
}
