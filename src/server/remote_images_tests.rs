//! Issue 15, point 11: remote images are a setting (`--remote-images`), off by default. The
//! policy's `img-src` and what a written post stores, in both modes; the sanitiser itself is
//! tested in `markdown::tests`.

use super::testing::{demo_session, post, seeded_backends, send_with, test_config};
use axum::http::{Request, StatusCode, header};

fn img_src(csp: &str) -> String {
    csp.split(';')
        .map(str::trim)
        .find(|d| d.starts_with("img-src"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_setting_is_off_unless_given() {
    assert!(!test_config(&[]).remote_images);
    assert!(test_config(&["--remote-images"]).remote_images);
    assert_eq!(
        img_src(&super::http::csp("n", false)),
        "img-src 'self' data:"
    );
    assert_eq!(
        img_src(&super::http::csp("n", true)),
        "img-src 'self' data: https:"
    );
}

#[tokio::test]
async fn the_policy_loads_images_from_this_site_only_unless_remote_images_are_on() {
    for t in seeded_backends().await {
        for (args, expected) in [
            (&[][..], "img-src 'self' data:"),
            (&["--remote-images"][..], "img-src 'self' data: https:"),
        ] {
            let config = test_config(args);
            for path in ["/", "/questions", "/questions/1"] {
                let request = Request::get(path)
                    .header(header::ACCEPT_LANGUAGE, "en")
                    .body(axum::body::Body::empty())
                    .expect("request");
                let reply = send_with(&t, &config, request).await;
                let csp = reply
                    .headers
                    .get(header::CONTENT_SECURITY_POLICY)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                assert_eq!(img_src(csp), expected, "{path} with {args:?}");
            }
        }
        t.finish().await;
    }
}

#[tokio::test]
async fn a_posted_image_is_stored_as_a_link_by_default() {
    for t in seeded_backends().await {
        let henk = demo_session(&t, "henk").await;
        let reply = send_with(
            &t,
            &test_config(&[]),
            post(
                "/api/post_answer",
                &[
                    ("question_id", "1"),
                    ("lang", "en"),
                    (
                        "body",
                        "Our meter cupboard: ![the meter](https://tracker.example/m.png)",
                    ),
                ],
                Some(&henk),
                false,
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let id: i64 = reply.body.trim().parse().expect("answer id");
        let html: String = sqlx::query_scalar("SELECT body_html FROM answers WHERE id = $1")
            .bind(id)
            .fetch_one(&t.db.read)
            .await
            .expect("stored");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("<a href=\"https://tracker.example/m.png\"")
                && html.contains(">the meter</a>"),
            "{html}"
        );
        t.finish().await;
    }
}
