//! Password hashing: argon2id with the OWASP parameters (19 MiB, 2 passes, 1 lane), run on
//! tokio's blocking pool — never on the async workers — and at most a few at a time, so a burst of
//! sign-ins cannot take all memory or starve page rendering.

use super::Password;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::{Arc, LazyLock};
use tokio::sync::Semaphore;

fn hasher() -> Argon2<'static> {
    // 19,456 KiB, t = 2, p = 1: OWASP's Password Storage Cheat Sheet, argon2id. These are valid
    // constants; `Params::DEFAULT` is the fallback only to avoid a panic path.
    let params = Params::new(19_456, 2, 1, None).unwrap_or(Params::DEFAULT);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

// The permit moves into the blocking task, so a request that is dropped halfway (the client went
// away) still holds its slot until the hashing really ends.
static HASHING: LazyLock<Arc<Semaphore>> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Arc::new(Semaphore::new(cores * 2))
});

/// Why a password could not be hashed. The message is the cause's own.
#[derive(Debug)]
pub enum HashError {
    /// The hashing slots are closed (the process is shutting down).
    Slots(tokio::sync::AcquireError),
    /// The blocking task panicked or was cancelled.
    Task(tokio::task::JoinError),
    /// argon2 refused.
    Argon2(argon2::password_hash::Error),
}

impl std::fmt::Display for HashError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HashError::Slots(e) => std::fmt::Display::fmt(e, f),
            HashError::Task(e) => std::fmt::Display::fmt(e, f),
            HashError::Argon2(e) => std::fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for HashError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            HashError::Slots(e) => Some(e),
            HashError::Task(e) => Some(e),
            HashError::Argon2(e) => Some(e),
        }
    }
}

impl From<tokio::sync::AcquireError> for HashError {
    fn from(e: tokio::sync::AcquireError) -> Self {
        HashError::Slots(e)
    }
}

impl From<tokio::task::JoinError> for HashError {
    fn from(e: tokio::task::JoinError) -> Self {
        HashError::Task(e)
    }
}

impl From<argon2::password_hash::Error> for HashError {
    fn from(e: argon2::password_hash::Error) -> Self {
        HashError::Argon2(e)
    }
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) for storing.
pub async fn hash(password: &Password) -> Result<String, HashError> {
    let password = password.as_str().to_string();
    let permit = HASHING.clone().acquire_owned().await?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        hash_now(&password)
    })
    .await?
}

/// Hashes on the calling thread (the CLI and the demo seed, outside request handling).
pub fn hash_now(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(hasher()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Whether `password` matches the stored hash. Without a stored hash (no such account) a dummy
/// hash is checked, so the answer takes as long and does not reveal which addresses exist.
pub async fn verify(password: &str, stored: Option<String>) -> bool {
    let password = password.to_string();
    let Ok(permit) = HASHING.clone().acquire_owned().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_now("no account has this password").unwrap_or_default());

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_with_owasp_parameters_and_verify() {
        let password = Password::parse("paard batterij nietje").expect("valid");
        let stored = hash(&password).await.expect("hash");
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify("paard batterij nietje", Some(stored.clone())).await);
        assert!(!verify("paard batterij nietjes", Some(stored.clone())).await);
        assert!(!verify("paard batterij nietje", None).await);
        assert!(!verify("x", Some("not a hash".into())).await);
        let again = hash(&password).await.expect("hash");
        assert_ne!(stored, again, "every hash has its own salt");
    }
}
