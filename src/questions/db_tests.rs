//! Reading questions on every backend.

use super::db;
use super::{PAGE_SIZE, QuestionFilter};
use crate::server::testing::backend_tests;
use std::collections::HashSet;

backend_tests! {
    seeded;

    async fn keyset_pages_cover_every_question_exactly_once(t) {
        let (total,) = sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM questions")
            .fetch_one(&t.db.read)
            .await
            .expect("count");
        let mut seen = HashSet::new();
        let mut before = None;
        let mut last_key = (i64::MAX, i64::MAX);
        loop {
            let page = db::list(&t.db, &QuestionFilter::default(), before)
                .await
                .expect("page");
            assert!(page.items.len() as i64 <= PAGE_SIZE);
            for q in &page.items {
                assert!((q.created_at, q.id) < last_key, "newest first, strictly");
                last_key = (q.created_at, q.id);
                assert!(seen.insert(q.id), "question {} listed twice", q.id);
                assert!(!q.sectors.is_empty(), "sectors are loaded");
            }
            match page.next {
                Some(cursor) => before = Some(cursor),
                None => break,
            }
        }
        assert_eq!(seen.len() as i64, total);
    }

    async fn a_partner_lab_lists_only_its_routed_questions(t) {
        let filter = QuestionFilter {
            lab: Some("finance".into()),
            collective: None,
            ..Default::default()
        };
        let page = db::list(&t.db, &filter, None).await.expect("page");
        assert!(!page.items.is_empty());
        assert!(
            page.items
                .iter()
                .all(|q| { q.routed_lab.as_ref().map(|l| l.slug.as_str()) == Some("finance") })
        );
        // The lab counts come from the dashboards' figures.
        let labs = crate::dashboard::cache::StatsCache::new(t.db.clone())
            .lab_summaries()
            .await
            .expect("labs");
        let finance = labs
            .iter()
            .find(|l| l.slug == "finance")
            .expect("finance lab");
        assert_eq!(finance.question_count as usize, page.items.len());
    }

    async fn a_thread_puts_the_accepted_answer_first_and_badges_experts(t) {
        let resolved: Vec<(i64,)> =
            sqlx::query_as("SELECT id FROM questions WHERE status = 'resolved' ORDER BY id")
                .fetch_all(&t.db.read)
                .await
                .expect("resolved");
        assert!(!resolved.is_empty());
        for (id,) in resolved {
            let thread = db::thread(&t.db, id, false)
                .await
                .expect("thread")
                .expect("exists");
            assert!(thread.answers[0].is_accepted, "question {id}");
            assert_eq!(thread.answers.iter().filter(|a| a.is_accepted).count(), 1);
        }
        let (expert_question,) = sqlx::query_as::<_, (i64,)>(
            "SELECT question_id FROM answers WHERE expert_lab_id IS NOT NULL ORDER BY id LIMIT 1",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("an expert answer");
        let thread = db::thread(&t.db, expert_question, false)
            .await
            .expect("thread")
            .expect("exists");
        let routed = thread.summary.routed_lab.clone().expect("routed");
        let expert = thread
            .answers
            .iter()
            .find(|a| a.expert_lab.is_some())
            .expect("expert answer");
        assert_eq!(expert.expert_lab.as_ref(), Some(&routed));
        assert!(
            expert.author.organisation.is_some(),
            "partners answer for their organisation"
        );
        assert!(
            db::thread(&t.db, 987_654, false)
                .await
                .expect("query")
                .is_none()
        );
    }

    async fn a_partner_of_two_labs_answers_with_the_badge_of_the_routed_lab(t) {
        let id_of = |sql: &'static str| {
            let db = t.db.clone();
            async move {
                sqlx::query_as::<_, (i64,)>(sql)
                    .fetch_one(&db.read)
                    .await
                    .expect("id")
                    .0
            }
        };
        // Marloes is a partner of the Finance Lab and the Network Lab in the demo.
        let marloes =
            id_of("SELECT id FROM users WHERE email = 'marloes@demo.collectievekracht.example'")
                .await;
        let henk =
            id_of("SELECT id FROM users WHERE email = 'henk@demo.collectievekracht.example'").await;
        let mut badges = Vec::new();
        for routed in [Some("network"), Some("finance"), Some("science"), None] {
            let lab_id = match routed {
                Some(slug) => Some(
                    sqlx::query_as::<_, (i64,)>("SELECT id FROM labs WHERE slug = $1")
                        .bind(slug)
                        .fetch_one(&t.db.read)
                        .await
                        .expect("lab")
                        .0,
                ),
                None => None,
            };
            let question = db::create(
                &t.db,
                &db::NewQuestion {
                    lang: crate::i18n::Locale::En,
                    title: format!("Routed to {routed:?}: who answers?"),
                    body_md: "A question for the badge rule.".into(),
                    author_id: Some(henk),
                    collective_id: None,
                    routed_lab_id: lab_id,
                    sector_ids: Vec::new(),
                    topic_ids: Vec::new(),
                },
            )
            .await
            .expect("question");
            for author in [marloes, henk] {
                db::add_answer(
                    &t.db,
                    question,
                    crate::i18n::Locale::En,
                    Some(author),
                    "An answer.",
                )
                .await
                .expect("answer");
            }
            let thread = db::thread(&t.db, question, false)
                .await
                .expect("thread")
                .expect("exists");
            badges.push(
                thread
                    .answers
                    .iter()
                    .map(|a| a.expert_lab.as_ref().map(|l| l.slug.clone()))
                    .collect::<Vec<_>>(),
            );
        }
        let lab = |s: &str| Some(s.to_string());
        assert_eq!(
            badges,
            vec![
                vec![lab("network"), None],
                vec![lab("finance"), None],
                vec![None, None],
                vec![None, None],
            ]
        );
    }

    async fn a_partner_answers_a_routed_question_as_a_plain_form_and_gets_the_labs_badge(t) {
        use crate::server::testing::{send_with, test_config};
        use axum::body::Body;
        use axum::http::{Request, StatusCode, header};
        let config = test_config(&[]);
        let (question,) = sqlx::query_as::<_, (i64,)>(
            "SELECT q.id FROM questions q JOIN labs l ON l.id = q.routed_lab_id
             WHERE l.slug = 'finance' AND q.status = 'open' AND q.hidden_at IS NULL
             ORDER BY q.id LIMIT 1",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("an open Finance Lab question");
        let (marloes,) = sqlx::query_as::<_, (i64,)>(
            "SELECT id FROM users WHERE email = 'marloes@demo.collectievekracht.example'",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("partner");
        let token = crate::accounts::session::create(&t.db, &config, marloes, "test")
            .await
            .expect("session");
        let post = |body: &str| {
            Request::post("/api/post_answer")
                .header(header::HOST, "127.0.0.1:3000")
                .header("sec-fetch-site", "same-origin")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "text/html")
                .header(
                    header::REFERER,
                    format!("http://127.0.0.1:3000/questions/{question}"),
                )
                .header(header::COOKIE, format!("cp_session={token}"))
                .body(Body::from(format!(
                    "question_id={question}&lang=en&body={}",
                    body.replace(' ', "+")
                )))
                .expect("request")
        };
        // Too short: back to the thread, nothing stored.
        let refused = send_with(t, &config, post("x")).await;
        assert_eq!(refused.status, StatusCode::FOUND);
        assert_eq!(
            refused.headers[header::LOCATION],
            format!("/questions/{question}")
        );
        let reply = send_with(
            t,
            &config,
            post("Combine+a+**green+loan**+with+member+bonds.%3Cscript%3Ealert(1)%3C/script%3E"),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        let location = reply.headers[header::LOCATION].to_str().expect("location");
        assert!(
            location.starts_with(&format!("/questions/{question}#answer-")),
            "{location}"
        );
        let thread = db::thread(&t.db, question, false)
            .await
            .expect("thread")
            .expect("exists");
        assert_eq!(thread.summary.status, crate::questions::QuestionStatus::Answered);
        let answer = thread
            .answers
            .iter()
            .find(|a| a.body_html.contains("green loan"))
            .expect("the new answer");
        assert_eq!(
            answer.expert_lab.as_ref().map(|l| l.slug.as_str()),
            Some("finance")
        );
        assert!(answer.body_html.contains("<strong>green loan</strong>"));
        assert!(
            !answer.body_html.contains("<script"),
            "{}",
            answer.body_html
        );
    }

    async fn only_the_asker_accepts_an_answer_and_can_move_the_acceptance(t) {
        use crate::error::AppError;
        use crate::server::testing::{send_with, test_config};
        use axum::body::Body;
        use axum::http::{Request, StatusCode, header};
        let config = test_config(&[]);
        // A question with at least two answers, none accepted, asked by a demo member.
        let (question, asker) = sqlx::query_as::<_, (i64, i64)>(
            "SELECT q.id, q.author_id FROM questions q
             WHERE q.author_id IS NOT NULL AND q.hidden_at IS NULL AND q.status <> 'closed'
               AND (SELECT COUNT(*) FROM answers a WHERE a.question_id = q.id) >= 2
               AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.question_id = q.id AND a.is_accepted = 1)
             ORDER BY q.id LIMIT 1",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("a question with two answers");
        let answers: Vec<(i64,)> =
            sqlx::query_as("SELECT id FROM answers WHERE question_id = $1 ORDER BY id")
                .bind(question)
                .fetch_all(&t.db.read)
                .await
                .expect("answers");
        let (someone_else,) = sqlx::query_as::<_, (i64,)>(
            "SELECT id FROM users WHERE id <> $1 AND deleted_at IS NULL ORDER BY id LIMIT 1",
        )
        .bind(asker)
        .fetch_one(&t.db.read)
        .await
        .expect("another member");
        let cookie = |user: i64| {
            let (db, config) = (t.db.clone(), config.clone());
            async move {
                let token = crate::accounts::session::create(&db, &config, user, "test")
                    .await
                    .expect("session");
                format!("cp_session={token}")
            }
        };
        let accept = |answer: i64, cookie: String| {
            Request::post("/api/accept_answer")
                .header(header::HOST, "127.0.0.1:3000")
                .header("sec-fetch-site", "same-origin")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, cookie)
                .body(Body::from(format!("answer_id={answer}")))
                .expect("request")
        };
        let other = send_with(t, &config, accept(answers[0].0, cookie(someone_else).await)).await;
        assert_eq!(
            serde_json::from_str::<AppError>(&other.body).ok(),
            Some(AppError::Forbidden)
        );
        let asker_cookie = cookie(asker).await;
        for (answer,) in [answers[1], answers[0]] {
            let reply = send_with(t, &config, accept(answer, asker_cookie.clone())).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            let thread = db::thread(&t.db, question, false)
                .await
                .expect("thread")
                .expect("exists");
            assert_eq!(thread.summary.status, crate::questions::QuestionStatus::Resolved);
            assert_eq!(
                thread.answers[0].id, answer,
                "the accepted answer comes first"
            );
            assert_eq!(thread.answers.iter().filter(|a| a.is_accepted).count(), 1);
        }
    }
}
