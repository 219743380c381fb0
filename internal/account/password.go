package account

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"

	"masahe/internal/errs"
)

// Password length limits, counted in characters after NFKC normalisation
// (NIST SP 800-63B: at least 8, at least 64 allowed, no composition rules).
const (
	MinPassword = 8
	MaxPassword = 128
)

// breachedList is the gzipped list of breached and common passwords, one a
// line, sorted, in ListForm. scripts/breached-passwords.sh makes it.
//
//go:embed breached-passwords.txt.gz
var breachedList []byte

// KDF derives a key from a password: argon2.IDKey, or a wrapper of it in
// tests that count how often passwords are hashed.
type KDF func(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte

// Passwords applies the password rules, hashes and verifies passwords. Make
// one with NewPasswords at start-up and share it: it holds the breached
// list, decompressed once.
type Passwords struct {
	kdf KDF
	// list is the breached list's text; starts[i] is where entry i begins.
	list   string
	starts []int32
	// dummy is a hash of a random password, verified for unknown emails so
	// that a login does the same work whether or not the account exists.
	dummy string
}

// NewPasswords reads the embedded breached list. A nil kdf means Argon2id.
func NewPasswords(kdf KDF) (*Passwords, error) {
	if kdf == nil {
		kdf = argon2.IDKey
	}
	zr, err := gzip.NewReader(bytes.NewReader(breachedList))
	if err != nil {
		return nil, fmt.Errorf("breached password list: %w", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("breached password list: %w", err)
	}
	p := &Passwords{kdf: kdf, list: string(b)}
	for i := 0; i < len(p.list); {
		p.starts = append(p.starts, int32(i))
		n := strings.IndexByte(p.list[i:], '\n')
		if n < 0 {
			return nil, fmt.Errorf("breached password list: the last line has no newline")
		}
		i += n + 1
	}
	random := make([]byte, 32)
	if _, err := rand.Read(random); err != nil {
		return nil, err
	}
	if p.dummy, err = p.Hash(base64.RawStdEncoding.EncodeToString(random)); err != nil {
		return nil, err
	}
	return p, nil
}

// BreachedCount is how many passwords the breached list holds.
func (p *Passwords) BreachedCount() int { return len(p.starts) }

func (p *Passwords) entry(i int) string {
	end := len(p.list)
	if i+1 < len(p.starts) {
		end = int(p.starts[i+1])
	}
	return p.list[p.starts[i] : end-1]
}

// breached reports whether pw, in ListForm, is on the list.
func (p *Passwords) breached(pw string) bool {
	i := sort.Search(len(p.starts), func(i int) bool { return p.entry(i) >= pw })
	return i < len(p.starts) && p.entry(i) == pw
}

// Normalize is the form of a password that is checked and hashed: NFKC, so
// that the same password typed on another keyboard or system still matches.
func Normalize(pw string) string { return norm.NFKC.String(pw) }

// ListForm is how a password is compared with the breached list: normalised
// and in lower case. ok is false for a password the rules refuse anyway
// (see Check), which the list need not hold.
func ListForm(pw string) (form string, ok bool) {
	if !utf8.ValidString(pw) {
		return "", false
	}
	pw = Normalize(pw)
	if checkShape(pw) != "" {
		return "", false
	}
	return strings.ToLower(pw), true
}

// checkShape applies the rules that need no list, to a normalised password;
// it returns what is wrong, or "".
func checkShape(pw string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPassword:
		return fmt.Sprintf("use at least %d characters", MinPassword)
	case n > MaxPassword:
		return fmt.Sprintf("use at most %d characters", MaxPassword)
	case strings.IndexFunc(pw, unicode.IsControl) >= 0:
		return "the password cannot contain control characters, such as tabs, line breaks or NUL"
	case strings.TrimFunc(pw, unicode.IsSpace) == "":
		return "the password cannot be only spaces"
	}
	return ""
}

// Check applies the password rules (NIST SP 800-63B): valid text; 8 to 128
// characters after NFKC normalisation; no control characters; not only
// spaces; not on the list of breached and common passwords; not the email
// address. It returns the normalised password, which is what is hashed.
func (p *Passwords) Check(pw, email string) (string, error) {
	if !utf8.ValidString(pw) {
		return "", errs.Invalidf("password", "the password is not valid text")
	}
	pw = Normalize(pw)
	if msg := checkShape(pw); msg != "" {
		return "", errs.Invalidf("password", "%s", msg)
	}
	if p.breached(strings.ToLower(pw)) {
		return "", errs.Invalidf("password", "this password is on a list of breached or common passwords; choose another")
	}
	if email != "" && strings.EqualFold(pw, email) {
		return "", errs.Invalidf("password", "do not use your email address as your password")
	}
	return pw, nil
}

// Argon2id parameters: OWASP's recommendation of m=19456 KiB, t=2, p=1.
const (
	argonMemory  = 19456
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// Hash hashes a password (as Check returned it) with Argon2id and a random
// salt, in the PHC string format.
func (p *Passwords) Hash(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := p.kdf([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether pw matches the PHC-format hash, in time that does
// not depend on where they differ. The password is normalised first, as
// Check does before hashing.
func (p *Passwords) Verify(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var m uint32
	var t uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	// Parameters outside what argon2 accepts, or costlier than any hash
	// this package writes by far, are not a hash of ours.
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &threads); err != nil ||
		t < 1 || t > 10 || threads < 1 || threads > 16 || m < 8*uint32(threads) || m > 1<<20 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := p.kdf([]byte(Normalize(pw)), salt, t, m, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// VerifyUnknown does the work of Verify against a hash no password
// matches, for a login whose email has no account, and reports false.
func (p *Passwords) VerifyUnknown(pw string) bool {
	p.Verify(p.dummy, pw)
	return false
}
