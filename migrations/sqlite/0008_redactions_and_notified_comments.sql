-- Issue 15 (hidden content, redaction).
--
-- A moderator can redact an old version of a text (personal data, abuse): its title, body and
-- edit reason are overwritten in place and `redacted_at` is set; the history shows a marker
-- instead. The text is gone for everyone, staff included; the audit log (moderation_log,
-- action 'redact') keeps who, when and why. The current version is never redacted (that is an
-- edit).
ALTER TABLE revisions ADD COLUMN redacted_at INTEGER;

-- The comment a notification is about (a partner's request for information, the asker's
-- reply), so that it disappears with the comment when a moderator hides it or its answer.
ALTER TABLE notifications ADD COLUMN comment_id INTEGER REFERENCES comments (id) ON DELETE CASCADE;
