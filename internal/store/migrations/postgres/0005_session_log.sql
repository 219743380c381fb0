-- The private session log. Every row belongs to one owner and goes with
-- their account; nothing here is readable by anyone else.
CREATE TABLE log_consents (
	user_id  BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	version  TEXT NOT NULL,
	given_at BIGINT NOT NULL
);

CREATE TABLE log_sessions (
	id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	at        BIGINT NOT NULL,
	chair     TEXT NOT NULL,
	program   TEXT NOT NULL,
	intensity BIGINT NOT NULL,
	minutes   BIGINT NOT NULL,
	areas     TEXT NOT NULL,
	heat      BOOLEAN NOT NULL
);
CREATE INDEX log_sessions_user ON log_sessions (user_id, at);

CREATE TABLE log_checkins (
	id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	at       BIGINT NOT NULL,
	soreness BIGINT NOT NULL,
	areas    TEXT NOT NULL,
	symptoms TEXT NOT NULL
);
CREATE INDEX log_checkins_user ON log_checkins (user_id, at);
