//! Accounts: signing up and in, passwords, and whether an account exists or is new.

use crate::accounts::{DisplayName, Email};
use crate::server::db::{Db, now_ms};

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

/// Whether the account is younger than `days` days (a gone account counts as new).
pub async fn is_new_account(db: &Db, user_id: i64, days: i64) -> Result<bool, sqlx::Error> {
    let created_at: Option<i64> =
        sqlx::query_scalar("SELECT created_at FROM users WHERE id = $1 AND deleted_at IS NULL")
            .bind(user_id)
            .fetch_optional(&db.read)
            .await?;
    Ok(created_at.is_none_or(|at| now_ms() - at < days * 86_400_000))
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

/// What `/account` shows of the account: its name, address and creation time.
pub(in crate::accounts) async fn account_facts(
    db: &Db,
    user_id: i64,
) -> Result<(String, Option<String>, i64), sqlx::Error> {
    sqlx::query_as::<_, (String, Option<String>, i64)>(
        "SELECT display_name, email, created_at FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_one(&db.read)
    .await
}

/// The collectives the person asked to join and that have not decided yet, by name.
pub(in crate::accounts) async fn pending_collectives(
    db: &Db,
    user_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    Ok(sqlx::query_as::<_, (String,)>(
        "SELECT c.name FROM memberships m JOIN collectives c ON c.id = m.collective_id
         WHERE m.user_id = $1 AND m.status = 'pending' ORDER BY c.name",
    )
    .bind(user_id)
    .fetch_all(&db.read)
    .await?
    .into_iter()
    .map(|(n,)| n)
    .collect())
}
