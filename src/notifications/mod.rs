//! In-app notifications: followers of a question hear of new answers. The header shows how many
//! are unread; `/notifications` lists them. The table (`notifications`: kind, question, answer,
//! actor, read_at) is ready for more kinds and for mail delivery.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
pub mod parts;

use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

pub use crate::accounts::UNREAD_CAP;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub kind: String,
    pub question_id: Option<i64>,
    pub question_title: Option<String>,
    pub question_lang: Locale,
    pub answer_id: Option<i64>,
    /// `None` for a former member.
    pub actor_name: Option<String>,
    pub created_at: i64,
    pub read: bool,
    /// Warnings and suspensions: the moderator's reason.
    #[serde(default)]
    pub reason: Option<String>,
    /// Suspensions: until when.
    #[serde(default)]
    pub until: Option<i64>,
}

impl NotificationView {
    pub fn href(&self) -> String {
        if self.reason.is_some() {
            return "/moderation/log".to_string();
        }
        match (self.question_id, self.answer_id) {
            // The page of a long thread that holds the answer (issue 15: threads are paged).
            (Some(q), Some(a)) => crate::ui::href::answer_link(q, a),
            (Some(q), None) => format!("/questions/{q}"),
            _ => "/notifications".to_string(),
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests;

/// The unread count as the header shows it.
pub fn unread_label(n: i64) -> String {
    if n >= UNREAD_CAP {
        format!("{}+", UNREAD_CAP - 1)
    } else {
        n.to_string()
    }
}
