//! Server-only, cross-cutting code: configuration, the database pool, markdown rendering, the
//! HTTP stack and the command line.

pub mod cli;
pub mod config;
pub mod db;
pub mod http;
pub mod markdown;

#[cfg(test)]
mod http_tests;
#[cfg(test)]
pub(crate) mod testing;

use crate::error::AppError;
use db::Db;

/// The database pool from the request's context (provided by the HTTP stack).
pub fn use_db() -> Result<Db, AppError> {
    leptos::prelude::use_context::<Db>().ok_or_else(|| {
        tracing::error!("the database pool is missing from the request context");
        AppError::Internal
    })
}
