//! The server functions of search: the search page's (and header box's) results, and the
//! questions like a draft (for the ask form).

use super::{SearchParams, SearchResults, SimilarQuestion};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "search")]
pub async fn search(params: SearchParams) -> Result<SearchResults, AppError> {
    let service = super::service::use_search()?;
    let locale = crate::i18n::initial_locale();
    service.search(params, locale).await
}

/// The five questions most like a draft (title and body), across all sectors.
#[server(prefix = "/api", endpoint = "similar_questions")]
pub async fn similar_questions(
    title: String,
    body: String,
) -> Result<Vec<SimilarQuestion>, AppError> {
    let service = super::service::use_search()?;
    service.similar(title, body, 5).await
}
