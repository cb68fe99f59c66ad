-- Moderation: hidden and soft-deleted posts, locked and duplicate threads, pins on lab pages,
-- flags, the moderation log, warnings and suspensions, versions of collective and lab texts.
-- Keep in step with migrations/postgres.

-- A post that is hidden (spam, abuse) or soft-deleted vanishes for everybody but moderators, who
-- see it marked. `hidden_kind` says which of the two ('hidden' or 'deleted'); both set
-- `hidden_at`, so every public query keeps filtering on `hidden_at IS NULL` alone.
ALTER TABLE questions ADD COLUMN hidden_kind TEXT CHECK (hidden_kind IN ('hidden', 'deleted'));
ALTER TABLE answers ADD COLUMN hidden_at INTEGER;
ALTER TABLE answers ADD COLUMN hidden_kind TEXT CHECK (hidden_kind IN ('hidden', 'deleted'));
ALTER TABLE comments ADD COLUMN hidden_at INTEGER;
ALTER TABLE comments ADD COLUMN hidden_kind TEXT CHECK (hidden_kind IN ('hidden', 'deleted'));

-- A locked thread takes no new answers or comments. A question closed as a duplicate hands its
-- answers to `duplicate_of` and its URL redirects there.
ALTER TABLE questions ADD COLUMN locked_at INTEGER;
ALTER TABLE questions ADD COLUMN duplicate_of INTEGER REFERENCES questions (id) ON DELETE SET NULL;

-- Questions a moderator pinned to the top of a lab page.
CREATE TABLE lab_pins (
    lab_id INTEGER NOT NULL REFERENCES labs (id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    pinned_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (lab_id, question_id)
);
CREATE INDEX lab_pins_question ON lab_pins (question_id);

-- A member's report of a post; one per member per post. Open while `resolved_at` is NULL; a
-- moderator's action on the post resolves every open flag on it at once.
CREATE TABLE flags (
    id INTEGER PRIMARY KEY,
    entity_type TEXT NOT NULL CHECK (entity_type IN ('question', 'answer', 'comment')),
    entity_id INTEGER NOT NULL,
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (reason IN ('spam', 'off_topic', 'abusive', 'needs_expert', 'other')),
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    resolved_at INTEGER,
    resolved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    resolution TEXT,
    UNIQUE (entity_type, entity_id, user_id)
);
CREATE INDEX flags_open ON flags (resolved_at, entity_type, entity_id);
CREATE INDEX flags_user ON flags (user_id);

-- Every moderation action. The public log shows the actor's role, never the person; the audit
-- log for admins shows `actor_id` too. `detail` holds what the action needs besides the reason
-- (the duplicate's target, the lab of a pin, the end of a suspension).
CREATE TABLE moderation_log (
    id INTEGER PRIMARY KEY,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor_role TEXT NOT NULL CHECK (actor_role IN ('moderator', 'admin')),
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    question_id INTEGER REFERENCES questions (id) ON DELETE SET NULL,
    target_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX moderation_log_time ON moderation_log (created_at DESC, id DESC);
CREATE INDEX moderation_log_actor ON moderation_log (actor_id);
CREATE INDEX moderation_log_target ON moderation_log (target_user_id);

-- A suspended member reads but cannot post, vote or flag until this time.
ALTER TABLE users ADD COLUMN suspended_until INTEGER;
-- Warnings and suspensions reach the member as notifications pointing at the log entry.
ALTER TABLE notifications ADD COLUMN log_id INTEGER REFERENCES moderation_log (id) ON DELETE CASCADE;

-- Collective profiles and lab page texts are edited inline too, with the same conflict check.
ALTER TABLE collectives ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE labs ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
