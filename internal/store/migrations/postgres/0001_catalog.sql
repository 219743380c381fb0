CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE sources (
	id        TEXT PRIMARY KEY,
	url       TEXT NOT NULL,
	title     TEXT NOT NULL,
	publisher TEXT NOT NULL DEFAULT '',
	accessed  TEXT NOT NULL DEFAULT '',
	hash      TEXT NOT NULL
);

CREATE TABLE brands (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	slug        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	country     TEXT NOT NULL DEFAULT '',
	website     TEXT NOT NULL DEFAULT '',
	ph_presence TEXT NOT NULL DEFAULT '',
	source_id   TEXT REFERENCES sources (id),
	hash        TEXT NOT NULL
);

CREATE TABLE retailers (
	id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	slug      TEXT NOT NULL UNIQUE,
	name      TEXT NOT NULL,
	url       TEXT NOT NULL DEFAULT '',
	source_id TEXT REFERENCES sources (id),
	hash      TEXT NOT NULL
);

CREATE TABLE chairs (
	id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	slug                   TEXT NOT NULL UNIQUE,
	brand_id               BIGINT NOT NULL REFERENCES brands (id),
	name                   TEXT NOT NULL,
	source_id              TEXT REFERENCES sources (id),
	track                  TEXT,
	track_length_cm        BIGINT,
	rollers                TEXT,
	airbags                BIGINT,
	programs               BIGINT,
	zero_gravity           BOOLEAN,
	heat                   BOOLEAN,
	heat_zones             BIGINT,
	foot_rollers           BOOLEAN,
	body_scan              BOOLEAN,
	user_height_min_cm     BIGINT,
	user_height_max_cm     BIGINT,
	max_user_weight_kg     BIGINT,
	upright_width_cm       BIGINT,
	upright_depth_cm       BIGINT,
	upright_height_cm      BIGINT,
	reclined_width_cm      BIGINT,
	reclined_depth_cm      BIGINT,
	reclined_height_cm     BIGINT,
	wall_clearance_cm      BIGINT,
	space_saving           BOOLEAN,
	chair_weight_kg        DOUBLE PRECISION,
	voltage                TEXT,
	power_w                BIGINT,
	warranty_parts_months  BIGINT,
	warranty_labour_months BIGINT,
	warranty_ph            BOOLEAN,
	service_areas          TEXT,
	app_control            BOOLEAN,
	release_year           BIGINT,
	-- Derived from offers by the store whenever they change.
	lowest_price_php       BIGINT,
	search_text            TEXT NOT NULL,
	sort_name              TEXT NOT NULL,
	hash                   TEXT NOT NULL
);
CREATE INDEX chairs_brand ON chairs (brand_id);
CREATE INDEX chairs_sort_name ON chairs (sort_name, slug);
CREATE INDEX chairs_release_year ON chairs (release_year);
CREATE INDEX chairs_lowest_price ON chairs (lowest_price_php);

-- Where each spec value comes from: a source, or the sample mark.
CREATE TABLE chair_spec_sources (
	chair_id  BIGINT NOT NULL REFERENCES chairs (id) ON DELETE CASCADE,
	spec      TEXT NOT NULL,
	source_id TEXT REFERENCES sources (id),
	sample    BOOLEAN NOT NULL,
	PRIMARY KEY (chair_id, spec)
);

CREATE TABLE offers (
	chair_id          BIGINT NOT NULL REFERENCES chairs (id) ON DELETE CASCADE,
	retailer_id       BIGINT NOT NULL REFERENCES retailers (id),
	price_php         BIGINT NOT NULL,
	instalment_months BIGINT,
	url               TEXT NOT NULL DEFAULT '',
	observed_at       TEXT NOT NULL DEFAULT '',
	source_id         TEXT REFERENCES sources (id),
	sample            BOOLEAN NOT NULL,
	hash              TEXT NOT NULL,
	PRIMARY KEY (chair_id, retailer_id)
);
CREATE INDEX offers_price ON offers (chair_id, price_php);

CREATE INDEX chairs_search ON chairs USING GIN (to_tsvector('simple', search_text));
