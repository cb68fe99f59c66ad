//! Server functions for questions. Reading is public; writing comes with the question-threads
//! issue and will check the caller's role here.

use super::{QuestionFilter, QuestionPage, QuestionThread};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "question_thread")]
pub async fn get_question_thread(id: i64) -> Result<QuestionThread, AppError> {
    let db = crate::server::use_db()?;
    match super::db::thread(&db, id).await? {
        Some(thread) => Ok(thread),
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
