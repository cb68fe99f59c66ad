//! What crawlers are given (issue 17): `/robots.txt` (what to leave alone, where the sitemap is)
//! and the sitemaps. `/sitemap.xml` is an index of `/sitemap/pages.xml` (the home, list and
//! statistics pages, the five labs and every collective of the public directory) and of
//! `/sitemap/questions-<n>.xml`, the visible threads whose ids lie from n·10,000 to
//! (n+1)·10,000 − 1: each file is one range scan of the primary key and at most 10,000 addresses,
//! and the index needs only the lowest and highest id, however many threads there are. Every
//! address carries its Dutch and English versions (`?lang=`, see `ui::head::PageAddresses`).
//!
//! Server-only: plain axum handlers (`serve`), wired in `server::http::router`; the SQL in `db`.

pub mod db;
pub mod serve;

#[cfg(test)]
mod tests;

/// Threads per questions file: the id range each file covers.
pub const QUESTIONS_PER_FILE: i64 = 10_000;

/// At most this many files in a sitemap index (the protocol's limit).
pub const MAX_FILES: i64 = 50_000;

/// Paths crawlers are asked to leave alone: private pages, forms, the edit history and comment
/// pages (the thread holds the same text), redirects, and people's profiles (members are findable
/// on the platform, not through search engines). Search pages stay crawlable: a shared search link
/// (a sector's questions on a topic) is a page people land on, and Lighthouse's SEO audit of
/// `/search` (issue 17) counts a blocked page as not indexable.
pub const DISALLOWED: [&str; 16] = [
    "/api/",
    "/account",
    "/admin",
    "/moderation",
    "/edit/",
    "/history/",
    "/queue",
    "/notifications",
    "/signin",
    "/signup",
    "/questions/new",
    "/collectives/new",
    "/comment/",
    "/comments/",
    "/users/",
    "/healthz",
];

/// One address of a sitemap: a path on this site and when what it shows last changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SitemapEntry {
    /// Percent-encoded where needed (`ui::url_encode` for slugs).
    pub path: String,
    /// Epoch milliseconds.
    pub last_modified: Option<i64>,
}

/// The questions file `questions-<n>.xml` names: `n`, when it is one.
pub fn questions_file_number(file: &str) -> Option<i64> {
    let n = file.strip_prefix("questions-")?.strip_suffix(".xml")?;
    if n.is_empty() || n.len() > 12 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok()
}
