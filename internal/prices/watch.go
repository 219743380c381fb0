package prices

import "time"

// Watch is a member watching a chair's price: Target is the price at or
// under which they want to hear, or 0 for any drop of the lowest price.
type Watch struct {
	ID        int64
	UserID    int64
	ChairSlug string
	ChairName string
	Target    Centavos
	CreatedAt time.Time
}

// Fires reports whether a change of the chair's lowest buyable price from
// before to after (either nil when there was none) crosses w: for a target,
// the price went from above it (or none) to at or under it; for any drop,
// the price went down from a price there was. Staying under a target, or a
// first price at all, is no news for "any drop".
func (w Watch) Fires(before, after *Offer) bool {
	if after == nil {
		return false
	}
	if w.Target > 0 {
		return after.Price <= w.Target && (before == nil || before.Price > w.Target)
	}
	return before != nil && after.Price < before.Price
}

// Alert is one fired watch, as the mail tells it: the chair, the lowest
// price before (0 when there was none) and the new one with its retailer,
// product page and time.
type Alert struct {
	ChairSlug    string
	ChairName    string
	Target       Centavos
	Old          Centavos
	New          Observation
	RetailerName string
	// Lang is the language (a locale code) of the page the watch was set
	// on: the alert mail's.
	Lang string
}

// Sighting statuses: a member's report waits for an editor.
const (
	Pending  = "pending"
	Approved = "approved"
	Rejected = "rejected"
)

// Sighting is a price a member reported seeing. Retailer is a listed
// retailer's slug, or empty with Place saying where ("mall showroom").
type Sighting struct {
	ID          int64
	Observation Observation
	ChairName   string
	Place       string
	// RetailerName is the listed retailer's name, when there is one.
	RetailerName string
	Status       string
	Reason       string
	SubmittedBy  string
}

// Where is the retailer's name or the place the member gave.
func (s Sighting) Where() string {
	if s.RetailerName != "" {
		return s.RetailerName
	}
	return s.Place
}

// TrackedURL is a product page an editor asked the fetcher to read for a
// chair at a retailer, with how its last fetch went.
type TrackedURL struct {
	ID                         int64
	ChairSlug, ChairName       string
	RetailerSlug, RetailerName string
	URL                        string
	CreatedAt                  time.Time
	// LastFetchedAt is zero before the first fetch; LastStatus is "ok" or
	// "failed", FailureReason the fetch or extraction failure.
	LastFetchedAt time.Time
	LastStatus    string
	FailureReason string
	Failing       bool
}

// Problems returns what is wrong with t as an editor entered it.
func (t TrackedURL) Problems() []Problem {
	var ps []Problem
	if !validSlug(t.ChairSlug) {
		ps = append(ps, Problem{Field: "chair", Message: "choose a chair"})
	}
	if !validSlug(t.RetailerSlug) {
		ps = append(ps, Problem{Field: "retailer", Message: "choose a retailer"})
	}
	if msg := checkURL(t.URL); msg != "" {
		ps = append(ps, Problem{Field: "url", Message: msg})
	}
	return ps
}
