//! Roles: the admin's list of accounts with their roles, partner roles per Partner Lab, the
//! moderator role, `create-admin`, and a person's role in a collective (the fact the policy's
//! collective rules take).

use super::{LAB_ROLE_SELECT, LabRoleRow};
use crate::accounts::{AdminUserRow, DisplayName, Email, LabRole};
use crate::server::db::{Db, now_ms};
use sqlx::FromRow;

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

/// `(status, role)` of a person's membership of a collective, if any.
pub async fn collective_membership(
    db: &Db,
    collective_id: i64,
    user_id: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as::<_, (String, String)>(
        "SELECT status, role FROM memberships WHERE collective_id = $1 AND user_id = $2",
    )
    .bind(collective_id)
    .bind(user_id)
    .fetch_optional(&db.read)
    .await
}

/// Whether a `(status, role)` membership makes its person an admin of the collective.
pub fn is_active_admin((status, role): &(String, String)) -> bool {
    status == "active" && role == "admin"
}

/// Whether the person is an active admin member of the collective (the fact for
/// `policy::manage_collective`, `edit_collective` and `edit_text`, which decide).
pub async fn is_collective_admin(
    db: &Db,
    collective_id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(collective_membership(db, collective_id, user_id)
        .await?
        .as_ref()
        .is_some_and(is_active_admin))
}
