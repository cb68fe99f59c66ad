//! Configuration, from command-line flags or the environment (flags win). The README lists every
//! setting in one table; keep the two in step.

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Args, Clone, Debug)]
pub struct Config {
    /// Database URL: `sqlite://PATH?mode=rwc` or `postgres://USER:PASSWORD@HOST:PORT/DB`.
    /// Default: a SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Directory for the SQLite database and (by default) this node's search index; created if
    /// missing.
    #[arg(
        long,
        env = "COLLECTIVEPOWER_DATA_DIR",
        default_value = "data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// This node's search index directory (each app node needs its own). Default: DATA_DIR/search.
    #[arg(long, env = "COLLECTIVEPOWER_INDEX_DIR", global = true)]
    pub index_dir: Option<PathBuf>,

    /// Address and port to listen on.
    #[arg(
        long,
        env = "LEPTOS_SITE_ADDR",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub addr: SocketAddr,

    /// The public URL people use (e.g. https://collectievekracht.nl). Decides `Secure` cookies and
    /// the origin that mutating requests must come from. Default: http://ADDR.
    #[arg(long, env = "COLLECTIVEPOWER_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// Directory with the built site (`pkg/` with the WASM, JS and CSS; public assets). Default:
    /// `site/` next to the binary, or `../site` from it (where cargo-leptos builds it); never
    /// the working directory.
    #[arg(long, env = "LEPTOS_SITE_ROOT", global = true)]
    pub site_root: Option<PathBuf>,

    /// Let posts show images from other sites (`img-src https:` in the Content-Security-Policy,
    /// markdown images kept as images). Off by default: a remote image tells its host who reads
    /// the thread, so images are turned into links when a post is written, and the policy loads
    /// images from this site only (which also stops `<img>` in posts stored before).
    #[arg(
        long,
        env = "COLLECTIVEPOWER_REMOTE_IMAGES",
        value_parser = clap::builder::BoolishValueParser::new(),
        global = true
    )]
    pub remote_images: bool,

    /// Compute the dashboards' figures when the server starts (off in the tests).
    #[arg(skip = true)]
    pub warm_stats: bool,

    /// Maximum number of database connections for reads.
    #[arg(
        long,
        env = "COLLECTIVEPOWER_DB_MAX_CONNECTIONS",
        default_value_t = 16,
        global = true
    )]
    pub db_max_connections: u32,

    /// Memory for the visitors' copies of thread pages, in MiB. When full, the pages read least
    /// often and least lately make room (a crawler reading every thread once does not push out the
    /// threads people read).
    #[arg(
        long,
        env = "COLLECTIVEPOWER_PAGE_CACHE_MB",
        default_value_t = 64,
        global = true
    )]
    pub page_cache_mb: u64,

    /// Edits of their own texts (questions, answers, comments, collective pages) one account may
    /// save per hour; every version is kept and public in the history (issue 15). Moderators
    /// fixing other people's texts are not limited (each such edit is in the moderation log).
    #[arg(
        long,
        env = "COLLECTIVEPOWER_EDITS_PER_HOUR",
        default_value_t = 30,
        global = true
    )]
    pub edits_per_hour: u32,

    /// Proxies (addresses or networks, comma-separated, e.g. `10.0.0.0/8,::1`) whose
    /// `X-Forwarded-For` is believed when deciding the client's IP address. Default: none.
    #[arg(
        long,
        env = "COLLECTIVEPOWER_TRUSTED_PROXIES",
        value_delimiter = ',',
        global = true
    )]
    pub trusted_proxies: Vec<String>,

    /// A session ends after this many hours without a request.
    #[arg(
        long,
        env = "COLLECTIVEPOWER_SESSION_IDLE_HOURS",
        default_value_t = 168,
        global = true
    )]
    pub session_idle_hours: u32,

    /// A session ends this many days after sign-in, however active.
    #[arg(
        long,
        env = "COLLECTIVEPOWER_SESSION_MAX_DAYS",
        default_value_t = 30,
        global = true
    )]
    pub session_max_days: u32,

    /// Sign-in attempts per account from one client address (IPv6: per /48) per minute (a
    /// successful sign-in from there starts the count again); also the limit for re-entering the
    /// password and for sign-ups per address per hour.
    #[arg(
        long,
        env = "COLLECTIVEPOWER_SIGNIN_LIMIT_ACCOUNT",
        default_value_t = 10,
        global = true
    )]
    pub signin_limit_account: u32,

    /// Sign-in attempts per account per hour from all addresses together. Past it, an address
    /// (IPv6: a /48) may still try that account 3 times an hour, and all such addresses together
    /// 3 times this limit: strangers need hundreds of networks to shut the owner out, and
    /// guessing from many addresses stays bounded.
    #[arg(
        long,
        env = "COLLECTIVEPOWER_SIGNIN_LIMIT_ACCOUNT_HOUR",
        default_value_t = 100,
        global = true
    )]
    pub signin_limit_account_hour: u32,

    /// Sign-in attempts per client IP address (IPv6: per /64) per minute.
    #[arg(
        long,
        env = "COLLECTIVEPOWER_SIGNIN_LIMIT_IP",
        default_value_t = 30,
        global = true
    )]
    pub signin_limit_ip: u32,

    /// Sign-ups per client IP address per hour.
    #[arg(
        long,
        env = "COLLECTIVEPOWER_SIGNUP_LIMIT_IP",
        default_value_t = 20,
        global = true
    )]
    pub signup_limit_ip: u32,
}

impl Config {
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| super::db::sqlite_url_in(&self.data_dir))
    }

    pub fn index_dir(&self) -> PathBuf {
        self.index_dir
            .clone()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or_else(|| self.data_dir.join("search"))
    }

    /// Whether the database lives in the data directory (which must then exist).
    pub fn uses_data_dir_database(&self) -> bool {
        self.database_url().starts_with("sqlite:")
    }

    /// The built site's directory: the configured one, else `site/` beside the binary or one
    /// level up (cargo-leptos puts the binary in `TARGET/release/` and the site in
    /// `TARGET/site/`). Found from the binary's own path, so the working directory never matters.
    pub fn site_root(&self) -> PathBuf {
        if let Some(root) = self
            .site_root
            .as_ref()
            .filter(|r| !r.as_os_str().is_empty())
        {
            return root.clone();
        }
        let exe_dir = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.canonicalize().ok())
            .and_then(|exe| exe.parent().map(PathBuf::from));
        if let Some(dir) = exe_dir {
            // A test binary lives one level deeper (`TARGET/release/deps/`); an installed
            // binary never looks further up than its parent (`/opt/app/bin` → `/opt/app/site`).
            let in_deps = dir.file_name().is_some_and(|name| name == "deps");
            let candidates = [
                Some(dir.join("site")),
                Some(dir.join("../site")),
                in_deps.then(|| dir.join("../../site")),
            ];
            for candidate in candidates.into_iter().flatten() {
                if candidate.join("pkg").is_dir() {
                    return candidate;
                }
            }
            return dir.join("site");
        }
        PathBuf::from("site")
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(|u| u.trim_end_matches('/').to_string())
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }

    pub fn public_url_is_https(&self) -> bool {
        self.public_url().starts_with("https://")
    }

    /// The public URL's origin when one is configured (not the `http://ADDR` default).
    pub fn configured_origin(&self) -> Option<String> {
        self.public_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
            .map(|_| self.public_origin())
    }

    /// The origin absolute links to this site start with (canonical URLs, the sitemap): the
    /// configured public URL's, else `http://` and the request's `Host` when it is a plain host
    /// name (a proxy that ends TLS should be named by `--public-url`), else `http://ADDR`.
    pub fn origin_for(&self, headers: Option<&http::HeaderMap>) -> String {
        if let Some(origin) = self.configured_origin() {
            return origin;
        }
        headers
            .and_then(|h| h.get(http::header::HOST))
            .and_then(|v| v.to_str().ok())
            .filter(|host| is_plain_host(host))
            .map(|host| format!("http://{host}"))
            .unwrap_or_else(|| self.public_origin())
    }

    /// The trusted proxies, parsed (an unparsable entry stops start-up with its reason).
    pub fn trusted_networks(
        &self,
    ) -> Result<Vec<super::client_ip::Network>, super::client_ip::NetworkError> {
        self.trusted_proxies
            .iter()
            .filter(|t| !t.trim().is_empty())
            .map(|t| super::client_ip::Network::parse(t))
            .collect()
    }

    pub fn session_idle_ms(&self) -> i64 {
        i64::from(self.session_idle_hours.max(1)) * 3_600_000
    }

    pub fn session_max_ms(&self) -> i64 {
        i64::from(self.session_max_days.max(1)) * 86_400_000
    }

    /// `scheme://host[:port]` of the public URL, as browsers send it in `Origin`.
    pub fn public_origin(&self) -> String {
        let url = self.public_url();
        match url.find("://") {
            Some(i) => match url[i + 3..].find('/') {
                Some(j) => url[..i + 3 + j].to_string(),
                None => url,
            },
            None => url,
        }
    }
}

/// A `Host` header that is a host name or address with an optional port, nothing else.
fn is_plain_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct TestCli {
        #[command(flatten)]
        config: Config,
    }

    fn parse(args: &[&str]) -> Config {
        let mut all = vec!["collectivepower"];
        all.extend_from_slice(args);
        TestCli::parse_from(all).config
    }

    #[test]
    fn defaults_to_sqlite_in_the_data_dir() {
        let c = parse(&["--data-dir", "/srv/cp", "--database-url", ""]);
        assert_eq!(
            c.database_url(),
            "sqlite:///srv/cp/collectivepower.sqlite3?mode=rwc"
        );
        assert!(c.uses_data_dir_database());
    }

    #[test]
    fn public_origin_drops_the_path() {
        let c = parse(&["--public-url", "https://cp.example.nl/app/"]);
        assert_eq!(c.public_origin(), "https://cp.example.nl");
        assert!(c.public_url_is_https());
        let c = parse(&["--addr", "127.0.0.1:4000", "--public-url", ""]);
        assert_eq!(c.public_origin(), "http://127.0.0.1:4000");
        assert!(!c.public_url_is_https());
    }

    #[test]
    fn links_use_the_public_url_else_the_host_asked_for() {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::HOST, "localhost:3000".parse().expect("host"));
        let c = parse(&["--public-url", "https://cp.example.nl/"]);
        assert_eq!(c.origin_for(Some(&headers)), "https://cp.example.nl");
        assert_eq!(
            c.configured_origin().as_deref(),
            Some("https://cp.example.nl")
        );
        let c = parse(&["--addr", "127.0.0.1:4000", "--public-url", ""]);
        assert_eq!(c.configured_origin(), None);
        assert_eq!(c.origin_for(Some(&headers)), "http://localhost:3000");
        assert_eq!(c.origin_for(None), "http://127.0.0.1:4000");
        headers.insert(
            http::header::HOST,
            "evil.example/<x>".parse().expect("host"),
        );
        assert_eq!(c.origin_for(Some(&headers)), "http://127.0.0.1:4000");
    }
}
