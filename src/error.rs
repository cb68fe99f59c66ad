//! The one error type at the server-function boundary. It travels to the browser as JSON, and
//! every variant can be shown to a person in their language.

use crate::forms::FieldError;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};
use server_fn::{ServerFnError, codec::JsonEncoding, error::FromServerFnError};
use std::fmt;

use leptos::server_fn;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AppError {
    /// The thing asked for does not exist (or is not visible to the caller).
    NotFound,
    /// The input was refused; the message says why.
    Invalid(Msg),
    /// A form's input was refused: a message per field (field "" is the form as a whole).
    Fields(Vec<FieldError>),
    /// Only for signed-in people.
    SignInRequired,
    /// Signed in, but this role may not do this.
    Forbidden,
    /// Too many attempts; try again later.
    RateLimited,
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
            AppError::Fields(errors) => write!(f, "invalid form input: {errors:?}"),
            AppError::SignInRequired => write!(f, "sign-in required"),
            AppError::Forbidden => write!(f, "forbidden"),
            AppError::RateLimited => write!(f, "rate limited"),
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

impl AppError {
    /// One message for the whole error (forms show field errors next to their fields instead).
    pub fn message(&self) -> Msg {
        match self {
            AppError::NotFound => Msg::NotFoundText,
            AppError::Invalid(msg) => *msg,
            AppError::Fields(errors) => errors.first().map(|e| e.msg).unwrap_or(Msg::ErrorText),
            AppError::SignInRequired => Msg::SignInRequired,
            AppError::Forbidden => Msg::Forbidden,
            AppError::RateLimited => Msg::RateLimited,
            AppError::Internal | AppError::Transport(_) => Msg::ErrorText,
        }
    }
}

/// On the server, a `NotFound` also sets the page's HTTP status to 404.
#[cfg(feature = "ssr")]
pub fn mark_not_found() {
    set_page_status(http::StatusCode::NOT_FOUND);
}

/// Answers the page being rendered with a redirect to `path` (a question closed as a duplicate
/// leads to the one that holds its answers). Server-function calls are left alone (they are not
/// pages).
#[cfg(feature = "ssr")]
pub fn redirect_page(path: &str) {
    let is_api = leptos::prelude::use_context::<http::request::Parts>()
        .is_some_and(|parts| parts.uri.path().starts_with("/api/"));
    if let (false, Some(res), Ok(location)) = (
        is_api,
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(path),
    ) {
        res.set_status(http::StatusCode::FOUND);
        res.insert_header(http::header::LOCATION, location);
    }
}

/// Sets the HTTP status of the page being rendered (not for server functions answering forms:
/// their plain-form answer is a redirect).
#[cfg(feature = "ssr")]
pub fn set_page_status(status: http::StatusCode) {
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(status);
    }
}

/// A page that failed to load answers with the fitting status (401, 403, 404, 500).
#[cfg(feature = "ssr")]
pub fn mark_page_error(error: &AppError) {
    use http::StatusCode;
    set_page_status(match error {
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::SignInRequired => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        AppError::Invalid(_) | AppError::Fields(_) => StatusCode::BAD_REQUEST,
        AppError::Internal | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
    });
}
