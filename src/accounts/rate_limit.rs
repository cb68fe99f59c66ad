//! Sliding-window rate limits kept in the database, so every app node counts the same hits
//! (DESIGN §6). A bucket names what is limited; a hit is one row; rows older than a day go.

use crate::server::db::{Db, now_ms};
use sha2::{Digest, Sha256};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window_ms: i64,
}

impl Limit {
    pub fn per_minute(max: u32) -> Limit {
        Limit {
            max,
            window_ms: 60_000,
        }
    }

    pub fn per_hour(max: u32) -> Limit {
        Limit {
            max,
            window_ms: 3_600_000,
        }
    }
}

/// Bucket names. Account buckets hold a digest of the address, never the address itself.
pub fn signin_ip(ip: std::net::IpAddr) -> String {
    format!("signin-ip:{ip}")
}

pub fn signin_account(email: &str) -> String {
    let digest = Sha256::digest(email.as_bytes());
    format!(
        "signin-account:{}",
        crate::server::cookies::hex_encode(&digest)
    )
}

pub fn signup_ip(ip: std::net::IpAddr) -> String {
    format!("signup-ip:{ip}")
}

/// Whether `bucket` already holds `limit.max` hits within the window.
pub async fn is_exhausted(db: &Db, bucket: &str, limit: Limit) -> Result<bool, sqlx::Error> {
    let (count,) = sqlx::query_as::<_, (i64,)>(
        "SELECT COUNT(*) FROM rate_limit_hits WHERE bucket = $1 AND at > $2",
    )
    .bind(bucket)
    .bind(now_ms() - limit.window_ms)
    .fetch_one(&db.read)
    .await?;
    Ok(count >= i64::from(limit.max))
}

/// Counts one hit in each bucket (and forgets hits older than a day).
pub async fn hit(db: &Db, buckets: &[&str]) -> Result<(), sqlx::Error> {
    let now = now_ms();
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
