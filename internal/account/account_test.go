package account

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"masahe/internal/errs"
)

func TestNormalizeEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"juan@example.ph", "juan@example.ph"},
		{"  Juan.Dela-Cruz@Example.COM.ph ", "juan.dela-cruz@example.com.ph"},
		{"a@b.ph", "a@b.ph"},
		{"", ""},
		{"juan", ""},
		{"juan@", ""},
		{"@example.ph", ""},
		{"juan@localhost", ""},
		{"Juan <juan@example.ph>", ""},
		{"juan@example.ph, maria@example.ph", ""},
		{"juan @example.ph", ""},
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 186) + ".ph", strings.Repeat("a", 64) + "@" + strings.Repeat("b", 186) + ".ph"}, // 254 characters
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 187) + ".ph", ""},                                                               // 255 characters
	}
	for _, tt := range tests {
		got, err := NormalizeEmail(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("NormalizeEmail(%q) = %q, want an error", tt.in, got)
			} else if e := errs.As(err); e.Code != errs.Invalid || e.Field != "email" {
				t.Errorf("NormalizeEmail(%q) error = %+v, want invalid email", tt.in, e)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestCheckDisplayName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Juan", "Juan"},
		{"  Maria   Clara  ", "Maria Clara"},
		{strings.Repeat("ñ", 50), strings.Repeat("ñ", 50)},
		{"", ""},
		{"   ", ""},
		{strings.Repeat("ñ", 51), ""},
	}
	for _, tt := range tests {
		got, err := CheckDisplayName(tt.in)
		if tt.want == "" {
			if err == nil || errs.As(err).Field != "display_name" {
				t.Errorf("CheckDisplayName(%q) = %q, %v; want an invalid display_name error", tt.in, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("CheckDisplayName(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestRoles(t *testing.T) {
	for _, s := range []string{"member", "editor", "admin"} {
		if r, err := ParseRole(s); err != nil || string(r) != s {
			t.Errorf("ParseRole(%q) = %q, %v", s, r, err)
		}
	}
	for _, s := range []string{"", "Admin", "root", "superuser", " admin"} {
		if r, err := ParseRole(s); err == nil {
			t.Errorf("ParseRole(%q) = %q, want an error", s, r)
		} else if e := errs.As(err); e.Code != errs.Invalid || e.Field != "role" {
			t.Errorf("ParseRole(%q) error = %+v", s, e)
		}
	}
	tests := []struct {
		r, min Role
		want   bool
	}{
		{Member, Member, true}, {Member, Editor, false}, {Member, Admin, false},
		{Editor, Member, true}, {Editor, Editor, true}, {Editor, Admin, false},
		{Admin, Member, true}, {Admin, Editor, true}, {Admin, Admin, true},
		{Role(""), Member, false}, {Role("root"), Member, false}, {Role("root"), Role("root"), false},
	}
	for _, tt := range tests {
		if got := tt.r.AtLeast(tt.min); got != tt.want {
			t.Errorf("%q.AtLeast(%q) = %v, want %v", tt.r, tt.min, got, tt.want)
		}
	}
}

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		token, hash, err := NewToken()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil {
			t.Fatalf("token %q is not unpadded URL-safe base64: %v", token, err)
		}
		if len(raw)*8 < 128 {
			t.Fatalf("token %q has %d bits, want at least 128", token, len(raw)*8)
		}
		sum := sha256.Sum256([]byte(token))
		if want := hex.EncodeToString(sum[:]); hash != want || HashToken(token) != want {
			t.Fatalf("hash of %q = %q, HashToken = %q; want SHA-256 hex %q", token, hash, HashToken(token), want)
		}
		if hash == token || strings.Contains(hash, token) {
			t.Fatalf("the stored hash contains the token")
		}
		if seen[token] {
			t.Fatalf("token %q repeated", token)
		}
		seen[token] = true
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	// ago returns n failures, the oldest at first before now and then one
	// a second.
	ago := func(n int, first time.Duration) []time.Time {
		var out []time.Time
		for i := range n {
			out = append(out, now.Add(-first+time.Duration(i)*time.Second))
		}
		return out
	}
	tests := []struct {
		name     string
		failures []time.Time
		want     time.Duration
	}{
		{"none", nil, 0},
		{"nine recent", ago(9, time.Minute), 0},
		{"ten just now", ago(10, 9*time.Second), ThrottleWindow - 9*time.Second},
		{"ten a minute ago", ago(10, time.Minute), ThrottleWindow - time.Minute},
		{"ten, the oldest just out of the window", ago(10, ThrottleWindow), 0},
		{"ten, all older than the window", ago(10, 2*ThrottleWindow), 0},
		{"twelve: wait for the third oldest", ago(12, 10*time.Minute), ThrottleWindow - 10*time.Minute + 2*time.Second},
		{"old ones ignored", append(ago(5, time.Hour), ago(10, 5*time.Minute)...), ThrottleWindow - 5*time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RetryAfter(tt.failures, now)
			if got != tt.want {
				t.Errorf("RetryAfter = %v, want %v", got, tt.want)
			}
			if got < 0 || got > ThrottleWindow {
				t.Errorf("RetryAfter = %v, outside [0, %v]", got, ThrottleWindow)
			}
		})
	}
	if MaxFailures != 10 || ThrottleWindow != 15*time.Minute {
		t.Errorf("throttle = %d failures in %v, want 10 in 15m", MaxFailures, ThrottleWindow)
	}
}
