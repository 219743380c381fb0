-- Advice articles. An article is public once its status is published and
-- its publish_at time has come; every save keeps a revision.
CREATE TABLE articles (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	slug       TEXT NOT NULL UNIQUE,
	title      TEXT NOT NULL,
	summary    TEXT NOT NULL,
	category   TEXT NOT NULL,
	tags       TEXT NOT NULL,
	author     TEXT NOT NULL,
	sources    TEXT NOT NULL,
	chairs     TEXT NOT NULL,
	body       TEXT NOT NULL,
	status     TEXT NOT NULL,
	publish_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	-- When the title or body last changed after the first save, 0 if never.
	edited_at  BIGINT NOT NULL
);
CREATE INDEX articles_public ON articles (status, publish_at);

CREATE TABLE article_revisions (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	editor_id  BIGINT REFERENCES users (id) ON DELETE SET NULL,
	editor     TEXT NOT NULL,
	saved_at   BIGINT NOT NULL,
	status     TEXT NOT NULL,
	title      TEXT NOT NULL,
	body       TEXT NOT NULL
);
CREATE INDEX article_revisions_article ON article_revisions (article_id, saved_at);

-- The editors' reviews: one per chair, under a rubric version.
CREATE TABLE editorial_reviews (
	chair_id   BIGINT PRIMARY KEY REFERENCES chairs (id) ON DELETE CASCADE,
	review     TEXT NOT NULL,
	rubric     BIGINT NOT NULL,
	published  BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
