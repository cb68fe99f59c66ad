//! SQL for questions and answers (one set of queries for SQLite and PostgreSQL). Here: the row
//! helpers the files share; lists in `list`, a thread page in `thread`, comments in `comments`,
//! writes in `write`, and the SQL of the ask page, votes and follows in `ask`, `votes`, `follows`.

mod list;
mod thread;
mod write;

pub(super) mod ask;
// Public: `accounts::limits` and the moderation tests store comments (`comments::{add, insert}`).
pub mod comments;
pub(super) mod follows;
pub(super) mod votes;

pub use comments::{comment_place, post_comments};
pub use list::{by_author, latest, list, pinned};
pub use thread::{thread, thread_page};
pub use write::{
    NewQuestion, accept_answer, add_answer, answer_context, answer_visible_in_write, create,
    delete, insert_answer, insert_question, set_hidden, status_in_write, status_of,
};
// What every feature needs about posts lives on the ground floor (`content::db`).
pub use crate::content::db::{PostOwner, answer_path, answer_place, hidden, post_owner};

pub(super) use thread::{cache_stamp, question_title};

use crate::content::{CollectiveRef, QuestionStatus, QuestionSummary};
use crate::i18n::Locale;
use crate::server::db::{Db, placeholders};
use crate::taxonomy::Term;
use sqlx::FromRow;
use std::collections::HashMap;

#[derive(FromRow)]
struct SummaryRow {
    id: i64,
    lang: String,
    title: String,
    status: String,
    answer_count: i64,
    score: i64,
    created_at: i64,
    last_activity_at: i64,
    author_name: Option<String>,
    collective_slug: Option<String>,
    collective_name: Option<String>,
    lab_slug: Option<String>,
    lab_name_nl: Option<String>,
    lab_name_en: Option<String>,
}

const SUMMARY_COLUMNS: &str = "q.id, q.lang, q.title, q.status, q.answer_count, q.score,
        q.created_at, q.last_activity_at,
        CASE WHEN u.deleted_at IS NULL THEN u.display_name END AS author_name,
        c.slug AS collective_slug, c.name AS collective_name,
        l.slug AS lab_slug, l.name_nl AS lab_name_nl, l.name_en AS lab_name_en";

const SUMMARY_FROM: &str = "FROM questions q
    LEFT JOIN users u ON u.id = q.author_id
    LEFT JOIN collectives c ON c.id = q.collective_id
    LEFT JOIN labs l ON l.id = q.routed_lab_id";

fn locale_of(code: &str) -> Locale {
    Locale::from_code(code).unwrap_or_default()
}

fn term(slug: Option<String>, nl: Option<String>, en: Option<String>) -> Option<Term> {
    Some(Term {
        slug: slug?,
        name_nl: nl.unwrap_or_default(),
        name_en: en.unwrap_or_default(),
    })
}

fn collective(slug: Option<String>, name: Option<String>) -> Option<CollectiveRef> {
    Some(CollectiveRef {
        slug: slug?,
        name: name.unwrap_or_default(),
    })
}

impl SummaryRow {
    fn into_summary(self) -> QuestionSummary {
        QuestionSummary {
            id: self.id,
            lang: locale_of(&self.lang),
            title: self.title,
            status: QuestionStatus::parse(&self.status).unwrap_or(QuestionStatus::Open),
            answer_count: self.answer_count,
            score: self.score,
            created_at: self.created_at,
            last_activity_at: self.last_activity_at,
            author_name: self.author_name,
            collective: collective(self.collective_slug, self.collective_name),
            routed_lab: term(self.lab_slug, self.lab_name_nl, self.lab_name_en),
            sectors: Vec::new(),
            topics: Vec::new(),
        }
    }
}

#[derive(FromRow)]
struct TermRow {
    owner_id: i64,
    slug: String,
    name_nl: String,
    name_en: String,
}

/// Sectors or topics of several questions at once (one query, not one per question).
async fn terms_by_question(
    db: &Db,
    link_table: &'static str,
    term_table: &'static str,
    term_column: &'static str,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<Term>>, sqlx::Error> {
    let mut out: HashMap<i64, Vec<Term>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    // Only the fixed table names above are formatted in; every value is bound.
    let sql = format!(
        "SELECT x.question_id AS owner_id, t.slug, t.name_nl, t.name_en
         FROM {link_table} x JOIN {term_table} t ON t.id = x.{term_column}
         WHERE x.question_id IN ({}) ORDER BY t.position",
        placeholders(1, ids.len())
    );
    let mut query = sqlx::query_as::<_, TermRow>(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    for row in query.fetch_all(&db.read).await? {
        out.entry(row.owner_id).or_default().push(Term {
            slug: row.slug,
            name_nl: row.name_nl,
            name_en: row.name_en,
        });
    }
    Ok(out)
}

async fn with_terms(db: &Db, rows: Vec<SummaryRow>) -> Result<Vec<QuestionSummary>, sqlx::Error> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut sectors =
        terms_by_question(db, "question_sectors", "sectors", "sector_id", &ids).await?;
    let mut topics =
        terms_by_question(db, "question_topics", "challenge_topics", "topic_id", &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let id = row.id;
            let mut summary = row.into_summary();
            summary.sectors = sectors.remove(&id).unwrap_or_default();
            summary.topics = topics.remove(&id).unwrap_or_default();
            summary
        })
        .collect())
}
