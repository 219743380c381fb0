package web

import (
	"context"
	"net/http"
	"strconv"

	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/catalog"
)

// AdminStore is what the admin pages need from the database.
type AdminStore interface {
	ChairEntries(ctx context.Context) ([]catalog.ChairEntry, error)
	AdminChair(ctx context.Context, slug string) (catalog.ChairRecord, error)
	Brand(ctx context.Context, slug string) (catalog.Brand, error)
	Retailers(ctx context.Context) ([]catalog.RetailerCount, error)
	Retailer(ctx context.Context, slug string) (catalog.Retailer, error)
	AllSources(ctx context.Context) ([]catalog.Source, error)
	Source(ctx context.Context, id string) (catalog.Source, error)
	SaveRecord(ctx context.Context, by audit.Actor, doc *catalog.Document, create bool) (bool, error)
	SetChairRetired(ctx context.Context, by audit.Actor, slug string, retired bool) error
	RetireBrand(ctx context.Context, by audit.Actor, slug string) error
	RetireRetailer(ctx context.Context, by audit.Actor, slug string) error
	AuditLog(ctx context.Context, limit, offset int) ([]audit.Entry, error)
	Users(ctx context.Context) ([]account.User, error)
	SetUserRole(ctx context.Context, by audit.Actor, userID int64, role account.Role) error
	SetUserDisabled(ctx context.Context, by audit.Actor, userID int64, disabled bool) error
}

// actorOf is who an admin change is recorded under.
func actorOf(sess *session) audit.Actor {
	return audit.Actor{UserID: sess.User.ID, Email: sess.User.Email}
}

// renderAdmin renders an admin page. Admin pages show unpublished work and
// who did what: no browser or proxy may keep them.
func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, status int, name string, page any) {
	w.Header().Set("Cache-Control", "no-store")
	if err := s.render(w, status, name, page); err != nil {
		s.writeError(w, r, err)
	}
}

// adminNotice confirms what the last admin action did (?done=…).
var adminNotice = map[string]string{
	"created":   "Created.",
	"saved":     "Saved.",
	"unchanged": "Nothing to save: the record was already like this.",
	"retired":   "Retired.",
	"restored":  "Restored: the chair is back in the catalog.",
	"role":      "Role changed. The user's sessions have ended, so the new role applies from their next login.",
	"disabled":  "Account disabled, and logged out everywhere.",
	"enabled":   "Account enabled.",
	"priced":    "Price recorded.",
	"moderated": "Sighting moderated.",
}

type adminHomePage struct {
	Layout
	IsAdmin bool
}

func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Editor)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_home.html", adminHomePage{Layout: s.layout(r, "Admin", ""), IsAdmin: sess.User.Role.AtLeast(account.Admin)})
}

// Lists.

type adminListPage struct {
	Layout
	Notice string
	New    link
	Rows   []adminRow
	Empty  string
}

type link struct{ URL, Label string }

type adminRow struct {
	// Key is the record's key, from which a record kind's list makes URL.
	Key               string
	URL, Name, Detail string
	Retired           bool
}

func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
