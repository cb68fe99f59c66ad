//! Checks that decide a write run inside the write's transaction: a moderator who locks or
//! closes a thread while an answer or a comment is on its way wins, on both databases. The
//! lock is held open in a transaction of its own while the post arrives (its first check, before
//! the transaction, still sees the thread open), and committed a moment later.

use crate::error::AppError;
use crate::i18n::Msg;
use crate::server::testing::{TestDb, backend_tests, count, error_of, fixtures};

/// Holds `change` (an UPDATE of question `id`) uncommitted while `post` runs, then commits it.
async fn while_held<F: std::future::Future<Output = crate::server::testing::Reply>>(
    t: &TestDb,
    change: &str,
    id: i64,
    post: F,
) -> crate::server::testing::Reply {
    let mut held = t.db.begin_write().await.expect("a write transaction");
    sqlx::query(change)
        .bind(id)
        .bind(crate::server::db::now_ms())
        .execute(&mut *held)
        .await
        .expect("the moderator's change");
    let commit_later = async {
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        held.commit().await.expect("committed");
    };
    let (reply, ()) = tokio::join!(post, commit_later);
    reply
}

const LOCK: &str = "UPDATE questions SET locked_at = $2 WHERE id = $1";
const CLOSE: &str = "UPDATE questions SET status = 'closed', updated_at = $2 WHERE id = $1";

backend_tests! {
    seeded;

    /// An answer that started before the lock committed is refused, and nothing is stored.
    async fn an_answer_racing_a_lock_is_refused(t) {
        let henk = t.client().signed_in("henk").await;
        let anna = crate::server::testing::demo_user(t, "anna").await;
        let q = fixtures::question(t, anna, "How do we insure our volunteers' work?").await;
        let id = q.to_string();
        let reply = while_held(
            t,
            LOCK,
            q,
            henk.call("post_answer", &[("question_id", &id), ("body", "Ask the umbrella."), ("lang", "en")]),
        )
        .await;
        assert_eq!(error_of(&reply), Some(AppError::Invalid(Msg::ThreadLocked)), "{}", reply.body);
        let answers = count(t, &format!("SELECT COUNT(*) FROM answers WHERE question_id = {q}")).await;
        assert_eq!(answers, 0);
    }

    /// The same for a thread closed meanwhile.
    async fn an_answer_racing_a_close_is_refused(t) {
        let henk = t.client().signed_in("henk").await;
        let anna = crate::server::testing::demo_user(t, "anna").await;
        let q = fixtures::question(t, anna, "Which bank finances a heat network?").await;
        let id = q.to_string();
        let reply = while_held(
            t,
            CLOSE,
            q,
            henk.call("post_answer", &[("question_id", &id), ("body", "Try a local fund."), ("lang", "en")]),
        )
        .await;
        assert_eq!(error_of(&reply), Some(AppError::Invalid(Msg::QuestionClosed)), "{}", reply.body);
        let answers = count(t, &format!("SELECT COUNT(*) FROM answers WHERE question_id = {q}")).await;
        assert_eq!(answers, 0);
    }

    /// A comment that started before the lock committed is refused, and nothing is stored.
    async fn a_comment_racing_a_lock_is_refused(t) {
        let henk = t.client().signed_in("henk").await;
        let anna = crate::server::testing::demo_user(t, "anna").await;
        let q = fixtures::question(t, anna, "How do you keep volunteers for years?").await;
        let id = q.to_string();
        let reply = while_held(
            t,
            LOCK,
            q,
            henk.call(
                "post_comment",
                &[("kind", "question"), ("post_id", &id), ("body", "Which ones?"), ("lang", "en")],
            ),
        )
        .await;
        assert_eq!(error_of(&reply), Some(AppError::Invalid(Msg::ThreadLocked)), "{}", reply.body);
        let comments = count(t, &format!("SELECT COUNT(*) FROM comments WHERE question_id = {q}")).await;
        assert_eq!(comments, 0);
    }
}
