//! Collectives: the profiles of the citizen collectives on the platform — the directory, a
//! collective's page, founding one (a signed-in member fills in the profile, the fields of
//! `CollectiveForm`, and becomes its first admin member) and belonging to one (a member asks to
//! join, the collective's admin members approve or refuse).
//!
//! The types and the founding form's checks are here; `api` holds the server functions, `db` all
//! SQL, `pages` the routed pages (the directory, the profile with its membership box, founding).

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(all(test, feature = "ssr"))]
mod found_tests;
#[cfg(all(test, feature = "ssr"))]
mod membership_tests;
pub mod pages;

use crate::content::QuestionSummary;
use crate::forms::FieldError;
use crate::i18n::{Locale, Msg, PROVINCES};
use crate::taxonomy::Term;
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

/// Collectives one account may found in a day; an account younger than
/// `accounts::limits::NEW_FOR_DAYS` days may found one.
pub const FOUNDED_PER_DAY: u32 = 3;
pub const FOUNDED_PER_DAY_NEW_ACCOUNT: u32 = 1;

pub const LEGAL_FORMS: [&str; 5] = ["cooperative", "association", "foundation", "informal", "bv"];
pub const STAGES: [&str; 4] = ["starting", "growing", "established", "scaling"];

/// The form as posted (every field text, as browsers send it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectiveForm {
    pub name: String,
    #[serde(default)]
    pub sectors: Vec<String>,
    pub municipality: String,
    pub province: String,
    pub legal_form: String,
    pub stage: String,
    #[serde(default)]
    pub founded_year: String,
    #[serde(default)]
    pub member_count: String,
    #[serde(default)]
    pub volunteer_count: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub umbrellas: String,
    #[serde(default)]
    pub description_nl: String,
    #[serde(default)]
    pub description_en: String,
    #[serde(default)]
    pub consent_open_data: Option<String>,
}

/// A collective profile that passed every check.
#[derive(Clone, Debug, PartialEq)]
pub struct NewCollective {
    pub name: String,
    pub sectors: Vec<String>,
    pub municipality: String,
    pub province: String,
    pub legal_form: String,
    pub stage: String,
    pub founded_year: Option<i64>,
    pub member_count: Option<i64>,
    pub volunteer_count: Option<i64>,
    pub website: Option<String>,
    pub umbrellas: Vec<String>,
    pub description_nl: String,
    pub description_en: String,
    pub consent_open_data: bool,
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl NewCollective {
    /// Checks every field; `known_sectors` are the sector slugs that exist, `this_year` bounds the
    /// founding year. All messages at once, one per field.
    pub fn parse(
        form: &CollectiveForm,
        known_sectors: &[String],
        this_year: i64,
    ) -> Result<NewCollective, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, msg: Msg| errors.push(FieldError::new(field, msg));
        let name = squeeze(&form.name);
        if !(2..=120).contains(&name.chars().count()) {
            fail("name", Msg::CollectiveNameInvalid);
        }
        // Known sectors only, each once (in the order of `known_sectors`).
        let sectors: Vec<String> = known_sectors
            .iter()
            .filter(|k| form.sectors.contains(k))
            .cloned()
            .collect();
        if sectors.is_empty() || form.sectors.iter().any(|s| !known_sectors.contains(s)) {
            fail("sectors", Msg::SectorsMissing);
        }
        let municipality = squeeze(&form.municipality);
        if !(2..=80).contains(&municipality.chars().count()) {
            fail("municipality", Msg::MunicipalityInvalid);
        }
        if !PROVINCES.iter().any(|(p, _)| *p == form.province) {
            fail("province", Msg::ProvinceMissing);
        }
        if !LEGAL_FORMS.contains(&form.legal_form.as_str()) {
            fail("legal_form", Msg::LegalFormMissing);
        }
        if !STAGES.contains(&form.stage.as_str()) {
            fail("stage", Msg::StageMissing);
        }
        let mut number = |field: &str, text: &str, range: std::ops::RangeInclusive<i64>| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            match text.parse::<i64>() {
                Ok(n) if range.contains(&n) => Some(n),
                _ => {
                    fail(field, Msg::NumberInvalid);
                    None
                }
            }
        };
        let founded_year = number("founded_year", &form.founded_year, 1800..=this_year);
        let member_count = number("member_count", &form.member_count, 0..=10_000_000);
        let volunteer_count = number("volunteer_count", &form.volunteer_count, 0..=1_000_000);
        let website = form.website.trim();
        let website = if website.is_empty() {
            None
        } else if (website.starts_with("https://") || website.starts_with("http://"))
            && website.len() <= 200
            && !website
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<')
        {
            Some(website.to_string())
        } else {
            fail("website", Msg::WebsiteInvalid);
            None
        };
        let umbrellas: Vec<String> = form
            .umbrellas
            .split(',')
            .map(squeeze)
            .filter(|u| !u.is_empty())
            .collect();
        if umbrellas.len() > 10 || umbrellas.iter().any(|u| u.chars().count() > 120) {
            fail("umbrellas", Msg::UmbrellasInvalid);
        }
        let description_nl = form.description_nl.trim().to_string();
        let description_en = form.description_en.trim().to_string();
        if description_nl.chars().count() > 4000 {
            fail("description_nl", Msg::DescriptionTooLong);
        }
        if description_en.chars().count() > 4000 {
            fail("description_en", Msg::DescriptionTooLong);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewCollective {
            name,
            sectors,
            municipality,
            province: form.province.clone(),
            legal_form: form.legal_form.clone(),
            stage: form.stage.clone(),
            founded_year,
            member_count,
            volunteer_count,
            website,
            umbrellas,
            description_nl,
            description_en,
            consent_open_data: form.consent_open_data.is_some(),
        })
    }
}

/// A URL slug from a name: lower-case ASCII letters and digits with single dashes.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ĳ' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ÿ' | 'ý' => 'y',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "collectief".to_string()
    } else {
        slug
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MembershipStatus {
    Pending,
    Active,
    Refused,
}

impl MembershipStatus {
    pub fn parse(text: &str) -> Option<MembershipStatus> {
        match text {
            "pending" => Some(MembershipStatus::Pending),
            "active" => Some(MembershipStatus::Active),
            "refused" => Some(MembershipStatus::Refused),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JoinRequest {
    pub user_id: i64,
    pub name: String,
    pub requested_at: i64,
}

/// The caller's relation to one collective, and (for its admins) the open join requests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MembershipPanel {
    pub slug: String,
    pub status: Option<MembershipStatus>,
    pub is_collective_admin: bool,
    pub can_manage: bool,
    pub requests: Vec<JoinRequest>,
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "ssr")]
    use crate::server::testing::backend_tests;

    fn form() -> CollectiveForm {
        CollectiveForm {
            name: "  Energiecoöperatie   Zonnig Zuid ".into(),
            sectors: vec!["energy".into()],
            municipality: "Tilburg".into(),
            province: "noord-brabant".into(),
            legal_form: "cooperative".into(),
            stage: "starting".into(),
            founded_year: "2024".into(),
            member_count: "120".into(),
            ..CollectiveForm::default()
        }
    }

    #[test]
    fn a_complete_form_parses() {
        let known = vec!["energy".to_string(), "care".to_string()];
        let twice = CollectiveForm {
            sectors: vec!["care".into(), "energy".into(), "care".into()],
            ..form()
        };
        let new = NewCollective::parse(&twice, &known, 2026).expect("valid");
        assert_eq!(new.sectors, ["energy", "care"], "each sector once");
        let new = NewCollective::parse(&form(), &known, 2026).expect("valid");
        assert_eq!(new.name, "Energiecoöperatie Zonnig Zuid");
        assert_eq!(new.founded_year, Some(2024));
        assert_eq!(new.volunteer_count, None);
        assert!(!new.consent_open_data);
        assert_eq!(slugify(&new.name), "energiecooperatie-zonnig-zuid");
    }

    #[test]
    fn every_wrong_field_gets_its_message() {
        let known = vec!["energy".to_string()];
        let bad = CollectiveForm {
            name: "X".into(),
            sectors: vec!["energy".into(), "'; DROP TABLE".into()],
            province: "bavaria".into(),
            founded_year: "2099".into(),
            website: "javascript:alert(1)".into(),
            ..form()
        };
        let errors = NewCollective::parse(&bad, &known, 2026).expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["name", "sectors", "province", "founded_year", "website"]
        );
    }

    #[test]
    fn slugs_are_plain() {
        assert_eq!(
            slugify("Broodfonds 't Gouden Korstje!"),
            "broodfonds-t-gouden-korstje"
        );
        assert_eq!(slugify("???"), "collectief");
    }

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

    #[cfg(feature = "ssr")]
    backend_tests! {
        seeded;

        /// Issue 15: the directory is a keyset page at a time. Walking forward and back (with and
        /// without a filter) visits every collective once, in (name, id) order, duplicate names
        /// included; an unknown cursor is the first page.
        async fn the_directory_pages_forward_and_back_over_every_collective(t) {
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
        }
    }
}
