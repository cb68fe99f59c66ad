//! Question threads: the knowledge-exchange core. Shared types here, server functions in `api`,
//! components in `ui`, SQL in `db` (server only).

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod ui;

use crate::i18n::{Locale, Msg};
use crate::taxonomy::Term;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionStatus {
    Open,
    Answered,
    Resolved,
    Closed,
}

impl QuestionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionStatus::Open => "open",
            QuestionStatus::Answered => "answered",
            QuestionStatus::Resolved => "resolved",
            QuestionStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<QuestionStatus> {
        match s {
            "open" => Some(QuestionStatus::Open),
            "answered" => Some(QuestionStatus::Answered),
            "resolved" => Some(QuestionStatus::Resolved),
            "closed" => Some(QuestionStatus::Closed),
            _ => None,
        }
    }

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            QuestionStatus::Open => Msg::StatusOpen,
            QuestionStatus::Answered => Msg::StatusAnswered,
            QuestionStatus::Resolved => Msg::StatusResolved,
            QuestionStatus::Closed => Msg::StatusClosed,
        }
        .text(l)
    }
}

/// Where a question comes from: the collective it was asked for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectiveRef {
    pub slug: String,
    pub name: String,
}

/// A question as listed on the home, lab and list pages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionSummary {
    pub id: i64,
    pub lang: Locale,
    pub title: String,
    pub status: QuestionStatus,
    pub answer_count: i64,
    pub created_at: i64,
    /// `None` for a former member.
    pub author_name: Option<String>,
    pub collective: Option<CollectiveRef>,
    pub routed_lab: Option<Term>,
    pub sectors: Vec<Term>,
    pub topics: Vec<Term>,
}

impl QuestionSummary {
    /// The keyset cursor of this row: the page after it starts strictly below it.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            created_at: self.created_at,
            id: self.id,
        }
    }
}

/// Keyset pagination position `(created_at, id)`, carried in URLs as `created_at-id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub created_at: i64,
    pub id: i64,
}

impl Cursor {
    pub fn to_param(self) -> String {
        format!("{}-{}", self.created_at, self.id)
    }

    pub fn parse(s: &str) -> Option<Cursor> {
        let (created_at, id) = s.split_once('-')?;
        Some(Cursor {
            created_at: created_at.parse().ok()?,
            id: id.parse().ok()?,
        })
    }
}

/// One page of a question list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionPage {
    pub items: Vec<QuestionSummary>,
    /// Set when there are older questions.
    pub next: Option<Cursor>,
}

pub const PAGE_SIZE: i64 = 20;

/// Who wrote an answer, as shown on its author card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuthorCard {
    /// The profile to link to (`/users/ID`); `None` for a former member.
    pub user_id: Option<i64>,
    /// `None` for a former member.
    pub name: Option<String>,
    pub collective: Option<CollectiveRef>,
    pub sector: Option<Term>,
    /// The organisation a partner answers for.
    pub organisation: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerView {
    pub id: i64,
    pub lang: Locale,
    pub author: AuthorCard,
    /// Sanitised HTML, rendered once when the answer was written.
    pub body_html: String,
    /// The lab whose badge the answer carries (the author is a partner of the routed lab).
    pub expert_lab: Option<Term>,
    pub is_accepted: bool,
    pub score: i64,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionThread {
    pub summary: QuestionSummary,
    pub author: AuthorCard,
    /// Sanitised HTML, rendered once when the question was written.
    pub body_html: String,
    /// Accepted first, then by score, then oldest first.
    pub answers: Vec<AnswerView>,
}

/// Filters of the question list, as carried in its URL.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QuestionFilter {
    pub lab: Option<String>,
    pub collective: Option<String>,
}

/// An answer's markdown as written: trimmed, 2 to 20,000 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerBody(String);

impl AnswerBody {
    pub const MAX_CHARS: usize = 20_000;

    pub fn parse(text: &str) -> Result<AnswerBody, Msg> {
        let text = text.trim();
        let chars = text.chars().count();
        if chars < 2 {
            Err(Msg::AnswerMissing)
        } else if chars > Self::MAX_CHARS {
            Err(Msg::AnswerTooLong)
        } else {
            Ok(AnswerBody(text.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_need_words_and_have_a_limit() {
        assert_eq!(AnswerBody::parse("   "), Err(Msg::AnswerMissing));
        assert_eq!(
            AnswerBody::parse(" Ask the municipality first. ").map(|b| b.0),
            Ok("Ask the municipality first.".to_string())
        );
        let long = "a".repeat(AnswerBody::MAX_CHARS + 1);
        assert_eq!(AnswerBody::parse(&long), Err(Msg::AnswerTooLong));
    }

    #[test]
    fn cursor_round_trips_through_the_url() {
        let c = Cursor {
            created_at: 1_700_000_000_123,
            id: 42,
        };
        assert_eq!(Cursor::parse(&c.to_param()), Some(c));
    }

    #[test]
    fn malformed_cursors_are_ignored() {
        for bad in [
            "",
            "abc",
            "12",
            "12-",
            "-3",
            "1-2-3",
            "9999999999999999999999-1",
        ] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn status_parses_only_known_values() {
        for s in ["open", "answered", "resolved", "closed"] {
            assert_eq!(
                QuestionStatus::parse(s).map(QuestionStatus::as_str),
                Some(s)
            );
        }
        assert_eq!(QuestionStatus::parse("OPEN"), None);
    }
}

#[cfg(all(test, feature = "ssr"))]
mod db_tests;
