//! The queue's server functions: the caller's queue, and a partner's actions on a queued
//! question (claiming, changing its state, answering). Partners only.

use super::PartnerQueue;
#[cfg(feature = "ssr")]
use super::{QueueFilter, QueueStatus, db};
#[cfg(feature = "ssr")]
use crate::content::QuestionStatus;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::Msg;
use leptos::prelude::*;

/// The caller's queue. Partners only.
#[server(prefix = "/api", endpoint = "load_queue")]
pub async fn load_queue(filter: String) -> Result<PartnerQueue, AppError> {
    let viewer = crate::accounts::session::request_viewer();
    let viewer = crate::accounts::policy::partner(viewer.as_ref())?;
    let db = crate::server::use_db()?;
    let filter = QueueFilter::parse(&filter);
    let labs = db::partner_labs(&db, viewer.id).await?;
    let stats = crate::dashboard::cache::use_stats()?;
    let (mut open, mut unclaimed) = (0, 0);
    for (id, _) in &labs {
        let figures = stats.get(crate::dashboard::Scope::Lab(*id)).await?.figures;
        open += figures.open;
        unclaimed += figures.unclaimed;
    }
    Ok(db::queue(&db, viewer.id, filter, &labs, (open, unclaimed)).await?)
}

/// Where a queue form returns without JavaScript: the queue view it was sent from.
#[cfg(feature = "ssr")]
fn back_to_queue() {
    let back = crate::forms::referer_path()
        .filter(|p| p.starts_with("/queue"))
        .unwrap_or_else(|| "/queue".to_string());
    crate::forms::redirect_plain_post(&back);
}

/// The routed lab of a visible question and whether the caller may work on it.
#[cfg(feature = "ssr")]
async fn queued(
    db: &crate::server::db::Db,
    question_id: i64,
) -> Result<(crate::accounts::Viewer, db::Queued), AppError> {
    let viewer = crate::accounts::session::request_viewer();
    crate::accounts::policy::partner(viewer.as_ref())?;
    let Some(question) = db::queued(db, question_id).await? else {
        return Err(AppError::NotFound);
    };
    let viewer =
        crate::accounts::policy::partner_of(viewer.as_ref(), question.lab_slug.as_deref())?.clone();
    Ok((viewer, question))
}

/// Claims (`claim` = true) or releases a question routed to one of the caller's labs. A question
/// someone else claimed cannot be claimed over them. Answers whether the caller now holds it.
#[server(prefix = "/api", endpoint = "claim_question")]
pub async fn claim_question(question_id: i64, claim: bool) -> Result<bool, AppError> {
    let fail = |e: AppError| crate::forms::refuse("queue", &[], e);
    let db = crate::server::use_db()?;
    let (viewer, _) = queued(&db, question_id).await.map_err(fail)?;
    let changed = if claim {
        db::claim(&db, question_id, viewer.id).await?
    } else {
        db::release(&db, question_id, viewer.id).await?
    };
    if !changed {
        let msg = if claim {
            Msg::AlreadyClaimed
        } else {
            Msg::NotYourClaim
        };
        return Err(fail(AppError::Invalid(msg)));
    }
    back_to_queue();
    Ok(claim)
}

/// A partner changes a queued question's state: `waiting` (with a note to the asker, posted as a
/// comment), `active` (no longer waiting) or `resolved` (needs an answer).
#[server(prefix = "/api", endpoint = "set_queue_status")]
pub async fn set_queue_status(
    question_id: i64,
    status: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::forms::FieldError;
    let values = [("note", note.as_str())];
    let fail = |e: AppError| crate::forms::refuse("queue", &values, e);
    let Some(status) = QueueStatus::parse(&status) else {
        return Err(fail(AppError::Invalid(Msg::InvalidRequest)));
    };
    let db = crate::server::use_db()?;
    let (viewer, question) = queued(&db, question_id).await.map_err(fail)?;
    crate::accounts::policy::participate(Some(&viewer)).map_err(fail)?;
    if question.locked
        || !matches!(
            question.status,
            QuestionStatus::Open | QuestionStatus::Answered
        )
    {
        return Err(fail(AppError::Invalid(Msg::QueueNotOpen)));
    }
    match status {
        QueueStatus::Waiting => {
            let text = crate::content::CommentBody::parse(&note)
                .map_err(|m| fail(AppError::Fields(vec![FieldError::new("note", m)])))?;
            use crate::accounts::limits::{Writing, check};
            check(&db, viewer.id, text.as_str(), Writing::NewPost)
                .await
                .map_err(fail)?;
            let lang = crate::i18n::initial_locale();
            db::wait_for_asker(&db, question_id, viewer.id, lang, text.as_str()).await?;
        }
        QueueStatus::Active => db::stop_waiting(&db, question_id).await?,
        QueueStatus::Resolved => {
            if question.answer_count == 0 {
                return Err(fail(AppError::Invalid(Msg::ResolveNeedsAnswer)));
            }
            db::resolve(&db, question_id).await?;
        }
    }
    back_to_queue();
    Ok(())
}

/// Answers a question from the queue (the same rules as on the thread). An unclaimed question
/// becomes the answering partner's.
#[server(prefix = "/api", endpoint = "answer_from_queue")]
pub async fn answer_from_queue(
    question_id: i64,
    body: String,
    lang: String,
) -> Result<i64, AppError> {
    let values = [("body", body.as_str())];
    let fail = |e: AppError| crate::forms::refuse("queue", &values, e);
    let db = crate::server::use_db()?;
    let (viewer, _) = queued(&db, question_id).await.map_err(fail)?;
    crate::accounts::policy::participate(Some(&viewer)).map_err(fail)?;
    let id = crate::questions::api::write_answer(&db, &viewer, question_id, &body, &lang)
        .await
        .map_err(fail)?;
    db::claim(&db, question_id, viewer.id).await?;
    back_to_queue();
    Ok(id)
}
