//! Revisions: every version of every post, kept in one table keyed by (entity type, entity id,
//! version), so that questions, answers and later content types share the history page and the
//! conflict check. An edit names the version it started from; when somebody saved in between,
//! the edit is refused (`Msg::EditConflict`) and changes nothing.

use crate::content::PostKind;
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// What can be edited. The texts of collectives and labs exist in both languages; each language
/// is edited (and versioned in `revisions`) on its own, under one version counter per row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EditKind {
    Post(PostKind),
    Collective(Locale),
    Lab(Locale),
}

impl EditKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EditKind::Post(kind) => kind.as_str(),
            EditKind::Collective(Locale::Nl) => "collective-nl",
            EditKind::Collective(Locale::En) => "collective-en",
            EditKind::Lab(Locale::Nl) => "lab-nl",
            EditKind::Lab(Locale::En) => "lab-en",
        }
    }

    pub fn parse(s: &str) -> Option<EditKind> {
        if let Some(kind) = PostKind::parse(s) {
            return Some(EditKind::Post(kind));
        }
        let (what, lang) = s.rsplit_once('-')?;
        let lang = Locale::from_code(lang)?;
        match what {
            "collective" => Some(EditKind::Collective(lang)),
            "lab" => Some(EditKind::Lab(lang)),
            _ => None,
        }
    }

    /// Posts are markdown (rendered and sanitised on write); profile texts are plain text.
    pub fn is_markdown(self) -> bool {
        matches!(self, EditKind::Post(_))
    }

    pub fn has_title(self) -> bool {
        self == EditKind::Post(PostKind::Question)
    }

    /// The edit page for this text (the no-JS way of editing).
    pub fn edit_path(self, id: i64) -> String {
        format!("/edit/{}/{id}", self.as_str())
    }

    pub fn history_path(self, id: i64) -> String {
        format!("/history/{}/{id}", self.as_str())
    }
}

/// Why a post was edited: trimmed, at most 300 characters; at least 3 when `required` (a
/// moderator editing someone else's post, or restoring a version).
pub fn parse_reason(text: &str, required: bool) -> Result<String, crate::i18n::Msg> {
    use crate::i18n::Msg;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars = text.chars().count();
    if chars > 300 {
        Err(Msg::ReasonTooLong)
    } else if required && chars < 3 {
        Err(Msg::EditReasonRequired)
    } else {
        Ok(text)
    }
}

/// One stretch of a diff between two versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiffPart {
    Same(String),
    Added(String),
    Removed(String),
}

/// One version on the history page, compared with the version before it (the first version is
/// all "added").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevisionView {
    pub version: i64,
    /// `None` for a former member.
    pub editor_name: Option<String>,
    pub editor_id: Option<i64>,
    pub created_at: i64,
    /// Why it was edited ('' for the first version and for authors who gave none).
    pub reason: String,
    /// Questions only.
    pub title: Option<Vec<DiffPart>>,
    pub body: Vec<DiffPart>,
    /// False when the diff ran out of time and the text is shown as replaced as a whole.
    #[serde(default = "compared_default")]
    pub compared: bool,
    /// Redacted by a moderator (`editing::api::redact_revision`): the text is gone, a marker
    /// shows instead.
    #[serde(default)]
    pub redacted: bool,
}

fn compared_default() -> bool {
    true
}

/// Versions on one history page (issue 15: a public page costs a bounded amount of work).
pub const HISTORY_PAGE: usize = 10;
/// Bytes of old and new text one history page may compare (and so send, twice: HTML and
/// hydration data); a page holds at least one version (a body is at most 20,000 characters).
pub const HISTORY_PAGE_CHARS: usize = 100_000;
/// Time the word diffs of one history page may take; later versions are shown as replaced.
pub const HISTORY_DIFF_MS: u64 = 200;

/// The history of one text, newest version first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub kind: EditKind,
    pub id: i64,
    /// Where the text is shown, for the way back.
    pub back: String,
    /// The thread, collective or lab the text belongs to.
    pub heading: String,
    pub lang: Locale,
    pub versions: Vec<RevisionView>,
    /// The text's current version (restoring names it as the base).
    pub current: i64,
    /// `?before=` of the next page of older versions.
    pub older: Option<i64>,
    /// The page of newer versions: `Some(None)` is the first page, `Some(Some(v))` `?before=v`.
    pub newer: Option<Option<i64>>,
}

impl History {
    /// The path of this history with `?before=`.
    pub fn page_path(&self, before: Option<i64>) -> String {
        let path = self.kind.history_path(self.id);
        match before {
            Some(before) => format!("{path}?before={before}"),
            None => path,
        }
    }
}

/// A word diff of `old` → `new` (whitespace kept with the words), merged into runs.
#[cfg(feature = "ssr")]
pub fn diff(old: &str, new: &str) -> Vec<DiffPart> {
    diff_until(old, new, None).0
}

/// The whole of `old` removed and `new` added: what a diff that ran out of time shows.
#[cfg(feature = "ssr")]
pub fn replaced(old: &str, new: &str) -> Vec<DiffPart> {
    let mut out = Vec::new();
    if old == new {
        if !new.is_empty() {
            out.push(DiffPart::Same(new.to_string()));
        }
        return out;
    }
    if !old.is_empty() {
        out.push(DiffPart::Removed(old.to_string()));
    }
    if !new.is_empty() {
        out.push(DiffPart::Added(new.to_string()));
    }
    out
}

/// A word diff that stops at `deadline`: then (or when the deadline has passed already) the
/// text is shown as replaced, and the flag says it was not compared. Myers costs O((N+M)·D): two
/// long texts that share no words would otherwise take seconds.
#[cfg(feature = "ssr")]
pub fn diff_until(
    old: &str,
    new: &str,
    deadline: Option<std::time::Instant>,
) -> (Vec<DiffPart>, bool) {
    use similar::{ChangeTag, TextDiff};
    if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
        return (replaced(old, new), false);
    }
    let mut config = TextDiff::configure();
    if let Some(deadline) = deadline {
        config.deadline(deadline);
    }
    let text_diff = config.diff_words(old, new);
    if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
        // similar finishes a diff that ran out of time coarsely; say so plainly instead.
        return (replaced(old, new), false);
    }
    let mut out: Vec<DiffPart> = Vec::new();
    for change in text_diff.iter_all_changes() {
        let text = change.value();
        match (change.tag(), out.last_mut()) {
            (ChangeTag::Equal, Some(DiffPart::Same(run)))
            | (ChangeTag::Insert, Some(DiffPart::Added(run)))
            | (ChangeTag::Delete, Some(DiffPart::Removed(run))) => run.push_str(text),
            (ChangeTag::Equal, _) => out.push(DiffPart::Same(text.to_string())),
            (ChangeTag::Insert, _) => out.push(DiffPart::Added(text.to_string())),
            (ChangeTag::Delete, _) => out.push(DiffPart::Removed(text.to_string())),
        }
    }
    (out, true)
}

#[cfg(feature = "ssr")]
pub mod db;

#[cfg(test)]
mod reason_tests {
    use super::parse_reason;
    use crate::i18n::Msg;

    #[test]
    fn moderators_give_a_reason_authors_may() {
        assert_eq!(parse_reason("  ", false), Ok(String::new()));
        assert_eq!(parse_reason("  ", true), Err(Msg::EditReasonRequired));
        assert_eq!(
            parse_reason(" Misleading\n title ", true),
            Ok("Misleading title".to_string())
        );
        assert_eq!(
            parse_reason(&"x".repeat(301), false),
            Err(Msg::ReasonTooLong)
        );
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::{DiffPart, diff};

    #[test]
    fn diffs_words_and_merges_runs() {
        let parts = diff(
            "Ask the municipality for a loan.",
            "Ask the province for a cheap loan.",
        );
        assert_eq!(
            parts,
            vec![
                DiffPart::Same("Ask the ".into()),
                DiffPart::Removed("municipality".into()),
                DiffPart::Added("province".into()),
                DiffPart::Same(" for a ".into()),
                DiffPart::Added("cheap ".into()),
                DiffPart::Same("loan.".into()),
            ]
        );
        assert_eq!(diff("", "new"), vec![DiffPart::Added("new".into())]);
        assert_eq!(diff("same", "same"), vec![DiffPart::Same("same".into())]);
    }
}
