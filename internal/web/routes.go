package web

import (
	"net/http"

	"masahe/internal/errs"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routes lists every route of the site.
func (s *Server) routes(reg *prometheus.Registry) http.Handler {
	mux := http.NewServeMux()

	// Pages and API answers that are the same for every visitor are cached
	// until the site version changes: a catalog or article edit, or a
	// scheduled article's publish time passing (cache.go).
	mux.HandleFunc("GET /{$}", s.cached(s.handleHome))
	mux.HandleFunc("GET /chairs", s.cached(s.handleChairs))
	// A chair page view is counted, a number per chair and day, before
	// the cache answers (growth.go).
	mux.HandleFunc("GET /chairs/{slug}", s.countView(s.cached(s.handleChair)))
	mux.HandleFunc("GET /chairs/{slug}/prices", s.cached(s.handleChairPrices))
	mux.HandleFunc("GET /compare", s.cached(s.handleCompare))
	mux.HandleFunc("GET /search", s.cached(s.handleSearch))
	// The finder's answers may include health conditions: never cached.
	mux.HandleFunc("GET /finder", s.handleFinder)
	// Showrooms, stores and service centres (places.go).
	mux.HandleFunc("GET /where-to-try", s.cached(s.handleWhereToTry))

	mux.HandleFunc("GET /api/v1/chairs", s.cached(s.handleAPIChairs))
	mux.HandleFunc("GET /api/v1/chairs/{slug}", s.cached(s.handleAPIChair))
	mux.HandleFunc("GET /api/v1/chairs/{slug}/prices", s.cached(s.handleAPIChairPrices))
	mux.HandleFunc("GET /api/v1/compare", s.cached(s.handleAPICompare))
	mux.HandleFunc("GET /api/v1/brands", s.cached(s.handleAPIBrands))
	mux.HandleFunc("GET /api/v1/search", s.cached(s.handleAPIChairs))
	mux.HandleFunc("POST /api/v1/finder", s.handleAPIFinder)
	mux.HandleFunc("GET /api/v1/finder/options", s.cached(s.handleAPIFinderOptions))
	mux.HandleFunc("GET /api/v1/places", s.cached(s.handleAPIPlaces))

	mux.HandleFunc("GET /signup", s.handleSignupForm)
	mux.HandleFunc("POST /signup", s.handleSignup)
	mux.HandleFunc("GET /login", s.handleLoginForm)
	mux.HandleFunc("POST /login", s.handleLogin)
	mux.HandleFunc("POST /logout", s.handleLogout)
	mux.HandleFunc("GET /account", s.handleAccount)
	mux.HandleFunc("POST /account/password", s.handlePassword)
	mux.HandleFunc("POST /account/logout-others", s.handleLogoutOthers)
	mux.HandleFunc("POST /account/delete", s.handleDeleteAccount)
	// Mailed links and forgot password (account_mail.go, password_reset.go).
	mux.HandleFunc("GET /verify", s.handleVerifyForm)
	mux.HandleFunc("POST /verify", s.handleVerify)
	mux.HandleFunc("POST /account/verify", s.handleResendVerification)
	mux.HandleFunc("GET /forgot", s.handleForgotForm)
	mux.HandleFunc("POST /forgot", s.handleForgot)
	mux.HandleFunc("GET /reset", s.handleResetForm)
	mux.HandleFunc("POST /reset", s.handleReset)

	// Prices from members (prices.go): watches, sightings and the mails'
	// one-click unsubscribe (RFC 8058; the GET only shows what it ends).
	mux.HandleFunc("POST /chairs/{slug}/watch", s.handleWatch)
	mux.HandleFunc("POST /account/watches/{id}/remove", s.handleWatchRemove)
	mux.HandleFunc("POST /chairs/{slug}/sightings", s.handleSighting)
	mux.HandleFunc("GET /unsubscribe/{token}", s.handleUnsubscribeForm)
	mux.HandleFunc("POST /unsubscribe/{token}", s.handleUnsubscribe)

	mux.HandleFunc("GET /chairs/{slug}/review", s.handleReviewForm)
	mux.HandleFunc("POST /chairs/{slug}/review", s.handleReviewSave)
	mux.HandleFunc("POST /chairs/{slug}/review/delete", s.handleReviewDelete)
	mux.HandleFunc("POST /reviews/{id}/report", s.handleReviewReport)
	mux.HandleFunc("GET /account/reviews", s.handleMyReviews)
	mux.HandleFunc("GET /admin/reviews", s.handleQueue(reviewQueue))
	mux.HandleFunc("POST /admin/reviews/{id}/{action}", s.handleDecision(reviewQueue))
	mux.HandleFunc("GET /api/v1/chairs/{slug}/reviews", s.cached(s.handleAPIChairReviews))

	// Owners' spec submissions and the data editors look up next (growth.go).
	mux.HandleFunc("GET /chairs/{slug}/submit", s.handleSubmitForm)
	mux.HandleFunc("POST /chairs/{slug}/submit", s.handleSubmit)
	mux.HandleFunc("POST /api/v1/chairs/{slug}/submissions", s.handleAPISubmit)
	mux.HandleFunc("GET /admin/submissions", s.handleQueue(submissionQueue))
	mux.HandleFunc("POST /admin/submissions/{id}/{action}", s.handleDecision(submissionQueue))
	mux.HandleFunc("GET /admin/data", s.handleAdminData)

	// Admin: editors and admins (admin.go).
	mux.HandleFunc("GET /admin", s.handleAdmin)
	mux.HandleFunc("GET /admin/chairs", s.handleAdminChairs)
	mux.HandleFunc("GET /admin/chairs/new", s.handleAdminChairForm)
	mux.HandleFunc("POST /admin/chairs/new", s.handleAdminChairSave)
	mux.HandleFunc("GET /admin/chairs/{slug}", s.handleAdminChairForm)
	mux.HandleFunc("POST /admin/chairs/{slug}", s.handleAdminChairSave)
	mux.HandleFunc("POST /admin/chairs/{slug}/retire", s.handleAdminChairRetire)
	mux.HandleFunc("POST /admin/chairs/{slug}/restore", s.handleAdminChairRestore)
	// Prices: prices editors enter, tracked URLs, sightings (admin_prices.go).
	mux.HandleFunc("GET /admin/chairs/{slug}/prices/new", s.handleAdminPriceForm)
	mux.HandleFunc("POST /admin/chairs/{slug}/prices/new", s.handleAdminPriceSave)
	mux.HandleFunc("GET /admin/prices", s.handleAdminPrices)
	mux.HandleFunc("GET /admin/prices/urls/new", s.handleAdminTrackedForm)
	mux.HandleFunc("POST /admin/prices/urls/new", s.handleAdminTrackedSave)
	mux.HandleFunc("GET /admin/prices/urls/{id}", s.handleAdminTrackedForm)
	mux.HandleFunc("POST /admin/prices/urls/{id}", s.handleAdminTrackedSave)
	mux.HandleFunc("POST /admin/prices/urls/{id}/remove", s.handleAdminTrackedRemove)
	mux.HandleFunc("POST /admin/prices/sightings/{id}/{action}", s.handleAdminSightingModerate)
	mux.HandleFunc("GET /admin/chairs/{slug}/photos", s.handleAdminPhotos)
	mux.HandleFunc("POST /admin/chairs/{slug}/photos", s.handleAdminPhotoAdd)
	mux.HandleFunc("POST /admin/chairs/{slug}/photos/{id}", s.handleAdminPhotoEdit)
	mux.HandleFunc("POST /admin/chairs/{slug}/photos/{id}/{action}", s.handleAdminPhotoAction)
	// Brands, retailers, sources and places: one generic handler set, driven by
	// each kind's description (admin_records.go).
	kind := recordKinds()
	mux.HandleFunc("GET /admin/brands", s.handleRecords(kind["brands"]))
	mux.HandleFunc("GET /admin/brands/new", s.handleRecordForm(kind["brands"]))
	mux.HandleFunc("POST /admin/brands/new", s.handleRecordSave(kind["brands"]))
	mux.HandleFunc("GET /admin/brands/{slug}", s.handleRecordForm(kind["brands"]))
	mux.HandleFunc("POST /admin/brands/{slug}", s.handleRecordSave(kind["brands"]))
	mux.HandleFunc("POST /admin/brands/{slug}/retire", s.handleRecordRetire(kind["brands"]))
	mux.HandleFunc("GET /admin/retailers", s.handleRecords(kind["retailers"]))
	mux.HandleFunc("GET /admin/retailers/new", s.handleRecordForm(kind["retailers"]))
	mux.HandleFunc("POST /admin/retailers/new", s.handleRecordSave(kind["retailers"]))
	mux.HandleFunc("GET /admin/retailers/{slug}", s.handleRecordForm(kind["retailers"]))
	mux.HandleFunc("POST /admin/retailers/{slug}", s.handleRecordSave(kind["retailers"]))
	mux.HandleFunc("POST /admin/retailers/{slug}/retire", s.handleRecordRetire(kind["retailers"]))
	mux.HandleFunc("GET /admin/sources", s.handleRecords(kind["sources"]))
	mux.HandleFunc("GET /admin/sources/new", s.handleRecordForm(kind["sources"]))
	mux.HandleFunc("POST /admin/sources/new", s.handleRecordSave(kind["sources"]))
	mux.HandleFunc("GET /admin/sources/{id}", s.handleRecordForm(kind["sources"]))
	mux.HandleFunc("POST /admin/sources/{id}", s.handleRecordSave(kind["sources"]))
	mux.HandleFunc("GET /admin/places", s.handleRecords(kind["places"]))
	mux.HandleFunc("GET /admin/places/new", s.handleRecordForm(kind["places"]))
	mux.HandleFunc("POST /admin/places/new", s.handleRecordSave(kind["places"]))
	mux.HandleFunc("GET /admin/places/{slug}", s.handleRecordForm(kind["places"]))
	mux.HandleFunc("POST /admin/places/{slug}", s.handleRecordSave(kind["places"]))
	mux.HandleFunc("POST /admin/places/{slug}/retire", s.handleRecordRetire(kind["places"]))
	mux.HandleFunc("GET /admin/audit", s.handleAdminAudit)
	mux.HandleFunc("GET /admin/users", s.handleAdminUsers)
	mux.HandleFunc("POST /admin/users/{id}/role", s.handleAdminUserRole)
	mux.HandleFunc("POST /admin/users/{id}/disable", s.handleAdminUserDisable)
	mux.HandleFunc("POST /admin/users/{id}/enable", s.handleAdminUserEnable)
	mux.HandleFunc("GET /admin/mail", s.handleAdminMail)
	mux.HandleFunc("GET /admin/mail/{name}", s.handleAdminMessage)

	// Admin: articles, their translations and editorial reviews (admin_articles.go, admin_translations.go, admin_editorial.go).
	mux.HandleFunc("GET /admin/articles", s.handleAdminArticles)
	mux.HandleFunc("GET /admin/articles/new", s.handleAdminArticleForm)
	mux.HandleFunc("POST /admin/articles/new", s.handleAdminArticleSave)
	mux.HandleFunc("GET /admin/articles/{slug}", s.handleAdminArticleForm)
	mux.HandleFunc("POST /admin/articles/{slug}", s.handleAdminArticleSave)
	mux.HandleFunc("GET /admin/articles/{slug}/{lang}", s.handleAdminTranslationForm)
	mux.HandleFunc("POST /admin/articles/{slug}/{lang}", s.handleAdminTranslationSave)
	mux.HandleFunc("GET /admin/editorial", s.handleAdminEditorial)
	mux.HandleFunc("GET /admin/editorial/{chair}", s.handleAdminEditorialForm)
	mux.HandleFunc("POST /admin/editorial/{chair}", s.handleAdminEditorialSave)

	// Safe use (triage.go). The triage's answers may include health
	// conditions: never cached.
	mux.HandleFunc("GET /safety", s.handleSafety)
	mux.HandleFunc("GET /safety/triage", s.handleTriage)
	mux.HandleFunc("GET /safety/{topic}", s.handleSafetyGuide)
	mux.HandleFunc("POST /api/v1/triage", s.handleAPITriage)

	// The private session log (sessionlog.go): the owner's only, never cached.
	mux.HandleFunc("GET /me/log", s.handleLog)
	mux.HandleFunc("POST /me/log/consent", s.handleLogConsent)
	mux.HandleFunc("POST /me/log/sessions", s.handleLogSession)
	mux.HandleFunc("POST /me/log/checkins", s.handleLogCheckIn)
	mux.HandleFunc("GET /me/log/export.json", s.handleLogExportJSON)
	mux.HandleFunc("GET /me/log/export.csv", s.handleLogExportCSV)
	mux.HandleFunc("POST /me/log/delete", s.handleLogDelete)
	mux.HandleFunc("GET /api/v1/me/sessions", s.handleAPISessions)
	mux.HandleFunc("POST /api/v1/me/sessions", s.handleAPIAddSession)
	mux.HandleFunc("GET /api/v1/me/guard", s.handleAPIGuard)

	// Editorial (editorial.go, editorial_reviews.go, seo.go), cached like
	// the catalog: a scheduled article's publish time changes the site
	// version, so lists, feeds and the sitemap show it when it comes.
	mux.HandleFunc("GET /articles", s.cached(s.handleArticles))
	mux.HandleFunc("GET /articles/{slug}", s.cached(s.handleArticle))
	mux.HandleFunc("GET /tags/{tag}", s.cached(s.handleTag))
	mux.HandleFunc("GET /tags/{tag}/feed.atom", s.cached(s.handleTagFeed))
	mux.HandleFunc("GET /categories/{category}", s.cached(s.handleCategory))
	mux.HandleFunc("GET /reviews", s.cached(s.handleEditorialReviews))
	mux.HandleFunc("GET /reviews/rubric", s.handleRubric)
	mux.HandleFunc("GET /reviews/{chair}", s.cached(s.handleEditorialReview))
	mux.HandleFunc("GET /best", s.cached(s.handleBestIndex))
	mux.HandleFunc("GET /best/{use}", s.cached(s.handleBest))
	mux.HandleFunc("GET /feed.atom", s.cached(s.handleFeed))
	mux.HandleFunc("GET /sitemap.xml", s.cached(s.handleSitemap))

	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /static/{name}", s.handleStatic)
	// Photos from the database, by content-hashed name (media.go).
	mux.HandleFunc("GET /media/{file}", s.handleMedia)
	mux.HandleFunc("GET /favicon.ico", s.handleFavicon)
	mux.HandleFunc("GET /robots.txt", s.handleRobots)

	// Every state-changing request must come from this site's own pages.
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, &errs.Error{Code: errs.Forbidden, Message: "this request came from another site and was refused"})
	}))
	return s.recoverPanics(s.observe(s.securityHeaders(s.encodeResponses(s.checkRequestText(csrf.Handler(s.plainErrors(s.languages(mux))))))))
}
