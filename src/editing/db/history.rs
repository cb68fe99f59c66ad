//! A page of the history of a text: its stored versions, or the text itself when it was never
//! edited.

use super::{Hidden, found, row};
use crate::editing::EditKind;
use crate::revisions::{self, History, RevisionView};
use crate::server::db::Db;

/// One page of the history of a text (versions older than `before`, newest first); one that
/// was never edited has one version, itself. A hidden post has a history for moderators only
/// (`hidden`: `Included` for them).
pub async fn history(
    db: &Db,
    kind: EditKind,
    id: i64,
    before: Option<i64>,
    hidden: Hidden,
) -> Result<Option<History>, sqlx::Error> {
    let Some(current) = row(&db.read, kind, id, hidden)
        .await?
        .map(|r| found(kind, r))
    else {
        return Ok(None);
    };
    let revisions::db::VersionPage {
        mut versions,
        older,
        newer,
    } = revisions::db::page(db, kind.as_str(), id, before).await?;
    if versions.is_empty() && before.is_none() {
        let editor_name: Option<String> = match current.author_id {
            Some(author) => {
                sqlx::query_scalar(
                    "SELECT display_name FROM users WHERE id = $1 AND deleted_at IS NULL",
                )
                .bind(author)
                .fetch_optional(&db.read)
                .await?
            }
            None => None,
        };
        versions.push(RevisionView {
            version: current.source.version,
            editor_id: editor_name.as_ref().and(current.author_id),
            editor_name,
            created_at: current.created_at,
            reason: String::new(),
            title: current
                .source
                .title
                .as_deref()
                .map(|t| revisions::diff("", t)),
            body: revisions::diff("", &current.source.body_md),
            compared: true,
            redacted: false,
        });
    }
    Ok(Some(History {
        kind,
        id,
        back: current.source.back,
        heading: current.source.heading,
        lang: current.source.lang,
        versions,
        current: current.source.version,
        older,
        newer,
    }))
}
