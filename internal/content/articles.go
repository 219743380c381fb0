package content

import (
	"strings"
	"time"
	"unicode"
)

// Article statuses.
const (
	ArticleDraft     = "draft"
	ArticlePublished = "published"
)

// ArticleRecord is an article with its publishing state. EditedAt is when
// its title or body last changed after the first save (zero if never);
// UpdatedAt is its last save of any kind.
type ArticleRecord struct {
	Article
	Status    string
	UpdatedAt time.Time
	EditedAt  time.Time
}

// Modified is when the article as readers see it last changed: its
// publication, or a later edit of its text.
func (a ArticleRecord) Modified() time.Time {
	if a.EditedAt.After(a.Published) {
		return a.EditedAt
	}
	return a.Published
}

// Public reports whether the article is visible at now.
func (a ArticleRecord) Public(now time.Time) bool {
	return a.Status == ArticlePublished && !a.Published.After(now)
}

// Revision is one saved version of an article.
type Revision struct {
	SavedAt time.Time
	Editor  string
	Status  string
	Title   string
	Body    string
}

// ArticleFilter selects public articles.
type ArticleFilter struct {
	Category      string
	Page, PerPage int
}

// TagSlug is a tag as it stands in a URL: lower case, each run of
// characters other than letters and digits one hyphen, none at the ends
// ("back pain" → "back-pain").
func TagSlug(tag string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(tag) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			hyphen = false
		} else {
			hyphen = true
		}
	}
	return b.String()
}
