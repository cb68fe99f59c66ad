//! SQL of the reference data: sectors, challenge topics and the labs (written by the migrations,
//! never changed at run time).

use super::{LabSummary, Term};
use crate::server::db::Db;
use sqlx::FromRow;

pub async fn sectors(db: &Db) -> Result<Vec<Term>, sqlx::Error> {
    sqlx::query_as::<_, Term>("SELECT slug, name_nl, name_en FROM sectors ORDER BY position")
        .fetch_all(&db.read)
        .await
}

pub async fn topics(db: &Db) -> Result<Vec<Term>, sqlx::Error> {
    sqlx::query_as::<_, Term>(
        "SELECT slug, name_nl, name_en FROM challenge_topics ORDER BY position",
    )
    .fetch_all(&db.read)
    .await
}

/// The four Partner Labs (not the Collectives Lab), in their order.
pub async fn partner_labs(db: &Db) -> Result<Vec<Term>, sqlx::Error> {
    sqlx::query_as::<_, Term>(
        "SELECT slug, name_nl, name_en FROM labs WHERE is_partner_lab = 1 ORDER BY position",
    )
    .fetch_all(&db.read)
    .await
}

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

/// The five labs in their order, with zero counts (the counted summaries come from the
/// dashboards' cache).
pub async fn labs(db: &Db) -> Result<Vec<LabSummary>, sqlx::Error> {
    let sql = format!("{LAB_SELECT} ORDER BY l.position");
    let rows = sqlx::query_as::<_, LabRow>(&sql)
        .fetch_all(&db.read)
        .await?;
    Ok(rows.into_iter().map(LabSummary::from).collect())
}

/// A lab's id by its slug.
pub async fn lab_id(db: &Db, slug: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM labs WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&db.read)
        .await
}
