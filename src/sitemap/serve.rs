//! The handlers of `/robots.txt`, `/sitemap.xml` and `/sitemap/<file>.xml`, and the text they
//! write. Addresses are absolute, from `Config::origin_for` like the pages' canonical links, and
//! XML-escaped wherever they land.

use super::{DISALLOWED, MAX_FILES, QUESTIONS_PER_FILE, SitemapEntry, db, questions_file_number};
use crate::i18n::iso_date;
use crate::server::config::Config;
use crate::server::db::Db;
use crate::ui::head::PageAddresses;
use crate::ui::href::escape_html;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// What the handlers need.
#[derive(Clone)]
pub struct Crawling {
    pub db: Db,
    pub config: Config,
}

/// The routes, for `server::http::router` to merge.
pub fn routes<S: Clone + Send + Sync + 'static>(db: Db, config: Config) -> Router<S> {
    Router::new()
        .route("/robots.txt", get(robots))
        .route("/sitemap.xml", get(index))
        .route("/sitemap/{file}", get(file))
        .with_state(Crawling { db, config })
}

/// The most addresses `pages.xml` lists (the protocol allows 50,000 per file).
const MAX_PAGES: i64 = 49_000;

/// The pages every visitor can read that are not threads: `pages.xml`.
const FIXED_PAGES: [&str; 4] = ["/", "/questions", "/collectives", "/stats"];

async fn robots(State(c): State<Crawling>, headers: HeaderMap) -> Response {
    let origin = c.config.origin_for(Some(&headers));
    reply("text/plain; charset=utf-8", robots_txt(&origin))
}

/// `/robots.txt`: everything public may be read, the private and endless pages not; where the
/// sitemap is.
pub fn robots_txt(origin: &str) -> String {
    let mut out = String::from("# CollectivePower / CollectieveKracht\nUser-agent: *\nAllow: /\n");
    for path in DISALLOWED {
        out.push_str(&format!("Disallow: {path}\n"));
    }
    out.push_str(&format!("\nSitemap: {origin}/sitemap.xml\n"));
    out
}

async fn index(State(c): State<Crawling>, headers: HeaderMap) -> Response {
    let origin = c.config.origin_for(Some(&headers));
    match db::question_id_range(&c.db).await {
        Ok(range) => reply(XML, sitemap_index(&origin, question_files(range))),
        Err(e) => failed(e),
    }
}

/// The numbers of the questions files for the lowest and highest question id (none without
/// questions); at most `MAX_FILES` − 1, beside `pages.xml`.
pub fn question_files(range: Option<(i64, i64)>) -> Option<std::ops::RangeInclusive<i64>> {
    let (low, high) = range.filter(|(low, high)| *low >= 0 && high >= low)?;
    let (first, last) = (low / QUESTIONS_PER_FILE, high / QUESTIONS_PER_FILE);
    let kept = last.min(first + MAX_FILES - 2);
    if kept < last {
        tracing::warn!(
            "question ids span more than {MAX_FILES} sitemap files; the rest is left out"
        );
    }
    Some(first..=kept)
}

/// `/sitemap.xml`: the pages file and one file per range of question ids.
pub fn sitemap_index(origin: &str, files: Option<std::ops::RangeInclusive<i64>>) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut add = |name: String| {
        out.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape_html(&format!("{origin}/sitemap/{name}"))
        ));
    };
    add("pages.xml".to_string());
    for n in files.into_iter().flatten() {
        add(format!("questions-{n}.xml"));
    }
    out.push_str("</sitemapindex>\n");
    out
}

async fn file(State(c): State<Crawling>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let origin = c.config.origin_for(Some(&headers));
    let entries = if file == "pages.xml" {
        pages(&c.db).await
    } else if let Some(n) = questions_file_number(&file) {
        match db::question_id_range(&c.db).await {
            Ok(range) if question_files(range).is_some_and(|files| files.contains(&n)) => {
                let from = n * QUESTIONS_PER_FILE;
                db::visible_questions(&c.db, from, from + QUESTIONS_PER_FILE).await
            }
            Ok(_) => return StatusCode::NOT_FOUND.into_response(),
            Err(e) => Err(e),
        }
    } else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match entries {
        Ok(entries) => reply(XML, urlset(&origin, &entries)),
        Err(e) => failed(e),
    }
}

/// The entries of `pages.xml`: the fixed pages, the labs and the collectives.
async fn pages(db: &Db) -> Result<Vec<SitemapEntry>, sqlx::Error> {
    let newest = db::last_activity(db).await?;
    let mut entries: Vec<SitemapEntry> = FIXED_PAGES
        .iter()
        .map(|path| SitemapEntry {
            path: path.to_string(),
            last_modified: matches!(*path, "/" | "/questions")
                .then_some(newest)
                .flatten(),
        })
        .collect();
    entries.extend(
        crate::taxonomy::LABS
            .iter()
            .map(|(slug, _, _)| SitemapEntry {
                path: format!("/labs/{slug}"),
                last_modified: None,
            }),
    );
    entries.extend(
        db::collectives(db, MAX_PAGES)
            .await?
            .into_iter()
            .map(|(slug, updated_at)| SitemapEntry {
                path: format!("/collectives/{}", crate::ui::url_encode(&slug)),
                last_modified: Some(updated_at),
            }),
    );
    Ok(entries)
}

/// A sitemap file: each address with its last change and its language versions.
pub fn urlset(origin: &str, entries: &[SitemapEntry]) -> String {
    let mut out = String::with_capacity(200 + entries.len() * 400);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for entry in entries {
        let addresses = PageAddresses::new(origin, &entry.path, |_| None);
        out.push_str("  <url>\n");
        out.push_str(&format!(
            "    <loc>{}</loc>\n",
            escape_html(&addresses.default)
        ));
        if let Some(at) = entry.last_modified {
            out.push_str(&format!("    <lastmod>{}</lastmod>\n", iso_date(at)));
        }
        for (lang, href) in addresses.alternates() {
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>\n",
                escape_html(href)
            ));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

const XML: &str = "application/xml; charset=utf-8";

fn reply(content_type: &'static str, body: String) -> Response {
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Crawlers come back now and then; an hour old is fresh enough.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

fn failed(e: sqlx::Error) -> Response {
    tracing::error!(error = %e, "sitemap: the database could not be read");
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}
