//! Sliding-window rate limits kept in the database, so every app node counts the same hits
//! (sign-ins and sign-ups: README.md, "Accounts and roles"; founding collectives:
//! `collectives::api`). A bucket names what is limited; an attempt is one row; rows older than
//! a day go.

use super::db;
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

/// An IPv4 address as is; an IPv6 address as its network of `v6_prefix` bits.
fn network_key(ip: IpAddr, v6_prefix: u32) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & (u128::MAX << (128 - v6_prefix));
            format!("{}/{v6_prefix}", std::net::Ipv6Addr::from(network))
        }
    }
}

fn ip_key(ip: IpAddr) -> String {
    network_key(ip, 64)
}

/// The address as counted against one account: IPv6 per /48, the block a provider gives one
/// customer, so rotating through the 65,536 /64s of a /48 gains a guesser nothing.
fn pair_key(ip: IpAddr) -> String {
    network_key(ip, 48)
}

/// Counts an attempt in each bucket, then answers whether every bucket is still within its
/// limit (see `attempt`: a refusal over a limit writes nothing, and a burst of parallel
/// attempts cannot pass more than `max`).
pub async fn take(db: &Db, buckets: &[(&str, Limit)]) -> Result<bool, sqlx::Error> {
    let hits: Vec<&str> = buckets.iter().map(|(bucket, _)| *bucket).collect();
    let windows: Vec<(&str, i64)> = buckets
        .iter()
        .map(|(bucket, limit)| (*bucket, limit.window_ms))
        .collect();
    attempt(
        db,
        |_| hits.clone(),
        &windows,
        |counts| {
            counts
                .iter()
                .zip(buckets)
                .all(|(count, (_, limit))| *count < i64::from(limit.max))
        },
    )
    .await
}

/// Past the per-account hourly limit, how many sign-in attempts an hour one address may still
/// make for that account (its count starts again when it signs in): the owner, typing the
/// password once or twice, still gets in while strangers hammer the account from elsewhere.
pub const FRESH_ADDRESS_TRIES: i64 = 3;

/// All those attempts from fresh addresses together, per account and hour, as a multiple of
/// the account's hourly limit: guessing from many addresses stays bounded (at most
/// `(1 + FRESH_FACTOR) × account_per_hour` password checks an hour), and shutting the owner
/// out takes a stranger `FRESH_FACTOR × account_per_hour / FRESH_ADDRESS_TRIES` networks.
pub const FRESH_FACTOR: u32 = 3;

/// The limits of signing in (from the configuration).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignInLimits {
    /// Attempts per client address per minute, whatever the account.
    pub ip_per_minute: u32,
    /// Attempts per account from one address per minute.
    pub pair_per_minute: u32,
    /// Attempts per account per hour from all addresses together.
    pub account_per_hour: u32,
}

/// The buckets of one sign-in attempt.
pub struct SignIn {
    ip: String,
    pair: String,
    account: String,
    fresh: String,
}

impl SignIn {
    pub fn new(email: &str, ip: IpAddr) -> SignIn {
        SignIn {
            ip: signin_ip(ip),
            pair: format!(
                "signin-pair:{}",
                digest(&format!("{email} {}", pair_key(ip)))
            ),
            account: signin_account(email),
            fresh: format!("signin-fresh:{}", digest(email)),
        }
    }

    /// Whether an attempt with these counts (each: the hits before it) may be checked.
    fn allows(limits: SignInLimits, counts: &[i64]) -> bool {
        let [ip_minute, pair_minute, account_hour, pair_hour, fresh_hour] = counts else {
            return false;
        };
        *ip_minute < i64::from(limits.ip_per_minute)
            && *pair_minute < i64::from(limits.pair_per_minute)
            && (*account_hour < i64::from(limits.account_per_hour)
                || (*pair_hour < FRESH_ADDRESS_TRIES
                    && *fresh_hour < i64::from(limits.account_per_hour) * i64::from(FRESH_FACTOR)))
    }

    /// Whether an attempt with these counts is one of the fresh addresses' tries.
    fn is_fresh(limits: SignInLimits, counts: &[i64]) -> bool {
        counts
            .get(2)
            .is_some_and(|account_hour| *account_hour >= i64::from(limits.account_per_hour))
    }

    /// Decides whether this attempt may have its password checked, and counts it if so.
    /// Refused attempts write nothing, so a flood of them costs reads only. An address that
    /// keeps failing on an account is stopped for the minute; once an account has had too many
    /// attempts in an hour, only addresses with (almost) no failures on it may still try, so a
    /// stranger's failures never lock the owner out of their own address.
    pub async fn take(&self, db: &Db, limits: SignInLimits) -> Result<bool, sqlx::Error> {
        const MINUTE: i64 = 60_000;
        const HOUR: i64 = 3_600_000;
        let windows = [
            (self.ip.as_str(), MINUTE),
            (self.pair.as_str(), MINUTE),
            (self.account.as_str(), HOUR),
            (self.pair.as_str(), HOUR),
            (self.fresh.as_str(), HOUR),
        ];
        let hits = |counts: &[i64]| {
            let mut hits = vec![self.ip.as_str(), self.pair.as_str(), self.account.as_str()];
            if SignIn::is_fresh(limits, counts) {
                hits.push(self.fresh.as_str());
            }
            hits
        };
        attempt(db, hits, &windows, |counts| SignIn::allows(limits, counts)).await
    }

    /// After a successful sign-in: this address's failures on the account are forgiven (the
    /// account's and the address's own counts stay, so a success does not buy a stranger more
    /// tries).
    pub async fn succeeded(&self, db: &Db) -> Result<(), sqlx::Error> {
        reset(db, &self.pair).await
    }
}

/// The one way an attempt is decided. `allows` gets, for each window, the hits that came
/// before the attempt, and must refuse more readily as they grow.
///
/// 1. The counts are read first: an attempt that is over a limit already is refused without a
///    write (no insert, no write transaction on SQLite's single writer).
/// 2. Otherwise the attempt is recorded in each of `hits` (chosen from the counts of step 1)
///    and committed, and the counts are read
///    again, now including it and every parallel attempt committed before it. The k-th attempt
///    to commit sees at least k hits, so of a parallel burst at most as many pass as the limits
///    allow, even though each passed step 1.
async fn attempt<'a>(
    db: &Db,
    hits: impl Fn(&[i64]) -> Vec<&'a str>,
    windows: &[(&str, i64)],
    allows: impl Fn(&[i64]) -> bool,
) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let first = db::count_hits(db, windows, now).await?;
    if !allows(&first) {
        return Ok(false);
    }
    let hits = hits(&first);
    db::record_hits(db, &hits, now).await?;
    let before: Vec<i64> = db::count_hits(db, windows, now)
        .await?
        .into_iter()
        .zip(windows)
        .map(|(count, (bucket, _))| {
            if hits.contains(bucket) {
                count - 1
            } else {
                count
            }
        })
        .collect();
    Ok(allows(&before))
}

/// Forgets a bucket's hits (after a successful sign-in: the owner proved who they are).
pub async fn reset(db: &Db, bucket: &str) -> Result<(), sqlx::Error> {
    db::delete_hits(db, bucket).await
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
        let (here, there) = (
            SignIn::new("anna@example.nl", "203.0.113.7".parse().expect("ip")),
            SignIn::new("anna@example.nl", "198.51.100.9".parse().expect("ip")),
        );
        assert_ne!(here.pair, there.pair, "one count per account and address");
        let (one, other) = (
            SignIn::new("anna@example.nl", "2001:db8:1:2::1".parse().expect("ip")),
            SignIn::new("anna@example.nl", "2001:db8:1:ffff::1".parse().expect("ip")),
        );
        assert_eq!(
            one.pair, other.pair,
            "an IPv6 /48 is one address to an account"
        );
        assert_ne!(
            one.pair,
            SignIn::new("anna@example.nl", "2001:db8:2::1".parse().expect("ip")).pair
        );
        assert_eq!(here.account, there.account);
        assert!(!here.pair.contains("anna") && !here.pair.contains("203.0.113.7"));
    }

    #[test]
    fn an_account_over_its_hourly_limit_still_lets_addresses_without_failures_in() {
        let limits = SignInLimits {
            ip_per_minute: 30,
            pair_per_minute: 10,
            account_per_hour: 100,
        };
        // [ip per minute, pair per minute, account per hour, pair per hour, fresh per hour]
        assert!(SignIn::allows(limits, &[0, 0, 0, 0, 0]));
        assert!(SignIn::allows(limits, &[29, 9, 99, 50, 0]));
        assert!(!SignIn::is_fresh(limits, &[29, 9, 99, 50, 0]));
        assert!(
            !SignIn::allows(limits, &[30, 0, 0, 0, 0]),
            "the address's limit"
        );
        assert!(
            !SignIn::allows(limits, &[10, 10, 10, 10, 0]),
            "the pair's limit"
        );
        assert!(
            SignIn::allows(limits, &[0, 0, 500, 0, 0]),
            "a fresh address"
        );
        assert!(SignIn::is_fresh(limits, &[0, 0, 500, 0, 0]));
        assert!(
            SignIn::allows(limits, &[2, 2, 500, 2, 299]),
            "the owner's typo"
        );
        assert!(
            !SignIn::allows(limits, &[3, 3, 500, FRESH_ADDRESS_TRIES, 0]),
            "an address that keeps failing on a hammered account"
        );
        assert!(
            !SignIn::allows(limits, &[0, 0, 500, 0, 300]),
            "guessing from many networks is bounded too"
        );
        assert!(SignIn::allows(limits, &[0, 0, 99, 0, 300]), "a new hour");
        assert!(!SignIn::allows(limits, &[0, 0, 0, 0]), "malformed counts");
    }
}
