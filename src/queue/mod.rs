//! The partner queue (`/queue`): the open questions routed to the labs a partner answers for,
//! made for a phone. A partner claims a question (so colleagues know it is taken), answers it
//! from the queue, asks the asker for more information ("waiting on the asker", which the
//! asker's reply ends), or marks it resolved. Every action is a plain form that also works
//! without JavaScript.
//!
//! The types are here; `api` holds the server functions, `db` the SQL, `pages` the page.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
#[cfg(all(test, feature = "ssr"))]
mod tests;

use crate::content::QuestionStatus;
use crate::i18n::{Locale, Msg};
use crate::taxonomy::Term;
use serde::{Deserialize, Serialize};

/// The queue's views.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueFilter {
    /// Every open question routed to the partner's labs.
    #[default]
    Open,
    /// Nobody has claimed them yet.
    Unclaimed,
    /// Claimed by the partner.
    Mine,
    /// A partner asked the asker for more information.
    Waiting,
}

impl QueueFilter {
    pub const ALL: [QueueFilter; 4] = [
        QueueFilter::Open,
        QueueFilter::Unclaimed,
        QueueFilter::Mine,
        QueueFilter::Waiting,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueFilter::Open => "open",
            QueueFilter::Unclaimed => "unclaimed",
            QueueFilter::Mine => "mine",
            QueueFilter::Waiting => "waiting",
        }
    }

    /// Unknown or missing: the whole queue.
    pub fn parse(s: &str) -> QueueFilter {
        QueueFilter::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .unwrap_or_default()
    }

    pub fn label(self) -> Msg {
        match self {
            QueueFilter::Open => Msg::QueueFilterOpen,
            QueueFilter::Unclaimed => Msg::QueueFilterUnclaimed,
            QueueFilter::Mine => Msg::QueueFilterMine,
            QueueFilter::Waiting => Msg::QueueFilterWaiting,
        }
    }
}

/// A partner's change of a queued question's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueStatus {
    /// Ask the asker for more information (the note is posted as a comment).
    Waiting,
    /// The information arrived or is no longer needed: back to work.
    Active,
    /// The question is dealt with (it has at least one answer).
    Resolved,
}

impl QueueStatus {
    pub fn parse(s: &str) -> Option<QueueStatus> {
        match s {
            "waiting" => Some(QueueStatus::Waiting),
            "active" => Some(QueueStatus::Active),
            "resolved" => Some(QueueStatus::Resolved),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            QueueStatus::Waiting => "waiting",
            QueueStatus::Active => "active",
            QueueStatus::Resolved => "resolved",
        }
    }
}

/// Who claimed a question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub user_id: i64,
    pub name: Option<String>,
    pub since: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: i64,
    pub lang: Locale,
    pub title: String,
    /// The start of the question, as plain text.
    pub excerpt: String,
    pub lab: Term,
    pub status: QuestionStatus,
    pub answer_count: i64,
    pub has_expert_answer: bool,
    pub created_at: i64,
    pub author_name: Option<String>,
    pub collective_name: Option<String>,
    pub claim: Option<Claim>,
    pub waiting_since: Option<i64>,
}

/// `/queue`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerQueue {
    pub filter: QueueFilter,
    pub items: Vec<QueueItem>,
    /// How many questions each filter holds, in `QueueFilter::ALL` order.
    pub counts: Vec<i64>,
    /// The labs the partner answers for.
    pub labs: Vec<Term>,
    pub viewer_id: i64,
}

/// How many questions the queue lists at once (oldest unanswered first): a phone screen's worth
/// of work; the next ones move up as these are dealt with.
pub const QUEUE_PAGE: i64 = 20;
