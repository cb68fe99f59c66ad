//! Public profiles (`/users/:id`): what the platform shows of a person — their labs and
//! collectives, their questions and answers — and, for moderators, the tools to act on them.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;

use crate::accounts::LabRole;
use crate::content::QuestionSummary;
use crate::taxonomy::Term;
use serde::{Deserialize, Serialize};

/// A collective a person belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectiveRole {
    pub slug: String,
    pub name: String,
    pub is_admin: bool,
}

/// An answer on someone's profile: where it was given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerLink {
    pub question_id: i64,
    pub question_title: String,
    pub created_at: i64,
    pub is_accepted: bool,
    pub expert_lab: Option<Term>,
}

/// `/users/:id`: what the platform shows of a person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserProfile {
    pub id: i64,
    pub name: String,
    pub bio_nl: String,
    pub bio_en: String,
    pub joined_at: i64,
    pub is_moderator: bool,
    pub collectives: Vec<CollectiveRole>,
    pub labs: Vec<LabRole>,
    pub questions: Vec<QuestionSummary>,
    pub answers: Vec<AnswerLink>,
    /// While suspended (sent to moderators only).
    #[serde(default)]
    pub suspended_until: Option<i64>,
}
