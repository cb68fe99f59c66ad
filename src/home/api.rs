//! The home page's server function.

use super::HomeData;
#[cfg(feature = "ssr")]
use super::db;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "home")]
pub async fn get_home() -> Result<HomeData, AppError> {
    let db = crate::server::use_db()?;
    // The question and answer counts come from the dashboards' cached figures (no per-request
    // count over every question).
    let stats = crate::dashboard::cache::use_stats()?;
    let all = stats.get(crate::dashboard::Scope::All).await?;
    let collective_count: i64 = db::collective_count(&db).await?;
    Ok(HomeData {
        labs: stats.lab_summaries().await?,
        question_count: all.figures.total,
        answer_count: all.figures.answers,
        latest: crate::questions::db::latest(&db, 8).await?,
        collective_count,
    })
}
