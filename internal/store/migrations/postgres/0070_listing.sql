-- The catalog listing (docs/PERFORMANCE.md): one index of the listed
-- (not retired) chairs holding every column a public chair list filters
-- or sorts on, and the id, so that counting a filter's chairs and finding
-- a page's ids read this index alone (a covering or index-only scan)
-- instead of the whole chair rows; the page's own rows are then read by
-- id. retired is in it too: SQLite counts an index as covering only when
-- it holds every column the query names, the index's own condition
-- included. Partial rather than led by retired, so that SQLite, planning
-- without statistics, does not take "retired = FALSE" for a selective
-- condition and scan the index where a few ids are asked for.
CREATE INDEX chairs_listing ON chairs (sort_name, slug, brand_id, track, rollers, zero_gravity, heat, foot_rollers, space_saving,
	user_height_min_cm, user_height_max_cm, max_user_weight_kg, release_year, rating_sum, rating_count, id, retired)
	WHERE retired = FALSE;
