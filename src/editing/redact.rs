//! Redaction (issue 15): a moderator erases the text of an old version of a text — personal
//! data someone edited out, abuse — from its public history, with a reason.
//!
//! The version's title, body and edit reason are overwritten in the database (`revisions`,
//! `redacted_at` set) in the same transaction as its `moderation_log` row (action `redact`, the
//! version in `detail`). The text is gone for everyone, moderators and admins included: what must
//! be removed for privacy or abuse should not be kept anywhere (not in the audit log, backups
//! made later or an export either), and the audit log keeps who redacted what and why. The
//! history shows a marker in its place, and the next version is compared with nothing. The
//! current version is not redacted this way: that is an edit.

use super::EditKind;
use crate::error::AppError;
use crate::forms::{FormState, action_error};
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;

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

#[cfg(feature = "ssr")]
pub mod db {
    use super::EditKind;
    use crate::accounts::Viewer;
    use crate::i18n::Msg;
    use crate::server::db::{Db, now_ms};

    /// What became of a redaction.
    #[derive(Debug, PartialEq, Eq)]
    pub enum Redaction {
        Done,
        /// No such text, or no such version of it.
        NotFound,
        /// The current version, or one redacted already.
        Refused(Msg),
    }

    /// Redacts `version` of a text (hidden posts included) and logs it, in one transaction (the
    /// checks too).
    pub async fn redact(
        db: &Db,
        actor: &Viewer,
        kind: EditKind,
        id: i64,
        version: i64,
        reason: &str,
    ) -> Result<Redaction, sqlx::Error> {
        let mut tx = db.begin_write().await?;
        // Hidden posts too: a post is often hidden because of what it says.
        let hidden = crate::editing::db::Hidden::Included;
        let Some(text) = crate::editing::db::source_in(&mut tx, kind, id, hidden).await? else {
            return Ok(Redaction::NotFound);
        };
        if version == text.source.version {
            return Ok(Redaction::Refused(Msg::CurrentVersionNotRedactable));
        }
        if !(1..text.source.version).contains(&version) {
            return Ok(Redaction::NotFound);
        }
        let written_by: Option<Option<i64>> = sqlx::query_scalar(
            "UPDATE revisions
             SET title = CASE WHEN title IS NULL THEN NULL ELSE '' END, body_md = '',
                 reason = '', redacted_at = $4
             WHERE entity_type = $1 AND entity_id = $2 AND version = $3 AND redacted_at IS NULL
             RETURNING editor_id",
        )
        .bind(kind.as_str())
        .bind(id)
        .bind(version)
        .bind(now_ms())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(written_by) = written_by else {
            let stored: Option<i64> = sqlx::query_scalar(
                "SELECT version FROM revisions
                 WHERE entity_type = $1 AND entity_id = $2 AND version = $3",
            )
            .bind(kind.as_str())
            .bind(id)
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
            return Ok(match stored {
                Some(_) => Redaction::Refused(Msg::AlreadyRedacted),
                None => Redaction::NotFound,
            });
        };
        crate::moderation::db::log_redaction(
            &mut tx,
            actor,
            kind,
            id,
            text.question_id,
            written_by,
            version,
            reason,
        )
        .await?;
        tx.commit().await?;
        Ok(Redaction::Done)
    }
}

/// "Redact this version" for moderators: folded (a `<details>`, so it opens without JavaScript),
/// with the required reason. A refusal without JavaScript is shown by `RedactFlash`.
#[component]
pub fn RedactForm(kind: EditKind, id: i64, version: i64) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RedactRevision>::new();
    Effect::new(move |_| {
        if let Some(Ok(path)) = action.value().get() {
            crate::accounts::ui::go_to(&path);
        }
    });
    let error = move || action_error(action.value().get()).map(|m| m.text(i18n.get()));
    let field = format!("redact-{version}-reason");
    let hint = format!("redact-{version}-hint");
    view! {
        <details class="history__redact">
            <summary>{i18n.t(Msg::RedactVersion)}</summary>
            <ActionForm action attr:class="form form--inline">
                <input type="hidden" name="kind" value=kind.as_str() />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="version" value=version />
                <label for=field.clone()>{i18n.t(Msg::RedactReason)}</label>
                <p class="field__hint" id=hint.clone()>{i18n.t(Msg::RedactHint)}</p>
                <input id=field type="text" name="reason" required maxlength="300" aria-describedby=hint />
                <p class="form-error" role="alert">{error}</p>
                <button type="submit" class="button button--small button--secondary" data-testid="redact">
                    {i18n.t(Msg::RedactVersion)}
                </button>
            </ActionForm>
        </details>
    }
}

/// Where a redaction refused without JavaScript is explained: once, at the top of the history
/// (the page's redaction forms share one flash).
#[component]
pub fn RedactFlash() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RedactRevision>::new();
    let form = FormState::new("redact", action.value());
    let messages = form.messages();
    view! {
        <form class="thread-flash" data-form="redact" data-flash=form.flash_json()>
            <p class="form-error" role="alert" data-testid="redact-error">
                {move || {
                    messages
                        .get()
                        .into_iter()
                        .map(|m| m.text(i18n.get()))
                        .collect::<Vec<_>>()
                        .join(" ")
                }}
            </p>
        </form>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests;
