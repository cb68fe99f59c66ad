-- Lab dashboards, the partner queue and following a lab. Keep in step with migrations/sqlite.

-- When a question got its first visible answer, and its first answer by a partner of the lab it
-- was routed to (an expert answer). Kept by the writes that add, hide, restore or move answers
-- (`questions::db::refresh_answer_times`), so the dashboards never look at the answers table for
-- these figures.
ALTER TABLE questions ADD COLUMN first_answer_at BIGINT;
ALTER TABLE questions ADD COLUMN first_expert_answer_at BIGINT;
UPDATE questions SET
    first_answer_at = (SELECT MIN(a.created_at) FROM answers a
                       WHERE a.question_id = questions.id AND a.hidden_at IS NULL),
    first_expert_answer_at = (SELECT MIN(a.created_at) FROM answers a
                              WHERE a.question_id = questions.id AND a.hidden_at IS NULL
                                AND a.expert_lab_id IS NOT NULL);

-- The partner queue: `claimed_by` (since 0001) is the partner who took the question on, since
-- `claimed_at`. `waiting_since` is set while the partner waits for the asker to add information;
-- the asker's reply (a comment or an edit of the question) clears it.
ALTER TABLE questions ADD COLUMN claimed_at BIGINT;
ALTER TABLE questions ADD COLUMN waiting_since BIGINT;
CREATE INDEX questions_claimed ON questions (claimed_by, routed_lab_id);
-- The queue walks each lab's open questions oldest first; waiting ones are few.
CREATE INDEX questions_queue ON questions (routed_lab_id, status, created_at, id);
CREATE INDEX questions_waiting ON questions (waiting_since) WHERE waiting_since IS NOT NULL;

-- The dashboards' figures are read from these covering indexes only (no table rows): by time of
-- asking, by time of the first answer, and the open questions by status.
CREATE INDEX questions_stats_time ON questions
    (created_at, routed_lab_id, hidden_at, status, first_answer_at, first_expert_answer_at, answer_count, id);
CREATE INDEX questions_stats_lab ON questions
    (routed_lab_id, created_at, hidden_at, status, first_answer_at, first_expert_answer_at, answer_count, id);
CREATE INDEX questions_answered_time ON questions (first_answer_at, routed_lab_id, hidden_at);
CREATE INDEX questions_answered_lab ON questions (routed_lab_id, first_answer_at, hidden_at);
CREATE INDEX questions_open ON questions (status, routed_lab_id, hidden_at, claimed_by, created_at);
CREATE INDEX answers_time ON answers (created_at, question_id, author_id, hidden_at, is_accepted);

-- Following a lab: new questions in it reach the follower as notifications.
CREATE TABLE lab_follows (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lab_id BIGINT NOT NULL REFERENCES labs (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, lab_id)
);
CREATE INDEX lab_follows_lab ON lab_follows (lab_id, user_id);

-- The dashboards' figures are cached per app node and recomputed when `stats` has moved. These
-- triggers move it with every write that can change a figure, whatever code does the write (once
-- per statement).
INSERT INTO cache_versions (name, value) VALUES ('stats', 0);
CREATE FUNCTION bump_stats_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cache_versions SET value = value + 1 WHERE name = 'stats';
    RETURN NULL;
END
$$;
CREATE TRIGGER stats_questions AFTER INSERT OR DELETE OR UPDATE OF status, answer_count, hidden_at,
    routed_lab_id, claimed_by, waiting_since, first_answer_at, first_expert_answer_at, created_at
    ON questions FOR EACH STATEMENT EXECUTE FUNCTION bump_stats_version();
CREATE TRIGGER stats_answers AFTER INSERT OR DELETE OR UPDATE OF hidden_at, is_accepted, question_id,
    author_id, expert_lab_id ON answers FOR EACH STATEMENT EXECUTE FUNCTION bump_stats_version();
CREATE TRIGGER stats_partners AFTER INSERT OR DELETE ON lab_partners
    FOR EACH STATEMENT EXECUTE FUNCTION bump_stats_version();
