//! SQL of votes on questions and answers: one per person per post, the post's score moved by
//! the difference.

use crate::content::PostKind;
use crate::questions::VoteState;
use crate::server::db::Db;

/// Replaces the caller's vote on a post and moves the post's score by the difference, in one
/// transaction. The post's row is locked first (on PostgreSQL; SQLite runs write
/// transactions one at a time), so parallel votes on a post queue and each reads the vote
/// the one before it left: a burst of the same vote moves the score once.
pub async fn vote(
    db: &Db,
    kind: PostKind,
    post_id: i64,
    user_id: i64,
    value: i64,
) -> Result<VoteState, sqlx::Error> {
    // Only the two fixed table names and the fixed lock clause are formatted in.
    let table = match kind {
        PostKind::Question => "questions",
        PostKind::Answer | PostKind::Comment => "answers",
    };
    let mut tx = db.begin_write().await?;
    sqlx::query(&format!(
        "SELECT id FROM {table} WHERE id = $1{}",
        db.backend.for_update()
    ))
    .bind(post_id)
    .fetch_optional(&mut *tx)
    .await?;
    let old: i64 = sqlx::query_scalar(
        "SELECT value FROM votes WHERE entity_type = $1 AND entity_id = $2 AND user_id = $3",
    )
    .bind(kind.as_str())
    .bind(post_id)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?
    .unwrap_or(0);
    if value == 0 {
        sqlx::query("DELETE FROM votes WHERE entity_type = $1 AND entity_id = $2 AND user_id = $3")
            .bind(kind.as_str())
            .bind(post_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query(
            "INSERT INTO votes (entity_type, entity_id, user_id, value, created_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (entity_type, entity_id, user_id)
             DO UPDATE SET value = excluded.value, created_at = excluded.created_at",
        )
        .bind(kind.as_str())
        .bind(post_id)
        .bind(user_id)
        .bind(value)
        .bind(crate::server::db::now_ms())
        .execute(&mut *tx)
        .await?;
    }
    let score: i64 = sqlx::query_scalar(&format!(
        "UPDATE {table} SET score = score + $1 WHERE id = $2 RETURNING score"
    ))
    .bind(value - old)
    .bind(post_id)
    .fetch_one(&mut *tx)
    .await?;
    // The thread page shows the score: its cache follows the UPDATE (migration 0010).
    tx.commit().await?;
    Ok(VoteState { score, mine: value })
}

// issue 15 (F3): parallel votes by one member were counted more than once on PostgreSQL.
#[cfg(all(test, feature = "ssr"))]
mod race_tests {
    use crate::content::PostKind;
    use crate::questions::VoteState;
    use crate::questions::db::votes as db;
    use crate::server::testing::{backend_tests, demo_user};

    /// Runs `n` copies of the same vote by `user` at once.
    async fn burst(db: &crate::server::db::Db, answer: i64, user: i64, value: i64, n: usize) {
        let mut parallel = tokio::task::JoinSet::new();
        for _ in 0..n {
            let db = db.clone();
            parallel
                .spawn(async move { db::vote(&db, PostKind::Answer, answer, user, value).await });
        }
        while let Some(done) = parallel.join_next().await {
            let state = done.expect("task").expect("vote");
            assert_eq!(state.mine, value);
        }
    }

    async fn score(db: &crate::server::db::Db, answer: i64) -> i64 {
        sqlx::query_scalar("SELECT score FROM answers WHERE id = $1")
            .bind(answer)
            .fetch_one(&db.read)
            .await
            .expect("score")
    }

    backend_tests! {
        seeded;

        async fn forty_parallel_votes_by_one_member_count_once_and_withdraw_to_the_start(t) {
            let henk = demo_user(t, "henk").await;
            let answer: i64 = sqlx::query_scalar(
                "SELECT MIN(id) FROM answers WHERE author_id IS NULL OR author_id <> $1",
            )
            .bind(henk)
            .fetch_one(&t.db.read)
            .await
            .expect("answer");
            // Whatever the demo left: withdraw first, so the start is known.
            let start = db::vote(&t.db, PostKind::Answer, answer, henk, 0)
                .await
                .expect("withdraw")
                .score;
            burst(&t.db, answer, henk, 1, 40).await;
            assert_eq!(score(&t.db, answer).await, start + 1, "{:?}", t.db.backend);
            burst(&t.db, answer, henk, -1, 40).await;
            assert_eq!(score(&t.db, answer).await, start - 1, "{:?}", t.db.backend);
            burst(&t.db, answer, henk, 0, 40).await;
            assert_eq!(score(&t.db, answer).await, start, "{:?}", t.db.backend);
            let rows: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM votes
                 WHERE entity_type = 'answer' AND entity_id = $1 AND user_id = $2",
            )
            .bind(answer)
            .bind(henk)
            .fetch_one(&t.db.read)
            .await
            .expect("votes");
            assert_eq!(rows, 0, "henk's vote is gone");
            assert_eq!(
                db::vote(&t.db, PostKind::Answer, answer, henk, 1)
                    .await
                    .expect("vote"),
                VoteState {
                    score: start + 1,
                    mine: 1
                }
            );
        }
    }
}
