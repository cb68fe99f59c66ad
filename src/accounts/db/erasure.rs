//! Deleting an account (GDPR erasure), and the list of every column that points at a person
//! with what deletion and the personal-data export do with it.

use crate::server::db::{Db, now_ms};

/// What account deletion does with a column that points at a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Erasure {
    /// The person's rows go.
    Deleted,
    /// The reference is cleared (NULL) in rows that belong to others.
    Cleared,
    /// The rows stay, pointing at the emptied users row ("former member"), because …
    Kept(&'static str),
}

/// Where the personal-data export shows a column's rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exported {
    /// Under this key of `export::personal_data`'s JSON.
    As(&'static str),
    /// Not exported, because …
    No(&'static str),
}

/// A column that points at a person, with what deletion and the export do with it.
#[derive(Clone, Copy, Debug)]
pub struct PersonColumn {
    pub table: &'static str,
    pub column: &'static str,
    pub erasure: Erasure,
    pub export: Exported,
}

const fn column(
    table: &'static str,
    column: &'static str,
    erasure: Erasure,
    export: Exported,
) -> PersonColumn {
    PersonColumn {
        table,
        column,
        erasure,
        export,
    }
}

const POSTS_STAY: &str =
    "posts stay where others answered and quoted them, shown as by a \"former member\"";
const STAFF_RECORD: &str = "a record of a staff or collective-admin decision, kept for accountability; it reads as a \"former member\"";

/// Every column outside `users` that points at a person (a foreign key to `users`, or a name like
/// `user_id`, `author_id`, `…_by`): what `delete_account` does with it and where the export shows
/// it. The test `every_column_that_points_at_a_person_is_erased_exported_or_kept` reads the live
/// schema of both databases and fails on a column missing here; another test checks that each
/// entry does what it says. A new per-user table or column goes here, into `delete_account` and
/// into `export::personal_data`.
pub const PERSON_COLUMNS: &[PersonColumn] = &[
    column(
        "sessions",
        "user_id",
        Erasure::Deleted,
        Exported::As("sessions"),
    ),
    column(
        "email_verifications",
        "user_id",
        Erasure::Deleted,
        Exported::As("email_verifications"),
    ),
    column(
        "password_resets",
        "user_id",
        Erasure::Deleted,
        Exported::As("password_resets"),
    ),
    column(
        "memberships",
        "user_id",
        Erasure::Deleted,
        Exported::As("memberships"),
    ),
    column(
        "memberships",
        "decided_by",
        Erasure::Kept(STAFF_RECORD),
        Exported::As("join_decisions"),
    ),
    column(
        "lab_partners",
        "user_id",
        Erasure::Deleted,
        Exported::As("partner_labs"),
    ),
    column(
        "lab_partners",
        "granted_by",
        Erasure::Kept(STAFF_RECORD),
        Exported::As("partner_roles_granted"),
    ),
    column(
        "questions",
        "author_id",
        Erasure::Kept(POSTS_STAY),
        Exported::As("questions"),
    ),
    column(
        "questions",
        "claimed_by",
        Erasure::Cleared,
        Exported::As("claimed_questions"),
    ),
    column(
        "answers",
        "author_id",
        Erasure::Kept(POSTS_STAY),
        Exported::As("answers"),
    ),
    column(
        "comments",
        "author_id",
        Erasure::Kept(POSTS_STAY),
        Exported::As("comments"),
    ),
    column(
        "revisions",
        "editor_id",
        Erasure::Kept(
            "a text's public history says which version its author or a moderator wrote; it reads as a \"former member\"",
        ),
        Exported::As("revisions"),
    ),
    column("votes", "user_id", Erasure::Deleted, Exported::As("votes")),
    column(
        "follows",
        "user_id",
        Erasure::Deleted,
        Exported::As("follows"),
    ),
    column(
        "lab_follows",
        "user_id",
        Erasure::Deleted,
        Exported::As("lab_follows"),
    ),
    column(
        "question_drafts",
        "user_id",
        Erasure::Deleted,
        Exported::As("question_draft"),
    ),
    column(
        "notifications",
        "user_id",
        Erasure::Deleted,
        Exported::As("notifications"),
    ),
    column(
        "notifications",
        "actor_id",
        Erasure::Cleared,
        Exported::No(
            "these are other members' notifications; what the person did (answers, comments) is exported itself",
        ),
    ),
    column(
        "flags",
        "user_id",
        Erasure::Kept(
            "an open report stays in the moderators' queue and its counts; its free-text note is emptied",
        ),
        Exported::As("flags"),
    ),
    column(
        "flags",
        "resolved_by",
        Erasure::Kept(STAFF_RECORD),
        Exported::As("flags_resolved"),
    ),
    column(
        "lab_pins",
        "pinned_by",
        Erasure::Kept(STAFF_RECORD),
        Exported::As("pins"),
    ),
    column(
        "moderation_log",
        "actor_id",
        Erasure::Kept(
            "the admins' audit log keeps who did what; the public log shows the role only",
        ),
        Exported::As("moderation_actions"),
    ),
    column(
        "moderation_log",
        "target_user_id",
        Erasure::Kept(
            "the admins' audit log keeps whom an action was about (a warning, a suspension); the public log never shows it",
        ),
        Exported::As("moderation_about_me"),
    ),
];

/// The columns of `users` itself: emptied by deletion (`Cleared`) or kept, and exported or not.
pub const USER_FIELDS: &[(&str, Erasure, Exported)] = &[
    (
        "id",
        Erasure::Kept("posts keep pointing at the row"),
        Exported::As("account"),
    ),
    ("display_name", Erasure::Cleared, Exported::As("account")),
    ("email", Erasure::Cleared, Exported::As("account")),
    ("bio_nl", Erasure::Cleared, Exported::As("account")),
    ("bio_en", Erasure::Cleared, Exported::As("account")),
    (
        "password_hash",
        Erasure::Cleared,
        Exported::No("a secret, and no data about the person"),
    ),
    ("is_moderator", Erasure::Cleared, Exported::As("account")),
    ("is_admin", Erasure::Cleared, Exported::As("account")),
    (
        "email_verified_at",
        Erasure::Cleared,
        Exported::As("account"),
    ),
    (
        "password_changed_at",
        Erasure::Cleared,
        Exported::As("account"),
    ),
    ("suspended_until", Erasure::Cleared, Exported::As("account")),
    (
        "is_demo",
        Erasure::Kept("marks the seeded demo accounts, not a person"),
        Exported::No("not about the person"),
    ),
    (
        "created_at",
        Erasure::Kept("the platform's member counts over time"),
        Exported::As("account"),
    ),
    (
        "deleted_at",
        Erasure::Kept("marks the deletion itself"),
        Exported::No("set only once the account is gone"),
    ),
];

/// Deletes an account (GDPR erasure) as `PERSON_COLUMNS` and `USER_FIELDS` say, in one
/// transaction: the users row is emptied (name, address, password, bio, roles) and stays so posts
/// keep pointing at a "former member"; sessions, memberships, lab roles, mail tokens, votes (the
/// posts' scores lose them), follows, lab follows, notifications, the question draft go; partner
/// claims are released; others' notifications lose the actor; flag notes are emptied.
pub async fn delete_account(db: &Db, user_id: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE users SET display_name = '', email = NULL, password_hash = NULL, bio_nl = '',
                bio_en = '', is_moderator = 0, is_admin = 0, email_verified_at = NULL,
                password_changed_at = NULL, suspended_until = NULL, deleted_at = $1
         WHERE id = $2",
    )
    .bind(now_ms())
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    // The votes leave the scores they were counted in.
    for table in ["questions", "answers"] {
        let kind = if table == "questions" {
            "question"
        } else {
            "answer"
        };
        // Only these fixed table names are formatted in.
        sqlx::query(&format!(
            "UPDATE {table} SET score = score - COALESCE((SELECT v.value FROM votes v
                 WHERE v.entity_type = $2 AND v.entity_id = {table}.id AND v.user_id = $1), 0)
             WHERE id IN (SELECT entity_id FROM votes WHERE entity_type = $2 AND user_id = $1)"
        ))
        .bind(user_id)
        .bind(kind)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "UPDATE questions SET claimed_by = NULL, claimed_at = NULL, waiting_since = NULL
         WHERE claimed_by = $1",
    )
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE notifications SET actor_id = NULL WHERE actor_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE flags SET note = '' WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    for c in PERSON_COLUMNS {
        if c.erasure == Erasure::Deleted {
            // Only the fixed names of `PERSON_COLUMNS` are formatted in.
            sqlx::query(&format!("DELETE FROM {} WHERE {} = $1", c.table, c.column))
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    // The threads' page cache, the author cards and the search feed follow by themselves
    // (migration 0010's triggers).
    tx.commit().await
}
