package web

import (
	"bytes"
	"context"
	"image"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/image/webp"

	"masahe/internal/account"
	"masahe/internal/media"
	"masahe/internal/media/mediatest"
)

// sendMultipart posts a multipart form with files (field → bytes) as role.
func (f adminFixture) sendMultipart(t *testing.T, role account.Role, target string, values map[string]string, files map[string][]byte) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range values {
		mw.WriteField(k, v)
	}
	for field, data := range files {
		w, err := mw.CreateFormFile(field, field+".jpg")
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, target, &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	if token := f.tokens[role]; token != "" {
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

var webpSrc = regexp.MustCompile(`<source type="image/webp" srcset="([^"]+)"`)

// mediaURLs returns the WebP variants a page's pictures offer, by width.
func mediaURLs(t *testing.T, page string) []string {
	t.Helper()
	var out []string
	for _, m := range webpSrc.FindAllStringSubmatch(page, -1) {
		for entry := range strings.SplitSeq(m[1], ", ") {
			u, _, _ := strings.Cut(entry, " ")
			out = append(out, u)
		}
	}
	return out
}

func TestChairPhotoUpload(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	slug := f.doc.Chairs[0].Slug
	target := "/admin/chairs/" + slug + "/photos"
	good := map[string]string{"alt": "The chair from the front", "credit": "Photo: Masahe, CC BY 4.0"}
	photo := mediatest.CameraJPEG(1400, 1050, 3)

	if w := f.sendMultipart(t, account.Member, target, good, map[string][]byte{"photo": photo}); w.Code != http.StatusForbidden {
		t.Errorf("a member's upload: status %d, want 403", w.Code)
	}
	hostile := []struct {
		name   string
		values map[string]string
		file   []byte
		want   string
	}{
		{"a script named .jpg", good, []byte("#!/bin/sh\necho pwned\n"), "not a picture"},
		{"a 30,000 × 30,000 PNG header", good, mediatest.PNGHeader(30000, 30000), "30000 × 30000"},
		{"a truncated JPEG", good, photo[:len(photo)/2], "damaged"},
		{"a GIF", good, []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "GIF"},
		{"no alt text", map[string]string{"credit": "Photo: Masahe"}, photo, "alt text"},
		{"no credit", map[string]string{"alt": "Front"}, photo, "licence"},
		{"no file", good, nil, "Choose a photo"},
	}
	for _, h := range hostile {
		files := map[string][]byte{"photo": h.file}
		if h.file == nil {
			files = nil
		}
		w := f.sendMultipart(t, account.Editor, target, h.values, files)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), h.want) {
			t.Errorf("%s: status %d, want 400 saying %q. Body: %.300s", h.name, w.Code, h.want, section(w.Body.String(), `id="form-error"`, "</p>"))
		}
	}
	if list, _ := f.st.ChairPhotos(context.Background(), slug); len(list) != 0 {
		t.Fatalf("refused uploads stored %d photos", len(list))
	}

	w := f.sendMultipart(t, account.Editor, target, good, map[string][]byte{"photo": photo})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("the editor's upload: status %d, want 303. Body %.500s", w.Code, w.Body)
	}
	f.tick()
	page := f.send(t, "", http.MethodGet, "/chairs/"+slug, nil).Body.String()
	urls := mediaURLs(t, page)
	if len(urls) != 4 {
		t.Fatalf("chair page offers WebP variants %q, want 4 (320, 640, 960, 1280)", urls)
	}
	for _, want := range []string{`<link rel="preload" as="image" type="image/webp" imagesrcset="` + strings.Join(webpSrc.FindStringSubmatch(page)[1:2], ""), `fetchpriority="high"`, `alt="The chair from the front"`, "Photo: Masahe, CC BY 4.0", `width="960" height="720"`} {
		if !strings.Contains(page, want) {
			t.Errorf("chair page lacks %s", want)
		}
	}
	if strings.Contains(page, `class="side-profile`) {
		t.Error("a chair with a photo still shows its drawing in place of it")
	}
	if list := f.send(t, "", http.MethodGet, "/chairs?sort=name&per_page=100", nil).Body.String(); len(mediaURLs(t, list)) != 4 {
		t.Error("the catalog card shows no photo")
	}

	// The 640 px WebP: right type, size and cache headers, no GPS.
	u := urls[1]
	w = f.send(t, "", http.MethodGet, u, nil)
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "image/webp" || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Fatalf("GET %s: %d, %q, %q", u, w.Code, w.Header().Get("Content-Type"), w.Header().Get("Cache-Control"))
	}
	cfg, err := webp.DecodeConfig(bytes.NewReader(w.Body.Bytes()))
	if err != nil || cfg.Width != 640 || cfg.Height != 480 {
		t.Errorf("GET %s: %d × %d (%v), want 640 × 480 WebP", u, cfg.Width, cfg.Height, err)
	}
	if bytes.Contains(w.Body.Bytes(), mediatest.GPSBytes()) {
		t.Errorf("GET %s: the GPS position survived", u)
	}
	r := httptest.NewRequest(http.MethodGet, u, nil)
	r.Header.Set("If-None-Match", w.Header().Get("ETag"))
	w304 := httptest.NewRecorder()
	f.h.ServeHTTP(w304, r)
	if w.Header().Get("ETag") == "" || w304.Code != http.StatusNotModified {
		t.Errorf("GET %s again with its ETag %q: %d, want 304", u, w.Header().Get("ETag"), w304.Code)
	}
	jpg := strings.Replace(strings.Replace(u, ".webp", ".jpg", 1), u[strings.LastIndex(u, "-")+1:len(u)-5], "0123456789abcdef", 1)
	if w := f.send(t, "", http.MethodGet, jpg, nil); w.Code != http.StatusNotFound {
		t.Errorf("GET %s (an unknown hash): %d, want 404", jpg, w.Code)
	}
	srcset := regexp.MustCompile(`<img src="([^"]+\.jpg)" srcset="[^"]+"`).FindStringSubmatch(page)
	if srcset == nil {
		t.Fatal("the chair page's <img> has no JPEG fallback")
	}
	w = f.send(t, "", http.MethodGet, srcset[1], nil)
	if cfg, format, err := image.DecodeConfig(bytes.NewReader(w.Body.Bytes())); err != nil || format != "jpeg" || cfg.Width != 960 || w.Header().Get("Content-Type") != "image/jpeg" {
		t.Errorf("GET %s: %s %d px (%v), Content-Type %q; want a 960 px JPEG", srcset[1], format, cfg.Width, err, w.Header().Get("Content-Type"))
	}
}

func TestReviewPhotoModeration(t *testing.T) {
	t.Parallel()
	f := newAdminFixture(t)
	slug := f.doc.Chairs[1].Slug
	form := map[string]string{"overall": "4", "months_owned": "6", "text": "Good for my back after long shifts; quiet enough for a condo.", "alt1": "The chair beside my sofa"}
	photo := mediatest.CameraJPEG(800, 600, 5)
	target := "/chairs/" + slug + "/review"

	five := map[string][]byte{}
	for _, n := range []string{"1", "2", "3", "4", "5"} {
		five["photo"+n] = photo
		form["alt"+n] = "Photo " + n
	}
	if w := f.sendMultipart(t, account.Member, target, form, five); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "at most 4") {
		t.Errorf("five photos: status %d, want 400 saying at most 4", w.Code)
	}
	for _, n := range []string{"2", "3", "4", "5"} {
		delete(form, "alt"+n)
	}
	form["alt1"] = "The chair beside my sofa"
	noAlt := map[string]string{"overall": "4", "months_owned": "6", "text": form["text"]}
	if w := f.sendMultipart(t, account.Member, target, noAlt, map[string][]byte{"photo1": photo}); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "alt text") {
		t.Errorf("a photo without alt text: status %d, want 400", w.Code)
	}
	if w := f.sendMultipart(t, account.Member, target, form, map[string][]byte{"photo1": mediatest.PNGHeader(30000, 30000)}); w.Code != http.StatusBadRequest {
		t.Errorf("a PNG bomb on a review: status %d, want 400", w.Code)
	}
	if _, err := f.st.UserReview(context.Background(), slug, f.users[account.Member].ID); err == nil {
		t.Fatal("a refused review form saved the review")
	}

	w := f.sendMultipart(t, account.Member, target, form, map[string][]byte{"photo1": photo})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("review with a photo: status %d. Body %.500s", w.Code, w.Body)
	}
	formPage := f.send(t, account.Member, http.MethodGet, target, nil).Body.String()
	urls := mediaURLs(t, formPage)
	if len(urls) == 0 || !strings.Contains(formPage, `name="remove_photo"`) {
		t.Fatalf("the owner's form does not show the pending photo")
	}
	u := urls[0]
	for _, c := range []struct {
		role account.Role
		want int
	}{{"", 404}, {account.Editor, 200}, {account.Member, 200}} {
		w := f.send(t, c.role, http.MethodGet, u, nil)
		if w.Code != c.want || (c.want == 200 && w.Header().Get("Cache-Control") != "private, no-store") {
			t.Errorf("pending photo for %q: %d, Cache-Control %q; want %d and private, no-store", c.role, w.Code, w.Header().Get("Cache-Control"), c.want)
		}
	}
	if !strings.Contains(f.send(t, account.Editor, http.MethodGet, "/admin/reviews", nil).Body.String(), u) {
		t.Error("the moderation queue does not show the review's photo")
	}

	r, err := f.st.UserReview(context.Background(), slug, f.users[account.Member].ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.Moderate(context.Background(), r.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	f.tick()
	page := f.send(t, "", http.MethodGet, "/chairs/"+slug, nil).Body.String()
	if !strings.Contains(page, u) || !strings.Contains(page, `alt="The chair beside my sofa"`) {
		t.Errorf("the published review's photo %s is not on the chair page: %s", u, section(page, `id="reviews"`, `Own this chair`))
	}
	if w := f.send(t, "", http.MethodGet, u, nil); w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("published photo: %d, %q", w.Code, w.Header().Get("Cache-Control"))
	}
	// Editing the review takes the photo back to pending.
	form["overall"] = "5"
	delete(form, "alt1")
	if w := f.sendMultipart(t, account.Member, target, form, nil); w.Code != http.StatusSeeOther {
		t.Fatalf("edit: %d", w.Code)
	}
	if w := f.send(t, "", http.MethodGet, u, nil); w.Code != http.StatusNotFound {
		t.Errorf("the photo of an edited, unpublished review: %d for a visitor, want 404", w.Code)
	}
	photos, _ := f.st.ReviewPhotos(context.Background(), []int64{r.ID})
	if len(photos[r.ID]) != 1 || photos[r.ID][0].Status != media.Pending {
		t.Errorf("after the edit: %+v, want one pending photo", photos[r.ID])
	}
}
