//! The one error type at the server-function boundary. It travels to the browser as JSON, and
//! every variant can be shown to a person in their language.

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};
use server_fn::{ServerFnError, codec::JsonEncoding, error::FromServerFnError};
use std::fmt;

use leptos::server_fn;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AppError {
    /// The thing asked for does not exist (or is not visible to the caller).
    NotFound,
    /// The input was refused; the message says which field and why.
    Invalid(Msg),
    /// Something failed on the server; details are in the server log, not in the page.
    Internal,
    /// Transport or (de)serialisation failures reported by the server-function machinery.
    Transport(String),
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::NotFound => write!(f, "not found"),
            AppError::Invalid(msg) => write!(f, "invalid input: {msg:?}"),
            AppError::Internal => write!(f, "internal error"),
            AppError::Transport(e) => write!(f, "transport error: {e}"),
        }
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

impl From<ServerFnError> for AppError {
    fn from(value: ServerFnError) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => AppError::NotFound,
            other => {
                tracing::error!(error = %other, "database error");
                AppError::Internal
            }
        }
    }
}

/// On the server, a `NotFound` also sets the page's HTTP status to 404.
#[cfg(feature = "ssr")]
pub fn mark_not_found() {
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
}
