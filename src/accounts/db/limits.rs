//! The facts of new accounts' limits (`limits`, which decides): when an account was created, its
//! posts and edits of the last hour, and the account's lock for parallel writes.

/// When account `user_id` was created (None: no such account).
pub(in crate::accounts) async fn account_created_at<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    user_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT created_at FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(executor)
        .await
}

/// Locks the account's row until the transaction ends, on PostgreSQL, so that parallel writes
/// by one account queue and each counts what committed before it. Nothing on SQLite: its single
/// writer runs write transactions one at a time already (and a no-op `UPDATE` there would be one
/// more write, re-checking every foreign key that points at users).
///
/// `FOR NO KEY UPDATE`, not `FOR UPDATE`: inserting any row that refers to the account (a
/// comment, a vote, a log row) takes a key-share lock on it, which `FOR UPDATE` would block, so a
/// write holding another row (a thread) while it inserts would wait for this one, and this one
/// for that row: a deadlock. Every write path takes the account's lock first.
pub(in crate::accounts) async fn lock_account(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    if tx.backend_name() != "PostgreSQL" {
        return Ok(());
    }
    sqlx::query("SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Questions, answers and comments by `user_id` created after `since`.
pub(in crate::accounts) async fn posts_since<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    user_id: i64,
    since: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM questions WHERE author_id = $1 AND created_at > $2)
              + (SELECT COUNT(*) FROM answers WHERE author_id = $1 AND created_at > $2)
              + (SELECT COUNT(*) FROM comments WHERE author_id = $1 AND created_at > $2)",
    )
    .bind(user_id)
    .bind(since)
    .fetch_one(executor)
    .await
}

/// The versions `user_id` stored after `since`, version 1 (the post itself) not counted, along
/// `revisions_editor`.
pub(in crate::accounts) async fn edits_since(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user_id: i64,
    since: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM revisions
         WHERE editor_id = $1 AND created_at > $2 AND version > 1",
    )
    .bind(user_id)
    .bind(since)
    .fetch_one(&mut **tx)
    .await
}
