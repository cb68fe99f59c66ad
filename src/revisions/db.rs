//! SQL of the revisions table (one set of queries for SQLite and PostgreSQL).

use super::{HISTORY_PAGE, HISTORY_PAGE_CHARS, RevisionView, diff_until};
use crate::server::db::Db;
use sqlx::{Any, FromRow, Transaction};

/// A version as stored.
pub struct Version<'a> {
    pub entity_type: &'static str,
    pub entity_id: i64,
    pub version: i64,
    pub editor_id: Option<i64>,
    pub title: Option<&'a str>,
    pub body_md: &'a str,
    pub reason: &'a str,
    pub created_at: i64,
}

/// Stores a version. `ON CONFLICT DO NOTHING`: posts written before the revisions table get
/// their first version stored by their first edit, and storing it twice is harmless.
pub async fn record(tx: &mut Transaction<'static, Any>, v: Version<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO revisions (entity_type, entity_id, version, editor_id, title, body_md,
                                reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (entity_type, entity_id, version) DO NOTHING",
    )
    .bind(v.entity_type)
    .bind(v.entity_id)
    .bind(v.version)
    .bind(v.editor_id)
    .bind(v.title)
    .bind(v.body_md)
    .bind(v.reason)
    .bind(v.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct Row {
    version: i64,
    editor_id: Option<i64>,
    editor_name: Option<String>,
    title: Option<String>,
    body_md: String,
    reason: String,
    created_at: i64,
    redacted_at: Option<i64>,
}

/// One stored version's text: (title, body); none for a redacted version.
pub async fn text_of(
    db: &Db,
    entity_type: &str,
    entity_id: i64,
    version: i64,
) -> Result<Option<(Option<String>, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT title, body_md FROM revisions
         WHERE entity_type = $1 AND entity_id = $2 AND version = $3 AND redacted_at IS NULL",
    )
    .bind(entity_type)
    .bind(entity_id)
    .bind(version)
    .fetch_optional(&db.read)
    .await
}

/// One page of the stored versions of a text, newest first, each diffed against the one
/// before it. Empty when the text was never edited.
pub struct VersionPage {
    pub versions: Vec<RevisionView>,
    /// `?before=` of the next older page.
    pub older: Option<i64>,
    /// The newer page: `Some(None)` is the first page.
    pub newer: Option<Option<i64>>,
}

/// The versions older than `before` (all when None): at most `HISTORY_PAGE` of them and
/// `HISTORY_PAGE_CHARS` characters of text to compare (at least one version), read with one
/// bounded query, diffed on the blocking pool within `HISTORY_DIFF_MS` altogether.
pub async fn page(
    db: &Db,
    entity_type: &str,
    entity_id: i64,
    before: Option<i64>,
) -> Result<VersionPage, sqlx::Error> {
    // One row more than a page: the base of the oldest version shown (and a sign that
    // older versions exist).
    let mut rows = sqlx::query_as::<_, Row>(
        "SELECT r.version, r.editor_id,
                CASE WHEN u.deleted_at IS NULL THEN u.display_name END AS editor_name,
                r.title, r.body_md, r.reason, r.created_at, r.redacted_at
         FROM revisions r LEFT JOIN users u ON u.id = r.editor_id
         WHERE r.entity_type = $1 AND r.entity_id = $2 AND r.version < $3
         ORDER BY r.version DESC LIMIT $4",
    )
    .bind(entity_type)
    .bind(entity_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(HISTORY_PAGE as i64 + 1)
    .fetch_all(&db.read)
    .await?;
    let newer = match before {
        Some(before) => {
            let above: Vec<i64> = sqlx::query_scalar(
                "SELECT version FROM revisions
                 WHERE entity_type = $1 AND entity_id = $2 AND version >= $3
                 ORDER BY version LIMIT $4",
            )
            .bind(entity_type)
            .bind(entity_id)
            .bind(before)
            .bind(HISTORY_PAGE as i64 + 1)
            .fetch_all(&db.read)
            .await?;
            (!above.is_empty()).then(|| above.get(HISTORY_PAGE).copied())
        }
        None => None,
    };
    // The page: versions while the text to compare stays within the budget.
    let mut shown = 0;
    let mut chars = 0;
    while shown < rows.len().min(HISTORY_PAGE) {
        let row = &rows[shown];
        let base = rows.get(shown + 1);
        let cost = row.body_md.len()
            + row.title.as_deref().map_or(0, str::len)
            + base.map_or(0, |b| {
                b.body_md.len() + b.title.as_deref().map_or(0, str::len)
            });
        if shown > 0 && chars + cost > HISTORY_PAGE_CHARS {
            break;
        }
        chars += cost;
        shown += 1;
    }
    let older = (rows.len() > shown)
        .then(|| rows.get(shown.saturating_sub(1)).map(|r| r.version))
        .flatten();
    // Keep the base of the oldest version shown, drop the rest.
    rows.truncate(shown + 1);
    let versions = tokio::task::spawn_blocking(move || compare(rows, shown))
        .await
        .map_err(|_| sqlx::Error::WorkerCrashed)?;
    Ok(VersionPage {
        versions,
        older,
        newer,
    })
}

/// Diffs the first `shown` rows (newest first) each against the next one, within the page's
/// time budget.
fn compare(rows: Vec<Row>, shown: usize) -> Vec<RevisionView> {
    let deadline =
        std::time::Instant::now() + std::time::Duration::from_millis(super::HISTORY_DIFF_MS);
    let mut out = Vec::with_capacity(shown);
    for (i, row) in rows.iter().take(shown).enumerate() {
        if row.redacted_at.is_some() {
            // Its text is gone (and the next version is compared with nothing).
            out.push(RevisionView {
                version: row.version,
                editor_id: row.editor_name.as_ref().and(row.editor_id),
                editor_name: row.editor_name.clone(),
                created_at: row.created_at,
                reason: String::new(),
                title: None,
                body: Vec::new(),
                compared: true,
                redacted: true,
            });
            continue;
        }
        let (old_title, old_body) = rows
            .get(i + 1)
            .map(|b| (b.title.as_deref(), b.body_md.as_str()))
            .unwrap_or_default();
        let (title, title_compared) = match row.title.as_deref() {
            Some(t) => {
                let (parts, ok) = diff_until(old_title.unwrap_or_default(), t, Some(deadline));
                (Some(parts), ok)
            }
            None => (None, true),
        };
        let (body, body_compared) = diff_until(old_body, &row.body_md, Some(deadline));
        out.push(RevisionView {
            version: row.version,
            editor_id: row.editor_name.as_ref().and(row.editor_id),
            editor_name: row.editor_name.clone(),
            created_at: row.created_at,
            reason: row.reason.clone(),
            title,
            body,
            compared: title_compared && body_compared,
            redacted: false,
        });
    }
    out
}
