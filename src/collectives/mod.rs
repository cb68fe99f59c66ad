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

/// Collectives on one page of the directory (issue 15: the list is paged).
pub const COLLECTIVES_PER_PAGE: i64 = 60;

/// Where a page of the directory starts: after or before a collective (by its id), in name order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CollectiveCursor {
    #[default]
    First,
    After(i64),
    Before(i64),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectiveList {
    /// One page, in name order.
    pub items: Vec<CollectiveCard>,
    /// Every sector, for the filter.
    pub sectors: Vec<Term>,
    /// Collectives matching the filter in all pages.
    #[serde(default)]
    pub total: i64,
    /// `?after=` of the next page and `?before=` of the previous one.
    #[serde(default)]
    pub next: Option<i64>,
    #[serde(default)]
    pub previous: Option<i64>,
}

/// A page of the directory: the filter, and `after`/`before` (a collective's id; from the
/// "next"/"previous" links). Public.
#[server(prefix = "/api", endpoint = "list_collectives")]
pub async fn list_collectives(
    sector: Option<String>,
    province: Option<String>,
    #[server(default)] after: Option<i64>,
    #[server(default)] before: Option<i64>,
) -> Result<CollectiveList, AppError> {
    let db = crate::server::use_db()?;
    let filter = CollectiveFilter::parse(sector, province);
    let cursor = match (after, before) {
        (Some(id), _) => CollectiveCursor::After(id),
        (None, Some(id)) => CollectiveCursor::Before(id),
        (None, None) => CollectiveCursor::First,
    };
    let page = db::list(&db, &filter, cursor, COLLECTIVES_PER_PAGE).await?;
    Ok(CollectiveList {
        items: page.items,
        total: page.total,
        next: page.next,
        previous: page.previous,
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

    /// Issue 15: the directory is a keyset page at a time. Walking forward and back (with and
    /// without a filter) visits every collective once, in (name, id) order, duplicate names
    /// included; an unknown cursor is the first page.
    #[cfg(feature = "ssr")]
    #[tokio::test]
    async fn the_directory_pages_forward_and_back_over_every_collective() {
        use crate::server::testing::seeded_backends;
        for t in seeded_backends().await {
            // Same names, to check the id tie-break.
            for i in 0..7 {
                sqlx::query(
                    "INSERT INTO collectives (slug, name, legal_form, municipality, province,
                                              stage, created_at, updated_at)
                     VALUES ($1, 'Zelfde naam', 'cooperative', 'Utrecht', 'utrecht', 'starting',
                             1, 1)",
                )
                .bind(format!("zelfde-naam-{i}"))
                .execute(&t.db.write)
                .await
                .expect("collective");
            }
            for filter in [
                CollectiveFilter::default(),
                CollectiveFilter::parse(None, Some("utrecht".into())),
            ] {
                // The database's own order of names (its collation), ids breaking ties.
                let all: Vec<(i64, String)> = match &filter.province {
                    Some(p) => sqlx::query_as(
                        "SELECT id, slug FROM collectives WHERE province = $1 ORDER BY name, id",
                    )
                    .bind(p)
                    .fetch_all(&t.db.read)
                    .await
                    .expect("order"),
                    None => sqlx::query_as("SELECT id, slug FROM collectives ORDER BY name, id")
                        .fetch_all(&t.db.read)
                        .await
                        .expect("order"),
                };
                let expected: Vec<String> = all.iter().map(|(_, slug)| slug.clone()).collect();
                let id_of = |slug: &str| {
                    all.iter()
                        .find(|(_, s)| s == slug)
                        .map(|(id, _)| *id)
                        .expect("listed")
                };
                assert!(expected.len() >= 7, "enough collectives to page");

                let mut seen = Vec::new();
                let mut cursor = CollectiveCursor::First;
                let mut pages: Vec<Vec<String>> = Vec::new();
                loop {
                    let page = db::list(&t.db, &filter, cursor, 3).await.expect("page");
                    assert_eq!(page.total, expected.len() as i64);
                    assert!(page.items.len() <= 3);
                    assert_eq!(page.previous.is_some(), !pages.is_empty(), "back link");
                    let slugs: Vec<String> = page.items.iter().map(|c| c.slug.clone()).collect();
                    if let Some(last) = slugs.last() {
                        assert_eq!(
                            page.next.is_some(),
                            seen.len() + slugs.len() < expected.len()
                        );
                        if let Some(next) = page.next {
                            assert_eq!(next, id_of(last), "continues after its last");
                        }
                    }
                    seen.extend(slugs.iter().cloned());
                    pages.push(slugs);
                    match page.next {
                        Some(id) => cursor = CollectiveCursor::After(id),
                        None => break,
                    }
                }
                assert_eq!(seen, expected, "forward visits each once, in order");

                // Back from the last page, page by page, to the first.
                let mut back = pages.len() - 1;
                while back > 0 {
                    let cursor = CollectiveCursor::Before(id_of(&pages[back][0]));
                    back -= 1;
                    let page = db::list(&t.db, &filter, cursor, 3).await.expect("back");
                    let slugs: Vec<String> = page.items.iter().map(|c| c.slug.clone()).collect();
                    assert_eq!(slugs, pages[back], "page {back} going back");
                    assert_eq!(page.previous.is_some(), back > 0);
                    assert!(page.next.is_some());
                }

                let unknown = db::list(&t.db, &filter, CollectiveCursor::After(-5), 3)
                    .await
                    .expect("unknown cursor");
                let slugs: Vec<String> = unknown.items.iter().map(|c| c.slug.clone()).collect();
                assert_eq!(slugs, pages[0], "an unknown cursor is the first page");
            }
            t.finish().await;
        }
    }
}
