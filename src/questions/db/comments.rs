//! Comments under questions and answers: the first few of each post on a thread page, a post's
//! comment list, where a comment is shown, and storing a new one.

use super::{hidden, locale_of};
use crate::content::PostKind;
use crate::i18n::Locale;
use crate::questions::CommentView;
use crate::server::db::Db;
use sqlx::FromRow;
use std::collections::HashMap;

#[derive(FromRow)]
struct CommentRow {
    id: i64,
    entity_type: String,
    entity_id: i64,
    lang: String,
    author_id: Option<i64>,
    author_name: Option<String>,
    body_html: String,
    created_at: i64,
    version: i64,
    hidden_at: Option<i64>,
    hidden_kind: Option<String>,
}

const COMMENT_COLUMNS: &str = "c.id, c.entity_type, c.entity_id, c.lang, c.author_id,
        CASE WHEN u.deleted_at IS NULL THEN u.display_name END AS author_name,
        c.body_html, c.created_at, c.version, c.hidden_at, c.hidden_kind";

fn comment_view(row: CommentRow) -> CommentView {
    CommentView {
        id: row.id,
        lang: locale_of(&row.lang),
        author_id: row.author_name.as_ref().and(row.author_id),
        author_name: row.author_name,
        body_html: row.body_html,
        created_at: row.created_at,
        version: row.version,
        hidden: hidden(row.hidden_at, row.hidden_kind),
    }
}

/// The first comments under each of `posts` (oldest first, at most `shown` + 1 each: one more
/// tells that there are more), grouped by post. One query of one bounded arm per post, along
/// `comments_post`. Hidden ones only for moderators (`include_hidden`).
pub(super) async fn first_comments(
    db: &Db,
    posts: &[(PostKind, i64)],
    shown: i64,
    include_hidden: bool,
) -> Result<HashMap<(PostKind, i64), Vec<CommentView>>, sqlx::Error> {
    let mut out: HashMap<(PostKind, i64), Vec<CommentView>> = HashMap::new();
    if posts.is_empty() {
        return Ok(out);
    }
    // $1: include hidden, $2: the limit per post; then two binds per post.
    let arms: Vec<String> = (0..posts.len())
        .map(|i| {
            format!(
                "SELECT * FROM (SELECT {COMMENT_COLUMNS}
                     FROM comments c LEFT JOIN users u ON u.id = c.author_id
                     WHERE c.entity_type = ${} AND c.entity_id = ${}
                       AND ($1 = 1 OR c.hidden_at IS NULL)
                     ORDER BY c.created_at, c.id LIMIT $2) AS c{i}",
                3 + 2 * i,
                4 + 2 * i
            )
        })
        .collect();
    let sql = arms.join(" UNION ALL ");
    let mut query = sqlx::query_as::<_, CommentRow>(&sql)
        .bind(include_hidden as i64)
        .bind(shown + 1);
    for (kind, id) in posts {
        query = query.bind(kind.as_str()).bind(*id);
    }
    let mut rows = query.fetch_all(&db.read).await?;
    rows.sort_by_key(|r| (r.created_at, r.id));
    for row in rows {
        let Some(kind) = PostKind::parse(&row.entity_type) else {
            continue;
        };
        out.entry((kind, row.entity_id))
            .or_default()
            .push(comment_view(row));
    }
    Ok(out)
}

/// One page of the comments under a post (`offset` from the first, oldest first, at most
/// `limit`), and whether more follow. Visible comments only.
pub async fn post_comments(
    db: &Db,
    kind: PostKind,
    post_id: i64,
    offset: i64,
    limit: i64,
) -> Result<(Vec<CommentView>, bool), sqlx::Error> {
    let sql = format!(
        "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN users u ON u.id = c.author_id
         WHERE c.entity_type = $1 AND c.entity_id = $2 AND c.hidden_at IS NULL
         ORDER BY c.created_at, c.id LIMIT $3 OFFSET $4"
    );
    let mut rows = sqlx::query_as::<_, CommentRow>(&sql)
        .bind(kind.as_str())
        .bind(post_id)
        .bind(limit + 1)
        .bind(offset.max(0))
        .fetch_all(&db.read)
        .await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit.max(0) as usize);
    Ok((rows.into_iter().map(comment_view).collect(), more))
}

/// The place (from 0) of a visible comment among the visible comments under its post.
pub async fn comment_place(db: &Db, comment_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM comments b
                 WHERE b.entity_type = c.entity_type AND b.entity_id = c.entity_id
                   AND b.hidden_at IS NULL
                   AND (b.created_at < c.created_at
                        OR (b.created_at = c.created_at AND b.id < c.id)))
         FROM comments c WHERE c.id = $1 AND c.hidden_at IS NULL",
    )
    .bind(comment_id)
    .fetch_optional(&db.read)
    .await
}

/// Where comment `id` is and whether the public may see it (it, its question and the answer it is
/// under are not hidden): `(question_id, entity_type, entity_id, visible)`. For `GET /comment/:id`.
pub async fn comment_location(
    db: &Db,
    id: i64,
) -> Result<Option<(i64, String, i64, bool)>, sqlx::Error> {
    sqlx::query_as::<_, (i64, String, i64, i64)>(
        "SELECT c.question_id, c.entity_type, c.entity_id,
                CASE WHEN c.hidden_at IS NULL AND q.hidden_at IS NULL AND pa.hidden_at IS NULL
                     THEN 1 ELSE 0 END
         FROM comments c JOIN questions q ON q.id = c.question_id
         LEFT JOIN answers pa ON c.entity_type = 'answer' AND pa.id = c.entity_id
         WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.read)
    .await
    .map(|row| row.map(|(q, kind, post, visible)| (q, kind, post, visible == 1)))
}

/// Stores a comment (markdown rendered and sanitised once, here).
pub async fn add(
    db: &Db,
    question_id: i64,
    kind: PostKind,
    post_id: i64,
    lang: Locale,
    author_id: i64,
    body_md: &str,
) -> Result<i64, sqlx::Error> {
    let now = crate::server::db::now_ms();
    let html = crate::server::markdown::render(body_md);
    let new = NewComment {
        question_id,
        kind,
        post_id,
        lang,
        author_id,
        body_md,
    };
    let mut tx = db.begin_write().await?;
    let id = insert(&mut tx, &new, &html, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// A comment to store.
pub struct NewComment<'a> {
    pub question_id: i64,
    pub kind: PostKind,
    pub post_id: i64,
    pub lang: Locale,
    pub author_id: i64,
    pub body_md: &'a str,
}

/// `add` inside the caller's transaction (which may check more first, such as the limits
/// of new accounts), with the HTML rendered beforehand.
pub async fn insert(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    c: &NewComment<'_>,
    html: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO comments (question_id, entity_type, entity_id, lang, author_id, body_md,
                               body_html, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(c.question_id)
    .bind(c.kind.as_str())
    .bind(c.post_id)
    .bind(c.lang.code())
    .bind(c.author_id)
    .bind(c.body_md)
    .bind(html)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    crate::notifications::db::asker_replied_in(tx, c.question_id, c.author_id, now, Some(id))
        .await?;
    Ok(id)
}
