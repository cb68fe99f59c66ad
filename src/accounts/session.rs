//! Sessions in the database, so any app node can serve any request.
//!
//! The cookie holds a random 256-bit token; the `sessions` table holds only its SHA-256, so a copy
//! of the database signs nobody in. Every sign-in creates a new session (a token planted before
//! sign-in is worthless after it). A session ends after the idle time without requests, at its
//! absolute expiry, on sign-out, on a password change (all other sessions too) and with the account.

use super::Viewer;
use crate::server::config::Config;
use crate::server::cookies;
use crate::server::db::{Db, now_ms};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "cp_session";

/// `last_seen_at` is written at most this often per session (not on every request).
const TOUCH_EVERY_MS: i64 = 60_000;

/// The signed-in session of a request (a request extension, set by `resolve`).
#[derive(Clone, Debug)]
pub struct CurrentSession {
    /// The token's digest: the `sessions.id`.
    pub id: String,
    pub viewer: Viewer,
}

/// The client's IP address as decided by `client_ip` (a request extension, set by `resolve`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// What the session middleware needs.
#[derive(Clone)]
pub struct SessionLayer {
    pub db: Db,
    pub config: Config,
    pub trusted: Arc<Vec<crate::server::client_ip::Network>>,
}

fn digest(token: &str) -> String {
    cookies::hex_encode(&Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    cookies::hex_encode(&bytes)
}

/// Resolves the session cookie (one indexed lookup, only when the cookie is there) and the
/// client IP for every request; a stale or unknown cookie is cleared in the response.
pub async fn resolve(
    State(layer): State<SessionLayer>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let ip = crate::server::client_ip::client_ip(peer, req.headers(), &layer.trusted);
    req.extensions_mut().insert(ClientIp(ip));

    let token = cookies::get(req.headers(), SESSION_COOKIE).map(str::to_string);
    let mut clear_cookie = false;
    if let Some(token) = token {
        match lookup(&layer.db, &layer.config, &token).await {
            Ok(Some(session)) => {
                req.extensions_mut().insert(session);
            }
            Ok(None) => clear_cookie = true,
            Err(e) => tracing::error!(error = %e, "cannot read the session"),
        }
    }
    let mut res = next.run(req).await;
    if clear_cookie && !res.headers().contains_key(header::SET_COOKIE) {
        res.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_static("cp_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"),
        );
    }
    res
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: i64,
    last_seen_at: i64,
    display_name: String,
    is_moderator: i64,
    is_admin: i64,
    unread: i64,
    suspended_until: Option<i64>,
    /// One row per Partner Lab of the person (NULL when none): one query serves the request.
    lab_slug: Option<String>,
}

/// The live session for `token`, if any (touching `last_seen_at` when it is a minute old).
pub async fn lookup(
    db: &Db,
    config: &Config,
    token: &str,
) -> Result<Option<CurrentSession>, sqlx::Error> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let id = digest(token);
    let now = now_ms();
    // The unread count is the one the notifications list shows (`notifications::db::SHOWN`).
    static LOOKUP: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT s.user_id, s.last_seen_at, u.display_name, u.is_moderator, u.is_admin,
                    {} AS unread,
                    CASE WHEN u.suspended_until > $2 THEN u.suspended_until END AS suspended_until,
                    l.slug AS lab_slug
             FROM sessions s
             JOIN users u ON u.id = s.user_id
             LEFT JOIN lab_partners p ON p.user_id = s.user_id
             LEFT JOIN labs l ON l.id = p.lab_id
             WHERE s.id = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.deleted_at IS NULL
             ORDER BY l.position",
            crate::notifications::db::unread_subquery("s.user_id")
        )
    });
    let rows = sqlx::query_as::<_, SessionRow>(LOOKUP.as_str())
        .bind(&id)
        .bind(now)
        .bind(now - config.session_idle_ms())
        .fetch_all(&db.read)
        .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    if now - first.last_seen_at > TOUCH_EVERY_MS {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&id)
            .execute(&db.write)
            .await?;
    }
    let viewer = Viewer {
        id: first.user_id,
        name: first.display_name.clone(),
        is_moderator: first.is_moderator != 0,
        is_admin: first.is_admin != 0,
        partner_labs: rows.iter().filter_map(|r| r.lab_slug.clone()).collect(),
        unread_notifications: first.unread,
        suspended_until: first.suspended_until,
    };
    Ok(Some(CurrentSession { id, viewer }))
}

/// Starts a session for `user_id`; returns the cookie's token.
pub async fn create(
    db: &Db,
    config: &Config,
    user_id: i64,
    user_agent: &str,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, user_agent)
         VALUES ($1, $2, $3, $3, $4, $5)",
    )
    .bind(digest(&token))
    .bind(user_id)
    .bind(now)
    .bind(now + config.session_max_ms())
    .bind(user_agent.chars().take(200).collect::<String>())
    .execute(&mut *tx)
    .await?;
    // Expired sessions are of no use to anyone.
    sqlx::query(
        "DELETE FROM sessions WHERE expires_at < $1 OR (user_id = $2 AND last_seen_at < $3)",
    )
    .bind(now)
    .bind(user_id)
    .bind(now - config.session_idle_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Ends one session.
pub async fn end(db: &Db, session_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(session_id)
        .execute(&db.write)
        .await?;
    Ok(())
}

/// The `Set-Cookie` value for a new session.
pub fn cookie(config: &Config, token: &str) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}",
        config.session_max_ms() / 1000,
        cookies::secure_for(config)
    )
}

pub fn clearing_cookie(config: &Config) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}",
        cookies::secure_for(config)
    )
}

/// The request being handled (page render or server function).
fn request_parts() -> Option<http::request::Parts> {
    leptos::prelude::use_context::<http::request::Parts>()
}

/// The session of the request being handled.
pub fn current() -> Option<CurrentSession> {
    request_parts().and_then(|p| p.extensions.get::<CurrentSession>().cloned())
}

/// The viewer of the request being handled.
pub fn request_viewer() -> Option<Viewer> {
    current().map(|s| s.viewer)
}

/// The client IP of the request being handled.
pub fn client_ip() -> IpAddr {
    request_parts()
        .and_then(|p| p.extensions.get::<ClientIp>().copied())
        .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0)
}

pub fn user_agent() -> String {
    request_parts()
        .and_then(|p| {
            p.headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
        .unwrap_or_default()
}
