//! Server functions for questions. Reading is public; writing is for signed-in members
//! (`accounts::policy`).

use super::{QuestionFilter, QuestionPage, QuestionThread};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of a thread: `page` (from 1), or the page holding `answer` (a link to an answer).
#[server(prefix = "/api", endpoint = "question_thread")]
pub async fn get_question_thread(
    id: i64,
    #[server(default)] page: Option<i64>,
    #[server(default)] answer: Option<i64>,
) -> Result<QuestionThread, AppError> {
    let db = crate::server::use_db()?;
    // Moderators also get what was hidden or deleted, marked (never cached: they are signed in).
    let moderator = crate::accounts::session::request_viewer()
        .is_some_and(|v| crate::accounts::policy::moderate(Some(&v)).is_ok());
    let request = super::ThreadPageRequest { page, answer };
    match super::db::thread_page(&db, id, moderator, request).await? {
        Some(thread) => {
            if let Some(target) = thread.duplicate_of {
                crate::error::redirect_page(&format!("/questions/{target}"));
            }
            Ok(thread)
        }
        None => {
            crate::error::mark_not_found();
            Err(AppError::NotFound)
        }
    }
}

/// One page of questions, newest first. `before` is the cursor from the previous page's
/// "older" link; a malformed one is treated as the first page.
#[server(prefix = "/api", endpoint = "list_questions")]
pub async fn list_questions(
    filter: QuestionFilter,
    before: Option<String>,
) -> Result<QuestionPage, AppError> {
    let db = crate::server::use_db()?;
    let before = before.as_deref().and_then(super::Cursor::parse);
    Ok(super::db::list(&db, &filter, before).await?)
}

/// Posts an answer (markdown, rendered and sanitised once, here) to an open question. The answer
/// carries the routed lab's expert badge when its author is one of that lab's partners. Answers
/// the new answer's id.
#[server(prefix = "/api", endpoint = "post_answer")]
pub async fn post_answer(question_id: i64, body: String, lang: String) -> Result<i64, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{redirect_plain_post, refuse};
    let values = [("body", body.as_str())];
    let fail = |e: AppError| refuse("answer", &values, e);
    let viewer = session::request_viewer();
    let viewer = policy::participate(viewer.as_ref()).map_err(fail)?;
    let db = crate::server::use_db()?;
    let id = write_answer(&db, viewer, question_id, &body, &lang)
        .await
        .map_err(fail)?;
    // The new answer may be on a later page of a long thread.
    redirect_plain_post(&super::db::answer_path(&db, question_id, id).await?);
    Ok(id)
}

/// Checks and stores an answer by `viewer` (who may take part): the text's length, the question
/// open and not locked, the writing limits. Shared by the thread's form and the partner queue.
#[cfg(feature = "ssr")]
pub async fn write_answer(
    db: &crate::server::db::Db,
    viewer: &crate::accounts::Viewer,
    question_id: i64,
    body: &str,
    lang: &str,
) -> Result<i64, AppError> {
    use crate::forms::FieldError;
    use crate::i18n::{Locale, Msg};
    let text = super::AnswerBody::parse(body)
        .map_err(|m| AppError::Fields(vec![FieldError::new("body", m)]))?;
    let lang = Locale::from_code(lang).unwrap_or_default();
    match super::db::status_of(db, question_id).await? {
        None => return Err(AppError::NotFound),
        Some((super::QuestionStatus::Closed, _)) => {
            return Err(AppError::Invalid(Msg::QuestionClosed));
        }
        Some((_, true)) => return Err(AppError::Invalid(Msg::ThreadLocked)),
        Some(_) => {}
    }
    use crate::accounts::limits::{Writing, check, check_new_post};
    check(db, viewer.id, text.as_str(), Writing::NewPost).await?;
    let html = crate::server::markdown::render(text.as_str());
    let now = crate::server::db::now_ms();
    let mut tx = db.begin_write().await?;
    // Counted again where the answer is inserted: a parallel burst cannot pass it. The account
    // is locked before the question (the one order of every write path).
    check_new_post(&mut tx, viewer.id, now).await?;
    // Decided again inside the transaction: a moderator may have locked or closed the thread
    // since the read above.
    match super::db::status_in_write(&mut tx, db.backend, question_id).await? {
        None => return Err(AppError::NotFound),
        Some((super::QuestionStatus::Closed, _)) => {
            return Err(AppError::Invalid(Msg::QuestionClosed));
        }
        Some((_, true)) => return Err(AppError::Invalid(Msg::ThreadLocked)),
        Some(_) => {}
    }
    let id = super::db::insert_answer(
        &mut tx,
        question_id,
        lang,
        Some(viewer.id),
        text.as_str(),
        &html,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The asker accepts an answer (or moves the acceptance to another one); the question becomes
/// resolved.
#[server(prefix = "/api", endpoint = "accept_answer")]
pub async fn accept_answer(answer_id: i64) -> Result<(), AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::refuse;
    let fail = |e: AppError| refuse("accept", &[], e);
    let viewer = session::request_viewer();
    policy::participate(viewer.as_ref()).map_err(fail)?;
    let db = crate::server::use_db()?;
    let Some((question_id, asked_by)) = super::db::answer_context(&db, answer_id).await? else {
        return Err(fail(AppError::NotFound));
    };
    policy::question_author(viewer.as_ref(), asked_by).map_err(fail)?;
    super::db::accept_answer(&db, question_id, answer_id).await?;
    Ok(())
}
