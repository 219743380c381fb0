-- Translations of articles (docs/CONTENT.md): at most one per article and
-- language, at the original's slug. Category, tags, sources and related
-- chairs are the original's (a translation says the same thing on the same
-- evidence), so a translation keeps only its own words, author and
-- publishing state; it goes with its original.
CREATE TABLE article_translations (
	article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	lang       TEXT NOT NULL,
	title      TEXT NOT NULL,
	summary    TEXT NOT NULL,
	author     TEXT NOT NULL,
	body       TEXT NOT NULL,
	status     TEXT NOT NULL,
	publish_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	-- When the title or body last changed after the first save, 0 if never.
	edited_at  BIGINT NOT NULL,
	PRIMARY KEY (article_id, lang)
);
CREATE INDEX article_translations_public ON article_translations (lang, status, publish_at);

-- A revision is of the original (en) or of one translation.
ALTER TABLE article_revisions ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
