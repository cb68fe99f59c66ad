//! SQL of notifications: the list, the unread count, marking read, and the "asker replied"
//! notice that writes by an asker send to the partner holding their question.

use super::NotificationView;
use crate::accounts::db::{SHOWN, unread_subquery};
use crate::i18n::Locale;
use crate::server::db::{Db, now_ms};
use sqlx::FromRow;
use sqlx::{Any, Transaction};

#[derive(FromRow)]
struct Row {
    id: i64,
    kind: String,
    question_id: Option<i64>,
    question_title: Option<String>,
    question_lang: Option<String>,
    answer_id: Option<i64>,
    actor_name: Option<String>,
    created_at: i64,
    read_at: Option<i64>,
    log_reason: Option<String>,
    log_detail: Option<String>,
}

/// The most recent notifications that are shown (`SHOWN`).
pub async fn recent(
    db: &Db,
    user_id: i64,
    limit: i64,
) -> Result<Vec<NotificationView>, sqlx::Error> {
    Ok(sqlx::query_as::<_, Row>(&format!(
        "SELECT n.id, n.kind, n.question_id, q.title AS question_title,
                q.lang AS question_lang, n.answer_id,
                CASE WHEN u.deleted_at IS NULL THEN u.display_name END AS actor_name,
                n.created_at, n.read_at, m.reason AS log_reason, m.detail AS log_detail
         FROM notifications n
         LEFT JOIN questions q ON q.id = n.question_id
         LEFT JOIN users u ON u.id = n.actor_id
         LEFT JOIN moderation_log m ON m.id = n.log_id
         WHERE n.user_id = $1 AND {SHOWN}
         ORDER BY n.created_at DESC, n.id DESC LIMIT $2"
    ))
    .bind(user_id)
    .bind(limit)
    .fetch_all(&db.read)
    .await?
    .into_iter()
    .map(|r| NotificationView {
        id: r.id,
        kind: r.kind,
        question_id: r.question_id,
        question_title: r.question_title,
        question_lang: r
            .question_lang
            .as_deref()
            .and_then(Locale::from_code)
            .unwrap_or_default(),
        answer_id: r.answer_id,
        actor_name: r.actor_name,
        created_at: r.created_at,
        read: r.read_at.is_some(),
        until: r.log_detail.as_deref().and_then(|d| d.parse().ok()),
        reason: r.log_reason,
    })
    .collect())
}

/// Unread notifications, as the list shows them (`SHOWN`).
pub async fn unread(db: &Db, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!("SELECT {}", unread_subquery("$1")))
        .bind(user_id)
        .fetch_one(&db.read)
        .await
}

pub async fn mark_all_read(db: &Db, user_id: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
        .bind(user_id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// The asker wrote on their own question (a comment, an edit): a partner's wait for them ends,
/// and the partner who holds the question hears of it. Inside the write's transaction.
pub async fn asker_replied(
    tx: &mut Transaction<'static, Any>,
    question_id: i64,
    writer_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    asker_replied_in(tx, question_id, writer_id, now, None).await
}

/// `asker_replied` for a reply that is a comment: the notification names it, so that hiding
/// the comment (or the answer it is under) takes the notification away.
pub async fn asker_replied_in(
    tx: &mut Transaction<'static, Any>,
    question_id: i64,
    writer_id: i64,
    now: i64,
    comment_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, question_id, actor_id, created_at, comment_id)
         SELECT q.claimed_by, 'asker_replied', q.id, $2, $3, $4 FROM questions q
         WHERE q.id = $1 AND q.author_id = $2 AND q.waiting_since IS NOT NULL
           AND q.claimed_by IS NOT NULL AND q.claimed_by <> $2",
    )
    .bind(question_id)
    .bind(writer_id)
    .bind(now)
    .bind(comment_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE questions SET waiting_since = NULL
         WHERE id = $1 AND author_id = $2 AND waiting_since IS NOT NULL",
    )
    .bind(question_id)
    .bind(writer_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
