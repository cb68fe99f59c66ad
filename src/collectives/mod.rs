//! Collectives: the profiles of the citizen collectives on the platform.

pub mod create;
#[cfg(feature = "ssr")]
pub mod db;
pub mod membership;
pub mod ui;

use crate::error::AppError;
use crate::i18n::{Locale, PROVINCES};
use crate::questions::QuestionSummary;
use crate::taxonomy::Term;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectiveCard {
    pub slug: String,
    pub name: String,
    pub sectors: Vec<Term>,
    pub municipality: String,
    pub province: String,
    pub founded_year: Option<i64>,
    pub member_count: Option<i64>,
    pub legal_form: String,
    pub stage: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectiveProfile {
    pub id: i64,
    /// Counts edits of the description (either language), for the inline editor.
    pub version: i64,
    /// The reader may edit the description (set per request).
    #[serde(default)]
    pub can_edit: bool,
    pub card: CollectiveCard,
    pub volunteer_count: Option<i64>,
    pub website: Option<String>,
    pub description_nl: String,
    pub description_en: String,
    pub umbrellas: Vec<String>,
    pub members_on_platform: i64,
    pub questions: Vec<QuestionSummary>,
}

impl CollectiveProfile {
    pub fn description(&self, l: Locale) -> &str {
        l.pick(&self.description_nl, &self.description_en)
    }
}

/// The list's filters, parsed from the URL: unknown values are dropped, not passed to SQL.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectiveFilter {
    pub sector: Option<String>,
    pub province: Option<String>,
}

impl CollectiveFilter {
    pub fn parse(sector: Option<String>, province: Option<String>) -> CollectiveFilter {
        let slug = |s: Option<String>| {
            s.map(|s| s.trim().to_ascii_lowercase()).filter(|s| {
                !s.is_empty()
                    && s.len() <= 40
                    && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            })
        };
        CollectiveFilter {
            sector: slug(sector),
            province: slug(province).filter(|p| PROVINCES.iter().any(|(s, _)| s == p)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectiveList {
    pub items: Vec<CollectiveCard>,
    /// Every sector, for the filter.
    pub sectors: Vec<Term>,
}

#[server(prefix = "/api", endpoint = "list_collectives")]
pub async fn list_collectives(
    sector: Option<String>,
    province: Option<String>,
) -> Result<CollectiveList, AppError> {
    let db = crate::server::use_db()?;
    let filter = CollectiveFilter::parse(sector, province);
    Ok(CollectiveList {
        items: db::list(&db, &filter).await?,
        sectors: crate::taxonomy::db::sectors(&db).await?,
    })
}

#[server(prefix = "/api", endpoint = "collective_profile")]
pub async fn get_collective(slug: String) -> Result<CollectiveProfile, AppError> {
    use crate::accounts::{policy, session};
    let db = crate::server::use_db()?;
    match db::profile(&db, &slug).await? {
        Some(mut profile) => {
            // Whether the reader may edit the description (its admins, moderators).
            if let Some(viewer) = session::request_viewer() {
                let role = db::membership(&db, profile.id, viewer.id).await?;
                let is_admin =
                    matches!(role, Some((status, role)) if status == "active" && role == "admin");
                profile.can_edit = policy::edit_collective(Some(&viewer), is_admin).is_ok();
            }
            Ok(profile)
        }
        None => {
            crate::error::mark_not_found();
            Err(AppError::NotFound)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_keeps_only_well_formed_values() {
        let f = CollectiveFilter::parse(Some(" Energy ".into()), Some("utrecht".into()));
        assert_eq!(f.sector.as_deref(), Some("energy"));
        assert_eq!(f.province.as_deref(), Some("utrecht"));
        let f = CollectiveFilter::parse(Some("x' OR 1=1 --".into()), Some("bavaria".into()));
        assert_eq!(f, CollectiveFilter::default());
        let f = CollectiveFilter::parse(Some(String::new()), None);
        assert_eq!(f.sector, None);
    }
}
