//! What crawlers get, on both databases: robots.txt, a sitemap index that pages the threads by id
//! range, hidden threads left out, every address absolute and escaped in the XML.

use super::QUESTIONS_PER_FILE;
use crate::i18n::iso_date;
use crate::server::testing::{Reply, backend_tests};
use axum::http::{StatusCode, header};

const SITE: &str = "http://127.0.0.1:3000";

fn content_type(reply: &Reply) -> &str {
    reply
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The `<loc>` addresses of a sitemap or an index, in order.
fn locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</loc>"))
        .map(|(loc, _)| loc.to_string())
        .collect()
}

/// The XML is escaped: every `&` starts an entity, and the elements are balanced.
fn assert_well_formed(path: &str, xml: &str) {
    for (i, _) in xml.match_indices('&') {
        let rest = &xml[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                .iter()
                .any(|entity| rest.starts_with(entity)),
            "{path}: a bare & in the XML: {}",
            &rest[..rest.len().min(60)]
        );
    }
    for (open, close) in [
        ("<url>", "</url>"),
        ("<loc>", "</loc>"),
        ("<sitemap>", "</sitemap>"),
    ] {
        assert_eq!(
            xml.matches(open).count(),
            xml.matches(close).count(),
            "{path}: {open} and {close} are balanced"
        );
    }
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{path}: an XML declaration"
    );
}

/// A sitemap file, fetched and checked: 200, XML, well formed.
async fn sitemap(t: &crate::server::testing::TestDb, path: &str) -> String {
    let reply = t.client().get(path).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    assert!(
        content_type(&reply).starts_with("application/xml"),
        "{path}: {}",
        content_type(&reply)
    );
    assert_well_formed(path, &reply.body);
    reply.body
}

backend_tests! {
    async fn robots_txt_keeps_crawlers_to_the_public_pages_and_names_the_sitemap(t) {
        let reply = t.client().get("/robots.txt").await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(content_type(&reply).starts_with("text/plain"), "{}", content_type(&reply));
        let lines: Vec<&str> = reply.body.lines().collect();
        assert!(lines.contains(&"User-agent: *"), "{}", reply.body);
        for private in [
            "/api/", "/account", "/admin", "/moderation", "/edit/", "/queue", "/notifications",
            "/signin", "/signup",
        ] {
            assert!(
                lines.contains(&format!("Disallow: {private}").as_str()),
                "robots.txt keeps crawlers out of {private}: {}",
                reply.body
            );
        }
        for public in ["/", "/questions", "/questions/", "/labs/", "/collectives", "/stats", "/search"] {
            assert!(
                !lines.contains(&format!("Disallow: {public}").as_str()),
                "robots.txt lets crawlers read {public}"
            );
        }
        assert!(
            lines.contains(&format!("Sitemap: {SITE}/sitemap.xml").as_str()),
            "the sitemap's absolute address (no public URL: the listening address): {}",
            reply.body
        );

        // With a public URL, that is the sitemap's address.
        let public = t
            .client()
            .with_config(&["--public-url", "https://cp.example.nl/"])
            .get("/robots.txt")
            .await;
        assert!(
            public.body.lines().any(|l| l == "Sitemap: https://cp.example.nl/sitemap.xml"),
            "{}",
            public.body
        );
    }

    async fn without_questions_the_index_lists_the_pages_file_alone(t) {
        let index = sitemap(t, "/sitemap.xml").await;
        assert!(index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
        assert_eq!(locs(&index), vec![format!("{SITE}/sitemap/pages.xml")]);
        let missing = t.client().get("/sitemap/questions-0.xml").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }
}

backend_tests! {
    seeded;

    async fn the_index_pages_the_threads_by_id_range(t) {
        let (low, high): (i64, i64) = sqlx::query_as("SELECT MIN(id), MAX(id) FROM questions")
            .fetch_one(&t.db.read)
            .await
            .expect("question ids");
        assert!(high < QUESTIONS_PER_FILE, "the demo's ids fit in the first file");
        let first = low / QUESTIONS_PER_FILE;
        let index = sitemap(t, "/sitemap.xml").await;
        assert_eq!(
            locs(&index),
            vec![
                format!("{SITE}/sitemap/pages.xml"),
                format!("{SITE}/sitemap/questions-{first}.xml"),
            ]
        );

        // A thread two ranges further on: the index grows to its file, ranges in between included.
        let far = 2 * QUESTIONS_PER_FILE + 5;
        let leap_day = 1_709_208_000_000_i64;
        sqlx::query(
            "INSERT INTO questions (id, lang, title, body_md, body_html, author_id, status,
                                    created_at, updated_at, last_activity_at)
             SELECT $1, lang, title, body_md, body_html, author_id, status, created_at,
                    updated_at, $2
             FROM questions WHERE id = $3",
        )
        .bind(far)
        .bind(leap_day)
        .bind(low)
        .execute(&t.db.write)
        .await
        .expect("a thread with a far id");
        let index = sitemap(t, "/sitemap.xml").await;
        let expected: Vec<String> = std::iter::once(format!("{SITE}/sitemap/pages.xml"))
            .chain((first..=2).map(|n| format!("{SITE}/sitemap/questions-{n}.xml")))
            .collect();
        assert_eq!(locs(&index), expected);

        let far_file = sitemap(t, "/sitemap/questions-2.xml").await;
        assert_eq!(locs(&far_file), vec![format!("{SITE}/questions/{far}")]);
        assert!(
            far_file.contains(&format!("<lastmod>{}</lastmod>", iso_date(leap_day))),
            "the last activity is the thread's lastmod: {far_file}"
        );
        let between = sitemap(t, "/sitemap/questions-1.xml").await;
        assert!(locs(&between).is_empty(), "{between}");

        // The first file: every visible thread of its range, once, in id order.
        let visible: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM questions
             WHERE id < $1 AND hidden_at IS NULL AND duplicate_of IS NULL ORDER BY id",
        )
        .bind(QUESTIONS_PER_FILE)
        .fetch_all(&t.db.read)
        .await
        .expect("visible threads");
        let first_file = sitemap(t, &format!("/sitemap/questions-{first}.xml")).await;
        assert_eq!(
            locs(&first_file),
            visible
                .iter()
                .map(|(id,)| format!("{SITE}/questions/{id}"))
                .collect::<Vec<_>>()
        );

        for missing in [
            "/sitemap/questions-3.xml",
            "/sitemap/questions--1.xml",
            "/sitemap/questions-x.xml",
            "/sitemap/questions-99999999999999999999.xml",
            "/sitemap/other.xml",
        ] {
            let reply = t.client().get(missing).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{missing}");
        }
    }

    async fn hidden_threads_are_not_in_the_sitemap(t) {
        let ids: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM questions WHERE hidden_at IS NULL AND duplicate_of IS NULL
             ORDER BY id LIMIT 2",
        )
        .fetch_all(&t.db.read)
        .await
        .expect("two visible threads");
        let (hidden, shown) = (ids[0].0, ids[1].0);
        sqlx::query("UPDATE questions SET hidden_at = $1, hidden_kind = 'hidden' WHERE id = $2")
            .bind(1_709_208_000_000_i64)
            .bind(hidden)
            .execute(&t.db.write)
            .await
            .expect("hide a thread");
        let file = format!("/sitemap/questions-{}.xml", shown / QUESTIONS_PER_FILE);
        let xml = sitemap(t, &file).await;
        let addresses = locs(&xml);
        assert!(addresses.contains(&format!("{SITE}/questions/{shown}")), "{xml}");
        assert!(
            !addresses.contains(&format!("{SITE}/questions/{hidden}")),
            "a hidden thread is not listed: {xml}"
        );
        assert!(
            !xml.contains(&format!("/questions/{hidden}?")),
            "nor its language versions"
        );
        // Each address names its language versions.
        for (lang, suffix) in [("nl", "?lang=nl"), ("en", "?lang=en"), ("x-default", "")] {
            let link = format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{SITE}/questions/{shown}{suffix}\"/>"
            );
            assert!(xml.contains(&link), "{link} in {xml}");
        }
    }

    async fn the_pages_file_lists_labs_and_collectives_with_hostile_slugs_escaped(t) {
        let hostile_slug = "x&y<z>\"q'";
        let hostile_name = "</loc><loc>https://evil.example/</loc> & co";
        let (id, updated_at): (i64, i64) =
            sqlx::query_as("SELECT id, updated_at FROM collectives ORDER BY id LIMIT 1")
                .fetch_one(&t.db.read)
                .await
                .expect("a collective");
        sqlx::query("UPDATE collectives SET slug = $1, name = $2 WHERE id = $3")
            .bind(hostile_slug)
            .bind(hostile_name)
            .bind(id)
            .execute(&t.db.write)
            .await
            .expect("a hostile collective");
        let xml = sitemap(t, "/sitemap/pages.xml").await;
        assert!(!xml.contains("evil.example"), "names are not in the sitemap: {xml}");
        assert!(!xml.contains("<z>"), "{xml}");
        let addresses = locs(&xml);
        let collective = format!("{SITE}/collectives/x%26y%3Cz%3E%22q%27");
        assert!(addresses.contains(&collective), "{collective} in {addresses:?}");
        let entry = xml
            .split("<url>")
            .find(|url| url.contains(&format!("<loc>{collective}</loc>")))
            .expect("the collective's entry");
        assert!(
            entry.contains(&format!("<lastmod>{}</lastmod>", iso_date(updated_at))),
            "{entry}"
        );
        assert!(
            entry.contains(&format!("hreflang=\"en\" href=\"{collective}?lang=en\"")),
            "{entry}"
        );
        for page in ["/", "/questions", "/collectives", "/stats"] {
            assert!(addresses.contains(&format!("{SITE}{page}")), "{page} in {addresses:?}");
        }
        for (slug, _, _) in crate::taxonomy::LABS {
            assert!(addresses.contains(&format!("{SITE}/labs/{slug}")), "lab {slug}");
        }
        let collectives: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM collectives")
            .fetch_one(&t.db.read)
            .await
            .expect("count");
        assert_eq!(
            addresses.iter().filter(|a| a.starts_with(&format!("{SITE}/collectives/"))).count() as i64,
            collectives.0,
            "every collective of the directory"
        );
    }
}
