//! The HTTP stack: Leptos pages and server functions, static assets with long caching, health
//! check, robots.txt and the sitemaps (`sitemap::serve`), cross-origin refusal, security headers,
//! compression, TCP_NODELAY, graceful shutdown.

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
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use std::path::Path;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The compiled-in half of Leptos' options: the values `[package.metadata.leptos]` in Cargo.toml
/// gives cargo-leptos (`output-name`, `site-pkg-dir`, `hash-files`). They are constants of the
/// build, so the server never reads Cargo.toml or the working directory for them.
pub const OUTPUT_NAME: &str = "collectivepower";
pub const PKG_DIR: &str = "pkg";
/// The file cargo-leptos writes next to the binary (and `make build` copies into the site root)
/// with the content hashes of the CSS, JS and WASM file names.
pub const HASH_FILE: &str = "hash.txt";

/// Why `serve` stopped (or never started): one readable line each.
#[derive(Debug)]
pub enum ServeError {
    /// An asset the pages link is missing under the site root.
    IncompleteSite {
        missing: Vec<String>,
        root: std::path::PathBuf,
        /// The hash file in use, if one was found.
        hash_file: Option<String>,
    },
    /// An unparsable `--trusted-proxies` entry.
    TrustedProxies(super::client_ip::NetworkError),
    /// The address could not be bound.
    Listen {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    /// The server failed while running.
    Serve(std::io::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::IncompleteSite {
                missing,
                root,
                hash_file,
            } => write!(
                f,
                "the built site is incomplete: {} missing under {} (hash file: {}); build it \
                 with `make build` and pass --site-root (LEPTOS_SITE_ROOT) if it is not beside \
                 the binary",
                missing.join(", "),
                root.display(),
                hash_file.as_deref().unwrap_or("none found"),
            ),
            ServeError::TrustedProxies(e) => std::fmt::Display::fmt(e, f),
            ServeError::Listen { addr, source } => write!(f, "cannot listen on {addr}: {source}"),
            ServeError::Serve(e) => write!(f, "server error: {e}"),
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::IncompleteSite { .. } => None,
            ServeError::TrustedProxies(e) => Some(e),
            ServeError::Listen { source, .. } => Some(source),
            ServeError::Serve(e) => Some(e),
        }
    }
}

impl From<super::client_ip::NetworkError> for ServeError {
    fn from(e: super::client_ip::NetworkError) -> Self {
        ServeError::TrustedProxies(e)
    }
}

/// Leptos' options: the compiled-in configuration above, the configured address, the site root
/// (see `Config::site_root`) and the asset hash file, looked up next to the binary and then in the
/// site root. Nothing here depends on the working directory. (It cannot fail today; the `Result`
/// keeps callers ready for a check that can.)
pub fn leptos_options(config: &Config) -> Result<LeptosOptions, std::convert::Infallible> {
    let site_root = config.site_root();
    let hash_file = find_hash_file(&site_root);
    let mut options = LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(site_root.to_string_lossy().as_ref())
        .site_pkg_dir(PKG_DIR)
        .site_addr(config.addr)
        .build();
    match hash_file {
        // Leptos joins this name to the binary's directory; an absolute path replaces it.
        Some(file) => {
            options.hash_files = true;
            options.hash_file = file.to_string_lossy().as_ref().into();
        }
        None => options.hash_files = false,
    }
    Ok(options)
}

/// The asset hash file: next to the binary (where cargo-leptos writes it), else in the site root.
fn find_hash_file(site_root: &Path) -> Option<std::path::PathBuf> {
    let beside_binary = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.canonicalize().ok())
        .and_then(|exe| exe.parent().map(|dir| dir.join(HASH_FILE)));
    let in_site = site_root.join(HASH_FILE);
    let in_site = in_site.canonicalize().unwrap_or(in_site);
    beside_binary
        .into_iter()
        .chain(std::iter::once(in_site))
        .find(|file| file.is_file())
}

/// The CSS, JS and WASM files a page links (from the hash file when there is one) and the
/// navigation script, relative to the site root.
pub fn linked_assets(options: &LeptosOptions) -> Vec<String> {
    let mut hashes = std::collections::HashMap::new();
    if options.hash_files
        && let Ok(text) = std::fs::read_to_string(&*options.hash_file)
    {
        for line in text.lines() {
            if let Some((kind, hash)) = line.split_once(':') {
                hashes.insert(kind.trim().to_string(), hash.trim().to_string());
            }
        }
    }
    let name = |kind: &str, ext: &str| match hashes.get(kind) {
        Some(hash) => format!(
            "{}/{}.{hash}.{ext}",
            options.site_pkg_dir, options.output_name
        ),
        None => format!("{}/{}.{ext}", options.site_pkg_dir, options.output_name),
    };
    vec![
        name("css", "css"),
        name("js", "js"),
        name("wasm", "wasm"),
        // Moving between pages (`public/nav.js`, copied from `public/` as it is).
        "nav.js".to_string(),
    ]
}

/// Start-up check for `serve`: every asset the pages will link exists under the site root, so a
/// misplaced binary stops with one clear line instead of serving pages without styles or WASM.
pub fn check_assets(options: &LeptosOptions) -> Result<(), ServeError> {
    let root = Path::new(&*options.site_root);
    let missing: Vec<String> = linked_assets(options)
        .into_iter()
        .filter(|asset| !root.join(asset).is_file())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(ServeError::IncompleteSite {
        missing,
        root: root.to_path_buf(),
        hash_file: options.hash_files.then(|| options.hash_file.to_string()),
    })
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
    let comment_db = db.clone();
    let crawling = crate::sitemap::serve::routes(db.clone(), config.clone());
    let thread_pages =
        crate::questions::page_cache::ThreadPageCache::new(db.clone(), config.clone());
    let allowed_origin: Arc<Option<String>> = Arc::new(config.configured_origin());
    Router::new()
        .route("/healthz", get(move || healthz(db.clone())))
        .merge(crawling)
        .route(
            "/comment/{id}",
            get(move |id, query| {
                crate::questions::comment_link::goto_comment(comment_db.clone(), id, query)
            }),
        )
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
        .layer(middleware::from_fn_with_state(
            config.remote_images,
            content_security_policy,
        ))
        .layer(middleware::from_fn(redirect_for_nav))
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
/// no plugins, no framing, forms and fetches to this origin only. Images from this origin (and
/// `data:`) only, unless `remote_images` (`--remote-images`) lets posts show images from any
/// `https:` site: then a post's author can see who reads it. With it off, an `<img>` of another
/// site in a post stored before (or when the setting was on) does not load either.
pub fn csp(nonce: &str, remote_images: bool) -> String {
    let img_src = if remote_images {
        "'self' data: https:"
    } else {
        "'self' data:"
    };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src {img_src}; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Gives each request a fresh nonce (read by `app::shell`) and puts the policy on HTML responses.
async fn content_security_policy(
    State(remote_images): State<bool>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let nonce = leptos::nonce::Nonce::new();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html && let Ok(value) = HeaderValue::from_str(&csp(&nonce, remote_images)) {
        res.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    res
}

/// The header `public/nav.js` puts on the pages it fetches, and the one it reads a redirect from.
pub const NAV_REQUEST: &str = "x-cp-nav";
pub const NAV_LOCATION: &str = "x-cp-location";

/// A redirect asked for by `public/nav.js` comes back as `204` with the target in a header of its
/// own: `fetch` would follow it and drop the target's fragment (`/questions/6#answer-12`), so the
/// script goes there itself. Browsers loading pages on their own get the redirect as it was.
async fn redirect_for_nav(req: Request<Body>, next: Next) -> Response {
    let from_nav = req.headers().contains_key(NAV_REQUEST);
    let mut res = next.run(req).await;
    if from_nav
        && res.status().is_redirection()
        && let Some(location) = res.headers_mut().remove(header::LOCATION)
    {
        *res.status_mut() = StatusCode::NO_CONTENT;
        let headers = res.headers_mut();
        headers.insert(NAV_LOCATION, location);
        // The same address answers a browser with the redirect itself: caches must tell them apart.
        headers.insert(header::VARY, HeaderValue::from_static(NAV_REQUEST));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        *res.body_mut() = Body::empty();
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
    match db.ping().await {
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
pub async fn serve(config: &Config, db: Db, search: Arc<SearchService>) -> Result<(), ServeError> {
    use axum::serve::ListenerExt;
    let Ok(options) = leptos_options(config);
    check_assets(&options)?;
    if config.trusted_networks()?.is_empty() && config.public_url_is_https() {
        tracing::warn!(
            "no --trusted-proxies: behind a TLS proxy every client would share the proxy's \
             address (and its sign-in limits); list the proxy's address"
        );
    }
    let app = router(config, db.clone(), search, options);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Listen {
            addr: config.addr,
            source,
        })?;
    // Without TCP_NODELAY (Nagle's algorithm), a response written in more than one piece waits
    // ~40 ms on the client's delayed ACK.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tracing::info!("CollectivePower is listening on http://{}", config.addr);
    // The peer address is the client IP unless the peer is a trusted proxy (`client_ip`).
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(ServeError::Serve)?;
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
