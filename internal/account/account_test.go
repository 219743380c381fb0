package account

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"masahe/internal/errs"
)

// TestHashPasswordFormat checks the PHC string: Argon2id, version 19 and
// OWASP's m=19456 KiB, t=2, p=1, a 16-byte salt and a 32-byte key.
func TestHashPasswordFormat(t *testing.T) {
	const pw = "tahimik na upuan sa sala"
	h1, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(h1, "$")
	if len(parts) != 6 || parts[0] != "" {
		t.Fatalf("hash %q: want $argon2id$v=..$m=..,t=..,p=..$salt$key", h1)
	}
	for i, want := range map[int]string{1: "argon2id", 2: "v=19", 3: "m=19456,t=2,p=1"} {
		if parts[i] != want {
			t.Errorf("hash field %d = %q, want %q (hash %q)", i, parts[i], want, h1)
		}
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) != 16 {
		t.Errorf("salt %q: %d bytes, %v; want 16 bytes of unpadded base64", parts[4], len(salt), err)
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) != 32 {
		t.Errorf("key %q: %d bytes, %v; want 32 bytes of unpadded base64", parts[5], len(key), err)
	}
	if strings.Contains(h1, pw) {
		t.Errorf("the hash contains the password")
	}
	h2, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if h1 == h2 {
		t.Errorf("two hashes of one password are equal (%q): the salt is not random", h1)
	}
	if !VerifyPassword(h1, pw) || !VerifyPassword(h2, pw) {
		t.Errorf("VerifyPassword refuses the right password")
	}
}

// callVerify runs VerifyPassword and turns a panic into an error, so that
// one bad hash does not end the whole test run.
func callVerify(hash, pw string) (ok bool, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	return VerifyPassword(hash, pw), nil
}

func TestVerifyPassword(t *testing.T) {
	const pw = "Ang kape ay mainit pa"
	hash, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(hash, "$")
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	// flip changes one character of s to another valid base64 character.
	flip := func(s string, i int) string {
		b := []byte(s)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	tests := []struct {
		name, hash, pw string
		want           bool
	}{
		{"right password", hash, pw, true},
		{"wrong password", hash, "Ang kape ay mainit na", false},
		{"case differs", hash, strings.ToUpper(pw), false},
		{"empty password", hash, "", false},
		{"password with a trailing space", hash, pw + " ", false},
		{"key tampered", with(5, flip(parts[5], 3)), pw, false},
		{"salt tampered", with(4, flip(parts[4], 3)), pw, false},
		{"key shortened", with(5, parts[5][:len(parts[5])-4]), pw, false},
		{"empty key", with(5, ""), pw, false},
		{"key not base64", with(5, "!!!!"), pw, false},
		{"memory changed", with(3, "m=19457,t=2,p=1"), pw, false},
		{"time changed", with(3, "m=19456,t=3,p=1"), pw, false},
		{"parameters garbled", with(3, "m=x,t=2,p=1"), pw, false},
		{"wrong version", with(2, "v=16"), pw, false},
		{"argon2i", with(1, "argon2i"), pw, false},
		{"argon2d", with(1, "argon2d"), pw, false},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", pw, false},
		{"plain text stored", pw, pw, false},
		{"empty hash", "", pw, false},
		{"extra field", hash + "$x", pw, false},
		// A damaged hash must be refused, not crash the login handler.
		{"zero time", with(3, "m=19456,t=0,p=1"), pw, false},
		{"zero parallelism", with(3, "m=19456,t=2,p=0"), pw, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := callVerify(tt.hash, tt.pw)
			if err != nil {
				t.Fatalf("VerifyPassword(%q, %q): %v; want %v", tt.hash, tt.pw, err, tt.want)
			}
			if got != tt.want {
				t.Errorf("VerifyPassword(%q, %q) = %v, want %v", tt.hash, tt.pw, got, tt.want)
			}
		})
	}
}

func TestCheckPasswordLength(t *testing.T) {
	tests := []struct {
		name string
		pw   string
		ok   bool
	}{
		{"empty", "", false},
		{"7 characters", "kq7vz3x", false},
		{"8 characters", "kq7vz3xw", true},
		{"128 characters", strings.Repeat("kq7vz3xw", 16), true},
		{"129 characters", strings.Repeat("kq7vz3xw", 16) + "p", false},
		// Characters, not bytes: 7 two-byte runes are too few even though
		// they are 14 bytes; 128 of them are enough though 256 bytes.
		{"7 multibyte characters", "ñÑñÑñÑñ", false},
		{"8 multibyte characters", "ñÑñÑñÑñÑ", true},
		{"8 four-byte characters", "🪑💆🪑💆🪑💆🪑💆", true},
		{"128 multibyte characters", strings.Repeat("ñé", 64), true},
		{"129 multibyte characters", strings.Repeat("ñé", 64) + "ü", false},
		// No composition rules: one kind of character is enough.
		{"lowercase only", "masahengupuan", true},
		{"digits only", "73910462", true},
		{"spaces inside", "upuan sa sala", true},
		{"Filipino passphrase", "mahal ko ang masahe", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPassword(tt.pw, "juan@example.ph")
			if tt.ok && err != nil {
				t.Errorf("CheckPassword(%q) = %v, want nil", tt.pw, err)
			}
			if !tt.ok {
				if err == nil {
					t.Fatalf("CheckPassword(%q) = nil, want an error", tt.pw)
				}
				if e := errs.As(err); e.Code != errs.Invalid || e.Field != "password" || e.Message == "" {
					t.Errorf("CheckPassword(%q) = %+v, want an invalid password error with a message", tt.pw, e)
				}
			}
		})
	}
}

// commonList reads the embedded list as written, comments left out.
func commonList(t *testing.T) []string {
	t.Helper()
	var out []string
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsFile))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

func TestCommonPasswordsRefused(t *testing.T) {
	list := commonList(t)
	// The SecLists top-1000 file has 1,001 lines, three of them case
	// variants of "password".
	if len(list) < 1000 {
		t.Fatalf("the embedded list has %d passwords, want the 1,000 most common", len(list))
	}
	long := 0
	for _, pw := range list {
		for _, v := range []string{pw, strings.ToUpper(pw), strings.ToLower(pw)} {
			err := CheckPassword(v, "")
			if err == nil {
				t.Errorf("CheckPassword(%q) = nil; %q is on the common list", v, pw)
				continue
			}
			// Short ones fail on length first; the rest must fail as common.
			if len([]rune(v)) >= MinPassword && !strings.Contains(errs.As(err).Message, "common") {
				t.Errorf("CheckPassword(%q) = %v, want the common-password message", v, err)
			}
		}
		if len([]rune(pw)) >= MinPassword {
			long++
		}
	}
	if long < 150 {
		t.Errorf("only %d listed passwords have 8 or more characters; is the list the right one?", long)
	}
	for _, pw := range []string{"password", "Password", "PASSWORD", "PassWord", "Password1", "iloveyou", "12345678", "qwertyuiop"} {
		if err := CheckPassword(pw, ""); err == nil {
			t.Errorf("CheckPassword(%q) = nil, want it refused as common", pw)
		}
	}
	// Near misses are allowed: the list is matched whole, not as a part.
	for _, pw := range []string{"password-for-my-massage-chair", "iloveyou but not my chair", "123456789012345x"} {
		if err := CheckPassword(pw, ""); err != nil {
			t.Errorf("CheckPassword(%q) = %v; only whole listed passwords are refused", pw, err)
		}
	}
}

func TestCheckPasswordNotEmail(t *testing.T) {
	if err := CheckPassword("juan@example.ph", "juan@example.ph"); err == nil {
		t.Error("the email address is accepted as the password")
	}
	if err := CheckPassword("JUAN@Example.PH", "juan@example.ph"); err == nil {
		t.Error("the email address in other case is accepted as the password")
	}
	if err := CheckPassword("juan@example.ph", ""); err != nil {
		t.Errorf("without an email to compare, an address-shaped password = %v, want nil", err)
	}
}

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
