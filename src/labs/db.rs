//! SQL for labs.

use super::{COLLECTIVES_LAB, LabDetail, Partner};
use crate::questions::{QuestionFilter, db as questions_db};
use crate::server::db::Db;
pub use crate::taxonomy::db::{lab_id as id_of, labs as all};
use sqlx::FromRow;

#[derive(FromRow)]
struct DescriptionRow {
    id: i64,
    description_nl: String,
    description_en: String,
    version: i64,
}

/// How many questions each list on the lab page shows.
const RECENT: usize = 10;

pub async fn detail(db: &Db, slug: &str) -> Result<Option<LabDetail>, sqlx::Error> {
    // The summary's counts are filled in from the dashboards' cache (`api::get_lab`).
    let Some(summary) = all(db).await?.into_iter().find(|l| l.slug == slug) else {
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
        summary,
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
