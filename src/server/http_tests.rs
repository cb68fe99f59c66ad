//! The whole HTTP stack (router, middleware, server-side rendering, server functions) against a
//! real database on every backend, without opening a socket.

use super::testing::{Reply, TestDb, backend_tests, send_with, test_config};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

async fn send(t: &TestDb, request: Request<Body>) -> Reply {
    send_with(t, &test_config(&[]), request).await
}

fn get(path: &str, lang: &str) -> Request<Body> {
    Request::get(path)
        .header(header::ACCEPT_LANGUAGE, lang)
        .body(Body::empty())
        .expect("request")
}

fn switch_language(origin: &str, site: Option<&str>) -> Request<Body> {
    let mut request = Request::post("/api/set_language")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, origin)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, "http://127.0.0.1:3000/labs/science");
    if let Some(site) = site {
        request = request.header("sec-fetch-site", site);
    }
    request.body(Body::from("lang=en")).expect("request")
}

backend_tests! {
    seeded;

    async fn home_is_whole_html_without_javascript(t) {
        let reply = send(t, get("/", "en-GB,en;q=0.9")).await;
        assert_eq!(reply.status, StatusCode::OK);
        let html = &reply.body;
        assert!(html.contains("<html lang=\"en\""), "lang attribute");
        for lab in [
            "Collectives Lab",
            "Network Lab",
            "Finance Lab",
            "Government Lab",
            "Science Lab",
        ] {
            assert!(html.contains(lab), "{lab} on the home page");
        }
        assert!(html.contains("Latest questions"));
        assert!(
            html.contains("href=\"/questions/"),
            "latest questions link to threads"
        );
        assert!(
            !html.contains("Loading…"),
            "no Suspense fallback left in the HTML"
        );
        assert_eq!(reply.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }

    async fn dutch_is_chosen_by_header_and_by_cookie(t) {
        let reply = send(t, get("/", "nl-NL,nl;q=0.9")).await;
        assert!(reply.body.contains("<html lang=\"nl\""));
        assert!(reply.body.contains("Nieuwste vragen"));
        assert!(reply.body.contains("Financieringslab"));
        let request = Request::get("/")
            .header(header::ACCEPT_LANGUAGE, "nl")
            .header(header::COOKIE, "cp_lang=en")
            .body(Body::empty())
            .expect("request");
        let reply = send(t, request).await;
        assert!(reply.body.contains("Latest questions"), "the cookie wins");
    }

    async fn thread_lab_and_collective_pages_render_and_unknown_ones_are_404(t) {
        let (id, title) = sqlx::query_as::<_, (i64, String)>(
            "SELECT id, title FROM questions WHERE answer_count > 0 ORDER BY id LIMIT 1",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("question");
        let visitor = t.client();
        let reply = visitor.get(&format!("/questions/{id}")).await;
        assert_eq!(reply.status, StatusCode::OK);
        let escaped = title.replace('&', "&amp;").replace('<', "&lt;");
        assert!(reply.body.contains(&escaped), "the title is on the page");
        assert!(
            reply.body.contains("class=\"answer"),
            "answers are on the page"
        );

        let reply = visitor.get("/labs/finance").await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.contains("Finance Lab"));

        let (slug,) = sqlx::query_as::<_, (String,)>("SELECT slug FROM collectives LIMIT 1")
            .fetch_one(&t.db.read)
            .await
            .expect("collective");
        let reply = visitor.get(&format!("/collectives/{slug}")).await;
        assert_eq!(reply.status, StatusCode::OK);

        let reply = visitor.get("/collectives?sector=energy&province=").await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.contains("collective-card"));

        for missing in [
            "/questions/987654",
            "/questions/abc",
            "/labs/nope",
            "/collectives/nope",
            "/no/such/page",
        ] {
            let reply = visitor.get(missing).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{missing}");
            assert!(reply.body.contains("Page not found"), "{missing}");
        }
    }

    async fn health_check_answers(t) {
        let reply = t.client().get("/healthz").await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.body, "ok");
    }

    async fn the_language_switch_works_as_a_plain_form_and_refuses_other_origins(t) {
        let reply = send(
            t,
            switch_language("http://127.0.0.1:3000", Some("same-origin")),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        // Back to the referring page, as a local path (without a `?lang=`, see `i18n::url_tests`).
        assert_eq!(reply.headers[header::LOCATION], "/labs/science");
        let cookie = reply.headers[header::SET_COOKIE].to_str().expect("cookie");
        assert!(cookie.starts_with("cp_lang=en;"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"));

        for (origin, site) in [
            ("https://evil.example", Some("cross-site")),
            ("https://evil.example", None),
        ] {
            let reply = send(t, switch_language(origin, site)).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN);
            assert!(!reply.headers.contains_key(header::SET_COOKIE));
        }
    }

    async fn an_unknown_language_is_refused_without_a_cookie(t) {
        let request = Request::post("/api/set_language")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("lang=xx"))
            .expect("request");
        let reply = send(t, request).await;
        assert!(reply.status.is_server_error() || reply.status.is_client_error());
        assert!(!reply.headers.contains_key(header::SET_COOKIE));
    }

    async fn the_list_pages_through_every_question_by_its_older_link(t) {
        let mut path = "/questions".to_string();
        let mut pages = 0;
        loop {
            let reply = t.client().get(&path).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            pages += 1;
            // The "older" link: the href of the anchor marked rel="next".
            let Some(start) = reply
                .body
                .find("rel=\"next\"")
                .and_then(|next| reply.body[..next].rfind("href=\"/questions?"))
            else {
                break;
            };
            let rest = &reply.body[start + 6..];
            let end = rest.find('"').expect("end of href");
            path = rest[..end].replace("&amp;", "&");
            assert!(pages < 20, "pagination terminates");
        }
        assert!(pages >= 3, "66 questions make at least 3 pages of 20");
    }

    async fn the_search_page_renders_results_without_javascript(t) {
        let reply = send(t, get("/search?q=warmtenet&type=question", "nl")).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(
            reply.body.contains("data-testid=\"search-hits\""),
            "results"
        );
        assert!(reply.body.contains("<mark>warmtenet</mark>"), "highlight");
        assert!(reply.body.contains("resultaten") || reply.body.contains("1 resultaat"));
        // The box in the header shows the query; the filter form keeps it.
        assert!(reply.body.contains("value=\"warmtenet\""));
        // Bad input is a page, not an error.
        for q in [
            "%22unbalanced",
            "AND%20OR%20NOT",
            "%00%01",
            &"x".repeat(10_000),
        ] {
            let reply = t
                .client()
                .get(&format!("/search?q={q}&sector=%27;--&page=-1"))
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{q}");
        }
        // Nothing found: help, with the filter that could be removed.
        let reply = t.client().get("/search?q=warmtenet&sector=culture").await;
        assert!(reply.body.contains("data-testid=\"search-no-results\""));
        assert!(
            reply.body.contains("/search?q=warmtenet\""),
            "a link without the filter"
        );
    }

    async fn pages_carry_a_nonce_csp_and_large_bodies_are_refused(t) {
        let reply = t.client().get("/").await;
        let csp = reply
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .expect("a CSP on HTML")
            .to_string();
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"));
        assert_eq!(
            reply.headers[header::REFERRER_POLICY],
            "strict-origin-when-cross-origin",
            "not no-referrer: plain form posts are answered with a redirect to the referrer"
        );
        assert_eq!(reply.headers[header::X_FRAME_OPTIONS], "DENY");
        assert_eq!(reply.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a nonce")
            .to_string();
        assert!(nonce.len() >= 16, "{nonce}");
        // Every inline script carries it.
        let scripts = reply.body.matches("<script").count();
        let with_nonce = reply.body.matches(&format!("nonce=\"{nonce}\"")).count();
        assert!(
            scripts > 0 && with_nonce >= scripts,
            "{scripts} scripts, {with_nonce} with the nonce"
        );
        // A new nonce per response.
        let again = t.client().get("/").await;
        assert!(!again.body.contains(&nonce));

        let big = "lang=".to_string() + &"x".repeat(crate::server::http::MAX_BODY_BYTES + 1);
        let request = Request::post("/api/set_language")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::CONTENT_LENGTH, big.len())
            .body(Body::from(big))
            .expect("request");
        let reply = send(t, request).await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    }
}
