//! Server-only, cross-cutting code: configuration, the database pool, markdown rendering, the
//! HTTP stack and the command line.

pub mod cli;
pub mod client_ip;
pub mod config;
pub mod cookies;
pub mod db;
pub mod http;
pub mod markdown;

#[cfg(test)]
mod head_tests;
#[cfg(test)]
mod http_tests;
#[cfg(test)]
mod remote_images_tests;
#[cfg(test)]
mod schema_tests;
#[cfg(test)]
pub(crate) mod testing;

use crate::error::AppError;
use db::Db;

/// Something the HTTP stack provides to every request (`server::http::router`); its absence is
/// a bug, logged and answered with an internal error.
pub fn from_context<T: Clone + Send + Sync + 'static>(what: &str) -> Result<T, AppError> {
    leptos::prelude::use_context::<T>().ok_or_else(|| {
        tracing::error!("{what} is missing from the request context");
        AppError::Internal
    })
}

/// The database pool from the request's context.
pub fn use_db() -> Result<Db, AppError> {
    from_context("the database pool")
}
