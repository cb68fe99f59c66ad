//! Revisions: every version of every post, kept in one table keyed by (entity type, entity id,
//! version), so that questions, answers and later content types share the history page and the
//! conflict check. An edit names the version it started from; when somebody saved in between,
//! the edit is refused (`Msg::EditConflict`) and changes nothing.

use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

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
}

/// The history of one text, newest version first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub kind: crate::editing::EditKind,
    pub id: i64,
    /// Where the text is shown, for the way back.
    pub back: String,
    /// The thread, collective or lab the text belongs to.
    pub heading: String,
    pub lang: Locale,
    pub versions: Vec<RevisionView>,
}

/// A word diff of `old` → `new` (whitespace kept with the words), merged into runs.
#[cfg(feature = "ssr")]
pub fn diff(old: &str, new: &str) -> Vec<DiffPart> {
    use similar::{ChangeTag, TextDiff};
    let mut out: Vec<DiffPart> = Vec::new();
    for change in TextDiff::from_words(old, new).iter_all_changes() {
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
    out
}

#[cfg(feature = "ssr")]
pub mod db {
    //! SQL of the revisions table (one set of queries for SQLite and PostgreSQL).

    use super::{RevisionView, diff};
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
    }

    /// One stored version's text: (title, body).
    pub async fn text_of(
        db: &Db,
        entity_type: &str,
        entity_id: i64,
        version: i64,
    ) -> Result<Option<(Option<String>, String)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT title, body_md FROM revisions
             WHERE entity_type = $1 AND entity_id = $2 AND version = $3",
        )
        .bind(entity_type)
        .bind(entity_id)
        .bind(version)
        .fetch_optional(&db.read)
        .await
    }

    /// The stored versions of a post, each diffed against the one before, newest first. Empty
    /// when the post was never edited.
    pub async fn versions(
        db: &Db,
        entity_type: &str,
        entity_id: i64,
    ) -> Result<Vec<RevisionView>, sqlx::Error> {
        let rows = sqlx::query_as::<_, Row>(
            "SELECT r.version, r.editor_id,
                    CASE WHEN u.deleted_at IS NULL THEN u.display_name END AS editor_name,
                    r.title, r.body_md, r.reason, r.created_at
             FROM revisions r LEFT JOIN users u ON u.id = r.editor_id
             WHERE r.entity_type = $1 AND r.entity_id = $2 ORDER BY r.version",
        )
        .bind(entity_type)
        .bind(entity_id)
        .fetch_all(&db.read)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        let mut previous: Option<(Option<String>, String)> = None;
        for row in rows {
            let (old_title, old_body) = previous.take().unwrap_or_default();
            out.push(RevisionView {
                version: row.version,
                editor_id: row.editor_name.as_ref().and(row.editor_id),
                editor_name: row.editor_name,
                created_at: row.created_at,
                reason: row.reason.clone(),
                title: row
                    .title
                    .as_deref()
                    .map(|t| diff(old_title.as_deref().unwrap_or_default(), t)),
                body: diff(&old_body, &row.body_md),
            });
            previous = Some((row.title, row.body_md));
        }
        out.reverse();
        Ok(out)
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
