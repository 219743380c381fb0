package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"masahe/internal/jobs"
	"masahe/internal/prices"
	"masahe/internal/prices/feed"
	"masahe/internal/prices/fetch"
	"masahe/internal/store"
)

// The prices commands (docs/DATA.md, docs/PRICES.md):
//
//	masahe prices import FILE [--format F] [--retailer R] [--map MAPFILE] [--observed-at T]
//	masahe prices fetch [--fetch-interval 10s]
//
// and the schedule of serve (--price-refresh): a job per refresh period,
// enqueued by every replica under one dedup key, so it runs once.

// priceFlags are the flags of the prices commands.
type priceFlags struct {
	format, retailer, mapFile, observedAt, baseURL string
	interval                                       time.Duration
}

func definePriceFlags(fs *flag.FlagSet, cmd string, f *priceFlags, env func(name, def string) string) {
	switch cmd {
	case "prices import":
		fs.StringVar(&f.format, "format", "", "csv, json, merchant-tsv or merchant-xml (default: from the file name)")
		fs.StringVar(&f.retailer, "retailer", "", "the retailer slug of a Merchant Center feed")
		fs.StringVar(&f.mapFile, "map", "", "a Merchant Center feed's item-to-chair map: CSV of key,chair (key: the item's id, link, gtin or mpn)")
		fs.StringVar(&f.observedAt, "observed-at", "", "when a Merchant Center feed was fetched, RFC 3339 (default: now)")
	case "prices fetch":
		fs.DurationVar(&f.interval, "fetch-interval", fetch.DefaultInterval, "the least time between two requests to one host")
		fs.StringVar(&f.baseURL, "base-url", env("MASAHE_BASE_URL", "http://localhost:8080"), "public URL of the site, named in the fetcher's User-Agent (MASAHE_BASE_URL)")
	}
}

// importPrices reads a price file and records it all or nothing.
func importPrices(ctx context.Context, st *store.Store, f priceFlags, files []string, now func() time.Time, stdout, stderr io.Writer) error {
	if len(files) != 1 {
		return errors.New("prices import needs one file")
	}
	name := files[0]
	format := feed.Format(f.format)
	if format == "" {
		var err error
		if format, err = feed.FormatOf(name); err != nil {
			return err
		}
	}
	opt := feed.Options{Now: now(), Retailer: f.retailer, ObservedAt: now()}
	if format == feed.MerchantTSV || format == feed.MerchantXML {
		if f.retailer == "" || f.mapFile == "" {
			return errors.New("a Merchant Center feed needs --retailer (whose feed it is) and --map (which item is which chair)")
		}
		m, err := readChairMap(f.mapFile)
		if err != nil {
			return err
		}
		opt.Chairs = m
		if f.observedAt != "" {
			t, err := time.Parse(time.RFC3339, f.observedAt)
			if err != nil {
				return fmt.Errorf("--observed-at: %q is not an RFC 3339 time such as 2026-11-28T10:00:00+08:00", f.observedAt)
			}
			opt.ObservedAt = t
		}
	}
	chairs, retailers, err := st.PriceKeys(ctx)
	if err != nil {
		return err
	}
	opt.Check = func(o prices.Observation) []prices.Problem {
		var ps []prices.Problem
		if !chairs[o.ChairSlug] {
			ps = append(ps, prices.Problem{Field: "chair", Message: fmt.Sprintf("no chair %q in the catalog", o.ChairSlug)})
		}
		if !retailers[o.RetailerSlug] {
			ps = append(ps, prices.Problem{Field: "retailer", Message: fmt.Sprintf("no retailer %q: add it first", o.RetailerSlug)})
		}
		return ps
	}
	opt.Progress = func(s feed.Stats) {
		if s.Rows > 0 && s.Rows%(10*feed.ProgressEvery) == 0 {
			fmt.Fprintf(stderr, "read %d rows (%d bytes)\n", s.Rows, s.Bytes)
		}
	}
	file, err := os.Open(name)
	if err != nil {
		return err
	}
	defer file.Close()
	var obs []prices.Observation
	stats, err := feed.Read(file, format, opt, func(o prices.Observation) error {
		obs = append(obs, o)
		return nil
	})
	var verr *prices.ValidationError
	if errors.As(err, &verr) {
		fmt.Fprintf(stderr, "%s: %v\n", name, verr)
		return fmt.Errorf("import refused: %d problems in %s; nothing was written", len(verr.Problems)+verr.More, name)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	res, err := st.RecordObservations(ctx, obs, func(done, total int) {
		if total >= 10_000 && done%(10*500) == 0 {
			fmt.Fprintf(stderr, "recorded %d of %d observations\n", done, total)
		}
	})
	if err != nil {
		return fmt.Errorf("import failed, nothing was written: %w", err)
	}
	fmt.Fprintf(stdout, "%d observations: %d recorded, %d already recorded; %d items skipped (no chair mapped); %d alerts\n",
		len(obs), res.Recorded, res.Unchanged, stats.Skipped, res.Alerts)
	return nil
}

// readChairMap reads a CSV of key,chair rows (a header row "key,chair"
// is allowed).
func readChairMap(name string) (map[string]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 2
	m := map[string]string{}
	for line := 1; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return m, nil
		}
		if err != nil {
			return nil, fmt.Errorf("--map %s: %w", name, err)
		}
		if line == 1 && rec[0] == "key" && rec[1] == "chair" {
			continue
		}
		m[strings.TrimSpace(rec[0])] = strings.TrimSpace(rec[1])
	}
}

// fetchResult counts a fetch run.
type fetchResult struct {
	Pages, Recorded, Failed, Alerts int
}

// fetchPrices fetches every tracked URL and records what it finds: an
// observation only when one PHP price was extracted, otherwise the
// failure, which the editors see.
func fetchPrices(ctx context.Context, st *store.Store, f *fetch.Fetcher, now func() time.Time, log *slog.Logger) (fetchResult, error) {
	var res fetchResult
	tracked, err := st.TrackedURLs(ctx, false)
	if err != nil {
		return res, err
	}
	for _, t := range tracked {
		res.Pages++
		obs, failure := fetchOne(ctx, f, t, now)
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		got, err := st.RecordFetch(ctx, t.ID, obs, failure)
		if err != nil {
			return res, fmt.Errorf("%s: %w", t.URL, err)
		}
		if obs == nil {
			res.Failed++
			log.Warn("price fetch failed", "url", t.URL, "reason", failure)
			continue
		}
		res.Recorded += got.Recorded
		res.Alerts += got.Alerts
	}
	return res, nil
}

func fetchOne(ctx context.Context, f *fetch.Fetcher, t prices.TrackedURL, now func() time.Time) (*prices.Observation, string) {
	page, err := f.Get(ctx, t.URL)
	if err != nil {
		var ferr *fetch.Error
		if errors.As(err, &ferr) {
			return nil, string(ferr.Reason) + ": " + err.Error()
		}
		return nil, err.Error()
	}
	ext, err := fetch.Extract(page.Body, page.URL)
	if err != nil {
		var eerr *fetch.ExtractionError
		if errors.As(err, &eerr) {
			return nil, string(eerr.Reason) + ": " + eerr.Detail
		}
		return nil, err.Error()
	}
	o := ext.Observation(t.ChairSlug, t.RetailerSlug, t.URL, now())
	return &o, ""
}

// runFetch is the prices fetch command.
func runFetch(ctx context.Context, st *store.Store, f priceFlags, log *slog.Logger, stdout io.Writer) error {
	fetcher := fetch.New(fetch.Config{BaseURL: strings.TrimSuffix(f.baseURL, "/"), Interval: f.interval})
	res, err := fetchPrices(ctx, st, fetcher, time.Now, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d pages: %d observations recorded, %d failed; %d alerts\n", res.Pages, res.Recorded, res.Failed, res.Alerts)
	return nil
}

// fetchJobKind is the scheduled fetch of every tracked URL.
const fetchJobKind = "prices.fetch"

// fetchJobHandler runs a scheduled fetch.
func fetchJobHandler(st *store.Store, baseURL string, log *slog.Logger) jobs.Handler {
	return func(ctx context.Context, _ []byte) error {
		fetcher := fetch.New(fetch.Config{BaseURL: baseURL})
		res, err := fetchPrices(ctx, st, fetcher, time.Now, log)
		log.Info("scheduled price fetch", "pages", res.Pages, "recorded", res.Recorded, "failed", res.Failed, "alerts", res.Alerts)
		return err
	}
}

// schedulePriceFetch enqueues the fetch of each refresh period until ctx
// ends. Every replica does so under the period's dedup key, so the fetch
// runs once per period whichever replica's runner takes it.
func schedulePriceFetch(ctx context.Context, st *store.Store, every time.Duration, log *slog.Logger) {
	tick := time.NewTicker(min(every, time.Minute))
	defer tick.Stop()
	for {
		slot := time.Now().Truncate(every)
		payload, _ := json.Marshal(map[string]string{"period": slot.UTC().Format(time.RFC3339)})
		if _, _, err := st.Enqueue(ctx, jobs.Job{Kind: fetchJobKind, Payload: payload,
			DedupKey: "prices-fetch:" + slot.UTC().Format(time.RFC3339)}); err != nil && ctx.Err() == nil {
			log.Warn("schedule the price fetch", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
