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

/// Deletes an account (GDPR erasure): name, address, password, bio, sessions, memberships, lab
/// roles and pending mail tokens go; the row stays so posts keep pointing at a "former member".
pub async fn delete_account(db: &Db, user_id: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE users SET display_name = '', email = NULL, password_hash = NULL, bio_nl = '',
                bio_en = '', is_moderator = 0, is_admin = 0, email_verified_at = NULL,
                deleted_at = $1
         WHERE id = $2",
    )
    .bind(now_ms())
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    for table in [
        "sessions",
        "memberships",
        "lab_partners",
        "email_verifications",
        "password_resets",
    ] {
        // Only these fixed table names are formatted in.
        sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    crate::server::db::touch_people(&mut tx).await?;
    tx.commit().await
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
         WHERE m.user_id = $1 AND m.status = 'active' ORDER BY c.name",
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
