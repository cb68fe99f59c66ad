//! The moderators' writes: hiding, deleting and restoring posts, locking and pinning threads,
//! closing duplicates, warning and suspending members; each with its log entry, in one transaction.

use super::{Entry, ModPost, resolve_flags, write_log};
use crate::accounts::Viewer;
use crate::content::{Hidden, PostKind};
use crate::i18n::Msg;
use crate::moderation::PostAction;
use crate::server::db::{Db, now_ms};
use sqlx::{Any, Transaction};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Hides, soft-deletes (`Some`) or restores (`None`) a post, keeping the thread's public answer
/// count, its cached page and its search document in step.
async fn set_hidden(
    tx: &mut Transaction<'static, Any>,
    post: &ModPost,
    hidden: Option<Hidden>,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    // Only the three fixed table names are formatted in.
    let table = match post.kind {
        PostKind::Question => "questions",
        PostKind::Answer => "answers",
        PostKind::Comment => "comments",
    };
    let (became_hidden, became_visible) = match hidden {
        Some(kind) => {
            let label = if kind == Hidden::Deleted {
                "deleted"
            } else {
                "hidden"
            };
            let newly = sqlx::query(&format!(
                "UPDATE {table} SET hidden_at = $2, hidden_kind = $3
                 WHERE id = $1 AND hidden_at IS NULL"
            ))
            .bind(post.id)
            .bind(now)
            .bind(label)
            .execute(&mut **tx)
            .await?
            .rows_affected()
                > 0;
            if !newly {
                sqlx::query(&format!(
                    "UPDATE {table} SET hidden_kind = $2 WHERE id = $1"
                ))
                .bind(post.id)
                .bind(label)
                .execute(&mut **tx)
                .await?;
            }
            (newly, false)
        }
        None => {
            let shown = sqlx::query(&format!(
                "UPDATE {table} SET hidden_at = NULL, hidden_kind = NULL
                 WHERE id = $1 AND hidden_at IS NOT NULL"
            ))
            .bind(post.id)
            .execute(&mut **tx)
            .await?
            .rows_affected()
                > 0;
            (false, shown)
        }
    };
    let count_change = match (post.kind, became_hidden, became_visible) {
        (PostKind::Answer, true, _) => -1,
        (PostKind::Answer, _, true) => 1,
        _ => 0,
    };
    sqlx::query("UPDATE questions SET answer_count = answer_count + $2 WHERE id = $1")
        .bind(post.question_id)
        .bind(count_change)
        .execute(&mut **tx)
        .await?;
    // The page cache, the first-answer times and the search feed follow (migration 0010).
    Ok(())
}

async fn set_lock(
    tx: &mut Transaction<'static, Any>,
    question_id: i64,
    locked: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE questions SET locked_at = $2 WHERE id = $1")
        .bind(question_id)
        .bind(locked.then(now_ms))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What a moderator does to a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserAction {
    Warn,
    Suspend(i64),
    Unsuspend,
}

async fn discipline_in(
    tx: &mut Transaction<'static, Any>,
    actor: &Viewer,
    user_id: i64,
    action: UserAction,
    reason: &str,
    question_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    let (name, detail, notification) = match action {
        UserAction::Warn => ("warn", String::new(), "warning"),
        UserAction::Suspend(days) => {
            let until = now + days * DAY_MS;
            sqlx::query("UPDATE users SET suspended_until = $2 WHERE id = $1")
                .bind(user_id)
                .bind(until)
                .execute(&mut **tx)
                .await?;
            ("suspend", until.to_string(), "suspension")
        }
        UserAction::Unsuspend => {
            sqlx::query("UPDATE users SET suspended_until = NULL WHERE id = $1")
                .bind(user_id)
                .execute(&mut **tx)
                .await?;
            ("unsuspend", String::new(), "unsuspension")
        }
    };
    let log_id = write_log(
        tx,
        actor,
        Entry {
            action: name,
            entity_type: "user",
            entity_id: user_id,
            question_id,
            target_user_id: Some(user_id),
            reason,
            detail,
        },
    )
    .await?;
    // The member hears of it from "a moderator" (the actor stays in the audit log).
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, question_id, log_id, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(notification)
    .bind(question_id)
    .bind(log_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Warns, suspends or lifts the suspension of a member (checked by the caller).
pub async fn discipline(
    db: &Db,
    actor: &Viewer,
    user_id: i64,
    action: UserAction,
    reason: &str,
    question_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    discipline_in(&mut tx, actor, user_id, action, reason, question_id).await?;
    tx.commit().await
}

/// Carries out `action` on a post, resolves its open flags and logs it, in one transaction.
/// `days` is set for suspensions (the caller checked the range and the target).
pub async fn act_on_post(
    db: &Db,
    actor: &Viewer,
    post: &ModPost,
    action: PostAction,
    reason: &str,
    days: Option<i64>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    match action {
        PostAction::Dismiss => {}
        PostAction::Hide => set_hidden(&mut tx, post, Some(Hidden::Hidden)).await?,
        PostAction::Delete => set_hidden(&mut tx, post, Some(Hidden::Deleted)).await?,
        PostAction::Restore => set_hidden(&mut tx, post, None).await?,
        PostAction::Lock => set_lock(&mut tx, post.question_id, true).await?,
        PostAction::Warn | PostAction::Suspend => {
            if let Some(author) = post.author_id {
                let what = match days {
                    Some(days) => UserAction::Suspend(days),
                    None => UserAction::Warn,
                };
                discipline_in(&mut tx, actor, author, what, reason, Some(post.question_id)).await?;
            }
        }
    }
    resolve_flags(&mut tx, post.kind, post.id, actor, action.as_str()).await?;
    // Warnings and suspensions have their own entry (about the member).
    if !matches!(action, PostAction::Warn | PostAction::Suspend) {
        write_log(
            &mut tx,
            actor,
            Entry {
                action: action.as_str(),
                entity_type: post.kind.as_str(),
                entity_id: post.id,
                question_id: Some(post.question_id),
                target_user_id: post.author_id,
                reason,
                detail: String::new(),
            },
        )
        .await?;
    }
    tx.commit().await
}

/// Locks or unlocks a thread.
pub async fn set_locked(
    db: &Db,
    actor: &Viewer,
    question: &ModPost,
    locked: bool,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    set_lock(&mut tx, question.question_id, locked).await?;
    write_log(
        &mut tx,
        actor,
        Entry {
            action: if locked { "lock" } else { "unlock" },
            entity_type: "question",
            entity_id: question.question_id,
            question_id: Some(question.question_id),
            target_user_id: question.author_id,
            reason,
            detail: String::new(),
        },
    )
    .await?;
    tx.commit().await
}

/// Pins a question to a lab's page, or takes the pin away.
pub async fn set_pinned(
    db: &Db,
    actor: &Viewer,
    question: &ModPost,
    (lab_id, lab_slug): (i64, &str),
    pinned: bool,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    if pinned {
        sqlx::query(
            "INSERT INTO lab_pins (lab_id, question_id, pinned_by, created_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT (lab_id, question_id) DO NOTHING",
        )
        .bind(lab_id)
        .bind(question.question_id)
        .bind(actor.id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query("DELETE FROM lab_pins WHERE lab_id = $1 AND question_id = $2")
            .bind(lab_id)
            .bind(question.question_id)
            .execute(&mut *tx)
            .await?;
    }
    write_log(
        &mut tx,
        actor,
        Entry {
            action: if pinned { "pin" } else { "unpin" },
            entity_type: "question",
            entity_id: question.question_id,
            question_id: Some(question.question_id),
            target_user_id: None,
            reason,
            detail: lab_slug.to_string(),
        },
    )
    .await?;
    tx.commit().await
}

/// Closes `question` as a duplicate of `target`: its answers (with their comments, votes and
/// revisions, which follow the answer ids) move to the target, its followers follow the target,
/// and its URL redirects there. Refused (`Err(msg)`, nothing changed) when the target is not a
/// visible, open-for-answers question or the question was closed as a duplicate before.
///
/// Everything it decides on is read again inside its transaction, with both questions' rows
/// locked in id order on PostgreSQL (SQLite runs write transactions one at a time): two
/// moderators closing "A as a duplicate of B" and "B of A" at once cannot make a redirect cycle,
/// and closing one question against two targets at once cannot split its answers from its
/// redirect — the second one finds the first one's result and is refused (issue 15).
pub async fn close_as_duplicate(
    db: &Db,
    actor: &Viewer,
    question: &ModPost,
    target: i64,
    reason: &str,
) -> Result<Result<(), Msg>, sqlx::Error> {
    if question.duplicate_of.is_some() {
        return Ok(Err(Msg::AlreadyDuplicate));
    }
    let dup = question.question_id;
    if dup == target {
        return Ok(Err(Msg::DuplicateOfItself));
    }
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    // Only the fixed lock clause is formatted in.
    let rows: Vec<(i64, Option<i64>, Option<i64>)> = sqlx::query_as(&format!(
        "SELECT id, duplicate_of, hidden_at FROM questions WHERE id IN ($1, $2) ORDER BY id{}",
        db.backend.for_update()
    ))
    .bind(dup)
    .bind(target)
    .fetch_all(&mut *tx)
    .await?;
    let row = |id: i64| rows.iter().find(|r| r.0 == id);
    match row(dup) {
        None => return Ok(Err(Msg::DuplicateTargetInvalid)),
        Some((_, Some(_), _)) => return Ok(Err(Msg::AlreadyDuplicate)),
        Some(_) => {}
    }
    if !matches!(row(target), Some((_, None, None))) {
        return Ok(Err(Msg::DuplicateTargetInvalid));
    }
    let moved: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM answers WHERE question_id = $1 AND hidden_at IS NULL",
    )
    .bind(dup)
    .fetch_one(&mut *tx)
    .await?;
    // The target's asker decides what is accepted there.
    for statement in [
        "UPDATE answers SET is_accepted = 0 WHERE question_id = $1 AND is_accepted = 1",
        "UPDATE answers SET question_id = $2 WHERE question_id = $1",
        "UPDATE comments SET question_id = $2 WHERE question_id = $1 AND entity_type = 'answer'",
        "UPDATE notifications SET question_id = $2 WHERE question_id = $1 AND answer_id IS NOT NULL",
        "UPDATE flags SET question_id = $2 WHERE question_id = $1 AND entity_type <> 'question'",
    ] {
        let query = sqlx::query(statement).bind(dup);
        let query = if statement.contains("$2") {
            query.bind(target)
        } else {
            query
        };
        query.execute(&mut *tx).await?;
    }
    sqlx::query(
        "INSERT INTO follows (user_id, question_id, created_at)
         SELECT user_id, $2, $3 FROM follows WHERE question_id = $1
         ON CONFLICT (user_id, question_id) DO NOTHING",
    )
    .bind(dup)
    .bind(target)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE questions SET answer_count = answer_count + $2, last_activity_at = $3,
             status = CASE WHEN status = 'open' AND $2 > 0 THEN 'answered' ELSE status END
         WHERE id = $1",
    )
    .bind(target)
    .bind(moved)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE questions SET duplicate_of = $2, status = 'closed', answer_count = 0,
             last_activity_at = $3
         WHERE id = $1",
    )
    .bind(dup)
    .bind(target)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    resolve_flags(&mut tx, PostKind::Question, dup, actor, "duplicate").await?;
    write_log(
        &mut tx,
        actor,
        Entry {
            action: "duplicate",
            entity_type: "question",
            entity_id: dup,
            question_id: Some(dup),
            target_user_id: question.author_id,
            reason,
            detail: target.to_string(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}
