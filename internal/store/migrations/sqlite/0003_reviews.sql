CREATE TABLE reviews (
	id              INTEGER PRIMARY KEY,
	chair_id        INTEGER NOT NULL REFERENCES chairs (id) ON DELETE CASCADE,
	user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	overall         INTEGER NOT NULL,
	comfort         INTEGER,
	intensity_range INTEGER,
	body_fit        INTEGER,
	build           INTEGER,
	value           INTEGER,
	after_sales     INTEGER,
	months_owned    INTEGER NOT NULL,
	text            TEXT NOT NULL,
	pros            TEXT NOT NULL,
	cons            TEXT NOT NULL,
	status          TEXT NOT NULL,
	reject_reason   TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	published_at    INTEGER,
	UNIQUE (chair_id, user_id)
);
CREATE INDEX reviews_status ON reviews (status, updated_at);
CREATE INDEX reviews_user ON reviews (user_id);

CREATE TABLE review_reports (
	review_id  INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	reason     TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (review_id, user_id)
);

-- Published ratings, kept by the store, for the average and the rating sort.
ALTER TABLE chairs ADD COLUMN rating_sum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chairs ADD COLUMN rating_count INTEGER NOT NULL DEFAULT 0;
