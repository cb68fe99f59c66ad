//! SQL of editing (one set of queries for SQLite and PostgreSQL). Only fixed column and table
//! names chosen by `EditKind` are formatted into statements; every value is bound.

use super::{EditKind, PostSource};
use crate::accounts::{Viewer, policy};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::questions::PostKind;
use crate::revisions::{self, History, RevisionView, db::Version};
use crate::server::db::{Db, now_ms};
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
            crate::questions::post_anchor(post, row.question_id.unwrap_or(row.id), row.id)
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

/// Whether `viewer` may edit the text, and whether they own it (owners need not give a reason).
/// Posts: the author or a moderator. Collective profiles: the collective's admins or a
/// moderator. Lab texts: moderators.
pub async fn may_edit<'v>(
    db: &Db,
    viewer: Option<&'v Viewer>,
    kind: EditKind,
    text: &Found,
) -> Result<(&'v Viewer, bool), AppError> {
    match kind {
        EditKind::Post(_) => {
            let viewer = policy::edit_post(viewer, text.author_id)?;
            Ok((viewer, text.author_id == Some(viewer.id)))
        }
        EditKind::Collective(_) => {
            let who = policy::participate(viewer)?;
            let role = crate::collectives::db::membership(db, text.source.id, who.id).await?;
            let is_admin =
                matches!(role, Some((status, role)) if status == "active" && role == "admin");
            let viewer = policy::edit_collective(viewer, is_admin)?;
            Ok((viewer, is_admin))
        }
        EditKind::Lab(_) => {
            policy::participate(viewer)?;
            Ok((policy::moderate(viewer)?, false))
        }
    }
}

/// The new text and why it changed.
pub struct Change<'a> {
    /// Questions only; `None` keeps the title.
    pub title: Option<&'a str>,
    pub body_md: &'a str,
    pub reason: &'a str,
    /// The editor's hourly edit limit (`None`: not limited, e.g. a moderator restoring).
    pub edits_per_hour: Option<u32>,
}

/// Saves an edit if the text is still at `base_version`: stores the version it replaces (if
/// that was never stored) and the new one, renders markdown, and records the search change and
/// the thread's page-cache bump, in one transaction. Returns the new version, or None (changing
/// nothing) on a conflict; refuses (`Msg::TooManyEdits`) when the editor is over their hourly
/// edit limit, checked in the same transaction.
pub async fn apply(
    db: &Db,
    kind: EditKind,
    id: i64,
    base_version: i64,
    editor_id: i64,
    change: Change<'_>,
) -> Result<Option<i64>, AppError> {
    save(db, kind, id, base_version, editor_id, change, None).await
}

/// `apply` for an edit of someone else's text (a moderator's fix, a collective admin's edit, a
/// restore): its `moderation_log` row is written in the edit's own transaction, so there is
/// never an edit without its log row, nor a log row without its edit (issue 15).
pub async fn apply_logged(
    db: &Db,
    kind: EditKind,
    id: i64,
    base_version: i64,
    editor: &Viewer,
    change: Change<'_>,
) -> Result<Option<i64>, AppError> {
    save(db, kind, id, base_version, editor.id, change, Some(editor)).await
}

async fn save(
    db: &Db,
    kind: EditKind,
    id: i64,
    base_version: i64,
    editor_id: i64,
    change: Change<'_>,
    logged_by: Option<&Viewer>,
) -> Result<Option<i64>, AppError> {
    let Change {
        title,
        body_md,
        reason,
        edits_per_hour,
    } = change;
    let now = now_ms();
    let html = if kind.is_markdown() {
        crate::server::markdown::render(body_md)
    } else {
        body_md.to_string()
    };
    let mut tx = db.begin_write().await?;
    let Some(current) = row(&mut *tx, kind, id, Hidden::Excluded).await? else {
        return Ok(None);
    };
    if current.version != base_version {
        return Ok(None);
    }
    if let Some(per_hour) = edits_per_hour {
        crate::accounts::limits::check_edits(&mut tx, editor_id, per_hour, now).await?;
    }
    let current = found(kind, current);
    let title = match kind {
        EditKind::Post(PostKind::Question) => {
            Some(title.unwrap_or(current.source.title.as_deref().unwrap_or_default()))
        }
        _ => None,
    };
    // The version being replaced: stored already, unless the text predates revisions.
    revisions::db::record(
        &mut tx,
        Version {
            entity_type: kind.as_str(),
            entity_id: id,
            version: current.source.version,
            editor_id: current.author_id,
            title: current.source.title.as_deref(),
            body_md: &current.source.body_md,
            reason: "",
            created_at: if current.source.version == 1 {
                current.created_at
            } else {
                current.updated_at
            },
        },
    )
    .await?;
    let new_version = current.source.version + 1;
    let changed = match kind {
        EditKind::Post(PostKind::Question) => {
            sqlx::query(
                "UPDATE questions SET title = $2, body_md = $3, body_html = $4, version = $5,
                     updated_at = $6, last_activity_at = $6, cache_version = cache_version + 1
                 WHERE id = $1 AND version = $7",
            )
            .bind(id)
            .bind(title)
            .bind(body_md)
            .bind(&html)
            .bind(new_version)
            .bind(now)
            .bind(base_version)
            .execute(&mut *tx)
            .await?
        }
        EditKind::Post(post) => {
            let table = if post == PostKind::Answer {
                "answers"
            } else {
                "comments"
            };
            sqlx::query(&format!(
                "UPDATE {table} SET body_md = $2, body_html = $3, version = $4, updated_at = $5
                 WHERE id = $1 AND version = $6"
            ))
            .bind(id)
            .bind(body_md)
            .bind(&html)
            .bind(new_version)
            .bind(now)
            .bind(base_version)
            .execute(&mut *tx)
            .await?
        }
        EditKind::Collective(lang) => {
            let l = lang_column(lang);
            sqlx::query(&format!(
                "UPDATE collectives SET description_{l} = $2, version = $3, updated_at = $4
                 WHERE id = $1 AND version = $5"
            ))
            .bind(id)
            .bind(body_md)
            .bind(new_version)
            .bind(now)
            .bind(base_version)
            .execute(&mut *tx)
            .await?
        }
        EditKind::Lab(lang) => {
            let l = lang_column(lang);
            sqlx::query(&format!(
                "UPDATE labs SET description_{l} = $2, version = $3 WHERE id = $1 AND version = $4"
            ))
            .bind(id)
            .bind(body_md)
            .bind(new_version)
            .bind(base_version)
            .execute(&mut *tx)
            .await?
        }
    };
    if changed.rows_affected() == 0 {
        return Ok(None);
    }
    if kind == EditKind::Post(PostKind::Question) {
        // The asker filling in what a partner asked for ends the wait.
        crate::queue::db::asker_replied(&mut tx, id, editor_id, now).await?;
    }
    revisions::db::record(
        &mut tx,
        Version {
            entity_type: kind.as_str(),
            entity_id: id,
            version: new_version,
            editor_id: Some(editor_id),
            title,
            body_md,
            reason,
            created_at: now,
        },
    )
    .await?;
    match kind {
        EditKind::Post(_) => {
            let question_id = current.question_id.unwrap_or(id);
            sqlx::query(
                "UPDATE questions SET last_activity_at = $2, cache_version = cache_version + 1
                 WHERE id = $1",
            )
            .bind(question_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            crate::search::changes::record(&mut tx, "question", question_id).await?;
        }
        EditKind::Collective(_) => {
            crate::search::changes::record(&mut tx, "collective", id).await?;
        }
        EditKind::Lab(_) => {}
    }
    if let Some(actor) = logged_by {
        crate::moderation::db::log_edit(&mut tx, actor, kind, id, &current, reason).await?;
    }
    tx.commit().await?;
    Ok(Some(new_version))
}

/// One page of the history of a text (versions older than `before`, newest first); one that
/// was never edited has one version, itself. A hidden post has a history for moderators only
/// (`hidden`: `Included` for them).
pub async fn history(
    db: &Db,
    kind: EditKind,
    id: i64,
    before: Option<i64>,
    hidden: Hidden,
) -> Result<Option<History>, sqlx::Error> {
    let Some(current) = row(&db.read, kind, id, hidden)
        .await?
        .map(|r| found(kind, r))
    else {
        return Ok(None);
    };
    let revisions::db::VersionPage {
        mut versions,
        older,
        newer,
    } = revisions::db::page(db, kind.as_str(), id, before).await?;
    if versions.is_empty() && before.is_none() {
        let editor_name: Option<String> = match current.author_id {
            Some(author) => {
                sqlx::query_scalar(
                    "SELECT display_name FROM users WHERE id = $1 AND deleted_at IS NULL",
                )
                .bind(author)
                .fetch_optional(&db.read)
                .await?
            }
            None => None,
        };
        versions.push(RevisionView {
            version: current.source.version,
            editor_id: editor_name.as_ref().and(current.author_id),
            editor_name,
            created_at: current.created_at,
            reason: String::new(),
            title: current
                .source
                .title
                .as_deref()
                .map(|t| revisions::diff("", t)),
            body: revisions::diff("", &current.source.body_md),
            compared: true,
            redacted: false,
        });
    }
    Ok(Some(History {
        kind,
        id,
        back: current.source.back,
        heading: current.source.heading,
        lang: current.source.lang,
        versions,
        current: current.source.version,
        older,
        newer,
    }))
}
