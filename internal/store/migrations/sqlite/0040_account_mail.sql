-- Mail-based account flows: verified addresses, single-use tokens sent by
-- email, and a rate limiter for the actions that send mail. Times are Unix
-- seconds.

-- When the owner proved the address by following the verification link;
-- NULL until then.
ALTER TABLE users ADD COLUMN email_verified_at INTEGER;

-- A token is stored under its SHA-256; the token itself is only in the
-- mail. used_at is set, once, in the transaction of the change it allows.
CREATE TABLE one_time_tokens (
	token_hash TEXT NOT NULL PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	purpose    TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at    INTEGER
);
CREATE INDEX one_time_tokens_user ON one_time_tokens (user_id);

-- Recent uses of a rate-limited action (a password-reset request, a
-- resent verification mail) by subject (an address, a client, a user);
-- kept for the limit's window only. In the database, so that the limit
-- holds across replicas.
CREATE TABLE rate_events (
	action  TEXT NOT NULL,
	subject TEXT NOT NULL,
	at      INTEGER NOT NULL
);
CREATE INDEX rate_events_subject ON rate_events (action, subject, at);
CREATE INDEX rate_events_at ON rate_events (at);
