//! Joining a collective through the whole HTTP stack, on every backend: a member asks, and the
//! collective's own admin (no other) sees the request and approves it.

use crate::error::AppError;
use crate::server::testing::{backend_tests, demo_user, error_of};
use axum::http::StatusCode;

backend_tests! {
    seeded;

    async fn a_member_asks_to_join_and_the_collectives_admin_approves(t) {
        let henk = t.client().signed_in("henk").await;
        let anna = t.client().signed_in("anna").await;
        let jos = t.client().signed_in("jos").await;
        let reply = henk.call("request_join", &[("slug", "polderstroom")]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let status = "SELECT m.status FROM memberships m JOIN users u ON u.id = m.user_id
             JOIN collectives c ON c.id = m.collective_id
             WHERE u.email = 'henk@demo.collectievekracht.example' AND c.slug = 'polderstroom'";
        let pending = sqlx::query_as::<_, (String,)>(status)
            .fetch_one(&t.db.read)
            .await
            .expect("membership");
        assert_eq!(pending.0, "pending");

        let henk_id = demo_user(t, "henk").await;
        let user_id = henk_id.to_string();
        let approve = [
            ("slug", "polderstroom"),
            ("user_id", user_id.as_str()),
            ("decision", "approve"),
        ];
        // Anna runs another collective: she may not decide for this one.
        let reply = anna.call("decide_join", &approve).await;
        assert_eq!(error_of(&reply), Some(AppError::Forbidden));
        // Polderstroom's admin (Gerrit) sees the request on the page and approves it.
        let gerrit = t.client().signed_in("gerrit").await;
        let page = gerrit.get("/collectives/polderstroom").await;
        assert!(
            page.body.contains("Henk Brinkman"),
            "the request is listed for the admin"
        );
        let page = jos.get("/collectives/polderstroom").await;
        assert!(
            !page.body.contains("data-testid=\"join-request\""),
            "not for others"
        );
        let reply = gerrit.call("decide_join", &approve).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let active = sqlx::query_as::<_, (String,)>(status)
            .fetch_one(&t.db.read)
            .await
            .expect("membership");
        assert_eq!(active.0, "active");
        let profile = t.client().get(&format!("/users/{henk_id}")).await;
        assert!(profile.body.contains("/collectives/polderstroom"));
    }
}
