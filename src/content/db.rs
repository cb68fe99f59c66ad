//! The SQL every feature needs about posts: whose a post is and where it lives, an answer's
//! place among its thread's pages, how a post was hidden. (What every write to a thread must
//! also do happens in the database: the triggers of migration 0010.)

use super::{ANSWERS_PER_PAGE, Hidden, PostKind, QuestionStatus};
use crate::server::db::Db;

/// How a post was taken away, from its `hidden_at` and `hidden_kind` columns.
pub fn hidden(at: Option<i64>, kind: Option<String>) -> Option<Hidden> {
    at.map(|_| Hidden::parse(kind.as_deref().unwrap_or("hidden")))
}

/// Whose post this is and where it lives (visible posts only: a comment under a hidden answer is
/// hidden with it).
pub struct PostOwner {
    pub question_id: i64,
    pub author_id: Option<i64>,
    pub status: QuestionStatus,
    /// The thread takes no new answers or comments.
    pub locked: bool,
}

pub async fn post_owner(
    db: &Db,
    kind: PostKind,
    post_id: i64,
) -> Result<Option<PostOwner>, sqlx::Error> {
    let sql = match kind {
        PostKind::Question => {
            "SELECT q.id, q.author_id, q.status, q.locked_at FROM questions q
             WHERE q.id = $1 AND q.hidden_at IS NULL"
        }
        PostKind::Answer => {
            "SELECT q.id, a.author_id, q.status, q.locked_at
             FROM answers a JOIN questions q ON q.id = a.question_id
             WHERE a.id = $1 AND a.hidden_at IS NULL AND q.hidden_at IS NULL"
        }
        PostKind::Comment => {
            "SELECT q.id, c.author_id, q.status, q.locked_at
             FROM comments c JOIN questions q ON q.id = c.question_id
             LEFT JOIN answers pa ON c.entity_type = 'answer' AND pa.id = c.entity_id
             WHERE c.id = $1 AND c.hidden_at IS NULL AND q.hidden_at IS NULL
               AND pa.hidden_at IS NULL"
        }
    };
    Ok(
        sqlx::query_as::<_, (i64, Option<i64>, String, Option<i64>)>(sql)
            .bind(post_id)
            .fetch_optional(&db.read)
            .await?
            .map(|(question_id, author_id, status, locked_at)| PostOwner {
                question_id,
                author_id,
                status: QuestionStatus::parse(&status).unwrap_or(QuestionStatus::Open),
                locked: locked_at.is_some(),
            }),
    )
}

/// The place (from 0) of an answer in its thread's order (accepted first, then by score, then
/// oldest first), among the answers the reader may see; None when it is not one of them.
pub async fn answer_place(
    db: &Db,
    question_id: i64,
    answer_id: i64,
    include_hidden: bool,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM answers b
                 WHERE b.question_id = a.question_id AND ($3 = 1 OR b.hidden_at IS NULL)
                   AND (b.is_accepted > a.is_accepted
                        OR (b.is_accepted = a.is_accepted
                            AND (b.score > a.score
                                 OR (b.score = a.score
                                     AND (b.created_at < a.created_at
                                          OR (b.created_at = a.created_at AND b.id < a.id)))))))
         FROM answers a
         WHERE a.id = $2 AND a.question_id = $1 AND ($3 = 1 OR a.hidden_at IS NULL)",
    )
    .bind(question_id)
    .bind(answer_id)
    .bind(include_hidden as i64)
    .fetch_optional(&db.read)
    .await
}

/// The page of a thread that holds a visible answer: `/questions/Q#answer-A` on the first page
/// (the URL visitors get from the page cache), `/questions/Q?page=N#answer-A` further on. For
/// the redirects after a write (no JavaScript), which land on the answer.
pub async fn answer_path(db: &Db, question_id: i64, answer_id: i64) -> Result<String, sqlx::Error> {
    let page = answer_place(db, question_id, answer_id, false)
        .await?
        .map_or(1, |place| place / ANSWERS_PER_PAGE + 1);
    Ok(format!(
        "{}#answer-{answer_id}",
        crate::ui::href::thread_page_path(question_id, page)
    ))
}
