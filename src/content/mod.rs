//! The content every feature names: the kinds of post, a question's status, how a post was
//! hidden, and a question as listed. Ground floor: imports no feature.

#[cfg(feature = "ssr")]
pub mod db;
pub mod text;

#[cfg(all(test, feature = "ssr"))]
mod bookkeeping_tests;

use crate::i18n::{Locale, Msg};
use crate::taxonomy::Term;
use serde::{Deserialize, Serialize};

pub use text::{AnswerBody, CommentBody, QuestionBody, QuestionTitle};

/// Answers on one page of a thread (issue 15: a thread with thousands of answers is paged, as
/// the big Q&A sites do; `?page=N`, or `?answer=ID` for the page that holds an answer).
pub const ANSWERS_PER_PAGE: i64 = 30;

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
    /// The sum of the votes.
    pub score: i64,
    pub created_at: i64,
    /// The last answer, acceptance or edit.
    pub last_activity_at: i64,
    /// `None` for a former member.
    pub author_name: Option<String>,
    pub collective: Option<CollectiveRef>,
    pub routed_lab: Option<Term>,
    pub sectors: Vec<Term>,
    pub topics: Vec<Term>,
}

/// How a post was taken away by a moderator; moderators still see it, marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Hidden {
    Hidden,
    Deleted,
}

impl Hidden {
    pub fn parse(s: &str) -> Hidden {
        if s == "deleted" {
            Hidden::Deleted
        } else {
            Hidden::Hidden
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Hidden::Hidden => Msg::HiddenPost,
            Hidden::Deleted => Msg::DeletedPost,
        }
    }
}

/// The kinds of post: questions and answers are voted and commented on; all three are edited,
/// flagged and hidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PostKind {
    Question,
    Answer,
    Comment,
}

impl PostKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PostKind::Question => "question",
            PostKind::Answer => "answer",
            PostKind::Comment => "comment",
        }
    }

    pub fn parse(s: &str) -> Option<PostKind> {
        match s {
            "question" => Some(PostKind::Question),
            "answer" => Some(PostKind::Answer),
            "comment" => Some(PostKind::Comment),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
