// Package media takes in uploaded pictures: it checks that the bytes are a
// JPEG, PNG or WebP image small enough to decode safely, turns JPEGs the way
// their EXIF orientation says, and re-encodes the pixels at a few widths as
// WebP and JPEG, so no metadata of the upload (EXIF, GPS, XMP, ICC, comments)
// survives. It does no I/O: callers hand it the file's bytes and store the
// variants it returns.
package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"strconv"

	xwebp "golang.org/x/image/webp"

	"masahe/internal/errs"
)

// Limits on an upload. MaxBytes is for the caller's body limit too
// (http.MaxBytesReader); the pixel limits are checked from the header
// before any pixel is decoded, so decoding needs at most about
// MaxPixels × 8 bytes (a 16-bit RGBA PNG).
const (
	MaxBytes  = 20 << 20
	MaxPixels = 40_000_000
	MaxSide   = 12_000
)

// Field is the form field named in refusals.
const Field = "photo"

// Format is an image encoding.
type Format string

const (
	JPEG Format = "jpeg"
	PNG  Format = "png"
	WebP Format = "webp"
)

// ContentType is the MIME type of the format.
func (f Format) ContentType() string { return "image/" + string(f) }

// Ext is the file-name extension of the format, with its dot.
func (f Format) Ext() string {
	if f == JPEG {
		return ".jpg"
	}
	return "." + string(f)
}

// Variant is one encoding of the picture at one width.
type Variant struct {
	Width, Height int
	Format        Format
	Bytes         []byte
	// Hash is the first 16 hex digits of the SHA-256 of Bytes, for
	// content-hashed URLs that can be cached for a year.
	Hash string
}

// FileName is a content-hashed name for the variant, such as
// "640-3f2a9c0d1e2b4a5c.webp".
func (v Variant) FileName() string {
	return fmt.Sprintf("%d-%s%s", v.Width, v.Hash, v.Format.Ext())
}

// Image is an accepted picture: its size as displayed (after the EXIF
// orientation) and its variants, narrowest first, WebP before JPEG at each
// width.
type Image struct {
	Source        Format
	Width, Height int
	Variants      []Variant
}

// Reason says why an upload was refused.
type Reason string

const (
	ReasonEmpty       Reason = "empty"
	ReasonFileTooBig  Reason = "file_too_big"
	ReasonNotImage    Reason = "not_image"
	ReasonUnsupported Reason = "unsupported_format"
	ReasonTooLarge    Reason = "too_many_pixels"
	ReasonCorrupt     Reason = "corrupt"
)

// RefusedError is a refused upload. It unwraps to an *errs.Error with code
// errs.Invalid, field Field and a message for the uploader, in English;
// Reason, Kind and Args let a caller write the same in another language.
type RefusedError struct {
	Reason Reason
	// Kind tells apart the messages of one reason: "gif" and "heic" for
	// ReasonUnsupported, "header" for ReasonCorrupt, "stored_…" for
	// Restore's; "" is the reason's own message.
	Kind string
	// Args are the message's numbers and names in its order, written as
	// it writes them: "30000", "20.5", "PNG".
	Args []string
	err  *errs.Error
}

func (e *RefusedError) Error() string { return e.err.Error() }
func (e *RefusedError) Unwrap() error { return e.err }

// refuse is a refusal whose English message is format with args (%s
// only) filled in.
func refuse(r Reason, kind, format string, args ...string) error {
	anys := make([]any, len(args))
	for i, a := range args {
		anys[i] = a
	}
	return &RefusedError{Reason: r, Kind: kind, Args: args,
		err: &errs.Error{Code: errs.Invalid, Field: Field, Message: fmt.Sprintf(format, anys...)}}
}

// Intake checks data and returns its variants at the widths in Widths that
// are not wider than the picture, plus the picture's own width when it is
// narrower than the widest: a picture is never enlarged.
func Intake(data []byte) (Image, error) {
	format, err := sniff(data)
	if err != nil {
		return Image{}, err
	}
	cfg, err := decodeConfig(format, data)
	if err != nil {
		return Image{}, err
	}
	if cfg.Width > MaxSide || cfg.Height > MaxSide || cfg.Width*cfg.Height > MaxPixels {
		return Image{}, refuse(ReasonTooLarge, "", "The picture is %s × %s pixels; the most accepted is %s pixels on a side and %s megapixels in all. Make it smaller and upload it again.",
			strconv.Itoa(cfg.Width), strconv.Itoa(cfg.Height), strconv.Itoa(MaxSide), strconv.Itoa(MaxPixels/1_000_000))
	}
	src, err := decode(format, data)
	if err != nil {
		return Image{}, err
	}
	if src.Bounds().Dx() != cfg.Width || src.Bounds().Dy() != cfg.Height {
		return Image{}, refuse(ReasonCorrupt, "header", "The picture is damaged: its size does not match its header.")
	}
	orient := orientNormal
	if format == JPEG {
		orient = jpegOrientation(data)
	}
	_, lossyWebP := src.(*image.YCbCr)
	_, lossyAlphaWebP := src.(*image.NYCbCrA)
	videoRange := format == WebP && (lossyWebP || lossyAlphaWebP)
	variants, w, h, err := variants(src, orient, videoRange)
	if err != nil {
		return Image{}, err
	}
	return Image{Source: format, Width: w, Height: h, Variants: variants}, nil
}

// sniff tells the format from the first bytes, whatever the file is named.
func sniff(data []byte) (Format, error) {
	switch {
	case len(data) == 0:
		return "", refuse(ReasonEmpty, "", "The file is empty. Choose a JPEG, PNG or WebP photo.")
	case len(data) > MaxBytes:
		return "", refuse(ReasonFileTooBig, "", "The file is %s MB; the most accepted is %s MB.",
			strconv.FormatFloat(float64(len(data))/(1<<20), 'f', 1, 64), strconv.Itoa(MaxBytes>>20))
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return JPEG, nil
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return PNG, nil
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return WebP, nil
	case bytes.HasPrefix(data, []byte("GIF8")):
		return "", refuse(ReasonUnsupported, "gif", "GIF pictures are not accepted. Upload a JPEG, PNG or WebP photo.")
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		return "", refuse(ReasonUnsupported, "heic", "HEIC and AVIF pictures are not accepted. Save the photo as JPEG (on an iPhone: Settings, Camera, Formats, Most Compatible) and upload it again.")
	}
	return "", refuse(ReasonNotImage, "", "The file is not a picture. Upload a JPEG, PNG or WebP photo.")
}

func decodeConfig(f Format, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	var cfg image.Config
	var err error
	switch f {
	case JPEG:
		cfg, err = jpeg.DecodeConfig(r)
	case PNG:
		cfg, err = png.DecodeConfig(r)
	default:
		cfg, err = xwebp.DecodeConfig(r)
	}
	if err != nil || cfg.Width < 1 || cfg.Height < 1 {
		return image.Config{}, corrupt(f)
	}
	return cfg, nil
}

func decode(f Format, data []byte) (image.Image, error) {
	r := bytes.NewReader(data)
	var m image.Image
	var err error
	switch f {
	case JPEG:
		m, err = jpeg.Decode(r)
	case PNG:
		m, err = png.Decode(r)
	default:
		m, err = xwebp.Decode(r)
	}
	if err != nil {
		return nil, corrupt(f)
	}
	return m, nil
}

func corrupt(f Format) error {
	return refuse(ReasonCorrupt, "", "The %s file is damaged or cut short, or uses a kind of %s this site cannot read. Save it again and upload the new file.",
		f.label(), f.label())
}

func (f Format) label() string {
	switch f {
	case JPEG:
		return "JPEG"
	case PNG:
		return "PNG"
	}
	return "WebP"
}

func contentHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}
