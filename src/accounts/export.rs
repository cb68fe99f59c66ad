//! `GET /account/export`: everything the platform holds about the signed-in person, as one JSON
//! download (GDPR art. 15 and 20). Signed out: 401.

use super::db;
use super::session::CurrentSession;
use crate::server::db::Db;
use axum::Extension;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn download(db: Db, session: Option<Extension<CurrentSession>>) -> Response {
    let Some(Extension(session)) = session else {
        return (StatusCode::UNAUTHORIZED, "sign in to download your data").into_response();
    };
    match db::personal_data(&db, session.viewer.id).await {
        Ok(data) => {
            let mut res = axum::Json(data).into_response();
            res.headers_mut().insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"collectivepower-my-data.json\""),
            );
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "data export failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "export failed").into_response()
        }
    }
}

#[cfg(test)]
#[path = "erasure_tests.rs"]
mod erasure_tests;
