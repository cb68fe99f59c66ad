//! The five labs: the Collectives Lab (every question) and the four Partner Labs (the questions
//! routed to them, answered by their partners).
//!
//! The types are here (the labs' reference data itself is `taxonomy`'s); `api` holds the server
//! functions, `db` the SQL, `pages` the lab page, `parts` the lab card the home page shows.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
pub mod parts;

use crate::content::QuestionSummary;
pub use crate::taxonomy::{COLLECTIVES_LAB, LABS, LabSummary};
use serde::{Deserialize, Serialize};

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
