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
	id          INTEGER PRIMARY KEY,
	slug        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	country     TEXT NOT NULL DEFAULT '',
	website     TEXT NOT NULL DEFAULT '',
	ph_presence TEXT NOT NULL DEFAULT '',
	source_id   TEXT REFERENCES sources (id),
	hash        TEXT NOT NULL
);

CREATE TABLE retailers (
	id        INTEGER PRIMARY KEY,
	slug      TEXT NOT NULL UNIQUE,
	name      TEXT NOT NULL,
	url       TEXT NOT NULL DEFAULT '',
	source_id TEXT REFERENCES sources (id),
	hash      TEXT NOT NULL
);

CREATE TABLE chairs (
	id                     INTEGER PRIMARY KEY,
	slug                   TEXT NOT NULL UNIQUE,
	brand_id               INTEGER NOT NULL REFERENCES brands (id),
	name                   TEXT NOT NULL,
	source_id              TEXT REFERENCES sources (id),
	track                  TEXT,
	track_length_cm        INTEGER,
	rollers                TEXT,
	airbags                INTEGER,
	programs               INTEGER,
	zero_gravity           BOOLEAN,
	heat                   BOOLEAN,
	heat_zones             INTEGER,
	foot_rollers           BOOLEAN,
	body_scan              BOOLEAN,
	user_height_min_cm     INTEGER,
	user_height_max_cm     INTEGER,
	max_user_weight_kg     INTEGER,
	upright_width_cm       INTEGER,
	upright_depth_cm       INTEGER,
	upright_height_cm      INTEGER,
	reclined_width_cm      INTEGER,
	reclined_depth_cm      INTEGER,
	reclined_height_cm     INTEGER,
	wall_clearance_cm      INTEGER,
	space_saving           BOOLEAN,
	chair_weight_kg        REAL,
	voltage                TEXT,
	power_w                INTEGER,
	warranty_parts_months  INTEGER,
	warranty_labour_months INTEGER,
	warranty_ph            BOOLEAN,
	service_areas          TEXT,
	app_control            BOOLEAN,
	release_year           INTEGER,
	-- Derived from offers by the store whenever they change.
	lowest_price_php       INTEGER,
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
	chair_id  INTEGER NOT NULL REFERENCES chairs (id) ON DELETE CASCADE,
	spec      TEXT NOT NULL,
	source_id TEXT REFERENCES sources (id),
	sample    BOOLEAN NOT NULL,
	PRIMARY KEY (chair_id, spec)
);

CREATE TABLE offers (
	chair_id          INTEGER NOT NULL REFERENCES chairs (id) ON DELETE CASCADE,
	retailer_id       INTEGER NOT NULL REFERENCES retailers (id),
	price_php         INTEGER NOT NULL,
	instalment_months INTEGER,
	url               TEXT NOT NULL DEFAULT '',
	observed_at       TEXT NOT NULL DEFAULT '',
	source_id         TEXT REFERENCES sources (id),
	sample            BOOLEAN NOT NULL,
	hash              TEXT NOT NULL,
	PRIMARY KEY (chair_id, retailer_id)
);
CREATE INDEX offers_price ON offers (chair_id, price_php);

CREATE VIRTUAL TABLE chairs_fts USING fts5 (
	search_text,
	content = 'chairs',
	content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER chairs_fts_insert AFTER INSERT ON chairs BEGIN
	INSERT INTO chairs_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER chairs_fts_delete AFTER DELETE ON chairs BEGIN
	INSERT INTO chairs_fts (chairs_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER chairs_fts_update AFTER UPDATE OF search_text ON chairs BEGIN
	INSERT INTO chairs_fts (chairs_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO chairs_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
