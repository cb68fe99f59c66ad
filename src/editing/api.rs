//! The server functions of editing: the preview, the text to edit, saving an edit, restoring and
//! redacting a version, and the history. Each one asks `accounts::policy` first.

use super::{PostSource, SavedEdit};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{EditKind, db, parse_body};
#[cfg(feature = "ssr")]
use crate::{content::PostKind, i18n::Msg};

/// Whether `viewer` may edit the text, and whether they own it: the facts from the database,
/// the decision by `policy::edit_text`.
#[cfg(feature = "ssr")]
async fn may_edit<'v>(
    db: &crate::server::db::Db,
    viewer: Option<&'v crate::accounts::Viewer>,
    kind: EditKind,
    text: &db::Found,
) -> Result<(&'v crate::accounts::Viewer, bool), AppError> {
    use crate::accounts::policy::{self, TextOwner};
    let owner = match kind {
        EditKind::Post(_) => TextOwner::Post {
            author: text.author_id,
        },
        EditKind::Collective(_) => {
            let who = policy::participate(viewer)?;
            TextOwner::Collective {
                viewer_is_admin: crate::accounts::db::is_collective_admin(
                    db,
                    text.source.id,
                    who.id,
                )
                .await?,
            }
        }
        EditKind::Lab(_) => TextOwner::Lab,
    };
    policy::edit_text(viewer, owner)
}

/// The body rendered and sanitised as it will be stored (the live preview of the
/// ask page and of every editor).
#[server(prefix = "/api", endpoint = "preview_markdown")]
pub async fn preview_markdown(body: String) -> Result<String, AppError> {
    use crate::accounts::{policy, session};
    policy::member(session::request_viewer().as_ref())?;
    let body: String = body
        .chars()
        .take(crate::content::QuestionBody::MAX_CHARS)
        .collect();
    Ok(crate::server::markdown::render(&body))
}

/// The text to edit; only those who may edit it get it.
#[server(prefix = "/api", endpoint = "load_post_source")]
pub async fn load_post_source(kind: String, id: i64) -> Result<PostSource, AppError> {
    use crate::accounts::{policy, session};
    let viewer = session::request_viewer();
    policy::member(viewer.as_ref())?;
    let kind = EditKind::parse(&kind).ok_or(AppError::NotFound)?;
    let db = crate::server::use_db()?;
    let found = db::source(&db, kind, id).await?.ok_or(AppError::NotFound)?;
    let (_, owner) = may_edit(&db, viewer.as_ref(), kind, &found).await?;
    Ok(PostSource {
        reason_required: !owner,
        ..found.source
    })
}

/// Saves an edit made from `base_version`. Answers where the text is shown and its new version.
#[server(prefix = "/api", endpoint = "edit_post")]
pub async fn edit_post(
    kind: String,
    id: i64,
    base_version: i64,
    title: Option<String>,
    body: String,
    reason: Option<String>,
) -> Result<SavedEdit, AppError> {
    use crate::accounts::session;
    use crate::forms::{FieldError, redirect_plain_post, refuse};
    let title_text = title.clone().unwrap_or_default();
    let reason_text = reason.unwrap_or_default();
    let values = [
        ("title", title_text.as_str()),
        ("body", body.as_str()),
        ("reason", reason_text.as_str()),
    ];
    let fail = |e: AppError| refuse("edit", &values, e);
    let viewer = session::request_viewer();
    crate::accounts::policy::participate(viewer.as_ref()).map_err(fail)?;
    let kind = EditKind::parse(&kind).ok_or_else(|| fail(AppError::NotFound))?;
    let db = crate::server::use_db()?;
    let Some(found) = db::source(&db, kind, id).await? else {
        return Err(fail(AppError::NotFound));
    };
    let (viewer, owner) = may_edit(&db, viewer.as_ref(), kind, &found)
        .await
        .map_err(fail)?;
    let mut errors = Vec::new();
    // Whoever edits someone else's text says why (shown in the history and the moderation log).
    let reason = crate::revisions::parse_reason(&reason_text, !owner)
        .map_err(|m| errors.push(FieldError::new("reason", m)))
        .unwrap_or_default();
    let title = if kind.has_title() {
        crate::content::QuestionTitle::parse(&title_text)
            .map(|t| t.as_str().to_string())
            .map_err(|m| errors.push(FieldError::new("title", m)))
            .ok()
    } else {
        None
    };
    let body = parse_body(kind, &body)
        .map_err(|m| errors.push(FieldError::new("body", m)))
        .ok();
    let (Some(body), true) = (body, errors.is_empty()) else {
        return Err(fail(AppError::Fields(errors)));
    };
    if kind.is_markdown() {
        crate::accounts::limits::check(
            &db,
            viewer.id,
            &body,
            crate::accounts::limits::Writing::Edit,
        )
        .await
        .map_err(fail)?;
    }
    let config: crate::server::config::Config = crate::server::from_context("the configuration")?;
    let edits_per_hour = config.edits_per_hour;
    let change = db::Change {
        title: title.as_deref(),
        body_md: &body,
        reason: &reason,
        // Staff fixing other people's text (every such edit is in the moderation log) are not
        // held to the hourly limit; authors and collective admins are.
        edits_per_hour: owner.then_some(edits_per_hour),
    };
    // Someone else's text: the edit and its moderation log row commit together.
    let saved = if owner {
        db::apply(&db, kind, id, base_version, viewer.id, change).await
    } else {
        db::apply_logged(&db, kind, id, base_version, viewer, change).await
    };
    let Some(version) = saved.map_err(fail)? else {
        return Err(fail(AppError::Invalid(Msg::EditConflict)));
    };
    // An answer's place: the page of its thread that holds it (`…#answer-ID` on the first).
    let back = match (kind, found.question_id) {
        (EditKind::Post(PostKind::Answer), Some(question_id)) => {
            crate::content::db::answer_path(&db, question_id, id).await?
        }
        _ => found.source.back,
    };
    redirect_plain_post(&back);
    Ok(SavedEdit { back, version })
}

/// A moderator restores an earlier version; the restored text becomes a new version (with the
/// reason), so nothing is lost. Refused like an edit when the text moved on meanwhile.
#[server(prefix = "/api", endpoint = "restore_revision")]
pub async fn restore_revision(
    kind: String,
    id: i64,
    version: i64,
    base_version: i64,
    reason: String,
) -> Result<String, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{FieldError, redirect_plain_post, refuse};
    let fail = |e: AppError| refuse("restore", &[("reason", reason.as_str())], e);
    let viewer = session::request_viewer();
    let viewer = policy::moderate(viewer.as_ref()).map_err(fail)?;
    let kind = EditKind::parse(&kind).ok_or_else(|| fail(AppError::NotFound))?;
    let reason = crate::revisions::parse_reason(&reason, true)
        .map_err(|m| fail(AppError::Fields(vec![FieldError::new("reason", m)])))?;
    let db = crate::server::use_db()?;
    let Some(found) = db::source(&db, kind, id).await? else {
        return Err(fail(AppError::NotFound));
    };
    let Some((title, body)) =
        crate::revisions::db::text_of(&db, kind.as_str(), id, version).await?
    else {
        return Err(fail(AppError::NotFound));
    };
    let change = db::Change {
        title: title.as_deref(),
        body_md: &body,
        reason: &reason,
        edits_per_hour: None,
    };
    // The restore and its moderation log row commit together.
    if db::apply_logged(&db, kind, id, base_version, viewer, change)
        .await?
        .is_none()
    {
        return Err(fail(AppError::Invalid(Msg::EditConflict)));
    }
    redirect_plain_post(&found.source.back);
    Ok(found.source.back)
}

/// A page of the versions of a text (older than `before`, newest first), each compared with the
/// one before. Public, like the text itself; bounded in versions, bytes and diff time.
#[server(prefix = "/api", endpoint = "post_history")]
pub async fn post_history(
    kind: String,
    id: i64,
    #[server(default)] before: Option<i64>,
) -> Result<crate::revisions::History, AppError> {
    let kind = EditKind::parse(&kind).ok_or(AppError::NotFound)?;
    let db = crate::server::use_db()?;
    // Moderators also see the history of a hidden post (to redact personal data from it).
    let viewer = crate::accounts::session::request_viewer();
    let hidden = match crate::accounts::policy::moderate(viewer.as_ref()) {
        Ok(_) => db::Hidden::Included,
        Err(_) => db::Hidden::Excluded,
    };
    match db::history(&db, kind, id, before, hidden).await? {
        Some(history) => Ok(history),
        None => {
            crate::error::mark_not_found();
            Err(AppError::NotFound)
        }
    }
}

/// Erases the text of `version` of a text; answers the history page to go back to.
#[server(prefix = "/api", endpoint = "redact_revision")]
pub async fn redact_revision(
    kind: String,
    id: i64,
    version: i64,
    reason: String,
) -> Result<String, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{FieldError, redirect_plain_post, refuse};
    let fail = |e: AppError| refuse("redact", &[("reason", reason.as_str())], e);
    let viewer = session::request_viewer();
    let viewer = policy::redact_revision(viewer.as_ref()).map_err(fail)?;
    let kind = EditKind::parse(&kind).ok_or_else(|| fail(AppError::NotFound))?;
    let reason = crate::revisions::parse_reason(&reason, true)
        .map_err(|m| fail(AppError::Fields(vec![FieldError::new("reason", m)])))?;
    let db = crate::server::use_db()?;
    match db::redact(&db, viewer, kind, id, version, &reason).await? {
        db::Redaction::Done => {}
        db::Redaction::NotFound => return Err(fail(AppError::NotFound)),
        db::Redaction::Refused(msg) => return Err(fail(AppError::Invalid(msg))),
    }
    // Back to the page of the history the form was on.
    let history = kind.history_path(id);
    let back = crate::forms::referer_path()
        .filter(|p| p == &history || p.starts_with(&format!("{history}?")))
        .unwrap_or(history);
    redirect_plain_post(&format!("{back}#v{version}"));
    Ok(back)
}
