//! SQL of moderation (one set of queries for SQLite and PostgreSQL). Each action changes the
//! content, resolves the post's open flags and writes its log entry in one transaction.

use super::{FlagReason, FlaggedPost, LOG_PAGE_SIZE, LogEntry, LogPage, PostAction};
use crate::accounts::{Viewer, policy};
use crate::editing::EditKind;
use crate::i18n::Msg;
use crate::questions::{Hidden, PostKind};
use crate::server::db::{Db, now_ms};
use sqlx::{Any, FromRow, Transaction};
use std::collections::HashMap;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

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

/// A post as moderators see it: hidden ones included.
#[derive(Clone, Debug)]
pub struct ModPost {
    pub kind: PostKind,
    pub id: i64,
    pub question_id: i64,
    pub author_id: Option<i64>,
    pub hidden: Option<Hidden>,
    pub locked: bool,
    pub duplicate_of: Option<i64>,
    pub body_md: String,
}

#[derive(FromRow)]
struct PostRow {
    question_id: i64,
    author_id: Option<i64>,
    hidden_at: Option<i64>,
    hidden_kind: Option<String>,
    locked_at: Option<i64>,
    duplicate_of: Option<i64>,
    body_md: String,
}

pub async fn post(db: &Db, kind: PostKind, id: i64) -> Result<Option<ModPost>, sqlx::Error> {
    let sql = match kind {
        PostKind::Question => {
            "SELECT q.id AS question_id, q.author_id, q.hidden_at, q.hidden_kind, q.locked_at,
                    q.duplicate_of, q.body_md
             FROM questions q WHERE q.id = $1"
        }
        PostKind::Answer => {
            "SELECT a.question_id, a.author_id, a.hidden_at, a.hidden_kind, q.locked_at,
                    q.duplicate_of, a.body_md
             FROM answers a JOIN questions q ON q.id = a.question_id WHERE a.id = $1"
        }
        PostKind::Comment => {
            "SELECT c.question_id, c.author_id, c.hidden_at, c.hidden_kind, q.locked_at,
                    q.duplicate_of, c.body_md
             FROM comments c JOIN questions q ON q.id = c.question_id WHERE c.id = $1"
        }
    };
    Ok(sqlx::query_as::<_, PostRow>(sql)
        .bind(id)
        .fetch_optional(&db.read)
        .await?
        .map(|r| ModPost {
            kind,
            id,
            question_id: r.question_id,
            author_id: r.author_id,
            hidden: crate::questions::db::hidden(r.hidden_at, r.hidden_kind),
            locked: r.locked_at.is_some(),
            duplicate_of: r.duplicate_of,
            body_md: r.body_md,
        }))
}

/// Whether a (live) account is a moderator or admin; None when there is no such account.
pub async fn staff_of(db: &Db, user_id: i64) -> Result<Option<bool>, sqlx::Error> {
    Ok(sqlx::query_as::<_, (i64, i64)>(
        "SELECT is_moderator, is_admin FROM users WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(user_id)
    .fetch_optional(&db.read)
    .await?
    .map(|(m, a)| m != 0 || a != 0))
}

pub async fn is_staff(db: &Db, user_id: i64) -> Result<bool, sqlx::Error> {
    Ok(staff_of(db, user_id).await?.unwrap_or(false))
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
    sqlx::query(
        "UPDATE questions SET answer_count = answer_count + $2, cache_version = cache_version + 1
         WHERE id = $1",
    )
    .bind(post.question_id)
    .bind(count_change)
    .execute(&mut **tx)
    .await?;
    if count_change != 0 {
        crate::questions::db::refresh_answer_times(tx, post.question_id).await?;
    }
    crate::search::changes::record(tx, "question", post.question_id).await?;
    Ok(())
}

async fn set_lock(
    tx: &mut Transaction<'static, Any>,
    question_id: i64,
    locked: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE questions SET locked_at = $2, cache_version = cache_version + 1 WHERE id = $1",
    )
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

/// Logs a redacted version (`editing::redact`) in the redaction's transaction: the text's kind
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
    crate::questions::db::touch(&mut tx, question.question_id).await?;
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
             cache_version = cache_version + 1,
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
             last_activity_at = $3, cache_version = cache_version + 1
         WHERE id = $1",
    )
    .bind(dup)
    .bind(target)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    crate::questions::db::refresh_answer_times(&mut tx, dup).await?;
    crate::questions::db::refresh_answer_times(&mut tx, target).await?;
    crate::search::changes::record(&mut tx, "question", dup).await?;
    crate::search::changes::record(&mut tx, "question", target).await?;
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

/// Logs an edit of someone else's text (moderators fixing content; restores), inside the
/// edit's transaction (`editing::db::apply_logged`).
pub async fn log_edit(
    tx: &mut Transaction<'static, Any>,
    actor: &Viewer,
    kind: EditKind,
    id: i64,
    text: &crate::editing::db::Found,
    reason: &str,
) -> Result<(), sqlx::Error> {
    write_log(
        tx,
        actor,
        Entry {
            action: "edit",
            entity_type: kind.as_str(),
            entity_id: id,
            question_id: text.question_id,
            target_user_id: text.author_id,
            reason,
            detail: String::new(),
        },
    )
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct QueueRow {
    entity_type: String,
    entity_id: i64,
    flag_count: i64,
    first_flagged_at: i64,
    question_id: i64,
    question_title: String,
    author_id: Option<i64>,
    author_name: Option<String>,
    hidden_at: Option<i64>,
    hidden_kind: Option<String>,
    locked_at: Option<i64>,
    excerpt: String,
}

/// The first `limit` posts of the flags queue (see `queue_page`).
pub async fn queue(db: &Db, limit: i64) -> Result<Vec<FlaggedPost>, sqlx::Error> {
    queue_page(db, limit, 0).await
}

/// Flaggers' notes shown per post in the queue.
const QUEUE_NOTES: i64 = 10;

/// Posts with open flags: most flagged first, then the longest waiting; `limit` of them from
/// `offset`. Three queries for the whole page, whatever its size: the posts with their thread
/// and author (one joined query over the grouped open flags), the reasons counted per post, and
/// the first notes of each post (a bounded arm per post).
pub async fn queue_page(db: &Db, limit: i64, offset: i64) -> Result<Vec<FlaggedPost>, sqlx::Error> {
    let rows = sqlx::query_as::<_, QueueRow>(
        "WITH g AS (
             SELECT entity_type, entity_id, COUNT(*) AS flag_count,
                    MIN(created_at) AS first_flagged_at
             FROM flags WHERE resolved_at IS NULL
             GROUP BY entity_type, entity_id
             ORDER BY flag_count DESC, first_flagged_at, entity_type, entity_id
             LIMIT $1 OFFSET $2)
         SELECT g.entity_type, g.entity_id, g.flag_count, g.first_flagged_at,
                q.id AS question_id, q.title AS question_title,
                COALESCE(pq.author_id, pa.author_id, pc.author_id) AS author_id,
                CASE WHEN u.deleted_at IS NULL THEN u.display_name END AS author_name,
                COALESCE(pq.hidden_at, pa.hidden_at, pc.hidden_at) AS hidden_at,
                COALESCE(pq.hidden_kind, pa.hidden_kind, pc.hidden_kind) AS hidden_kind,
                q.locked_at,
                SUBSTR(COALESCE(pq.body_md, pa.body_md, pc.body_md), 1, 400) AS excerpt
         FROM g
         LEFT JOIN questions pq ON g.entity_type = 'question' AND pq.id = g.entity_id
         LEFT JOIN answers pa ON g.entity_type = 'answer' AND pa.id = g.entity_id
         LEFT JOIN comments pc ON g.entity_type = 'comment' AND pc.id = g.entity_id
         JOIN questions q ON q.id = COALESCE(pq.id, pa.question_id, pc.question_id)
         LEFT JOIN users u ON u.id = COALESCE(pq.author_id, pa.author_id, pc.author_id)
         ORDER BY g.flag_count DESC, g.first_flagged_at, g.entity_type, g.entity_id",
    )
    .bind(limit)
    .bind(offset.max(0))
    .fetch_all(&db.read)
    .await?;
    let posts: Vec<(String, i64)> = rows
        .iter()
        .map(|r| (r.entity_type.clone(), r.entity_id))
        .collect();
    let mut reasons: HashMap<(String, i64), Vec<(FlagReason, i64)>> = HashMap::new();
    let mut notes: HashMap<(String, i64), Vec<String>> = HashMap::new();
    if !posts.is_empty() {
        let pairs: Vec<String> = (0..posts.len())
            .map(|i| {
                format!(
                    "(entity_type = ${} AND entity_id = ${})",
                    1 + 2 * i,
                    2 + 2 * i
                )
            })
            .collect();
        let sql = format!(
            "SELECT entity_type, entity_id, reason, COUNT(*) FROM flags
             WHERE resolved_at IS NULL AND ({})
             GROUP BY entity_type, entity_id, reason",
            pairs.join(" OR ")
        );
        let mut query = sqlx::query_as::<_, (String, i64, String, i64)>(&sql);
        for (t, id) in &posts {
            query = query.bind(t.clone()).bind(*id);
        }
        for (t, id, reason, n) in query.fetch_all(&db.read).await? {
            if let Some(reason) = FlagReason::parse(&reason) {
                reasons.entry((t, id)).or_default().push((reason, n));
            }
        }
        // $1: notes per post; then two binds per post.
        let arms: Vec<String> = (0..posts.len())
            .map(|i| {
                format!(
                    "SELECT * FROM (SELECT entity_type, entity_id, note, created_at, id
                         FROM flags
                         WHERE resolved_at IS NULL AND entity_type = ${} AND entity_id = ${}
                           AND note <> ''
                         ORDER BY created_at, id LIMIT $1) AS n{i}",
                    2 + 2 * i,
                    3 + 2 * i
                )
            })
            .collect();
        let sql = arms.join(" UNION ALL ");
        let mut query =
            sqlx::query_as::<_, (String, i64, String, i64, i64)>(&sql).bind(QUEUE_NOTES);
        for (t, id) in &posts {
            query = query.bind(t.clone()).bind(*id);
        }
        let mut rows = query.fetch_all(&db.read).await?;
        rows.sort_by_key(|(_, _, _, at, id)| (*at, *id));
        for (t, id, note, _, _) in rows {
            notes.entry((t, id)).or_default().push(note);
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(kind) = PostKind::parse(&row.entity_type) else {
            continue;
        };
        let key = (row.entity_type, row.entity_id);
        let mut reasons = reasons.remove(&key).unwrap_or_default();
        reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
        out.push(FlaggedPost {
            kind,
            id: row.entity_id,
            question_id: row.question_id,
            question_title: row.question_title,
            excerpt: row.excerpt,
            author_id: row.author_name.as_ref().and(row.author_id),
            author_name: row.author_name,
            hidden: crate::questions::db::hidden(row.hidden_at, row.hidden_kind),
            locked: row.locked_at.is_some(),
            flag_count: row.flag_count,
            first_flagged_at: row.first_flagged_at,
            reasons,
            notes: notes.remove(&key).unwrap_or_default(),
        });
    }
    Ok(out)
}

#[derive(FromRow)]
struct LogRow {
    id: i64,
    actor_role: String,
    actor_id: Option<i64>,
    actor_name: Option<String>,
    action: String,
    entity_type: String,
    entity_id: i64,
    question_id: Option<i64>,
    question_title: Option<String>,
    question_hidden: Option<i64>,
    target_user_id: Option<i64>,
    target_name: Option<String>,
    reason: String,
    detail: String,
    created_at: i64,
}

/// What the public log may show of an entry about a member (a warning, a suspension, lifting
/// one): the action, its reason, its time and the end of a suspension, but no id and no thread,
/// which would name the member (their profile, or the post they were warned for).
fn is_about_a_member(entity_type: &str) -> bool {
    entity_type == "user"
}

/// A page of the log, newest first, before entry `before`. The public log (`audit` false) names
/// the role only, never the actor or the member acted upon, links only visible threads, and
/// gives no id or thread for actions on a member (issue 15).
pub async fn log(db: &Db, before: Option<i64>, audit: bool) -> Result<LogPage, sqlx::Error> {
    let rows = sqlx::query_as::<_, LogRow>(
        "SELECT m.id, m.actor_role, m.actor_id,
                CASE WHEN a.deleted_at IS NULL THEN a.display_name END AS actor_name,
                m.action, m.entity_type, m.entity_id, m.question_id,
                q.title AS question_title, q.hidden_at AS question_hidden,
                m.target_user_id,
                CASE WHEN t.deleted_at IS NULL THEN t.display_name END AS target_name,
                m.reason, m.detail, m.created_at
         FROM moderation_log m
         LEFT JOIN users a ON a.id = m.actor_id
         LEFT JOIN users t ON t.id = m.target_user_id
         LEFT JOIN questions q ON q.id = m.question_id
         WHERE m.id < $1
         ORDER BY m.id DESC LIMIT $2",
    )
    .bind(before.unwrap_or(i64::MAX))
    .bind(LOG_PAGE_SIZE + 1)
    .fetch_all(&db.read)
    .await?;
    let more = rows.len() as i64 > LOG_PAGE_SIZE;
    let entries: Vec<LogEntry> = rows
        .into_iter()
        .take(LOG_PAGE_SIZE as usize)
        .map(|r| {
            let public_shows = audit || !is_about_a_member(&r.entity_type);
            LogEntry {
                id: r.id,
                actor_role: r.actor_role,
                actor: audit.then(|| r.actor_id.zip(r.actor_name)).flatten(),
                action: r.action,
                entity_id: public_shows.then_some(r.entity_id),
                entity_type: r.entity_type,
                question: r
                    .question_id
                    .zip(r.question_title)
                    .filter(|_| audit || (public_shows && r.question_hidden.is_none())),
                target: audit.then(|| r.target_user_id.zip(r.target_name)).flatten(),
                reason: r.reason,
                detail: r.detail,
                created_at: r.created_at,
            }
        })
        .collect();
    let next = if more {
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok(LogPage { entries, next })
}
