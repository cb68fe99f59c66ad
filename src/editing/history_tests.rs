//! A public history page costs a bounded amount of work (issue 15, point 4; security review F1):
//! after 80 edits of a 3,500-word answer, one anonymous `GET /history/answer/ID` returned 20.8 MB
//! after 4.8 s of diffing on the async runtime. Now it is a page of at most `HISTORY_PAGE`
//! versions and `HISTORY_PAGE_CHARS` of text, diffed on the blocking pool with a deadline, and
//! every version is still reachable through the older/newer links.

use super::{EditKind, db as edit};
use crate::content::PostKind;
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::revisions::{DiffPart, HISTORY_PAGE, HISTORY_PAGE_CHARS, diff_until, replaced};
use crate::server::testing::{TestDb, backend_tests, fetch_page, test_config};
use axum::http::StatusCode;

const EDITS: i64 = 80;
const WORDS: usize = 3500;

async fn user(t: &TestDb, key: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(format!("{key}@demo.collectievekracht.example"))
        .fetch_one(&t.db.read)
        .await
        .expect("demo user")
}

/// Version `v` of the review's answer: 3,500 copies of one word, no word shared with the
/// version before (the worst case of a word diff).
fn body(v: i64) -> String {
    let sep = if v % 2 == 1 { "\t" } else { " " };
    vec![format!("w{v}"); WORDS].join(sep)
}

async fn get(t: &TestDb, router: &axum::Router, path: &str) -> (StatusCode, String) {
    let reply = fetch_page(&t.db, router, path).await;
    (reply.status, reply.body)
}

/// The `href` of the link with `data-testid=testid`, unescaped.
fn link(html: &str, testid: &str) -> Option<String> {
    let at = html.find(&format!("data-testid=\"{testid}\""))?;
    let start = html[..at].rfind("<a ")?;
    let tag = &html[start..at];
    let href = tag.split("href=\"").nth(1)?.split('"').next()?;
    Some(href.replace("&amp;", "&"))
}

/// The version numbers on a history page, in order (`<li class="history__version" id="vN">`,
/// whatever the order of the attributes).
fn versions_on(html: &str) -> Vec<i64> {
    html.split("<li ")
        .skip(1)
        .filter_map(|rest| {
            let tag = rest.split('>').next()?;
            if !tag.contains("history__version") {
                return None;
            }
            tag.split("id=\"v").nth(1)?.split('"').next()?.parse().ok()
        })
        .collect()
}

backend_tests! {
    seeded;

    async fn eighty_edits_of_a_long_answer_make_bounded_history_pages(t) {
        let henk = user(t, "henk").await;
        let question: i64 = sqlx::query_scalar(
            "SELECT MIN(id) FROM questions WHERE hidden_at IS NULL AND duplicate_of IS NULL",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("question");
        let answer = crate::questions::db::add_answer(
            &t.db,
            question,
            Locale::En,
            Some(henk),
            &vec!["w0"; WORDS].join(" "),
        )
        .await
        .expect("answer");
        for v in 1..=EDITS {
            let text = body(v);
            let saved = edit::apply(
                &t.db,
                EditKind::Post(PostKind::Answer),
                answer,
                v,
                henk,
                edit::Change {
                    title: None,
                    body_md: &text,
                    reason: "",
                    edits_per_hour: None,
                },
            )
            .await
            .expect("edit");
            assert_eq!(saved, Some(v + 1));
        }

        let config = test_config(&[]);
        let options = crate::server::http::leptos_options(&config).expect("options");
        let router = crate::server::http::router(&config, t.db.clone(), t.search().await, options);
        let mut path = format!("/history/answer/{answer}");
        let mut seen = Vec::new();
        let mut pages = 0;
        let mut largest = 0;
        let mut slowest = std::time::Duration::ZERO;
        loop {
            let started = std::time::Instant::now();
            let (status, html) = get(t, &router, &path).await;
            let took = started.elapsed();
            assert_eq!(status, StatusCode::OK, "{path}");
            pages += 1;
            largest = largest.max(html.len());
            slowest = slowest.max(took);
            let on_page = versions_on(&html);
            assert!(
                !on_page.is_empty() && on_page.len() <= HISTORY_PAGE,
                "{path}: {} versions on one page: {}",
                on_page.len(),
                html.get(html.find("<main").unwrap_or(0)..)
                    .unwrap_or_default()
                    .chars()
                    .take(1500)
                    .collect::<String>()
            );
            // HTML and the hydration data each carry the page's text once, plus markup.
            assert!(
                html.len() < 3 * HISTORY_PAGE_CHARS + 200_000,
                "{path}: {} bytes",
                html.len()
            );
            if pages > 1 {
                let newer = link(&html, "newer-versions").expect("a link back to newer versions");
                let (status, newer_html) = get(t, &router, &newer).await;
                assert_eq!(status, StatusCode::OK);
                let newer_versions = versions_on(&newer_html);
                assert!(
                    newer_versions.last().is_some_and(|&v| v > on_page[0]),
                    "{newer} leads to newer versions than {path}"
                );
            }
            seen.extend(on_page);
            match link(&html, "older-versions") {
                Some(next) => path = next,
                None => break,
            }
            assert!(pages < 100, "the older links end");
        }
        eprintln!(
            "[{:?}] paged: {pages} pages, largest {largest} bytes, slowest {slowest:?}",
            t.db.backend
        );
        let all: Vec<i64> = (1..=EDITS + 1).rev().collect();
        assert_eq!(
            seen, all,
            "every version once, newest first, across the pages"
        );
    }

    async fn edits_are_limited_per_account_and_hour(t) {
        let henk = user(t, "henk").await;
        let question: i64 = sqlx::query_scalar(
            "SELECT MIN(id) FROM questions WHERE hidden_at IS NULL AND duplicate_of IS NULL",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("question");
        let answer =
            crate::questions::db::add_answer(&t.db, question, Locale::En, Some(henk), "First.")
                .await
                .expect("answer");
        let edit_to = |version: i64, text: &'static str| {
            edit::apply(
                &t.db,
                EditKind::Post(PostKind::Answer),
                answer,
                version,
                henk,
                edit::Change {
                    title: None,
                    body_md: text,
                    reason: "",
                    edits_per_hour: Some(3),
                },
            )
        };
        assert_eq!(edit_to(1, "Second.").await, Ok(Some(2)));
        assert_eq!(edit_to(2, "Third.").await, Ok(Some(3)));
        assert_eq!(edit_to(3, "Fourth.").await, Ok(Some(4)));
        assert_eq!(
            edit_to(4, "Fifth.").await,
            Err(AppError::Invalid(Msg::TooManyEdits)),
            "the fourth edit in an hour is refused"
        );
        let source = edit::source(&t.db, EditKind::Post(PostKind::Answer), answer)
            .await
            .expect("source")
            .expect("exists")
            .source;
        assert_eq!(
            (source.version, source.body_md.as_str()),
            (4, "Fourth."),
            "a refused edit changes nothing"
        );
        // Another account is not affected; an hour later the editor may go on.
        let priya = user(t, "priya").await;
        let other =
            crate::questions::db::add_answer(&t.db, question, Locale::En, Some(priya), "Mine.")
                .await
                .expect("answer");
        let change = edit::Change {
            title: None,
            body_md: "Mine, edited.",
            reason: "",
            edits_per_hour: Some(3),
        };
        assert_eq!(
            edit::apply(
                &t.db,
                EditKind::Post(PostKind::Answer),
                other,
                1,
                priya,
                change
            )
            .await,
            Ok(Some(2))
        );
        sqlx::query("UPDATE revisions SET created_at = created_at - 3600001 WHERE editor_id = $1")
            .bind(henk)
            .execute(&t.db.write)
            .await
            .expect("an hour passes");
        assert_eq!(edit_to(4, "Fifth.").await, Ok(Some(5)));
    }
}

#[test]
fn a_diff_that_runs_out_of_time_shows_the_text_replaced() {
    let old = vec!["a"; 2000].join(" ");
    let new = vec!["b"; 2000].join("\t");
    let past = std::time::Instant::now();
    std::thread::sleep(std::time::Duration::from_millis(2));
    let (parts, compared) = diff_until(&old, &new, Some(past));
    assert!(!compared);
    assert_eq!(
        parts,
        vec![DiffPart::Removed(old.clone()), DiffPart::Added(new.clone())]
    );
    assert_eq!(
        replaced("same", "same"),
        vec![DiffPart::Same("same".into())]
    );
    let (parts, compared) = diff_until(
        "Ask the municipality.",
        "Ask the province.",
        Some(std::time::Instant::now() + std::time::Duration::from_secs(5)),
    );
    assert!(compared);
    // Words keep their punctuation.
    assert!(
        parts.contains(&DiffPart::Added("province.".into())),
        "{parts:?}"
    );
}
