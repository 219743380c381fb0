// Command screenshots takes full-page screenshots of Masahe's key pages at
// 390 px (a phone) and 1366 px (a laptop) wide, so anyone can look at the
// design (docs/SCREENSHOTS.md).
//
//	go run ./scripts/screenshots -out shots/
//
// It builds ./cmd/masahe, serves a fresh SQLite database with the starter
// data on a free loopback port, gives the first chair a demo photo (a
// picture this program draws: no photo anyone else owns), and drives
// headless Chromium through chromedp. For each page it prints how wide the
// page is at 390 px (wider than 390 means it scrolls sideways) and its
// HTML+CSS after gzip. Each page gets a full-page PNG and one of its first
// screenful (-top.png).
//
//	go run ./scripts/screenshots -add-photo FILE.db -chair SLUG
//
// only adds the demo photo to a chair of an existing database and exits:
// scripts/lighthouse.mjs uses it, so its chair page is measured with a photo.
package main

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"masahe/internal/audit"
	"masahe/internal/media"
	"masahe/internal/media/mediatest"
	"masahe/internal/store"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run() error {
	out := flag.String("out", "shots", "folder for the PNG files")
	chromium := flag.String("chromium", "/usr/bin/chromium", "Chromium binary")
	addPhoto := flag.String("add-photo", "", "only add the demo photo to -chair in this SQLite file, then exit")
	chair := flag.String("chair", "", "the chair for -add-photo")
	flag.Parse()
	if *addPhoto != "" {
		return addDemoPhoto(*addPhoto, *chair)
	}
	work, err := os.MkdirTemp("", "masahe-shots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "masahe")
	if b, err := exec.Command("go", "build", "-o", bin, "./cmd/masahe").CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/masahe: %v\n%s", err, b)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()
	db := filepath.Join(work, "shots.db")
	srv := exec.Command(bin, "serve", "--addr", addr, "--database", db)
	srv.Dir = work
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() {
		srv.Process.Signal(os.Interrupt)
		srv.Wait()
	}()
	base := "http://" + addr
	if err := waitHealthy(base); err != nil {
		return err
	}
	slugs, err := chairSlugs(base)
	if err != nil {
		return err
	}
	if err := addDemoPhoto(db, slugs[0]); err != nil {
		return err
	}
	// The page cache checks the catalog version once a second.
	time.Sleep(1500 * time.Millisecond)
	pages := []struct{ name, path string }{
		{"home", "/"},
		{"catalog", "/chairs"},
		{"chair-photo", "/chairs/" + slugs[0]},
		{"chair-drawing", "/chairs/" + slugs[1]},
		{"compare", "/compare?chairs=" + strings.Join(slugs, ",")},
		{"finder", "/finder"},
		{"finder-results", "/finder?height_cm=175&weight_kg=70&room_width_cm=120&room_depth_cm=250&door_width_cm=80&budget_php=300000&goal=lower_back"},
		{"reviews", "/reviews"},
		{"review", "/reviews/amamedics-hilux-4d"},
		{"articles", "/articles"},
		{"article", "/articles/how-long-and-how-often"},
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(*chromium), chromedp.NoSandbox, chromedp.Flag("disable-dev-shm-usage", true))...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	fmt.Printf("%-15s %10s %12s %s\n", "page", "width@390", "HTML+CSS gz", "file")
	for _, width := range []int64{390, 1366} {
		for _, p := range pages {
			opts := []chromedp.EmulateViewportOption{chromedp.EmulatePortrait}
			if width < 600 {
				opts = append(opts, chromedp.EmulateMobile)
			}
			err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900, opts...), chromedp.Navigate(base+p.path))
			if err != nil {
				return fmt.Errorf("%s at %d px: %w", p.path, width, err)
			}
			scrollW, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`Promise.all(Array.from(document.images).map(i => { i.loading = "eager"; return i.decode().catch(() => {}) })).then(() => document.documentElement.scrollWidth)`, chromedp.EvalAwaitPromise))
			if err != nil {
				return fmt.Errorf("%s at %d px: %w", p.path, width, err)
			}
			shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				return fmt.Errorf("%s at %d px: %w", p.path, width, err)
			}
			top, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				return fmt.Errorf("%s at %d px: %w", p.path, width, err)
			}
			file := filepath.Join(*out, fmt.Sprintf("%d-%s.png", width, p.name))
			if err := os.WriteFile(file, shot, 0o644); err != nil {
				return err
			}
			// The first screenful alone, as a visitor first sees it.
			if err := os.WriteFile(strings.TrimSuffix(file, ".png")+"-top.png", top, 0o644); err != nil {
				return err
			}
			weight := ""
			if width == 390 {
				kb, err := pageWeight(base, p.path)
				if err != nil {
					return err
				}
				weight = fmt.Sprintf("%.1f KB", kb)
			} else {
				scrollW = 0
			}
			fmt.Printf("%-15s %10s %12s %s\n", p.name, widthText(scrollW), weight, file)
		}
	}
	return nil
}

func widthText(w int64) string {
	if w == 0 {
		return ""
	}
	if w > 390 {
		return fmt.Sprintf("%d WIDE", w)
	}
	return fmt.Sprint(w)
}

func waitHealthy(base string) error {
	for range 300 {
		if r, err := http.Get(base + "/healthz"); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return errors.New("the server did not answer /healthz in 60 s")
}

func chairSlugs(base string) ([]string, error) {
	r, err := http.Get(base + "/api/v1/chairs?per_page=3")
	if err != nil {
		return nil, err
	}
	defer r.Body.Close()
	var body struct {
		Items []struct{ Slug string } `json:"items"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		return nil, err
	}
	if len(body.Items) < 3 {
		return nil, fmt.Errorf("the API lists %d chairs, need 3", len(body.Items))
	}
	return []string{body.Items[0].Slug, body.Items[1].Slug, body.Items[2].Slug}, nil
}

var stylesheet = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)">|<script[^>]+src="([^"]+)"`)

// pageWeight is the page's HTML, stylesheets and scripts as sent with gzip,
// in KB.
func pageWeight(base, path string) (float64, error) {
	html, n, err := fetchGzip(base + path)
	if err != nil {
		return 0, err
	}
	for _, m := range stylesheet.FindAllStringSubmatch(html, -1) {
		_, k, err := fetchGzip(base + m[1] + m[2])
		if err != nil {
			return 0, err
		}
		n += k
	}
	return float64(n) / 1000, nil
}

func fetchGzip(url string) (string, int, error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	r, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return "", 0, err
	}
	defer r.Body.Close()
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return "", 0, err
	}
	if r.Header.Get("Content-Encoding") != "gzip" {
		return string(raw), len(raw), nil
	}
	zr, err := gzip.NewReader(strings.NewReader(string(raw)))
	if err != nil {
		return "", 0, err
	}
	body, err := io.ReadAll(zr)
	return string(body), len(raw), err
}

// addDemoPhoto gives a chair the demo photo: a 1600 × 1200 picture drawn
// by mediatest, with GPS metadata that intake strips.
func addDemoPhoto(db, chair string) error {
	if chair == "" {
		return errors.New("-add-photo needs -chair")
	}
	st, err := store.Open(context.Background(), db, time.Now)
	if err != nil {
		return err
	}
	defer st.Close()
	img, err := media.Intake(mediatest.CameraJPEG(1600, 1200, 42))
	if err != nil {
		return err
	}
	_, err = st.AddChairPhoto(context.Background(), audit.Actor{Email: "screenshots@masahe.invalid"}, chair, media.Upload{Image: img,
		Alt:    "Demo picture: a brown block on a floor before a pale wall, drawn by a program to stand in for a chair photo",
		Credit: "Demo picture generated by Masahe's test tools; not a photo of this chair"})
	return err
}
