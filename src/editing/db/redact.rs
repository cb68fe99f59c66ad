//! Redaction (issue 15, see the module doc of `editing`): a moderator erases the text of an old
//! version, and its log row is written in the same transaction.

use crate::accounts::Viewer;
use crate::editing::EditKind;
use crate::i18n::Msg;
use crate::server::db::{Db, now_ms};

/// What became of a redaction.
#[derive(Debug, PartialEq, Eq)]
pub enum Redaction {
    Done,
    /// No such text, or no such version of it.
    NotFound,
    /// The current version, or one redacted already.
    Refused(Msg),
}

/// Redacts `version` of a text (hidden posts included) and logs it, in one transaction (the
/// checks too).
pub async fn redact(
    db: &Db,
    actor: &Viewer,
    kind: EditKind,
    id: i64,
    version: i64,
    reason: &str,
) -> Result<Redaction, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    // Hidden posts too: a post is often hidden because of what it says.
    let hidden = super::Hidden::Included;
    let Some(text) = super::source_in(&mut tx, kind, id, hidden).await? else {
        return Ok(Redaction::NotFound);
    };
    if version == text.source.version {
        return Ok(Redaction::Refused(Msg::CurrentVersionNotRedactable));
    }
    if !(1..text.source.version).contains(&version) {
        return Ok(Redaction::NotFound);
    }
    let written_by: Option<Option<i64>> = sqlx::query_scalar(
        "UPDATE revisions
             SET title = CASE WHEN title IS NULL THEN NULL ELSE '' END, body_md = '',
                 reason = '', redacted_at = $4
             WHERE entity_type = $1 AND entity_id = $2 AND version = $3 AND redacted_at IS NULL
             RETURNING editor_id",
    )
    .bind(kind.as_str())
    .bind(id)
    .bind(version)
    .bind(now_ms())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(written_by) = written_by else {
        let stored: Option<i64> = sqlx::query_scalar(
            "SELECT version FROM revisions
                 WHERE entity_type = $1 AND entity_id = $2 AND version = $3",
        )
        .bind(kind.as_str())
        .bind(id)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await?;
        return Ok(match stored {
            Some(_) => Redaction::Refused(Msg::AlreadyRedacted),
            None => Redaction::NotFound,
        });
    };
    crate::moderation::db::log_redaction(
        &mut tx,
        actor,
        kind,
        id,
        text.question_id,
        written_by,
        version,
        reason,
    )
    .await?;
    tx.commit().await?;
    Ok(Redaction::Done)
}
