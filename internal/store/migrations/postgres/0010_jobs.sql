-- The outbox of background jobs (internal/jobs). A job is written in the
-- transaction of the change that calls for it; a runner claims it with a
-- lease (locked_by, locked_until), and it ends done or failed. Times are
-- Unix seconds.
CREATE TABLE jobs (
	id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind         TEXT NOT NULL,
	payload      TEXT NOT NULL,
	-- Unique when set: a second job with the same key is not enqueued.
	dedup_key    TEXT UNIQUE,
	created_at   BIGINT NOT NULL,
	run_at       BIGINT NOT NULL,
	attempts     BIGINT NOT NULL DEFAULT 0,
	last_error   TEXT NOT NULL DEFAULT '',
	locked_by    TEXT,
	locked_until BIGINT,
	done_at      BIGINT,
	failed_at    BIGINT
);
-- The jobs still to run, in the order they are claimed.
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE done_at IS NULL AND failed_at IS NULL;
