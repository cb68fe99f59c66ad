//! The database pool, for SQLite (default) and PostgreSQL, through sqlx's `Any` driver so that one
//! set of queries serves both (`$1` binds, `i64` ids, epoch-millisecond timestamps, 0/1 booleans).

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::path::Path;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The fixed fragment that ends a `SELECT` whose rows a write transaction decides on: ` FOR
    /// UPDATE` on PostgreSQL (its transactions run side by side; the row stays locked until
    /// commit, so a second writer waits and then reads the committed row), nothing on SQLite
    /// (which has no such clause and needs none: `BEGIN IMMEDIATE` runs write transactions one
    /// at a time).
    pub fn for_update(self) -> &'static str {
        match self {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE",
        }
    }
}

/// Reads go to `read`; writes go to `write`. On SQLite `write` is a single connection, so write
/// transactions queue in the pool instead of failing with `SQLITE_BUSY`; on PostgreSQL both are the
/// same pool.
#[derive(Clone, Debug)]
pub struct Db {
    pub read: AnyPool,
    pub write: AnyPool,
    pub backend: Backend,
}

/// Why the database could not be opened or migrated. URLs are kept with the password hidden
/// (`redact_url`), so neither the message nor `Debug` output carries it.
#[derive(Debug)]
pub enum DbError {
    /// The URL names neither SQLite nor PostgreSQL.
    UnsupportedUrl { url: String },
    /// The pool could not connect.
    Connect { url: String, source: sqlx::Error },
    /// A migration failed.
    Migrate(sqlx::migrate::MigrateError),
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::UnsupportedUrl { url } => write!(
                f,
                "DATABASE_URL must start with sqlite:// or postgres:// (got {url})"
            ),
            DbError::Connect { url, source } => write!(f, "cannot open database {url}: {source}"),
            DbError::Migrate(e) => write!(f, "database migration failed: {e}"),
        }
    }
}

impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DbError::UnsupportedUrl { .. } => None,
            DbError::Connect { source, .. } => Some(source),
            DbError::Migrate(e) => Some(e),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for DbError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        DbError::Migrate(e)
    }
}

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// The SQLite URL for the database file in the data directory.
pub fn sqlite_url_in(data_dir: &Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("collectivepower.sqlite3").display()
    )
}

/// Hides the password in a database URL for log lines and error messages.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..])
        }
        _ => url.to_string(),
    }
}

impl Db {
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbError> {
        install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(DbError::UnsupportedUrl {
                url: redact_url(url),
            });
        };
        let fail = |source: sqlx::Error| DbError::Connect {
            url: redact_url(url),
            source,
        };
        match backend {
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(max_connections)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await
                    .map_err(fail)?;
                Ok(Db {
                    read: pool.clone(),
                    write: pool,
                    backend,
                })
            }
            Backend::Sqlite => {
                let options = || {
                    AnyPoolOptions::new()
                        .acquire_timeout(Duration::from_secs(30))
                        .after_connect(|conn, _meta| {
                            Box::pin(async move {
                                conn.execute(
                                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                                )
                                .await?;
                                Ok(())
                            })
                        })
                };
                // The writer is opened first: it creates the file and switches it to WAL.
                let write = options()
                    .max_connections(1)
                    .connect(url)
                    .await
                    .map_err(fail)?;
                let read = options()
                    .max_connections(max_connections)
                    .connect(url)
                    .await
                    .map_err(fail)?;
                Ok(Db {
                    read,
                    write,
                    backend,
                })
            }
        }
    }

    /// Applies the migrations for this backend (idempotent).
    pub async fn migrate(&self) -> Result<(), DbError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATOR,
            Backend::Postgres => &POSTGRES_MIGRATOR,
        };
        migrator.run(&self.write).await.map_err(DbError::Migrate)
    }

    /// Starts a write transaction. On SQLite it is `BEGIN IMMEDIATE` on the single writer
    /// connection, so it never fails halfway with `SQLITE_BUSY`.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            // IMMEDIATE: the write lock is taken at BEGIN, so a second process (the CLI, a
            // second node on the same file) waits on busy_timeout instead of failing halfway.
            Backend::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.write.begin().await,
        }
    }

    /// One round trip to the read pool (the health check).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(&self.read)
            .await
            .map(|_| ())
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// `$start, $start+1, …` for an `IN (…)` list of `n` bound values (the values themselves are always
/// bound, never formatted into SQL).
pub fn placeholders(start: usize, n: usize) -> String {
    (start..start + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Milliseconds since the Unix epoch, the timestamp format of every table.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db.internal:5432/cp"),
            "postgres://app:***@db.internal:5432/cp"
        );
        assert_eq!(
            redact_url("sqlite://data/x.sqlite3"),
            "sqlite://data/x.sqlite3"
        );
    }

    #[test]
    fn placeholders_are_numbered() {
        assert_eq!(placeholders(2, 3), "$2, $3, $4");
        assert_eq!(placeholders(1, 0), "");
    }
}
