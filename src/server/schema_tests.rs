//! The two migration folders describe one schema: after migrating, SQLite and PostgreSQL have the
//! same tables, the same columns (of the same kind and nullability) and the same indexes on the
//! same columns. (Triggers are compared by what they do, in the bookkeeping tests.)

use crate::server::db::Db;
use crate::server::testing::{postgres, sqlite};
use std::collections::BTreeMap;

/// A table: its columns (name → kind and NOT NULL) and its indexes (name → columns).
#[derive(Debug, PartialEq, Eq)]
struct Table {
    columns: BTreeMap<String, (&'static str, bool)>,
    indexes: BTreeMap<String, Vec<String>>,
}

/// The kind of a declared column type, in words both databases share.
fn kind(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") {
        "integer"
    } else if t.contains("char") || t.contains("text") {
        "text"
    } else if t.contains("real") || t.contains("floa") || t.contains("doub") || t == "numeric" {
        "real"
    } else if t.contains("blob") || t == "bytea" {
        "blob"
    } else if t.contains("bool") {
        "boolean"
    } else {
        "other"
    }
}

async fn sqlite_schema(db: &Db) -> BTreeMap<String, Table> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&db.read)
    .await
    .expect("tables");
    let mut schema = BTreeMap::new();
    for name in names {
        let columns = sqlx::query_as::<_, (String, String, i64)>(
            "SELECT name, type, \"notnull\" FROM pragma_table_info($1)",
        )
        .bind(&name)
        .fetch_all(&db.read)
        .await
        .expect("columns");
        // A column declared `INTEGER PRIMARY KEY` is the rowid: never null, whatever it says.
        let primary: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1) WHERE pk > 0")
                .bind(&name)
                .fetch_all(&db.read)
                .await
                .expect("primary key");
        let indexes: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM pragma_index_list($1) WHERE origin = 'c' ORDER BY name",
        )
        .bind(&name)
        .fetch_all(&db.read)
        .await
        .expect("indexes");
        let mut by_name = BTreeMap::new();
        for index in indexes {
            let columns: Vec<String> = sqlx::query_scalar(
                "SELECT COALESCE(name, '(expression)') FROM pragma_index_info($1) ORDER BY seqno",
            )
            .bind(&index)
            .fetch_all(&db.read)
            .await
            .expect("index columns");
            by_name.insert(index, columns);
        }
        schema.insert(
            name,
            Table {
                columns: columns
                    .into_iter()
                    .map(|(column, declared, not_null)| {
                        let not_null = not_null != 0 || primary.contains(&column);
                        (column, (kind(&declared), not_null))
                    })
                    .collect(),
                indexes: by_name,
            },
        );
    }
    schema
}

async fn postgres_schema(db: &Db) -> BTreeMap<String, Table> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
           AND table_name <> '_sqlx_migrations' ORDER BY 1",
    )
    .fetch_all(&db.read)
    .await
    .expect("tables");
    let mut schema = BTreeMap::new();
    for name in names {
        let columns = sqlx::query_as::<_, (String, String, String)>(
            "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT), CAST(is_nullable AS TEXT)
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
        )
        .bind(&name)
        .fetch_all(&db.read)
        .await
        .expect("columns");
        // Indexes made by CREATE INDEX: not the ones behind a primary key or UNIQUE constraint.
        let indexes = sqlx::query_as::<_, (String, String)>(
            "SELECT CAST(i.indexname AS TEXT), i.indexdef FROM pg_indexes i
             WHERE i.schemaname = 'public' AND i.tablename = $1
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
             ORDER BY 1",
        )
        .bind(&name)
        .fetch_all(&db.read)
        .await
        .expect("indexes");
        schema.insert(
            name,
            Table {
                columns: columns
                    .into_iter()
                    .map(|(column, data_type, nullable)| {
                        (column, (kind(&data_type), nullable == "NO"))
                    })
                    .collect(),
                indexes: indexes
                    .into_iter()
                    .map(|(index, definition)| (index, index_columns(&definition)))
                    .collect(),
            },
        );
    }
    schema
}

/// The columns of `CREATE [UNIQUE] INDEX name ON table USING btree (a, b DESC) [WHERE …]`.
fn index_columns(definition: &str) -> Vec<String> {
    let Some(open) = definition.find('(') else {
        return Vec::new();
    };
    let mut depth = 0;
    let mut end = definition.len();
    for (i, c) in definition[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    end = open + i;
                    break;
                }
            }
            _ => {}
        }
    }
    definition[open + 1..end]
        .split(',')
        .map(|part| {
            let column = part.split_whitespace().next().unwrap_or_default();
            if column.contains('(') {
                "(expression)".to_string()
            } else {
                column.trim_matches('"').to_string()
            }
        })
        .collect()
}

/// The differences made on purpose, taken out of PostgreSQL's side before comparing:
/// - `search_changes.tx` and its index: PostgreSQL's feed cursor is a transaction id (commits
///   come out of id order there; `search::changes`), SQLite's is the row id;
/// - the dashboards' covering indexes end in `id` on PostgreSQL; SQLite's indexes carry the row
///   id (`id INTEGER PRIMARY KEY`) without naming it.
fn known_differences(postgres: &mut BTreeMap<String, Table>) {
    if let Some(feed) = postgres.get_mut("search_changes") {
        feed.columns.remove("tx");
        feed.indexes.remove("search_changes_tx");
    }
    if let Some(questions) = postgres.get_mut("questions") {
        for index in ["questions_stats_lab", "questions_stats_time"] {
            if let Some(columns) = questions.indexes.get_mut(index)
                && columns.last().is_some_and(|c| c == "id")
            {
                columns.pop();
            }
        }
    }
}

#[test]
fn index_definitions_are_read_back_to_their_columns() {
    assert_eq!(
        index_columns(
            "CREATE INDEX answers_thread_order ON public.answers USING btree (question_id, \
             is_accepted DESC, score DESC, created_at, id)"
        ),
        ["question_id", "is_accepted", "score", "created_at", "id"]
    );
    assert_eq!(
        index_columns("CREATE UNIQUE INDEX x ON public.t USING btree (lower(email)) WHERE (a)"),
        ["(expression)"]
    );
}

#[tokio::test]
async fn both_migration_folders_make_the_same_schema() {
    let lite = sqlite().await;
    let Some(pg) = postgres().await else {
        lite.finish().await;
        return;
    };
    let (a, mut b) = (sqlite_schema(&lite.db).await, postgres_schema(&pg.db).await);
    known_differences(&mut b);
    lite.finish().await;
    pg.finish().await;
    assert!(a.len() > 20, "too few tables read: {:?}", a.keys());
    let mut differences = Vec::new();
    for name in a
        .keys()
        .chain(b.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        match (a.get(name), b.get(name)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => differences.push(format!(
                "table {name}:\n  SQLite:     {x:?}\n  PostgreSQL: {y:?}"
            )),
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
