//! Moderation: members flag posts; moderators work the flags queue (dismiss, edit, hide, soft
//! delete, lock, warn or suspend the author), lock threads, pin them to lab pages and close
//! duplicates. Every action is written to `moderation_log`: publicly shown with the actor's role
//! (`/moderation/log`), and with the exact actor to admins (`/admin/audit`).
//!
//! Hidden and deleted posts vanish for everybody else (threads, lists, search, counts) and stay
//! visible to moderators, marked. Suspended members read but cannot post, vote or flag
//! (`accounts::policy::participate`, checked on the server).
//!
//! The layout: `api` (the server functions), `db` (all the SQL, server only), `pages` (the flags
//! queue `/moderation`, the public log `/moderation/log`, the admins' audit log `/admin/audit`),
//! `parts` (what the thread and profile pages embed: the flag control, the moderators' boxes and
//! thread tools, the no-JavaScript flashes), and here the types, names and rules of moderation.

#![allow(clippy::too_many_arguments)]

pub mod api;
pub mod pages;
pub mod parts;

#[cfg(feature = "ssr")]
pub mod db;

use crate::content::{Hidden, PostKind};
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// Why a member flags a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FlagReason {
    Spam,
    OffTopic,
    Abusive,
    NeedsExpert,
    Other,
}

impl FlagReason {
    pub const ALL: [FlagReason; 5] = [
        FlagReason::Spam,
        FlagReason::OffTopic,
        FlagReason::Abusive,
        FlagReason::NeedsExpert,
        FlagReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FlagReason::Spam => "spam",
            FlagReason::OffTopic => "off_topic",
            FlagReason::Abusive => "abusive",
            FlagReason::NeedsExpert => "needs_expert",
            FlagReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<FlagReason> {
        FlagReason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            FlagReason::Spam => Msg::FlagSpam,
            FlagReason::OffTopic => Msg::FlagOffTopic,
            FlagReason::Abusive => Msg::FlagAbusive,
            FlagReason::NeedsExpert => Msg::FlagNeedsExpert,
            FlagReason::Other => Msg::FlagOther,
        }
    }
}

/// What a moderator does with a post (from the thread or from the flags queue). Every action
/// resolves the post's open flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PostAction {
    /// The flags were wrong; nothing changes.
    Dismiss,
    Hide,
    /// Soft delete: like hiding, marked "deleted" for moderators.
    Delete,
    /// Show a hidden or deleted post again.
    Restore,
    /// Lock the post's thread.
    Lock,
    /// Warn the post's author (a notification with the reason).
    Warn,
    /// Suspend the post's author for some days.
    Suspend,
}

impl PostAction {
    pub fn as_str(self) -> &'static str {
        match self {
            PostAction::Dismiss => "dismiss",
            PostAction::Hide => "hide",
            PostAction::Delete => "delete",
            PostAction::Restore => "restore",
            PostAction::Lock => "lock",
            PostAction::Warn => "warn",
            PostAction::Suspend => "suspend",
        }
    }

    pub fn parse(s: &str) -> Option<PostAction> {
        [
            PostAction::Dismiss,
            PostAction::Hide,
            PostAction::Delete,
            PostAction::Restore,
            PostAction::Lock,
            PostAction::Warn,
            PostAction::Suspend,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            PostAction::Dismiss => Msg::ModDismiss,
            PostAction::Hide => Msg::ModHide,
            PostAction::Delete => Msg::ModDelete,
            PostAction::Restore => Msg::ModRestore,
            PostAction::Lock => Msg::ModLock,
            PostAction::Warn => Msg::ModWarn,
            PostAction::Suspend => Msg::ModSuspend,
        }
    }
}

/// What a moderator does with a thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThreadAction {
    Lock,
    Unlock,
    Pin,
    Unpin,
    /// Close as a duplicate of another question: its answers move there, its URL redirects.
    Duplicate,
}

impl ThreadAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ThreadAction::Lock => "lock",
            ThreadAction::Unlock => "unlock",
            ThreadAction::Pin => "pin",
            ThreadAction::Unpin => "unpin",
            ThreadAction::Duplicate => "duplicate",
        }
    }

    pub fn parse(s: &str) -> Option<ThreadAction> {
        [
            ThreadAction::Lock,
            ThreadAction::Unlock,
            ThreadAction::Pin,
            ThreadAction::Unpin,
            ThreadAction::Duplicate,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// The days a suspension may last.
pub const SUSPEND_DAYS: std::ops::RangeInclusive<i64> = 1..=365;

/// Why a moderator acted: required, 3–300 characters (shown in the public log).
pub fn parse_reason(text: &str) -> Result<String, Msg> {
    crate::revisions::parse_reason(text, true).map_err(|m| match m {
        Msg::EditReasonRequired => Msg::ModReasonRequired,
        other => other,
    })
}

/// The question a duplicate points at: its number, or its URL (`…/questions/123#answer-4`).
pub fn parse_question_ref(text: &str) -> Option<i64> {
    let text = text.trim();
    let text = text.split(['#', '?']).next().unwrap_or_default();
    let last = text.trim_end_matches('/').rsplit('/').next()?;
    last.parse::<i64>().ok().filter(|id| *id > 0)
}

/// A flagged post in the queue, with its open flags.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlaggedPost {
    pub kind: PostKind,
    pub id: i64,
    pub question_id: i64,
    pub question_title: String,
    /// The post's markdown, cut to 400 characters.
    pub excerpt: String,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub hidden: Option<Hidden>,
    pub locked: bool,
    pub flag_count: i64,
    pub first_flagged_at: i64,
    /// Each reason with how many flags gave it.
    pub reasons: Vec<(FlagReason, i64)>,
    /// The flaggers' texts (not who wrote them).
    pub notes: Vec<String>,
}

/// One line of the moderation log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    pub id: i64,
    /// "moderator" or "admin": the public log names the role only.
    pub actor_role: String,
    /// Audit log only: who exactly (None in the public log, or a former member).
    pub actor: Option<(i64, String)>,
    pub action: String,
    pub entity_type: String,
    /// What was acted on. None in the public log for actions on a member (a warning, a
    /// suspension): the public log must not let anyone work out who (issue 15).
    pub entity_id: Option<i64>,
    /// The thread, when it is visible (to the reader of the log); never on the public log's
    /// actions on a member.
    pub question: Option<(i64, String)>,
    /// Audit log only: the member acted upon.
    pub target: Option<(i64, String)>,
    pub reason: String,
    pub detail: String,
    pub created_at: i64,
}

/// One page of the log, newest first; `next` is the id to continue before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogPage {
    pub entries: Vec<LogEntry>,
    pub next: Option<i64>,
}

pub const LOG_PAGE_SIZE: i64 = 50;

/// Posts on one page of the flags queue.
pub const FLAG_QUEUE_PAGE: i64 = 50;

#[cfg(all(test, feature = "ssr"))]
mod tests;
// issue 15: duplicates decided inside their transaction, edits committed with their log row.
#[cfg(all(test, feature = "ssr"))]
mod integrity_tests;

#[cfg(all(test, feature = "ssr"))]
mod log_tests;

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for r in FlagReason::ALL {
            assert_eq!(FlagReason::parse(r.as_str()), Some(r));
        }
        assert_eq!(FlagReason::parse("rude"), None);
        for a in [
            "dismiss", "hide", "delete", "restore", "lock", "warn", "suspend",
        ] {
            assert_eq!(PostAction::parse(a).map(|a| a.as_str()), Some(a));
        }
        assert_eq!(PostAction::parse("ban"), None);
        for a in ["lock", "unlock", "pin", "unpin", "duplicate"] {
            assert_eq!(ThreadAction::parse(a).map(|a| a.as_str()), Some(a));
        }
    }

    #[test]
    fn duplicate_targets_are_numbers_or_urls() {
        assert_eq!(parse_question_ref("42"), Some(42));
        assert_eq!(parse_question_ref(" /questions/42 "), Some(42));
        assert_eq!(
            parse_question_ref("https://example.org/questions/42#answer-7"),
            Some(42)
        );
        assert_eq!(
            parse_question_ref("https://example.org/questions/42/"),
            Some(42)
        );
        assert_eq!(parse_question_ref("/questions/42?x=1"), Some(42));
        assert_eq!(parse_question_ref("forty-two"), None);
        assert_eq!(parse_question_ref("-3"), None);
        assert_eq!(parse_question_ref(""), None);
    }

    #[test]
    fn moderators_always_give_a_reason() {
        assert_eq!(parse_reason(" "), Err(Msg::ModReasonRequired));
        assert_eq!(parse_reason(" spam  link "), Ok("spam link".into()));
        assert_eq!(parse_reason(&"x".repeat(301)), Err(Msg::ReasonTooLong));
    }
}
