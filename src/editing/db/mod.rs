//! SQL of editing (one set of queries for SQLite and PostgreSQL). Only fixed column and table
//! names chosen by `EditKind` are formatted into statements; every value is bound.
//!
//! Here: reading a text (visible posts only, or hidden ones too) and the facts the permission
//! check needs. `save`: saving an edit with its versions; `history`: a page of a text's history;
//! `redact`: erasing an old version's text.

mod history;
mod redact;
mod save;

pub use history::history;
pub use redact::{Redaction, redact};
pub use save::{Change, apply, apply_logged};

use super::{EditKind, PostSource};
use crate::content::PostKind;
use crate::i18n::Locale;
use crate::server::db::Db;
use sqlx::FromRow;

#[derive(FromRow)]
struct SourceRow {
    id: i64,
    lang: String,
    title: Option<String>,
    body_md: String,
    body_html: String,
    version: i64,
    author_id: Option<i64>,
    created_at: i64,
    updated_at: i64,
    question_id: Option<i64>,
    heading: String,
    slug: Option<String>,
}

/// A text with the facts the permission check needs.
pub struct Found {
    pub source: PostSource,
    /// The post's author (None for profile texts and former members).
    pub author_id: Option<i64>,
    /// The thread of a post.
    pub question_id: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

fn lang_column(lang: Locale) -> &'static str {
    match lang {
        Locale::Nl => "nl",
        Locale::En => "en",
    }
}

/// Which posts a read finds: the visible ones (editing, the public history) or hidden ones
/// too (moderators: the history of a hidden post, redacting its old versions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hidden {
    Excluded,
    Included,
}

/// The statement reading a text; with `Hidden::Excluded` a hidden post is not found (a hidden
/// post is not edited), and a comment is hidden with the answer it is under.
fn select_sql(kind: EditKind, hidden: Hidden) -> String {
    // Only fixed conditions are formatted in.
    let shown = |condition: &'static str| match hidden {
        Hidden::Excluded => condition,
        Hidden::Included => "",
    };
    match kind {
        EditKind::Post(PostKind::Question) => format!(
            "SELECT q.id, q.lang, q.title, q.body_md, q.body_html,
                q.version, q.author_id, q.created_at, q.updated_at, q.id AS question_id,
                q.title AS heading, NULL AS slug
             FROM questions q WHERE q.id = $1{}",
            shown(" AND q.hidden_at IS NULL")
        ),
        EditKind::Post(PostKind::Answer) => format!(
            "SELECT a.id, a.lang, NULL AS title, a.body_md,
                a.body_html, a.version, a.author_id, a.created_at, a.updated_at, a.question_id,
                q.title AS heading, NULL AS slug
             FROM answers a JOIN questions q ON q.id = a.question_id
             WHERE a.id = $1{}",
            shown(" AND a.hidden_at IS NULL AND q.hidden_at IS NULL")
        ),
        EditKind::Post(PostKind::Comment) => format!(
            "SELECT c.id, c.lang, NULL AS title, c.body_md,
                c.body_html, c.version, c.author_id, c.created_at, c.updated_at, c.question_id,
                q.title AS heading, NULL AS slug
             FROM comments c JOIN questions q ON q.id = c.question_id
             LEFT JOIN answers pa ON c.entity_type = 'answer' AND pa.id = c.entity_id
             WHERE c.id = $1{}",
            shown(" AND c.hidden_at IS NULL AND q.hidden_at IS NULL AND pa.hidden_at IS NULL")
        ),
        EditKind::Collective(lang) => {
            let l = lang_column(lang);
            format!(
                "SELECT c.id, '{l}' AS lang, NULL AS title, c.description_{l} AS body_md,
                        c.description_{l} AS body_html, c.version, NULL AS author_id,
                        c.created_at, c.updated_at, NULL AS question_id, c.name AS heading,
                        c.slug
                 FROM collectives c WHERE c.id = $1"
            )
        }
        EditKind::Lab(lang) => {
            let l = lang_column(lang);
            format!(
                "SELECT l.id, '{l}' AS lang, NULL AS title, l.description_{l} AS body_md,
                        l.description_{l} AS body_html, l.version, NULL AS author_id,
                        0 AS created_at, 0 AS updated_at, NULL AS question_id,
                        l.name_{l} AS heading, l.slug
                 FROM labs l WHERE l.id = $1"
            )
        }
    }
}

fn back_path(kind: EditKind, row: &SourceRow) -> String {
    match kind {
        EditKind::Post(post) => {
            crate::ui::href::post_anchor(post, row.question_id.unwrap_or(row.id), row.id)
        }
        EditKind::Collective(_) => format!("/collectives/{}", row.slug.as_deref().unwrap_or("")),
        EditKind::Lab(_) => format!("/labs/{}", row.slug.as_deref().unwrap_or("")),
    }
}

async fn row<'e, E>(
    executor: E,
    kind: EditKind,
    id: i64,
    hidden: Hidden,
) -> Result<Option<SourceRow>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_as::<_, SourceRow>(&select_sql(kind, hidden))
        .bind(id)
        .fetch_optional(executor)
        .await
}

fn found(kind: EditKind, r: SourceRow) -> Found {
    Found {
        source: PostSource {
            kind,
            id: r.id,
            back: back_path(kind, &r),
            lang: Locale::from_code(&r.lang).unwrap_or_default(),
            title: r.title.clone(),
            body_md: r.body_md.clone(),
            body_html: r.body_html.clone(),
            version: r.version,
            reason_required: true,
            heading: r.heading.clone(),
        },
        author_id: r.author_id,
        question_id: r.question_id,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

/// A text that can be edited (visible posts only).
pub async fn source(db: &Db, kind: EditKind, id: i64) -> Result<Option<Found>, sqlx::Error> {
    Ok(row(&db.read, kind, id, Hidden::Excluded)
        .await?
        .map(|r| found(kind, r)))
}

/// A text inside a write transaction (for checks that decide the write, e.g. redaction).
pub async fn source_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    kind: EditKind,
    id: i64,
    hidden: Hidden,
) -> Result<Option<Found>, sqlx::Error> {
    Ok(row(&mut **tx, kind, id, hidden)
        .await?
        .map(|r| found(kind, r)))
}
