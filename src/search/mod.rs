//! Search: one tantivy index for questions (with their answers) and collectives, in Dutch and
//! English. The shared types are here, the server functions in `api`, the page in `pages` and
//! the header box in `parts`; the engine (`engine`: index, query building, hits; `text`: reading
//! the typed query; `collector`: top hits and facet counts), the documents (`documents`, one
//! `Indexable` trait per content type), the change feed from the database (`changes`), the node's
//! sync loop (`service`) and all SQL (`db`) are server-only.
//!
//! The database is the truth: the index is derived and can always be rebuilt (`reindex`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod changes;
#[cfg(feature = "ssr")]
pub mod collector;
#[cfg(feature = "ssr")]
pub mod corpus;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod documents;
#[cfg(feature = "ssr")]
pub mod engine;
pub mod pages;
pub mod parts;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(all(test, feature = "ssr"))]
mod tests;
#[cfg(feature = "ssr")]
pub mod text;

use crate::content::QuestionStatus;
use crate::i18n::{Locale, Msg};
use crate::taxonomy::Term;
use serde::{Deserialize, Serialize};

/// Results per page.
pub const PAGE_SIZE: usize = 10;
/// Longest query text that is searched; longer input is cut (and the reader told).
pub const MAX_QUERY_CHARS: usize = 200;

/// What a search document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocKind {
    Question,
    Collective,
}

impl DocKind {
    pub const ALL: [DocKind; 2] = [DocKind::Question, DocKind::Collective];

    pub fn slug(self) -> &'static str {
        match self {
            DocKind::Question => "question",
            DocKind::Collective => "collective",
        }
    }

    pub fn parse(s: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.slug() == s)
    }

    /// The number stored in the index.
    pub fn code(self) -> u64 {
        match self {
            DocKind::Question => 1,
            DocKind::Collective => 2,
        }
    }

    pub fn from_code(code: u64) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            DocKind::Question => Msg::SearchKindQuestions,
            DocKind::Collective => Msg::SearchKindCollectives,
        }
    }
}

/// The search page's URL, parsed: `/search?q=…&type=…&sector=…&lab=…&topic=…&status=…&page=…`.
/// Unknown or malformed values are dropped, never an error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchParams {
    pub q: String,
    pub kind: Option<DocKind>,
    pub sector: Option<String>,
    pub lab: Option<String>,
    pub topic: Option<String>,
    pub status: Option<QuestionStatus>,
    pub page: usize,
}

fn slug_param(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_ascii_lowercase()).filter(|v| {
        !v.is_empty()
            && v.len() <= 64
            && v.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    })
}

impl SearchParams {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> SearchParams {
        SearchParams {
            q: get("q").unwrap_or_default(),
            kind: get("type").as_deref().and_then(DocKind::parse),
            sector: slug_param(get("sector")),
            lab: slug_param(get("lab")),
            topic: slug_param(get("topic")),
            status: get("status").as_deref().and_then(QuestionStatus::parse),
            page: get("page")
                .and_then(|p| p.trim().parse::<usize>().ok())
                .filter(|p| (1..=1000).contains(p))
                .unwrap_or(1),
        }
    }

    pub fn has_filters(&self) -> bool {
        self.kind.is_some()
            || self.sector.is_some()
            || self.lab.is_some()
            || self.topic.is_some()
            || self.status.is_some()
    }

    /// The page's URL for these parameters (page 1 is left out).
    pub fn url(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.q.trim().is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if let Some(k) = self.kind {
            pairs.push(("type", k.slug().to_string()));
        }
        for (key, value) in [
            ("sector", &self.sector),
            ("lab", &self.lab),
            ("topic", &self.topic),
        ] {
            if let Some(v) = value {
                pairs.push((key, v.clone()));
            }
        }
        if let Some(s) = self.status {
            pairs.push(("status", s.as_str().to_string()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if pairs.is_empty() {
            return "/search".to_string();
        }
        let query = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", crate::ui::url_encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        format!("/search?{query}")
    }

    /// The same search with one change, back on page 1 (for filter links).
    pub fn with(&self, change: impl FnOnce(&mut SearchParams)) -> SearchParams {
        let mut next = self.clone();
        change(&mut next);
        next.page = 1;
        next
    }
}

/// One result. `title_html` and `snippet_html` are escaped text with `<mark>` around the matched
/// words, made on the server; nothing else in them is markup.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: DocKind,
    pub url: String,
    pub lang: Locale,
    pub title_html: String,
    pub snippet_html: String,
    pub sectors: Vec<Term>,
    pub lab: Option<Term>,
    pub status: Option<QuestionStatus>,
    pub answer_count: u64,
    /// Where a collective is (municipality, province).
    pub place: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FacetCount {
    pub term: Term,
    pub count: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub params: SearchParams,
    pub hits: Vec<SearchHit>,
    /// Matches for the query and every filter.
    pub total: u64,
    /// Matches per type, sector and lab, each counted with the other filters applied.
    pub kinds: Vec<(DocKind, u64)>,
    pub sectors: Vec<FacetCount>,
    pub labs: Vec<FacetCount>,
    /// Filter choices that have no facet counts.
    pub topics: Vec<Term>,
    /// Words that were not found and were read as a near word instead: (typed, used).
    pub corrections: Vec<(String, String)>,
    /// Something the reader should know about the query (cut short, nothing searchable).
    pub notice: Option<Msg>,
    pub has_more: bool,
}

/// A question like the one being written, from any sector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimilarQuestion {
    pub id: i64,
    pub title: String,
    pub lang: Locale,
    pub status: Option<QuestionStatus>,
    pub answer_count: u64,
    pub sectors: Vec<Term>,
}
