//! Question threads: the knowledge-exchange core. Here the feature's types (what crosses the
//! wire) and its hrefs; server functions in `api`, SQL in `db`, the routed pages (list, thread,
//! ask, all comments of a post) in `pages`, the ask form's field-by-field check in
//! `question_input`. Server only: `db`, the visitors' thread-page cache (`page_cache`) and the
//! `/comment/:id` redirect (`comment_link`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod comment_link;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod page_cache;
pub mod pages;
mod question_input;

pub use question_input::NewQuestionInput;

use crate::i18n::{Locale, Msg};
use crate::search::SimilarQuestion;
use crate::taxonomy::Term;
use serde::{Deserialize, Serialize};

pub use crate::content::{
    ANSWERS_PER_PAGE, AnswerBody, CollectiveRef, CommentBody, Hidden, PostKind, QuestionBody,
    QuestionStatus, QuestionSummary, QuestionTitle,
};
pub use crate::ui::href::{answer_link, flagged_link, post_anchor, thread_page_path};

/// Keyset pagination position `(sort key, id)`, carried in URLs as `key-id` (the key may be
/// negative: a score).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub key: i64,
    pub id: i64,
}

impl Cursor {
    pub fn to_param(self) -> String {
        format!("{}-{}", self.key, self.id)
    }

    pub fn parse(s: &str) -> Option<Cursor> {
        let (key, id) = s.rsplit_once('-')?;
        Some(Cursor {
            key: key.parse().ok()?,
            id: id.parse().ok()?,
        })
    }
}

/// The orders of the question list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionSort {
    #[default]
    Newest,
    /// Last answer, acceptance or edit first.
    Active,
    /// Highest score first.
    Votes,
    /// Questions without answers, newest first.
    Unanswered,
}

impl QuestionSort {
    pub const ALL: [QuestionSort; 4] = [
        QuestionSort::Newest,
        QuestionSort::Active,
        QuestionSort::Votes,
        QuestionSort::Unanswered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionSort::Newest => "newest",
            QuestionSort::Active => "active",
            QuestionSort::Votes => "votes",
            QuestionSort::Unanswered => "unanswered",
        }
    }

    /// Unknown values fall back to newest.
    pub fn parse(s: &str) -> QuestionSort {
        Self::ALL
            .into_iter()
            .find(|sort| sort.as_str() == s)
            .unwrap_or_default()
    }

    pub fn label(self) -> Msg {
        match self {
            QuestionSort::Newest => Msg::SortNewest,
            QuestionSort::Active => Msg::SortActive,
            QuestionSort::Votes => Msg::SortVotes,
            QuestionSort::Unanswered => Msg::SortUnanswered,
        }
    }
}

/// One page of a question list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionPage {
    pub items: Vec<QuestionSummary>,
    /// Set when there are older questions.
    pub next: Option<Cursor>,
}

impl QuestionSort {
    /// The keyset cursor of `question` in a list in this order: the page after it starts
    /// strictly below it.
    pub fn cursor_of(self, question: &QuestionSummary) -> Cursor {
        let key = match self {
            QuestionSort::Newest | QuestionSort::Unanswered => question.created_at,
            QuestionSort::Active => question.last_activity_at,
            QuestionSort::Votes => question.score,
        };
        Cursor {
            key,
            id: question.id,
        }
    }
}

pub const PAGE_SIZE: i64 = 20;
/// Comments shown under one post on the thread page; the rest are a link away
/// (`/comments/:kind/:id`, paged by `COMMENTS_PER_PAGE`).
pub const COMMENTS_SHOWN: i64 = 10;
pub const COMMENTS_PER_PAGE: i64 = 50;

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
    /// 1 as written, +1 per edit.
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub comments: Vec<CommentView>,
    /// More comments than `comments` (the first `COMMENTS_SHOWN`) are under it.
    #[serde(default)]
    pub more_comments: bool,
    /// Set when a moderator hid or deleted it (only moderators are sent such answers).
    #[serde(default)]
    pub hidden: Option<Hidden>,
}

/// A comment under a question or an answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    pub lang: Locale,
    /// `None` for a former member.
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    /// Sanitised HTML, rendered once when the comment was written.
    pub body_html: String,
    pub created_at: i64,
    /// 1 as written, +1 per edit.
    #[serde(default)]
    pub version: i64,
    #[serde(default)]
    pub hidden: Option<Hidden>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionThread {
    pub summary: QuestionSummary,
    pub author: AuthorCard,
    /// Sanitised HTML, rendered once when the question was written.
    pub body_html: String,
    /// The start of the body as one line of plain text (the page's description).
    #[serde(default)]
    pub excerpt: String,
    /// 1 as written, +1 per edit.
    pub version: i64,
    pub updated_at: i64,
    pub comments: Vec<CommentView>,
    /// More comments than `comments` are under the question.
    #[serde(default)]
    pub more_comments: bool,
    /// One page of the answers: accepted first, then by score, then oldest first.
    pub answers: Vec<AnswerView>,
    /// The answers the reader may see in all pages.
    #[serde(default)]
    pub answer_total: i64,
    /// This page of answers (from 1) and the number of pages (at least 1).
    #[serde(default)]
    pub page: i64,
    #[serde(default)]
    pub pages: i64,
    /// Set when a moderator hid or deleted the question (only moderators see it then).
    #[serde(default)]
    pub hidden: Option<Hidden>,
    /// A locked thread takes no new answers or comments.
    #[serde(default)]
    pub locked: bool,
    /// Closed as a duplicate of this question (its URL redirects there).
    #[serde(default)]
    pub duplicate_of: Option<i64>,
    /// Slugs of the labs whose page shows this question pinned.
    #[serde(default)]
    pub pinned_in: Vec<String>,
}

/// What a thread looks like to the signed-in reader (loaded apart from the thread, which is the
/// same for everybody).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ThreadViewerState {
    /// The reader's votes: (post kind, post id, +1 or -1).
    pub votes: Vec<(PostKind, i64, i64)>,
    pub following: bool,
    /// Unread notifications left after this thread's were marked read.
    pub unread_notifications: i64,
}

impl ThreadViewerState {
    pub fn vote_on(&self, kind: PostKind, id: i64) -> i64 {
        self.votes
            .iter()
            .find(|(k, i, _)| *k == kind && *i == id)
            .map(|(_, _, v)| *v)
            .unwrap_or(0)
    }
}

/// Which page of a thread to show: a page number, or the page that holds an answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ThreadPageRequest {
    pub page: Option<i64>,
    pub answer: Option<i64>,
}

/// Filters and order of the question list, as carried in its URL.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QuestionFilter {
    pub lab: Option<String>,
    pub collective: Option<String>,
    pub sector: Option<String>,
    pub topic: Option<String>,
    pub status: Option<QuestionStatus>,
    /// Only questions without answers.
    pub unanswered: bool,
    pub sort: QuestionSort,
}

impl QuestionFilter {
    /// The URL parameters of this filter (the empty ones left out), in a fixed order.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for (key, value) in [
            ("sector", &self.sector),
            ("topic", &self.topic),
            ("lab", &self.lab),
            ("collective", &self.collective),
        ] {
            if let Some(v) = value {
                out.push((key, v.clone()));
            }
        }
        if let Some(status) = self.status {
            out.push(("status", status.as_str().to_string()));
        }
        if self.unanswered {
            out.push(("unanswered", "1".to_string()));
        }
        if self.sort != QuestionSort::Newest {
            out.push(("sort", self.sort.as_str().to_string()));
        }
        out
    }

    /// Reads the filter from URL parameters; unknown values are ignored.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> QuestionFilter {
        let text = |key: &str| {
            get(key)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        QuestionFilter {
            lab: text("lab"),
            collective: text("collective"),
            sector: text("sector"),
            topic: text("topic"),
            status: text("status").and_then(|s| QuestionStatus::parse(&s)),
            unanswered: text("unanswered").is_some_and(|v| v != "0"),
            sort: text("sort")
                .map(|s| QuestionSort::parse(&s))
                .unwrap_or_default(),
        }
    }
}

/// The choices of the list's filters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FilterOptions {
    pub sectors: Vec<Term>,
    pub topics: Vec<Term>,
    pub labs: Vec<Term>,
}

/// A post's score and the caller's own vote (-1, 0 or +1) after a vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteState {
    pub score: i64,
    pub mine: i64,
}

impl VoteState {
    /// The state after the caller votes `value` (0 withdraws), as the server will compute it.
    pub fn after(self, value: i64) -> VoteState {
        VoteState {
            score: self.score - self.mine + value,
            mine: value,
        }
    }
}

/// What the member typed, as kept between the preview step and posting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub title: String,
    pub body: String,
    pub sectors: Vec<String>,
    pub topics: Vec<String>,
    pub collective: String,
    pub lab: String,
}

/// Everything the ask page needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AskForm {
    pub sectors: Vec<Term>,
    pub topics: Vec<Term>,
    pub labs: Vec<Term>,
    /// The collectives the member is an active member of.
    pub collectives: Vec<CollectiveRef>,
    pub draft: Option<Draft>,
    /// With `?preview=1`: the draft's body rendered and sanitised, and similar questions.
    pub preview_html: Option<String>,
    pub similar: Vec<SimilarQuestion>,
}

/// A page of the comments under one post (the thread shows the first few of each).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostCommentsPage {
    pub kind: PostKind,
    pub post_id: i64,
    /// The question's title and the post on its thread page.
    pub heading: String,
    pub back: String,
    pub comments: Vec<CommentView>,
    pub page: i64,
    pub more: bool,
}

/// The list of all comments under a post, page `page` (from 1).
pub fn comments_path(kind: PostKind, post_id: i64, page: i64) -> String {
    if page <= 1 {
        format!("/comments/{}/{post_id}", kind.as_str())
    } else {
        format!("/comments/{}/{post_id}?page={page}", kind.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_through_the_url() {
        let c = Cursor {
            key: 1_700_000_000_123,
            id: 42,
        };
        assert_eq!(Cursor::parse(&c.to_param()), Some(c));
        let negative = Cursor { key: -3, id: 7 };
        assert_eq!(negative.to_param(), "-3-7");
        assert_eq!(Cursor::parse("-3-7"), Some(negative));
    }

    #[test]
    fn filters_round_trip_through_the_url() {
        let filter = QuestionFilter {
            lab: Some("finance".into()),
            collective: None,
            sector: Some("food".into()),
            topic: Some("volunteers".into()),
            status: Some(QuestionStatus::Open),
            unanswered: true,
            sort: QuestionSort::Votes,
        };
        let params = filter.params();
        let back = QuestionFilter::from_params(|key| {
            params
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(back, filter);
        let odd = QuestionFilter::from_params(|key| match key {
            "status" => Some("weird".into()),
            "sort" => Some("random".into()),
            "sector" => Some("  ".into()),
            _ => None,
        });
        assert_eq!(odd, QuestionFilter::default());
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
            "--3-4",
            "9999999999999999999999-1",
        ] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_vote_moves_the_score_by_the_difference() {
        let none = VoteState { score: 3, mine: 0 };
        assert_eq!(none.after(1), VoteState { score: 4, mine: 1 });
        let up = VoteState { score: 4, mine: 1 };
        assert_eq!(up.after(-1), VoteState { score: 2, mine: -1 });
        assert_eq!(up.after(0), VoteState { score: 3, mine: 0 });
    }
}

#[cfg(all(test, feature = "ssr"))]
mod db_tests;
#[cfg(all(test, feature = "ssr"))]
mod paging_tests;
#[cfg(all(test, feature = "ssr"))]
mod race_tests;
#[cfg(all(test, feature = "ssr"))]
mod thread_tests;
