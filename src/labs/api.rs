//! The server functions of labs: a lab's page (public), and following a lab.

use super::LabDetail;
#[cfg(feature = "ssr")]
use super::db;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "lab_detail")]
pub async fn get_lab(slug: String) -> Result<LabDetail, AppError> {
    let db = crate::server::use_db()?;
    let Some(mut lab) = db::detail(&db, &slug).await? else {
        crate::error::mark_not_found();
        return Err(AppError::NotFound);
    };
    if let Some(counted) = crate::dashboard::cache::use_stats()?
        .lab_summaries()
        .await?
        .into_iter()
        .find(|l| l.slug == slug)
    {
        lab.summary = counted;
    }
    if let Some(viewer) = crate::accounts::session::request_viewer() {
        lab.following = db::follows(&db, viewer.id, lab.id).await?;
    }
    Ok(lab)
}

/// Follows (`follow` = true) or stops following a lab: new questions in it reach the follower as
/// notifications. Answers whether the caller now follows it.
#[server(prefix = "/api", endpoint = "follow_lab")]
pub async fn follow_lab(slug: String, follow: bool) -> Result<bool, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{redirect_plain_post, refuse};
    let fail = |e: AppError| refuse("follow-lab", &[], e);
    let viewer = session::request_viewer();
    let viewer = policy::member(viewer.as_ref()).map_err(fail)?;
    let db = crate::server::use_db()?;
    let Some(lab_id) = db::id_of(&db, &slug).await? else {
        return Err(fail(AppError::NotFound));
    };
    db::set_follow(&db, viewer.id, lab_id, follow).await?;
    redirect_plain_post(&format!("/labs/{slug}"));
    Ok(follow)
}
