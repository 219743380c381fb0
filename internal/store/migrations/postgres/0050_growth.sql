-- How often buyers open each chair, per day (Philippine time): a count
-- and nothing else, no visitor, address or cookie. Replicas add their
-- counts to the same row.
CREATE TABLE chair_views (
	chair_id BIGINT NOT NULL REFERENCES chairs (id) ON DELETE CASCADE,
	day      TEXT NOT NULL,
	views    BIGINT NOT NULL,
	PRIMARY KEY (chair_id, day)
);
CREATE INDEX chair_views_day ON chair_views (day);

-- Specs owners send in: a value, how they know it and an optional link.
-- An editor approves one (source_id is then the owner-measurement source
-- made of it) or rejects it with a reason the owner sees.
CREATE TABLE spec_submissions (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	chair_id   BIGINT NOT NULL REFERENCES chairs (id) ON DELETE CASCADE,
	user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	field      TEXT NOT NULL,
	value      TEXT NOT NULL,
	how        TEXT NOT NULL,
	url        TEXT NOT NULL DEFAULT '',
	show_name  BOOLEAN NOT NULL DEFAULT FALSE,
	status     TEXT NOT NULL,
	reason     TEXT NOT NULL DEFAULT '',
	source_id  TEXT REFERENCES sources (id),
	created_at BIGINT NOT NULL,
	decided_at BIGINT
);
CREATE INDEX spec_submissions_status ON spec_submissions (status, created_at);
CREATE INDEX spec_submissions_user ON spec_submissions (user_id);
