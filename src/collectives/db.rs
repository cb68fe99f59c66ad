//! SQL for collectives.

use super::{CollectiveCard, CollectiveFilter, CollectiveProfile};
use crate::questions::{QuestionFilter, db as questions_db};
use crate::server::db::{Db, placeholders};
use crate::taxonomy::Term;
use sqlx::FromRow;
use std::collections::HashMap;

#[derive(FromRow)]
struct CardRow {
    id: i64,
    slug: String,
    name: String,
    municipality: String,
    province: String,
    founded_year: Option<i64>,
    member_count: Option<i64>,
    legal_form: String,
    stage: String,
}

#[derive(FromRow)]
struct SectorRow {
    collective_id: i64,
    slug: String,
    name_nl: String,
    name_en: String,
}

const CARD_SELECT: &str = "SELECT c.id, c.slug, c.name, c.municipality, c.province,
        c.founded_year, c.member_count, c.legal_form, c.stage
    FROM collectives c";

async fn with_sectors(db: &Db, rows: Vec<CardRow>) -> Result<Vec<CollectiveCard>, sqlx::Error> {
    let mut sectors: HashMap<i64, Vec<Term>> = HashMap::new();
    if !rows.is_empty() {
        let sql = format!(
            "SELECT cs.collective_id, s.slug, s.name_nl, s.name_en
             FROM collective_sectors cs JOIN sectors s ON s.id = cs.sector_id
             WHERE cs.collective_id IN ({}) ORDER BY s.position",
            placeholders(1, rows.len())
        );
        let mut query = sqlx::query_as::<_, SectorRow>(&sql);
        for row in &rows {
            query = query.bind(row.id);
        }
        for s in query.fetch_all(&db.read).await? {
            sectors.entry(s.collective_id).or_default().push(Term {
                slug: s.slug,
                name_nl: s.name_nl,
                name_en: s.name_en,
            });
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| CollectiveCard {
            sectors: sectors.remove(&r.id).unwrap_or_default(),
            slug: r.slug,
            name: r.name,
            municipality: r.municipality,
            province: r.province,
            founded_year: r.founded_year,
            member_count: r.member_count,
            legal_form: r.legal_form,
            stage: r.stage,
        })
        .collect())
}

pub async fn list(db: &Db, filter: &CollectiveFilter) -> Result<Vec<CollectiveCard>, sqlx::Error> {
    let mut clauses = Vec::new();
    let mut binds = Vec::new();
    if let Some(sector) = &filter.sector {
        binds.push(sector.clone());
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM collective_sectors cs JOIN sectors s ON s.id = cs.sector_id
                     WHERE cs.collective_id = c.id AND s.slug = ${})",
            binds.len()
        ));
    }
    if let Some(province) = &filter.province {
        binds.push(province.clone());
        clauses.push(format!("c.province = ${}", binds.len()));
    }
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    let sql = format!("{CARD_SELECT}{where_sql} ORDER BY c.name");
    let mut query = sqlx::query_as::<_, CardRow>(&sql);
    for value in binds {
        query = query.bind(value);
    }
    let rows = query.fetch_all(&db.read).await?;
    with_sectors(db, rows).await
}

#[derive(FromRow)]
struct ProfileRow {
    volunteer_count: Option<i64>,
    website: Option<String>,
    description_nl: String,
    description_en: String,
    members_on_platform: i64,
}

pub async fn profile(db: &Db, slug: &str) -> Result<Option<CollectiveProfile>, sqlx::Error> {
    let sql = format!("{CARD_SELECT} WHERE c.slug = $1");
    let Some(row) = sqlx::query_as::<_, CardRow>(&sql)
        .bind(slug)
        .fetch_optional(&db.read)
        .await?
    else {
        return Ok(None);
    };
    let id = row.id;
    let card = with_sectors(db, vec![row]).await?.remove(0);
    let extra = sqlx::query_as::<_, ProfileRow>(
        "SELECT c.volunteer_count, c.website, c.description_nl, c.description_en,
                (SELECT COUNT(*) FROM memberships m
                 WHERE m.collective_id = c.id AND m.status = 'active') AS members_on_platform
         FROM collectives c WHERE c.id = $1",
    )
    .bind(id)
    .fetch_one(&db.read)
    .await?;
    let umbrellas = sqlx::query_as::<_, (String,)>(
        "SELECT name FROM collective_umbrellas WHERE collective_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&db.read)
    .await?
    .into_iter()
    .map(|(name,)| name)
    .collect();
    let filter = QuestionFilter {
        lab: None,
        collective: Some(slug.to_string()),
    };
    let questions = questions_db::list(db, &filter, None).await?.items;
    Ok(Some(CollectiveProfile {
        card,
        volunteer_count: extra.volunteer_count,
        website: extra.website,
        description_nl: extra.description_nl,
        description_en: extra.description_en,
        umbrellas,
        members_on_platform: extra.members_on_platform,
        questions,
    }))
}
