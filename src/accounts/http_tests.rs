//! Accounts through the whole HTTP stack, on every backend: what people do (sign up, sign in,
//! change the password, grant roles, delete their account). What each role is refused is in
//! `policy_matrix_tests`, the sign-in limits in `sign_in_limit_tests`.

use super::session;
use crate::error::AppError;
use crate::server::testing::{
    TestDb, backend_tests, cookie_pair, count, demo_session, demo_user, error_of, post, send_with,
    set_cookie, test_config,
};
use axum::http::{StatusCode, header};

/// The state every refused call must leave as it was.
pub(super) async fn fingerprint(t: &TestDb) -> Vec<i64> {
    let mut out = Vec::new();
    for sql in [
        "SELECT COUNT(*) FROM users",
        "SELECT COUNT(*) FROM users WHERE deleted_at IS NOT NULL",
        "SELECT CAST(COALESCE(SUM(is_moderator), 0) AS BIGINT) FROM users",
        "SELECT CAST(COALESCE(SUM(password_changed_at), 0) AS BIGINT) FROM users",
        "SELECT COUNT(*) FROM memberships",
        "SELECT COUNT(*) FROM memberships WHERE status = 'active'",
        "SELECT COUNT(*) FROM lab_partners",
        "SELECT COUNT(*) FROM collectives",
        "SELECT COUNT(*) FROM questions",
        "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM questions",
        "SELECT COUNT(*) FROM answers",
        "SELECT COUNT(*) FROM comments",
        "SELECT COUNT(*) FROM votes",
        "SELECT COUNT(*) FROM follows",
        "SELECT COUNT(*) FROM revisions",
        "SELECT COUNT(*) FROM flags",
        "SELECT COUNT(*) FROM flags WHERE resolved_at IS NOT NULL",
        "SELECT COUNT(*) FROM moderation_log",
        "SELECT COUNT(*) FROM lab_pins",
        "SELECT COUNT(*) FROM users WHERE suspended_until IS NOT NULL",
        "SELECT COUNT(*) FROM answers WHERE hidden_at IS NOT NULL",
        "SELECT COUNT(*) FROM questions WHERE locked_at IS NOT NULL OR duplicate_of IS NOT NULL",
        "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM collectives",
        "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM labs",
        "SELECT COUNT(*) FROM lab_follows",
        "SELECT COUNT(*) FROM questions WHERE claimed_by IS NOT NULL OR waiting_since IS NOT NULL",
        "SELECT COUNT(*) FROM questions WHERE status = 'resolved'",
        "SELECT COUNT(*) FROM notifications",
    ] {
        out.push(count(t, sql).await);
    }
    out
}

backend_tests! {
    seeded;

    async fn a_new_member_signs_up_is_signed_in_and_signs_out_for_real(t) {
        let reply = t
            .client()
            .submit(
                "sign_up",
                &[
                    ("name", "Fenna de Wit"),
                    ("email", " Fenna@Example.NL "),
                    ("password", "zonnepanelen op het dorpshuis"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        assert_eq!(reply.headers[header::LOCATION], "/collectives?welcome=1");
        let cookie = set_cookie(&reply, "cp_session").expect("session cookie");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert!(!cookie.contains("Secure"), "plain http: no Secure flag");
        let email = sqlx::query_as::<_, (String, String)>(
            "SELECT email, password_hash FROM users WHERE display_name = 'Fenna de Wit'",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("user");
        assert_eq!(email.0, "fenna@example.nl", "normalised");
        assert!(email.1.starts_with("$argon2id$"));

        let fenna = t.client().with_cookie(cookie_pair(&cookie));
        let page = fenna.get("/account").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("fenna@example.nl"));
        assert!(
            page.body.contains("data-viewer="),
            "the header knows who is signed in"
        );

        // The same address again (in other capitals) is refused, and nothing is stored.
        let before = fingerprint(t).await;
        let again = t
            .client()
            .call(
                "sign_up",
                &[
                    ("name", "Someone Else"),
                    ("email", "FENNA@example.nl"),
                    ("password", "another long password"),
                ],
            )
            .await;
        assert_eq!(
            error_of(&again),
            Some(AppError::Fields(vec![crate::forms::FieldError::new(
                "email",
                crate::i18n::Msg::EmailTaken
            )]))
        );
        assert_eq!(fingerprint(t).await, before);

        let out = fenna.submit("sign_out", &[]).await;
        assert_eq!(out.status, StatusCode::FOUND);
        assert!(set_cookie(&out, "cp_session").is_some_and(|c| c.contains("Max-Age=0")));
        assert_eq!(count(t, "SELECT COUNT(*) FROM sessions").await, 0);
        let page = fenna.get("/account").await;
        assert_eq!(
            page.status,
            StatusCode::UNAUTHORIZED,
            "the old cookie is worthless"
        );
    }

    async fn signing_in_starts_a_new_session_and_https_cookies_are_secure(t) {
        let config = test_config(&["--public-url", "https://cp.example.nl"]);
        let planted = demo_session(t, "henk").await;
        let mut request = post(
            "/api/sign_in",
            &[
                ("email", "henk@demo.collectievekracht.example"),
                ("password", crate::demo::DEMO_PASSWORD),
            ],
            Some(&planted),
            false,
        );
        request.headers_mut().insert(
            header::ORIGIN,
            "https://cp.example.nl".parse().expect("origin"),
        );
        let reply = send_with(t, &config, request).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let cookie = set_cookie(&reply, "cp_session").expect("cookie");
        assert!(cookie.contains("; Secure"), "{cookie}");
        assert_ne!(cookie_pair(&cookie), planted, "a new session id");
        assert_eq!(
            count(t, "SELECT COUNT(*) FROM sessions").await,
            1,
            "the session from before sign-in is gone"
        );
    }

    async fn sessions_end_when_idle_or_too_old(t) {
        let config = test_config(&[]);
        let henk = t.client().signed_in("henk").await;
        assert_eq!(henk.get("/account").await.status, StatusCode::OK);
        let idle = config.session_idle_ms() + 1000;
        sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - $1")
            .bind(idle)
            .execute(&t.db.write)
            .await
            .expect("age");
        let reply = henk.get("/account").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "idle too long");
        assert!(set_cookie(&reply, "cp_session").is_some_and(|c| c.contains("Max-Age=0")));

        let henk = t.client().signed_in("henk").await;
        sqlx::query("UPDATE sessions SET expires_at = $1")
            .bind(crate::server::db::now_ms() - 1)
            .execute(&t.db.write)
            .await
            .expect("expire");
        let reply = henk.get("/account").await;
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "past its absolute expiry"
        );
    }

    async fn a_refused_plain_form_keeps_its_input_and_shows_the_errors_next_to_the_fields(t) {
        let before = fingerprint(t).await;
        let reply = t
            .client()
            .submit(
                "sign_up",
                &[
                    ("name", "Joost <b>Bakker</b>"),
                    ("email", "joost-at-example.nl"),
                    ("password", "kort"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::FOUND);
        assert_eq!(
            reply.headers[header::LOCATION],
            "/signup",
            "no error marker in the URL"
        );
        assert_eq!(fingerprint(t).await, before, "nothing stored");
        let flash = cookie_pair(&set_cookie(&reply, "cp_flash").expect("flash"));

        let page = t.client().with_cookie(flash).get("/signup").await;
        assert_eq!(page.status, StatusCode::OK);
        let html = &page.body;
        assert!(
            html.contains("value=\"joost-at-example.nl\""),
            "the typed address is kept"
        );
        assert!(
            html.contains("Joost &lt;b&gt;Bakker&lt;/b&gt;"),
            "kept, and escaped"
        );
        assert!(
            !html.contains("value=\"kort\""),
            "passwords are never sent back"
        );
        assert!(html.contains("This is not a valid email address."));
        assert!(html.contains("Use at least 10 characters."));
        assert!(html.contains("aria-invalid=\"true\""));
        assert!(
            set_cookie(&page, "cp_flash").is_some_and(|c| c.contains("Max-Age=0")),
            "the flash is shown once"
        );
    }

    async fn cross_site_sign_in_is_refused_before_anything_happens(t) {
        let config = test_config(&[]);
        let mut request = post(
            "/api/sign_in",
            &[
                ("email", "henk@demo.collectievekracht.example"),
                ("password", crate::demo::DEMO_PASSWORD),
            ],
            None,
            true,
        );
        request
            .headers_mut()
            .insert("sec-fetch-site", "cross-site".parse().expect("header"));
        request.headers_mut().insert(
            header::ORIGIN,
            "https://evil.example".parse().expect("header"),
        );
        let reply = send_with(t, &config, request).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(set_cookie(&reply, "cp_session").is_none());
        assert_eq!(count(t, "SELECT COUNT(*) FROM sessions").await, 0);
    }

    async fn an_admin_grants_partner_roles_per_lab_and_the_moderator_role(t) {
        let config = test_config(&[]);
        let admin = t.client().signed_in("admin").await;
        let henk_id = demo_user(t, "henk").await;
        let id = henk_id.to_string();
        for lab in ["finance", "science"] {
            let reply = admin
                .call(
                    "grant_partner",
                    &[
                        ("user_id", &id),
                        ("lab", lab),
                        ("organisation", "Zonnedorp Adviesraad"),
                    ],
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        }
        let reply = admin
            .call(
                "grant_partner",
                &[
                    ("user_id", &id),
                    ("lab", "collectives"),
                    ("organisation", "X Y"),
                ],
            )
            .await;
        assert_eq!(
            error_of(&reply),
            Some(AppError::Invalid(crate::i18n::Msg::LabInvalid)),
            "only Partner Labs"
        );
        let henk = demo_session(t, "henk").await;
        let viewer = session::lookup(&t.db, &config, henk.split('=').nth(1).expect("token"))
            .await
            .expect("lookup")
            .expect("session")
            .viewer;
        assert_eq!(viewer.partner_labs, ["finance", "science"]);
        assert_eq!(
            crate::accounts::policy::expert_lab(&viewer, Some("science")),
            Some("science")
        );

        let reply = admin
            .call("revoke_partner", &[("user_id", &id), ("lab", "finance")])
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        let reply = admin
            .call("set_moderator", &[("user_id", &id), ("moderator", "true")])
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        let viewer = session::lookup(&t.db, &config, henk.split('=').nth(1).expect("token"))
            .await
            .expect("lookup")
            .expect("session")
            .viewer;
        assert_eq!(viewer.partner_labs, ["science"]);
        assert!(viewer.is_moderator);
    }

    async fn a_deleted_account_leaves_its_posts_to_a_former_member_and_the_export_has_everything(t) {
        // Anna has asked questions in the demo.
        let anna = t.client().signed_in("anna").await;
        let export = anna.get("/account/export").await;
        assert_eq!(export.status, StatusCode::OK);
        assert!(
            export.headers[header::CONTENT_DISPOSITION]
                .to_str()
                .expect("header")
                .contains("attachment")
        );
        let data: serde_json::Value = serde_json::from_str(&export.body).expect("json");
        assert_eq!(
            data["account"]["email"],
            "anna@demo.collectievekracht.example"
        );
        assert!(!data["memberships"].as_array().expect("list").is_empty());
        let questions = data["questions"].as_array().expect("list").len();
        assert!(questions > 0, "Anna's questions are in her export");
        assert!(!export.body.contains("password_hash") && !export.body.contains("$argon2"));

        let reply = anna
            .submit(
                "delete_account",
                &[("password", crate::demo::DEMO_PASSWORD), ("confirm", "yes")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        assert_eq!(reply.headers[header::LOCATION], "/?account=deleted");
        assert_eq!(
            count(
                t,
                "SELECT COUNT(*) FROM users WHERE email = 'anna@demo.collectievekracht.example'"
            )
            .await,
            0
        );
        assert_eq!(
            count(t, "SELECT COUNT(*) FROM questions q JOIN users u ON u.id = q.author_id WHERE u.deleted_at IS NOT NULL").await,
            questions as i64,
            "the questions stay"
        );
        let (qid,) = sqlx::query_as::<_, (i64,)>(
            "SELECT q.id FROM questions q JOIN users u ON u.id = q.author_id
             WHERE u.deleted_at IS NOT NULL AND q.hidden_at IS NULL LIMIT 1",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("question");
        let page = t.client().get(&format!("/questions/{qid}")).await;
        assert!(page.body.contains("former member"));
        assert!(!page.body.contains("Anna de Vries"));
        let gone = anna.get("/account").await;
        assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
    }

    async fn create_admin_makes_the_first_admin_who_can_then_sign_in_and_manage_roles(t) {
        let id = crate::server::cli::create_admin_with(
            &t.db,
            " Beheer@Example.NL ",
            "Platform Beheer",
            "een lang beheerderswachtwoord",
        )
        .await
        .expect("create-admin");
        let reply = t
            .client()
            .call(
                "sign_in",
                &[
                    ("email", "beheer@example.nl"),
                    ("password", "een lang beheerderswachtwoord"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let admin = t.client().with_cookie(cookie_pair(
            &set_cookie(&reply, "cp_session").expect("session"),
        ));
        let page = admin.get("/admin").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("henk@demo.collectievekracht.example"));

        // Running it again for an existing member promotes them (and sets the password).
        let henk = crate::server::cli::create_admin_with(
            &t.db,
            "henk@demo.collectievekracht.example",
            "Admin",
            "nog een lang wachtwoord",
        )
        .await
        .expect("promote");
        assert_ne!(henk, id);
        assert_eq!(
            count(
                t,
                "SELECT COUNT(*) FROM users WHERE is_admin = 1 AND display_name = 'Henk Brinkman'"
            )
            .await,
            1,
            "an existing account keeps its name"
        );
        let weak =
            crate::server::cli::create_admin_with(&t.db, "x@example.nl", "X Y", "kort").await;
        assert!(weak.is_err(), "the password rules hold for admins too");
    }

    async fn changing_the_password_ends_every_other_session(t) {
        let laptop = t.client().signed_in("henk").await;
        let phone = t.client().signed_in("henk").await;
        let wrong = laptop
            .call(
                "change_password",
                &[
                    ("current", "not my password"),
                    ("new_password", "een nieuw lang wachtwoord"),
                ],
            )
            .await;
        assert_eq!(
            error_of(&wrong),
            Some(AppError::Fields(vec![crate::forms::FieldError::new(
                "current",
                crate::i18n::Msg::WrongPassword
            )]))
        );
        let reply = laptop
            .submit(
                "change_password",
                &[
                    ("current", crate::demo::DEMO_PASSWORD),
                    ("new_password", "een nieuw lang wachtwoord"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        assert_eq!(reply.headers[header::LOCATION], "/account?password=changed");
        let renewed = t.client().with_cookie(cookie_pair(
            &set_cookie(&reply, "cp_session").expect("a new session"),
        ));
        assert_ne!(renewed.cookie(), laptop.cookie());
        for (device, status) in [
            (&laptop, StatusCode::UNAUTHORIZED),
            (&phone, StatusCode::UNAUTHORIZED),
            (&renewed, StatusCode::OK),
        ] {
            let page = device.get("/account").await;
            assert_eq!(page.status, status);
        }
        let sign_in = |password: &'static str| {
            [
                ("email", "henk@demo.collectievekracht.example"),
                ("password", password),
            ]
        };
        let old = t
            .client()
            .call("sign_in", &sign_in(crate::demo::DEMO_PASSWORD))
            .await;
        assert!(matches!(error_of(&old), Some(AppError::Fields(_))));
        let new = t
            .client()
            .call("sign_in", &sign_in("een nieuw lang wachtwoord"))
            .await;
        assert_eq!(new.status, StatusCode::OK);
    }
}
