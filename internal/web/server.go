// Package web serves Masahe's pages and JSON API. routes.go lists every
// route; each area has its own file of handlers. Handlers parse the request,
// call the store and domain packages, hand any error to one error mapper
// (errors.go), fill a typed page struct and render it (render.go).
package web

import (
	"cmp"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"masahe/internal/account"
	"masahe/internal/content"
	"masahe/internal/locale"
	"masahe/internal/mailtmpl"
)

// Stores is what the server reads and writes, one small interface per
// area, each declared beside the handlers that use it (CatalogStore in
// pages_catalog.go, AccountStore in accounts.go, ...). cmd/masahe fills
// every field with the one *store.Store; see docs/ARCHITECTURE.md.
type Stores struct {
	Catalog   CatalogStore
	Accounts  AccountStore
	Reviews   ReviewStore
	Log       LogStore
	Admin     AdminStore
	Editor    EditorStore
	Editorial EditorialStore
	// AccountMail: tokens, mail jobs and rate limits (account_mail.go).
	AccountMail AccountMailStore
	Places      PlaceStore
	Growth      GrowthStore
	Prices      PriceStore
	Media       MediaStore
}

// Config holds the server's settings.
type Config struct {
	// BaseURL is the public address of the site, without a trailing
	// slash, used for canonical links.
	BaseURL string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// SessionIdle ends a session unused this long; SessionLifetime ends
	// any session this long after login.
	SessionIdle, SessionLifetime time.Duration
	// SecureCookies marks cookies Secure: true when the site is served over
	// https or on a loopback address (which browsers treat as secure).
	SecureCookies bool
	// HSTS sends Strict-Transport-Security: true when served over https.
	HSTS bool
	// CacheBytes bounds the page cache; 0 means DefaultCacheBytes.
	CacheBytes int
	// Passwords checks, hashes and verifies passwords; nil means
	// account.NewPasswords with Argon2id.
	Passwords *account.Passwords
	// MailDir is the folder mail is written to when no SMTP server is set,
	// listed at /admin/mail; "" when mail goes out through SMTP.
	MailDir string
	// Bundle holds the languages' messages and search synonyms; nil means
	// locale.NewBundle.
	Bundle *locale.Bundle
	// Rubrics are the editorial review rubric's versions, oldest first;
	// nil means content.PublishedRubrics.
	Rubrics content.Rubrics
}

// Session timeouts when the configuration leaves them out.
const (
	DefaultSessionIdle     = 72 * time.Hour
	DefaultSessionLifetime = 30 * 24 * time.Hour
)

// Server handles every request.
type Server struct {
	cfg     Config
	stores  Stores
	log     *slog.Logger
	pages   map[locale.Lang]map[string]*template.Template
	bundle  *locale.Bundle
	metrics *metrics
	cache   *pageCache
	static  *staticFiles
	// compressor encodes answers for the wire (encode.go).
	compressor *compressor
	handler    http.Handler
	// mailTemplates writes the account mails.
	mailTemplates *mailtmpl.Templates
	// views counts chair page views until FlushViews writes them.
	views *viewCounter
}

// NewServer returns the site's handler. Templates are parsed here, so a
// broken template fails the start, not a request. Metrics are registered in
// reg.
func NewServer(cfg Config, st Stores, log *slog.Logger, reg *prometheus.Registry) (*Server, error) {
	comp := newCompressor()
	static, err := loadStatic(comp)
	if err != nil {
		return nil, err
	}
	if cfg.Bundle == nil {
		if cfg.Bundle, err = locale.NewBundle(log); err != nil {
			return nil, err
		}
	}
	pages, err := parseTemplates(static, cfg.Bundle)
	if err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rubrics == nil {
		cfg.Rubrics = content.PublishedRubrics()
	}
	cfg.SessionIdle = cmp.Or(cfg.SessionIdle, DefaultSessionIdle)
	cfg.SessionLifetime = cmp.Or(cfg.SessionLifetime, DefaultSessionLifetime)
	if cfg.Passwords == nil {
		if cfg.Passwords, err = account.NewPasswords(nil); err != nil {
			return nil, err
		}
	}
	mailTemplates, err := mailtmpl.New()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, mailTemplates: mailTemplates, static: static, compressor: comp, stores: st, log: log, pages: pages, bundle: cfg.Bundle, metrics: newMetrics(reg),
		cache: newPageCache(st.Catalog.SiteVersion, cfg.Now, cmp.Or(cfg.CacheBytes, DefaultCacheBytes)),
		views: newViewCounter()}
	// An edit empties the cache at once, not at the next version check.
	st.Catalog.OnChange(s.cache.expire)
	s.handler = s.routes(reg)
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}
