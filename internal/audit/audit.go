// Package audit describes who changed a catalog record or a user, and the
// log of those changes. The store writes the log inside the change's own
// transaction; the admin pages read it.
package audit

import "time"

// Actor is the signed-in user a change is recorded under.
type Actor struct {
	UserID int64
	Email  string
}

// Actions in the log.
const (
	Create  = "create"
	Update  = "update"
	Retire  = "retire"
	Restore = "restore"
	SetRole = "set_role"
	Disable = "disable"
	Enable  = "enable"
	// Approve and Reject: an editor's decision on a member's price sighting.
	Approve = "approve"
	Reject  = "reject"
)

// Entry is one change in the log. Before and After are the record's JSON,
// "" when it did not exist.
type Entry struct {
	ID int64
	// UserID is 0 when the user has since been deleted; Actor keeps
	// their email as it was.
	UserID int64
	Actor  string
	At     time.Time
	Action string
	// Entity is brand, chair, retailer, source, place, submission, user,
	// observation (a price an editor entered), tracked_url or sighting; Key
	// its slug, id, "chair/retailer" for an observation, the number for a
	// submission, user, tracked URL or sighting.
	Entity string
	Key    string
	Before string
	After  string
}
