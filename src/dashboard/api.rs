//! The dashboards' server functions: a lab's dashboard and the public statistics (public), and
//! the admins' overview. All figures come from the statistics cache (`cache`).

use super::{AdminOverview, LabDashboard, PlatformStats};
#[cfg(feature = "ssr")]
use super::{LabRow, Scope, cache, db};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn platform(
    db: &crate::server::db::Db,
    stats: &std::sync::Arc<cache::StatsCache>,
) -> Result<PlatformStats, AppError> {
    let all = stats.get(Scope::All).await?;
    let mut labs = Vec::new();
    for lab in crate::taxonomy::db::labs(db).await? {
        let figures = if lab.is_partner_lab {
            let Some(id) = crate::taxonomy::db::lab_id(db, &lab.slug).await? else {
                continue;
            };
            stats.get(Scope::Lab(id)).await?.figures
        } else {
            all.figures
        };
        labs.push(LabRow {
            slug: lab.slug,
            name_nl: lab.name_nl,
            name_en: lab.name_en,
            figures,
        });
    }
    Ok(PlatformStats {
        stats: (*all).clone(),
        labs,
    })
}

/// A lab's dashboard; public, like the lab page.
#[server(prefix = "/api", endpoint = "lab_dashboard")]
pub async fn load_lab_dashboard(slug: String) -> Result<LabDashboard, AppError> {
    let db = crate::server::use_db()?;
    let stats = cache::use_stats()?;
    let Some(lab) = crate::taxonomy::db::labs(&db)
        .await?
        .into_iter()
        .find(|l| l.slug == slug)
    else {
        crate::error::mark_not_found();
        return Err(AppError::NotFound);
    };
    let scope = if lab.is_partner_lab {
        match crate::taxonomy::db::lab_id(&db, &slug).await? {
            Some(id) => Scope::Lab(id),
            None => return Err(AppError::NotFound),
        }
    } else {
        Scope::All
    };
    let stats = stats.get(scope).await?;
    let mut lab = lab;
    lab.question_count = stats.figures.total;
    lab.open_count = stats.figures.unanswered;
    Ok(LabDashboard {
        lab,
        stats: (*stats).clone(),
    })
}

/// The public statistics page: the same figures across all labs.
#[server(prefix = "/api", endpoint = "platform_stats")]
pub async fn load_platform_stats() -> Result<PlatformStats, AppError> {
    let db = crate::server::use_db()?;
    platform(&db, &cache::use_stats()?).await
}

/// The admins' overview: the platform's figures and the operational counts.
#[server(prefix = "/api", endpoint = "admin_overview")]
pub async fn load_admin_overview() -> Result<AdminOverview, AppError> {
    let viewer = crate::accounts::session::request_viewer();
    crate::accounts::policy::manage_roles(viewer.as_ref())?;
    let db = crate::server::use_db()?;
    let platform = platform(&db, &cache::use_stats()?).await?;
    let operations = db::operations(&db).await?;
    Ok(AdminOverview {
        platform,
        operations,
    })
}
