-- Search is derived from the database. Every write that changes searchable content appends a row
-- here in the same transaction; each app node applies new rows to its own tantivy index and keeps
-- how far it got in the index's commit payload. Keep in step with migrations/sqlite.
--
-- On PostgreSQL ids from a sequence become visible out of order when transactions commit out of
-- order, so a node does not read `id > cursor`. Each row records its transaction id (`tx`); a node
-- reads the rows of transactions below the oldest one still running (pg_snapshot_xmin), all of
-- which have ended, and remembers that bound as its cursor.
CREATE TABLE search_changes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity_type TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    tx BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint)
);
CREATE INDEX search_changes_tx ON search_changes (tx);

ALTER TABLE questions ADD COLUMN hidden_at BIGINT;
