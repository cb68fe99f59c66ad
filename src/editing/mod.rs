//! Editing in place: questions, answers and comments (their authors and moderators), collective
//! profiles (the collective's admins and moderators) and lab page texts (moderators). Every
//! version is kept in `revisions`; an edit names the version it started from and is refused,
//! changing nothing, when somebody saved in between — the editor is then shown the newer version.
//!
//! The same two server functions serve the inline editor (`parts::InlineEdit`, with JS) and the
//! edit page (`pages::EditPostPage`, a plain form without JS). The inline editor: an "Edit"
//! control turns a text into an editor in place (markdown with a preview for posts), with the
//! reason field (required when editing someone else's text), and saving updates the page without
//! a reload. Before the WebAssembly has loaded, or without JavaScript, the same control is a link
//! to the edit page. When somebody saved in between, the save is refused; the editor then shows
//! the newer version above the text being written, which is kept, and saving again replaces the
//! newer version knowingly.
//!
//! Redaction (issue 15): a moderator erases the text of an old version of a text — personal
//! data someone edited out, abuse — from its public history, with a reason. The version's title,
//! body and edit reason are overwritten in the database (`revisions`, `redacted_at` set) in the
//! same transaction as its `moderation_log` row (action `redact`, the version in `detail`). The
//! text is gone for everyone, moderators and admins included: what must be removed for privacy or
//! abuse should not be kept anywhere (not in the audit log, backups made later or an export
//! either), and the audit log keeps who redacted what and why. The history shows a marker in its
//! place, and the next version is compared with nothing. The current version is not redacted this
//! way: that is an edit.
//!
//! The layout: `api` (the server functions), `db` (all the SQL, server only), `pages` (`/edit/…`
//! and `/history/…`), `parts` (what other features embed: the edit control, the inline editor,
//! the profile text blocks), and here the types that cross the wire and the rule for a body.

#![allow(clippy::too_many_arguments)]

pub mod api;
pub mod pages;
pub mod parts;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(all(test, feature = "ssr"))]
mod history_tests;
#[cfg(all(test, feature = "ssr"))]
mod redact_tests;

use crate::content::PostKind;
use crate::i18n::{Locale, Msg};
use serde::{Deserialize, Serialize};

pub use crate::revisions::EditKind;

/// A text as its author wrote it, for the editors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostSource {
    pub kind: EditKind,
    pub id: i64,
    /// Where the text is shown (the thread with the post's anchor, the collective, the lab).
    pub back: String,
    /// The thread, collective or lab the text belongs to.
    pub heading: String,
    pub lang: Locale,
    /// Questions only.
    pub title: Option<String>,
    pub body_md: String,
    /// Sanitised HTML of posts; for plain texts the text itself.
    pub body_html: String,
    pub version: i64,
    /// A reason is required: the editor is not the text's owner (a moderator fixing a post).
    pub reason_required: bool,
}

/// A saved edit: where the text is shown and its new version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedEdit {
    pub back: String,
    pub version: i64,
}

/// The body of a text, checked for its kind.
pub fn parse_body(kind: EditKind, body: &str) -> Result<String, Msg> {
    use crate::content::{AnswerBody, CommentBody, QuestionBody};
    match kind {
        EditKind::Post(PostKind::Question) => QuestionBody::parse(body).map(|b| b.as_str().into()),
        EditKind::Post(PostKind::Answer) => AnswerBody::parse(body).map(|b| b.as_str().into()),
        EditKind::Post(PostKind::Comment) => CommentBody::parse(body).map(|b| b.as_str().into()),
        EditKind::Collective(_) | EditKind::Lab(_) => {
            let text = body.trim();
            if text.chars().count() > 4000 {
                Err(Msg::DescriptionTooLong)
            } else {
                Ok(text.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_kinds_round_trip_through_the_url() {
        for kind in [
            EditKind::Post(PostKind::Question),
            EditKind::Post(PostKind::Answer),
            EditKind::Post(PostKind::Comment),
            EditKind::Collective(Locale::Nl),
            EditKind::Collective(Locale::En),
            EditKind::Lab(Locale::Nl),
            EditKind::Lab(Locale::En),
        ] {
            assert_eq!(EditKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EditKind::parse("lab-de"), None);
        assert_eq!(EditKind::parse("user-nl"), None);
        assert_eq!(EditKind::parse(""), None);
    }

    #[test]
    fn profile_texts_are_plain_and_limited() {
        let kind = EditKind::Collective(Locale::En);
        assert_eq!(
            parse_body(kind, "  We heat 40 homes. "),
            Ok("We heat 40 homes.".into())
        );
        assert_eq!(
            parse_body(kind, &"x".repeat(4001)),
            Err(Msg::DescriptionTooLong)
        );
        assert!(!kind.is_markdown());
        assert!(EditKind::Post(PostKind::Answer).is_markdown());
    }
}
