package web

import (
	"masahe/internal/account"
	"masahe/internal/store"
)

// storesOf wires one store into every area, as cmd/masahe does.
func storesOf(st *store.Store) Stores {
	return Stores{Catalog: st, Accounts: st, Reviews: st, Log: st, Admin: st, Editor: st, Editorial: st}
}

// testHashCost makes the tests' password hashes cheap: still Argon2id,
// verified the same way, at the least memory and passes it accepts.
var testHashCost = account.HashCost{MemoryKiB: 64, Passes: 1}
