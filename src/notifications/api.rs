//! The server functions of notifications: the caller's list, and marking it read.

use super::NotificationView;
#[cfg(feature = "ssr")]
use super::db;
use crate::error::AppError;
use leptos::prelude::*;

/// The caller's 50 most recent notifications.
#[server(prefix = "/api", endpoint = "list_notifications")]
pub async fn list_notifications() -> Result<Vec<NotificationView>, AppError> {
    use crate::accounts::{policy, session};
    let viewer = session::request_viewer();
    let viewer = policy::member(viewer.as_ref())?;
    let db = crate::server::use_db()?;
    Ok(db::recent(&db, viewer.id, 50).await?)
}

/// Marks all of the caller's notifications read.
#[server(prefix = "/api", endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{redirect_plain_post, refuse};
    let viewer = session::request_viewer();
    let viewer = policy::member(viewer.as_ref()).map_err(|e| refuse("notifications", &[], e))?;
    let db = crate::server::use_db()?;
    db::mark_all_read(&db, viewer.id).await?;
    redirect_plain_post("/notifications");
    Ok(())
}
