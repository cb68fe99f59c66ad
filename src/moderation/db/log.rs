//! Moderation log entries written inside other features' transactions: an edit of someone
//! else's text (`editing::db::apply_logged`) and a redacted version (`editing::db::redact`).

use super::{Entry, write_log};
use crate::accounts::Viewer;
use crate::revisions::EditKind;
use sqlx::{Any, Transaction};

/// Logs a redacted version (`editing::db::redact`) in the redaction's transaction: the text's kind
/// and id, its thread, whose text it was, and the version (`detail`).
#[allow(clippy::too_many_arguments)]
pub async fn log_redaction(
    tx: &mut Transaction<'static, Any>,
    actor: &Viewer,
    kind: EditKind,
    id: i64,
    question_id: Option<i64>,
    written_by: Option<i64>,
    version: i64,
    reason: &str,
) -> Result<i64, sqlx::Error> {
    write_log(
        tx,
        actor,
        Entry {
            action: "redact",
            entity_type: kind.as_str(),
            entity_id: id,
            question_id,
            target_user_id: written_by,
            reason,
            detail: version.to_string(),
        },
    )
    .await
}

/// Logs an edit of someone else's text (moderators fixing content; restores), inside the
/// edit's transaction (`editing::db::apply_logged`).
pub async fn log_edit(
    tx: &mut Transaction<'static, Any>,
    actor: &Viewer,
    kind: EditKind,
    id: i64,
    question_id: Option<i64>,
    written_by: Option<i64>,
    reason: &str,
) -> Result<(), sqlx::Error> {
    write_log(
        tx,
        actor,
        Entry {
            action: "edit",
            entity_type: kind.as_str(),
            entity_id: id,
            question_id,
            target_user_id: written_by,
            reason,
            detail: String::new(),
        },
    )
    .await?;
    Ok(())
}
