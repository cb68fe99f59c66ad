//! Issue 15, point 11: remote images are a setting (`--remote-images`), off by default. The
//! policy's `img-src` and what a written post stores, in both modes; the sanitiser itself is
//! tested in `markdown::tests`.

use super::testing::{backend_tests, test_config};
use axum::http::{StatusCode, header};

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

backend_tests! {
    seeded;

    async fn the_policy_loads_images_from_this_site_only_unless_remote_images_are_on(t) {
        for (args, expected) in [
            (&[][..], "img-src 'self' data:"),
            (&["--remote-images"][..], "img-src 'self' data: https:"),
        ] {
            let visitor = t.client().with_config(args);
            for path in ["/", "/questions", "/questions/1"] {
                let reply = visitor.get(path).await;
                let csp = reply
                    .headers
                    .get(header::CONTENT_SECURITY_POLICY)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                assert_eq!(img_src(csp), expected, "{path} with {args:?}");
            }
        }
    }

    async fn a_posted_image_is_stored_as_a_link_by_default(t) {
        let henk = t.client().signed_in("henk").await;
        let reply = henk
            .call(
                "post_answer",
                &[
                    ("question_id", "1"),
                    ("lang", "en"),
                    (
                        "body",
                        "Our meter cupboard: ![the meter](https://tracker.example/m.png)",
                    ),
                ],
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
    }
}
