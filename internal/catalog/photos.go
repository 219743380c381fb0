package catalog

import "fmt"

// Photo is a chair photo in an exported catalog (masahe export): its words,
// whether it is the chair's main photo, its size, and every stored file,
// bytes included (base64 in JSON), so that export then import gives the
// same pictures at the same addresses. The chair's photos are listed in
// their order. The bytes are checked by the store on import
// (media.Restore); Validate checks the rest. docs/MEDIA.md.
type Photo struct {
	Chair  string      `json:"chair"`
	Alt    string      `json:"alt"`
	Credit string      `json:"credit"`
	Main   bool        `json:"main,omitempty"`
	Width  int         `json:"width"`
	Height int         `json:"height"`
	Files  []PhotoFile `json:"files"`
}

// PhotoFile is one stored encoding of a photo.
type PhotoFile struct {
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Format string `json:"format"`
	Data   []byte `json:"data"`
}

// photoFormats are the encodings the site stores (media.Intake writes them).
var photoFormats = []Option{{"webp", "WebP"}, {"jpeg", "JPEG"}}

func (v *validator) validatePhotos(chairs map[string]int) {
	mains := map[string]bool{}
	for i, ph := range v.doc.Photos {
		p := v.at("photos", i, "photo", ph.Chair)
		p.ref("chair", ph.Chair, chairs, true)
		p.required("alt", ph.Alt)
		p.required("credit", ph.Credit)
		if ph.Main {
			if mains[ph.Chair] {
				p.add("main", "another photo of this chair is already its main photo")
			}
			mains[ph.Chair] = true
		}
		if ph.Width < 1 || ph.Height < 1 {
			p.add("width", "width and height must be whole numbers of pixels from 1")
		}
		if len(ph.Files) == 0 {
			p.add("files", "a photo needs at least one file")
		}
		for j, f := range ph.Files {
			field := fmt.Sprintf("files[%d]", j)
			p.option(field+".format", f.Format, photoFormats, true)
			if f.Width < 1 || f.Height < 1 {
				p.add(field+".width", "width and height must be whole numbers of pixels from 1")
			}
			if len(f.Data) == 0 {
				p.add(field+".data", "is required: the file's bytes in base64")
			}
		}
	}
}
