// Package account holds users, roles, password rules and hashing, session
// tokens and the login throttle. It does no I/O and knows nothing of HTTP.
package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"masahe/internal/errs"
)

// Role is what a user may do. Each role may do everything the roles
// before it may.
type Role string

const (
	Member Role = "member"
	Editor Role = "editor"
	Admin  Role = "admin"
)

// Roles lists the roles from least to most trusted.
var Roles = []Role{Member, Editor, Admin}

func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i
		}
	}
	return -1
}

// AtLeast reports whether r includes the rights of min.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() && r.rank() >= 0 }

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	if r := Role(s); r.rank() >= 0 {
		return r, nil
	}
	return "", errs.Invalidf("role", "role must be member, editor or admin, not %q", s)
}

// User is an account.
type User struct {
	ID          int64
	Email       string
	DisplayName string
	Role        Role
	Disabled    bool
	// Verified: the owner followed the link mailed to the address (or
	// reset the password through one).
	Verified  bool
	CreatedAt time.Time
}

// NormalizeEmail trims and lowercases an address and checks its form.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || len(s) > 254 || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") {
		return "", errs.Invalidf("email", "enter an email address such as juan@example.ph")
	}
	return s, nil
}

// CheckDisplayName checks the name shown beside a user's reviews.
func CheckDisplayName(s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if n := utf8.RuneCountInString(s); n < 1 || n > 50 {
		return "", errs.Invalidf("display_name", "the display name must be 1 to 50 characters")
	}
	return s, nil
}

// NewToken returns a new session token (256 random bits) and the hash
// under which it is stored; the token itself is never stored.
func NewToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is the stored form of a session token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Login throttle: after MaxFailures failed logins for one account or one
// client address within ThrottleWindow, logins wait.
const (
	MaxFailures    = 10
	ThrottleWindow = 15 * time.Minute
)

// RetryAfter says how long a login must wait, given the times of recent
// failures (for an account or an address) oldest first; zero means now.
func RetryAfter(failures []time.Time, now time.Time) time.Duration {
	return Limit{Max: MaxFailures, Window: ThrottleWindow}.Wait(failures, now)
}

// Limit is a rate limit: at most Max uses within any Window.
type Limit struct {
	Max    int
	Window time.Duration
}

// Wait says how long until one more use is allowed, given the times of
// earlier uses oldest first; zero means now.
func (l Limit) Wait(uses []time.Time, now time.Time) time.Duration {
	var recent []time.Time
	for _, u := range uses {
		if now.Sub(u) < l.Window {
			recent = append(recent, u)
		}
	}
	if len(recent) < l.Max {
		return 0
	}
	// The wait ends when enough uses have aged out of the window.
	return recent[len(recent)-l.Max].Add(l.Window).Sub(now)
}

// RateKey is one subject of a rate-limited action (an address, a client,
// a user) under its limit.
type RateKey struct {
	Action, Subject string
	Limit           Limit
}

// The limits of the actions that send mail. A reset request is limited by
// the address asked for (so that nobody floods one inbox) and by the
// client asking (so that nobody sweeps many addresses); a resent
// verification mail by the account.
var (
	ResetByEmail  = Limit{Max: 3, Window: time.Hour}
	ResetByClient = Limit{Max: 10, Window: time.Hour}
	VerifyResend  = Limit{Max: 3, Window: time.Hour}
)
