//! SQL for collectives.

use super::{CollectiveCard, CollectiveFilter, CollectiveProfile};
use crate::questions::{QuestionFilter, db as questions_db};
use crate::server::db::{Db, now_ms, placeholders};
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

/// One page of the directory.
pub struct ListPage {
    pub items: Vec<CollectiveCard>,
    pub total: i64,
    /// The id to continue after (more follow) and to go back before (earlier ones exist).
    pub next: Option<i64>,
    pub previous: Option<i64>,
}

/// A keyset page of `limit` collectives matching `filter`, in (name, id) order along
/// `collectives_name`, starting after or before `cursor`'s collective (an unknown id: the first
/// page), and how many match in all.
pub async fn list(
    db: &Db,
    filter: &CollectiveFilter,
    cursor: super::CollectiveCursor,
    limit: i64,
) -> Result<ListPage, sqlx::Error> {
    use super::CollectiveCursor;
    let mut clauses = Vec::new();
    let mut binds: Vec<String> = Vec::new();
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
    let filter_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    let count_sql = format!("SELECT COUNT(*) FROM collectives c{filter_sql}");
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
    for value in &binds {
        count = count.bind(value.clone());
    }
    let total = count.fetch_one(&db.read).await?;

    // The cursor's collective (by id: the URL carries no names).
    let (anchor, forward) = match cursor {
        CollectiveCursor::First => (None, true),
        CollectiveCursor::After(id) => (Some(id), true),
        CollectiveCursor::Before(id) => (Some(id), false),
    };
    let anchor = match anchor {
        Some(id) => sqlx::query_scalar::<_, String>("SELECT name FROM collectives WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.read)
            .await?
            .map(|name| (name, id)),
        None => None,
    };
    let forward = forward || anchor.is_none();
    // Text binds first, then the anchor's id (if any), then the limit.
    let mut anchor_id = None;
    if let Some((name, id)) = &anchor {
        let (n, i) = (binds.len() + 1, binds.len() + 2);
        let cmp = if forward { ">" } else { "<" };
        clauses.push(format!(
            "(c.name {cmp} ${n} OR (c.name = ${n} AND c.id {cmp} ${i}))"
        ));
        binds.push(name.clone());
        anchor_id = Some(*id);
    }
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    let order = if forward {
        "c.name, c.id"
    } else {
        "c.name DESC, c.id DESC"
    };
    let limit_bind = binds.len() + usize::from(anchor_id.is_some()) + 1;
    let sql = format!("{CARD_SELECT}{where_sql} ORDER BY {order} LIMIT ${limit_bind}");
    let mut query = sqlx::query_as::<_, CardRow>(&sql);
    for value in binds {
        query = query.bind(value);
    }
    if let Some(id) = anchor_id {
        query = query.bind(id);
    }
    let mut rows = query.bind(limit + 1).fetch_all(&db.read).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit.max(0) as usize);
    if !forward {
        rows.reverse();
    }
    let (first, last) = (rows.first().map(|r| r.id), rows.last().map(|r| r.id));
    // Forward: earlier ones exist when we started after one; more follow when the page overflowed.
    let (next, previous) = if forward {
        (last.filter(|_| more), first.filter(|_| anchor.is_some()))
    } else {
        (last, first.filter(|_| more))
    };
    Ok(ListPage {
        items: with_sectors(db, rows).await?,
        total,
        next,
        previous,
    })
}

#[derive(FromRow)]
struct ProfileRow {
    volunteer_count: Option<i64>,
    website: Option<String>,
    description_nl: String,
    description_en: String,
    members_on_platform: i64,
    version: i64,
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
                 WHERE m.collective_id = c.id AND m.status = 'active') AS members_on_platform,
                c.version
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
        ..Default::default()
    };
    let questions = questions_db::list(db, &filter, None).await?.items;
    Ok(Some(CollectiveProfile {
        id,
        version: extra.version,
        can_edit: false,
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

pub async fn id_of(db: &Db, slug: &str) -> Result<Option<i64>, sqlx::Error> {
    Ok(
        sqlx::query_as::<_, (i64,)>("SELECT id FROM collectives WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&db.read)
            .await?
            .map(|(id,)| id),
    )
}

/// The most join requests the collective page lists at once (oldest first; deciding them brings
/// the next ones): anyone can ask to join, so the list is bounded.
pub const JOIN_REQUESTS_SHOWN: i64 = 50;

pub async fn join_requests(
    db: &Db,
    collective_id: i64,
) -> Result<Vec<super::JoinRequest>, sqlx::Error> {
    Ok(sqlx::query_as::<_, (i64, String, i64)>(
        "SELECT u.id, u.display_name, m.created_at FROM memberships m
         JOIN users u ON u.id = m.user_id
         WHERE m.collective_id = $1 AND m.status = 'pending' AND u.deleted_at IS NULL
         ORDER BY m.created_at, u.id LIMIT $2",
    )
    .bind(collective_id)
    .bind(JOIN_REQUESTS_SHOWN)
    .fetch_all(&db.read)
    .await?
    .into_iter()
    .map(|(user_id, name, requested_at)| super::JoinRequest {
        user_id,
        name,
        requested_at,
    })
    .collect())
}

/// A pending request, unless the person is already a member or waiting; a refused request
/// becomes pending again.
pub async fn request_join(db: &Db, collective_id: i64, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO memberships (user_id, collective_id, role, status, created_at)
         VALUES ($1, $2, 'member', 'pending', $3)
         ON CONFLICT (user_id, collective_id) DO UPDATE
           SET status = 'pending', created_at = excluded.created_at, decided_by = NULL,
               decided_at = NULL
           WHERE memberships.status = 'refused'",
    )
    .bind(user_id)
    .bind(collective_id)
    .bind(now_ms())
    .execute(&db.write)
    .await?;
    Ok(())
}

/// Decides a pending request; false when there is no pending request from that person.
pub async fn decide_join(
    db: &Db,
    collective_id: i64,
    user_id: i64,
    approve: bool,
    decided_by: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE memberships SET status = $1, decided_by = $2, decided_at = $3
         WHERE collective_id = $4 AND user_id = $5 AND status = 'pending'",
    )
    .bind(if approve { "active" } else { "refused" })
    .bind(decided_by)
    .bind(now_ms())
    .bind(collective_id)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Writes a new collective with its founder as admin member; answers its slug (the name's slug,
/// numbered when taken).
pub async fn create(
    db: &Db,
    new: &super::NewCollective,
    founder: i64,
) -> Result<String, sqlx::Error> {
    let base = super::slugify(&new.name);
    let mut tx = db.begin_write().await?;
    let mut slug = base.clone();
    let mut n = 1;
    // `new` is the creation page's path (`/collectives/new`).
    while slug == "new"
        || sqlx::query_as::<_, (i64,)>("SELECT id FROM collectives WHERE slug = $1")
            .bind(&slug)
            .fetch_optional(&mut *tx)
            .await?
            .is_some()
    {
        n += 1;
        slug = format!("{base}-{n}");
    }
    let now = now_ms();
    let (id,) = sqlx::query_as::<_, (i64,)>(
        "INSERT INTO collectives (slug, name, founded_year, legal_form, member_count,
             volunteer_count, municipality, province, stage, website, description_nl,
             description_en, consent_open_data, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
    )
    .bind(&slug)
    .bind(&new.name)
    .bind(new.founded_year)
    .bind(&new.legal_form)
    .bind(new.member_count)
    .bind(new.volunteer_count)
    .bind(&new.municipality)
    .bind(&new.province)
    .bind(&new.stage)
    .bind(new.website.clone())
    .bind(&new.description_nl)
    .bind(&new.description_en)
    .bind(i64::from(new.consent_open_data))
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    for sector in &new.sectors {
        sqlx::query(
            "INSERT INTO collective_sectors (collective_id, sector_id)
             SELECT $1, id FROM sectors WHERE slug = $2",
        )
        .bind(id)
        .bind(sector)
        .execute(&mut *tx)
        .await?;
    }
    for (position, name) in new.umbrellas.iter().enumerate() {
        sqlx::query(
            "INSERT INTO collective_umbrellas (collective_id, position, name) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(name)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO memberships (user_id, collective_id, role, status, created_at, decided_by,
                                  decided_at)
         VALUES ($1, $2, 'admin', 'active', $3, $1, $3)",
    )
    .bind(founder)
    .bind(id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(slug)
}
