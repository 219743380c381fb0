// Package account holds users, roles, password rules and hashing, session
// tokens and the login throttle. It does no I/O and knows nothing of HTTP.
package account

import (
	"bufio"
	"cmp"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

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
	CreatedAt   time.Time
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

// Password length limits (NIST SP 800-63B: at least 8, no composition rules).
const (
	MinPassword = 8
	MaxPassword = 128
)

//go:embed common-passwords.txt
var commonPasswordsFile string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsFile))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
}()

// CheckPassword applies the password rules: 8 to 128 characters, not one
// of the 1,000 most common passwords, not the email address.
func CheckPassword(pw, email string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPassword:
		return errs.Invalidf("password", "use at least %d characters", MinPassword)
	case n > MaxPassword:
		return errs.Invalidf("password", "use at most %d characters", MaxPassword)
	case commonPasswords[strings.ToLower(pw)]:
		return errs.Invalidf("password", "this password is one of the most common ones; choose another")
	case email != "" && strings.EqualFold(pw, email):
		return errs.Invalidf("password", "do not use your email address as your password")
	}
	return nil
}

// Argon2id parameters: OWASP's recommendation of m=19456 KiB, t=2, p=1.
const (
	argonMemory  = 19456
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// HashCost is the Argon2id work of new hashes: memory in KiB and passes.
// The zero value is OWASP's recommendation, which the site uses; tests
// pass a cheap cost to stay fast. VerifyPassword reads the cost from the
// hash, so hashes of any cost verify.
type HashCost struct {
	MemoryKiB, Passes uint32
}

// HashPassword hashes pw at the recommended cost.
func HashPassword(pw string) (string, error) {
	return HashCost{}.Hash(pw)
}

// Hash hashes pw with Argon2id and a random salt, in the PHC string
// format.
func (c HashCost) Hash(pw string) (string, error) {
	m, t := cmp.Or(c.MemoryKiB, argonMemory), cmp.Or(c.Passes, argonTime)
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, t, m, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, m, t, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches the PHC-format hash, in time
// that does not depend on where they differ.
func VerifyPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	// Parameters outside what argon2 accepts, or costlier than any hash
	// this package writes by far, are not a hash of ours.
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil ||
		t < 1 || t > 10 || p < 1 || p > 16 || m < 8*uint32(p) || m > 1<<20 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
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
	var recent []time.Time
	for _, f := range failures {
		if now.Sub(f) < ThrottleWindow {
			recent = append(recent, f)
		}
	}
	if len(recent) < MaxFailures {
		return 0
	}
	// The wait ends when enough failures have aged out of the window.
	return recent[len(recent)-MaxFailures].Add(ThrottleWindow).Sub(now)
}
