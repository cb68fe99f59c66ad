//! Editing in place: questions, answers and comments (their authors and moderators), collective
//! profiles (the collective's admins and moderators) and lab page texts (moderators). Every
//! version is kept in `revisions`; an edit names the version it started from and is refused,
//! changing nothing, when somebody saved in between — the editor is then shown the newer version.
//!
//! The same two server functions serve the inline editor (`inline::InlineEdit`, with JS) and the
//! edit page (`pages::EditPostPage`, a plain form without JS).

#![allow(clippy::too_many_arguments)]

pub mod inline;
pub mod pages;
pub mod redact;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(all(test, feature = "ssr"))]
mod history_tests;

use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::questions::PostKind;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What can be edited. The texts of collectives and labs exist in both languages; each language
/// is edited (and versioned in `revisions`) on its own, under one version counter per row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EditKind {
    Post(PostKind),
    Collective(Locale),
    Lab(Locale),
}

impl EditKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EditKind::Post(kind) => kind.as_str(),
            EditKind::Collective(Locale::Nl) => "collective-nl",
            EditKind::Collective(Locale::En) => "collective-en",
            EditKind::Lab(Locale::Nl) => "lab-nl",
            EditKind::Lab(Locale::En) => "lab-en",
        }
    }

    pub fn parse(s: &str) -> Option<EditKind> {
        if let Some(kind) = PostKind::parse(s) {
            return Some(EditKind::Post(kind));
        }
        let (what, lang) = s.rsplit_once('-')?;
        let lang = Locale::from_code(lang)?;
        match what {
            "collective" => Some(EditKind::Collective(lang)),
            "lab" => Some(EditKind::Lab(lang)),
            _ => None,
        }
    }

    /// Posts are markdown (rendered and sanitised on write); profile texts are plain text.
    pub fn is_markdown(self) -> bool {
        matches!(self, EditKind::Post(_))
    }

    pub fn has_title(self) -> bool {
        self == EditKind::Post(PostKind::Question)
    }

    /// The edit page for this text (the no-JS way of editing).
    pub fn edit_path(self, id: i64) -> String {
        format!("/edit/{}/{id}", self.as_str())
    }

    pub fn history_path(self, id: i64) -> String {
        format!("/history/{}/{id}", self.as_str())
    }
}

/// A text as its author wrote it, for the editors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostSource {
    pub kind: EditKind,
    pub id: i64,
    /// Where the text is shown (the thread with the post's anchor, the collective, the lab).
    pub back: String,
    /// The thread, collective or lab the text belongs to.
    pub heading: String,
    pub lang: Locale,
    /// Questions only.
    pub title: Option<String>,
    pub body_md: String,
    /// Sanitised HTML of posts; for plain texts the text itself.
    pub body_html: String,
    pub version: i64,
    /// A reason is required: the editor is not the text's owner (a moderator fixing a post).
    pub reason_required: bool,
}

/// A saved edit: where the text is shown and its new version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedEdit {
    pub back: String,
    pub version: i64,
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
    let (_, owner) = db::may_edit(&db, viewer.as_ref(), kind, &found).await?;
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
    let (viewer, owner) = db::may_edit(&db, viewer.as_ref(), kind, &found)
        .await
        .map_err(fail)?;
    let mut errors = Vec::new();
    // Whoever edits someone else's text says why (shown in the history and the moderation log).
    let reason = crate::revisions::parse_reason(&reason_text, !owner)
        .map_err(|m| errors.push(FieldError::new("reason", m)))
        .unwrap_or_default();
    let title = if kind.has_title() {
        crate::questions::QuestionTitle::parse(&title_text)
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
            crate::questions::db::answer_path(&db, question_id, id).await?
        }
        _ => found.source.back,
    };
    redirect_plain_post(&back);
    Ok(SavedEdit { back, version })
}

/// The body of a text, checked for its kind.
pub fn parse_body(kind: EditKind, body: &str) -> Result<String, Msg> {
    use crate::questions::{AnswerBody, CommentBody, QuestionBody};
    match kind {
        EditKind::Post(PostKind::Question) => QuestionBody::parse(body).map(|b| b.as_str().into()),
        EditKind::Post(PostKind::Answer) => AnswerBody::parse(body).map(|b| b.as_str().into()),
        EditKind::Post(PostKind::Comment) => CommentBody::parse(body).map(|b| b.as_str().into()),
        EditKind::Collective(_) | EditKind::Lab(_) => {
            let text = body.trim();
            if text.chars().count() > 4000 {
                Err(Msg::DescriptionTooLong)
            } else {
                Ok(text.to_string())
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_kinds_round_trip_through_the_url() {
        for kind in [
            EditKind::Post(PostKind::Question),
            EditKind::Post(PostKind::Answer),
            EditKind::Post(PostKind::Comment),
            EditKind::Collective(Locale::Nl),
            EditKind::Collective(Locale::En),
            EditKind::Lab(Locale::Nl),
            EditKind::Lab(Locale::En),
        ] {
            assert_eq!(EditKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EditKind::parse("lab-de"), None);
        assert_eq!(EditKind::parse("user-nl"), None);
        assert_eq!(EditKind::parse(""), None);
    }

    #[test]
    fn profile_texts_are_plain_and_limited() {
        let kind = EditKind::Collective(Locale::En);
        assert_eq!(
            parse_body(kind, "  We heat 40 homes. "),
            Ok("We heat 40 homes.".into())
        );
        assert_eq!(
            parse_body(kind, &"x".repeat(4001)),
            Err(Msg::DescriptionTooLong)
        );
        assert!(!kind.is_markdown());
        assert!(EditKind::Post(PostKind::Answer).is_markdown());
    }
}
