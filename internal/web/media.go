package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"masahe/internal/account"
	"masahe/internal/audit"
	"masahe/internal/errs"
	"masahe/internal/locale"
	"masahe/internal/media"
)

// MediaStore keeps photos: editors' photos of chairs and owners' photos of
// their reviews, with every variant's bytes (docs/MEDIA.md).
type MediaStore interface {
	AddChairPhoto(ctx context.Context, by audit.Actor, chairSlug string, u media.Upload) (int64, error)
	ChairPhotos(ctx context.Context, chairSlug string) ([]media.Photo, error)
	MainPhotos(ctx context.Context, chairSlugs []string) (map[string]media.Photo, error)
	ReviewPhotos(ctx context.Context, reviewIDs []int64) (map[int64][]media.Photo, error)
	EditChairPhoto(ctx context.Context, by audit.Actor, chairSlug string, id int64, alt, credit string) error
	ChangeChairPhoto(ctx context.Context, by audit.Actor, chairSlug string, id int64, action media.PhotoAction) error
	MediaFile(ctx context.Context, width int, hash string, format media.Format) (media.StoredFile, error)
}

// handleMedia serves one variant of a photo from the database, so every
// replica serves every photo. The name holds the bytes' hash: a published
// photo is cached for a year. A photo waiting for moderation is shown only
// to its uploader and to editors, and never kept by a cache.
func (s *Server) handleMedia(w http.ResponseWriter, r *http.Request) {
	width, hash, format, err := media.ParseFileName(r.PathValue("file"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f, err := s.stores.Media.MediaFile(r.Context(), width, hash, format)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h := w.Header()
	if f.Status == media.Published {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		sess, err := s.currentSession(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if sess == nil || (sess.User.ID != f.OwnerID && !sess.User.Role.AtLeast(account.Editor)) {
			s.writeError(w, r, errs.NotFoundf("there is no picture %s", r.PathValue("file")))
			return
		}
		h.Set("Cache-Control", "private, no-store")
	}
	h.Set("Content-Type", f.Format.ContentType())
	writeEncoded(w, r, http.StatusOK, (&encoded{identity: f.Bytes, etag: `"` + f.Hash + `"`}).index())
}

// pictureView is a photo as a <picture>: WebP and JPEG srcsets, the size
// it is drawn at (so the page does not shift while it loads), its words.
type pictureView struct {
	ID            int64
	WebP, JPEG    string // srcset values
	Src           string // the JPEG for browsers without srcset
	Width, Height int
	Alt, Credit   string
	Main          bool
	Pending       bool
	// Sizes is the sizes attribute; Eager loads it at once with high
	// priority (the chair page's main photo), otherwise it loads lazily.
	Sizes string
	Eager bool
}

// Where a picture is shown, as its sizes attribute: the width it takes
// at each breakpoint of site.css.
const (
	sizesCard  = "(min-width: 72rem) 22rem, (min-width: 40rem) 45vw, calc(100vw - 2rem)"
	sizesHero  = "(min-width: 72rem) 38rem, (min-width: 48rem) 55vw, calc(100vw - 2rem)"
	sizesThumb = "(min-width: 40rem) 12rem, 45vw"
)

func newPicture(p media.Photo, sizes string) pictureView {
	v := pictureView{ID: p.ID, Alt: p.Alt, Credit: p.Credit, Main: p.Main, Pending: p.Status != media.Published, Sizes: sizes}
	var webp, jpeg []string
	for _, variant := range p.Variants {
		entry := "/media/" + variant.FileName() + " " + strconv.Itoa(variant.Width) + "w"
		if variant.Format == media.WebP {
			webp = append(webp, entry)
			continue
		}
		jpeg = append(jpeg, entry)
		// The fallback: the widest JPEG up to 960 px; its size gives
		// the picture's proportions.
		if v.Src == "" || variant.Width <= 960 {
			v.Src, v.Width, v.Height = "/media/"+variant.FileName(), variant.Width, variant.Height
		}
	}
	v.WebP, v.JPEG = strings.Join(webp, ", "), strings.Join(jpeg, ", ")
	return v
}

// preloadLink asks for a picture's WebP before the page is laid out. It is
// written here, not in a template, because html/template reads
// imagesrcset as a single URL and would escape its commas and spaces.
func preloadLink(p pictureView) template.HTML {
	esc := template.HTMLEscapeString
	return template.HTML(`<link rel="preload" as="image" type="image/webp" imagesrcset="` + esc(p.WebP) +
		`" imagesizes="` + esc(p.Sizes) + `" fetchpriority="high">`)
}

func newPictures(list []media.Photo, sizes string, publishedOnly bool) []pictureView {
	var out []pictureView
	for _, p := range list {
		if publishedOnly && p.Status != media.Published {
			continue
		}
		out = append(out, newPicture(p, sizes))
	}
	return out
}

// uploadedFile is one file of a multipart form.
type uploadedFile struct {
	Field string
	Data  []byte
}

// parseUploadForm reads a posted form that may carry up to maxFiles
// photos, each at most media.MaxBytes, and checks its text values as
// parseForm does. A form that is not multipart is read as parseForm reads
// it, with no files. Files come sorted by field name.
func parseUploadForm(w http.ResponseWriter, r *http.Request, maxFiles int) ([]uploadedFile, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return nil, parseForm(w, r)
	}
	limit := int64(maxFiles)*media.MaxBytes + maxFormBytes
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, errs.Invalidf(media.Field, "The upload is larger than %d MiB: send at most %d photos of up to %d MiB each.", limit>>20, maxFiles, media.MaxBytes>>20)
		}
		return nil, errs.Invalidf("form", "the form could not be read")
	}
	defer r.MultipartForm.RemoveAll()
	if err := checkValues(r.MultipartForm.Value, true, 0); err != nil {
		return nil, err
	}
	var out []uploadedFile
	n := 0
	for _, list := range r.MultipartForm.File {
		n += len(list)
	}
	if n > maxFiles {
		return nil, errs.Invalidf(media.Field, "You sent %d photos; at most %d can be added here at once.", n, maxFiles)
	}
	for field, list := range r.MultipartForm.File {
		for _, fh := range list {
			if fh.Size > media.MaxBytes {
				return nil, errs.Invalidf(media.Field, "A photo is %.1f MiB; the most accepted is %d MiB.", float64(fh.Size)/(1<<20), media.MaxBytes>>20)
			}
			f, err := fh.Open()
			if err != nil {
				return nil, fmt.Errorf("open upload: %w", err)
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return nil, fmt.Errorf("read upload: %w", err)
			}
			if len(data) > 0 {
				out = append(out, uploadedFile{Field: field, Data: data})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b uploadedFile) int { return strings.Compare(a.Field, b.Field) })
	return out, nil
}

// intake is media.Intake with a refusal written in p's language: the
// message media.refused.<reason>, or media.refused.<reason>.<kind>, filled
// with the refusal's Args (the English is media's own message).
func intake(p *locale.Printer, data []byte) (media.Image, error) {
	img, err := media.Intake(data)
	var re *media.RefusedError
	if !errors.As(err, &re) {
		return img, err
	}
	id := "media.refused." + string(re.Reason)
	if re.Kind != "" {
		id += "." + re.Kind
	}
	args := make([]any, len(re.Args))
	for i, a := range re.Args {
		args[i] = a
	}
	return img, errs.Invalidf(media.Field, "%s", p.T(id, args...))
}
