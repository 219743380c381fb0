package web

import (
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"masahe/internal/errs"
)

// staticFiles are the embedded CSS, scripts and images, read once at start
// and kept compressed. Pages link to each by a name that carries a hash of
// its content (site.3f9a….css), served as immutable for a year, so a new
// release never meets an old copy in a browser. The plain name still works,
// with a short lifetime, for anything that links to it directly.
type staticFiles struct {
	files  map[string]*staticFile // by the name under /static/, plain and hashed
	hashed map[string]string      // plain name → hashed name
}

type staticFile struct {
	contentType string
	body        *encoded
	immutable   bool
}

func loadStatic(c *compressor) (*staticFiles, error) {
	sf := &staticFiles{files: map[string]*staticFile{}, hashed: map[string]string{}}
	err := fs.WalkDir(assets, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assets.ReadFile(name)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(name, "static/")
		ct := mime.TypeByExtension(path.Ext(rel))
		body := c.encode(b, ct, accepted{}, true)
		ext := path.Ext(rel)
		hashedName := strings.TrimSuffix(rel, ext) + "." + strings.Trim(body.etag, `"`)[:12] + ext
		sf.files[rel] = &staticFile{contentType: ct, body: body}
		sf.files[hashedName] = &staticFile{contentType: ct, body: body, immutable: true}
		sf.hashed[rel] = hashedName
		return nil
	})
	return sf, err
}

// url is the address of a static file by its plain name, for templates.
func (sf *staticFiles) url(name string) string {
	if h, ok := sf.hashed[name]; ok {
		return "/static/" + h
	}
	return "/static/" + name
}

// serve answers GET /static/{name}: a known file, or the site's 404 page.
// There is no listing of the folder.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request, name string) {
	f, ok := s.static.files[name]
	if !ok {
		s.writeError(w, r, errs.NotFoundf("there is no file at %s", r.URL.Path))
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	if f.immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=3600")
	}
	writeEncoded(w, r, http.StatusOK, f.body)
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	s.serveStatic(w, r, r.PathValue("name"))
}

// handleFavicon serves the site icon, an SVG, at the address browsers ask for.
func (s *Server) handleFavicon(w http.ResponseWriter, r *http.Request) {
	s.serveStatic(w, r, "favicon.svg")
}
