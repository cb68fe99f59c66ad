//! The document head on the raw server HTML (what a browser without JavaScript, a crawler and the
//! visitors' page cache see): every page has its own `<title>`, cold and cached, and user text in
//! a title never becomes markup (issue 15, points 1 and 3); every page has one description and
//! one absolute canonical address with its language versions, the shared pages their link
//! preview tags, and user text in them stays an attribute value (issue 17, point 4). The shell
//! links the web app manifest, which is served as such.

use super::db::Db;
use super::testing::{TestDb, backend_tests, fetch_page, test_config};
use axum::Router;
use axum::http::StatusCode;
use std::collections::BTreeMap;

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

/// Where absolute addresses point in the tests (no public URL, no `Host`: the listening address).
const SITE: &str = "http://127.0.0.1:3000";

/// Breaks out of an attribute value: what a hostile member types as a description or a bio.
const HOSTILE_ATTR: &str =
    "Zon \"><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\"><x y=\" & co";

/// The `<tag …>` elements of the raw head, each as its attributes (entities decoded).
fn head_tags(html: &str, tag: &str) -> Vec<BTreeMap<String, String>> {
    let head = head(html);
    let open = format!("<{tag} ");
    head.match_indices(&open)
        .map(|(i, _)| {
            let rest = &head[i + open.len()..];
            attributes(&rest[..rest.find('>').unwrap_or(rest.len())])
        })
        .collect()
}

/// `name="value"` pairs (attribute values are escaped, so a value holds no `"` or `>`).
fn attributes(mut rest: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].trim().trim_start_matches('/').trim().to_string();
        let value = &rest[eq + 2..];
        let Some(close) = value.find('"') else { break };
        out.insert(name, unescape(&value[..close]));
        rest = &value[close + 1..];
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The elements among `tags` whose attribute `key` is `value`.
fn with<'a>(
    tags: &'a [BTreeMap<String, String>],
    key: &str,
    value: &str,
) -> Vec<&'a BTreeMap<String, String>> {
    tags.iter()
        .filter(|t| t.get(key).map(String::as_str) == Some(value))
        .collect()
}

/// What a page's head says about it, asserting one description, one canonical address and the
/// three language versions, all absolute.
struct Head {
    lang: String,
    description: String,
    canonical: String,
    alternates: BTreeMap<String, String>,
    /// `og:*` and `twitter:*` tags: property (or name) → content.
    preview: BTreeMap<String, String>,
}

fn head_of(path: &str, html: &str) -> Head {
    let metas = head_tags(html, "meta");
    let links = head_tags(html, "link");
    let descriptions = with(&metas, "name", "description");
    assert_eq!(
        descriptions.len(),
        1,
        "{path}: exactly one description, got {descriptions:?}"
    );
    let description = descriptions[0].get("content").cloned().unwrap_or_default();
    assert!(
        !description.trim().is_empty(),
        "{path}: an empty description"
    );
    assert!(
        description.chars().count() <= crate::ui::head::DESCRIPTION_CHARS,
        "{path}: a description of at most 160 characters: {description}"
    );
    let canonicals = with(&links, "rel", "canonical");
    assert_eq!(
        canonicals.len(),
        1,
        "{path}: exactly one canonical link, got {canonicals:?}"
    );
    let canonical = canonicals[0].get("href").cloned().unwrap_or_default();
    let mut alternates = BTreeMap::new();
    for link in with(&links, "rel", "alternate") {
        let lang = link.get("hreflang").cloned().unwrap_or_default();
        let href = link.get("href").cloned().unwrap_or_default();
        assert!(
            alternates.insert(lang.clone(), href).is_none(),
            "{path}: one alternate for {lang}"
        );
    }
    assert_eq!(
        alternates.keys().map(String::as_str).collect::<Vec<_>>(),
        ["en", "nl", "x-default"],
        "{path}: the language versions"
    );
    for address in std::iter::once(&canonical).chain(alternates.values()) {
        assert!(
            address.starts_with(&format!("{SITE}/")),
            "{path}: an absolute address: {address}"
        );
    }
    let x_default = &alternates["x-default"];
    assert!(!x_default.contains("lang="), "{path}: {x_default}");
    let joined = |lang: &str| {
        let sep = if x_default.contains('?') { '&' } else { '?' };
        format!("{x_default}{sep}lang={lang}")
    };
    assert_eq!(alternates["nl"], joined("nl"), "{path}");
    assert_eq!(alternates["en"], joined("en"), "{path}");
    let mut preview = BTreeMap::new();
    for meta in &metas {
        if let Some(key) = meta
            .get("property")
            .or_else(|| meta.get("name"))
            .filter(|k| k.starts_with("og:") || k.starts_with("twitter:"))
        {
            let content = meta.get("content").cloned().unwrap_or_default();
            assert!(
                preview.insert(key.clone(), content).is_none(),
                "{path}: one {key}"
            );
        }
    }
    let lang = html
        .split("<html lang=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_string();
    Head {
        lang,
        description,
        canonical,
        alternates,
        preview,
    }
}

/// A page's status and HTML, asked with these request headers.
async fn page_with(
    db: &Db,
    router: &Router,
    path: &str,
    headers: &[(&'static str, &str)],
) -> super::testing::Reply {
    super::testing::fetch_guarded(db, router, || {
        let mut request = axum::http::Request::get(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(axum::body::Body::empty()).expect("request")
    })
    .await
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

    async fn every_page_has_one_description_and_one_absolute_canonical_with_its_languages(t) {
        let (question, body): (i64, String) = sqlx::query_as(
            "SELECT id, body_md FROM questions WHERE hidden_at IS NULL AND answer_count > 0
             ORDER BY id LIMIT 1",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("question");
        let (slug, about): (String, String) = sqlx::query_as(
            "SELECT slug, description_en FROM collectives WHERE description_en <> '' ORDER BY id LIMIT 1",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("collective");
        let user: i64 = sqlx::query_scalar("SELECT author_id FROM questions WHERE id = $1")
            .bind(question)
            .fetch_one(&t.db.read)
            .await
            .expect("author");
        let router = router_of(t).await;
        let thread = format!("/questions/{question}");
        let collective = format!("/collectives/{slug}");
        let paths = [
            "/".to_string(),
            "/questions".to_string(),
            thread.clone(),
            "/labs/collectives".to_string(),
            "/labs/finance".to_string(),
            "/labs/finance/dashboard".to_string(),
            "/stats".to_string(),
            "/collectives".to_string(),
            collective.clone(),
            format!("/users/{user}"),
            "/search?q=warmtenet".to_string(),
            "/moderation/log".to_string(),
            "/signin".to_string(),
            "/signup".to_string(),
            "/account".to_string(),
            "/questions/new".to_string(),
            "/questions/99999999".to_string(),
            "/no/such/page".to_string(),
        ];
        let mut descriptions = BTreeMap::new();
        for path in &paths {
            // The thread twice: cold, then from the visitors' page cache.
            for _ in 0..if path == &thread { 2 } else { 1 } {
                let reply = fetch_page(&t.db, &router, path).await;
                let head = head_of(path, &reply.body);
                assert_eq!(head.lang, "en", "{path}: <html lang> is the page's language");
                assert_eq!(
                    head.canonical,
                    format!("{SITE}{path}"),
                    "{path}: without ?lang= the canonical is the address itself"
                );
                assert_eq!(head.alternates["x-default"], head.canonical, "{path}");
                let shared = path == &thread
                    || path == &collective
                    || (path.starts_with("/labs/") && !path.ends_with("/dashboard"));
                if shared {
                    let og = |key: &str| head.preview.get(key).cloned().unwrap_or_default();
                    let kind = if path == &thread { "article" } else { "website" };
                    assert_eq!(og("og:type"), kind, "{path}");
                    assert_eq!(og("og:url"), head.canonical, "{path}");
                    assert_eq!(og("og:description"), head.description, "{path}");
                    assert!(!og("og:title").is_empty(), "{path}: og:title");
                    assert_eq!(og("og:site_name"), "CollectivePower", "{path}");
                    assert_eq!(og("og:locale"), "en_GB", "{path}");
                    assert_eq!(og("og:image"), format!("{SITE}/icon-512.png"), "{path}");
                    assert_eq!(og("twitter:card"), "summary", "{path}");
                } else {
                    assert!(head.preview.is_empty(), "{path}: no preview tags: {:?}", head.preview);
                }
                descriptions.insert(path.clone(), head.description);
            }
        }
        // Page-specific: the thread says what its question says, the collective what it is.
        let expected = crate::ui::head::summary(
            &crate::server::markdown::excerpt(&body, 400),
            crate::ui::head::DESCRIPTION_CHARS,
        );
        assert_eq!(descriptions[&thread], expected);
        assert_eq!(
            descriptions[&collective],
            crate::ui::head::summary(&about, crate::ui::head::DESCRIPTION_CHARS)
        );
        let distinct: std::collections::BTreeSet<&String> = [
            "/", "/questions", "/labs/collectives", "/labs/finance", "/stats", "/collectives",
        ]
        .iter()
        .map(|p| &descriptions[*p])
        .chain([&descriptions[&thread], &descriptions[&collective]])
        .collect();
        assert_eq!(distinct.len(), 8, "each page says what it is: {descriptions:#?}");

        // A language address: its own canonical, its language in <html lang>, the rest kept.
        let reply = fetch_page(&t.db, &router, "/collectives?sector=energy&utm_source=mail&lang=nl").await;
        let head = head_of("/collectives?…&lang=nl", &reply.body);
        assert_eq!(head.lang, "nl");
        assert_eq!(head.canonical, format!("{SITE}/collectives?sector=energy&lang=nl"));
        assert_eq!(head.alternates["x-default"], format!("{SITE}/collectives?sector=energy"));
        assert_eq!(head.alternates["en"], format!("{SITE}/collectives?sector=energy&lang=en"));
        assert_eq!(
            head.description,
            crate::i18n::Msg::CollectivesIntro.text(crate::i18n::Locale::Nl),
            "the page itself is in Dutch"
        );
        let reply = fetch_page(&t.db, &router, &format!("{thread}?lang=nl")).await;
        let head = head_of("thread?lang=nl", &reply.body);
        assert_eq!(head.canonical, format!("{SITE}{thread}?lang=nl"));
        assert_eq!(head.preview["og:url"], head.canonical);
        assert_eq!(head.preview["og:locale"], "nl_NL");
        assert_eq!(head.preview["og:site_name"], "CollectieveKracht");

        // The public URL, when configured, makes the addresses.
        let config = test_config(&["--public-url", "https://cp.example.nl"]);
        let options = crate::server::http::leptos_options(&config).expect("options");
        let public = crate::server::http::router(&config, t.db.clone(), t.search().await, options);
        let reply = page_with(&t.db, &public, "/stats", &[("host", "evil.example")]).await;
        let links = head_tags(&reply.body, "link");
        let canonical = with(&links, "rel", "canonical");
        assert_eq!(
            canonical[0].get("href").map(String::as_str),
            Some("https://cp.example.nl/stats")
        );
    }

    async fn hostile_descriptions_and_previews_stay_attribute_values_cold_and_cached(t) {
        let question: i64 = sqlx::query_scalar(
            "SELECT id FROM questions WHERE hidden_at IS NULL AND answer_count > 0 ORDER BY id LIMIT 1",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("question");
        // In a code span the text survives as text into the description.
        let body = format!("How do we pay for it? `{HOSTILE_ATTR}` Any ideas welcome here.");
        sqlx::query(
            "UPDATE questions SET title = $1, body_md = $2, cache_version = cache_version + 1
             WHERE id = $3",
        )
        .bind(HOSTILE_ATTR)
        .bind(&body)
        .bind(question)
        .execute(&t.db.write)
        .await
        .expect("hostile question");
        let (collective, slug): (i64, String) =
            sqlx::query_as("SELECT id, slug FROM collectives ORDER BY id LIMIT 1")
                .fetch_one(&t.db.read)
                .await
                .expect("collective");
        sqlx::query("UPDATE collectives SET name = $1, description_en = $1 WHERE id = $2")
            .bind(HOSTILE_ATTR)
            .bind(collective)
            .execute(&t.db.write)
            .await
            .expect("hostile collective");
        let user: i64 = sqlx::query_scalar("SELECT author_id FROM questions WHERE id = $1")
            .bind(question)
            .fetch_one(&t.db.read)
            .await
            .expect("author");
        sqlx::query("UPDATE users SET display_name = $1, bio_en = $1 WHERE id = $2")
            .bind(HOSTILE_ATTR)
            .bind(user)
            .execute(&t.db.write)
            .await
            .expect("hostile bio");
        sqlx::query("UPDATE cache_versions SET value = value + 1 WHERE name = 'people'")
            .execute(&t.db.write)
            .await
            .expect("touch people");
        let router = router_of(t).await;
        let thread = format!("/questions/{question}");
        for (path, round) in [
            (thread.clone(), 0),
            (thread.clone(), 1),
            (format!("/collectives/{slug}"), 0),
            (format!("/users/{user}"), 0),
            (format!("/questions/{question}?lang=en&q={}", url_encode(HOSTILE_ATTR)), 0),
        ] {
            let (status, html, cache) = page_with_cache(&t.db, &router, &path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            if round == 1 {
                assert_eq!(cache, "hit", "{path}: the second visit is the cached page");
            }
            assert_no_injection(&path, &html);
            let head = head_of(&path, &html);
            assert!(
                head.description.contains("\"><meta http-equiv=\"refresh\""),
                "{path}: the hostile text is the description's text: {}",
                head.description
            );
            if !path.starts_with("/users/") {
                assert!(
                    head.preview["og:title"].starts_with("Zon \"><meta"),
                    "{path}: og:title keeps the text: {:?}",
                    head.preview
                );
            }
        }
    }

    async fn the_shell_links_the_manifest_and_the_manifest_is_served_as_one(t) {
        let router = router_of(t).await;
        let html = page(&t.db, &router, "/").await.1;
        let links = head_tags(&html, "link");
        for (rel, href) in [
            ("manifest", "/manifest.webmanifest"),
            ("icon", "/favicon.svg"),
            ("apple-touch-icon", "/apple-touch-icon.png"),
        ] {
            let found = with(&links, "rel", rel);
            assert_eq!(found.len(), 1, "one {rel} link");
            assert_eq!(found[0].get("href").map(String::as_str), Some(href));
        }
        let metas = head_tags(&html, "meta");
        let themes = with(&metas, "name", "theme-color");
        assert_eq!(
            themes.iter().filter_map(|m| m.get("media")).collect::<Vec<_>>(),
            ["(prefers-color-scheme: light)", "(prefers-color-scheme: dark)"]
        );

        // The manifest and its icons, from public/ (what cargo-leptos copies into the site).
        let public = concat!(env!("CARGO_MANIFEST_DIR"), "/public");
        let reply = t
            .client()
            .with_config(&["--site-root", public])
            .get("/manifest.webmanifest")
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            reply.headers.get("content-type").and_then(|v| v.to_str().ok()),
            Some("application/manifest+json")
        );
        let manifest: serde_json::Value = serde_json::from_str(&reply.body).expect("JSON");
        for key in ["name", "short_name", "start_url", "background_color", "theme_color"] {
            assert!(manifest[key].as_str().is_some_and(|v| !v.is_empty()), "{key}");
        }
        assert_eq!(manifest["display"], "standalone");
        let icons = manifest["icons"].as_array().expect("icons");
        let sizes: Vec<&str> = icons.iter().filter_map(|i| i["sizes"].as_str()).collect();
        for size in ["192x192", "512x512"] {
            assert!(sizes.contains(&size), "a {size} icon: {sizes:?}");
        }
        assert!(icons.iter().any(|i| i["type"] == "image/svg+xml"), "an SVG icon");
        for icon in icons {
            let src = icon["src"].as_str().expect("src");
            let file = std::path::Path::new(public).join(src.trim_start_matches('/'));
            let bytes = std::fs::read(&file).expect("the icon is in public/");
            if let Some((width, height)) = icon["sizes"].as_str().and_then(|s| s.split_once('x'))
                && icon["type"] == "image/png"
            {
                // A PNG's width and height are bytes 16..24 (its IHDR chunk).
                assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{src}");
                let be = |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
                assert_eq!(
                    (be(16).to_string(), be(20).to_string()),
                    (width.to_string(), height.to_string()),
                    "{src}"
                );
            }
        }
    }
}

backend_tests! {
    seeded;

    /// The error page gives a whole failed page its head on every request. (It used to ask a
    /// reactive context whether a page above had given one; the server renders a `Suspend` more
    /// than once, and from the second request on the answer was wrong.)
    async fn a_missing_thread_has_its_head_on_every_request(t) {
        let router = router_of(t).await;
        for _ in 0..5 {
            let reply = fetch_page(&t.db, &router, "/questions/99999999").await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND);
            head_of("/questions/99999999", &reply.body);
        }
    }
}
