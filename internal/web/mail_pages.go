package web

import (
	"net/http"
	"net/url"
	"strconv"

	"masahe/internal/account"
	"masahe/internal/errs"
	"masahe/internal/mail"
	"masahe/internal/phtime"
)

// /admin/mail: without an SMTP server, mail is written to a folder
// (Config.MailDir), and admins read it here. The messages hold sign-in
// links, so the pages are admins' only and never stored.

const mailPerPage = 50

type adminMailPage struct {
	Layout
	// SMTP: mail goes out through an SMTP server and nothing is kept.
	SMTP             bool
	Dir              string
	Messages         []mailRow
	Total            int
	PageNum, Pages   int
	PrevURL, NextURL string
}

type mailRow struct {
	mail.Stored
	URL, When string
}

func (s *Server) handleAdminMail(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Admin); err != nil {
		s.writeError(w, r, err)
		return
	}
	pageNum, err := parsePage(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := adminMailPage{Layout: s.layout(r, "Mail", ""), SMTP: s.cfg.MailDir == "", Dir: s.cfg.MailDir, PageNum: pageNum, Pages: 1}
	if !page.SMTP {
		list, err := mail.List(s.cfg.MailDir)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		page.Total, page.Pages = len(list), max(1, (len(list)+mailPerPage-1)/mailPerPage)
		if pageNum > page.Pages {
			s.writeError(w, r, errs.NotFoundf("there is no page %d: the mail folder has %d", pageNum, page.Pages))
			return
		}
		for _, m := range list[(pageNum-1)*mailPerPage : min(len(list), pageNum*mailPerPage)] {
			page.Messages = append(page.Messages, mailRow{Stored: m, URL: "/admin/mail/" + url.PathEscape(m.Name), When: mailTime(m)})
		}
		if pageNum > 1 {
			page.PrevURL = "/admin/mail?page=" + strconv.Itoa(pageNum-1)
		}
		if pageNum < page.Pages {
			page.NextURL = "/admin/mail?page=" + strconv.Itoa(pageNum+1)
		}
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_mail.html", page)
}

type adminMessagePage struct {
	Layout
	Message mail.Stored
	When    string
}

// handleAdminMessage shows one message: its headers, its plain text, and
// its HTML part in an iframe sandboxed without scripts, forms or the
// site's origin, under the page's own strict CSP, which a srcdoc frame
// inherits.
func (s *Server) handleAdminMessage(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Admin); err != nil {
		s.writeError(w, r, err)
		return
	}
	if s.cfg.MailDir == "" {
		s.writeError(w, r, errs.NotFoundf("mail goes out through the SMTP server; no copy is kept here"))
		return
	}
	m, err := mail.Read(s.cfg.MailDir, r.PathValue("name"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := adminMessagePage{Layout: s.layout(r, m.Subject, ""), Message: m, When: mailTime(m)}
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.renderAdmin(w, r, http.StatusOK, "admin_mail_message.html", page)
}

func mailTime(m mail.Stored) string {
	return m.Date.In(phtime.Manila).Format("2 Jan 2006, 15:04 PHT")
}
