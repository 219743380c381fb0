package web

import (
	"testing"

	"golang.org/x/crypto/argon2"

	"masahe/internal/account"
	"masahe/internal/store"
)

// storesOf wires one store into every area, as cmd/masahe does.
func storesOf(st *store.Store) Stores {
	return Stores{Catalog: st, Accounts: st, Reviews: st, Log: st, Admin: st, Editor: st, Editorial: st, AccountMail: st, Places: st, Growth: st, Prices: st, Media: st}
}

// testPasswords hashes the tests' passwords cheaply: still Argon2id and
// verified the same way, but at the least memory and passes it accepts
// whatever cost the hash records. The site always runs the real cost.
func testPasswords(t testing.TB) *account.Passwords {
	t.Helper()
	p, err := account.NewPasswords(cheapKDF)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// cheapKDF is Argon2id at its least cost, whatever cost it is asked for.
// Every hash a test server makes or checks must go through it.
func cheapKDF(pw, salt []byte, _, _ uint32, threads uint8, keyLen uint32) []byte {
	return argon2.IDKey(pw, salt, 1, 64, threads, keyLen)
}
