//! The hits of the sliding-window rate limits (`rate_limit`, which decides): one row per
//! attempt and bucket; rows older than a day go.

use crate::server::db::Db;

/// How many hits each `(bucket, window)` holds at `now`.
pub(in crate::accounts) async fn count_hits(
    db: &Db,
    windows: &[(&str, i64)],
    now: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut out = Vec::with_capacity(windows.len());
    for (bucket, window_ms) in windows {
        let (count,) = sqlx::query_as::<_, (i64,)>(
            "SELECT COUNT(*) FROM rate_limit_hits WHERE bucket = $1 AND at > $2",
        )
        .bind(*bucket)
        .bind(now - window_ms)
        .fetch_one(&db.read)
        .await?;
        out.push(count);
    }
    Ok(out)
}

/// Records an attempt at `now` in each of `buckets` and deletes the hits older than a day, in
/// one transaction.
pub(in crate::accounts) async fn record_hits(
    db: &Db,
    buckets: &[&str],
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    for bucket in buckets {
        sqlx::query("INSERT INTO rate_limit_hits (bucket, at) VALUES ($1, $2)")
            .bind(*bucket)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM rate_limit_hits WHERE at < $1")
        .bind(now - 86_400_000)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Deletes a bucket's hits.
pub(in crate::accounts) async fn delete_hits(db: &Db, bucket: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM rate_limit_hits WHERE bucket = $1")
        .bind(bucket)
        .execute(&db.write)
        .await?;
    Ok(())
}
