//! The dashboards' SQL. Every query reads a range of one covering index of migration 0007 (no
//! table rows, except the answers of the last 12 months for the contributors): the open questions
//! by status, the questions by time of asking, the questions by time of their first answer. The
//! results are cached (`cache`); these run when the figures are stale, never per page view.

use super::{
    Contributor, Durations, Figures, Giving, Heat, LabStats, OVERDUE_DAYS, Operations, Scope,
    Stakeholder, WEEK_MS, WEEKS, Week,
};
use crate::server::db::Db;
use std::collections::HashMap;

/// The statements come in two fixed forms: for every question, and for one lab's (bound as the
/// last parameter). Only these constant fragments are put together, never a value.
fn scoped(sql: &str, scope: Scope, lab_param: usize) -> String {
    match scope {
        Scope::All => sql.replace("{lab}", ""),
        Scope::Lab(_) => sql.replace("{lab}", &format!("AND q.routed_lab_id = ${lab_param}")),
    }
}

/// Monday 00:00 UTC of the week holding `now`, minus 51 weeks: the start of the window.
pub fn window_start(now: i64) -> i64 {
    // 1970-01-01 was a Thursday; Monday 1970-01-05 is day 4.
    let monday_offset = 4 * 24 * 3_600_000;
    let this_week = (now - monday_offset).div_euclid(WEEK_MS) * WEEK_MS + monday_offset;
    this_week - (WEEKS as i64 - 1) * WEEK_MS
}

fn week_of(start: i64, t: i64) -> Option<usize> {
    if t < start {
        return None;
    }
    let index = ((t - start) / WEEK_MS) as usize;
    (index < WEEKS).then_some(index)
}

/// Computes every figure of a scope at time `now`.
pub async fn compute(db: &Db, scope: Scope, now: i64) -> Result<LabStats, sqlx::Error> {
    let start = window_start(now);
    let mut figures = Figures::default();

    // All time: how many, how many answers, how many still open.
    let totals_sql = scoped(
        "SELECT COUNT(*), CAST(COALESCE(SUM(q.answer_count), 0) AS BIGINT)
         FROM questions q WHERE q.hidden_at IS NULL {lab}",
        scope,
        1,
    );
    let mut totals = sqlx::query_as::<_, (i64, i64)>(&totals_sql);
    if let Scope::Lab(id) = scope {
        totals = totals.bind(id);
    }
    (figures.total, figures.answers) = totals.fetch_one(&db.read).await?;

    let open_sql = scoped(
        "SELECT
            CAST(COALESCE(SUM(CASE WHEN q.status = 'open' THEN 1 ELSE 0 END), 0) AS BIGINT),
            CAST(COALESCE(SUM(CASE WHEN q.status = 'open' AND q.created_at < $1 THEN 1 ELSE 0 END), 0) AS BIGINT),
            CAST(COALESCE(SUM(CASE WHEN q.routed_lab_id IS NOT NULL AND q.claimed_by IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT),
            COUNT(*)
         FROM questions q
         WHERE q.status IN ('open', 'answered') AND q.hidden_at IS NULL {lab}",
        scope,
        2,
    );
    let overdue_before = now - OVERDUE_DAYS * 24 * 3_600_000;
    let mut open = sqlx::query_as::<_, (i64, i64, i64, i64)>(&open_sql).bind(overdue_before);
    if let Scope::Lab(id) = scope {
        open = open.bind(id);
    }
    (
        figures.unanswered,
        figures.overdue,
        figures.unclaimed,
        figures.open,
    ) = open.fetch_one(&db.read).await?;

    // The last 12 months, by time of asking.
    let window_sql = scoped(
        "SELECT q.created_at, q.status, q.first_answer_at, q.first_expert_answer_at
         FROM questions q WHERE q.created_at >= $1 AND q.hidden_at IS NULL {lab}",
        scope,
        2,
    );
    let mut window =
        sqlx::query_as::<_, (i64, String, Option<i64>, Option<i64>)>(&window_sql).bind(start);
    if let Scope::Lab(id) = scope {
        window = window.bind(id);
    }
    let rows = window.fetch_all(&db.read).await?;
    let mut weeks: Vec<Week> = (0..WEEKS)
        .map(|i| Week {
            start: start + i as i64 * WEEK_MS,
            asked: 0,
            answered: 0,
        })
        .collect();
    let mut to_first = Vec::new();
    let mut to_expert = Vec::new();
    for (created, status, first, expert) in &rows {
        figures.asked += 1;
        if status == "resolved" {
            figures.resolved += 1;
        }
        if let Some(week) = week_of(start, *created).and_then(|i| weeks.get_mut(i)) {
            week.asked += 1;
        }
        if let Some(first) = first {
            to_first.push((first - created).max(0));
        }
        if let Some(expert) = expert {
            to_expert.push((expert - created).max(0));
        }
    }
    figures.first_answer = Durations::of(to_first);
    figures.first_expert_answer = Durations::of(to_expert);

    // By time of the first answer (whenever the question was asked).
    let answered_sql = scoped(
        "SELECT (q.first_answer_at - $1) / $2 AS week, COUNT(*)
         FROM questions q WHERE q.first_answer_at >= $1 AND q.hidden_at IS NULL {lab}
         GROUP BY 1",
        scope,
        3,
    );
    let mut answered = sqlx::query_as::<_, (i64, i64)>(&answered_sql)
        .bind(start)
        .bind(WEEK_MS);
    if let Scope::Lab(id) = scope {
        answered = answered.bind(id);
    }
    for (week, count) in answered.fetch_all(&db.read).await? {
        if let Some(w) = usize::try_from(week).ok().and_then(|i| weeks.get_mut(i)) {
            w.answered += count;
        }
    }

    let heat = heat(db, scope, start).await?;
    let giving = giving(db, scope, start).await?;
    Ok(LabStats {
        figures,
        weeks,
        heat,
        giving,
        computed_at: now,
    })
}

/// Sector × challenge topic of the last 12 months' questions (a question with two sectors counts
/// in both rows).
async fn heat(db: &Db, scope: Scope, start: i64) -> Result<Heat, sqlx::Error> {
    let crate::search::documents::Taxonomy {
        sectors, topics, ..
    } = crate::search::documents::Taxonomy::load(db).await?;
    let sql = scoped(
        "SELECT qs.sector_id, qt.topic_id, COUNT(*)
         FROM questions q
         JOIN question_sectors qs ON qs.question_id = q.id
         JOIN question_topics qt ON qt.question_id = q.id
         WHERE q.created_at >= $1 AND q.hidden_at IS NULL {lab}
         GROUP BY qs.sector_id, qt.topic_id",
        scope,
        2,
    );
    let mut query = sqlx::query_as::<_, (i64, i64, i64)>(&sql).bind(start);
    if let Scope::Lab(id) = scope {
        query = query.bind(id);
    }
    let sector_index: HashMap<i64, usize> = sectors
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let topic_index: HashMap<i64, usize> = topics
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let mut counts = vec![vec![0; topics.len()]; sectors.len()];
    for (sector, topic, count) in query.fetch_all(&db.read).await? {
        if let (Some(s), Some(t)) = (sector_index.get(&sector), topic_index.get(&topic))
            && let Some(cell) = counts.get_mut(*s).and_then(|row| row.get_mut(*t))
        {
            *cell += count;
        }
    }
    Ok(Heat {
        sectors: sectors.into_iter().map(|(_, t)| t).collect(),
        topics: topics.into_iter().map(|(_, t)| t).collect(),
        counts,
    })
}

#[derive(sqlx::FromRow)]
struct AuthorRow {
    author_id: i64,
    /// The stakeholder type of the lab whose expert badge these answers carry, if any.
    expert_stakeholder: Option<String>,
    answers: i64,
    accepted: i64,
    display_name: String,
    deleted_at: Option<i64>,
}

/// How many people a stakeholder type lists by name.
const TOP: usize = 3;

/// The answers of the last 12 months in the scope, by the stakeholder type they were given as:
/// an expert answer counts for its lab's type; any other answer by a partner for the type of the
/// partner's first lab (earliest granted, then by position); everybody else's for the collectives.
async fn giving(db: &Db, scope: Scope, start: i64) -> Result<Vec<Giving>, sqlx::Error> {
    let sql = scoped(
        "SELECT a.author_id AS author_id, el.stakeholder AS expert_stakeholder,
                COUNT(*) AS answers,
                CAST(COALESCE(SUM(a.is_accepted), 0) AS BIGINT) AS accepted,
                u.display_name AS display_name, u.deleted_at AS deleted_at
         FROM answers a
         JOIN questions q ON q.id = a.question_id
         JOIN users u ON u.id = a.author_id
         LEFT JOIN labs el ON el.id = a.expert_lab_id
         WHERE a.created_at >= $1 AND a.hidden_at IS NULL AND q.hidden_at IS NULL {lab}
         GROUP BY a.author_id, el.stakeholder, u.display_name, u.deleted_at",
        scope,
        2,
    );
    let mut query = sqlx::query_as::<_, AuthorRow>(&sql).bind(start);
    if let Scope::Lab(id) = scope {
        query = query.bind(id);
    }
    let rows = query.fetch_all(&db.read).await?;
    // Partners: their first lab's type and their organisation there, and per lab.
    let mut first_lab: HashMap<i64, Stakeholder> = HashMap::new();
    let mut organisation: HashMap<(i64, Stakeholder), String> = HashMap::new();
    for (user_id, stakeholder, org) in sqlx::query_as::<_, (i64, String, String)>(
        "SELECT p.user_id, l.stakeholder, p.organisation FROM lab_partners p
         JOIN labs l ON l.id = p.lab_id ORDER BY p.created_at, l.position",
    )
    .fetch_all(&db.read)
    .await?
    {
        if let Some(kind) = Stakeholder::parse(&stakeholder) {
            first_lab.entry(user_id).or_insert(kind);
            organisation.entry((user_id, kind)).or_insert(org);
        }
    }
    let mut by_kind: HashMap<Stakeholder, HashMap<i64, Contributor>> = HashMap::new();
    for row in rows {
        let kind = row
            .expert_stakeholder
            .as_deref()
            .and_then(Stakeholder::parse)
            .or_else(|| first_lab.get(&row.author_id).copied())
            .unwrap_or(Stakeholder::Collectives);
        let person = by_kind
            .entry(kind)
            .or_default()
            .entry(row.author_id)
            .or_insert_with(|| Contributor {
                user_id: row.author_id,
                name: row.deleted_at.is_none().then(|| row.display_name.clone()),
                organisation: organisation
                    .get(&(row.author_id, kind))
                    .or_else(|| {
                        first_lab
                            .get(&row.author_id)
                            .and_then(|first| organisation.get(&(row.author_id, *first)))
                    })
                    .cloned(),
                answers: 0,
                accepted: 0,
            });
        person.answers += row.answers;
        person.accepted += row.accepted;
    }
    Ok(Stakeholder::ALL
        .into_iter()
        .map(|stakeholder| {
            let mut people: Vec<Contributor> = by_kind
                .remove(&stakeholder)
                .map(|m| m.into_values().collect())
                .unwrap_or_default();
            let answers = people.iter().map(|c| c.answers).sum();
            let accepted = people.iter().map(|c| c.accepted).sum();
            let count = people.len() as i64;
            people.sort_by(|a, b| {
                (b.answers, b.accepted, a.user_id).cmp(&(a.answers, a.accepted, b.user_id))
            });
            // Former members are counted, not listed.
            people.retain(|c| c.name.is_some());
            people.truncate(TOP);
            Giving {
                stakeholder,
                answers,
                accepted,
                people: count,
                top: people,
            }
        })
        .collect())
}

/// The version the cached figures are checked against: `stats` moves with every write that can
/// change a figure (triggers of migration 0007), `people` with names and partner roles.
pub async fn stamp(db: &Db) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as::<_, (i64, i64)>(
        "SELECT COALESCE((SELECT value FROM cache_versions WHERE name = 'stats'), 0),
                COALESCE((SELECT value FROM cache_versions WHERE name = 'people'), 0)",
    )
    .fetch_one(&db.read)
    .await
}

/// The admins' operational counts (small tables; read per request).
pub async fn operations(db: &Db) -> Result<Operations, sqlx::Error> {
    let now = crate::server::db::now_ms();
    sqlx::query_as::<_, Operations>(
        "SELECT
            (SELECT COUNT(*) FROM users WHERE deleted_at IS NULL) AS members,
            (SELECT COUNT(*) FROM users WHERE deleted_at IS NULL AND created_at >= $1)
                AS new_members_30_days,
            (SELECT COUNT(*) FROM collectives) AS collectives,
            (SELECT COUNT(DISTINCT user_id) FROM lab_partners) AS partners,
            (SELECT COUNT(*) FROM memberships WHERE status = 'pending') AS pending_memberships,
            (SELECT COUNT(*) FROM flags WHERE resolved_at IS NULL) AS open_flags,
            (SELECT COUNT(*) FROM users WHERE suspended_until > $2) AS suspended",
    )
    .bind(now - 30 * 24 * 3_600_000)
    .bind(now)
    .fetch_one(&db.read)
    .await
}

/// The Partner Labs' ids, in their order (the scopes the cache warms besides every question).
pub(super) async fn partner_lab_ids(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM labs WHERE is_partner_lab = 1 ORDER BY position")
        .fetch_all(&db.read)
        .await
}
