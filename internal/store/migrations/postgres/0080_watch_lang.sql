-- The language of the page a price watch was set on (a locale code: en,
-- fil): the watch's alert mails are written in it, with links to its pages.
ALTER TABLE price_watches ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
