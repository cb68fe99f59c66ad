//! The sitemaps' SQL: a few indexed reads, bounded however large the platform grows.

use super::SitemapEntry;
use crate::server::db::Db;

/// The lowest and highest question id (hidden ones included: the range only decides the files).
/// Two ends of the primary key.
pub async fn question_id_range(db: &Db) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let (low, high): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT MIN(id), MAX(id) FROM questions")
            .fetch_one(&db.read)
            .await?;
    Ok(low.zip(high))
}

/// The threads a visitor may read with ids in `from..to` (not hidden, not closed as a duplicate,
/// whose address redirects), with their last activity: one range of the primary key.
pub async fn visible_questions(
    db: &Db,
    from: i64,
    to: i64,
) -> Result<Vec<SitemapEntry>, sqlx::Error> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, last_activity_at FROM questions
         WHERE id >= $1 AND id < $2 AND hidden_at IS NULL AND duplicate_of IS NULL
         ORDER BY id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at)| SitemapEntry {
            path: format!("/questions/{id}"),
            last_modified: Some(at),
        })
        .collect())
}

/// When a visible thread last changed (the home and list pages show the newest): along
/// `questions_active`.
pub async fn last_activity(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT last_activity_at FROM questions WHERE hidden_at IS NULL
         ORDER BY last_activity_at DESC, id DESC LIMIT 1",
    )
    .fetch_optional(&db.read)
    .await
}

/// The collectives of the public directory (`/collectives` lists them all), at most `limit`:
/// slug and last change.
pub async fn collectives(db: &Db, limit: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT slug, updated_at FROM collectives ORDER BY slug LIMIT $1")
        .bind(limit)
        .fetch_all(&db.read)
        .await
}
