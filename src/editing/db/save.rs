//! Saving an edit: the version it replaces and the new one, the search change, the thread's
//! page-cache bump and (someone else's text) the moderation log row, in one transaction.

use super::{Hidden, found, lang_column, row};
use crate::accounts::Viewer;
use crate::content::PostKind;
use crate::editing::EditKind;
use crate::error::AppError;
use crate::revisions::{self, db::Version};
use crate::server::db::{Db, now_ms};

/// The new text and why it changed.
pub struct Change<'a> {
    /// Questions only; `None` keeps the title.
    pub title: Option<&'a str>,
    pub body_md: &'a str,
    pub reason: &'a str,
    /// The editor's hourly edit limit (`None`: not limited, e.g. a moderator restoring).
    pub edits_per_hour: Option<u32>,
}

/// Saves an edit if the text is still at `base_version`: stores the version it replaces (if
/// that was never stored) and the new one, renders markdown, and records the search change and
/// the thread's page-cache bump, in one transaction. Returns the new version, or None (changing
/// nothing) on a conflict; refuses (`Msg::TooManyEdits`) when the editor is over their hourly
/// edit limit, checked in the same transaction.
pub async fn apply(
    db: &Db,
    kind: EditKind,
    id: i64,
    base_version: i64,
    editor_id: i64,
    change: Change<'_>,
) -> Result<Option<i64>, AppError> {
    save(db, kind, id, base_version, editor_id, change, None).await
}

/// `apply` for an edit of someone else's text (a moderator's fix, a collective admin's edit, a
/// restore): its `moderation_log` row is written in the edit's own transaction, so there is
/// never an edit without its log row, nor a log row without its edit (issue 15).
pub async fn apply_logged(
    db: &Db,
    kind: EditKind,
    id: i64,
    base_version: i64,
    editor: &Viewer,
    change: Change<'_>,
) -> Result<Option<i64>, AppError> {
    save(db, kind, id, base_version, editor.id, change, Some(editor)).await
}

async fn save(
    db: &Db,
    kind: EditKind,
    id: i64,
    base_version: i64,
    editor_id: i64,
    change: Change<'_>,
    logged_by: Option<&Viewer>,
) -> Result<Option<i64>, AppError> {
    let Change {
        title,
        body_md,
        reason,
        edits_per_hour,
    } = change;
    let now = now_ms();
    let html = if kind.is_markdown() {
        crate::server::markdown::render(body_md)
    } else {
        body_md.to_string()
    };
    let mut tx = db.begin_write().await?;
    let Some(current) = row(&mut *tx, kind, id, Hidden::Excluded).await? else {
        return Ok(None);
    };
    if current.version != base_version {
        return Ok(None);
    }
    if let Some(per_hour) = edits_per_hour {
        crate::accounts::limits::check_edits(&mut tx, editor_id, per_hour, now).await?;
    }
    let current = found(kind, current);
    let title = match kind {
        EditKind::Post(PostKind::Question) => {
            Some(title.unwrap_or(current.source.title.as_deref().unwrap_or_default()))
        }
        _ => None,
    };
    // The version being replaced: stored already, unless the text predates revisions.
    revisions::db::record(
        &mut tx,
        Version {
            entity_type: kind.as_str(),
            entity_id: id,
            version: current.source.version,
            editor_id: current.author_id,
            title: current.source.title.as_deref(),
            body_md: &current.source.body_md,
            reason: "",
            created_at: if current.source.version == 1 {
                current.created_at
            } else {
                current.updated_at
            },
        },
    )
    .await?;
    let new_version = current.source.version + 1;
    let changed = match kind {
        EditKind::Post(PostKind::Question) => {
            sqlx::query(
                "UPDATE questions SET title = $2, body_md = $3, body_html = $4, version = $5,
                     updated_at = $6, last_activity_at = $6
                 WHERE id = $1 AND version = $7",
            )
            .bind(id)
            .bind(title)
            .bind(body_md)
            .bind(&html)
            .bind(new_version)
            .bind(now)
            .bind(base_version)
            .execute(&mut *tx)
            .await?
        }
        EditKind::Post(post) => {
            let table = if post == PostKind::Answer {
                "answers"
            } else {
                "comments"
            };
            sqlx::query(&format!(
                "UPDATE {table} SET body_md = $2, body_html = $3, version = $4, updated_at = $5
                 WHERE id = $1 AND version = $6"
            ))
            .bind(id)
            .bind(body_md)
            .bind(&html)
            .bind(new_version)
            .bind(now)
            .bind(base_version)
            .execute(&mut *tx)
            .await?
        }
        EditKind::Collective(lang) => {
            let l = lang_column(lang);
            sqlx::query(&format!(
                "UPDATE collectives SET description_{l} = $2, version = $3, updated_at = $4
                 WHERE id = $1 AND version = $5"
            ))
            .bind(id)
            .bind(body_md)
            .bind(new_version)
            .bind(now)
            .bind(base_version)
            .execute(&mut *tx)
            .await?
        }
        EditKind::Lab(lang) => {
            let l = lang_column(lang);
            sqlx::query(&format!(
                "UPDATE labs SET description_{l} = $2, version = $3 WHERE id = $1 AND version = $4"
            ))
            .bind(id)
            .bind(body_md)
            .bind(new_version)
            .bind(base_version)
            .execute(&mut *tx)
            .await?
        }
    };
    if changed.rows_affected() == 0 {
        return Ok(None);
    }
    if kind == EditKind::Post(PostKind::Question) {
        // The asker filling in what a partner asked for ends the wait.
        crate::notifications::db::asker_replied(&mut tx, id, editor_id, now).await?;
    }
    revisions::db::record(
        &mut tx,
        Version {
            entity_type: kind.as_str(),
            entity_id: id,
            version: new_version,
            editor_id: Some(editor_id),
            title,
            body_md,
            reason,
            created_at: now,
        },
    )
    .await?;
    // The thread's page cache and the search feed follow the UPDATEs (migration 0010).
    if let EditKind::Post(_) = kind {
        sqlx::query("UPDATE questions SET last_activity_at = $2 WHERE id = $1")
            .bind(current.question_id.unwrap_or(id))
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(actor) = logged_by {
        crate::moderation::db::log_edit(
            &mut tx,
            actor,
            kind,
            id,
            current.question_id,
            current.author_id,
            reason,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Some(new_version))
}
