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
    /// Redacted by a moderator (`editing::redact`): the text is gone, a marker shows instead.
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
pub mod db {
    //! SQL of the revisions table (one set of queries for SQLite and PostgreSQL).

    use super::{HISTORY_PAGE, HISTORY_PAGE_CHARS, RevisionView, diff_until};
    use crate::server::db::Db;
    use sqlx::{Any, FromRow, Transaction};

    /// A version as stored.
    pub struct Version<'a> {
        pub entity_type: &'static str,
        pub entity_id: i64,
        pub version: i64,
        pub editor_id: Option<i64>,
        pub title: Option<&'a str>,
        pub body_md: &'a str,
        pub reason: &'a str,
        pub created_at: i64,
    }

    /// Stores a version. `ON CONFLICT DO NOTHING`: posts written before the revisions table get
    /// their first version stored by their first edit, and storing it twice is harmless.
    pub async fn record(
        tx: &mut Transaction<'static, Any>,
        v: Version<'_>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO revisions (entity_type, entity_id, version, editor_id, title, body_md,
                                    reason, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (entity_type, entity_id, version) DO NOTHING",
        )
        .bind(v.entity_type)
        .bind(v.entity_id)
        .bind(v.version)
        .bind(v.editor_id)
        .bind(v.title)
        .bind(v.body_md)
        .bind(v.reason)
        .bind(v.created_at)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    #[derive(FromRow)]
    struct Row {
        version: i64,
        editor_id: Option<i64>,
        editor_name: Option<String>,
        title: Option<String>,
        body_md: String,
        reason: String,
        created_at: i64,
        redacted_at: Option<i64>,
    }

    /// One stored version's text: (title, body); none for a redacted version.
    pub async fn text_of(
        db: &Db,
        entity_type: &str,
        entity_id: i64,
        version: i64,
    ) -> Result<Option<(Option<String>, String)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT title, body_md FROM revisions
             WHERE entity_type = $1 AND entity_id = $2 AND version = $3 AND redacted_at IS NULL",
        )
        .bind(entity_type)
        .bind(entity_id)
        .bind(version)
        .fetch_optional(&db.read)
        .await
    }

    /// One page of the stored versions of a text, newest first, each diffed against the one
    /// before it. Empty when the text was never edited.
    pub struct VersionPage {
        pub versions: Vec<RevisionView>,
        /// `?before=` of the next older page.
        pub older: Option<i64>,
        /// The newer page: `Some(None)` is the first page.
        pub newer: Option<Option<i64>>,
    }

    /// The versions older than `before` (all when None): at most `HISTORY_PAGE` of them and
    /// `HISTORY_PAGE_CHARS` characters of text to compare (at least one version), read with one
    /// bounded query, diffed on the blocking pool within `HISTORY_DIFF_MS` altogether.
    pub async fn page(
        db: &Db,
        entity_type: &str,
        entity_id: i64,
        before: Option<i64>,
    ) -> Result<VersionPage, sqlx::Error> {
        // One row more than a page: the base of the oldest version shown (and a sign that
        // older versions exist).
        let mut rows = sqlx::query_as::<_, Row>(
            "SELECT r.version, r.editor_id,
                    CASE WHEN u.deleted_at IS NULL THEN u.display_name END AS editor_name,
                    r.title, r.body_md, r.reason, r.created_at, r.redacted_at
             FROM revisions r LEFT JOIN users u ON u.id = r.editor_id
             WHERE r.entity_type = $1 AND r.entity_id = $2 AND r.version < $3
             ORDER BY r.version DESC LIMIT $4",
        )
        .bind(entity_type)
        .bind(entity_id)
        .bind(before.unwrap_or(i64::MAX))
        .bind(HISTORY_PAGE as i64 + 1)
        .fetch_all(&db.read)
        .await?;
        let newer = match before {
            Some(before) => {
                let above: Vec<i64> = sqlx::query_scalar(
                    "SELECT version FROM revisions
                     WHERE entity_type = $1 AND entity_id = $2 AND version >= $3
                     ORDER BY version LIMIT $4",
                )
                .bind(entity_type)
                .bind(entity_id)
                .bind(before)
                .bind(HISTORY_PAGE as i64 + 1)
                .fetch_all(&db.read)
                .await?;
                (!above.is_empty()).then(|| above.get(HISTORY_PAGE).copied())
            }
            None => None,
        };
        // The page: versions while the text to compare stays within the budget.
        let mut shown = 0;
        let mut chars = 0;
        while shown < rows.len().min(HISTORY_PAGE) {
            let row = &rows[shown];
            let base = rows.get(shown + 1);
            let cost = row.body_md.len()
                + row.title.as_deref().map_or(0, str::len)
                + base.map_or(0, |b| {
                    b.body_md.len() + b.title.as_deref().map_or(0, str::len)
                });
            if shown > 0 && chars + cost > HISTORY_PAGE_CHARS {
                break;
            }
            chars += cost;
            shown += 1;
        }
        let older = (rows.len() > shown)
            .then(|| rows.get(shown.saturating_sub(1)).map(|r| r.version))
            .flatten();
        // Keep the base of the oldest version shown, drop the rest.
        rows.truncate(shown + 1);
        let versions = tokio::task::spawn_blocking(move || compare(rows, shown))
            .await
            .map_err(|_| sqlx::Error::WorkerCrashed)?;
        Ok(VersionPage {
            versions,
            older,
            newer,
        })
    }

    /// Diffs the first `shown` rows (newest first) each against the next one, within the page's
    /// time budget.
    fn compare(rows: Vec<Row>, shown: usize) -> Vec<RevisionView> {
        let deadline =
            std::time::Instant::now() + std::time::Duration::from_millis(super::HISTORY_DIFF_MS);
        let mut out = Vec::with_capacity(shown);
        for (i, row) in rows.iter().take(shown).enumerate() {
            if row.redacted_at.is_some() {
                // Its text is gone (and the next version is compared with nothing).
                out.push(RevisionView {
                    version: row.version,
                    editor_id: row.editor_name.as_ref().and(row.editor_id),
                    editor_name: row.editor_name.clone(),
                    created_at: row.created_at,
                    reason: String::new(),
                    title: None,
                    body: Vec::new(),
                    compared: true,
                    redacted: true,
                });
                continue;
            }
            let (old_title, old_body) = rows
                .get(i + 1)
                .map(|b| (b.title.as_deref(), b.body_md.as_str()))
                .unwrap_or_default();
            let (title, title_compared) = match row.title.as_deref() {
                Some(t) => {
                    let (parts, ok) = diff_until(old_title.unwrap_or_default(), t, Some(deadline));
                    (Some(parts), ok)
                }
                None => (None, true),
            };
            let (body, body_compared) = diff_until(old_body, &row.body_md, Some(deadline));
            out.push(RevisionView {
                version: row.version,
                editor_id: row.editor_name.as_ref().and(row.editor_id),
                editor_name: row.editor_name.clone(),
                created_at: row.created_at,
                reason: row.reason.clone(),
                title,
                body,
                compared: title_compared && body_compared,
                redacted: false,
            });
        }
        out
    }
}

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
