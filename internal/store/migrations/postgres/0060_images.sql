-- Pictures (docs/MEDIA.md). An image belongs to a chair (an editor's photo,
-- published at once) or to an owner's review (pending until the review is
-- published, and back to pending when the review is edited). width and
-- height are the picture as displayed; ordinal orders a chair's or a
-- review's pictures; the encodings are image_variants.
-- Times are Unix seconds.
CREATE TABLE images (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	owner_kind TEXT NOT NULL,
	chair_id   BIGINT REFERENCES chairs (id) ON DELETE CASCADE,
	review_id  BIGINT REFERENCES reviews (id) ON DELETE CASCADE,
	alt        TEXT NOT NULL,
	credit     TEXT NOT NULL DEFAULT '',
	is_main    BOOLEAN NOT NULL DEFAULT FALSE,
	ordinal    BIGINT NOT NULL,
	status     TEXT NOT NULL,
	width      BIGINT NOT NULL,
	height     BIGINT NOT NULL,
	created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at BIGINT NOT NULL,
	CHECK ((owner_kind = 'chair' AND chair_id IS NOT NULL AND review_id IS NULL)
		OR (owner_kind = 'review' AND review_id IS NOT NULL AND chair_id IS NULL)),
	CHECK (status = 'pending' OR status = 'published')
);
CREATE INDEX images_chair ON images (chair_id, ordinal);
CREATE INDEX images_review ON images (review_id, ordinal);
-- At most one main photo per chair.
CREATE UNIQUE INDEX images_chair_main ON images (chair_id) WHERE is_main;

-- Each image's encodings: every width as WebP and JPEG. hash is the first
-- 16 hex digits of the SHA-256 of bytes; /media/{width}-{hash}.{ext} serves it.
CREATE TABLE image_variants (
	image_id BIGINT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
	width    BIGINT NOT NULL,
	height   BIGINT NOT NULL,
	format   TEXT NOT NULL,
	hash     TEXT NOT NULL,
	bytes    BYTEA NOT NULL,
	PRIMARY KEY (image_id, width, format)
);
CREATE INDEX image_variants_hash ON image_variants (hash);
