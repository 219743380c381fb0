CREATE TABLE reviews (
	id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	chair_id        BIGINT NOT NULL REFERENCES chairs (id) ON DELETE CASCADE,
	user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	overall         BIGINT NOT NULL,
	comfort         BIGINT,
	intensity_range BIGINT,
	body_fit        BIGINT,
	build           BIGINT,
	value           BIGINT,
	after_sales     BIGINT,
	months_owned    BIGINT NOT NULL,
	text            TEXT NOT NULL,
	pros            TEXT NOT NULL,
	cons            TEXT NOT NULL,
	status          TEXT NOT NULL,
	reject_reason   TEXT NOT NULL DEFAULT '',
	created_at      BIGINT NOT NULL,
	updated_at      BIGINT NOT NULL,
	published_at    BIGINT,
	UNIQUE (chair_id, user_id)
);
CREATE INDEX reviews_status ON reviews (status, updated_at);
CREATE INDEX reviews_user ON reviews (user_id);

CREATE TABLE review_reports (
	review_id  BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
	user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	reason     TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	PRIMARY KEY (review_id, user_id)
);

-- Published ratings, kept by the store, for the average and the rating sort.
ALTER TABLE chairs ADD COLUMN rating_sum BIGINT NOT NULL DEFAULT 0;
ALTER TABLE chairs ADD COLUMN rating_count BIGINT NOT NULL DEFAULT 0;
