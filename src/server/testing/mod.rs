//! Test databases: a fresh SQLite file per test, always; a fresh PostgreSQL database per test when
//! one is reachable (`TEST_POSTGRES_URL`, default the local server). With `CI=true` an unreachable
//! PostgreSQL fails the run instead of being skipped.

pub mod client;
pub mod fixtures;

use crate::search::service::SearchService;
use crate::server::db::Db;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct TestDb {
    pub db: Db,
    /// The database URL, for a second "node" with its own pools.
    pub url: String,
    drop_postgres: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
    index_dir: tempfile::TempDir,
    search: tokio::sync::OnceCell<Arc<SearchService>>,
}

impl TestDb {
    fn new(
        db: Db,
        url: String,
        drop_postgres: Option<(String, String)>,
        dir: Option<tempfile::TempDir>,
    ) -> TestDb {
        TestDb {
            db,
            url,
            drop_postgres,
            _dir: dir,
            index_dir: tempfile::tempdir().expect("index directory"),
            search: tokio::sync::OnceCell::new(),
        }
    }

    /// This test's search node (its own index directory), opened on first use and then kept up
    /// to date by calling `catch_up` (tests do not wait for the background loop).
    pub async fn search(&self) -> Arc<SearchService> {
        let search = self
            .search
            .get_or_init(|| async {
                let (s, _) =
                    SearchService::open(self.db.clone(), self.index_dir.path(), None, false)
                        .await
                        .expect("open the search index");
                Arc::new(s)
            })
            .await
            .clone();
        search.catch_up().await.expect("search catch-up");
        search
    }

    /// Closes the pools and drops the PostgreSQL database (the SQLite directory goes with `self`).
    pub async fn finish(self) {
        drop(self.search);
        self.db.close().await;
        if let Some((admin_url, name)) = &self.drop_postgres
            && let Ok(admin) = Db::connect(admin_url, 1).await
        {
            // `name` was generated below from digits and a fixed prefix, never from input.
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&admin.write)
                .await;
            admin.close().await;
        }
    }
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = crate::server::db::sqlite_url_in(dir.path());
    let db = Db::connect(&url, 4).await.expect("open SQLite");
    db.migrate().await.expect("migrate SQLite");
    TestDb::new(db, url, None, Some(dir))
}

pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub async fn postgres() -> Option<TestDb> {
    let admin_url = postgres_admin_url();
    let admin = match Db::connect(&admin_url, 1).await {
        Ok(admin) => admin,
        Err(e) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("CI=true but PostgreSQL is unreachable at {admin_url}: {e}");
            }
            eprintln!("SKIPPING PostgreSQL tests: {e}");
            return None;
        }
    };
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let name = format!(
        "cp_test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin.write)
        .await
        .expect("create test database");
    admin.close().await;
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .unwrap_or(&admin_url);
    let url = format!("{base}/{name}");
    let db = Db::connect(&url, 4).await.expect("open test database");
    db.migrate().await.expect("migrate PostgreSQL");
    Some(TestDb::new(db, url, Some((admin_url, name)), None))
}

/// SQLite, and PostgreSQL when reachable.
pub async fn backends() -> Vec<TestDb> {
    let mut all = vec![sqlite().await];
    all.extend(postgres().await);
    all
}

/// Database tests, each run once per backend and reported as two tests, `<name>::sqlite` and
/// `<name>::postgres`, so a failure says which database failed. The body gets `t: &TestDb`
/// (fresh, migrated; `seeded` first: with the demo platform) and is finished afterwards.
/// PostgreSQL is skipped when unreachable, unless `CI=true` (`postgres()`).
///
/// ```ignore
/// backend_tests! {
///     seeded;
///     /// A sentence saying what holds.
///     async fn an_answer_reaches_the_followers(t) {
///         let henk = t.client().signed_in("henk").await;
///         …
///     }
/// }
/// ```
macro_rules! backend_tests {
    (@one $seed:literal; $(#[$meta:meta])* async fn $name:ident($t:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($t: &$crate::server::testing::TestDb) $body

            #[tokio::test]
            async fn sqlite() {
                let t = $crate::server::testing::sqlite().await;
                $crate::server::testing::run_on(t, $seed, |t| Box::pin(run(t))).await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(t) = $crate::server::testing::postgres().await {
                    $crate::server::testing::run_on(t, $seed, |t| Box::pin(run(t))).await;
                }
            }
        }
    };
    (seeded; $($(#[$meta:meta])* async fn $name:ident($t:ident) $body:block)*) => {
        $(backend_tests!(@one true; $(#[$meta])* async fn $name($t) $body);)*
    };
    ($($(#[$meta:meta])* async fn $name:ident($t:ident) $body:block)*) => {
        $(backend_tests!(@one false; $(#[$meta])* async fn $name($t) $body);)*
    };
}
pub(crate) use backend_tests;

/// `backend_tests!`'s runner: seeds when asked, runs the body, closes the database.
pub async fn run_on(
    t: TestDb,
    seeded: bool,
    body: impl for<'a> FnOnce(
        &'a TestDb,
    )
        -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + 'a>>,
) {
    if seeded {
        crate::demo::seed(&t.db).await.expect("seed demo");
    }
    body(&t).await;
    t.finish().await;
}

/// An HTTP answer, read whole.
pub struct Reply {
    pub status: axum::http::StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

#[derive(clap::Parser)]
struct TestCli {
    #[command(flatten)]
    config: crate::server::config::Config,
}

/// The configuration of a test server: defaults plus `args` (flags as on the command line).
pub fn test_config(args: &[&str]) -> crate::server::config::Config {
    use clap::Parser;
    let mut all = vec!["test", "--database-url", ""];
    if !args.contains(&"--public-url") {
        all.extend_from_slice(&["--public-url", ""]);
    }
    all.extend_from_slice(args);
    let mut config = TestCli::parse_from(all).config;
    config.warm_stats = false;
    config
}

/// Sends one request through the whole HTTP stack (no socket) of a server with `config`.
///
/// A request with no answer within 20 s is reported with the database's activity (on
/// PostgreSQL: every session of the test database, its state and wait event) and sent once more
/// to a fresh router; a second silence fails the test. Rare hangs of a page render on PostgreSQL
/// were seen in the full parallel suite (see the closing notes of issues 4 and 5): this keeps the
/// evidence in the log while the cause is open.
pub async fn send_with(
    t: &TestDb,
    config: &crate::server::config::Config,
    request: axum::http::Request<axum::body::Body>,
) -> Reply {
    let what = format!("{} {}", request.method(), request.uri());
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 10 << 20)
        .await
        .expect("request body");
    let build = || {
        let mut request = axum::http::Request::builder()
            .method(parts.method.clone())
            .uri(parts.uri.clone())
            .version(parts.version);
        for (name, value) in &parts.headers {
            request = request.header(name, value);
        }
        request
            .body(axum::body::Body::from(body.clone()))
            .expect("request")
    };
    let phase = AtomicUsize::new(0);
    guarded(&t.db, &t.url, &what, &phase, || {
        answer(t, config, build(), &phase)
    })
    .await
}

/// A whole response from `router`, with `send_with`'s guard against the rare hang of a page
/// render on PostgreSQL (the request is built again by `request` for the second try).
pub async fn fetch_guarded(
    db: &Db,
    router: &axum::Router,
    request: impl Fn() -> axum::http::Request<axum::body::Body>,
) -> Reply {
    let probe = request();
    let what = format!("{} {}", probe.method(), probe.uri());
    let phase = AtomicUsize::new(0);
    guarded(db, &format!("{:?}", db.backend), &what, &phase, || async {
        use tower::ServiceExt;
        phase.store(2, Ordering::SeqCst);
        let response = router.clone().oneshot(request()).await.expect("response");
        read_reply(response, &phase, 64 << 20).await
    })
    .await
}

/// `GET path` in English from `router`, read whole (`fetch_guarded`).
pub async fn fetch_page(db: &Db, router: &axum::Router, path: &str) -> Reply {
    fetch_guarded(db, router, || {
        axum::http::Request::get(path)
            .header(axum::http::header::ACCEPT_LANGUAGE, "en")
            .body(axum::body::Body::empty())
            .expect("request")
    })
    .await
}

/// The guard of `send_with` and `fetch_guarded`: no answer within 20 s is reported with where
/// it is stuck (`phase`, an index into `PHASES`) and the database's activity, and tried once
/// more; a second silence of 60 s fails the test.
async fn guarded<F: std::future::Future<Output = Reply>>(
    db: &Db,
    database: &str,
    what: &str,
    phase: &AtomicUsize,
    attempt: impl Fn() -> F,
) -> Reply {
    let wait = std::time::Duration::from_secs(20);
    if let Ok(reply) = tokio::time::timeout(wait, attempt()).await {
        return reply;
    }
    eprintln!(
        "WARNING: no answer within 20 s to {what} ({}); stuck in: {}; database sessions: {}; \
         sending it again",
        database,
        PHASES[phase.load(Ordering::SeqCst)],
        activity(db).await
    );
    match tokio::time::timeout(std::time::Duration::from_secs(60), attempt()).await {
        Ok(reply) => reply,
        Err(_) => panic!(
            "no complete answer within 60 s to {what} ({}), twice; stuck in: {}; database \
             sessions: {}",
            database,
            PHASES[phase.load(Ordering::SeqCst)],
            activity(db).await
        ),
    }
}

/// Where a request that hangs is waiting (`send_with`'s report).
const PHASES: [&str; 4] = [
    "the search catch-up of the test harness",
    "building the router",
    "the response (middleware, render, server function)",
    "the response body",
];

async fn answer(
    t: &TestDb,
    config: &crate::server::config::Config,
    request: axum::http::Request<axum::body::Body>,
    phase: &AtomicUsize,
) -> Reply {
    use tower::ServiceExt;
    phase.store(0, Ordering::SeqCst);
    let search = t.search().await;
    phase.store(1, Ordering::SeqCst);
    let options = crate::server::http::leptos_options(config).expect("leptos options");
    let router = crate::server::http::router(config, t.db.clone(), search, options);
    phase.store(2, Ordering::SeqCst);
    let response = router.oneshot(request).await.expect("response");
    read_reply(response, phase, 10 << 20).await
}

/// A response read whole, up to `limit` bytes (phase 3: its body).
async fn read_reply(
    response: axum::response::Response,
    phase: &AtomicUsize,
    limit: usize,
) -> Reply {
    phase.store(3, Ordering::SeqCst);
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), limit)
        .await
        .expect("body");
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// What the database is doing, for the report of a request that hangs.
async fn activity(db: &Db) -> String {
    if db.backend != crate::server::db::Backend::Postgres {
        return "(SQLite: no session view)".to_string();
    }
    let query = sqlx::query_as::<_, (i64, String, String, String)>(
        "SELECT CAST(pid AS BIGINT), COALESCE(state, ''),
                COALESCE(wait_event_type, '') || ':' || COALESCE(wait_event, ''),
                LEFT(COALESCE(query, ''), 160)
         FROM pg_stat_activity WHERE datname = current_database()",
    )
    .fetch_all(&db.read);
    match tokio::time::timeout(std::time::Duration::from_secs(5), query).await {
        Ok(Ok(rows)) => format!("{rows:?}"),
        Ok(Err(e)) => format!("(cannot read pg_stat_activity: {e})"),
        Err(_) => "(no connection within 5 s: the pool is exhausted)".to_string(),
    }
}

// Requests and facts for tests through the HTTP stack.

use axum::body::Body;
use axum::http::{Request, header};

pub const SITE: &str = "http://127.0.0.1:3000";

pub fn form_body(pairs: &[(&str, &str)]) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A same-origin POST to a server function: as a plain HTML form (`plain`) or as the WASM
/// client sends it.
pub fn post(
    path: &str,
    pairs: &[(&str, &str)],
    cookie: Option<&str>,
    plain: bool,
) -> Request<Body> {
    let mut request = Request::post(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, SITE)
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::REFERER, format!("{SITE}/signup"))
        .header(header::ACCEPT_LANGUAGE, "en");
    if plain {
        request = request.header(header::ACCEPT, "text/html,application/xhtml+xml");
    }
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::from(form_body(pairs))).expect("request")
}

pub fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::get(path).header(header::ACCEPT_LANGUAGE, "en");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::empty()).expect("request")
}

/// `name=value` of the cookie `name` set by the reply.
pub fn set_cookie(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or_default().to_string()
}

/// The id of a demo account (`key@demo.collectievekracht.example`).
pub async fn demo_user(t: &TestDb, key: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>("SELECT id FROM users WHERE email = $1")
        .bind(format!("{key}@demo.collectievekracht.example"))
        .fetch_one(&t.db.read)
        .await
        .expect("demo user")
        .0
}

/// A signed-in cookie for a demo account.
pub async fn demo_session(t: &TestDb, key: &str) -> String {
    let id = demo_user(t, key).await;
    let token = crate::accounts::session::create(&t.db, &test_config(&[]), id, "test")
        .await
        .expect("session");
    format!("{}={token}", crate::accounts::session::SESSION_COOKIE)
}

pub async fn count(t: &TestDb, sql: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql)
        .fetch_one(&t.db.read)
        .await
        .expect("count")
        .0
}

/// The server function error of a refused reply.
pub fn error_of(reply: &Reply) -> Option<crate::error::AppError> {
    if reply.status.is_success() {
        None
    } else {
        serde_json::from_str(&reply.body).ok()
    }
}
