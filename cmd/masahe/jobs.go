package main

import (
	"cmp"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"masahe/internal/jobs"
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

// newRunner returns the background-job runner of serve with every job kind
// the program handles (cfg.baseURL must be set: alert mails link to it). Its worker name is unique to this process, so
// replicas on one database tell their claims apart.
func newRunner(cfg config, st *store.Store, log *slog.Logger) (*jobs.Runner, error) {
	sender, err := mailSender(cfg)
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	worker := fmt.Sprintf("%s-%d-%s", cmp.Or(host, "masahe"), os.Getpid(), rand.Text()[:8])
	return jobs.New(st, map[string]jobs.Handler{
		mail.JobKind:  mail.JobHandler(sender),
		alert.JobKind: alert.JobHandler(st, alert.Config{BaseURL: strings.TrimSuffix(cfg.baseURL, "/"), Now: time.Now}),
		fetchJobKind:  fetchJobHandler(st, strings.TrimSuffix(cfg.baseURL, "/"), log),
	}, jobs.Config{Worker: worker, Log: log, Lease: cfg.jobLease})
}
