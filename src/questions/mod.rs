//! Question threads: the knowledge-exchange core. Shared types here, server functions in `api`,
//! components in `ui`, SQL in `db` (server only).

pub mod api;
pub mod ask;
pub mod comments;
#[cfg(feature = "ssr")]
pub mod db;
pub mod follow;
#[cfg(feature = "ssr")]
pub mod page_cache;
pub mod ui;
pub mod votes;

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

impl QuestionSummary {
    /// The keyset cursor of this row in a list sorted by `sort`: the page after it starts
    /// strictly below it.
    pub fn cursor(&self, sort: QuestionSort) -> Cursor {
        let key = match sort {
            QuestionSort::Newest | QuestionSort::Unanswered => self.created_at,
            QuestionSort::Active => self.last_activity_at,
            QuestionSort::Votes => self.score,
        };
        Cursor { key, id: self.id }
    }
}

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

pub const PAGE_SIZE: i64 = 20;
/// Answers on one page of a thread (issue 15: a thread with thousands of answers is paged, as
/// the big Q&A sites do; `?page=N`, or `?answer=ID` for the page that holds an answer).
pub const ANSWERS_PER_PAGE: i64 = 30;
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionThread {
    pub summary: QuestionSummary,
    pub author: AuthorCard,
    /// Sanitised HTML, rendered once when the question was written.
    pub body_html: String,
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

/// The path of page `page` of a thread (page 1 is the thread's own URL, which visitors get
/// from the page cache).
pub fn thread_page_path(question_id: i64, page: i64) -> String {
    if page <= 1 {
        format!("/questions/{question_id}")
    } else {
        format!("/questions/{question_id}?page={page}")
    }
}

/// A link to an answer that lands on the page holding it (the server resolves `?answer=`),
/// wherever the answer is in a long thread: for search hits, notifications, queues.
pub fn answer_link(question_id: i64, answer_id: i64) -> String {
    format!("/questions/{question_id}?answer={answer_id}#answer-{answer_id}")
}

/// The place of a post on its thread page.
pub fn post_anchor(kind: PostKind, question_id: i64, post_id: i64) -> String {
    match kind {
        PostKind::Question => format!("/questions/{question_id}"),
        // Resolved by the server to the page of a long thread that holds the answer.
        PostKind::Answer => answer_link(question_id, post_id),
        // Redirected by the server to the page that shows the comment now (`goto_comment`).
        PostKind::Comment => format!("/comment/{post_id}"),
    }
}

/// The no-JavaScript thank-you of a flag: `link` (a `post_anchor`) with `flagged=1` added to
/// its query, before its fragment.
pub fn flagged_link(link: &str) -> String {
    let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
    // The link may carry a query already (`?answer=ID`).
    let sep = if path.contains('?') { '&' } else { '?' };
    let hash = if fragment.is_empty() { "" } else { "#" };
    format!("{path}{sep}flagged=1{hash}{fragment}")
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

fn limited(text: &str, min: usize, max: usize, short: Msg, long: Msg) -> Result<String, Msg> {
    let text = text.trim();
    let chars = text.chars().count();
    if chars < min {
        Err(short)
    } else if chars > max {
        Err(long)
    } else {
        Ok(text.to_string())
    }
}

/// A question's title: trimmed, 10 to 150 characters, on one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionTitle(String);

impl QuestionTitle {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 150;

    pub fn parse(text: &str) -> Result<QuestionTitle, Msg> {
        let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
        limited(
            &one_line,
            Self::MIN_CHARS,
            Self::MAX_CHARS,
            Msg::TitleTooShort,
            Msg::TitleTooLong,
        )
        .map(QuestionTitle)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A question's markdown: trimmed, 20 to 20,000 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionBody(String);

impl QuestionBody {
    pub const MIN_CHARS: usize = 20;
    pub const MAX_CHARS: usize = 20_000;

    pub fn parse(text: &str) -> Result<QuestionBody, Msg> {
        limited(
            text,
            Self::MIN_CHARS,
            Self::MAX_CHARS,
            Msg::QuestionBodyTooShort,
            Msg::AnswerTooLong,
        )
        .map(QuestionBody)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A comment's markdown: trimmed, 2 to 1,000 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentBody(String);

impl CommentBody {
    pub const MAX_CHARS: usize = 1_000;

    pub fn parse(text: &str) -> Result<CommentBody, Msg> {
        limited(
            text,
            2,
            Self::MAX_CHARS,
            Msg::CommentMissing,
            Msg::CommentTooLong,
        )
        .map(CommentBody)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An answer's markdown as written: trimmed, 2 to 20,000 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerBody(String);

impl AnswerBody {
    pub const MAX_CHARS: usize = 20_000;

    pub fn parse(text: &str) -> Result<AnswerBody, Msg> {
        limited(
            text,
            2,
            Self::MAX_CHARS,
            Msg::AnswerMissing,
            Msg::AnswerTooLong,
        )
        .map(AnswerBody)
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
            key: 1_700_000_000_123,
            id: 42,
        };
        assert_eq!(Cursor::parse(&c.to_param()), Some(c));
        let negative = Cursor { key: -3, id: 7 };
        assert_eq!(negative.to_param(), "-3-7");
        assert_eq!(Cursor::parse("-3-7"), Some(negative));
    }

    #[test]
    fn titles_bodies_and_comments_have_limits() {
        assert_eq!(QuestionTitle::parse("Too short"), Err(Msg::TitleTooShort));
        assert_eq!(
            QuestionTitle::parse("  How do you keep\n volunteers?  ").map(|t| t.0),
            Ok("How do you keep volunteers?".to_string())
        );
        assert_eq!(
            QuestionTitle::parse(&"a".repeat(151)),
            Err(Msg::TitleTooLong)
        );
        assert_eq!(QuestionBody::parse("Kort."), Err(Msg::QuestionBodyTooShort));
        assert!(QuestionBody::parse(&"b".repeat(20_000)).is_ok());
        assert_eq!(
            QuestionBody::parse(&"b".repeat(20_001)),
            Err(Msg::AnswerTooLong)
        );
        assert_eq!(CommentBody::parse(" "), Err(Msg::CommentMissing));
        assert_eq!(
            CommentBody::parse(&"c".repeat(1_001)),
            Err(Msg::CommentTooLong)
        );
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
#[cfg(all(test, feature = "ssr"))]
mod paging_tests;
#[cfg(all(test, feature = "ssr"))]
mod thread_tests;
