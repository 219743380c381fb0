-- A retired chair stays in the database (its reviews and history too) but
-- leaves every public list, page and answer; the admin can restore it.
ALTER TABLE chairs ADD COLUMN retired BOOLEAN NOT NULL DEFAULT FALSE;

-- Every change made through the admin: who (the user, and their email at
-- the time, kept when the user is deleted), when (Unix seconds), what, and
-- the record's JSON before and after (NULL when it did not exist).
CREATE TABLE audit_log (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id     BIGINT REFERENCES users (id) ON DELETE SET NULL,
	actor       TEXT NOT NULL,
	at          BIGINT NOT NULL,
	action      TEXT NOT NULL,
	entity      TEXT NOT NULL,
	entity_key  TEXT NOT NULL,
	before_json TEXT,
	after_json  TEXT
);
CREATE INDEX audit_log_at ON audit_log (at, id);
