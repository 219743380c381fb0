package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"masahe/internal/account"
	"masahe/internal/errs"
	"masahe/internal/jobs"
	"masahe/internal/locale"
	"masahe/internal/mail"
	"masahe/internal/mailtmpl"
)

// The mail-based account flows: the verification mail after sign-up and
// its link, the mail to the owner of an address someone tried to sign up
// with, and (password_reset.go) forgot password. A mail goes out as a job
// written in the same transaction as the token it carries.

// AccountMailStore is what the account mails need from the database.
type AccountMailStore interface {
	CreateOneTimeToken(ctx context.Context, t account.OneTimeToken, m mail.Message, dedupKey string) (bool, error)
	EnqueueMail(ctx context.Context, m mail.Message, dedupKey string) (bool, error)
	Enqueue(ctx context.Context, j jobs.Job) (int64, bool, error)
	UsableToken(ctx context.Context, hash string, purpose account.TokenPurpose) (account.User, error)
	VerifyEmail(ctx context.Context, hash string) (account.User, error)
	ResetPassword(ctx context.Context, hash, passwordHash string) (account.User, error)
	TakeRate(ctx context.Context, keys ...account.RateKey) (time.Duration, error)
}

// JobHandlers are the background jobs the web layer defines, by kind, for
// the job runner.
func (s *Server) JobHandlers() map[string]jobs.Handler {
	return map[string]jobs.Handler{ResetRequestJob: s.runResetRequest}
}

// composeMail renders an account mail to one address in lang, the
// language of the page the person was on, with links to that language's
// pages on the site's base URL.
func (s *Server) composeMail(name string, lang locale.Lang, to string, data mailtmpl.Account) (mail.Message, error) {
	data.SiteURL = strings.TrimSuffix(s.cfg.BaseURL+lang.Path("/"), "/")
	data.LoginURL, data.ForgotURL = s.cfg.BaseURL+lang.Path("/login"), s.cfg.BaseURL+lang.Path("/forgot")
	m, err := s.mailTemplates.Compose(name, string(lang), data)
	if err != nil {
		return m, err
	}
	m.ID, m.Date, m.To = mail.NewID(s.mailDomain()), s.cfg.Now(), to
	return m, nil
}

// mailDomain is the host of the base URL, for Message-IDs; "localhost"
// when it is not a plain host name (an IPv6 address, say).
func (s *Server) mailDomain() string {
	u, err := url.Parse(s.cfg.BaseURL)
	if err != nil || u.Hostname() == "" || strings.ContainsFunc(u.Hostname(), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-')
	}) {
		return "localhost"
	}
	return u.Hostname()
}

// sendTokenMail makes a new single-use token for u and the mail in lang
// that carries its link to path ("/verify") in lang, and stores both at
// once.
func (s *Server) sendTokenMail(ctx context.Context, lang locale.Lang, u account.User, purpose account.TokenPurpose, name, path, dedupKey string) error {
	token, stored, err := account.NewOneTimeToken(u.ID, purpose, s.cfg.Now())
	if err != nil {
		return err
	}
	p := s.bundle.Printer(lang)
	m, err := s.composeMail(name, lang, u.Email, mailtmpl.Account{Name: u.DisplayName,
		Link: s.cfg.BaseURL + lang.Path(path) + "?token=" + token, Valid: p.Plural("mail.valid_hours", int(purpose.TTL()/time.Hour))})
	if err != nil {
		return err
	}
	_, err = s.stores.AccountMail.CreateOneTimeToken(ctx, stored, m, dedupKey)
	return err
}

// signupForNewAccount sends the new account its verification mail. A
// failure is logged, not shown: the answer must stay the one a taken
// address gets, and the owner can ask again on the account page.
func (s *Server) signupForNewAccount(ctx context.Context, lang locale.Lang, u account.User) {
	if err := s.sendTokenMail(ctx, lang, u, account.VerifyEmail, mailtmpl.Verify, "/verify", ""); err != nil {
		s.log.ErrorContext(ctx, "verification mail not queued", "user", u.ID, "error", err)
	}
}

// signupForTakenAddress emails the owner of an address that already has an
// account that someone tried to sign up with it: at most once a day per
// address, so that sign-ups cannot flood an inbox. Failures are logged,
// not shown (see signupForNewAccount).
func (s *Server) signupForTakenAddress(ctx context.Context, lang locale.Lang, email string) {
	m, err := s.composeMail(mailtmpl.SignupTaken, lang, email, mailtmpl.Account{})
	if err == nil {
		sum := sha256.Sum256([]byte(email))
		_, err = s.stores.AccountMail.EnqueueMail(ctx, m, "signup-taken:"+hex.EncodeToString(sum[:])+":"+s.cfg.Now().UTC().Format("2006-01-02"))
	}
	if err != nil {
		s.log.ErrorContext(ctx, "mail to the owner of a taken address not queued", "error", err)
	}
}

// usableToken checks a token from a link: junk is refused without a
// lookup, with the same words as an unknown, expired or used token.
func (s *Server) usableToken(ctx context.Context, token string, purpose account.TokenPurpose) (account.User, error) {
	if !account.WellFormedToken(token) {
		return account.User{}, account.OneTimeToken{}.Check(purpose, time.Time{})
	}
	return s.stores.AccountMail.UsableToken(ctx, account.HashToken(token), purpose)
}

// tokenPage is a page reached from a mailed link; its token rides in a
// hidden field.
type tokenPage struct {
	Layout
	Token string
	Error *errs.Error
	// Done: the link did its work.
	Done bool
}

// renderTokenPage shows a page that holds a token: never stored, and the
// token never sent on in a Referer.
func (s *Server) renderTokenPage(w http.ResponseWriter, r *http.Request, name string, page tokenPage, err error) {
	status := http.StatusOK
	if err != nil {
		page.Error = s.formError(r, err)
		if page.Error.Code == errs.Internal {
			s.writeError(w, r, err)
			return
		}
		status = s.statusFor(r, page.Error.Code)
		setRetryAfter(w, page.Error.RetryAfter)
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if err := s.render(w, status, name, page); err != nil {
		s.writeError(w, r, err)
	}
}

// handleVerifyForm shows the confirm button of a verification link. The
// GET changes nothing, so a mail scanner that opens links does not use it.
func (s *Server) handleVerifyForm(w http.ResponseWriter, r *http.Request) {
	page := tokenPage{Layout: s.layout(r, s.printer(r).T("account.verify.title"), ""), Token: r.URL.Query().Get("token")}
	_, err := s.usableToken(r.Context(), page.Token, account.VerifyEmail)
	s.renderTokenPage(w, r, "verify.html", page, err)
}

func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) {
	p := s.printer(r)
	page := tokenPage{Layout: s.layout(r, p.T("account.verify.title"), "")}
	err := parseForm(w, r)
	if err == nil {
		page.Token = r.PostForm.Get("token")
		if _, err = s.usableToken(r.Context(), page.Token, account.VerifyEmail); err == nil {
			var u account.User
			if u, err = s.stores.AccountMail.VerifyEmail(r.Context(), account.HashToken(page.Token)); err == nil {
				s.log.Info("email verified", "user", u.ID)
				page.Done, page.Token, page.Title = true, "", p.T("account.verify.done_title")
			}
		}
	}
	s.renderTokenPage(w, r, "verify.html", page, err)
}

// handleResendVerification mails the signed-in member a new verification
// link, a few times an hour at most.
func (s *Server) handleResendVerification(w http.ResponseWriter, r *http.Request) {
	s.accountAction(w, r, func(sess *session) (string, error) {
		if sess.User.Verified {
			return "/account", nil
		}
		wait, err := s.stores.AccountMail.TakeRate(r.Context(), account.RateKey{Action: "verify-resend", Subject: fmt.Sprint(sess.User.ID), Limit: account.VerifyResend})
		if err != nil {
			return "", err
		}
		if wait > 0 {
			return "", &errs.Error{Code: errs.TooManyRequests, RetryAfter: wait,
				Message: s.printer(r).Plural("account.error.resend_throttled", waitMinutes(wait))}
		}
		if err := s.sendTokenMail(r.Context(), requestLang(r), sess.User, account.VerifyEmail, mailtmpl.Verify, "/verify", ""); err != nil {
			return "", err
		}
		return "/account?done=verify-sent", nil
	})
}
