package main

// Browser tests of photos and of the layout on a phone: an editor uploads a chair photo and an owner
// a review photo (moderated), Chromium shows them in the right format and size with their GPS gone,
// hostile files are refused without a 500, and at 390 px no key page scrolls sideways while the
// compare table keeps its labels in view. Same rules as browser_test.go: MASAHE_TEST_BROWSER=1.

import (
	"bytes"
	"context"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/image/webp"

	"masahe/internal/media/mediatest"
)

func TestBrowserPhotos(t *testing.T) {
	if os.Getenv("MASAHE_TEST_BROWSER") != "1" {
		t.Skip("MASAHE_TEST_BROWSER not set: browser tests skipped")
	}
	chromium := os.Getenv("MASAHE_CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if fi, err := os.Stat(chromium); err != nil || fi.IsDir() {
		t.Fatalf("MASAHE_TEST_BROWSER=1 but Chromium is missing at %s: %v", chromium, err)
	}
	root := repoRoot(t)
	axeJS := filepath.Join(root, "node_modules", "axe-core", "axe.min.js")
	vnuJar := filepath.Join(root, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	java, err := exec.LookPath("java")
	if err != nil {
		t.Fatalf("MASAHE_TEST_BROWSER=1 but java is not on PATH (needed by vnu.jar): %v", err)
	}
	for _, f := range []string{axeJS, vnuJar} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("MASAHE_TEST_BROWSER=1 but %s is missing: run \"npm ci\" in %s: %v", f, root, err)
		}
	}
	db := filepath.Join(t.TempDir(), "m.db")
	s := &browserSuite{base: startRun(t, db), db: db}
	s.browser = startChromium(t, chromium)
	slugs, err := chairSlugs(s.base, 3)
	if err != nil {
		t.Fatal(err)
	}
	s.slugs = slugs
	t.Run("EditorAndOwnerPhotos", func(t *testing.T) { s.testPhotos(t, axeJS, java, vnuJar) })
	t.Run("Phone390", s.testPhone)
}

// files writes the test's pictures to disk for the file inputs.
func photoFiles(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	photo := mediatest.CameraJPEG(1600, 1200, 11)
	out := map[string]string{}
	for name, data := range map[string][]byte{
		"photo.jpg":     photo,
		"owner.jpg":     mediatest.CameraJPEG(900, 1200, 12),
		"script.jpg":    []byte("<script>alert(1)</script>\n"),
		"bomb.png":      mediatest.PNGHeader(30000, 30000),
		"truncated.jpg": photo[:len(photo)/3],
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out[name] = p
	}
	return out
}

// checkPage runs axe-core and the Nu HTML Checker on the page the tab shows.
func checkPage(t *testing.T, ctx context.Context, axeJS, java, vnuJar string) {
	t.Helper()
	for _, v := range runAxe(t, ctx, axeJS) {
		t.Errorf("%s: axe %s (%s): %s at %s: %s", location(t, ctx), v.ID, v.Impact, v.Help, v.Target, v.HTML)
	}
	for _, e := range vnuErrors(t, java, vnuJar, eval[string](t, ctx, `"<!DOCTYPE html>\n" + document.documentElement.outerHTML`)) {
		t.Errorf("%s: Nu: %s", location(t, ctx), e)
	}
}

func (s *browserSuite) testPhotos(t *testing.T, axeJS, java, vnuJar string) {
	if _, _, err := runCmdIn(t, "editor-pass-2026\n", "user", "create", "--database", s.db, "--email", "editor@example.ph", "--role", "editor"); err != nil {
		t.Fatalf("creating the editor: %v", err)
	}
	files := photoFiles(t)
	ctx := s.tab(t)
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulatePortrait))
	fill := func(sel, value string) { do(t, ctx, chromedp.SetValue(chromedp.CSS(sel), value)) }
	slug := s.slugs[0]

	// The owner writes a review with a photo; it waits for an editor.
	signUpAndLogIn(t, ctx, s.base, "owner@example.ph", "Owner of Davao", "my chair is my friend")
	navigate(t, ctx, s.base+"/chairs/"+slug+"/review")
	do(t, ctx, chromedp.Click(chromedp.CSS(`input[name=overall][value="5"]`)))
	fill(`input[name=months_owned]`, "3")
	fill(`textarea[name=text]`, "The rollers reach my lower back and the calf squeeze is firm but kind.")
	do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS(`input[name=photo1]`), []string{files["owner.jpg"]}))
	fill(`input[name=alt1]`, "The chair by my window, reclined")
	checkPage(t, ctx, axeJS, java, vnuJar)
	clickNavigate(t, ctx, `form.review-form button[type=submit]`)
	navigate(t, ctx, s.base+"/chairs/"+slug)
	if n := count(t, ctx, `.review .thumbs img`); n != 0 {
		t.Errorf("the pending review's photo shows on the chair page (%d)", n)
	}
	navigate(t, ctx, s.base+"/account")
	clickNavigate(t, ctx, `form[action="/logout"] button`)

	// The editor: hostile files are refused with a message, a real photo is stored.
	navigate(t, ctx, s.base+"/login")
	fill(`input[name=email]`, "editor@example.ph")
	fill(`input[name=password]`, "editor-pass-2026")
	clickNavigate(t, ctx, `form.auth button[type=submit]`)
	upload := func(file string) (int, string) {
		navigate(t, ctx, s.base+"/admin/chairs/"+slug+"/photos")
		do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS(`#ph-file`), []string{file}))
		fill(`#ph-alt`, "The chair seen from the front, upright")
		fill(`#ph-credit`, "Photo: Masahe test, CC BY 4.0")
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.upload button[type=submit]`)))
		if err != nil {
			t.Fatalf("uploading %s: %v", file, err)
		}
		return int(resp.Status), eval[string](t, ctx, `(document.querySelector("#form-error") || {}).textContent || ""`)
	}
	for _, name := range []string{"script.jpg", "bomb.png", "truncated.jpg"} {
		if status, msg := upload(files[name]); status != http.StatusBadRequest || msg == "" {
			t.Errorf("uploading %s: status %d, message %q; want 400 with a message", name, status, msg)
		} else {
			t.Logf("%s refused: %s", name, msg)
		}
	}
	if status, msg := upload(files["photo.jpg"]); status != http.StatusOK || msg != "" {
		t.Fatalf("uploading the photo: status %d, %q", status, msg)
	}
	checkPage(t, ctx, axeJS, java, vnuJar)
	navigate(t, ctx, s.base+"/admin/reviews")
	if n := count(t, ctx, `.review .thumbs img`); n != 1 {
		t.Errorf("the moderation queue shows %d photos of the review, want 1", n)
	}
	clickNavigate(t, ctx, `form[action$="/publish"] button`)

	// The chair page: the main photo as WebP at the width a 2x phone needs, its review photo.
	var main map[string]any
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		navigate(t, ctx, s.base+"/chairs/"+slug)
		main = evalAwait[map[string]any](t, ctx, `(async () => { const i = document.querySelector(".hero-media img");
			if (!i || document.querySelectorAll(".review .thumbs img").length == 0) return {};
			await i.decode(); return {src: i.currentSrc, w: i.naturalWidth, h: i.naturalHeight, cw: i.clientWidth,
				lazy: i.loading, prio: i.getAttribute("fetchpriority"), credit: document.querySelector(".hero-media .credit").textContent}; })()`)
		if len(main) > 0 {
			break
		}
	}
	if len(main) == 0 {
		t.Fatalf("/chairs/%s shows no main photo and review photo after publishing", slug)
	}
	// A 358 px box at 2x needs 716 device pixels: the browser picks the 960 px variant. With w
	// descriptors naturalWidth is that width over its density, which puts it back at the box's size.
	src, _ := main["src"].(string)
	if !strings.Contains(src, "/media/960-") || !strings.HasSuffix(src, ".webp") || main["w"].(float64) != main["cw"].(float64) ||
		math.Abs(main["w"].(float64)*3-main["h"].(float64)*4) > 4 {
		t.Errorf("main photo: %v; want the 960 px WebP on a 390 px, 2x phone, at 4:3 and its box's width", main)
	}
	if main["prio"] != "high" || main["lazy"] == "lazy" || !strings.Contains(main["credit"].(string), "CC BY 4.0") {
		t.Errorf("main photo: %v; want fetchpriority high, not lazy, and its credit shown", main)
	}
	resp, err := http.Get(src)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if bytes.Contains(body, mediatest.GPSBytes()) || resp.Header.Get("Content-Type") != "image/webp" || len(body) >= 80_000 {
		t.Errorf("GET %s: %s, %d bytes, GPS kept: %v; want image/webp under 80 KB without GPS", src, resp.Header.Get("Content-Type"), len(body), bytes.Contains(body, mediatest.GPSBytes()))
	}
	if cfg, err := webp.DecodeConfig(bytes.NewReader(body)); err != nil || cfg.Width != 960 || cfg.Height != 720 {
		t.Errorf("GET %s: %d × %d (%v), want 960 × 720", src, cfg.Width, cfg.Height, err)
	}
	if shift := evalAwait[float64](t, ctx, `new Promise(r => { let s = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) s += e.value; })
		.observe({type: "layout-shift", buffered: true}); setTimeout(() => r(s), 500); })`); shift != 0 {
		t.Errorf("/chairs/%s: layout shift %.3f, want 0", slug, shift)
	}
	checkPage(t, ctx, axeJS, java, vnuJar)
	if bad := eval[[]string](t, ctx, `performance.getEntriesByType("resource").filter(e => e.responseStatus >= 400).map(e => e.name)`); len(bad) > 0 {
		t.Errorf("/chairs/%s: resources that failed to load: %q", slug, bad)
	}
	// A browser without WebP gets the JPEG fallback from the same <picture>.
	jpeg := eval[string](t, ctx, `document.querySelector(".hero-media img").getAttribute("src")`)
	if resp, err := http.Get(s.base + jpeg); err != nil || resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("GET %s: %v %v", jpeg, resp.Header.Get("Content-Type"), err)
	}
	// The catalog card shows the photo; the chair with none its drawing.
	navigate(t, ctx, s.base+"/chairs?"+url.Values{"q": {""}}.Encode())
	if n := count(t, ctx, `a[href="/chairs/`+slug+`"]`); n == 0 {
		t.Fatalf("catalog has no link to %s", slug)
	}
	if n := count(t, ctx, `.chair-card .card-media img`); n != 1 {
		t.Errorf("catalog: %d cards with a photo, want 1", n)
	}
	if n := count(t, ctx, `.chair-card .card-media svg.side-profile`); n < 2 {
		t.Errorf("catalog: %d cards with a drawing, want the rest", n)
	}
}

// evalAwait evaluates an expression whose value is a promise.
func evalAwait[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// keyPages are the pages checked at 390 px.
func (s *browserSuite) keyPages() []string {
	return []string{"/", "/chairs", "/chairs/" + s.slugs[0], "/chairs/" + s.slugs[1],
		"/compare?chairs=" + strings.Join(s.slugs, ","), "/finder",
		"/finder?height_cm=175&weight_kg=70&room_width_cm=120&room_depth_cm=250&door_width_cm=80&budget_php=300000&goal=lower_back",
		"/search?q=osim", "/reviews", "/reviews/amamedics-hilux-4d", "/articles", "/articles/how-long-and-how-often",
		"/safety/triage", "/best/lower_back", "/signup"}
}

func (s *browserSuite) testPhone(t *testing.T) {
	ctx := s.tab(t)
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulatePortrait))
	for _, p := range s.keyPages() {
		navigate(t, ctx, s.base+p)
		if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
			wide := eval[string](t, ctx, `Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > 391).slice(0, 3).map(e => e.tagName + "." + e.className).join(", ")`)
			t.Errorf("%s at 390 px: the page is %d px wide (%s)", p, w, wide)
		}
	}
	// Compare: the spec labels stay in view when the table scrolls sideways, and "only differences"
	// is one tap away.
	navigate(t, ctx, s.base+"/compare?chairs="+strings.Join(s.slugs, ","))
	got := eval[map[string]any](t, ctx, `(() => { const r = document.querySelector(".scroll"); r.scrollLeft = r.scrollWidth;
		const th = document.querySelector("#compare tbody th"), b = th.getBoundingClientRect();
		return {scrolled: r.scrollLeft, left: b.left, right: b.right, label: th.textContent}; })()`)
	if got["scrolled"].(float64) <= 0 {
		t.Errorf("compare at 390 px: the table does not scroll sideways (%v), so this check proves nothing", got)
	}
	if got["left"].(float64) < 0 || got["right"].(float64) > 390 {
		t.Errorf("compare at 390 px: after scrolling, the label %q is at %v–%v px, out of view", got["label"], got["left"], got["right"])
	}
	if top := eval[float64](t, ctx, `document.querySelector("#only-diff").getBoundingClientRect().top`); top > 844 {
		t.Errorf("compare at 390 px: only differences is %v px down, below the first screen", top)
	}
	t.Logf("compare label after scrolling: %v", got)
}
