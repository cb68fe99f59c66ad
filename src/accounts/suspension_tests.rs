//! Issue 15: a suspension closes staff and collective-admin powers too (security review F7), with
//! real targets that would succeed without the suspension; reading stays.

use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::server::testing::{
    TestDb, count, demo_session, demo_user, error_of, get, post, seeded_backends, send_with,
    test_config,
};
use axum::http::StatusCode;

const STAFF_SUSPENDED: Option<AppError> = Some(AppError::Invalid(Msg::SuspendedStaff));

async fn call(t: &TestDb, path: &str, args: &[(&str, &str)], cookie: &str) -> Option<AppError> {
    let reply = send_with(t, &test_config(&[]), post(path, args, Some(cookie), false)).await;
    if reply.status == StatusCode::OK {
        None
    } else {
        Some(error_of(&reply).unwrap_or_else(|| panic!("{path}: {}", reply.body)))
    }
}

/// `by` suspends (`days` Some) or lifts the suspension of `who` through `moderate_user`.
async fn suspend(t: &TestDb, by: &str, who: i64, days: Option<&str>) {
    let who = who.to_string();
    let mut args = vec![("user_id", who.as_str()), ("reason", "Suspension test")];
    match days {
        Some(days) => args.extend([("action", "suspend"), ("days", days)]),
        None => args.push(("action", "unsuspend")),
    }
    assert_eq!(call(t, "/api/moderate_user", &args, by).await, None);
}

#[tokio::test]
async fn a_suspended_moderator_or_admin_keeps_reading_but_cannot_moderate_or_manage_roles() {
    for t in seeded_backends().await {
        let config = test_config(&[]);
        let admin = demo_session(&t, "admin").await;
        let moderator = demo_session(&t, "moderator").await;
        let moderator_id = demo_user(&t, "moderator").await;
        let henk_id = demo_user(&t, "henk").await;
        let henk = demo_session(&t, "henk").await;
        let question: i64 = sqlx::query_scalar(
            "SELECT MIN(id) FROM questions WHERE hidden_at IS NULL AND locked_at IS NULL",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("question");
        let answer = crate::questions::db::add_answer(
            &t.db,
            question,
            Locale::En,
            Some(henk_id),
            "Suspension test: a first version.",
        )
        .await
        .expect("answer");
        let (answer_s, henk_s) = (answer.to_string(), henk_id.to_string());
        assert_eq!(
            call(
                &t,
                "/api/edit_post",
                &[
                    ("kind", "answer"),
                    ("id", &answer_s),
                    ("base_version", "1"),
                    ("body", "Suspension test: a second version."),
                ],
                &henk,
            )
            .await,
            None
        );

        // The admin suspends the moderator (only admins act on staff).
        suspend(&t, &admin, moderator_id, Some("3")).await;
        let log_rows = "SELECT COUNT(*) FROM moderation_log";
        let before = (
            count(&t, log_rows).await,
            count(
                &t,
                "SELECT COUNT(*) FROM answers WHERE hidden_at IS NOT NULL",
            )
            .await,
        );
        let hide = [
            ("kind", "answer"),
            ("post_id", answer_s.as_str()),
            ("action", "hide"),
            ("reason", "Spam link"),
        ];
        let restore = [
            ("kind", "answer"),
            ("id", answer_s.as_str()),
            ("version", "1"),
            ("base_version", "2"),
            ("reason", "Back to the first"),
        ];
        let question_s = question.to_string();
        let lock = [
            ("question_id", question_s.as_str()),
            ("action", "lock"),
            ("reason", "Too heated"),
        ];
        let warn = [
            ("user_id", henk_s.as_str()),
            ("action", "warn"),
            ("reason", "Be kind"),
        ];
        for (path, args) in [
            ("/api/moderate_post", &hide[..]),
            ("/api/restore_revision", &restore[..]),
            ("/api/moderate_thread", &lock[..]),
            ("/api/moderate_user", &warn[..]),
            ("/api/load_flag_queue", &[][..]),
        ] {
            assert_eq!(
                call(&t, path, args, &moderator).await,
                STAFF_SUSPENDED,
                "{path} by a suspended moderator"
            );
        }
        assert_eq!(
            (
                count(&t, log_rows).await,
                count(
                    &t,
                    "SELECT COUNT(*) FROM answers WHERE hidden_at IS NOT NULL"
                )
                .await
            ),
            before,
            "nothing happened"
        );
        // Reading stays, without the moderators' view.
        let page = send_with(
            &t,
            &config,
            get(&format!("/questions/{question}"), Some(&moderator)),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Suspension test: a second version."));
        assert!(!page.body.contains("data-testid=\"thread-tools\""));
        assert!(!page.body.contains("data-testid=\"moderate\""));
        assert_eq!(
            call(&t, "/api/load_account", &[], &moderator).await,
            None,
            "their own account stays"
        );
        // Lifted: the same moderator hides the answer.
        suspend(&t, &admin, moderator_id, None).await;
        let page = send_with(
            &t,
            &config,
            get(&format!("/questions/{question}"), Some(&moderator)),
        )
        .await;
        assert!(
            page.body.contains("data-testid=\"thread-tools\""),
            "the tools are back"
        );
        assert_eq!(
            call(&t, "/api/moderate_post", &hide, &moderator).await,
            None
        );

        // A suspended admin (suspended by another admin) cannot grant roles or use admin screens.
        let jos_id = demo_user(&t, "jos").await;
        sqlx::query("UPDATE users SET is_admin = 1 WHERE id = $1")
            .bind(jos_id)
            .execute(&t.db.write)
            .await
            .expect("second admin");
        let jos = demo_session(&t, "jos").await;
        suspend(&t, &jos, demo_user(&t, "admin").await, Some("1")).await;
        let marloes_s = demo_user(&t, "marloes").await.to_string();
        let roles = (
            count(&t, "SELECT COUNT(*) FROM lab_partners").await,
            count(&t, "SELECT COUNT(*) FROM users WHERE is_moderator = 1").await,
        );
        for (path, args) in [
            (
                "/api/grant_partner",
                &[
                    ("user_id", henk_s.as_str()),
                    ("lab", "finance"),
                    ("organisation", "Zonnedorp Adviesraad"),
                ][..],
            ),
            (
                "/api/set_moderator",
                &[("user_id", henk_s.as_str()), ("moderator", "true")][..],
            ),
            (
                "/api/revoke_partner",
                &[("user_id", marloes_s.as_str()), ("lab", "finance")][..],
            ),
            ("/api/list_accounts", &[][..]),
            ("/api/audit_log", &[][..]),
            ("/api/admin_overview", &[][..]),
            ("/api/moderate_post", &hide[..]),
        ] {
            assert_eq!(
                call(&t, path, args, &admin).await,
                STAFF_SUSPENDED,
                "{path} by a suspended admin"
            );
        }
        assert_eq!(
            (
                count(&t, "SELECT COUNT(*) FROM lab_partners").await,
                count(&t, "SELECT COUNT(*) FROM users WHERE is_moderator = 1").await
            ),
            roles,
            "no role changed"
        );
        let page = send_with(&t, &config, get("/admin", Some(&admin))).await;
        assert_ne!(page.status, StatusCode::OK);
        assert!(!page.body.contains("henk@demo.collectievekracht.example"));
        t.finish().await;
    }
}

#[tokio::test]
async fn a_suspended_collective_admin_cannot_decide_join_requests() {
    for t in seeded_backends().await {
        let config = test_config(&[]);
        let henk = demo_session(&t, "henk").await;
        let gerrit = demo_session(&t, "gerrit").await;
        let moderator = demo_session(&t, "moderator").await;
        let gerrit_id = demo_user(&t, "gerrit").await;
        assert_eq!(
            call(&t, "/api/request_join", &[("slug", "polderstroom")], &henk).await,
            None
        );
        suspend(&t, &moderator, gerrit_id, Some("7")).await;
        let henk_id = demo_user(&t, "henk").await.to_string();
        let decide = [
            ("slug", "polderstroom"),
            ("user_id", henk_id.as_str()),
            ("decision", "approve"),
        ];
        assert_eq!(
            call(&t, "/api/decide_join", &decide, &gerrit).await,
            STAFF_SUSPENDED
        );
        let pending =
            "SELECT COUNT(*) FROM memberships m JOIN collectives c ON c.id = m.collective_id
             WHERE c.slug = 'polderstroom' AND m.status = 'pending'";
        assert_eq!(count(&t, pending).await, 1, "still pending");
        let page = send_with(&t, &config, get("/collectives/polderstroom", Some(&gerrit))).await;
        assert_eq!(page.status, StatusCode::OK, "the page still reads");
        assert!(!page.body.contains("data-testid=\"join-request\""));
        // A suspended member cannot ask to join either.
        let henk_user = demo_user(&t, "henk").await;
        suspend(&t, &moderator, henk_user, Some("1")).await;
        assert_eq!(
            call(
                &t,
                "/api/request_join",
                &[("slug", "zonnedorp-energie")],
                &henk
            )
            .await,
            Some(AppError::Invalid(Msg::Suspended))
        );
        // Lifted: Gerrit decides.
        suspend(&t, &moderator, gerrit_id, None).await;
        assert_eq!(call(&t, "/api/decide_join", &decide, &gerrit).await, None);
        assert_eq!(count(&t, pending).await, 0);
        t.finish().await;
    }
}
