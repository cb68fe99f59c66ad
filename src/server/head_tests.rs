//! The document head on the raw server HTML (what a browser without JavaScript, a crawler and the
//! visitors' page cache see): every page has its own `<title>`, cold and cached, and user text in
//! a title never becomes markup (issue 15, points 1 and 3).

use super::db::Db;
use super::testing::{TestDb, backend_tests, fetch_page, test_config};
use axum::Router;
use axum::http::StatusCode;

/// Closes the title and redirects: what a hostile member types as a question title or a name.
const HOSTILE: &str =
    "Subsidy </title><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\"> & co";

async fn router_of(t: &TestDb) -> Router {
    let config = test_config(&[]);
    let options = super::http::leptos_options(&config).expect("options");
    super::http::router(&config, t.db.clone(), t.search().await, options)
}

/// A page's status and HTML.
async fn page(db: &Db, router: &Router, path: &str) -> (StatusCode, String) {
    let (status, html, _) = page_with_cache(db, router, path).await;
    (status, html)
}

/// A page's status, HTML and the visitors' page cache's verdict (`x-page-cache`: hit, miss or none).
async fn page_with_cache(db: &Db, router: &Router, path: &str) -> (StatusCode, String, String) {
    let reply = fetch_page(db, router, path).await;
    let cache = reply
        .headers
        .get("x-page-cache")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none")
        .to_string();
    (reply.status, reply.body, cache)
}

/// The raw `<head>` of a page.
fn head(html: &str) -> &str {
    let end = html.find("</head>").unwrap_or(html.len());
    &html[..end]
}

/// The text between `<title>` and `</title>`, asserting there is exactly one title.
fn title_of<'a>(path: &str, html: &'a str) -> &'a str {
    let head = head(html);
    assert_eq!(
        head.matches("<title>").count(),
        1,
        "{path}: exactly one <title> in the head, got: {head}"
    );
    let start = head
        .find("<title>")
        .map(|i| i + "<title>".len())
        .unwrap_or(0);
    let end = head[start..]
        .find("</title>")
        .map_or(head.len(), |i| start + i);
    &head[start..end]
}

fn assert_no_injection(path: &str, html: &str) {
    let head = head(html).to_ascii_lowercase();
    assert!(
        !head.contains("<meta http-equiv"),
        "{path}: user text became a <meta http-equiv> in the head: {head}"
    );
    assert!(
        !html.to_ascii_lowercase().contains("<meta http-equiv"),
        "{path}: no meta refresh anywhere in the page"
    );
    assert_eq!(
        head.matches("</title>").count(),
        1,
        "{path}: the title was closed early"
    );
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

backend_tests! {
    seeded;

    async fn hostile_titles_names_and_queries_stay_text_in_the_head_cold_and_cached(t) {
        let escaped_title = "Subsidy &lt;/title&gt;&lt;meta http-equiv=&quot;refresh&quot; \
                             content=&quot;0;url=https://evil.example/&quot;&gt; &amp; co";
        let question: i64 = sqlx::query_scalar(
            "SELECT id FROM questions WHERE hidden_at IS NULL AND answer_count > 0 ORDER BY id LIMIT 1",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("question");
        sqlx::query(
            "UPDATE questions SET title = $1, cache_version = cache_version + 1 WHERE id = $2",
        )
        .bind(HOSTILE)
        .bind(question)
        .execute(&t.db.write)
        .await
        .expect("hostile title");
        let (collective, slug): (i64, String) =
            sqlx::query_as("SELECT id, slug FROM collectives ORDER BY id LIMIT 1")
                .fetch_one(&t.db.read)
                .await
                .expect("collective");
        sqlx::query("UPDATE collectives SET name = $1 WHERE id = $2")
            .bind(HOSTILE)
            .bind(collective)
            .execute(&t.db.write)
            .await
            .expect("hostile collective name");
        let user: i64 = sqlx::query_scalar("SELECT author_id FROM questions WHERE id = $1")
            .bind(question)
            .fetch_one(&t.db.read)
            .await
            .expect("author");
        sqlx::query("UPDATE users SET display_name = $1 WHERE id = $2")
            .bind(HOSTILE)
            .bind(user)
            .execute(&t.db.write)
            .await
            .expect("hostile name");
        sqlx::query("UPDATE cache_versions SET value = value + 1 WHERE name = 'people'")
            .execute(&t.db.write)
            .await
            .expect("touch people");

        let router = router_of(t).await;
        let search = format!(
            "/search?q={}",
            url_encode("</title><meta http-equiv=refresh content=0;url=https://evil.example>")
        );
        let paths = [
            format!("/questions/{question}"),
            format!("/collectives/{slug}"),
            format!("/users/{user}"),
            search.clone(),
        ];
        // Twice each: the second visit of the thread comes from the visitors' page cache.
        for round in 0..2 {
            for path in &paths {
                let (status, html, cache) = page_with_cache(&t.db, &router, path).await;
                assert_eq!(status, StatusCode::OK, "{path}");
                if path.starts_with("/questions/") {
                    // The thread's second visit is served from the warm page cache.
                    let expected = if round == 0 { "miss" } else { "hit" };
                    assert_eq!(cache, expected, "{path} (round {round}): page cache");
                }
                assert_no_injection(path, &html);
                let title = title_of(path, &html);
                if path != &search {
                    assert!(
                        title.starts_with(escaped_title),
                        "{path} (round {round}): the hostile text is escaped in the title: {title}"
                    );
                } else {
                    assert!(
                        title.contains("&lt;/title&gt;&lt;meta"),
                        "{path}: the query is escaped in the title: {title}"
                    );
                }
            }
        }
    }

    async fn every_page_has_its_title_on_every_request_cold_and_cached(t) {
        let question: i64 = sqlx::query_scalar(
            "SELECT id FROM questions WHERE hidden_at IS NULL AND answer_count > 0 ORDER BY id LIMIT 1",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("question");
        let slug: String = sqlx::query_scalar("SELECT slug FROM collectives ORDER BY id LIMIT 1")
            .fetch_one(&t.db.read)
            .await
            .expect("collective");
        let user: i64 = sqlx::query_scalar("SELECT author_id FROM questions WHERE id = $1")
            .bind(question)
            .fetch_one(&t.db.read)
            .await
            .expect("author");
        let router = router_of(t).await;
        let paths = [
            "/".to_string(),
            "/questions".to_string(),
            format!("/questions/{question}"),
            "/labs/collectives".to_string(),
            "/labs/finance".to_string(),
            "/labs/network".to_string(),
            "/labs/finance/dashboard".to_string(),
            "/stats".to_string(),
            "/collectives".to_string(),
            format!("/collectives/{slug}"),
            format!("/users/{user}"),
            "/search?q=warmtenet".to_string(),
            "/moderation/log".to_string(),
            "/signin".to_string(),
            "/signup".to_string(),
            "/no/such/page".to_string(),
        ];
        let mut missing = Vec::new();
        for round in 0..12 {
            // Sequential and parallel requests: the title must not depend on timing.
            let mut parallel = tokio::task::JoinSet::new();
            for path in &paths {
                let (db, shared, owned) = (t.db.clone(), router.clone(), path.clone());
                parallel.spawn(async move {
                    let (_, html) = page(&db, &shared, &owned).await;
                    (owned, html)
                });
                let (_, html) = page(&t.db, &router, path).await;
                let title = title_of(path, &html).to_string();
                if !title.ends_with(" · CollectivePower")
                    || title.len() <= " · CollectivePower".len()
                {
                    missing.push(format!("{path} (round {round}): {title:?}"));
                }
            }
            while let Some(done) = parallel.join_next().await {
                let (path, html) = done.expect("request task");
                let title = title_of(&path, &html).to_string();
                if !title.ends_with(" · CollectivePower")
                    || title.len() <= " · CollectivePower".len()
                {
                    missing.push(format!("{path} (parallel, round {round}): {title:?}"));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "pages without their own title: {missing:#?}"
        );
    }
}
