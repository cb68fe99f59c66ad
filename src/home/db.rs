//! SQL of the home page: how many collectives there are (the question and answer counts come
//! from the dashboards' cached figures).

use crate::server::db::Db;

/// Every collective on the platform.
pub async fn collective_count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM collectives")
        .fetch_one(&db.read)
        .await
}
