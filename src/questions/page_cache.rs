//! The thread page as visitors see it, kept rendered in memory per (question, language).
//!
//! Invalidation is exact and works across app nodes, because the truth is in the database: every
//! write that changes what a thread page shows bumps `questions.cache_version` in its own
//! transaction (answers, votes, comments, edits, acceptance, hiding), and every write that changes
//! the people shown on author cards (names, deleted accounts, active memberships, partner roles)
//! bumps the row `people` of `cache_versions`. A request reads both numbers (one indexed query) and
//! reuses the page only when both match the ones read before that page was rendered, so a write
//! that lands during rendering makes the stored copy stale at once.
//!
//! Only plain visitor requests are served from here: GET `/questions/<id>` without a query (so
//! never a `?lang=` page), no session or flash cookie. Pages are kept per language and per origin
//! their absolute links were made with (`Config::origin_for`: without a configured public URL that
//! is the request's host, so one host's links are never served to another). The page's CSP nonce
//! is replaced by the request's own. Responses say `x-page-cache: hit` or `miss`.

use crate::i18n::{Locale, negotiate};
use crate::server::config::Config;
use crate::server::db::Db;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

// The memory the kept pages may take is `--page-cache-mb` (default 64 MiB; a thread page with 30
// answers is about 100 KB). When full, the cache evicts by frequency and recency (moka's TinyLFU):
// a page read once by a crawler walking the sitemap does not push out the pages read all day.
/// Pages larger than this are not kept.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

type Stamp = (i64, i64);
/// A question, the page's language and the origin of its absolute links.
type Key = (i64, Locale, Arc<str>);

struct Page {
    stamp: Stamp,
    nonce: Arc<str>,
    headers: HeaderMap,
    body: Bytes,
}

/// The kept pages, weighed by their size.
struct Pages(moka::sync::Cache<Key, Arc<Page>>);

impl Pages {
    fn new(max_bytes: u64) -> Pages {
        Pages(
            moka::sync::Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|_key, page: &Arc<Page>| {
                    u32::try_from(page.body.len()).unwrap_or(u32::MAX)
                })
                .build(),
        )
    }

    fn get(&self, key: &Key, stamp: Stamp) -> Option<Arc<Page>> {
        self.0.get(key).filter(|p| p.stamp == stamp)
    }

    fn put(&self, key: Key, page: Page) {
        self.0.insert(key, Arc::new(page));
    }

    /// Pages kept and the bytes they weigh (after pending evictions are applied).
    #[cfg(test)]
    fn usage(&self) -> (u64, u64) {
        self.0.run_pending_tasks();
        (self.0.entry_count(), self.0.weighted_size())
    }
}

pub struct ThreadPageCache {
    db: Db,
    config: Config,
    pages: Pages,
}

impl ThreadPageCache {
    /// A cache holding up to `--page-cache-mb` of page bodies.
    pub fn new(db: Db, config: Config) -> Arc<ThreadPageCache> {
        let max_bytes = config.page_cache_mb.saturating_mul(1024 * 1024);
        Arc::new(ThreadPageCache {
            db,
            config,
            pages: Pages::new(max_bytes),
        })
    }

    async fn stamp(&self, question_id: i64) -> Option<Stamp> {
        super::db::cache_stamp(&self.db, question_id)
            .await
            .ok()
            .flatten()
    }
}

/// The cache key of a request that may be served from the cache.
fn key_of(req: &Request, config: &Config) -> Option<Key> {
    if req.method() != axum::http::Method::GET || req.uri().query().is_some() {
        return None;
    }
    let id: i64 = req.uri().path().strip_prefix("/questions/")?.parse().ok()?;
    if req
        .extensions()
        .get::<crate::accounts::session::CurrentSession>()
        .is_some()
    {
        return None;
    }
    let cookies = req
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok());
    if cookies.is_some_and(|c| c.contains("cp_session=") || c.contains("cp_flash=")) {
        return None;
    }
    let accept_language = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let origin = config.origin_for(Some(req.headers()));
    Some((id, negotiate(cookies, accept_language), Arc::from(origin)))
}

fn response(page: &Page, body: Bytes) -> Response {
    let mut res = Response::new(Body::from(body));
    *res.headers_mut() = page.headers.clone();
    res.headers_mut()
        .insert(CACHE_HEADER, HeaderValue::from_static("hit"));
    res
}

const CACHE_HEADER: &str = "x-page-cache";

/// The middleware (inside the session and CSP layers, which it relies on).
pub async fn serve(
    State(cache): State<Arc<ThreadPageCache>>,
    req: Request,
    next: Next,
) -> Response {
    let Some(key) = key_of(&req, &cache.config) else {
        return next.run(req).await;
    };
    let nonce: Option<Arc<str>> = req
        .extensions()
        .get::<leptos::nonce::Nonce>()
        .map(|n| n.as_inner().clone());
    let Some(stamp) = cache.stamp(key.0).await else {
        return next.run(req).await;
    };
    if let Some(page) = cache.pages.get(&key, stamp) {
        let body = match &nonce {
            Some(nonce) if !page.nonce.is_empty() => {
                let html = String::from_utf8_lossy(&page.body);
                Bytes::from(html.replace(&*page.nonce, nonce))
            }
            _ => page.body.clone(),
        };
        return response(&page, body);
    }
    let res = next.run(req).await;
    let cacheable = res.status() == StatusCode::OK
        && !res.headers().contains_key(header::SET_COOKIE)
        && res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
    if !cacheable {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::warn!(error = %e, "thread page body could not be read");
            return Response::from_parts(parts, Body::empty());
        }
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(CACHE_HEADER, HeaderValue::from_static("miss"));
    if bytes.len() > MAX_PAGE_BYTES {
        return Response::from_parts(parts, Body::from(bytes));
    }
    cache.pages.put(
        key,
        Page {
            stamp,
            nonce: nonce.unwrap_or_else(|| Arc::from("")),
            headers: parts.headers.clone(),
            body: bytes.clone(),
        },
    );
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod eviction_tests {
    //! A full cache evicts the pages read least, not everything.

    use super::{Page, Pages};
    use crate::i18n::Locale;
    use axum::body::Bytes;
    use axum::http::HeaderMap;
    use std::sync::Arc;

    fn page(bytes: usize) -> Page {
        Page {
            stamp: (1, 1),
            nonce: Arc::from(""),
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; bytes]),
        }
    }

    #[test]
    fn a_hot_page_stays_while_thousands_of_others_are_read_once() {
        // Room for about 100 pages of 10 KB; a crawler reads 5,000 other threads once each while
        // visitors keep reading the hot thread.
        let pages = Pages::new(1_000_000);
        let origin: Arc<str> = Arc::from("http://127.0.0.1:3000");
        let hot = (1, Locale::Nl, origin.clone());
        pages.put(hot.clone(), page(10_000));
        let mut hot_misses = 0;
        for id in 2..5_002 {
            let key = (id, Locale::Nl, origin.clone());
            if pages.get(&key, (1, 1)).is_none() {
                pages.put(key, page(10_000));
            }
            if id % 10 == 0 && pages.get(&hot, (1, 1)).is_none() {
                hot_misses += 1;
                pages.put(hot.clone(), page(10_000));
            }
        }
        let (count, bytes) = pages.usage();
        assert!(
            bytes <= 1_000_000,
            "the cache stays within its size: {bytes}"
        );
        assert!(
            count >= 50,
            "a full cache keeps pages, it does not start over: {count}"
        );
        assert_eq!(hot_misses, 0, "the hot page was never evicted");
        assert!(pages.get(&hot, (1, 1)).is_some());
        // A stale stamp is never served.
        assert!(pages.get(&hot, (2, 1)).is_none());
    }
}

#[cfg(test)]
mod tests {
    //! The cache on every backend: reused only while nothing on the page changed.

    use crate::i18n::Locale;
    use crate::questions::{PostKind, db};
    use crate::server::testing::backend_tests;
    use axum::body::Body;
    use axum::http::{Request, header};
    use tower::ServiceExt;

    struct Page {
        cache: String,
        nonce: String,
        /// The body with the nonce taken out.
        html: String,
    }

    async fn get(router: &axum::Router, path: &str, cookie: Option<&str>) -> Page {
        let mut request = Request::get(path).header(header::ACCEPT_LANGUAGE, "en");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let response = router
            .clone()
            .oneshot(request.body(Body::empty()).expect("request"))
            .await
            .expect("response");
        assert_eq!(response.status(), 200, "{path}");
        let cache = response
            .headers()
            .get("x-page-cache")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("none")
            .to_string();
        let csp = response
            .headers()
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .expect("csp")
            .to_string();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("nonce in the policy")
            .to_string();
        let bytes = axum::body::to_bytes(response.into_body(), 10 << 20)
            .await
            .expect("body");
        let body = String::from_utf8_lossy(&bytes).into_owned();
        assert!(
            body.contains(&format!("nonce=\"{nonce}\"")),
            "the page carries the policy's nonce"
        );
        Page {
            cache,
            html: body.replace(&nonce, "NONCE"),
            nonce,
        }
    }

    backend_tests! {
        seeded;

        async fn visitors_get_the_cached_page_until_anything_on_it_changes(t) {
            let config = crate::server::testing::test_config(&[]);
            let options = crate::server::http::leptos_options(&config).expect("options");
            let router =
                crate::server::http::router(&config, t.db.clone(), t.search().await, options);
            let (id, answer_id, answer_author): (i64, i64, i64) = sqlx::query_as(
                "SELECT q.id, a.id, a.author_id FROM questions q JOIN answers a ON a.question_id = q.id
                 WHERE q.status = 'answered' AND q.hidden_at IS NULL
                   AND a.author_id NOT IN (SELECT user_id FROM lab_partners)
                 ORDER BY q.id, a.id LIMIT 1",
            )
            .fetch_one(&t.db.read)
            .await
            .expect("an answered question");
            let path = format!("/questions/{id}");

            let first = get(&router, &path, None).await;
            assert_eq!(first.cache, "miss");
            let second = get(&router, &path, None).await;
            assert_eq!(second.cache, "hit");
            assert_ne!(
                first.nonce, second.nonce,
                "every response has its own nonce"
            );
            assert_eq!(first.html, second.html);

            // Each kind of write shows on the next visit.
            db::add_answer(
                &t.db,
                id,
                Locale::En,
                None,
                "A fresh answer from the cache test.",
            )
            .await
            .expect("answer");
            let page = get(&router, &path, None).await;
            assert_eq!(page.cache, "miss");
            assert!(page.html.contains("A fresh answer from the cache test."));

            let before = get(&router, &path, None).await;
            assert_eq!(before.cache, "hit");
            let voter: i64 =
                sqlx::query_scalar("SELECT id FROM users WHERE id <> $1 ORDER BY id LIMIT 1")
                    .bind(answer_author)
                    .fetch_one(&t.db.read)
                    .await
                    .expect("voter");
            db::votes::vote(&t.db, PostKind::Answer, answer_id, voter, 1)
                .await
                .expect("vote");
            let after = get(&router, &path, None).await;
            assert_eq!(after.cache, "miss");
            assert_ne!(after.html, before.html, "the score changed");

            db::comments::add(
                &t.db,
                id,
                PostKind::Answer,
                answer_id,
                Locale::En,
                voter,
                "A comment in the cache test.",
            )
            .await
            .expect("comment");
            assert!(
                get(&router, &path, None)
                    .await
                    .html
                    .contains("A comment in the cache test.")
            );

            // People: a partner role (organisation on the author card) changes every page.
            crate::accounts::db::grant_partner(
                &t.db,
                answer_author,
                "science",
                "Cache Test University",
                voter,
            )
            .await
            .expect("grant");
            assert!(
                get(&router, &path, None)
                    .await
                    .html
                    .contains("Cache Test University")
            );

            // Signed-in readers never get the visitors' copy.
            let token = crate::accounts::session::create(&t.db, &config, voter, "test")
                .await
                .expect("session");
            let cookie = format!("{}={token}", crate::accounts::session::SESSION_COOKIE);
            let signed_in = get(&router, &path, Some(&cookie)).await;
            assert_eq!(signed_in.cache, "none");
        }
    }
}
