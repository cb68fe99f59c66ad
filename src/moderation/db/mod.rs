//! SQL of moderation (one set of queries for SQLite and PostgreSQL). Each action changes the
//! content, resolves the post's open flags and writes its log entry in one transaction.
//!
//! Here: storing a member's flag, and what every action shares (resolving the post's open flags,
//! writing the log row). `actions`: the moderators' writes on posts, threads and members; `log`:
//! entries written inside other features' transactions; `queries`: the reads (the post as
//! moderators see it, the flags queue, the public and audit logs).

mod actions;
mod log;
mod queries;

pub use actions::{
    UserAction, act_on_post, close_as_duplicate, discipline, set_locked, set_pinned,
};
pub use log::{log_edit, log_redaction};
pub use queries::{ModPost, is_staff, log, post, queue, queue_page, staff_of};

use super::FlagReason;
use crate::accounts::{Viewer, policy};
use crate::content::PostKind;
use crate::server::db::{Db, now_ms};
use sqlx::{Any, Transaction};

/// Stores a flag; false when this member flagged this post before.
pub async fn flag(
    db: &Db,
    kind: PostKind,
    post_id: i64,
    question_id: i64,
    user_id: i64,
    reason: FlagReason,
    note: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let added = sqlx::query(
        "INSERT INTO flags (entity_type, entity_id, question_id, user_id, reason, note, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (entity_type, entity_id, user_id) DO NOTHING",
    )
    .bind(kind.as_str())
    .bind(post_id)
    .bind(question_id)
    .bind(user_id)
    .bind(reason.as_str())
    .bind(note)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?
    .rows_affected()
        > 0;
    tx.commit().await?;
    Ok(added)
}

/// A log entry to write.
struct Entry<'a> {
    action: &'a str,
    entity_type: &'a str,
    entity_id: i64,
    question_id: Option<i64>,
    target_user_id: Option<i64>,
    reason: &'a str,
    detail: String,
}

async fn write_log(
    tx: &mut Transaction<'static, Any>,
    actor: &Viewer,
    e: Entry<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO moderation_log (actor_id, actor_role, action, entity_type, entity_id,
                                     question_id, target_user_id, reason, detail, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(actor.id)
    .bind(policy::acting_role(actor))
    .bind(e.action)
    .bind(e.entity_type)
    .bind(e.entity_id)
    .bind(e.question_id)
    .bind(e.target_user_id)
    .bind(e.reason)
    .bind(e.detail)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await
}

async fn resolve_flags(
    tx: &mut Transaction<'static, Any>,
    kind: PostKind,
    id: i64,
    actor: &Viewer,
    resolution: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE flags SET resolved_at = $3, resolved_by = $4, resolution = $5
         WHERE entity_type = $1 AND entity_id = $2 AND resolved_at IS NULL",
    )
    .bind(kind.as_str())
    .bind(id)
    .bind(now_ms())
    .bind(actor.id)
    .bind(resolution)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
