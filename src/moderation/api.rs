//! The server functions of moderation: flagging a post, the flags queue, the moderators' actions
//! on posts, threads and members, and the public and audit logs.

use super::{FlaggedPost, LogPage};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{
    FLAG_QUEUE_PAGE, FlagReason, PostAction, SUSPEND_DAYS, ThreadAction, db, parse_question_ref,
    parse_reason,
};
#[cfg(feature = "ssr")]
use crate::{content::PostKind, i18n::Msg};

/// A member flags a post for the moderators: once per post, never their own.
#[server(prefix = "/api", endpoint = "flag_post")]
pub async fn flag_post(
    kind: String,
    post_id: i64,
    reason: String,
    note: Option<String>,
) -> Result<(), AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{FieldError, redirect_plain_post, refuse};
    let note = note.unwrap_or_default();
    let fail = |e: AppError| refuse("thread", &[], e);
    let viewer = session::request_viewer();
    policy::participate(viewer.as_ref()).map_err(fail)?;
    let kind = PostKind::parse(&kind).ok_or_else(|| fail(AppError::NotFound))?;
    let reason = FlagReason::parse(&reason).ok_or_else(|| {
        fail(AppError::Fields(vec![FieldError::new(
            "reason",
            Msg::FlagReasonRequired,
        )]))
    })?;
    let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
    if note.chars().count() > 500 {
        return Err(fail(AppError::Fields(vec![FieldError::new(
            "note",
            Msg::ReasonTooLong,
        )])));
    }
    if reason == FlagReason::Other && note.chars().count() < 3 {
        return Err(fail(AppError::Fields(vec![FieldError::new(
            "note",
            Msg::FlagNoteRequired,
        )])));
    }
    let db = crate::server::use_db()?;
    let Some(post) = crate::content::db::post_owner(&db, kind, post_id).await? else {
        return Err(fail(AppError::NotFound));
    };
    let viewer = policy::flag(viewer.as_ref(), post.author_id).map_err(fail)?;
    if !db::flag(
        &db,
        kind,
        post_id,
        post.question_id,
        viewer.id,
        reason,
        &note,
    )
    .await?
    {
        return Err(fail(AppError::Invalid(Msg::AlreadyFlagged)));
    }
    let anchor = crate::ui::href::post_anchor(kind, post.question_id, post_id);
    redirect_plain_post(&crate::ui::href::flagged_link(&anchor));
    Ok(())
}

/// The flags queue: posts with open flags, most flagged first, then the longest waiting; page
/// `page` (from 1) of `FLAG_QUEUE_PAGE`.
#[server(prefix = "/api", endpoint = "load_flag_queue")]
pub async fn load_flag_queue(
    #[server(default)] page: Option<i64>,
) -> Result<Vec<FlaggedPost>, AppError> {
    use crate::accounts::{policy, session};
    policy::moderate(session::request_viewer().as_ref())?;
    let db = crate::server::use_db()?;
    let page = page.unwrap_or(1).clamp(1, 10_000);
    Ok(db::queue_page(&db, FLAG_QUEUE_PAGE, (page - 1) * FLAG_QUEUE_PAGE).await?)
}

/// A moderator acts on a post (see `PostAction`). `days` is for suspensions.
#[server(prefix = "/api", endpoint = "moderate_post")]
pub async fn moderate_post(
    kind: String,
    post_id: i64,
    action: String,
    reason: String,
    days: Option<i64>,
) -> Result<(), AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{FieldError, redirect_plain_post, refuse};
    let fail = |e: AppError| refuse("moderate", &[("reason", reason.as_str())], e);
    let viewer = session::request_viewer();
    let viewer = policy::moderate(viewer.as_ref()).map_err(fail)?;
    let (Some(kind), Some(action)) = (PostKind::parse(&kind), PostAction::parse(&action)) else {
        return Err(fail(AppError::Invalid(Msg::InvalidRequest)));
    };
    let reason = parse_reason(&reason)
        .map_err(|m| fail(AppError::Fields(vec![FieldError::new("reason", m)])))?;
    let db = crate::server::use_db()?;
    let Some(post) = db::post(&db, kind, post_id).await? else {
        return Err(fail(AppError::NotFound));
    };
    let days = match action {
        PostAction::Suspend => {
            Some(days.filter(|d| SUSPEND_DAYS.contains(d)).ok_or_else(|| {
                fail(AppError::Fields(vec![FieldError::new(
                    "days",
                    Msg::SuspendDaysRange,
                )]))
            })?)
        }
        _ => None,
    };
    if matches!(action, PostAction::Warn | PostAction::Suspend) {
        let Some(author) = post.author_id else {
            return Err(fail(AppError::NotFound));
        };
        let staff = db::is_staff(&db, author).await?;
        policy::discipline(Some(viewer), author, staff).map_err(fail)?;
    }
    db::act_on_post(&db, viewer, &post, action, &reason, days).await?;
    redirect_plain_post(&crate::forms::referer_path().unwrap_or_else(|| "/moderation".into()));
    Ok(())
}

/// A moderator locks or unlocks a thread, pins it to a lab page (or unpins), or closes it as a
/// duplicate of `target` (a question number or URL). Answers where the thread now lives.
#[server(prefix = "/api", endpoint = "moderate_thread")]
pub async fn moderate_thread(
    question_id: i64,
    action: String,
    reason: String,
    lab: Option<String>,
    target: Option<String>,
) -> Result<String, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{FieldError, redirect_plain_post, refuse};
    let target_text = target.unwrap_or_default();
    let fail = |e: AppError| {
        refuse(
            "thread-tools",
            &[
                ("reason", reason.as_str()),
                ("target", target_text.as_str()),
            ],
            e,
        )
    };
    let viewer = session::request_viewer();
    let viewer = policy::moderate(viewer.as_ref()).map_err(fail)?;
    let action =
        ThreadAction::parse(&action).ok_or_else(|| fail(AppError::Invalid(Msg::InvalidRequest)))?;
    let reason = parse_reason(&reason)
        .map_err(|m| fail(AppError::Fields(vec![FieldError::new("reason", m)])))?;
    let db = crate::server::use_db()?;
    let Some(post) = db::post(&db, PostKind::Question, question_id).await? else {
        return Err(fail(AppError::NotFound));
    };
    let path = match action {
        ThreadAction::Lock | ThreadAction::Unlock => {
            db::set_locked(&db, viewer, &post, action == ThreadAction::Lock, &reason).await?;
            format!("/questions/{question_id}")
        }
        ThreadAction::Pin | ThreadAction::Unpin => {
            let lab = lab.unwrap_or_default();
            let Some(lab_id) = crate::taxonomy::db::lab_id(&db, &lab).await? else {
                return Err(fail(AppError::Fields(vec![FieldError::new(
                    "lab",
                    Msg::ChooseLab,
                )])));
            };
            db::set_pinned(
                &db,
                viewer,
                &post,
                (lab_id, &lab),
                action == ThreadAction::Pin,
                &reason,
            )
            .await?;
            format!("/questions/{question_id}")
        }
        ThreadAction::Duplicate => {
            let field_error = |m: Msg| fail(AppError::Fields(vec![FieldError::new("target", m)]));
            let target = parse_question_ref(&target_text)
                .ok_or_else(|| field_error(Msg::DuplicateTargetInvalid))?;
            if target == question_id {
                return Err(field_error(Msg::DuplicateOfItself));
            }
            match db::close_as_duplicate(&db, viewer, &post, target, &reason).await? {
                Ok(()) => format!("/questions/{target}"),
                Err(m) => return Err(field_error(m)),
            }
        }
    };
    redirect_plain_post(&path);
    Ok(path)
}

/// A moderator warns, suspends (for `days`) or lifts the suspension of a member.
#[server(prefix = "/api", endpoint = "moderate_user")]
pub async fn moderate_user(
    user_id: i64,
    action: String,
    reason: String,
    days: Option<i64>,
) -> Result<(), AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{FieldError, redirect_plain_post, refuse};
    let fail = |e: AppError| refuse("moderate-user", &[("reason", reason.as_str())], e);
    let viewer = session::request_viewer();
    policy::moderate(viewer.as_ref()).map_err(fail)?;
    let reason = parse_reason(&reason)
        .map_err(|m| fail(AppError::Fields(vec![FieldError::new("reason", m)])))?;
    let db = crate::server::use_db()?;
    let Some(staff) = db::staff_of(&db, user_id).await? else {
        return Err(fail(AppError::NotFound));
    };
    let viewer = policy::discipline(viewer.as_ref(), user_id, staff).map_err(fail)?;
    let action = match action.as_str() {
        "warn" => db::UserAction::Warn,
        "suspend" => {
            let days = days.filter(|d| SUSPEND_DAYS.contains(d)).ok_or_else(|| {
                fail(AppError::Fields(vec![FieldError::new(
                    "days",
                    Msg::SuspendDaysRange,
                )]))
            })?;
            db::UserAction::Suspend(days)
        }
        "unsuspend" => db::UserAction::Unsuspend,
        _ => return Err(fail(AppError::Invalid(Msg::InvalidRequest))),
    };
    db::discipline(&db, viewer, user_id, action, &reason, None).await?;
    redirect_plain_post(&format!("/users/{user_id}"));
    Ok(())
}

/// The public moderation log: what was done, when and why, by which role. Actions on members
/// say neither who nor where (see `db::log`).
#[server(prefix = "/api", endpoint = "moderation_log")]
pub async fn moderation_log(before: Option<i64>) -> Result<LogPage, AppError> {
    let db = crate::server::use_db()?;
    Ok(db::log(&db, before, false).await?)
}

/// The audit log for admins: the same entries with the exact actor and the member acted upon.
#[server(prefix = "/api", endpoint = "audit_log")]
pub async fn audit_log(before: Option<i64>) -> Result<LogPage, AppError> {
    use crate::accounts::{policy, session};
    policy::manage_roles(session::request_viewer().as_ref())?;
    let db = crate::server::use_db()?;
    Ok(db::log(&db, before, true).await?)
}
