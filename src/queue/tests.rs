//! The partner queue through the whole HTTP stack, on every backend.

use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::questions::db as questions;
use crate::server::testing::client::Client;
use crate::server::testing::{
    SITE, TestDb, backend_tests, count, demo_user, error_of, post, send_with, test_config,
};
use axum::http::{StatusCode, header};

async fn routed_question(t: &TestDb, lab: &str, asker: i64, title: &str) -> i64 {
    let lab = crate::labs::db::id_of(&t.db, lab)
        .await
        .expect("lab")
        .expect("lab exists");
    questions::create(
        &t.db,
        &questions::NewQuestion {
            lang: Locale::En,
            title: title.into(),
            body_md: "We want to buy our **village hall** and need a bridge loan.".into(),
            author_id: Some(asker),
            collective_id: None,
            routed_lab_id: Some(lab),
            sector_ids: Vec::new(),
            topic_ids: Vec::new(),
        },
    )
    .await
    .expect("question")
}

async fn one(t: &TestDb, sql: &str, id: i64) -> Option<i64> {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(&t.db.read)
        .await
        .expect("value")
}

backend_tests! {
    seeded;

    async fn a_partner_claims_asks_the_asker_answers_and_resolves(t) {
        let (marloes, jeroen, pieter, priya) = (
            t.client().signed_in("marloes").await,
            t.client().signed_in("jeroen").await,
            t.client().signed_in("pieter").await,
            t.client().signed_in("priya").await,
        );
        let (marloes_id, priya_id) = (demo_user(t, "marloes").await, demo_user(t, "priya").await);
        let title = "Queue: who lends a bridge loan for a village hall?";
        let q = routed_question(t, "finance", priya_id, title).await;
        let qs = q.to_string();

        // It is in the finance partners' queue, unclaimed; not in the government partner's.
        let queue = marloes.call("load_queue", &[("filter", "unclaimed")]).await;
        assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
        assert!(queue.body.contains(title));
        let other = pieter.call("load_queue", &[("filter", "open")]).await;
        assert!(!other.body.contains(title));
        let refused = pieter
            .call("claim_question", &[("question_id", &qs), ("claim", "true")])
            .await;
        assert_eq!(error_of(&refused), Some(AppError::Forbidden));

        // Claimed once; a colleague can neither take it over nor release it.
        let claim = marloes
            .call("claim_question", &[("question_id", &qs), ("claim", "true")])
            .await;
        assert_eq!(claim.status, StatusCode::OK, "{}", claim.body);
        assert_eq!(
            one(t, "SELECT claimed_by FROM questions WHERE id = $1", q).await,
            Some(marloes_id)
        );
        let taken = jeroen
            .call("claim_question", &[("question_id", &qs), ("claim", "true")])
            .await;
        assert_eq!(
            error_of(&taken),
            Some(AppError::Invalid(Msg::AlreadyClaimed))
        );
        let not_yours = jeroen
            .call(
                "claim_question",
                &[("question_id", &qs), ("claim", "false")],
            )
            .await;
        assert_eq!(
            error_of(&not_yours),
            Some(AppError::Invalid(Msg::NotYourClaim))
        );
        let mine = marloes.call("load_queue", &[("filter", "mine")]).await;
        assert!(mine.body.contains(title));

        // Resolving needs an answer.
        let early = marloes
            .call(
                "set_queue_status",
                &[("question_id", &qs), ("status", "resolved")],
            )
            .await;
        assert_eq!(
            error_of(&early),
            Some(AppError::Invalid(Msg::ResolveNeedsAnswer))
        );

        // Waiting on the asker: a note (required), posted as a comment; the asker hears of it.
        let no_note = marloes
            .call(
                "set_queue_status",
                &[("question_id", &qs), ("status", "waiting")],
            )
            .await;
        assert!(
            matches!(error_of(&no_note), Some(AppError::Fields(_))),
            "{}",
            no_note.body
        );
        let wait = marloes
            .call(
                "set_queue_status",
                &[
                    ("question_id", &qs),
                    ("status", "waiting"),
                    ("note", "How much do you need, and for how long?"),
                ],
            )
            .await;
        assert_eq!(wait.status, StatusCode::OK, "{}", wait.body);
        assert!(
            one(t, "SELECT waiting_since FROM questions WHERE id = $1", q)
                .await
                .is_some()
        );
        let comments = format!(
            "SELECT COUNT(*) FROM comments WHERE question_id = {q} AND body_md LIKE 'How much do you need%'"
        );
        assert_eq!(count(t, &comments).await, 1);
        let waiting_note = format!(
            "SELECT COUNT(*) FROM notifications WHERE kind = 'waiting' AND user_id = {priya_id} AND question_id = {q}"
        );
        assert_eq!(count(t, &waiting_note).await, 1);
        let waiting = jeroen.call("load_queue", &[("filter", "waiting")]).await;
        assert!(waiting.body.contains(title));

        // The asker's comment ends the wait; the partner who holds it hears of it.
        let reply = priya
            .call(
                "post_comment",
                &[
                    ("kind", "question"),
                    ("post_id", &qs),
                    ("body", "40,000 euros for ten years."),
                    ("lang", "en"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(
            one(t, "SELECT waiting_since FROM questions WHERE id = $1", q).await,
            None
        );
        let replied = format!(
            "SELECT COUNT(*) FROM notifications WHERE kind = 'asker_replied' AND user_id = {marloes_id}"
        );
        assert_eq!(count(t, &replied).await, 1);

        // A colleague answers from the queue: an expert answer; the claim stays Marloes's.
        let answer = jeroen
            .call(
                "answer_from_queue",
                &[
                    ("question_id", &qs),
                    ("body", "The regional fund lends up to 50,000 euros."),
                    ("lang", "en"),
                ],
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        let expert = format!(
            "SELECT COUNT(*) FROM answers WHERE question_id = {q} AND expert_lab_id IS NOT NULL"
        );
        assert_eq!(count(t, &expert).await, 1);
        assert_eq!(
            one(t, "SELECT claimed_by FROM questions WHERE id = $1", q).await,
            Some(marloes_id)
        );

        // Resolved: out of the queue.
        let resolve = marloes
            .call(
                "set_queue_status",
                &[("question_id", &qs), ("status", "resolved")],
            )
            .await;
        assert_eq!(resolve.status, StatusCode::OK, "{}", resolve.body);
        let status: String = sqlx::query_scalar("SELECT status FROM questions WHERE id = $1")
            .bind(q)
            .fetch_one(&t.db.read)
            .await
            .expect("status");
        assert_eq!(status, "resolved");
        let after = marloes.call("load_queue", &[("filter", "open")]).await;
        assert!(!after.body.contains(title));
        let again = marloes
            .call(
                "set_queue_status",
                &[("question_id", &qs), ("status", "active")],
            )
            .await;
        assert_eq!(error_of(&again), Some(AppError::Invalid(Msg::QueueNotOpen)));
    }

    async fn the_queue_works_as_plain_forms_without_javascript(t) {
        let config = test_config(&[]);
        let marloes = t.client().signed_in("marloes").await;
        let jeroen = t.client().signed_in("jeroen").await;
        let asker = demo_user(t, "henk").await;
        let title = "Queue without JavaScript: can a fund co-finance solar roofs?";
        let q = routed_question(t, "finance", asker, title).await;
        let qs = q.to_string();
        let from_queue = |who: &Client<'_>, function: &str, args: &[(&str, &str)]| {
            let mut request = post(&format!("/api/{function}"), args, who.cookie(), true);
            request.headers_mut().insert(
                header::REFERER,
                format!("{SITE}/queue?filter=unclaimed")
                    .parse()
                    .expect("referer"),
            );
            request
        };

        // The page itself is rendered on the server, with the forms.
        let page = marloes.get("/queue?filter=unclaimed").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(title));
        assert!(page.body.contains("action=\"/api/claim_question\""));
        assert!(page.body.contains("action=\"/api/answer_from_queue\""));

        // A plain post claims and returns to the same view.
        let claim = send_with(
            t,
            &config,
            from_queue(
                &marloes,
                "claim_question",
                &[("question_id", &qs), ("claim", "true")],
            ),
        )
        .await;
        assert!(claim.status.is_redirection(), "{}", claim.status);
        assert_eq!(
            claim
                .headers
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok()),
            Some("/queue?filter=unclaimed")
        );
        // A refused plain post returns there too, with the message in the flash.
        let taken = send_with(
            t,
            &config,
            from_queue(
                &jeroen,
                "claim_question",
                &[("question_id", &qs), ("claim", "true")],
            ),
        )
        .await;
        assert!(taken.status.is_redirection());
        let flash =
            crate::server::testing::set_cookie(&taken, crate::forms::FLASH_COOKIE).expect("flash");
        let shown = t
            .client()
            .with_cookie(format!(
                "{}; {}",
                jeroen.cookie().expect("signed in"),
                crate::server::testing::cookie_pair(&flash)
            ))
            .get("/queue?filter=unclaimed")
            .await;
        assert!(
            shown.body.contains(Msg::AlreadyClaimed.text(Locale::En)),
            "the flash is shown"
        );

        // Visitors and members get no queue.
        let visitor = t.client().get("/queue").await;
        assert_eq!(visitor.status, StatusCode::UNAUTHORIZED);
        let henk = t.client().signed_in("henk").await;
        let member = henk.get("/queue").await;
        assert_eq!(member.status, StatusCode::FORBIDDEN);
    }
}
