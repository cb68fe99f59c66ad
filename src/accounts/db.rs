//! SQL for accounts, roles and profiles.

use super::{AdminUserRow, AnswerLink, CollectiveRole, DisplayName, Email, LabRole, UserProfile};
use crate::server::db::{Db, now_ms};
use crate::taxonomy::Term;
use sqlx::FromRow;

/// The account behind an address, for signing in: its id and password hash.
pub async fn sign_in_record(
    db: &Db,
    email: &Email,
) -> Result<Option<(i64, Option<String>)>, sqlx::Error> {
    sqlx::query_as::<_, (i64, Option<String>)>(
        "SELECT id, password_hash FROM users WHERE email = $1 AND deleted_at IS NULL",
    )
    .bind(email.as_str())
    .fetch_optional(&db.read)
    .await
}

pub async fn password_hash(db: &Db, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    Ok(sqlx::query_as::<_, (Option<String>,)>(
        "SELECT password_hash FROM users WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(user_id)
    .fetch_optional(&db.read)
    .await?
    .and_then(|(h,)| h))
}

#[derive(Debug)]
pub enum CreateUserError {
    EmailTaken,
    Db(sqlx::Error),
}

impl From<sqlx::Error> for CreateUserError {
    fn from(e: sqlx::Error) -> Self {
        CreateUserError::Db(e)
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// A new account. The address must not be in use (also by a concurrent sign-up: the unique index
/// decides, on both databases).
pub async fn create_user(
    db: &Db,
    name: &DisplayName,
    email: &Email,
    password_hash: &str,
) -> Result<i64, CreateUserError> {
    let mut tx = db.begin_write().await?;
    let taken = sqlx::query_as::<_, (i64,)>("SELECT id FROM users WHERE email = $1")
        .bind(email.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(CreateUserError::EmailTaken);
    }
    let now = now_ms();
    let inserted = sqlx::query_as::<_, (i64,)>(
        "INSERT INTO users (display_name, email, password_hash, created_at, password_changed_at)
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(name.as_str())
    .bind(email.as_str())
    .bind(password_hash)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let (id,) = match inserted {
        Ok(row) => row,
        Err(e) if is_unique_violation(&e) => return Err(CreateUserError::EmailTaken),
        Err(e) => return Err(e.into()),
    };
    tx.commit().await?;
    Ok(id)
}

/// Stores a new password hash and ends every session of the account except `keep_session`.
pub async fn set_password(
    db: &Db,
    user_id: i64,
    hash: &str,
    keep_session: Option<&str>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now_ms())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep_session.unwrap_or(""))
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

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
    /// Under this key of `export::collect`'s JSON.
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
/// into `export::collect`.
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
    // Threads whose page changes: voted on, or claimed, by this person.
    let touched: Vec<i64> = sqlx::query_scalar(
        "SELECT entity_id FROM votes WHERE user_id = $1 AND entity_type = 'question'
         UNION SELECT a.question_id FROM votes v JOIN answers a ON a.id = v.entity_id
               WHERE v.user_id = $1 AND v.entity_type = 'answer'
         UNION SELECT id FROM questions WHERE claimed_by = $1",
    )
    .bind(user_id)
    .fetch_all(&mut *tx)
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
    for question_id in touched {
        crate::questions::db::touch(&mut tx, question_id).await?;
        crate::search::changes::record(&mut tx, "question", question_id).await?;
    }
    crate::server::db::touch_people(&mut tx).await?;
    tx.commit().await
}

/// Whether the account is younger than `days` days (a gone account counts as new).
pub async fn is_new_account(db: &Db, user_id: i64, days: i64) -> Result<bool, sqlx::Error> {
    let created_at: Option<i64> =
        sqlx::query_scalar("SELECT created_at FROM users WHERE id = $1 AND deleted_at IS NULL")
            .bind(user_id)
            .fetch_optional(&db.read)
            .await?;
    Ok(created_at.is_none_or(|at| now_ms() - at < days * 86_400_000))
}

#[derive(FromRow)]
struct ProfileRow {
    id: i64,
    display_name: String,
    bio_nl: String,
    bio_en: String,
    created_at: i64,
    is_moderator: i64,
    suspended_until: Option<i64>,
}

#[derive(FromRow)]
struct LabRoleRow {
    user_id: i64,
    slug: String,
    name_nl: String,
    name_en: String,
    organisation: String,
}

impl LabRoleRow {
    fn into_role(self) -> LabRole {
        LabRole {
            lab: Term {
                slug: self.slug,
                name_nl: self.name_nl,
                name_en: self.name_en,
            },
            organisation: self.organisation,
        }
    }
}

const LAB_ROLE_SELECT: &str = "SELECT p.user_id, l.slug, l.name_nl, l.name_en, p.organisation
    FROM lab_partners p JOIN labs l ON l.id = p.lab_id";

#[derive(FromRow)]
struct AnswerLinkRow {
    question_id: i64,
    title: String,
    created_at: i64,
    is_accepted: i64,
    lab_slug: Option<String>,
    lab_name_nl: Option<String>,
    lab_name_en: Option<String>,
}

/// A person's public profile (None for unknown and deleted accounts).
pub async fn profile(db: &Db, user_id: i64) -> Result<Option<UserProfile>, sqlx::Error> {
    let Some(row) = sqlx::query_as::<_, ProfileRow>(
        "SELECT id, display_name, bio_nl, bio_en, created_at, is_moderator,
                CASE WHEN suspended_until > $2 THEN suspended_until END AS suspended_until
         FROM users WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(user_id)
    .bind(crate::server::db::now_ms())
    .fetch_optional(&db.read)
    .await?
    else {
        return Ok(None);
    };
    let collectives = sqlx::query_as::<_, (String, String, String)>(
        "SELECT c.slug, c.name, m.role FROM memberships m JOIN collectives c ON c.id = m.collective_id
         WHERE m.user_id = $1 AND m.status = 'active' ORDER BY c.name LIMIT 100",
    )
    .bind(user_id)
    .fetch_all(&db.read)
    .await?
    .into_iter()
    .map(|(slug, name, role)| CollectiveRole {
        slug,
        name,
        is_admin: role == "admin",
    })
    .collect();
    let labs = sqlx::query_as::<_, LabRoleRow>(&format!(
        "{LAB_ROLE_SELECT} WHERE p.user_id = $1 ORDER BY l.position"
    ))
    .bind(user_id)
    .fetch_all(&db.read)
    .await?
    .into_iter()
    .map(LabRoleRow::into_role)
    .collect();
    let questions = crate::questions::db::by_author(db, user_id, 20).await?;
    let answers = sqlx::query_as::<_, AnswerLinkRow>(
        "SELECT q.id AS question_id, q.title, a.created_at, a.is_accepted,
                l.slug AS lab_slug, l.name_nl AS lab_name_nl, l.name_en AS lab_name_en
         FROM answers a JOIN questions q ON q.id = a.question_id
         LEFT JOIN labs l ON l.id = a.expert_lab_id
         WHERE a.author_id = $1 AND a.hidden_at IS NULL AND q.hidden_at IS NULL
         ORDER BY a.created_at DESC, a.id DESC LIMIT 20",
    )
    .bind(user_id)
    .fetch_all(&db.read)
    .await?
    .into_iter()
    .map(|r| AnswerLink {
        question_id: r.question_id,
        question_title: r.title,
        created_at: r.created_at,
        is_accepted: r.is_accepted != 0,
        expert_lab: r.lab_slug.map(|slug| Term {
            slug,
            name_nl: r.lab_name_nl.unwrap_or_default(),
            name_en: r.lab_name_en.unwrap_or_default(),
        }),
    })
    .collect();
    Ok(Some(UserProfile {
        id: row.id,
        name: row.display_name,
        bio_nl: row.bio_nl,
        bio_en: row.bio_en,
        joined_at: row.created_at,
        is_moderator: row.is_moderator != 0,
        collectives,
        labs,
        questions,
        answers,
        suspended_until: row.suspended_until,
    }))
}

#[derive(FromRow)]
struct AdminRow {
    id: i64,
    display_name: String,
    email: Option<String>,
    is_moderator: i64,
    is_admin: i64,
}

/// Accounts whose name or address contains `query` (all when empty), at most 50, by name.
pub async fn admin_users(db: &Db, query: &str) -> Result<Vec<AdminUserRow>, sqlx::Error> {
    let pattern = format!(
        "%{}%",
        query
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let rows = sqlx::query_as::<_, AdminRow>(
        "SELECT id, display_name, email, is_moderator, is_admin FROM users
         WHERE deleted_at IS NULL
           AND (LOWER(display_name) LIKE $1 ESCAPE '\\' OR email LIKE $1 ESCAPE '\\')
         ORDER BY display_name, id LIMIT 50",
    )
    .bind(pattern)
    .fetch_all(&db.read)
    .await?;
    let mut labs: std::collections::HashMap<i64, Vec<LabRole>> = Default::default();
    if !rows.is_empty() {
        let sql = format!(
            "{LAB_ROLE_SELECT} WHERE p.user_id IN ({}) ORDER BY l.position",
            crate::server::db::placeholders(1, rows.len())
        );
        let mut q = sqlx::query_as::<_, LabRoleRow>(&sql);
        for r in &rows {
            q = q.bind(r.id);
        }
        for role in q.fetch_all(&db.read).await? {
            labs.entry(role.user_id).or_default().push(role.into_role());
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| AdminUserRow {
            labs: labs.remove(&r.id).unwrap_or_default(),
            id: r.id,
            name: r.display_name,
            email: r.email.unwrap_or_default(),
            is_moderator: r.is_moderator != 0,
            is_admin: r.is_admin != 0,
        })
        .collect())
}

/// Whether an account exists (and is not deleted).
pub async fn user_exists(db: &Db, user_id: i64) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query_as::<_, (i64,)>("SELECT id FROM users WHERE id = $1 AND deleted_at IS NULL")
            .bind(user_id)
            .fetch_optional(&db.read)
            .await?
            .is_some(),
    )
}

/// Makes `user_id` a partner of the Partner Lab `lab` for `organisation` (or updates the
/// organisation). Returns false when there is no such Partner Lab.
pub async fn grant_partner(
    db: &Db,
    user_id: i64,
    lab: &str,
    organisation: &str,
    granted_by: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let Some((lab_id,)) =
        sqlx::query_as::<_, (i64,)>("SELECT id FROM labs WHERE slug = $1 AND is_partner_lab = 1")
            .bind(lab)
            .fetch_optional(&mut *tx)
            .await?
    else {
        return Ok(false);
    };
    sqlx::query(
        "INSERT INTO lab_partners (user_id, lab_id, organisation, created_at, granted_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, lab_id) DO UPDATE SET organisation = excluded.organisation",
    )
    .bind(user_id)
    .bind(lab_id)
    .bind(organisation)
    .bind(now_ms())
    .bind(granted_by)
    .execute(&mut *tx)
    .await?;
    crate::server::db::touch_people(&mut tx).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn revoke_partner(db: &Db, user_id: i64, lab: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "DELETE FROM lab_partners WHERE user_id = $1
           AND lab_id = (SELECT id FROM labs WHERE slug = $2)",
    )
    .bind(user_id)
    .bind(lab)
    .execute(&mut *tx)
    .await?;
    crate::server::db::touch_people(&mut tx).await?;
    tx.commit().await
}

pub async fn set_moderator(db: &Db, user_id: i64, on: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET is_moderator = $1 WHERE id = $2 AND deleted_at IS NULL")
        .bind(i64::from(on))
        .bind(user_id)
        .execute(&db.write)
        .await?;
    Ok(())
}

/// `create-admin`: a new admin account, or admin rights (and this password) for an existing one.
pub async fn upsert_admin(
    db: &Db,
    name: &DisplayName,
    email: &Email,
    password_hash: &str,
) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let now = now_ms();
    let existing =
        sqlx::query_as::<_, (i64,)>("SELECT id FROM users WHERE email = $1 AND deleted_at IS NULL")
            .bind(email.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let id = match existing {
        Some((id,)) => {
            sqlx::query(
                "UPDATE users SET is_admin = 1, password_hash = $1, password_changed_at = $2
                 WHERE id = $3",
            )
            .bind(password_hash)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            id
        }
        None => {
            sqlx::query_as::<_, (i64,)>(
                "INSERT INTO users (display_name, email, password_hash, is_admin, created_at,
                                    password_changed_at)
                 VALUES ($1, $2, $3, 1, $4, $4) RETURNING id",
            )
            .bind(name.as_str())
            .bind(email.as_str())
            .bind(password_hash)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?
            .0
        }
    };
    tx.commit().await?;
    Ok(id)
}
