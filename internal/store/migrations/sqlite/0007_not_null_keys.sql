-- Bring SQLite's keys in line with PostgreSQL's (see TestSchemasMatch):
-- SQLite lets a TEXT PRIMARY KEY hold NULL unless it says NOT NULL, and
-- numbers an INTEGER PRIMARY KEY itself when an insert leaves it out, which
-- a key copied from the parent row (log_consents, editorial_reviews) must
-- never be; WITHOUT ROWID makes it an ordinary key. SQLite changes a
-- column only by rebuilding its table; migrate runs with foreign keys off
-- and checks them before committing, as the rebuild needs.
CREATE TABLE meta_new (
	key   TEXT NOT NULL PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO meta_new (key, value) SELECT key, value FROM meta;
DROP TABLE meta;
ALTER TABLE meta_new RENAME TO meta;

CREATE TABLE sources_new (
	id        TEXT NOT NULL PRIMARY KEY,
	url       TEXT NOT NULL,
	title     TEXT NOT NULL,
	publisher TEXT NOT NULL DEFAULT '',
	accessed  TEXT NOT NULL DEFAULT '',
	hash      TEXT NOT NULL
);
INSERT INTO sources_new (id, url, title, publisher, accessed, hash)
	SELECT id, url, title, publisher, accessed, hash FROM sources;
DROP TABLE sources;
ALTER TABLE sources_new RENAME TO sources;

CREATE TABLE sessions_new (
	token_hash   TEXT NOT NULL PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at   INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL
);
INSERT INTO sessions_new (token_hash, user_id, created_at, last_seen_at, expires_at)
	SELECT token_hash, user_id, created_at, last_seen_at, expires_at FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE log_consents_new (
	user_id  INTEGER NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	version  TEXT NOT NULL,
	given_at INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO log_consents_new (user_id, version, given_at) SELECT user_id, version, given_at FROM log_consents;
DROP TABLE log_consents;
ALTER TABLE log_consents_new RENAME TO log_consents;

CREATE TABLE editorial_reviews_new (
	chair_id   INTEGER NOT NULL PRIMARY KEY REFERENCES chairs (id) ON DELETE CASCADE,
	review     TEXT NOT NULL,
	rubric     INTEGER NOT NULL,
	published  INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO editorial_reviews_new (chair_id, review, rubric, published, updated_at)
	SELECT chair_id, review, rubric, published, updated_at FROM editorial_reviews;
DROP TABLE editorial_reviews;
ALTER TABLE editorial_reviews_new RENAME TO editorial_reviews;

CREATE TABLE schema_migrations_new (
	name       TEXT NOT NULL PRIMARY KEY,
	applied_at TEXT NOT NULL
);
INSERT INTO schema_migrations_new (name, applied_at) SELECT name, applied_at FROM schema_migrations;
DROP TABLE schema_migrations;
ALTER TABLE schema_migrations_new RENAME TO schema_migrations;
