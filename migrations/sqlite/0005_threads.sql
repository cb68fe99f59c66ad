-- Question threads: votes, comments, revisions (edits), follows, notifications and the asker's
-- draft. Keep in step with migrations/postgres.

-- `version` counts edits (1 = as written); an edit names the version it started from and is
-- refused when somebody else saved in between. `score` is the sum of the votes.
ALTER TABLE questions ADD COLUMN score INTEGER NOT NULL DEFAULT 0;
ALTER TABLE questions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE answers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- The rendered thread page of visitors is cached per node; it is reused only while these numbers
-- are unchanged. `cache_version` moves with every write that changes what the thread shows;
-- `people` moves with every write that changes author cards (names, memberships, partner roles).
ALTER TABLE questions ADD COLUMN cache_version INTEGER NOT NULL DEFAULT 0;
CREATE TABLE cache_versions (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO cache_versions (name, value) VALUES ('people', 0);

-- The list's orders, each a keyset (value, id) walked from the top.
CREATE INDEX questions_active ON questions (last_activity_at DESC, id DESC);
CREATE INDEX questions_votes ON questions (score DESC, id DESC);
CREATE INDEX questions_unanswered ON questions (answer_count, created_at DESC, id DESC);
CREATE INDEX questions_status_newest ON questions (status, created_at DESC, id DESC);

-- One vote per person per post; changing it replaces the row.
CREATE TABLE votes (
    entity_type TEXT NOT NULL CHECK (entity_type IN ('question', 'answer')),
    entity_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    value INTEGER NOT NULL CHECK (value IN (-1, 1)),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (entity_type, entity_id, user_id)
);
CREATE INDEX votes_user ON votes (user_id);

-- Short remarks under a question or an answer. `question_id` is the thread, for loading it at once.
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    entity_type TEXT NOT NULL CHECK (entity_type IN ('question', 'answer')),
    entity_id INTEGER NOT NULL,
    lang TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX comments_question ON comments (question_id, created_at, id);
CREATE INDEX comments_author ON comments (author_id, created_at);
-- A new account's posts of the last hour (accounts::limits) are counted along these.
CREATE INDEX questions_author_time ON questions (author_id, created_at);
CREATE INDEX answers_author_time ON answers (author_id, created_at);

-- Every version of every post, the first one included: (entity type, entity id, version). Later
-- content types (knowledge items) use the same table. `title` is for questions only; `reason` is
-- why it was edited (required when a moderator edits someone else's post).
CREATE TABLE revisions (
    entity_type TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    editor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    title TEXT,
    body_md TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (entity_type, entity_id, version)
);
CREATE INDEX revisions_editor ON revisions (editor_id);

CREATE TABLE follows (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, question_id)
);
CREATE INDEX follows_question ON follows (question_id);

-- In-app notifications. `kind` is 'answer' for now; comments, acceptance, mentions and routed
-- questions will add kinds (and mail delivery will add a sent_at) without a new table.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    question_id INTEGER REFERENCES questions (id) ON DELETE CASCADE,
    answer_id INTEGER REFERENCES answers (id) ON DELETE CASCADE,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, read_at, created_at DESC);
CREATE INDEX notifications_question ON notifications (question_id);

-- The question a member is writing, kept between the preview step and posting (one per person).
-- Sectors and topics are comma-separated slugs.
CREATE TABLE question_drafts (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    lang TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
    title TEXT NOT NULL,
    body_md TEXT NOT NULL,
    sectors TEXT NOT NULL,
    topics TEXT NOT NULL,
    collective TEXT NOT NULL,
    lab TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
