//! SQL of following a question, and of what a thread looks like to the signed-in reader (their
//! votes on it, whether they follow it; reading it marks its notifications read).

use crate::content::PostKind;
use crate::questions::ThreadViewerState;
use crate::server::db::{Db, now_ms};

pub async fn set(db: &Db, user_id: i64, question_id: i64, follow: bool) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    if follow {
        sqlx::query(
            "INSERT INTO follows (user_id, question_id, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (user_id, question_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(question_id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query("DELETE FROM follows WHERE user_id = $1 AND question_id = $2")
            .bind(user_id)
            .bind(question_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// The reader's state on a thread. With `has_unread`, the thread's notifications are marked
/// read first (a write only for readers who have something unread).
pub async fn viewer_state(
    db: &Db,
    user_id: i64,
    question_id: i64,
    has_unread: bool,
) -> Result<ThreadViewerState, sqlx::Error> {
    if has_unread {
        let mut tx = db.begin_write().await?;
        sqlx::query(
            "UPDATE notifications SET read_at = $3
             WHERE user_id = $1 AND question_id = $2 AND read_at IS NULL",
        )
        .bind(user_id)
        .bind(question_id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    }
    let votes = sqlx::query_as::<_, (String, i64, i64)>(
        "SELECT v.entity_type, v.entity_id, v.value FROM votes v
         WHERE v.user_id = $1 AND v.entity_type = 'question' AND v.entity_id = $2
         UNION ALL
         SELECT v.entity_type, v.entity_id, v.value FROM votes v
         JOIN answers a ON a.id = v.entity_id
         WHERE v.user_id = $1 AND v.entity_type = 'answer' AND a.question_id = $2",
    )
    .bind(user_id)
    .bind(question_id)
    .fetch_all(&db.read)
    .await?
    .into_iter()
    .filter_map(|(kind, id, value)| Some((PostKind::parse(&kind)?, id, value)))
    .collect();
    let following = sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM follows WHERE user_id = $1 AND question_id = $2",
    )
    .bind(user_id)
    .bind(question_id)
    .fetch_one(&db.read)
    .await?
        > 0;
    let unread_notifications = crate::notifications::db::unread(db, user_id).await?;
    Ok(ThreadViewerState {
        votes,
        following,
        unread_notifications,
    })
}
