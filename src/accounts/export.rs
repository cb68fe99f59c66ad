//! `GET /account/export`: everything the platform holds about the signed-in person, as one JSON
//! download (GDPR art. 15 and 20). Signed out: 401.

use super::session::CurrentSession;
use crate::server::db::Db;
use axum::Extension;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

pub async fn download(db: Db, session: Option<Extension<CurrentSession>>) -> Response {
    let Some(Extension(session)) = session else {
        return (StatusCode::UNAUTHORIZED, "sign in to download your data").into_response();
    };
    match collect(&db, session.viewer.id).await {
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

async fn rows(
    db: &Db,
    sql: &str,
    user_id: i64,
    columns: &[&str],
) -> Result<Vec<Value>, sqlx::Error> {
    use sqlx::Row;
    let rows = sqlx::query(sql).bind(user_id).fetch_all(&db.read).await?;
    rows.iter()
        .map(|row| {
            let mut object = serde_json::Map::new();
            for (i, name) in columns.iter().enumerate() {
                let value = match row.try_get::<Option<i64>, _>(i) {
                    Ok(v) => json!(v),
                    Err(_) => json!(row.try_get::<Option<String>, _>(i)?),
                };
                object.insert(name.to_string(), value);
            }
            Ok(Value::Object(object))
        })
        .collect()
}

/// The export's content: account, memberships, lab roles, questions, answers, sessions.
pub async fn collect(db: &Db, user_id: i64) -> Result<Value, sqlx::Error> {
    let account = rows(
        db,
        "SELECT id, display_name, email, bio_nl, bio_en, is_moderator, is_admin, created_at,
                email_verified_at, password_changed_at
         FROM users WHERE id = $1",
        user_id,
        &[
            "id",
            "display_name",
            "email",
            "bio_nl",
            "bio_en",
            "is_moderator",
            "is_admin",
            "created_at_ms",
            "email_verified_at_ms",
            "password_changed_at_ms",
        ],
    )
    .await?;
    let memberships = rows(
        db,
        "SELECT c.slug, c.name, m.role, m.status, m.created_at
         FROM memberships m JOIN collectives c ON c.id = m.collective_id
         WHERE m.user_id = $1 ORDER BY m.created_at",
        user_id,
        &[
            "collective_slug",
            "collective_name",
            "role",
            "status",
            "requested_at_ms",
        ],
    )
    .await?;
    let labs = rows(
        db,
        "SELECT l.slug, p.organisation, p.created_at FROM lab_partners p
         JOIN labs l ON l.id = p.lab_id WHERE p.user_id = $1 ORDER BY l.position",
        user_id,
        &["lab", "organisation", "since_ms"],
    )
    .await?;
    let questions = rows(
        db,
        "SELECT id, lang, title, body_md, status, created_at, updated_at
         FROM questions WHERE author_id = $1 ORDER BY created_at",
        user_id,
        &[
            "id",
            "lang",
            "title",
            "body_markdown",
            "status",
            "created_at_ms",
            "updated_at_ms",
        ],
    )
    .await?;
    let answers = rows(
        db,
        "SELECT id, question_id, lang, body_md, is_accepted, created_at, updated_at
         FROM answers WHERE author_id = $1 ORDER BY created_at",
        user_id,
        &[
            "id",
            "question_id",
            "lang",
            "body_markdown",
            "is_accepted",
            "created_at_ms",
            "updated_at_ms",
        ],
    )
    .await?;
    let sessions = rows(
        db,
        "SELECT created_at, last_seen_at, expires_at, user_agent FROM sessions
         WHERE user_id = $1 ORDER BY created_at",
        user_id,
        &[
            "created_at_ms",
            "last_seen_at_ms",
            "expires_at_ms",
            "user_agent",
        ],
    )
    .await?;
    Ok(json!({
        "format": "collectivepower-personal-data/1",
        "exported_at_ms": crate::server::db::now_ms(),
        "account": account.into_iter().next(),
        "memberships": memberships,
        "partner_labs": labs,
        "questions": questions,
        "answers": answers,
        "sessions": sessions,
    }))
}
