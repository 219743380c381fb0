package media

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"masahe/internal/errs"
)

// Photo is a stored picture as pages show it: its text, its size as
// displayed and its variants (without their bytes), narrowest first, WebP
// before JPEG at each width.
type Photo struct {
	ID            int64
	Alt           string
	Credit        string
	Main          bool
	Status        Status
	Width, Height int
	Variants      []Variant
}

// Status says whether a photo may be shown to everyone. An editor's photo
// of a chair is published when it is added; an owner's photo follows its
// review: pending until the review is published, and pending again when
// the review is edited.
type Status string

const (
	Pending   Status = "pending"
	Published Status = "published"
)

// PhotoAction is a change an editor makes to one photo of a chair.
type PhotoAction string

const (
	PhotoMain   PhotoAction = "main"
	PhotoUp     PhotoAction = "up"
	PhotoDown   PhotoAction = "down"
	PhotoDelete PhotoAction = "delete"
)

// MaxReviewPhotos is how many photos an owner may attach to a review.
const MaxReviewPhotos = 4

// Text limits, in characters.
const (
	MaxAlt    = 300
	MaxCredit = 300
)

// Upload is a picture accepted by Intake with the words that go with it.
type Upload struct {
	Image  Image
	Alt    string
	Credit string
}

// PhotoEdit is what a review form changes in the review's photos: the ones
// to add and the ids of the ones to remove.
type PhotoEdit struct {
	Add    []Upload
	Remove []int64
}

// CheckText checks a photo's alt text (always required) and credit line
// (required when needCredit: an editor's photo must say whose it is and
// under what licence). field names the form fields.
func CheckText(alt, credit string, needCredit bool, altField, creditField string) error {
	switch {
	case strings.TrimSpace(alt) == "":
		return errs.Invalidf(altField, "Describe the photo in a few words for people who cannot see it (alt text).")
	case utf8.RuneCountInString(alt) > MaxAlt:
		return errs.Invalidf(altField, "The alt text is longer than %d characters.", MaxAlt)
	case needCredit && strings.TrimSpace(credit) == "":
		return errs.Invalidf(creditField, "Say who took the photo and under what licence it is used, e.g. “Photo: OSIM Philippines, used with permission”.")
	case utf8.RuneCountInString(credit) > MaxCredit:
		return errs.Invalidf(creditField, "The credit line is longer than %d characters.", MaxCredit)
	}
	return nil
}

// ParseFileName reads a variant's file name as FileName writes it
// ("640-3f2a9c0d1e2b4a5c.webp").
func ParseFileName(name string) (width int, hash string, f Format, err error) {
	base, ext, ok := strings.Cut(name, ".")
	w, h, ok2 := strings.Cut(base, "-")
	switch ext {
	case "webp":
		f = WebP
	case "jpg":
		f = JPEG
	default:
		ok = false
	}
	width, werr := strconv.Atoi(w)
	if !ok || !ok2 || werr != nil || width <= 0 || len(h) != 16 || strings.Trim(h, "0123456789abcdef") != "" {
		return 0, "", "", errs.NotFoundf("there is no picture %s", name)
	}
	return width, h, f, nil
}

// StoredFile is one variant's bytes as the store keeps them, with what
// decides who may see it.
type StoredFile struct {
	Variant
	Status Status
	// OwnerID is the user who uploaded it (0 when that account is gone).
	OwnerID int64
}
