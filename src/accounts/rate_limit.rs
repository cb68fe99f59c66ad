//! Sliding-window rate limits kept in the database, so every app node counts the same hits
//! (DESIGN §6). A bucket names what is limited; an attempt is one row; rows older than a day go.

use crate::server::db::{Db, now_ms};
use sha2::{Digest, Sha256};
use std::net::IpAddr;

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

/// Bucket names. Account buckets hold a digest of the address, never the address itself; IPv6
/// clients are counted per /64 (one household or server has a whole /64 to rotate through).
pub fn signin_ip(ip: IpAddr) -> String {
    format!("signin-ip:{}", ip_key(ip))
}

pub fn signin_account(email: &str) -> String {
    format!("signin-account:{}", digest(email))
}

pub fn signup_ip(ip: IpAddr) -> String {
    format!("signup-ip:{}", ip_key(ip))
}

pub fn signup_address(email: &str) -> String {
    format!("signup-address:{}", digest(email))
}

/// Password checks of a signed-in account (changing the password, deleting the account).
pub fn reauthenticate(user_id: i64) -> String {
    format!("reauth:{user_id}")
}

fn digest(text: &str) -> String {
    crate::server::cookies::hex_encode(&Sha256::digest(text.as_bytes()))
}

fn ip_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & (u128::MAX << 64);
            format!("{}/64", std::net::Ipv6Addr::from(network))
        }
    }
}

/// Counts an attempt in each bucket, then answers whether every bucket is still within its
/// limit. The hit is written before the count is read, so a burst of parallel attempts cannot
/// all pass a check made before any of them was counted: at most `max` ever get through.
pub async fn take(db: &Db, buckets: &[(&str, Limit)]) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    for (bucket, _) in buckets {
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
    tx.commit().await?;
    for (bucket, limit) in buckets {
        let (count,) = sqlx::query_as::<_, (i64,)>(
            "SELECT COUNT(*) FROM rate_limit_hits WHERE bucket = $1 AND at > $2",
        )
        .bind(*bucket)
        .bind(now - limit.window_ms)
        .fetch_one(&db.read)
        .await?;
        if count > i64::from(limit.max) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Forgets a bucket's hits (after a successful sign-in: the owner proved who they are).
pub async fn reset(db: &Db, bucket: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM rate_limit_hits WHERE bucket = $1")
        .bind(bucket)
        .execute(&db.write)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_counted_per_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().expect("ip");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(signin_ip(a), signin_ip(b));
        assert_ne!(signin_ip(a), signin_ip(c));
        assert_eq!(
            signin_ip("203.0.113.7".parse().expect("ip")),
            "signin-ip:203.0.113.7"
        );
        assert!(!signin_account("anna@example.nl").contains("anna"));
    }
}
