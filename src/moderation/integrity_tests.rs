//! Issue 15, "writes that belong together commit together": closing as a duplicate decides on
//! rows read inside its own transaction (two moderators at once make no redirect cycle and split
//! no answers), and a moderator's edit or restore commits with its log row or not at all. On
//! every backend, with parallel calls through the whole HTTP stack.

use crate::accounts::Viewer;
use crate::content::PostKind;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::server::db::Backend;
use crate::server::testing::fixtures::{answer, question};
use crate::server::testing::{
    TestDb, backend_tests, count, demo_session, demo_user, error_of, post, test_config,
};
use axum::Router;
use axum::http::StatusCode;

/// What every answer in these tests says.
const ANSWER: &str = "Our umbrella organisation has a group policy for this.";

async fn router_of(t: &TestDb) -> Router {
    let config = test_config(&[]);
    let options = crate::server::http::leptos_options(&config).expect("options");
    crate::server::http::router(&config, t.db.clone(), t.search().await, options)
}

fn close(moderator: &str, question_id: i64, target: i64) -> axum::http::Request<axum::body::Body> {
    post(
        "/api/moderate_thread",
        &[
            ("question_id", &question_id.to_string()),
            ("action", "duplicate"),
            ("reason", "Asked before"),
            ("target", &target.to_string()),
        ],
        Some(moderator),
        false,
    )
}

/// Sends both requests at once; answers their statuses and bodies.
async fn at_once(
    router: &Router,
    requests: [axum::http::Request<axum::body::Body>; 2],
) -> Vec<(StatusCode, String)> {
    let mut parallel = tokio::task::JoinSet::new();
    for request in requests {
        let router = router.clone();
        parallel.spawn(async move {
            use tower::ServiceExt;
            let reply = router.oneshot(request).await.expect("response");
            let status = reply.status();
            let body = axum::body::to_bytes(reply.into_body(), 1 << 20)
                .await
                .expect("body");
            (status, String::from_utf8_lossy(&body).into_owned())
        });
    }
    let mut out = Vec::new();
    while let Some(done) = parallel.join_next().await {
        out.push(done.expect("request task"));
    }
    out
}

/// Of two racing closes, exactly one succeeds and the other is refused with a message next to
/// the target field (not an internal error).
fn one_wins(replies: &[(StatusCode, String)], backend: Backend) {
    let won = replies.iter().filter(|(s, _)| s.is_success()).count();
    assert_eq!(won, 1, "{backend:?}: {replies:?}");
    for (status, body) in replies.iter().filter(|(s, _)| !s.is_success()) {
        let error: Option<AppError> = serde_json::from_str(body).ok();
        assert!(
            matches!(error, Some(AppError::Fields(_))),
            "{backend:?}: refused with {status} {body}"
        );
    }
}

async fn duplicate_of(t: &TestDb, id: i64) -> Option<i64> {
    sqlx::query_scalar("SELECT duplicate_of FROM questions WHERE id = $1")
        .bind(id)
        .fetch_one(&t.db.read)
        .await
        .expect("question")
}

/// The moderator's viewer, as the session middleware would resolve it.
async fn moderator_viewer(t: &TestDb) -> Viewer {
    let cookie = demo_session(t, "moderator").await;
    let token = cookie.split_once('=').map(|(_, v)| v).unwrap_or_default();
    crate::accounts::session::lookup(&t.db, &test_config(&[]), token)
        .await
        .expect("lookup")
        .expect("session")
        .viewer
}

/// Makes every insert into `moderation_log` fail, as a full disk or a lost connection would.
async fn break_the_log(t: &TestDb) {
    let statements: &[&str] = match t.db.backend {
        Backend::Sqlite => &["CREATE TRIGGER refuse_log BEFORE INSERT ON moderation_log
             BEGIN SELECT RAISE(ABORT, 'the log is broken'); END"],
        Backend::Postgres => &[
            "CREATE FUNCTION refuse_log() RETURNS trigger LANGUAGE plpgsql AS
             $body$ BEGIN RAISE EXCEPTION 'the log is broken'; END $body$",
            "CREATE TRIGGER refuse_log BEFORE INSERT ON moderation_log
             FOR EACH ROW EXECUTE FUNCTION refuse_log()",
        ],
    };
    for sql in statements {
        sqlx::query(sql).execute(&t.db.write).await.expect(sql);
    }
}

backend_tests! {
    seeded;

    async fn two_moderators_closing_a_and_b_as_duplicates_of_each_other_at_once_make_no_cycle(t) {
        let router = router_of(t).await;
        let (moderator, admin) = (
            demo_session(t, "moderator").await,
            demo_session(t, "admin").await,
        );
        let (priya, henk, jos) = (
            demo_user(t, "priya").await,
            demo_user(t, "henk").await,
            demo_user(t, "jos").await,
        );
        for round in 0..8 {
            let a = question(
                t,
                priya,
                &format!("Cycle {round}: insurance for volunteers?"),
            )
            .await;
            let b = question(t, henk, &format!("Cycle {round}: volunteers insured how?")).await;
            answer(t, a, jos, ANSWER).await;
            answer(t, b, jos, ANSWER).await;
            let replies = at_once(&router, [close(&moderator, a, b), close(&admin, b, a)]).await;
            one_wins(&replies, t.db.backend);
            let (to_b, to_a) = (duplicate_of(t, a).await, duplicate_of(t, b).await);
            assert!(
                matches!((to_b, to_a), (Some(x), None) if x == b)
                    || matches!((to_b, to_a), (None, Some(x)) if x == a),
                "{:?} round {round}: a → {to_b:?}, b → {to_a:?}",
                t.db.backend
            );
            // The two answers live on the one question that stays open.
            let open = if to_b.is_some() { b } else { a };
            let answers = count(
                t,
                &format!("SELECT COUNT(*) FROM answers WHERE question_id = {open}"),
            )
            .await;
            assert_eq!(answers, 2, "{:?} round {round}", t.db.backend);
        }
    }

    async fn closing_one_question_against_two_targets_at_once_keeps_its_answers_with_its_redirect(t) {
        let router = router_of(t).await;
        let (moderator, admin) = (
            demo_session(t, "moderator").await,
            demo_session(t, "admin").await,
        );
        let (priya, henk, jos) = (
            demo_user(t, "priya").await,
            demo_user(t, "henk").await,
            demo_user(t, "jos").await,
        );
        for round in 0..8 {
            let dup = question(t, henk, &format!("Split {round}: volunteers insured?")).await;
            let first = question(t, priya, &format!("Split {round}: insurance, first")).await;
            let second = question(t, priya, &format!("Split {round}: insurance, second")).await;
            answer(t, dup, jos, ANSWER).await;
            let replies = at_once(
                &router,
                [close(&moderator, dup, first), close(&admin, dup, second)],
            )
            .await;
            one_wins(&replies, t.db.backend);
            let target = duplicate_of(t, dup).await.expect("closed");
            let moved = count(
                t,
                &format!("SELECT COUNT(*) FROM answers WHERE question_id = {target}"),
            )
            .await;
            assert_eq!(
                moved, 1,
                "{:?} round {round}: answers where it redirects",
                t.db.backend
            );
        }
    }

    async fn a_close_decided_on_a_stale_read_is_refused_inside_the_transaction(t) {
        let viewer = moderator_viewer(t).await;
        let (priya, henk, jos) = (
            demo_user(t, "priya").await,
            demo_user(t, "henk").await,
            demo_user(t, "jos").await,
        );
        let dup = question(t, henk, "Stale: volunteers insured?").await;
        let first = question(t, priya, "Stale: insurance, first").await;
        let second = question(t, priya, "Stale: insurance, second").await;
        answer(t, dup, jos, ANSWER).await;
        // Both moderators read the question before either closes it.
        let read = |id| crate::moderation::db::post(&t.db, PostKind::Question, id);
        let (seen_by_one, seen_by_other) = (
            read(dup).await.expect("post").expect("dup"),
            read(dup).await.expect("post").expect("dup"),
        );
        let close = crate::moderation::db::close_as_duplicate;
        assert_eq!(
            close(&t.db, &viewer, &seen_by_one, first, "Asked before")
                .await
                .expect("close"),
            Ok(())
        );
        assert_eq!(
            close(&t.db, &viewer, &seen_by_other, second, "Asked before")
                .await
                .expect("close"),
            Err(Msg::AlreadyDuplicate),
            "{:?}",
            t.db.backend
        );
        assert_eq!(duplicate_of(t, dup).await, Some(first));
        // The target, read before it was closed against the question itself: no cycle.
        let stale_first = crate::moderation::db::ModPost {
            duplicate_of: None,
            ..read(first).await.expect("post").expect("first")
        };
        assert_eq!(
            close(&t.db, &viewer, &stale_first, dup, "Asked before")
                .await
                .expect("close"),
            Err(Msg::DuplicateTargetInvalid)
        );
        assert_eq!(duplicate_of(t, first).await, None);
    }

    async fn a_moderators_edit_or_restore_commits_with_its_log_row_or_not_at_all(t) {
        let (moderator, jos) = (
            t.client().signed_in("moderator").await,
            t.client().signed_in("jos").await,
        );
        let q = question(
            t,
            demo_user(t, "priya").await,
            "Logged: who insures volunteers?",
        )
        .await;
        let a = answer(t, q, demo_user(t, "jos").await, ANSWER).await;
        let id = a.to_string();
        let edit = |base: &'static str, body: &'static str, reason: &'static str| {
            [
                ("kind", "answer"),
                ("id", id.as_str()),
                ("base_version", base),
                ("body", body),
                ("reason", reason),
            ]
        };
        // With a working log: the moderator's edit and its row, together.
        let logs = "SELECT COUNT(*) FROM moderation_log WHERE action = 'edit'";
        let reply = moderator
            .call("edit_post", &edit("1", "Ask your umbrella.", "Fix"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(count(t, logs).await, 1);

        break_the_log(t).await;
        let state = format!(
            "SELECT version * 1000 + (SELECT COUNT(*) FROM revisions
                 WHERE entity_type = 'answer' AND entity_id = {a}) FROM answers WHERE id = {a}"
        );
        let before = count(t, &state).await;
        let body: String = sqlx::query_scalar("SELECT body_md FROM answers WHERE id = $1")
            .bind(a)
            .fetch_one(&t.db.read)
            .await
            .expect("body");
        // The edit cannot be logged, so it is not saved either.
        let reply = moderator
            .call("edit_post", &edit("2", "Unlogged change.", "Fix"))
            .await;
        assert_eq!(error_of(&reply), Some(AppError::Internal), "{}", reply.body);
        // Nor a restore.
        let reply = moderator
            .call(
                "restore_revision",
                &[
                    ("kind", "answer"),
                    ("id", &a.to_string()),
                    ("version", "1"),
                    ("base_version", "2"),
                    ("reason", "Restore the original"),
                ],
            )
            .await;
        assert_eq!(error_of(&reply), Some(AppError::Internal), "{}", reply.body);
        assert_eq!(count(t, &state).await, before, "nothing saved");
        let after: String = sqlx::query_scalar("SELECT body_md FROM answers WHERE id = $1")
            .bind(a)
            .fetch_one(&t.db.read)
            .await
            .expect("body");
        assert_eq!(after, body);
        assert_eq!(count(t, logs).await, 1);
        // The author's own edit is not logged, and goes through.
        let reply = jos
            .call("edit_post", &edit("2", "My own better answer.", ""))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
}
