//! The command line: `serve` (default), `migrate`, `seed-demo`. Start-up failures print one
//! readable line and exit non-zero.

use super::config::Config;
use super::db::{Db, redact_url};
use clap::{Parser, Subcommand};
use std::process::ExitCode;

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

#[derive(Subcommand, Debug, Clone, Copy, PartialEq, Eq)]
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
pub async fn open_database(config: &Config) -> Result<Db, String> {
    if config.uses_data_dir_database() && config.database_url.as_deref().is_none_or(str::is_empty) {
        let dir = &config.data_dir;
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the data directory {}: {e}", dir.display()))?;
        let probe = dir.join(".write-test");
        std::fs::write(&probe, b"ok")
            .map_err(|e| format!("the data directory {} is not writable: {e}", dir.display()))?;
        let _ = std::fs::remove_file(probe);
    }
    let url = config.database_url();
    let db = Db::connect(&url, config.db_max_connections)
        .await
        .map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    tracing::info!(database = %redact_url(&url), "database ready");
    Ok(db)
}

async fn execute(cli: Cli) -> Result<(), String> {
    let config = cli.config;
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
        Command::Serve { demo } => {
            if demo && crate::demo::database_is_empty(&db).await? {
                let report = crate::demo::seed(&db).await?;
                tracing::info!("{report}");
            }
            super::http::serve(&config, db).await
        }
    }
}
