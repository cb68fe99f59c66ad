//! Issue 15, point 9 (security review F8): a comment under a hidden answer is hidden wherever
//! its answer is, and moderators redact old versions. Through the whole HTTP stack, on every
//! backend.

use crate::error::AppError;
use crate::i18n::Msg;
use crate::questions::{PostKind, db as questions};
use crate::server::testing::fixtures::{answer, question};
use crate::server::testing::{backend_tests, count, demo_user, error_of};
use axum::http::{StatusCode, header};

backend_tests! {
    seeded;

    async fn a_comment_under_a_hidden_answer_is_hidden_wherever_its_answer_is(t) {
        let (priya_id, jos_id, henk_id) = (
            demo_user(t, "priya").await,
            demo_user(t, "jos").await,
            demo_user(t, "henk").await,
        );
        let (henk, priya, moderator) = (
            t.client().signed_in("henk").await,
            t.client().signed_in("priya").await,
            t.client().signed_in("moderator").await,
        );
        let q = question(t, priya_id, "Hidden answers: who insures our volunteers?").await;
        let a = answer(t, q, jos_id, "To be hidden.").await;
        let reply = henk
            .call(
                "post_comment",
                &[
                    ("kind", "answer"),
                    ("post_id", &a.to_string()),
                    ("lang", "en"),
                    ("body", "soonhidden remark under the answer"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let c: i64 = reply.body.trim().parse().expect("comment id");
        let history = format!("/history/comment/{c}");
        assert!(t.client().get(&history).await.body.contains("soonhidden"));

        let reply = moderator
            .call(
                "moderate_post",
                &[
                    ("kind", "answer"),
                    ("post_id", &a.to_string()),
                    ("action", "hide"),
                    ("reason", "Test of hidden answers"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

        // The thread, the comment's history (for anyone, its author too: only moderators see
        // the history of hidden texts, to redact them) and its edit source.
        let thread = t.client().get(&format!("/questions/{q}")).await;
        assert!(!thread.body.contains("soonhidden"));
        let anyone = t.client();
        for visitor in [&anyone, &henk, &priya] {
            let cookie = visitor.cookie();
            let page = visitor.get(&history).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{cookie:?}");
            assert!(!page.body.contains("soonhidden"), "{cookie:?}");
        }
        let page = moderator.get(&history).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("soonhidden"), "moderators see it");
        let api = henk
            .call(
                "post_history",
                &[("kind", "comment"), ("id", &c.to_string())],
            )
            .await;
        assert_eq!(error_of(&api), Some(AppError::NotFound), "{}", api.body);
        let source = henk
            .call(
                "load_post_source",
                &[("kind", "comment"), ("id", &c.to_string())],
            )
            .await;
        assert_eq!(
            error_of(&source),
            Some(AppError::NotFound),
            "{}",
            source.body
        );
        // Its author cannot edit it, nobody can flag or vote on it: it is not there.
        let edit = henk
            .call(
                "edit_post",
                &[
                    ("kind", "comment"),
                    ("id", &c.to_string()),
                    ("base_version", "1"),
                    ("body", "edited while hidden"),
                ],
            )
            .await;
        assert_eq!(error_of(&edit), Some(AppError::NotFound), "{}", edit.body);
        let flag = priya
            .call(
                "flag_post",
                &[
                    ("kind", "comment"),
                    ("post_id", &c.to_string()),
                    ("reason", "spam"),
                    ("note", "x"),
                ],
            )
            .await;
        assert_eq!(error_of(&flag), Some(AppError::NotFound), "{}", flag.body);
        assert!(
            questions::post_owner(&t.db, PostKind::Comment, c)
                .await
                .expect("post owner")
                .is_none()
        );
        assert_eq!(
            count(
                t,
                &format!("SELECT COUNT(*) FROM comments WHERE id = {c} AND author_id = {henk_id}")
            )
            .await,
            1,
            "kept, for moderators and for when the answer is shown again"
        );

        // Shown again, the comment is back.
        let reply = moderator
            .call(
                "moderate_post",
                &[
                    ("kind", "answer"),
                    ("post_id", &a.to_string()),
                    ("action", "restore"),
                    ("reason", "Test of hidden answers"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(t.client().get(&history).await.body.contains("soonhidden"));
    }

    async fn a_moderator_redacts_an_old_version_for_everyone_and_the_audit_log_keeps_why(t) {
        let (priya_id, jos_id, moderator_id) = (
            demo_user(t, "priya").await,
            demo_user(t, "jos").await,
            demo_user(t, "moderator").await,
        );
        let (jos, moderator, admin) = (
            t.client().signed_in("jos").await,
            t.client().signed_in("moderator").await,
            t.client().signed_in("admin").await,
        );
        let q = question(t, priya_id, "Redaction: who lends to a village hall?").await;
        let a = answer(
            t,
            q,
            jos_id,
            "Call me on 06-12345678, I did this for our hall.",
        )
        .await;
        let (a_s, history) = (a.to_string(), format!("/history/answer/{a}"));
        // The author edits the number out (version 2), then adds a line (version 3).
        for (base, body) in [
            ("1", "Ask me in a message, I did this for our hall."),
            (
                "2",
                "Ask me in a message, I did this for our hall. The bank was Triodos.",
            ),
        ] {
            let reply = jos
                .call(
                    "edit_post",
                    &[
                        ("kind", "answer"),
                        ("id", &a_s),
                        ("base_version", base),
                        ("body", body),
                    ],
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        }
        assert!(t.client().get(&history).await.body.contains("06-12345678"));

        let redaction = |version: &'static str, reason: &'static str| {
            [
                ("kind", "answer"),
                ("id", a_s.as_str()),
                ("version", version),
                ("reason", reason),
            ]
        };
        // Not the current version (that is an edit), not without a reason, not a version that
        // does not exist; an author is no moderator.
        let reply = moderator
            .call("redact_revision", &redaction("3", "Personal data"))
            .await;
        assert_eq!(
            error_of(&reply),
            Some(AppError::Invalid(Msg::CurrentVersionNotRedactable))
        );
        let reply = moderator
            .call("redact_revision", &redaction("1", " "))
            .await;
        assert!(
            matches!(error_of(&reply), Some(AppError::Fields(f)) if f[0].field == "reason" && f[0].msg == Msg::EditReasonRequired),
            "{}",
            reply.body
        );
        for missing in ["0", "4", "-1"] {
            let reply = moderator
                .call("redact_revision", &redaction(missing, "Personal data"))
                .await;
            assert_eq!(error_of(&reply), Some(AppError::NotFound), "{missing}");
        }
        let reply = jos
            .call(
                "redact_revision",
                &[
                    ("kind", "answer"),
                    ("id", &a_s),
                    ("version", "1"),
                    ("reason", "My number"),
                ],
            )
            .await;
        assert_eq!(error_of(&reply), Some(AppError::Forbidden));
        assert_eq!(
            count(
                t,
                "SELECT COUNT(*) FROM moderation_log WHERE action = 'redact'"
            )
            .await,
            0
        );

        let reply = moderator
            .call(
                "redact_revision",
                &redaction("1", "Personal data (a phone number)"),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(
            serde_json::from_str::<String>(&reply.body).ok().as_deref(),
            Some(history.as_str())
        );

        // Gone for everyone, staff included; a marker instead; the later versions stay, and
        // version 2 is compared with nothing (so it does not show the old text as removed).
        let anyone = t.client();
        for visitor in [&anyone, &jos, &moderator, &admin] {
            let cookie = visitor.cookie();
            let page = visitor.get(&history).await;
            assert_eq!(page.status, StatusCode::OK);
            assert!(!page.body.contains("06-12345678"), "{cookie:?}");
            assert!(page.body.contains("data-testid=\"redacted\""), "{cookie:?}");
            assert!(page.body.contains("The bank was Triodos."));
        }
        let stored: (String, String, Option<i64>) = sqlx::query_as(
            "SELECT body_md, reason, redacted_at FROM revisions
             WHERE entity_type = 'answer' AND entity_id = $1 AND version = 1",
        )
        .bind(a)
        .fetch_one(&t.db.read)
        .await
        .expect("version 1");
        assert_eq!((stored.0.as_str(), stored.1.as_str()), ("", ""));
        assert!(stored.2.is_some());
        // Logged once, in the redaction's transaction, with the actor (audit log) and the version.
        assert_eq!(
            count(
                t,
                &format!(
                    "SELECT COUNT(*) FROM moderation_log WHERE action = 'redact'
                     AND actor_id = {moderator_id} AND entity_type = 'answer' AND entity_id = {a}
                     AND question_id = {q} AND target_user_id = {jos_id} AND detail = '1'
                     AND reason = 'Personal data (a phone number)'"
                )
            )
            .await,
            1
        );
        let audit = admin.call("audit_log", &[]).await;
        assert!(
            audit.body.contains("Personal data (a phone number)"),
            "{}",
            audit.body
        );
        let log = t.client().get("/moderation/log").await;
        assert!(
            log.body.contains("redacted an old version of a"),
            "public log"
        );

        // Once only; a redacted version cannot be restored.
        let reply = moderator
            .call("redact_revision", &redaction("1", "Personal data"))
            .await;
        assert_eq!(
            error_of(&reply),
            Some(AppError::Invalid(Msg::AlreadyRedacted))
        );
        let reply = moderator
            .call(
                "restore_revision",
                &[
                    ("kind", "answer"),
                    ("id", &a_s),
                    ("version", "1"),
                    ("base_version", "3"),
                    ("reason", "Bring it back"),
                ],
            )
            .await;
        assert_eq!(error_of(&reply), Some(AppError::NotFound), "{}", reply.body);
        assert_eq!(
            count(
                t,
                "SELECT COUNT(*) FROM moderation_log WHERE action = 'redact'"
            )
            .await,
            1
        );

        // Without JavaScript: the form posts and the moderator lands on the version.
        let reply = moderator
            .submit(
                "redact_revision",
                &[
                    ("kind", "answer"),
                    ("id", &a_s),
                    ("version", "2"),
                    ("reason", "Abuse"),
                ],
            )
            .await;
        assert!(reply.status.is_redirection(), "{}", reply.status);
        assert_eq!(
            reply
                .headers
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok()),
            Some(format!("{history}#v2").as_str())
        );
        let page = t.client().get(&history).await;
        assert_eq!(page.body.matches("data-testid=\"redacted\"").count(), 2);
    }

    // issue 15 review: a post is often hidden because of what it says, and redaction used to answer
    // "not found" for hidden posts: the data could only be erased by showing the post again.
    async fn a_moderator_redacts_an_old_version_of_a_hidden_answer_that_stays_hidden(t) {
        let (priya_id, jos_id) = (demo_user(t, "priya").await, demo_user(t, "jos").await);
        let (jos, moderator) = (
            t.client().signed_in("jos").await,
            t.client().signed_in("moderator").await,
        );
        let q = question(
            t,
            priya_id,
            "Redaction while hidden: insuring a tool library",
        )
        .await;
        let a = answer(
            t,
            q,
            jos_id,
            "Our treasurer lives at Dorpsstraat 12, ask her.",
        )
        .await;
        let (a_s, history) = (a.to_string(), format!("/history/answer/{a}"));
        let reply = jos
            .call(
                "edit_post",
                &[
                    ("kind", "answer"),
                    ("id", &a_s),
                    ("base_version", "1"),
                    ("body", "Ask our treasurer through the collective's page."),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let reply = moderator
            .call(
                "moderate_post",
                &[
                    ("kind", "answer"),
                    ("post_id", &a_s),
                    ("action", "hide"),
                    ("reason", "Personal data"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        // The moderator finds the address in the hidden answer's history and erases it.
        let page = moderator.get(&history).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Dorpsstraat 12"));
        let reply = moderator
            .call(
                "redact_revision",
                &[
                    ("kind", "answer"),
                    ("id", &a_s),
                    ("version", "1"),
                    ("reason", "Personal data (an address)"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let page = moderator.get(&history).await;
        assert!(!page.body.contains("Dorpsstraat 12"));
        assert!(page.body.contains("data-testid=\"redacted\""));
        let stored: String = sqlx::query_scalar(
            "SELECT body_md FROM revisions
             WHERE entity_type = 'answer' AND entity_id = $1 AND version = 1",
        )
        .bind(a)
        .fetch_one(&t.db.read)
        .await
        .expect("version 1");
        assert_eq!(stored, "");
        // The answer stays hidden: its history is still no one else's business.
        let anyone = t.client();
        for visitor in [&anyone, &jos] {
            let cookie = visitor.cookie();
            let page = visitor.get(&history).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{cookie:?}");
        }
        assert_eq!(
            count(
                t,
                &format!("SELECT COUNT(*) FROM answers WHERE id = {a} AND hidden_at IS NOT NULL")
            )
            .await,
            1
        );
    }
}
