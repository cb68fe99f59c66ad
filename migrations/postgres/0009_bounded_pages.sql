-- Issue 15, point 4: no public request may cost more than a bounded amount of work. Indexes for
-- the paged reads.
--
-- A thread's answers in page order (accepted first, then by score, then oldest first), read a
-- page at a time with LIMIT/OFFSET, and the place of one answer in that order (`?answer=ID`).
CREATE INDEX answers_thread_order ON answers (question_id, is_accepted DESC, score DESC, created_at, id);

-- The first comments under one post (the thread shows a bounded number per post) and the paged
-- list of all comments under a post.
CREATE INDEX comments_post ON comments (entity_type, entity_id, created_at, id);

-- The hourly edit limit counts an account's versions of the last hour.
DROP INDEX revisions_editor;
CREATE INDEX revisions_editor ON revisions (editor_id, created_at);

-- The collectives directory, a keyset page at a time in name order.
CREATE INDEX collectives_name ON collectives (name, id);
