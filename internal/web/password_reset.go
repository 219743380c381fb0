package web

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"

	"masahe/internal/account"
	"masahe/internal/errs"
	"masahe/internal/jobs"
	"masahe/internal/locale"
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
	// Lang is the language of the page the request came from, the
	// mail's language; "" (a request queued before it was kept) is
	// English.
	Lang string `json:"lang,omitempty"`
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
	s.renderPage(w, r, "forgot.html", forgotPage{Layout: s.layout(r, s.printer(r).T("account.forgot.title"), "")})
}

func (s *Server) handleForgot(w http.ResponseWriter, r *http.Request) {
	p := s.printer(r)
	page := forgotPage{Layout: s.layout(r, p.T("account.forgot.title"), "")}
	err := parseForm(w, r)
	var email string
	if err == nil {
		page.Email = r.PostForm.Get("email")
		email, err = account.NormalizeEmail(page.Email)
	}
	if err == nil {
		err = s.requestReset(r.Context(), p, email, clientAddress(r))
	}
	if err == nil {
		page.Sent, page.Email, page.Title = true, email, p.T("account.forgot.sent_title")
	} else if page.Error = s.formError(r, err); page.Error.Code == errs.Internal {
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
// queues the request, to be answered in p's language.
func (s *Server) requestReset(ctx context.Context, p *locale.Printer, email, client string) error {
	wait, err := s.stores.AccountMail.TakeRate(ctx,
		account.RateKey{Action: "reset-email", Subject: email, Limit: account.ResetByEmail},
		account.RateKey{Action: "reset-client", Subject: client, Limit: account.ResetByClient})
	if err != nil {
		return err
	}
	if wait > 0 {
		return &errs.Error{Code: errs.TooManyRequests, RetryAfter: wait,
			Message: p.Plural("account.error.reset_throttled", waitMinutes(wait))}
	}
	payload, err := json.Marshal(resetRequest{Email: email, Lang: string(p.Lang()), Request: rand.Text()})
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
	lang, ok := locale.Parse(req.Lang)
	if !ok {
		lang = locale.English
	}
	return s.sendTokenMail(ctx, lang, u, account.ResetPassword, mailtmpl.Reset, "/reset", "reset-mail:"+req.Request)
}

// handleResetForm asks for the new password, when the link can still be
// used.
func (s *Server) handleResetForm(w http.ResponseWriter, r *http.Request) {
	page := tokenPage{Layout: s.layout(r, s.printer(r).T("account.reset.title"), ""), Token: r.URL.Query().Get("token")}
	_, err := s.usableToken(r.Context(), page.Token, account.ResetPassword)
	s.renderTokenPage(w, r, "reset.html", page, err)
}

// handleReset sets the new password (under the password rules), which
// uses the link and ends every session of the account, then sends the
// person to log in with it.
func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	page := tokenPage{Layout: s.layout(r, s.printer(r).T("account.reset.title"), "")}
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
