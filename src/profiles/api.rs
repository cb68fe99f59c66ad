//! The server function of profiles.

use super::UserProfile;
#[cfg(feature = "ssr")]
use super::db;
use crate::error::AppError;
use leptos::prelude::*;

/// A person's public profile.
#[server(prefix = "/api", endpoint = "get_user_profile")]
pub async fn get_user_profile(id: i64) -> Result<UserProfile, AppError> {
    let db = crate::server::use_db()?;
    let mut profile = db::profile(&db, id).await?.ok_or(AppError::NotFound)?;
    if crate::accounts::policy::moderate(crate::accounts::session::request_viewer().as_ref())
        .is_err()
    {
        profile.suspended_until = None;
    }
    Ok(profile)
}
