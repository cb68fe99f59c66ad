//! Language addresses through the whole HTTP stack: `?lang=` decides the language of one
//! response, above the cookie and without touching it; the visitors' page cache never answers
//! one; and the language switch without JavaScript goes back to the page without its `?lang=`.

use crate::server::testing::{
    Reply, SITE, TestDb, backend_tests, fetch_guarded, post, send_with, set_cookie, test_config,
};
use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, header};

/// `<html lang="…">` of a page.
fn html_lang(reply: &Reply) -> &str {
    reply
        .body
        .split("<html lang=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
}

/// `GET path` with these headers, read whole.
async fn get(t: &TestDb, path: &str, headers: &[(header::HeaderName, &str)]) -> Reply {
    let config = test_config(&[]);
    let options = crate::server::http::leptos_options(&config).expect("options");
    let router = crate::server::http::router(&config, t.db.clone(), t.search().await, options);
    fetch_guarded(&t.db, &router, || {
        let mut request = Request::get(path);
        for (name, value) in headers {
            request = request.header(name, *value);
        }
        request.body(Body::empty()).expect("request")
    })
    .await
}

/// The switch's plain form post (no JavaScript, `plain`) or fetch call, from the page `from`.
async fn switch(t: &TestDb, lang: &str, from: &str, plain: bool) -> Reply {
    let mut request = post("/api/set_language", &[("lang", lang)], None, plain);
    request.headers_mut().insert(
        header::REFERER,
        HeaderValue::from_str(&format!("{SITE}{from}")).expect("referer"),
    );
    send_with(t, &test_config(&[]), request).await
}

fn location(reply: &Reply) -> Option<&str> {
    reply
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
}

backend_tests! {
    async fn the_lang_parameter_decides_the_response_above_the_cookie_and_sets_none(t) {
        let dutch_cookie = [
            (header::COOKIE, "cp_lang=nl"),
            (header::ACCEPT_LANGUAGE, "nl"),
        ];
        let english = get(t, "/questions?lang=en", &dutch_cookie).await;
        assert_eq!(english.status, StatusCode::OK);
        assert_eq!(html_lang(&english), "en", "?lang=en beats the cookie");
        assert!(
            english.body.contains(crate::i18n::Msg::QuestionsIntro.text(crate::i18n::Locale::En)),
            "the page is in English"
        );
        assert_eq!(set_cookie(&english, "cp_lang"), None, "the cookie is left as it is");

        let dutch = get(t, "/questions?page=2&lang=nl", &[(header::ACCEPT_LANGUAGE, "en")]).await;
        assert_eq!(html_lang(&dutch), "nl", "?lang=nl beats Accept-Language");
        assert_eq!(set_cookie(&dutch, "cp_lang"), None);

        // Without it (or with a language we do not have) the cookie decides, as before.
        assert_eq!(html_lang(&get(t, "/questions", &dutch_cookie).await), "nl");
        assert_eq!(html_lang(&get(t, "/questions?lang=fr", &dutch_cookie).await), "nl");
        assert_eq!(
            html_lang(&get(t, "/no/such/page?lang=en", &dutch_cookie).await),
            "en",
            "the not-found page too"
        );
    }

    async fn the_switch_without_javascript_goes_back_without_the_lang_parameter(t) {
        let reply = switch(t, "nl", "/questions?sector=energy&lang=en", true).await;
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        assert_eq!(location(&reply), Some("/questions?sector=energy"));
        let cookie = set_cookie(&reply, "cp_lang").expect("the choice is remembered");
        assert!(cookie.starts_with("cp_lang=nl;"), "{cookie}");
        // Where it leads: the page in the language just chosen.
        let back = get(t, "/questions?sector=energy", &[(header::COOKIE, "cp_lang=nl")]).await;
        assert_eq!(html_lang(&back), "nl");

        let reply = switch(t, "en", "/questions/7?lang=nl", true).await;
        assert_eq!(location(&reply), Some("/questions/7"));
        assert!(set_cookie(&reply, "cp_lang").is_some_and(|c| c.starts_with("cp_lang=en;")));

        // A page without ?lang= is gone back to as it was.
        let reply = switch(t, "en", "/collectives?province=utrecht", true).await;
        assert_eq!(reply.status, StatusCode::FOUND);
        assert_eq!(location(&reply), Some("/collectives?province=utrecht"));

        // With JavaScript there is no redirect: the page switches in place.
        let reply = switch(t, "nl", "/questions?lang=en", false).await;
        assert!(reply.status.is_success(), "{}", reply.body);
        assert_ne!(reply.status, StatusCode::FOUND);
        assert!(set_cookie(&reply, "cp_lang").is_some());
    }
}

backend_tests! {
    seeded;

    async fn the_page_cache_never_answers_a_lang_address(t) {
        let question: i64 = sqlx::query_scalar(
            "SELECT id FROM questions WHERE hidden_at IS NULL ORDER BY id LIMIT 1",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("question");
        let config = test_config(&[]);
        let options = crate::server::http::leptos_options(&config).expect("options");
        let router = crate::server::http::router(&config, t.db.clone(), t.search().await, options);
        let fetch = |path: String| {
            let router = router.clone();
            async move {
                fetch_guarded(&t.db, &router, || {
                    Request::get(path.as_str())
                        .header(header::ACCEPT_LANGUAGE, "en")
                        .body(Body::empty())
                        .expect("request")
                })
                .await
            }
        };
        let cache = |reply: &Reply| {
            reply
                .headers
                .get("x-page-cache")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("none")
                .to_string()
        };
        let path = format!("/questions/{question}");
        assert_eq!(cache(&fetch(path.clone()).await), "miss");
        let cached = fetch(path.clone()).await;
        assert_eq!(cache(&cached), "hit");
        assert_eq!(html_lang(&cached), "en");
        for round in 0..2 {
            let dutch = fetch(format!("{path}?lang=nl")).await;
            assert_eq!(cache(&dutch), "none", "round {round}: never from or into the cache");
            assert_eq!(html_lang(&dutch), "nl");
        }
        assert_eq!(html_lang(&fetch(path).await), "en", "the cached copy is still English");
    }
}
