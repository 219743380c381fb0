package web

import "masahe/internal/store"

// storesOf wires one store into every area, as cmd/masahe does.
func storesOf(st *store.Store) Stores {
	return Stores{Catalog: st, Accounts: st, Reviews: st, Log: st, Admin: st, Editor: st, Editorial: st}
}
