//! The command line: `serve` (the default; `--demo` fills an empty database first), `migrate`,
//! `seed-demo`, `reindex`, `hide-question`, `show-question`, `generate` and `create-admin`.
//! Start-up failures print one readable line and exit non-zero.

use super::config::Config;
use super::db::{Db, DbError, redact_url};
use super::http::ServeError;
use crate::accounts::password::HashError;
use crate::demo::DemoError;
use crate::demo::generate::GenerateError;
use crate::search::service::{SearchError, SearchService};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(
    name = "collectivepower",
    version,
    about = "CollectivePower / CollectieveKracht — knowledge exchange for citizen collectives"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Serve the web application (the default).
    Serve {
        /// Fill an empty database with the demo platform before serving.
        #[arg(long)]
        demo: bool,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Fill the database with the demo platform (does nothing when it is already there).
    SeedDemo,
    /// Rebuild this node's search index from the database (stop this node's server first).
    Reindex,
    /// Hide a question from every page, list and search (an operator's tool: moderators use the
    /// moderation screens, which also write the moderation log); every node's index follows
    /// within a second.
    HideQuestion { id: i64 },
    /// Show a hidden question again.
    ShowQuestion { id: i64 },
    /// Add N synthetic questions (and one 30-answer benchmark thread) to a database that holds
    /// the demo platform, for the benchmarks under bench/. Run `reindex` afterwards.
    Generate {
        #[arg(long, default_value_t = 10_000)]
        questions: i64,
    },
    /// Create an admin account, or make an existing account admin (and set its password). The
    /// password comes from COLLECTIVEPOWER_ADMIN_PASSWORD or the first line of standard input.
    CreateAdmin {
        /// The admin's email address (their sign-in name).
        #[arg(long)]
        email: String,
        /// The name shown on the platform.
        #[arg(long, default_value = "Admin")]
        name: String,
    },
}

/// Why a command failed; printed as one line after `error: `.
#[derive(Debug)]
pub enum CliError {
    CreateDataDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    DataDirNotWritable {
        dir: PathBuf,
        source: std::io::Error,
    },
    Db(DbError),
    Search(SearchError),
    Demo(DemoError),
    Generate(GenerateError),
    ReadPassword(std::io::Error),
    /// An admin's email, name or password breaks the sign-up rules (the rule, in English).
    InvalidAdmin(crate::i18n::Msg),
    Hash(HashError),
    WriteAdmin(sqlx::Error),
    ChangeQuestion {
        id: i64,
        source: sqlx::Error,
    },
    NoSuchQuestion {
        id: i64,
    },
    Serve(ServeError),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::CreateDataDir { dir, source } => write!(
                f,
                "cannot create the data directory {}: {source}",
                dir.display()
            ),
            CliError::DataDirNotWritable { dir, source } => write!(
                f,
                "the data directory {} is not writable: {source}",
                dir.display()
            ),
            CliError::Db(e) => write!(f, "{e}"),
            CliError::Search(e) => write!(f, "{e}"),
            CliError::Demo(e) => write!(f, "{e}"),
            CliError::Generate(e) => write!(f, "{e}"),
            CliError::ReadPassword(e) => write!(f, "cannot read the password: {e}"),
            CliError::InvalidAdmin(msg) => f.write_str(msg.text(crate::i18n::Locale::En)),
            CliError::Hash(e) => write!(f, "{e}"),
            CliError::WriteAdmin(e) => write!(f, "cannot write the admin account: {e}"),
            CliError::ChangeQuestion { id, source } => {
                write!(f, "cannot change question {id}: {source}")
            }
            CliError::NoSuchQuestion { id } => write!(f, "there is no question {id}"),
            CliError::Serve(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CliError::CreateDataDir { source, .. }
            | CliError::DataDirNotWritable { source, .. }
            | CliError::ReadPassword(source) => Some(source),
            CliError::Db(e) => Some(e),
            CliError::Search(e) => Some(e),
            CliError::Demo(e) => Some(e),
            CliError::Generate(e) => Some(e),
            CliError::Hash(e) => Some(e),
            CliError::WriteAdmin(e) | CliError::ChangeQuestion { source: e, .. } => Some(e),
            CliError::Serve(e) => Some(e),
            CliError::InvalidAdmin(_) | CliError::NoSuchQuestion { .. } => None,
        }
    }
}

impl From<DbError> for CliError {
    fn from(e: DbError) -> Self {
        CliError::Db(e)
    }
}

impl From<SearchError> for CliError {
    fn from(e: SearchError) -> Self {
        CliError::Search(e)
    }
}

impl From<DemoError> for CliError {
    fn from(e: DemoError) -> Self {
        CliError::Demo(e)
    }
}

impl From<GenerateError> for CliError {
    fn from(e: GenerateError) -> Self {
        CliError::Generate(e)
    }
}

impl From<HashError> for CliError {
    fn from(e: HashError) -> Self {
        CliError::Hash(e)
    }
}

impl From<ServeError> for CliError {
    fn from(e: ServeError) -> Self {
        CliError::Serve(e)
    }
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}

pub async fn run() -> ExitCode {
    init_tracing();
    let cli = Cli::parse();
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Opens (and for SQLite creates) the database and applies the migrations.
pub async fn open_database(config: &Config) -> Result<Db, CliError> {
    if config.uses_data_dir_database() && config.database_url.as_deref().is_none_or(str::is_empty) {
        let dir = &config.data_dir;
        std::fs::create_dir_all(dir).map_err(|source| CliError::CreateDataDir {
            dir: dir.clone(),
            source,
        })?;
        let probe = dir.join(".write-test");
        std::fs::write(&probe, b"ok").map_err(|source| CliError::DataDirNotWritable {
            dir: dir.clone(),
            source,
        })?;
        let _ = std::fs::remove_file(probe);
    }
    let url = config.database_url();
    let db = Db::connect(&url, config.db_max_connections).await?;
    db.migrate().await?;
    tracing::info!(database = %redact_url(&url), "database ready");
    Ok(db)
}

/// Opens this node's search index (building it when needed) and starts applying changes.
pub async fn open_search(config: &Config, db: &Db) -> Result<Arc<SearchService>, SearchError> {
    let search = SearchService::open_for_serving(db.clone(), &config.index_dir()).await?;
    search.spawn_sync();
    if !search.is_rebuilding() {
        tracing::info!(dir = %config.index_dir().display(), documents = search.index.num_docs(), "search index ready");
    }
    Ok(search)
}

async fn create_admin(db: &Db, email: &str, name: &str) -> Result<i64, CliError> {
    let password = match std::env::var("COLLECTIVEPOWER_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            eprintln!("password (one line on standard input):");
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(CliError::ReadPassword)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    create_admin_with(db, email, name, &password).await
}

/// `create-admin` once the password is known: every input checked like a sign-up.
pub async fn create_admin_with(
    db: &Db,
    email: &str,
    name: &str,
    password: &str,
) -> Result<i64, CliError> {
    use crate::accounts::{DisplayName, Email, Password};
    let email = Email::parse(email).map_err(CliError::InvalidAdmin)?;
    let name = DisplayName::parse(name).map_err(CliError::InvalidAdmin)?;
    let password = Password::parse(password).map_err(CliError::InvalidAdmin)?;
    let hash = crate::accounts::password::hash(&password).await?;
    crate::accounts::db::upsert_admin(db, &name, &email, &hash)
        .await
        .map_err(CliError::WriteAdmin)
}

async fn execute(cli: Cli) -> Result<(), CliError> {
    let config = cli.config;
    // Markdown is rendered on write (posts, the demo data): images follow the setting.
    super::markdown::set_remote_images(config.remote_images);
    let command = cli.command.unwrap_or(Command::Serve { demo: false });
    let db = open_database(&config).await?;
    match command {
        Command::Migrate => {
            println!("migrations applied");
            db.close().await;
            Ok(())
        }
        Command::SeedDemo => {
            let report = crate::demo::seed(&db).await?;
            println!("{report}");
            db.close().await;
            Ok(())
        }
        Command::CreateAdmin { email, name } => {
            let result = create_admin(&db, &email, &name).await;
            db.close().await;
            let id = result?;
            println!(
                "{} is an admin (account {id}); sign in at /signin",
                email.trim().to_lowercase()
            );
            Ok(())
        }
        Command::Generate { questions } => {
            let started = std::time::Instant::now();
            let made = crate::demo::generate::generate(&db, questions).await?;
            db.close().await;
            println!(
                "generated {} questions and {} answers in {:.1} s; benchmark thread: /questions/{}",
                made.questions,
                made.answers,
                started.elapsed().as_secs_f64(),
                made.thread_id
            );
            Ok(())
        }
        Command::HideQuestion { id } | Command::ShowQuestion { id } => {
            let hide = matches!(command, Command::HideQuestion { .. });
            let changed = crate::questions::db::set_hidden(&db, id, hide)
                .await
                .map_err(|source| CliError::ChangeQuestion { id, source })?;
            db.close().await;
            if !changed {
                return Err(CliError::NoSuchQuestion { id });
            }
            println!("question {id} is {}", if hide { "hidden" } else { "shown" });
            Ok(())
        }
        Command::Reindex => {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} documents · {per_sec} · {eta} left",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let progress = |done: u64, total: u64| {
                bar.set_length(total);
                bar.set_position(done);
            };
            let (_, rebuilt) =
                SearchService::open(db.clone(), &config.index_dir(), Some(&progress), true).await?;
            bar.finish_and_clear();
            if let Some(rebuilt) = rebuilt {
                println!(
                    "search index in {}: {rebuilt}",
                    config.index_dir().display()
                );
            }
            db.close().await;
            Ok(())
        }
        Command::Serve { demo } => {
            if demo && crate::demo::database_is_empty(&db).await? {
                let report = crate::demo::seed(&db).await?;
                tracing::info!("{report}");
            }
            let search = open_search(&config, &db).await?;
            Ok(super::http::serve(&config, db, search).await?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(args: &[&str]) -> Config {
        let mut all = vec!["collectivepower"];
        all.extend_from_slice(args);
        Cli::parse_from(all).config
    }

    #[tokio::test]
    async fn a_bad_database_url_is_one_readable_line() {
        let err = open_database(&config(&["--database-url", "mysql://root@localhost/cp"]))
            .await
            .expect_err("refused")
            .to_string();
        assert!(err.starts_with("DATABASE_URL must start with"), "{err}");
        let err = open_database(&config(&[
            "--database-url",
            "postgres://nobody:secret@127.0.0.1:1/cp",
        ]))
        .await
        .expect_err("unreachable")
        .to_string();
        assert!(
            err.starts_with("cannot open database postgres://nobody:***@127.0.0.1:1/cp"),
            "{err}"
        );
        assert!(!err.contains('\n') && !err.contains("secret"), "{err}");
    }

    #[tokio::test]
    async fn an_unusable_data_dir_is_reported() {
        let err = open_database(&config(&[
            "--database-url",
            "",
            "--data-dir",
            "/proc/cp-data",
        ]))
        .await
        .expect_err("refused")
        .to_string();
        assert!(
            err.starts_with("cannot create the data directory /proc/cp-data"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn a_port_in_use_is_reported() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = taken.local_addr().expect("addr").to_string();
        let dir = tempfile::tempdir().expect("dir");
        let dir_arg = dir.path().to_string_lossy().into_owned();
        // A site with the three assets the pages link (no hash file: unhashed names).
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("pkg")).expect("pkg");
        for ext in ["css", "js", "wasm"] {
            std::fs::write(site.join(format!("pkg/collectivepower.{ext}")), "x").expect("asset");
        }
        std::fs::write(site.join("nav.js"), "x").expect("nav.js");
        let site_arg = site.to_string_lossy().into_owned();
        let config = config(&[
            "--database-url",
            "",
            "--data-dir",
            &dir_arg,
            "--addr",
            &addr,
            "--site-root",
            &site_arg,
        ]);
        let db = open_database(&config).await.expect("database");
        let search = open_search(&config, &db).await.expect("search");
        let err = crate::server::http::serve(&config, db.clone(), search.clone())
            .await
            .expect_err("port in use")
            .to_string();
        assert!(
            err.starts_with(&format!("cannot listen on {addr}")),
            "{err}"
        );

        // Without its assets the server refuses to start, naming what is missing (issue 15: it
        // used to serve pages linking files that answered 404).
        std::fs::remove_file(site.join("pkg/collectivepower.wasm")).expect("remove");
        let err = crate::server::http::serve(&config, db, search)
            .await
            .expect_err("an incomplete site")
            .to_string();
        assert!(
            err.starts_with("the built site is incomplete: pkg/collectivepower.wasm missing"),
            "{err}"
        );
    }

    #[test]
    fn serve_is_the_default_command() {
        let cli = Cli::parse_from(["collectivepower"]);
        assert_eq!(cli.command, None);
        let cli = Cli::parse_from(["collectivepower", "serve", "--demo"]);
        assert_eq!(cli.command, Some(Command::Serve { demo: true }));
    }
}
