//! The change feed: every write to searchable content appends `(entity_type, entity_id)` to
//! `search_changes` in its own transaction (triggers of migration 0010); each node reads what is
//! new since its cursor.
//!
//! - SQLite serialises write transactions, so ids become visible in order: the cursor is the last
//!   id applied.
//! - PostgreSQL hands out ids when rows are inserted but transactions commit in any order, so a
//!   reader of `id > cursor` could pass a row that becomes visible later and never see it. Each
//!   row records its transaction id instead; the cursor is a transaction-id bound `B` such that
//!   every transaction below `B` had ended when it was taken (`pg_snapshot_xmin`). A read takes a
//!   new bound `X` first, then the rows with `B <= tx < X` — all of them final and visible — and
//!   moves the cursor to `X`. A long transaction holds the bound back until it ends; nothing is
//!   skipped.

use super::db::{changes_after, changes_between, last_change_id, pg_bound};
use crate::server::db::{Backend, Db};
use serde::{Deserialize, Serialize};

/// How far a node has applied the feed; kept in the index's commit payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "backend", content = "position", rename_all = "lowercase")]
pub enum Cursor {
    /// The last `search_changes.id` applied.
    Sqlite(i64),
    /// Every transaction below this id has been applied.
    Postgres(i64),
}

#[derive(Serialize, Deserialize)]
struct Payload {
    format: u32,
    cursor: Cursor,
}

impl Cursor {
    pub fn to_payload(self) -> String {
        serde_json::to_string(&Payload {
            format: super::engine::FORMAT,
            cursor: self,
        })
        .unwrap_or_default()
    }

    /// The cursor in a commit payload, if it is of this format and backend.
    pub fn from_payload(payload: &str, backend: Backend) -> Option<Cursor> {
        let p: Payload = serde_json::from_str(payload).ok()?;
        if p.format != super::engine::FORMAT {
            return None;
        }
        match (p.cursor, backend) {
            (c @ Cursor::Sqlite(_), Backend::Sqlite)
            | (c @ Cursor::Postgres(_), Backend::Postgres) => Some(c),
            _ => None,
        }
    }
}

/// The position to start from before reading every document for a rebuild: changes after it
/// will be applied again (applying is idempotent), none before it are missed.
pub async fn current(db: &Db) -> Result<Cursor, sqlx::Error> {
    match db.backend {
        Backend::Sqlite => {
            let max: Option<i64> = last_change_id(db).await?;
            Ok(Cursor::Sqlite(max.unwrap_or(0)))
        }
        Backend::Postgres => Ok(Cursor::Postgres(pg_bound(db).await?)),
    }
}

/// Rows per read on SQLite; the rest comes on the next round.
const BATCH: i64 = 2000;

/// What the feed holds after a cursor.
#[derive(Debug)]
pub enum Feed {
    /// The distinct entities changed after the cursor, and the cursor after them.
    Changes(Vec<(String, i64)>, Cursor),
    /// The database is behind the cursor: it was restored from a backup or failed over to a
    /// replica that had not seen everything. The index no longer matches it; rebuild.
    Behind,
}

/// What changed after `cursor`.
pub async fn since(db: &Db, cursor: Cursor) -> Result<Feed, sqlx::Error> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let (rows, next) = match cursor {
        Cursor::Sqlite(after) => {
            let rows: Vec<(i64, String, i64)> = changes_after(db, after, BATCH).await?;
            if rows.is_empty() {
                let max: Option<i64> = last_change_id(db).await?;
                if max.unwrap_or(0) < after {
                    return Ok(Feed::Behind);
                }
            }
            let next = rows.last().map(|r| r.0).unwrap_or(after);
            (
                rows.into_iter().map(|(_, t, e)| (t, e)).collect::<Vec<_>>(),
                Cursor::Sqlite(next),
            )
        }
        Cursor::Postgres(from) => {
            let to = pg_bound(db).await?;
            if to < from {
                return Ok(Feed::Behind);
            }
            if to == from {
                return Ok(Feed::Changes(Vec::new(), cursor));
            }
            let rows: Vec<(String, i64)> = changes_between(db, from, to).await?;
            (rows, Cursor::Postgres(to))
        }
    };
    for row in rows {
        if seen.insert(row.clone()) {
            out.push(row);
        }
    }
    Ok(Feed::Changes(out, next))
}
