-- Prices are observations (docs/PRICES.md). Every price seen is kept, in
-- centavos, with how and when it was seen; times are Unix seconds.
CREATE TABLE price_observations (
	id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	chair_id           BIGINT NOT NULL REFERENCES chairs (id) ON DELETE CASCADE,
	-- NULL only for a member sighting at a place that is not a listed
	-- retailer; place then says where ("SM Megamall showroom").
	retailer_id        BIGINT REFERENCES retailers (id),
	place              TEXT NOT NULL DEFAULT '',
	price              BIGINT NOT NULL,
	-- 0 when no regular (strike-through) price was shown.
	regular_price      BIGINT NOT NULL DEFAULT 0,
	-- NULL when no instalment plan was shown; the rate is basis points a
	-- month (0 = a 0 % plan); monthly is the quoted amount or 0; banks are
	-- separated by ';'.
	instalment_months  BIGINT,
	instalment_rate_bp BIGINT NOT NULL DEFAULT 0,
	instalment_monthly BIGINT NOT NULL DEFAULT 0,
	instalment_banks   TEXT NOT NULL DEFAULT '',
	-- '', 'in_stock' or 'out_of_stock'.
	stock              TEXT NOT NULL DEFAULT '',
	url                TEXT NOT NULL DEFAULT '',
	observed_at        BIGINT NOT NULL,
	-- editor, feed, extraction or sighting.
	method             TEXT NOT NULL,
	-- A member sighting is pending until an editor approves or rejects it
	-- (with a reason); every other observation is approved.
	status             TEXT NOT NULL DEFAULT 'approved',
	reason             TEXT NOT NULL DEFAULT '',
	submitted_by       BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at         BIGINT NOT NULL
);
-- One observation per chair, retailer, time and method: importing a file
-- twice records nothing new.
CREATE UNIQUE INDEX price_observations_key ON price_observations (chair_id, retailer_id, observed_at, method);
-- The chair page and its history read a chair's observations by time.
CREATE INDEX price_observations_chair ON price_observations (chair_id, observed_at);
-- The editors' queue of member sightings.
CREATE INDEX price_observations_pending ON price_observations (status, id);

-- The current offer of each retailer for a chair: its latest approved
-- observation, kept in the transaction that records one, so the catalog
-- can filter and sort by the lowest fresh price.
CREATE TABLE price_current (
	chair_id       BIGINT NOT NULL REFERENCES chairs (id) ON DELETE CASCADE,
	retailer_id    BIGINT NOT NULL REFERENCES retailers (id),
	observation_id BIGINT NOT NULL REFERENCES price_observations (id) ON DELETE CASCADE,
	price          BIGINT NOT NULL,
	stock          TEXT NOT NULL,
	observed_at    BIGINT NOT NULL,
	PRIMARY KEY (chair_id, retailer_id)
);
CREATE INDEX price_current_fresh ON price_current (observed_at, chair_id);

-- Product pages an editor asked the fetcher to read.
CREATE TABLE tracked_urls (
	id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	chair_id        BIGINT NOT NULL REFERENCES chairs (id) ON DELETE CASCADE,
	retailer_id     BIGINT NOT NULL REFERENCES retailers (id),
	url             TEXT NOT NULL UNIQUE,
	created_at      BIGINT NOT NULL,
	-- The last fetch: when, 'ok' or 'failed', and why it failed.
	last_fetched_at BIGINT,
	last_status     TEXT NOT NULL DEFAULT '',
	failure_reason  TEXT NOT NULL DEFAULT '',
	failing         BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX tracked_urls_failing ON tracked_urls (failing, id);

-- A member watching a chair's price: a target in centavos, or NULL for
-- any drop.
CREATE TABLE price_watches (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	chair_id   BIGINT NOT NULL REFERENCES chairs (id) ON DELETE CASCADE,
	target     BIGINT,
	created_at BIGINT NOT NULL,
	UNIQUE (user_id, chair_id)
);
CREATE INDEX price_watches_chair ON price_watches (chair_id);

-- The alerts watches fired: at most one per member, chair and Philippine
-- day (YYYY-MM-DD). send_at is when it is due to be mailed; mail_job_id
-- the mail job that carries it, and unsubscribe_hash the SHA-256 of that
-- mail's one-click unsubscribe token.
CREATE TABLE price_alerts (
	id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	watch_id         BIGINT NOT NULL REFERENCES price_watches (id) ON DELETE CASCADE,
	user_id          BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	chair_id         BIGINT NOT NULL REFERENCES chairs (id) ON DELETE CASCADE,
	day              TEXT NOT NULL,
	observation_id   BIGINT NOT NULL REFERENCES price_observations (id) ON DELETE CASCADE,
	old_price        BIGINT,
	new_price        BIGINT NOT NULL,
	send_at          BIGINT NOT NULL,
	mail_job_id      BIGINT,
	unsubscribe_hash TEXT,
	created_at       BIGINT NOT NULL,
	UNIQUE (user_id, chair_id, day)
);
CREATE INDEX price_alerts_unsent ON price_alerts (user_id, mail_job_id);
CREATE INDEX price_alerts_unsubscribe ON price_alerts (unsubscribe_hash);

-- Offers become observations: an offer someone observed (not a sample)
-- is an editor's observation on its date (midnight in Manila); samples go.
INSERT INTO price_observations (chair_id, retailer_id, price, instalment_months, url, observed_at, method, created_at)
SELECT o.chair_id, o.retailer_id, o.price_php * 100, o.instalment_months, o.url, CAST(EXTRACT(EPOCH FROM CAST(o.observed_at AS date)) AS BIGINT) - 28800, 'editor', CAST(EXTRACT(EPOCH FROM CAST(o.observed_at AS date)) AS BIGINT) - 28800
FROM offers o WHERE NOT o.sample AND o.observed_at <> '';
INSERT INTO price_current (chair_id, retailer_id, observation_id, price, stock, observed_at)
SELECT chair_id, retailer_id, id, price, stock, observed_at FROM price_observations;
DROP TABLE offers;
DROP INDEX chairs_lowest_price;
ALTER TABLE chairs DROP COLUMN lowest_price_php;
