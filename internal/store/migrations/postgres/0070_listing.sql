-- The catalog listing (docs/PERFORMANCE.md): one index holding every
-- column a public chair list filters or sorts on, led by retired, and the
-- id, so that counting a filter's chairs and finding a page's ids read
-- this index alone (PostgreSQL: an index-only scan) instead of the whole
-- chair rows. The rows of the page itself are then read by id.
CREATE INDEX chairs_listing ON chairs (retired, sort_name, slug, brand_id, track, rollers, zero_gravity, heat, foot_rollers,
	space_saving, user_height_min_cm, user_height_max_cm, max_user_weight_kg, release_year, rating_sum, rating_count, id);
