-- Which market a source describes (PH, SG, MY, JP, US, other) and who
-- publishes it (manufacturer, manual, official_distributor, retailer,
-- press, aggregator, owner_measurement); '' when not stated.
ALTER TABLE sources ADD COLUMN market TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN kind TEXT NOT NULL DEFAULT '';

-- Showrooms, stores and service centres of a brand in the Philippines.
-- region is a PSA region code; checked is the date the place was last
-- confirmed against its source.
CREATE TABLE places (
	id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	slug      TEXT NOT NULL UNIQUE,
	brand_id  BIGINT NOT NULL REFERENCES brands (id),
	kind      TEXT NOT NULL,
	name      TEXT NOT NULL,
	address   TEXT NOT NULL,
	city      TEXT NOT NULL,
	province  TEXT NOT NULL DEFAULT '',
	region    TEXT NOT NULL,
	hours     TEXT NOT NULL DEFAULT '',
	phone     TEXT NOT NULL DEFAULT '',
	source_id TEXT NOT NULL REFERENCES sources (id),
	checked   TEXT NOT NULL,
	hash      TEXT NOT NULL
);
CREATE INDEX places_region ON places (region);
CREATE INDEX places_brand ON places (brand_id);
