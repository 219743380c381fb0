package web

import (
	"cmp"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/errs"
	"masahe/internal/phtime"
)

// The audit log (admins only) and the diff of a change's before and after.

// auditPerPage is the number of audit entries on a page.
const auditPerPage = 50

type auditPage struct {
	Layout
	Entries []auditView
	PrevURL string
	NextURL string
}

type auditView struct {
	audit.Entry
	When string
	ISO  string
	// Link and Label name the record: its admin page and its key, or a
	// user's email.
	Link, Label string
	Changes     []change
}

// change is one key of a record that an audit entry changed.
type change struct {
	Key, Before, After string
}

func (s *Server) handleAdminAudit(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Admin); err != nil {
		s.writeError(w, r, err)
		return
	}
	pageNum := 1
	if p := r.URL.Query().Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100000 {
			s.writeError(w, r, errs.Invalidf("page", "page must be a whole number from 1"))
			return
		}
		pageNum = n
	}
	entries, err := s.stores.Admin.AuditLog(r.Context(), auditPerPage+1, (pageNum-1)*auditPerPage)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := auditPage{Layout: s.layout(r, "Audit log", "")}
	if len(entries) > auditPerPage {
		entries = entries[:auditPerPage]
		page.NextURL = "/admin/audit?page=" + strconv.Itoa(pageNum+1)
	}
	if pageNum > 1 {
		page.PrevURL = "/admin/audit?page=" + strconv.Itoa(pageNum-1)
	}
	for _, e := range entries {
		label := e.Key
		if e.Entity == "user" {
			label = cmp.Or(flatJSON(e.After)["email"], flatJSON(e.Before)["email"]) + " (user " + e.Key + ")"
		}
		page.Entries = append(page.Entries, auditView{Entry: e, When: e.At.In(phtime.Manila).Format("2 Jan 2006, 15:04 PHT"),
			ISO: e.At.Format(time.RFC3339), Link: auditLink(e), Label: label, Changes: diffJSON(e.Before, e.After)})
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_audit.html", page)
}

// auditLink is the admin page of an entry's record.
func auditLink(e audit.Entry) string {
	switch e.Entity {
	case "chair":
		return "/admin/chairs/" + url.PathEscape(e.Key)
	case "brand", "retailer", "source":
		return "/admin/" + e.Entity + "s/" + url.PathEscape(e.Key)
	case "offer":
		chair, retailer, _ := strings.Cut(e.Key, "/")
		return "/admin/chairs/" + url.PathEscape(chair) + "/offers/" + url.PathEscape(retailer)
	}
	return "/admin/users"
}

// diffJSON lists the keys whose values differ between two JSON objects,
// nested objects flattened to dotted keys ("specs.track.value").
func diffJSON(before, after string) []change {
	b, a := flatJSON(before), flatJSON(after)
	var keys []string
	for k := range b {
		keys = append(keys, k)
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []change
	for _, k := range keys {
		if b[k] != a[k] {
			out = append(out, change{Key: k, Before: cmp.Or(b[k], "—"), After: cmp.Or(a[k], "—")})
		}
	}
	return out
}

func flatJSON(s string) map[string]string {
	out := map[string]string{}
	if s == "" {
		return out
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return map[string]string{"": s}
	}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, item := range x {
				walk(strings.TrimPrefix(prefix+"."+k, "."), item)
			}
		case string:
			out[prefix] = x
		default:
			b, _ := json.Marshal(x)
			out[prefix] = string(b)
		}
	}
	walk("", v)
	return out
}
