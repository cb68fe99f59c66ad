//! A long thread is paged (issue 15, point 4): 500 answers are not one enormous page; links to
//! an answer land on the page that holds it; comments under a post are bounded on the thread
//! and paged on their own list; the visitors' page cache keeps serving the first page correctly.

use super::{ANSWERS_PER_PAGE, COMMENTS_PER_PAGE, COMMENTS_SHOWN, PostKind, db};
use crate::i18n::Locale;
use crate::server::testing::{TestDb, backend_tests, fetch_page, test_config};
use axum::http::StatusCode;

const ANSWERS: i64 = 500;

async fn user(t: &TestDb, key: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(format!("{key}@demo.collectievekracht.example"))
        .fetch_one(&t.db.read)
        .await
        .expect("demo user")
}

struct Reply {
    status: StatusCode,
    cache: String,
    location: Option<String>,
    body: String,
}

async fn get(t: &TestDb, router: &axum::Router, path: &str) -> Reply {
    let reply = fetch_page(&t.db, router, path).await;
    let header_of = |name: &str| {
        reply
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    Reply {
        status: reply.status,
        cache: header_of("x-page-cache").unwrap_or_else(|| "none".into()),
        location: header_of("location"),
        body: reply.body,
    }
}

/// The answers on a thread page, in order.
fn answers_on(html: &str) -> Vec<i64> {
    html.split("id=\"answer-")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

fn comments_on(html: &str) -> Vec<i64> {
    html.split("id=\"comment-")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

backend_tests! {
    seeded;

    async fn a_thread_of_500_answers_is_paged_and_links_find_their_answer(t) {
        let henk = user(t, "henk").await;
        let priya = user(t, "priya").await;
        let question = db::create(
            &t.db,
            &db::NewQuestion {
                lang: Locale::En,
                title: "Five hundred answers: who wins?".into(),
                body_md: "Tell us how your collective does it.".into(),
                author_id: Some(henk),
                collective_id: None,
                routed_lab_id: None,
                sector_ids: Vec::new(),
                topic_ids: Vec::new(),
            },
        )
        .await
        .expect("question");
        let body = "We asked the municipality for a guarantee and the bank for a loan. ".repeat(8);
        let mut ids = Vec::new();
        for _ in 0..ANSWERS {
            ids.push(
                db::add_answer(&t.db, question, Locale::En, Some(priya), &body)
                    .await
                    .expect("answer"),
            );
        }
        // Order: accepted first, then by score, then oldest first. One accepted answer from
        // the end, one voted up from the middle.
        let (accepted, voted) = (ids[450], ids[300]);
        db::accept_answer(&t.db, question, accepted)
            .await
            .expect("accept");
        sqlx::query("UPDATE answers SET score = 5 WHERE id = $1")
            .bind(voted)
            .execute(&t.db.write)
            .await
            .expect("vote");
        let mut order: Vec<i64> = vec![accepted, voted];
        order.extend(
            ids.iter()
                .copied()
                .filter(|id| *id != accepted && *id != voted),
        );
        // Comments: more than shown under the accepted answer.
        for i in 0..(COMMENTS_SHOWN + 5) {
            db::comments::add(
                &t.db,
                question,
                PostKind::Answer,
                accepted,
                Locale::En,
                henk,
                &format!("Comment number {i} on the accepted answer."),
            )
            .await
            .expect("comment");
        }

        let config = test_config(&[]);
        let options = crate::server::http::leptos_options(&config).expect("options");
        let router = crate::server::http::router(&config, t.db.clone(), t.search().await, options);

        // Page 1: the first 30 in order, as visitors see it (cached on the second request).
        let first = get(t, &router, &format!("/questions/{question}")).await;
        assert_eq!(first.status, StatusCode::OK);
        assert_eq!(first.cache, "miss");
        let on_page = answers_on(&first.body);
        assert_eq!(on_page, order[..ANSWERS_PER_PAGE as usize].to_vec());
        assert!(
            first.body.len() < 1_000_000,
            "a page of a 500-answer thread is {} bytes",
            first.body.len()
        );
        assert!(first.body.contains("500 answers"), "the heading counts all");
        assert!(first.body.contains("data-testid=\"answers-next\""));
        let comments = comments_on(&first.body);
        assert_eq!(
            comments.len() as i64,
            COMMENTS_SHOWN,
            "a bounded number of comments under the post"
        );
        assert!(first.body.contains("data-testid=\"more-comments\""));
        assert_eq!(
            get(t, &router, &format!("/questions/{question}"))
                .await
                .cache,
            "hit"
        );

        // Every page, in order, each answer once.
        let pages = (ANSWERS + ANSWERS_PER_PAGE - 1) / ANSWERS_PER_PAGE;
        let mut seen = on_page;
        let mut largest = first.body.len();
        for page in 2..=pages {
            let reply = get(t, &router, &format!("/questions/{question}?page={page}")).await;
            assert_eq!(reply.status, StatusCode::OK);
            assert_eq!(reply.cache, "none", "only the thread's own URL is cached");
            largest = largest.max(reply.body.len());
            let on_page = answers_on(&reply.body);
            assert!(on_page.len() as i64 <= ANSWERS_PER_PAGE);
            seen.extend(on_page);
        }
        assert_eq!(seen, order, "every answer once, in the thread's order");
        eprintln!(
            "[{:?}] {pages} pages of a {ANSWERS}-answer thread, the largest {largest} bytes",
            t.db.backend
        );
        // Out of range: the nearest page.
        let beyond = get(t, &router, &format!("/questions/{question}?page=9999")).await;
        assert_eq!(
            answers_on(&beyond.body),
            order[(pages as usize - 1) * 30..].to_vec()
        );

        // A link to an answer lands on its page.
        let late = order[250];
        let reply = get(t, &router, &crate::questions::answer_link(question, late)).await;
        assert_eq!(reply.status, StatusCode::OK);
        let on_page = answers_on(&reply.body);
        assert!(on_page.contains(&late), "?answer= finds page 9");
        assert_eq!(on_page[0], order[240]);
        assert_eq!(
            db::answer_path(&t.db, question, late).await.expect("path"),
            format!("/questions/{question}?page=9#answer-{late}")
        );
        assert_eq!(
            db::answer_path(&t.db, question, accepted)
                .await
                .expect("path"),
            format!("/questions/{question}#answer-{accepted}")
        );
        // A new answer goes last, and the no-JS redirect after posting it lands there.
        let newest = db::add_answer(&t.db, question, Locale::En, Some(henk), "The last word.")
            .await
            .expect("answer");
        assert_eq!(
            db::answer_path(&t.db, question, newest)
                .await
                .expect("path"),
            format!("/questions/{question}?page=17#answer-{newest}")
        );
        // The cache saw the new answer (page 1 shows the new count).
        let after = get(t, &router, &format!("/questions/{question}")).await;
        assert_eq!(after.cache, "miss");
        assert!(after.body.contains("501 answers"));

        // All comments of the post, paged.
        let all = get(t, &router, &format!("/comments/answer/{accepted}")).await;
        assert_eq!(all.status, StatusCode::OK, "{}", all.body);
        assert_eq!(comments_on(&all.body).len() as i64, COMMENTS_SHOWN + 5);
        const { assert!(COMMENTS_SHOWN + 5 <= COMMENTS_PER_PAGE) };
        let (page, more) = db::post_comments(&t.db, PostKind::Answer, accepted, 0, 4)
            .await
            .expect("comments");
        assert_eq!((page.len(), more), (4, true));
        let missing = get(t, &router, "/comments/answer/99999999").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert!(all.location.is_none());

        // `/comment/ID` (notifications, the flag queue, no-JS answers) leads to wherever the
        // comment is shown now, keeping the thank-you of a flag and nothing else of its query.
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM comments WHERE entity_type = 'answer' AND entity_id = $1
             ORDER BY created_at, id",
        )
        .bind(accepted)
        .fetch_all(&t.db.read)
        .await
        .expect("comment ids");
        let (first, last) = (ids[0], ids[ids.len() - 1]);
        let go = get(
            t,
            &router,
            &crate::questions::post_anchor(PostKind::Comment, question, first),
        )
        .await;
        assert!(go.status.is_redirection(), "{}", go.status);
        assert_eq!(
            go.location.as_deref(),
            Some(format!("/questions/{question}#comment-{first}").as_str())
        );
        let go = get(t, &router, &format!("/comment/{last}?flagged=1")).await;
        assert_eq!(
            go.location.as_deref(),
            Some(format!("/comments/answer/{accepted}?flagged=1#comment-{last}").as_str())
        );
        let go = get(
            t,
            &router,
            &format!("/comment/{last}?next=https://evil.example/&flagged=1"),
        )
        .await;
        assert_eq!(
            go.location.as_deref(),
            Some(format!("/comments/answer/{accepted}?flagged=1#comment-{last}").as_str())
        );
        let go = get(
            t,
            &router,
            &format!("/comment/{first}?next=//evil.example/"),
        )
        .await;
        assert_eq!(
            go.location.as_deref(),
            Some(format!("/questions/{question}#comment-{first}").as_str())
        );
        let go = get(t, &router, "/comment/99999999").await;
        assert_eq!(go.location.as_deref(), Some("/comments/comment/99999999"));
        let gone = get(t, &router, "/comments/comment/99999999").await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);
    }
}
