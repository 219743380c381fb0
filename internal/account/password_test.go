package account

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"testing"

	"masahe/internal/errs"
)

func testPasswords(t *testing.T) *Passwords {
	t.Helper()
	p, err := NewPasswords(nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHashPasswordFormat checks the PHC string: Argon2id, version 19 and
// OWASP's m=19456 KiB, t=2, p=1, a 16-byte salt and a 32-byte key.
func TestHashPasswordFormat(t *testing.T) {
	const pw = "tahimik na upuan sa sala"
	h1, err := testPasswords(t).Hash(pw)
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
	h2, err := testPasswords(t).Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	if h1 == h2 {
		t.Errorf("two hashes of one password are equal (%q): the salt is not random", h1)
	}
	p := testPasswords(t)
	if !p.Verify(h1, pw) || !p.Verify(h2, pw) {
		t.Errorf("VerifyPassword refuses the right password")
	}
}

// callVerify runs VerifyPassword and turns a panic into an error, so that
// one bad hash does not end the whole test run.
func callVerify(p *Passwords, hash, pw string) (ok bool, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic: %v", v)
		}
	}()
	return p.Verify(hash, pw), nil
}

func TestVerifyPassword(t *testing.T) {
	const pw = "Ang kape ay mainit pa"
	p := testPasswords(t)
	hash, err := p.Hash(pw)
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
			got, err := callVerify(p, tt.hash, tt.pw)
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
		{"digits only", "73910462058", true},
		{"spaces inside", "upuan sa sala", true},
		{"Filipino passphrase", "mahal ko ang masahe", true},
	}
	p := testPasswords(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Check(tt.pw, "juan@example.ph")
			if tt.ok && err != nil {
				t.Errorf("Check(%q) = %v, want nil", tt.pw, err)
			}
			if !tt.ok {
				if err == nil {
					t.Fatalf("Check(%q) = nil, want an error", tt.pw)
				}
				if e := errs.As(err); e.Code != errs.Invalid || e.Field != "password" || e.Message == "" {
					t.Errorf("Check(%q) = %+v, want an invalid password error with a message", tt.pw, e)
				}
			}
		})
	}
}

func TestCheckPasswordNotEmail(t *testing.T) {
	p := testPasswords(t)
	if _, err := p.Check("juan@example.ph", "juan@example.ph"); err == nil {
		t.Error("the email address is accepted as the password")
	}
	if _, err := p.Check("JUAN@Example.PH", "juan@example.ph"); err == nil {
		t.Error("the email address in other case is accepted as the password")
	}
	if _, err := p.Check("juan@example.ph", ""); err != nil {
		t.Errorf("without an email to compare, an address-shaped password = %v, want nil", err)
	}
}

// TestCheckPasswordShape covers the rules beyond length: valid text, no
// control characters, not only spaces, and normalisation before counting.
func TestCheckPasswordShape(t *testing.T) {
	p := testPasswords(t)
	for _, tt := range []struct {
		name, pw, message string
	}{
		{"eight spaces", "        ", "only spaces"},
		{"tabs and spaces", " \t \t    ", "control characters"},
		{"ideographic spaces", strings.Repeat("\u3000", 8), "only spaces"},
		{"a NUL inside", "upuan\x00sala", "control characters"},
		{"a line break", "upuan sa\nsala", "control characters"},
		{"DEL", "upuan sa sala\x7f", "control characters"},
		{"invalid UTF-8", "upuan sa \xff sala", "not valid text"},
		{"breached: letmein1", "letmein1", "breached or common"},
		{"breached in other case: LetMeIn1", "LetMeIn1", "breached or common"},
		{"breached in full-width letters", "ｌｅｔｍｅｉｎ１", "breached or common"},
		{"breached: password", "password", "breached or common"},
		{"breached: 12345678", "12345678", "breached or common"},
		// NFKC folds each ﬁ ligature into two letters: 65 of them are 130
		// characters once normalised.
		{"129 after normalisation", strings.Repeat("ﬁ", 65), "at most 128"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Check(tt.pw, "")
			e := errs.As(err)
			if err == nil || e.Code != errs.Invalid || e.Field != "password" || !strings.Contains(e.Message, tt.message) {
				t.Errorf("Check(%q) = %v, want an invalid password error saying %q", tt.pw, err, tt.message)
			}
		})
	}
	for _, pw := range []string{"upuan sa sala ko", "  mahal ko ang masahe  ", "ﬁﬁﬁﬁ upuan", "password-for-my-massage-chair", "iloveyou but not my chair"} {
		got, err := p.Check(pw, "")
		if err != nil {
			t.Errorf("Check(%q) = %v, want it accepted", pw, err)
		}
		if got != Normalize(pw) {
			t.Errorf("Check(%q) returned %q, want the NFKC form %q", pw, got, Normalize(pw))
		}
	}
}

// TestBreachedList checks the embedded list: large, sorted, in ListForm,
// and every entry refused.
func TestBreachedList(t *testing.T) {
	p := testPasswords(t)
	if n := p.BreachedCount(); n < 100_000 {
		t.Fatalf("the breached list has %d passwords, want at least 100,000", n)
	}
	zr, err := gzip.NewReader(bytes.NewReader(breachedList))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	if len(lines) != p.BreachedCount() {
		t.Fatalf("%d lines, %d entries", len(lines), p.BreachedCount())
	}
	for i, pw := range lines {
		if form, ok := ListForm(pw); !ok || form != pw {
			t.Fatalf("line %d %q is not in list form (%q, %v)", i, pw, form, ok)
		}
		if i > 0 && lines[i-1] >= pw {
			t.Fatalf("line %d %q does not sort after %q", i, pw, lines[i-1])
		}
		// Every 97th, to keep the test quick, and the first and last.
		if i%97 == 0 || i == len(lines)-1 {
			if _, err := p.Check(pw, ""); err == nil || !strings.Contains(errs.As(err).Message, "breached") {
				t.Fatalf("Check(%q) = %v, want it refused as breached", pw, err)
			}
		}
	}
}

// TestVerifyUnknownDoesTheWork counts key derivations: a login for an
// unknown email derives a key just as one for a known email does.
func TestVerifyUnknownDoesTheWork(t *testing.T) {
	var calls int
	p, err := NewPasswords(func(pw, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
		calls++
		return bytes.Repeat([]byte{byte(len(pw))}, int(keyLen))
	})
	if err != nil {
		t.Fatal(err)
	}
	calls = 0
	hash, err := p.Hash("upuan sa sala ko")
	if err != nil || calls != 1 {
		t.Fatalf("Hash: %v, %d derivations", err, calls)
	}
	calls = 0
	p.Verify(hash, "maling password")
	known := calls
	calls = 0
	if p.VerifyUnknown("maling password") {
		t.Error("VerifyUnknown accepted a password")
	}
	if known != 1 || calls != known {
		t.Errorf("a wrong password for a known account derives %d keys, for an unknown email %d; want 1 and 1", known, calls)
	}
}

// TestVerifyNormalises checks that a password hashed in its NFKC form
// verifies when typed in another form.
func TestVerifyNormalises(t *testing.T) {
	p := testPasswords(t)
	pw, err := p.Check("ｍａｓａｈｅ sa sala", "")
	if err != nil {
		t.Fatal(err)
	}
	hash, err := p.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	for _, typed := range []string{"ｍａｓａｈｅ sa sala", "masahe sa sala"} {
		if !p.Verify(hash, typed) {
			t.Errorf("Verify refuses %q", typed)
		}
	}
}
