//! The seed's SQL: the reads before it (is anything there, the reference data's ids) and the
//! demo platform of `content.json` (collectives, people, questions, answers), in its transaction.

use crate::server::db::Db;
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// People, collectives and questions together (reference data does not count).
pub(in crate::demo) async fn content_count(db: &Db) -> Result<i64, sqlx::Error> {
    let (n,) = sqlx::query_as::<_, (i64,)>(
        "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM collectives)
              + (SELECT COUNT(*) FROM questions)",
    )
    .fetch_one(&db.read)
    .await?;
    Ok(n)
}

/// How many demo accounts there are (more than none: the demo is already written).
pub(in crate::demo) async fn demo_user_count(db: &Db) -> Result<i64, sqlx::Error> {
    let (n,) = sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM users WHERE is_demo = 1")
        .fetch_one(&db.read)
        .await?;
    Ok(n)
}

/// Every row's id by slug of a reference table (sectors, challenge topics, labs).
pub(in crate::demo) async fn slug_ids(
    db: &Db,
    table: &'static str,
) -> Result<HashMap<String, i64>, sqlx::Error> {
    // `table` is one of three fixed names in `seed`, never input.
    let sql = format!("SELECT slug, id FROM {table}");
    Ok(sqlx::query_as::<_, (String, i64)>(&sql)
        .fetch_all(&db.read)
        .await?
        .into_iter()
        .collect())
}

/// Records every row of `table` in the search change feed, as entity type `entity`.
pub(in crate::demo) async fn record_search_changes(
    tx: &mut Transaction<'static, Any>,
    entity: &str,
    table: &'static str,
    created_at: i64,
) -> Result<(), sqlx::Error> {
    // `table` is one of two fixed names in `seed`, never input.
    sqlx::query(&format!(
        "INSERT INTO search_changes (entity_type, entity_id, created_at)
             SELECT $1, id, $2 FROM {table} ORDER BY id"
    ))
    .bind(entity)
    .bind(created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A collective's row, its values as they are bound.
pub(in crate::demo) struct CollectiveRow<'a> {
    pub(in crate::demo) slug: &'a str,
    pub(in crate::demo) name: &'a str,
    pub(in crate::demo) founded_year: Option<i64>,
    pub(in crate::demo) legal_form: &'a str,
    pub(in crate::demo) member_count: Option<i64>,
    pub(in crate::demo) volunteer_count: Option<i64>,
    pub(in crate::demo) municipality: &'a str,
    pub(in crate::demo) province: &'a str,
    pub(in crate::demo) stage: &'a str,
    pub(in crate::demo) website: Option<String>,
    pub(in crate::demo) description_nl: &'a str,
    pub(in crate::demo) description_en: &'a str,
    /// Also its `updated_at`.
    pub(in crate::demo) created_at: i64,
}

/// Writes a collective (consenting to open data); its id.
pub(in crate::demo) async fn insert_collective(
    tx: &mut Transaction<'static, Any>,
    c: CollectiveRow<'_>,
) -> Result<i64, sqlx::Error> {
    let (id,) = sqlx::query_as::<_, (i64,)>(
        "INSERT INTO collectives (slug, name, founded_year, legal_form, member_count,
                 volunteer_count, municipality, province, stage, website, description_nl,
                 description_en, consent_open_data, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $13)
             RETURNING id",
    )
    .bind(c.slug)
    .bind(c.name)
    .bind(c.founded_year)
    .bind(c.legal_form)
    .bind(c.member_count)
    .bind(c.volunteer_count)
    .bind(c.municipality)
    .bind(c.province)
    .bind(c.stage)
    .bind(c.website)
    .bind(c.description_nl)
    .bind(c.description_en)
    .bind(c.created_at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Files a collective under a sector.
pub(in crate::demo) async fn add_collective_sector(
    tx: &mut Transaction<'static, Any>,
    collective_id: i64,
    sector_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO collective_sectors (collective_id, sector_id) VALUES ($1, $2)")
        .bind(collective_id)
        .bind(sector_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Names one of a collective's umbrella organisations (`position`: its place in the list).
pub(in crate::demo) async fn add_collective_umbrella(
    tx: &mut Transaction<'static, Any>,
    collective_id: i64,
    position: i64,
    name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO collective_umbrellas (collective_id, position, name) VALUES ($1, $2, $3)",
    )
    .bind(collective_id)
    .bind(position)
    .bind(name)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A demo account's row, its values as they are bound.
pub(in crate::demo) struct UserRow<'a> {
    pub(in crate::demo) display_name: &'a str,
    pub(in crate::demo) email: String,
    pub(in crate::demo) bio_nl: &'a str,
    pub(in crate::demo) bio_en: &'a str,
    pub(in crate::demo) created_at: i64,
    pub(in crate::demo) password_hash: &'a str,
    pub(in crate::demo) is_moderator: bool,
    pub(in crate::demo) is_admin: bool,
}

/// Writes a demo account (`is_demo = 1`); its id.
pub(in crate::demo) async fn insert_user(
    tx: &mut Transaction<'static, Any>,
    u: UserRow<'_>,
) -> Result<i64, sqlx::Error> {
    let (id,) = sqlx::query_as::<_, (i64,)>(
        "INSERT INTO users (display_name, email, bio_nl, bio_en, is_demo, created_at,
                                password_hash, is_moderator, is_admin)
             VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8) RETURNING id",
    )
    .bind(u.display_name)
    .bind(u.email)
    .bind(u.bio_nl)
    .bind(u.bio_en)
    .bind(u.created_at)
    .bind(u.password_hash)
    .bind(i64::from(u.is_moderator))
    .bind(i64::from(u.is_admin))
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Makes a person an active member of a collective (`role`: "admin" or "member").
pub(in crate::demo) async fn add_membership(
    tx: &mut Transaction<'static, Any>,
    user_id: i64,
    collective_id: i64,
    role: &str,
    created_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO memberships (user_id, collective_id, role, status, created_at)
                 VALUES ($1, $2, $3, 'active', $4)",
    )
    .bind(user_id)
    .bind(collective_id)
    .bind(role)
    .bind(created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Makes a person a partner of a lab for an organisation.
pub(in crate::demo) async fn add_lab_partner(
    tx: &mut Transaction<'static, Any>,
    user_id: i64,
    lab_id: i64,
    organisation: String,
    created_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO lab_partners (user_id, lab_id, organisation, created_at)
                 VALUES ($1, $2, $3, $4)",
    )
    .bind(user_id)
    .bind(lab_id)
    .bind(organisation)
    .bind(created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A demo question's row, its values as they are bound.
pub(in crate::demo) struct QuestionRow<'a> {
    pub(in crate::demo) lang: &'a str,
    pub(in crate::demo) title: &'a str,
    pub(in crate::demo) body_md: &'a str,
    pub(in crate::demo) body_html: String,
    pub(in crate::demo) author_id: i64,
    pub(in crate::demo) collective_id: Option<i64>,
    pub(in crate::demo) routed_lab_id: Option<i64>,
    pub(in crate::demo) status: &'a str,
    pub(in crate::demo) answer_count: i64,
    /// Also its `updated_at`.
    pub(in crate::demo) created_at: i64,
    pub(in crate::demo) last_activity_at: i64,
}

/// Writes a demo question; its id.
pub(in crate::demo) async fn insert_question(
    tx: &mut Transaction<'static, Any>,
    q: QuestionRow<'_>,
) -> Result<i64, sqlx::Error> {
    let (id,) = sqlx::query_as::<_, (i64,)>(
        "INSERT INTO questions (lang, title, body_md, body_html, author_id, collective_id,
                 routed_lab_id, status, answer_count, created_at, updated_at, last_activity_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id",
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
    .bind(q.created_at)
    .bind(q.last_activity_at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Makes a person follow a question.
pub(in crate::demo) async fn add_follow(
    tx: &mut Transaction<'static, Any>,
    user_id: i64,
    question_id: i64,
    created_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO follows (user_id, question_id, created_at) VALUES ($1, $2, $3)")
        .bind(user_id)
        .bind(question_id)
        .bind(created_at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A demo answer's row, its values as they are bound.
pub(in crate::demo) struct AnswerRow<'a> {
    pub(in crate::demo) question_id: i64,
    pub(in crate::demo) lang: &'a str,
    pub(in crate::demo) author_id: i64,
    pub(in crate::demo) body_md: &'a str,
    pub(in crate::demo) body_html: String,
    pub(in crate::demo) expert_lab_id: Option<i64>,
    pub(in crate::demo) is_accepted: bool,
    pub(in crate::demo) score: i64,
    /// Also its `updated_at`.
    pub(in crate::demo) created_at: i64,
}

/// Writes a demo answer.
pub(in crate::demo) async fn insert_answer(
    tx: &mut Transaction<'static, Any>,
    a: AnswerRow<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO answers (question_id, lang, author_id, body_md, body_html,
                     expert_lab_id, is_accepted, score, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(a.question_id)
    .bind(a.lang)
    .bind(a.author_id)
    .bind(a.body_md)
    .bind(a.body_html)
    .bind(a.expert_lab_id)
    .bind(i64::from(a.is_accepted))
    .bind(a.score)
    .bind(a.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Sets every question's first (expert) answer time from its visible answers.
pub(in crate::demo) async fn set_first_answer_times(
    tx: &mut Transaction<'static, Any>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE questions SET
             first_answer_at = (SELECT MIN(a.created_at) FROM answers a
                                WHERE a.question_id = questions.id AND a.hidden_at IS NULL),
             first_expert_answer_at = (SELECT MIN(a.created_at) FROM answers a
                                       WHERE a.question_id = questions.id AND a.hidden_at IS NULL
                                         AND a.expert_lab_id IS NOT NULL)",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
