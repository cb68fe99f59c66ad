-- Search is derived from the database. Every write that changes searchable content appends a row
-- here in the same transaction; each app node applies new rows to its own tantivy index and keeps
-- how far it got in the index's commit payload. Keep in step with migrations/postgres.
--
-- SQLite serialises writers, so ids become visible in id order and a node reads `id > cursor`.
CREATE TABLE search_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entity_type TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- Moderators hide content (the moderation issue adds who and why); hidden content is not shown,
-- counted or searchable.
ALTER TABLE questions ADD COLUMN hidden_at INTEGER;
