//! The five labs: the Collectives Lab (every question) and the four Partner Labs (the questions
//! routed to them, answered by their partners).

#[cfg(feature = "ssr")]
pub mod db;
pub mod ui;

use crate::error::AppError;
use crate::i18n::Locale;
use crate::questions::QuestionSummary;
use crate::taxonomy::Term;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The slug of the lab that holds every question.
pub const COLLECTIVES_LAB: &str = "collectives";

/// The five labs (reference data of migration 0002, which never changes at run time): slug,
/// Dutch and English name, in their order. For choices that need no database round trip.
pub const LABS: [(&str, &str, &str); 5] = [
    ("collectives", "Collectievenlab", "Collectives Lab"),
    ("network", "Netwerklab", "Network Lab"),
    ("finance", "Financieringslab", "Finance Lab"),
    ("government", "Overheidslab", "Government Lab"),
    ("science", "Wetenschapslab", "Science Lab"),
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabSummary {
    pub slug: String,
    pub is_partner_lab: bool,
    pub name_nl: String,
    pub name_en: String,
    pub tagline_nl: String,
    pub tagline_en: String,
    /// Questions in the lab: all of them for the Collectives Lab, the routed ones for a Partner Lab.
    pub question_count: i64,
    /// Of those, the ones still waiting for a first answer.
    pub open_count: i64,
}

impl LabSummary {
    pub fn name(&self, l: Locale) -> &str {
        l.pick(&self.name_nl, &self.name_en)
    }

    pub fn tagline(&self, l: Locale) -> &str {
        l.pick(&self.tagline_nl, &self.tagline_en)
    }

    pub fn term(&self) -> Term {
        Term {
            slug: self.slug.clone(),
            name_nl: self.name_nl.clone(),
            name_en: self.name_en.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    pub name: String,
    pub organisation: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabDetail {
    pub summary: LabSummary,
    pub id: i64,
    pub description_nl: String,
    pub description_en: String,
    /// Counts edits of the description (either language), for the inline editor.
    pub version: i64,
    /// Questions a moderator pinned to this page.
    pub pinned: Vec<QuestionSummary>,
    pub partners: Vec<Partner>,
    pub recent: Vec<QuestionSummary>,
    /// Newest questions without any answer yet.
    pub unanswered: Vec<QuestionSummary>,
    pub followers: i64,
    /// Whether the reader follows the lab.
    pub following: bool,
}

#[server(prefix = "/api", endpoint = "lab_detail")]
pub async fn get_lab(slug: String) -> Result<LabDetail, AppError> {
    let db = crate::server::use_db()?;
    let Some(mut lab) = db::detail(&db, &slug).await? else {
        crate::error::mark_not_found();
        return Err(AppError::NotFound);
    };
    if let Some(counted) = crate::dashboard::use_stats()?
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
