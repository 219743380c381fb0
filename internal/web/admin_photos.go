package web

import (
	"net/http"
	"net/url"
	"strconv"

	"masahe/internal/account"
	"masahe/internal/catalog"
	"masahe/internal/errs"
	"masahe/internal/media"
)

// The photos of a chair in the admin: editors add them (alt text and a
// credit line required), describe them, choose the main one, order and
// delete them.

type adminPhotosPage struct {
	Layout
	Chair  catalog.Chair
	Photos []pictureView
	Notice string
	Error  *errs.Error
	// Values refill the upload form after a refusal.
	Alt, Credit string
	MaxMiB      int
}

var photoNotice = map[string]string{
	"added":  "Photo added. It shows on the chair's page now.",
	"saved":  "Saved.",
	"main":   "That photo is now the main one: catalog cards and the top of the chair's page show it.",
	"up":     "Moved.",
	"down":   "Moved.",
	"delete": "Photo deleted.",
}

func (s *Server) adminPhotos(w http.ResponseWriter, r *http.Request, status int, page adminPhotosPage) {
	c, err := s.stores.Catalog.Chair(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	list, err := s.stores.Media.ChairPhotos(r.Context(), c.Slug)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page.Layout = s.layout(r, "Photos of the "+c.FullName(), "")
	page.Chair, page.Photos, page.MaxMiB = c, newPictures(list, sizesThumb, false), media.MaxBytes>>20
	s.renderAdmin(w, r, status, "admin_photos.html", page)
}

func (s *Server) handleAdminPhotos(w http.ResponseWriter, r *http.Request) {
	if _, err := s.requireRole(r, account.Editor); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.adminPhotos(w, r, http.StatusOK, adminPhotosPage{Notice: photoNotice[r.URL.Query().Get("done")]})
}

func photosURL(slug, done string) string {
	return "/admin/chairs/" + url.PathEscape(slug) + "/photos?done=" + done
}

// handleAdminPhotoAdd takes one photo with its alt text and credit line.
func (s *Server) handleAdminPhotoAdd(w http.ResponseWriter, r *http.Request) {
	sess, err := s.requireRole(r, account.Editor)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	files, err := parseUploadForm(w, r, 1)
	alt, credit := r.PostForm.Get("alt"), r.PostForm.Get("credit")
	if err == nil {
		err = media.CheckText(alt, credit, true, "alt", "credit")
	}
	if err == nil && len(files) == 0 {
		err = errs.Invalidf(media.Field, "Choose a photo to upload (JPEG, PNG or WebP).")
	}
	var img media.Image
	if err == nil {
		img, err = intake(s.printer(r), files[0].Data)
	}
	if err == nil {
		_, err = s.stores.Media.AddChairPhoto(r.Context(), actorOf(sess), r.PathValue("slug"), media.Upload{Image: img, Alt: alt, Credit: credit})
	}
	if err != nil {
		if code := errs.CodeOf(err); code == errs.Internal || code == errs.NotFound {
			s.writeError(w, r, err)
			return
		}
		e := errs.As(err)
		s.adminPhotos(w, r, s.statusFor(r, e.Code), adminPhotosPage{Error: e, Alt: alt, Credit: credit})
		return
	}
	http.Redirect(w, r, photosURL(r.PathValue("slug"), "added"), http.StatusSeeOther)
}

func photoID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, errs.NotFoundf("there is no photo %s", r.PathValue("id"))
	}
	return id, nil
}

// handleAdminPhotoEdit changes a photo's alt text and credit line.
func (s *Server) handleAdminPhotoEdit(w http.ResponseWriter, r *http.Request) {
	sess := s.postedForm(w, r, account.Editor)
	if sess == nil {
		return
	}
	id, err := photoID(r)
	if err == nil {
		err = s.stores.Media.EditChairPhoto(r.Context(), actorOf(sess), r.PathValue("slug"), id, r.PostForm.Get("alt"), r.PostForm.Get("credit"))
	}
	if err != nil {
		if errs.CodeOf(err) != errs.Invalid {
			s.writeError(w, r, err)
			return
		}
		s.adminPhotos(w, r, http.StatusBadRequest, adminPhotosPage{Error: errs.As(err)})
		return
	}
	http.Redirect(w, r, photosURL(r.PathValue("slug"), "saved"), http.StatusSeeOther)
}

// handleAdminPhotoAction makes a photo the main one, moves it or deletes it.
func (s *Server) handleAdminPhotoAction(w http.ResponseWriter, r *http.Request) {
	sess := s.postedForm(w, r, account.Editor)
	if sess == nil {
		return
	}
	action := media.PhotoAction(r.PathValue("action"))
	id, err := photoID(r)
	if err == nil {
		err = s.stores.Media.ChangeChairPhoto(r.Context(), actorOf(sess), r.PathValue("slug"), id, action)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, photosURL(r.PathValue("slug"), string(action)), http.StatusSeeOther)
}
