//! SQL of search: the change feed (`search_changes`, which `changes` reads and the triggers of
//! migration 0010 append to on every searchable write), and the rows the documents are made of (`documents`, `service`).

use crate::server::db::{Db, placeholders};
use crate::taxonomy::Term;
use std::collections::HashMap;

// The change feed.

/// Records that an entity's searchable content changed, as the triggers of migration 0010 do for
/// every write (the feed tests write rows of their own with it).
#[cfg(test)]
pub async fn record(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    entity: &str,
    id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO search_changes (entity_type, entity_id, created_at) VALUES ($1, $2, $3)",
    )
    .bind(entity)
    .bind(id)
    .bind(crate::server::db::now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// PostgreSQL: a transaction-id bound below which every transaction had ended.
pub(super) async fn pg_bound(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        .fetch_one(&db.read)
        .await
}

/// SQLite: the last id of the feed, if it has any row.
pub(super) async fn last_change_id(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MAX(id) FROM search_changes")
        .fetch_one(&db.read)
        .await
}

/// SQLite: up to `limit` changes after the id `after`: (id, entity type, entity id).
pub(super) async fn changes_after(
    db: &Db,
    after: i64,
    limit: i64,
) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, entity_type, entity_id FROM search_changes WHERE id > $1
                 ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(&db.read)
    .await
}

/// PostgreSQL: the changes of the transactions `from <= tx < to`: (entity type, entity id).
pub(super) async fn changes_between(
    db: &Db,
    from: i64,
    to: i64,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT entity_type, entity_id FROM search_changes WHERE tx >= $1 AND tx < $2
                 ORDER BY id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&db.read)
    .await
}

// The documents.

/// A reference vocabulary (`sectors`, `challenge_topics` or `labs`) with its database ids.
pub(super) async fn vocabulary(
    db: &Db,
    table: &'static str,
) -> Result<Vec<(i64, Term)>, sqlx::Error> {
    let sql = format!("SELECT id, slug, name_nl, name_en FROM {table} ORDER BY position");
    sqlx::query_as::<_, (i64, String, String, String)>(&sql)
        .fetch_all(&db.read)
        .await
        .map(|rows| {
            rows.into_iter()
                .map(|(id, slug, name_nl, name_en)| {
                    (
                        id,
                        Term {
                            slug,
                            name_nl,
                            name_en,
                        },
                    )
                })
                .collect::<Vec<_>>()
        })
}

/// The rows of a documents' table (for the progress of a rebuild).
pub(super) async fn count_rows(db: &Db, table: &'static str) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    sqlx::query_scalar::<_, i64>(&sql).fetch_one(&db.read).await
}

/// Up to `limit` ids of `table` above `after`, ascending.
pub(super) async fn ids_after(
    db: &Db,
    table: &'static str,
    after: i64,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let sql = format!("SELECT id FROM {table} WHERE id > $1 ORDER BY id LIMIT $2");
    sqlx::query_scalar::<_, i64>(&sql)
        .bind(after)
        .bind(limit)
        .fetch_all(&db.read)
        .await
}

async fn pairs(
    db: &Db,
    sql_head: &str,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<i64>>, sqlx::Error> {
    let sql = format!("{sql_head} IN ({})", placeholders(1, ids.len()));
    let mut q = sqlx::query_as::<_, (i64, i64)>(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for (owner, value) in q.fetch_all(&db.read).await? {
        out.entry(owner).or_default().push(value);
    }
    Ok(out)
}

/// A visible question: id, lang, title, body_md, status, routed_lab_id, answer_count.
pub(super) type QuestionRow = (i64, String, String, String, String, Option<i64>, i64);

/// The visible questions among `ids`, by id.
pub(super) async fn questions(db: &Db, ids: &[i64]) -> Result<Vec<QuestionRow>, sqlx::Error> {
    let list = placeholders(1, ids.len());
    let sql = format!(
        "SELECT id, lang, title, body_md, status, routed_lab_id, answer_count
                 FROM questions WHERE hidden_at IS NULL AND id IN ({list}) ORDER BY id"
    );
    let mut q = sqlx::query_as::<_, QuestionRow>(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    q.fetch_all(&db.read).await
}

/// The sector ids of each of these questions.
pub(super) async fn question_sectors(
    db: &Db,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<i64>>, sqlx::Error> {
    pairs(
        db,
        "SELECT question_id, sector_id FROM question_sectors WHERE question_id",
        ids,
    )
    .await
}

/// The challenge topic ids of each of these questions.
pub(super) async fn question_topics(
    db: &Db,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<i64>>, sqlx::Error> {
    pairs(
        db,
        "SELECT question_id, topic_id FROM question_topics WHERE question_id",
        ids,
    )
    .await
}

/// The visible answers to these questions, in order: question id, lang, body_md.
pub(super) async fn answers(
    db: &Db,
    question_ids: &[i64],
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    let list = placeholders(1, question_ids.len());
    let sql = format!(
        "SELECT question_id, lang, body_md FROM answers WHERE hidden_at IS NULL AND question_id IN ({list})
                 ORDER BY question_id, created_at, id"
    );
    let mut q = sqlx::query_as::<_, (i64, String, String)>(&sql);
    for id in question_ids {
        q = q.bind(*id);
    }
    q.fetch_all(&db.read).await
}

/// A collective: id, slug, name, municipality, province, description_nl, description_en.
pub(super) type CollectiveRow = (i64, String, String, String, String, String, String);

/// The collectives among `ids`, by id.
pub(super) async fn collectives(db: &Db, ids: &[i64]) -> Result<Vec<CollectiveRow>, sqlx::Error> {
    let sql = format!(
        "SELECT id, slug, name, municipality, province, description_nl, description_en
                 FROM collectives WHERE id IN ({}) ORDER BY id",
        placeholders(1, ids.len())
    );
    let mut q = sqlx::query_as::<_, CollectiveRow>(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    q.fetch_all(&db.read).await
}

/// The sector ids of each of these collectives.
pub(super) async fn collective_sectors(
    db: &Db,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<i64>>, sqlx::Error> {
    pairs(
        db,
        "SELECT collective_id, sector_id FROM collective_sectors WHERE collective_id",
        ids,
    )
    .await
}
