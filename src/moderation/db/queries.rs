//! The reads of moderation: a post as moderators see it (hidden ones included), whether a member
//! is staff, the flags queue, and the public log and the admins' audit log.

use crate::content::{Hidden, PostKind};
use crate::moderation::{FlagReason, FlaggedPost, LOG_PAGE_SIZE, LogEntry, LogPage};
use crate::server::db::Db;
use sqlx::FromRow;
use std::collections::HashMap;

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
            hidden: crate::content::db::hidden(r.hidden_at, r.hidden_kind),
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
            hidden: crate::content::db::hidden(row.hidden_at, row.hidden_kind),
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
