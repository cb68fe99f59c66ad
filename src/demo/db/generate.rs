//! The generator's SQL: the demo platform's ids it draws from (people, sectors, topics, labs and
//! their partners, collectives) and what it writes (questions, answers, the benchmark thread's
//! scores and comments).

use crate::server::db::Db;
use sqlx::{Any, Transaction};

/// Every person not deleted, by id.
pub(in crate::demo) async fn user_ids(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE deleted_at IS NULL ORDER BY id")
        .fetch_all(&db.read)
        .await
}

/// Every sector, by id.
pub(in crate::demo) async fn sector_ids(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT id FROM sectors ORDER BY id")
        .fetch_all(&db.read)
        .await
}

/// Every challenge topic, by id.
pub(in crate::demo) async fn topic_ids(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT id FROM challenge_topics ORDER BY id")
        .fetch_all(&db.read)
        .await
}

/// Every Partner Lab, by id.
pub(in crate::demo) async fn partner_lab_ids(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT id FROM labs WHERE is_partner_lab = 1 ORDER BY id")
        .fetch_all(&db.read)
        .await
}

/// Every collective, by id.
pub(in crate::demo) async fn collective_ids(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT id FROM collectives ORDER BY id")
        .fetch_all(&db.read)
        .await
}

/// Every lab's partners as (lab, person), by lab and person.
pub(in crate::demo) async fn lab_partners(db: &Db) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as::<_, (i64, i64)>(
        "SELECT lab_id, user_id FROM lab_partners ORDER BY lab_id, user_id",
    )
    .fetch_all(&db.read)
    .await
}

/// A synthetic question's row, its values as they are bound.
pub(in crate::demo) struct SyntheticQuestion<'a> {
    pub(in crate::demo) lang: &'a str,
    pub(in crate::demo) title: &'a str,
    pub(in crate::demo) body_md: &'a str,
    pub(in crate::demo) body_html: &'a str,
    pub(in crate::demo) author_id: i64,
    pub(in crate::demo) collective_id: Option<i64>,
    pub(in crate::demo) routed_lab_id: Option<i64>,
    pub(in crate::demo) status: &'a str,
    pub(in crate::demo) answer_count: i64,
    pub(in crate::demo) score: i64,
    /// Also its `updated_at`.
    pub(in crate::demo) created_at: i64,
    pub(in crate::demo) last_activity_at: i64,
    pub(in crate::demo) first_answer_at: Option<i64>,
}

/// Writes a synthetic question; its id.
pub(in crate::demo) async fn insert_synthetic_question(
    tx: &mut Transaction<'static, Any>,
    q: SyntheticQuestion<'_>,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO questions (lang, title, body_md, body_html, author_id, collective_id,
                     routed_lab_id, status, answer_count, score, created_at, updated_at,
                     last_activity_at, first_answer_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13)
                 RETURNING id",
    )
    .bind(q.lang)
    .bind(q.title)
    .bind(q.body_md)
    .bind(q.body_html)
    .bind(q.author_id)
    .bind(q.collective_id)
    .bind(q.routed_lab_id)
    .bind(q.status)
    .bind(q.answer_count)
    .bind(q.score)
    .bind(q.created_at)
    .bind(q.last_activity_at)
    .bind(q.first_answer_at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// A synthetic answer's row (in Dutch), its values as they are bound.
pub(in crate::demo) struct SyntheticAnswer<'a> {
    pub(in crate::demo) question_id: i64,
    pub(in crate::demo) author_id: i64,
    pub(in crate::demo) body_md: &'a str,
    pub(in crate::demo) body_html: &'a str,
    pub(in crate::demo) is_accepted: bool,
    pub(in crate::demo) score: i64,
    /// Also its `updated_at`.
    pub(in crate::demo) created_at: i64,
    pub(in crate::demo) expert_lab_id: Option<i64>,
}

/// Writes a synthetic answer.
pub(in crate::demo) async fn insert_synthetic_answer(
    tx: &mut Transaction<'static, Any>,
    a: SyntheticAnswer<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO answers (question_id, lang, author_id, body_md, body_html,
                         is_accepted, score, created_at, updated_at, expert_lab_id)
                     VALUES ($1, 'nl', $2, $3, $4, $5, $6, $7, $7, $8)",
    )
    .bind(a.question_id)
    .bind(a.author_id)
    .bind(a.body_md)
    .bind(a.body_html)
    .bind(i64::from(a.is_accepted))
    .bind(a.score)
    .bind(a.created_at)
    .bind(a.expert_lab_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Sets when a question got its first expert answer.
pub(in crate::demo) async fn set_first_expert_answer_at(
    tx: &mut Transaction<'static, Any>,
    question_id: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE questions SET first_expert_answer_at = $2 WHERE id = $1")
        .bind(question_id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Sets an answer's score (the benchmark thread's votes, without the votes).
pub(in crate::demo) async fn set_answer_score(
    tx: &mut Transaction<'static, Any>,
    answer_id: i64,
    score: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE answers SET score = $2 WHERE id = $1")
        .bind(answer_id)
        .bind(score)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Writes an English comment on an answer of a question.
pub(in crate::demo) async fn add_answer_comment(
    tx: &mut Transaction<'static, Any>,
    question_id: i64,
    answer_id: i64,
    author_id: i64,
    body_md: &str,
    body_html: &str,
    created_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO comments (question_id, entity_type, entity_id, lang, author_id,
                     body_md, body_html, created_at, updated_at)
                 VALUES ($1, 'answer', $2, 'en', $3, $4, $5, $6, $6)",
    )
    .bind(question_id)
    .bind(answer_id)
    .bind(author_id)
    .bind(body_md)
    .bind(body_html)
    .bind(created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
