-- Accounts: passwords, platform roles, database sessions, rate limits, and the tables the mail
-- flows (address verification, password reset) will use. Keep in step with migrations/sqlite.
--
-- A deleted account keeps its users row (name and email cleared, deleted_at set): posts keep their
-- author_id and read as "former member". Sessions, memberships and lab roles go with the account.

ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN is_moderator BIGINT NOT NULL DEFAULT 0 CHECK (is_moderator IN (0, 1));
ALTER TABLE users ADD COLUMN is_admin BIGINT NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1));
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
ALTER TABLE users ADD COLUMN password_changed_at BIGINT;

-- `id` is the SHA-256 (hex) of the cookie's token: a copy of this table signs nobody in.
-- Idle expiry is `last_seen_at` + the configured idle time; `expires_at` is the absolute end.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Single-use mail tokens, stored as SHA-256 digests like sessions.
CREATE TABLE email_verifications (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX email_verifications_user ON email_verifications (user_id);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- Sliding-window rate limits shared by every app node. `bucket` names what is limited, e.g.
-- 'signin-ip:203.0.113.7' or 'signin-account:<sha256 of the email>' (no addresses stored here).
CREATE TABLE rate_limit_hits (
    bucket TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX rate_limit_hits_bucket ON rate_limit_hits (bucket, at);
CREATE INDEX rate_limit_hits_at ON rate_limit_hits (at);

-- Who decided a join request, and when.
ALTER TABLE memberships ADD COLUMN decided_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE memberships ADD COLUMN decided_at BIGINT;
-- Who granted a lab role.
ALTER TABLE lab_partners ADD COLUMN granted_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
