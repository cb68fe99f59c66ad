//! The home page: what the platform is, the five labs with live counts, the latest questions.
//!
//! The page's data type is here; `api` holds its server function, `db` its one count, `pages`
//! the page.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;

use crate::content::QuestionSummary;
use crate::taxonomy::LabSummary;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub labs: Vec<LabSummary>,
    pub latest: Vec<QuestionSummary>,
    pub collective_count: i64,
    pub question_count: i64,
    pub answer_count: i64,
}
