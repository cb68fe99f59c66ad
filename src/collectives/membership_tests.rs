//! Joining a collective through the whole HTTP stack, on every backend: a member asks, and the
//! collective's own admin (no other) sees the request and approves it.

use crate::error::AppError;
use crate::server::testing::{
    demo_session, demo_user, error_of, get, post, seeded_backends, send_with, test_config,
};
use axum::http::StatusCode;

#[tokio::test]
async fn a_member_asks_to_join_and_the_collectives_admin_approves() {
    for t in seeded_backends().await {
        let config = test_config(&[]);
        let henk = demo_session(&t, "henk").await;
        let anna = demo_session(&t, "anna").await;
        let jos = demo_session(&t, "jos").await;
        let reply = send_with(
            &t,
            &config,
            post(
                "/api/request_join",
                &[("slug", "polderstroom")],
                Some(&henk),
                false,
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let status = "SELECT m.status FROM memberships m JOIN users u ON u.id = m.user_id
             JOIN collectives c ON c.id = m.collective_id
             WHERE u.email = 'henk@demo.collectievekracht.example' AND c.slug = 'polderstroom'";
        let pending = sqlx::query_as::<_, (String,)>(status)
            .fetch_one(&t.db.read)
            .await
            .expect("membership");
        assert_eq!(pending.0, "pending");

        let henk_id = demo_user(&t, "henk").await;
        let decide = |cookie: String| {
            post(
                "/api/decide_join",
                &[
                    ("slug", "polderstroom"),
                    ("user_id", &henk_id.to_string()),
                    ("decision", "approve"),
                ],
                Some(&cookie),
                false,
            )
        };
        // Anna runs another collective: she may not decide for this one.
        let reply = send_with(&t, &config, decide(anna.clone())).await;
        assert_eq!(error_of(&reply), Some(AppError::Forbidden));
        // Polderstroom's admin (Gerrit) sees the request on the page and approves it.
        let gerrit = demo_session(&t, "gerrit").await;
        let page = send_with(&t, &config, get("/collectives/polderstroom", Some(&gerrit))).await;
        assert!(
            page.body.contains("Henk Brinkman"),
            "the request is listed for the admin"
        );
        let page = send_with(&t, &config, get("/collectives/polderstroom", Some(&jos))).await;
        assert!(
            !page.body.contains("data-testid=\"join-request\""),
            "not for others"
        );
        let reply = send_with(&t, &config, decide(gerrit)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let active = sqlx::query_as::<_, (String,)>(status)
            .fetch_one(&t.db.read)
            .await
            .expect("membership");
        assert_eq!(active.0, "active");
        let profile = send_with(&t, &config, get(&format!("/users/{henk_id}"), None)).await;
        assert!(profile.body.contains("/collectives/polderstroom"));
        t.finish().await;
    }
}
