package account

import (
	"encoding/base64"
	"time"

	"masahe/internal/errs"
)

// TokenPurpose says what a single-use token (sent by email) is for.
type TokenPurpose string

const (
	VerifyEmail   TokenPurpose = "verify_email"
	ResetPassword TokenPurpose = "reset_password"
)

// TTL is how long a token of the purpose stays valid: a password-reset
// link is short-lived (it grants the account), a verification link lasts
// long enough for a mail read the next day.
func (p TokenPurpose) TTL() time.Duration {
	if p == ResetPassword {
		return time.Hour
	}
	return 48 * time.Hour
}

// OneTimeToken is the stored form of a single-use token: the SHA-256 of
// the token (the token itself is only in the mail), whose user and purpose
// it is, when it expires and when it was used.
type OneTimeToken struct {
	Hash    string
	UserID  int64
	Purpose TokenPurpose
	Expires time.Time
	// UsedAt is zero until the token is used; the store sets it in the
	// same transaction as the change the token allows.
	UsedAt time.Time
}

// NewOneTimeToken returns a new token (256 random bits) for user and
// purpose, and its stored form.
func NewOneTimeToken(userID int64, purpose TokenPurpose, now time.Time) (string, OneTimeToken, error) {
	token, hash, err := NewToken()
	if err != nil {
		return "", OneTimeToken{}, err
	}
	return token, OneTimeToken{Hash: hash, UserID: userID, Purpose: purpose, Expires: now.Add(purpose.TTL())}, nil
}

// WellFormedToken reports whether s looks like a token NewToken makes, so
// that junk is refused without a database lookup.
func WellFormedToken(s string) bool {
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	return err == nil && len(b) == 32
}

// Check reports whether t may be used now for purpose. Every refusal says
// the same thing, so the answer tells nothing about why.
func (t OneTimeToken) Check(purpose TokenPurpose, now time.Time) error {
	if t.Purpose != purpose || !t.UsedAt.IsZero() || !now.Before(t.Expires) {
		return errs.Invalidf("token", "this link has expired or was already used; ask for a new one")
	}
	return nil
}
