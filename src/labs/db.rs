//! SQL for labs.

use super::{COLLECTIVES_LAB, LabDetail, LabSummary, Partner};
use crate::questions::{QuestionFilter, db as questions_db};
use crate::server::db::Db;
use sqlx::FromRow;

#[derive(FromRow)]
struct LabRow {
    slug: String,
    is_partner_lab: i64,
    name_nl: String,
    name_en: String,
    tagline_nl: String,
    tagline_en: String,
    question_count: i64,
    open_count: i64,
}

impl From<LabRow> for LabSummary {
    fn from(r: LabRow) -> Self {
        LabSummary {
            slug: r.slug,
            is_partner_lab: r.is_partner_lab != 0,
            name_nl: r.name_nl,
            name_en: r.name_en,
            tagline_nl: r.tagline_nl,
            tagline_en: r.tagline_en,
            question_count: r.question_count,
            open_count: r.open_count,
        }
    }
}

// The counts come from the dashboards' cached figures (`dashboard::cache::StatsCache::
// lab_summaries`), never from counting here per request.
const LAB_SELECT: &str = "SELECT l.slug, l.is_partner_lab, l.name_nl, l.name_en,
        l.tagline_nl, l.tagline_en, CAST(0 AS BIGINT) AS question_count,
        CAST(0 AS BIGINT) AS open_count
    FROM labs l";

pub async fn all(db: &Db) -> Result<Vec<LabSummary>, sqlx::Error> {
    let sql = format!("{LAB_SELECT} ORDER BY l.position");
    let rows = sqlx::query_as::<_, LabRow>(&sql)
        .fetch_all(&db.read)
        .await?;
    Ok(rows.into_iter().map(LabSummary::from).collect())
}

#[derive(FromRow)]
struct DescriptionRow {
    id: i64,
    description_nl: String,
    description_en: String,
    version: i64,
}

/// A lab's id by its slug.
pub async fn id_of(db: &Db, slug: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM labs WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&db.read)
        .await
}

/// How many questions each list on the lab page shows.
const RECENT: usize = 10;

pub async fn detail(db: &Db, slug: &str) -> Result<Option<LabDetail>, sqlx::Error> {
    let sql = format!("{LAB_SELECT} WHERE l.slug = $1");
    let Some(row) = sqlx::query_as::<_, LabRow>(&sql)
        .bind(slug)
        .fetch_optional(&db.read)
        .await?
    else {
        return Ok(None);
    };
    let description = sqlx::query_as::<_, DescriptionRow>(
        "SELECT id, description_nl, description_en, version FROM labs WHERE slug = $1",
    )
    .bind(slug)
    .fetch_one(&db.read)
    .await?;
    let partners = sqlx::query_as::<_, (String, String)>(
        "SELECT u.display_name, p.organisation
         FROM lab_partners p
         JOIN labs l ON l.id = p.lab_id
         JOIN users u ON u.id = p.user_id
         WHERE l.slug = $1 AND u.deleted_at IS NULL
         ORDER BY p.organisation, u.display_name",
    )
    .bind(slug)
    .fetch_all(&db.read)
    .await?
    .into_iter()
    .map(|(name, organisation)| Partner { name, organisation })
    .collect();
    let filter = QuestionFilter {
        lab: (slug != COLLECTIVES_LAB).then(|| slug.to_string()),
        collective: None,
        ..Default::default()
    };
    let mut recent = questions_db::list(db, &filter, None).await?.items;
    recent.truncate(RECENT);
    let unanswered_filter = QuestionFilter {
        unanswered: true,
        sort: crate::questions::QuestionSort::Unanswered,
        ..filter
    };
    let mut unanswered = questions_db::list(db, &unanswered_filter, None)
        .await?
        .items;
    unanswered.truncate(RECENT);
    let followers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM lab_follows WHERE lab_id = $1")
        .bind(description.id)
        .fetch_one(&db.read)
        .await?;
    let pinned = questions_db::pinned(db, description.id).await?;
    Ok(Some(LabDetail {
        summary: row.into(),
        id: description.id,
        version: description.version,
        pinned,
        description_nl: description.description_nl,
        description_en: description.description_en,
        partners,
        recent,
        unanswered,
        followers,
        following: false,
    }))
}

/// Whether `user_id` follows the lab.
pub async fn follows(db: &Db, user_id: i64, lab_id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM lab_follows WHERE user_id = $1 AND lab_id = $2",
    )
    .bind(user_id)
    .bind(lab_id)
    .fetch_one(&db.read)
    .await?
        > 0)
}

/// Follows (or stops following) a lab.
pub async fn set_follow(
    db: &Db,
    user_id: i64,
    lab_id: i64,
    follow: bool,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    if follow {
        sqlx::query(
            "INSERT INTO lab_follows (user_id, lab_id, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (user_id, lab_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(lab_id)
        .bind(crate::server::db::now_ms())
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query("DELETE FROM lab_follows WHERE user_id = $1 AND lab_id = $2")
            .bind(user_id)
            .bind(lab_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}
