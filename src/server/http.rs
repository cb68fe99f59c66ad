//! The HTTP stack: Leptos pages and server functions, static assets with long caching, health
//! check, cross-origin refusal, security headers, compression, TCP_NODELAY, graceful shutdown.

use super::config::Config;
use super::db::Db;
use crate::app::{App, shell};
use crate::search::service::SearchService;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use leptos::config::{LeptosOptions, get_configuration};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use std::path::Path;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Leptos' own options (output name, pkg dir) from Cargo.toml when run from the source tree, with
/// our configuration's address and site root on top.
pub fn leptos_options(config: &Config) -> Result<LeptosOptions, String> {
    let manifest = Path::new("Cargo.toml").exists().then_some("Cargo.toml");
    let mut options = get_configuration(manifest)
        .map_err(|e| format!("cannot read the Leptos configuration: {e}"))?
        .leptos_options;
    options.site_addr = config.addr;
    options.site_root = config.site_root.to_string_lossy().as_ref().into();
    // cargo-leptos writes the asset hashes next to the binary; without that file Leptos would
    // fail every page render, so fall back to unhashed asset names instead.
    if options.hash_files {
        let hash_file = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(&*options.hash_file)));
        if !hash_file.as_ref().is_some_and(|f| f.exists()) {
            tracing::warn!("no asset hash file next to the binary; serving unhashed asset names");
            options.hash_files = false;
        }
    }
    Ok(options)
}

pub fn router(
    config: &Config,
    db: Db,
    search: Arc<SearchService>,
    options: LeptosOptions,
) -> Router {
    let routes = generate_route_list(App);
    let stats = crate::dashboard::cache::StatsCache::new(db.clone());
    if config.warm_stats {
        let stats = stats.clone();
        tokio::spawn(async move {
            if let Err(e) = stats.warm().await {
                tracing::warn!("computing the dashboard figures at start-up failed: {e}");
            }
        });
    }
    let context = {
        let (db, config) = (db.clone(), config.clone());
        move || {
            provide_context(db.clone());
            provide_context(config.clone());
            provide_context(search.clone());
            provide_context(stats.clone());
        }
    };
    let pkg_path = Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    // Files under pkg/ carry a content hash in their names, so they can be cached for good.
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(pkg_path)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(middleware::map_response(cache_forever_if_found));
    let sessions = crate::accounts::session::SessionLayer {
        db: db.clone(),
        config: config.clone(),
        // `serve` refuses to start with an unparsable list, so this only drops bad entries in tests.
        trusted: Arc::new(config.trusted_networks().unwrap_or_default()),
    };
    let export_db = db.clone();
    let thread_pages = crate::questions::page_cache::ThreadPageCache::new(db.clone());
    let allowed_origin: Arc<Option<String>> = Arc::new(
        config
            .public_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
            .map(|_| config.public_origin()),
    );
    Router::new()
        .route("/healthz", get(move || healthz(db.clone())))
        .route(
            "/account/export",
            get(move |session| crate::accounts::export::download(export_db.clone(), session)),
        )
        .nest(&format!("/{}", options.site_pkg_dir), pkg)
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context(context, shell))
        // Inside the session layer (it needs to know who is signed in) and the CSP layer (it
        // swaps in the request's nonce).
        .layer(middleware::from_fn_with_state(
            thread_pages,
            crate::questions::page_cache::serve,
        ))
        .layer(middleware::from_fn_with_state(
            sessions,
            crate::accounts::session::resolve,
        ))
        .layer(middleware::from_fn_with_state(
            allowed_origin,
            refuse_cross_origin,
        ))
        .layer(middleware::from_fn(content_security_policy))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(options)
}

/// Largest request body accepted (form posts and server-function calls); larger ones get 413.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The Content-Security-Policy of an HTML page with this script nonce: scripts only from this
/// origin or carrying the nonce (Leptos' hydration and resource scripts), WASM compilation allowed,
/// no plugins, no framing, forms and fetches to this origin only.
pub fn csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: https:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Gives each request a fresh nonce (read by `app::shell`) and puts the policy on HTML responses.
async fn content_security_policy(mut req: Request<Body>, next: Next) -> Response {
    let nonce = leptos::nonce::Nonce::new();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html && let Ok(value) = HeaderValue::from_str(&csp(&nonce)) {
        res.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    res
}

async fn cache_forever_if_found(mut res: Response) -> Response {
    if res.status().is_success() {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    res
}

async fn healthz(db: Db) -> Response {
    match sqlx::query_scalar::<_, i64>("SELECT 1")
        .fetch_one(&db.read)
        .await
    {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// Whether a request may change something: browsers say where it came from in `Sec-Fetch-Site`
/// (and `Origin`); requests without either (curl, server-to-server) are not cross-site attacks.
pub fn is_same_origin(headers: &HeaderMap, allowed_origin: Option<&str>) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = get("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match get("origin") {
        None => true,
        Some(origin) => match allowed_origin {
            Some(allowed) => origin == allowed,
            None => get("host").is_some_and(|host| {
                origin == format!("http://{host}") || origin == format!("https://{host}")
            }),
        },
    }
}

async fn refuse_cross_origin(
    State(allowed_origin): State<Arc<Option<String>>>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let mutating = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if mutating && !is_same_origin(req.headers(), allowed_origin.as_deref()) {
        tracing::warn!(path = %req.uri().path(), "refused a cross-origin request");
        return (StatusCode::FORBIDDEN, "cross-origin request refused").into_response();
    }
    next.run(req).await
}

/// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub async fn serve(config: &Config, db: Db, search: Arc<SearchService>) -> Result<(), String> {
    use axum::serve::ListenerExt;
    let options = leptos_options(config)?;
    if config.trusted_networks()?.is_empty() && config.public_url_is_https() {
        tracing::warn!(
            "no --trusted-proxies: behind a TLS proxy every client would share the proxy's \
             address (and its sign-in limits); list the proxy's address"
        );
    }
    let app = router(config, db.clone(), search, options);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    // Without TCP_NODELAY, streamed pages wait ~40 ms on delayed ACKs (see TOOLCHAIN.md).
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tracing::info!("CollectivePower is listening on http://{}", config.addr);
    // The peer address is the client IP unless the peer is a trusted proxy (`client_ip`).
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))?;
    tracing::info!("shut down cleanly");
    db.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing requests in flight");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn fetch_metadata_decides_first() {
        assert!(is_same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            None
        ));
        assert!(!is_same_origin(
            &headers(&[("sec-fetch-site", "cross-site")]),
            None
        ));
        assert!(!is_same_origin(
            &headers(&[
                ("sec-fetch-site", "same-site"),
                ("origin", "https://cp.example.nl")
            ]),
            Some("https://cp.example.nl")
        ));
    }

    #[test]
    fn origin_must_match_the_public_url_or_host() {
        let allowed = Some("https://cp.example.nl");
        assert!(is_same_origin(
            &headers(&[("origin", "https://cp.example.nl")]),
            allowed
        ));
        assert!(!is_same_origin(
            &headers(&[("origin", "https://evil.example")]),
            allowed
        ));
        let local = headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(is_same_origin(&local, None));
        let evil = headers(&[
            ("origin", "http://evil.example"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(!is_same_origin(&evil, None));
    }

    #[test]
    fn requests_without_browser_headers_pass() {
        assert!(is_same_origin(
            &HeaderMap::new(),
            Some("https://cp.example.nl")
        ));
    }
}
