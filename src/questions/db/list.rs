//! Question lists: filtered and keyset-paged, the latest, a lab's pinned ones and a person's own
//! (summaries with their sectors and topics, built by the shared helpers of `db`).

use super::{SUMMARY_COLUMNS, SUMMARY_FROM, SummaryRow, with_terms};
use crate::content::QuestionSummary;
use crate::questions::{Cursor, PAGE_SIZE, QuestionFilter, QuestionPage};
use crate::server::db::Db;
use sqlx::Any;
use sqlx::any::AnyArguments;
use sqlx::query::QueryAs;

type SummaryQuery<'q> = QueryAs<'q, Any, SummaryRow, AnyArguments<'q>>;

/// A person's most recent visible questions (their profile page).
pub async fn by_author(
    db: &Db,
    author_id: i64,
    limit: i64,
) -> Result<Vec<QuestionSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} {SUMMARY_FROM}
         WHERE q.author_id = $1 AND q.hidden_at IS NULL
         ORDER BY q.created_at DESC, q.id DESC LIMIT $2"
    );
    let rows: Vec<SummaryRow> = sqlx::query_as(&sql)
        .bind(author_id)
        .bind(limit)
        .fetch_all(&db.read)
        .await?;
    with_terms(db, rows).await
}

/// Newest first, `PAGE_SIZE` at a time, below `before` (keyset pagination: as fast on page 5,000
/// as on page 1).
pub async fn list(
    db: &Db,
    filter: &QuestionFilter,
    before: Option<Cursor>,
) -> Result<QuestionPage, sqlx::Error> {
    use crate::questions::QuestionSort;
    let mut clauses: Vec<String> = vec!["q.hidden_at IS NULL".to_string()];
    let mut n = 0;
    let mut next_bind = || {
        n += 1;
        format!("${n}")
    };
    // Only fixed SQL and `$n` placeholders are formatted in; every value is bound below, in the
    // same order.
    if filter.lab.is_some() {
        clauses.push(format!(
            "q.routed_lab_id = (SELECT id FROM labs WHERE slug = {})",
            next_bind()
        ));
    }
    if filter.collective.is_some() {
        clauses.push(format!(
            "q.collective_id = (SELECT id FROM collectives WHERE slug = {})",
            next_bind()
        ));
    }
    if filter.sector.is_some() {
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM question_sectors x WHERE x.question_id = q.id
                     AND x.sector_id = (SELECT id FROM sectors WHERE slug = {}))",
            next_bind()
        ));
    }
    if filter.topic.is_some() {
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM question_topics x WHERE x.question_id = q.id
                     AND x.topic_id = (SELECT id FROM challenge_topics WHERE slug = {}))",
            next_bind()
        ));
    }
    if filter.status.is_some() {
        clauses.push(format!("q.status = {}", next_bind()));
    }
    if filter.unanswered || filter.sort == QuestionSort::Unanswered {
        clauses.push("q.answer_count = 0".to_string());
    }
    let key = match filter.sort {
        QuestionSort::Newest | QuestionSort::Unanswered => "q.created_at",
        QuestionSort::Active => "q.last_activity_at",
        QuestionSort::Votes => "q.score",
    };
    if before.is_some() {
        let (a, b) = (next_bind(), next_bind());
        clauses.push(format!("({key}, q.id) < ({a}, {b})"));
    }
    let limit = next_bind();
    let where_sql = format!(" WHERE {}", clauses.join(" AND "));
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} {SUMMARY_FROM}{where_sql} ORDER BY {key} DESC, q.id DESC LIMIT {limit}"
    );
    let mut query: SummaryQuery = sqlx::query_as(&sql);
    for value in [
        &filter.lab,
        &filter.collective,
        &filter.sector,
        &filter.topic,
    ]
    .into_iter()
    .flatten()
    {
        query = query.bind(value.clone());
    }
    if let Some(status) = filter.status {
        query = query.bind(status.as_str());
    }
    if let Some(c) = before {
        query = query.bind(c.key).bind(c.id);
    }
    let mut rows = query.bind(PAGE_SIZE + 1).fetch_all(&db.read).await?;
    let has_more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let items = with_terms(db, rows).await?;
    let next = if has_more {
        items.last().map(|q| filter.sort.cursor_of(q))
    } else {
        None
    };
    Ok(QuestionPage { items, next })
}

pub async fn latest(db: &Db, limit: i64) -> Result<Vec<QuestionSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} {SUMMARY_FROM} WHERE q.hidden_at IS NULL
         ORDER BY q.created_at DESC, q.id DESC LIMIT $1"
    );
    let rows = sqlx::query_as::<_, SummaryRow>(&sql)
        .bind(limit)
        .fetch_all(&db.read)
        .await?;
    with_terms(db, rows).await
}

/// The questions a moderator pinned to a lab's page, most recently pinned first (visible ones).
pub async fn pinned(db: &Db, lab_id: i64) -> Result<Vec<QuestionSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} {SUMMARY_FROM} JOIN lab_pins pin ON pin.question_id = q.id
         WHERE pin.lab_id = $1 AND q.hidden_at IS NULL
         ORDER BY pin.created_at DESC, q.id DESC LIMIT 10"
    );
    let rows = sqlx::query_as::<_, SummaryRow>(&sql)
        .bind(lab_id)
        .fetch_all(&db.read)
        .await?;
    with_terms(db, rows).await
}
