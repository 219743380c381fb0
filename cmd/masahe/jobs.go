package main

import (
	"cmp"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"time"

	"masahe/internal/jobs"
	"masahe/internal/locale"
	"masahe/internal/mail"
	"masahe/internal/prices/alert"
	"masahe/internal/store"
)

// mailSender is the SMTP server of --smtp-url or, without one, the folder
// of --mail-dir (by default "mail" beside a SQLite database file).
func mailSender(cfg config) (mail.Sender, error) {
	if cfg.smtpURL != "" {
		if cfg.mailFrom == "" {
			return nil, errors.New("--mail-from is required with --smtp-url: the address mail is sent from, e.g. \"Masahe <alerts@example.ph>\"")
		}
		return mail.NewSMTP(mail.SMTPConfig{URL: cfg.smtpURL, From: cfg.mailFrom})
	}
	return mail.NewDir(mailDir(cfg), cmp.Or(cfg.mailFrom, "Masahe <no-reply@localhost>"))
}

// mailDir is --mail-dir, by default "mail" beside a SQLite database file
// or in the working directory with PostgreSQL.
func mailDir(cfg config) string {
	if cfg.mailDir != "" {
		return cfg.mailDir
	}
	if store.IsPostgres(cfg.database) {
		return "mail"
	}
	return filepath.Join(filepath.Dir(cfg.database), "mail")
}

// shownMailDir is the folder /admin/mail lists: the mail folder, or ""
// when mail goes out through SMTP.
func shownMailDir(cfg config) string {
	if cfg.smtpURL != "" {
		return ""
	}
	return mailDir(cfg)
}

// newRunner returns the background-job runner of serve: sending mail
// through sender, price alerts and fetches (cfg.baseURL must be set: alert
// mails link to it), and the web layer's jobs (a password-reset request).
// Its worker name is unique to this process, so replicas on one database
// tell their claims apart.
func newRunner(cfg config, st *store.Store, sender mail.Sender, web map[string]jobs.Handler, bundle *locale.Bundle, log *slog.Logger) (*jobs.Runner, error) {
	host, _ := os.Hostname()
	worker := fmt.Sprintf("%s-%d-%s", cmp.Or(host, "masahe"), os.Getpid(), rand.Text()[:8])
	handlers := map[string]jobs.Handler{
		mail.JobKind:  mail.JobHandler(sender),
		alert.JobKind: alert.JobHandler(st, alert.Config{BaseURL: strings.TrimSuffix(cfg.baseURL, "/"), Now: time.Now, Locale: bundle}),
		fetchJobKind:  fetchJobHandler(st, strings.TrimSuffix(cfg.baseURL, "/"), log),
	}
	maps.Copy(handlers, web)
	return jobs.New(st, handlers, jobs.Config{Worker: worker, Log: log, Lease: cfg.jobLease})
}
