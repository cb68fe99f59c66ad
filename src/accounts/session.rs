//! Sessions in the database, so any app node can serve any request.
//!
//! The cookie holds a random 256-bit token; the `sessions` table holds only its SHA-256, so a copy
//! of the database signs nobody in. Every sign-in creates a new session (a token planted before
//! sign-in is worthless after it). A session ends after the idle time without requests, at its
//! absolute expiry, on sign-out, on a password change (all other sessions too) and with the account.

use super::{Viewer, db};
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
    let rows = db::session_rows(db, &id, now, now - config.session_idle_ms()).await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    if now - first.last_seen_at > TOUCH_EVERY_MS {
        db::touch_session(db, &id, now).await?;
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
    db::insert_session(
        db,
        &digest(&token),
        user_id,
        now,
        now + config.session_max_ms(),
        &user_agent.chars().take(200).collect::<String>(),
        now - config.session_idle_ms(),
    )
    .await?;
    Ok(token)
}

/// Ends one session.
pub async fn end(db: &Db, session_id: &str) -> Result<(), sqlx::Error> {
    db::delete_session(db, session_id).await
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
