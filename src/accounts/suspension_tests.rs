//! Issue 15: a suspension closes staff and collective-admin powers too (security review F7), with
//! real targets that would succeed without the suspension; reading stays.

use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::server::testing::client::Client;
use crate::server::testing::{backend_tests, count, demo_user, error_of};
use axum::http::StatusCode;

const STAFF_SUSPENDED: Option<AppError> = Some(AppError::Invalid(Msg::SuspendedStaff));

/// What `who` is refused when calling `endpoint`, or None when it goes through.
async fn refusal(who: &Client<'_>, endpoint: &str, args: &[(&str, &str)]) -> Option<AppError> {
    let reply = who.call(endpoint, args).await;
    if reply.status == StatusCode::OK {
        None
    } else {
        Some(error_of(&reply).unwrap_or_else(|| panic!("/api/{endpoint}: {}", reply.body)))
    }
}

/// `by` suspends (`days` Some) or lifts the suspension of `who` through `moderate_user`.
async fn suspend(by: &Client<'_>, who: i64, days: Option<&str>) {
    let who = who.to_string();
    let mut args = vec![("user_id", who.as_str()), ("reason", "Suspension test")];
    match days {
        Some(days) => args.extend([("action", "suspend"), ("days", days)]),
        None => args.push(("action", "unsuspend")),
    }
    assert_eq!(refusal(by, "moderate_user", &args).await, None);
}

backend_tests! {
    seeded;

    async fn a_suspended_moderator_or_admin_keeps_reading_but_cannot_moderate_or_manage_roles(t) {
        let admin = t.client().signed_in("admin").await;
        let moderator = t.client().signed_in("moderator").await;
        let moderator_id = demo_user(t, "moderator").await;
        let henk_id = demo_user(t, "henk").await;
        let henk = t.client().signed_in("henk").await;
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
            refusal(
                &henk,
                "edit_post",
                &[
                    ("kind", "answer"),
                    ("id", &answer_s),
                    ("base_version", "1"),
                    ("body", "Suspension test: a second version."),
                ],
            )
            .await,
            None
        );

        // The admin suspends the moderator (only admins act on staff).
        suspend(&admin, moderator_id, Some("3")).await;
        let log_rows = "SELECT COUNT(*) FROM moderation_log";
        let before = (
            count(t, log_rows).await,
            count(
                t,
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
        for (endpoint, args) in [
            ("moderate_post", &hide[..]),
            ("restore_revision", &restore[..]),
            ("moderate_thread", &lock[..]),
            ("moderate_user", &warn[..]),
            ("load_flag_queue", &[][..]),
        ] {
            assert_eq!(
                refusal(&moderator, endpoint, args).await,
                STAFF_SUSPENDED,
                "/api/{endpoint} by a suspended moderator"
            );
        }
        assert_eq!(
            (
                count(t, log_rows).await,
                count(
                    t,
                    "SELECT COUNT(*) FROM answers WHERE hidden_at IS NOT NULL"
                )
                .await
            ),
            before,
            "nothing happened"
        );
        // Reading stays, without the moderators' view.
        let page = moderator.get(&format!("/questions/{question}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Suspension test: a second version."));
        assert!(!page.body.contains("data-testid=\"thread-tools\""));
        assert!(!page.body.contains("data-testid=\"moderate\""));
        assert_eq!(
            refusal(&moderator, "load_account", &[]).await,
            None,
            "their own account stays"
        );
        // Lifted: the same moderator hides the answer.
        suspend(&admin, moderator_id, None).await;
        let page = moderator.get(&format!("/questions/{question}")).await;
        assert!(
            page.body.contains("data-testid=\"thread-tools\""),
            "the tools are back"
        );
        assert_eq!(refusal(&moderator, "moderate_post", &hide).await, None);

        // A suspended admin (suspended by another admin) cannot grant roles or use admin screens.
        let jos_id = demo_user(t, "jos").await;
        sqlx::query("UPDATE users SET is_admin = 1 WHERE id = $1")
            .bind(jos_id)
            .execute(&t.db.write)
            .await
            .expect("second admin");
        let jos = t.client().signed_in("jos").await;
        suspend(&jos, demo_user(t, "admin").await, Some("1")).await;
        let marloes_s = demo_user(t, "marloes").await.to_string();
        let roles = (
            count(t, "SELECT COUNT(*) FROM lab_partners").await,
            count(t, "SELECT COUNT(*) FROM users WHERE is_moderator = 1").await,
        );
        for (endpoint, args) in [
            (
                "grant_partner",
                &[
                    ("user_id", henk_s.as_str()),
                    ("lab", "finance"),
                    ("organisation", "Zonnedorp Adviesraad"),
                ][..],
            ),
            (
                "set_moderator",
                &[("user_id", henk_s.as_str()), ("moderator", "true")][..],
            ),
            (
                "revoke_partner",
                &[("user_id", marloes_s.as_str()), ("lab", "finance")][..],
            ),
            ("list_accounts", &[][..]),
            ("audit_log", &[][..]),
            ("admin_overview", &[][..]),
            ("moderate_post", &hide[..]),
        ] {
            assert_eq!(
                refusal(&admin, endpoint, args).await,
                STAFF_SUSPENDED,
                "/api/{endpoint} by a suspended admin"
            );
        }
        assert_eq!(
            (
                count(t, "SELECT COUNT(*) FROM lab_partners").await,
                count(t, "SELECT COUNT(*) FROM users WHERE is_moderator = 1").await
            ),
            roles,
            "no role changed"
        );
        let page = admin.get("/admin").await;
        assert_ne!(page.status, StatusCode::OK);
        assert!(!page.body.contains("henk@demo.collectievekracht.example"));
    }

    async fn a_suspended_collective_admin_cannot_decide_join_requests(t) {
        let henk = t.client().signed_in("henk").await;
        let gerrit = t.client().signed_in("gerrit").await;
        let moderator = t.client().signed_in("moderator").await;
        let gerrit_id = demo_user(t, "gerrit").await;
        assert_eq!(
            refusal(&henk, "request_join", &[("slug", "polderstroom")]).await,
            None
        );
        suspend(&moderator, gerrit_id, Some("7")).await;
        let henk_id = demo_user(t, "henk").await.to_string();
        let decide = [
            ("slug", "polderstroom"),
            ("user_id", henk_id.as_str()),
            ("decision", "approve"),
        ];
        assert_eq!(
            refusal(&gerrit, "decide_join", &decide).await,
            STAFF_SUSPENDED
        );
        let pending =
            "SELECT COUNT(*) FROM memberships m JOIN collectives c ON c.id = m.collective_id
             WHERE c.slug = 'polderstroom' AND m.status = 'pending'";
        assert_eq!(count(t, pending).await, 1, "still pending");
        let page = gerrit.get("/collectives/polderstroom").await;
        assert_eq!(page.status, StatusCode::OK, "the page still reads");
        assert!(!page.body.contains("data-testid=\"join-request\""));
        // A suspended member cannot ask to join either.
        let henk_user = demo_user(t, "henk").await;
        suspend(&moderator, henk_user, Some("1")).await;
        assert_eq!(
            refusal(&henk, "request_join", &[("slug", "zonnedorp-energie")]).await,
            Some(AppError::Invalid(Msg::Suspended))
        );
        // Lifted: Gerrit decides.
        suspend(&moderator, gerrit_id, None).await;
        assert_eq!(refusal(&gerrit, "decide_join", &decide).await, None);
        assert_eq!(count(t, pending).await, 0);
    }
}
