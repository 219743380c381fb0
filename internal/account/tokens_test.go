package account

import (
	"strings"
	"testing"
	"time"

	"masahe/internal/errs"
)

func TestOneTimeToken(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	token, stored, err := NewOneTimeToken(7, ResetPassword, now)
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := NewOneTimeToken(7, ResetPassword, now)
	if err != nil {
		t.Fatal(err)
	}
	if token == other || !WellFormedToken(token) || HashToken(token) != stored.Hash || strings.Contains(stored.Hash, token) {
		t.Fatalf("token %q, stored %+v", token, stored)
	}
	if stored.UserID != 7 || !stored.Expires.Equal(now.Add(time.Hour)) {
		t.Errorf("stored %+v, want user 7 expiring in an hour", stored)
	}
	used := stored
	used.UsedAt = now.Add(time.Minute)
	tests := []struct {
		name    string
		t       OneTimeToken
		purpose TokenPurpose
		at      time.Time
		ok      bool
	}{
		{"fresh", stored, ResetPassword, now.Add(59 * time.Minute), true},
		{"at its expiry", stored, ResetPassword, now.Add(time.Hour), false},
		{"expired", stored, ResetPassword, now.Add(2 * time.Hour), false},
		{"already used", used, ResetPassword, now.Add(2 * time.Minute), false},
		{"for another purpose", stored, VerifyEmail, now, false},
	}
	for _, tt := range tests {
		err := tt.t.Check(tt.purpose, tt.at)
		if tt.ok != (err == nil) {
			t.Errorf("%s: Check = %v, want ok %v", tt.name, err, tt.ok)
		}
		if err != nil && (errs.CodeOf(err) != errs.Invalid || !strings.Contains(err.Error(), "expired or was already used")) {
			t.Errorf("%s: %v, want the one refusal for every reason", tt.name, err)
		}
	}
	if VerifyEmail.TTL() != 48*time.Hour {
		t.Errorf("verification links last %v", VerifyEmail.TTL())
	}
}

func TestWellFormedToken(t *testing.T) {
	t.Parallel()
	good, _, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]bool{
		good:                    true,
		"":                      false,
		good[:42]:               false,
		good + "A":              false,
		strings.Repeat("*", 43): false,
		good[:42] + "=":         false,
	} {
		if got := WellFormedToken(s); got != want {
			t.Errorf("WellFormedToken(%q) = %v, want %v", s, got, want)
		}
	}
}
