//! The tantivy index of one app node: schema, Dutch and English analysers, writing, query
//! building (words, phrases, prefixes while typing, near words for typos) and hits with snippets.
//! Reading the typed text is in `text`, the one-pass top hits and facet counts in `collector`.
//!
//! Query semantics, in short:
//! - the text is cut to `MAX_QUERY_CHARS`, control characters become spaces, and nothing in it is
//!   syntax except double quotes around a phrase (an unbalanced quote is ignored) — so no input is
//!   ever a parse error;
//! - each word is looked up in both languages' stemmed fields (title counts double) and in the
//!   plain `extra` field (sector and topic names, place names); words that are stop words in
//!   either language are dropped, and so are `AND`/`OR`/`NOT`;
//! - a word of five letters or more that occurs nowhere is replaced by the most frequent indexed
//!   words within edit distance 1 (2 from eight letters on), and the reader is told;
//! - while typing, the last word also matches (in titles, sector/topic/place names) the most
//!   frequent words that start with it;
//! - most of the words must match (all of one or two, all but one of three or four, then two
//!   thirds), quoted phrases must.
//!
//! Every part of a query is a term or phrase query on real index terms, so BM25 ranks everything
//! and the snippet generator can highlight whatever matched, near words included.
//!
//! Here: `schema` (fields, analysers, `FORMAT`, `SearchDoc`), `index` (opening, writing,
//! committing), `query` (building the query), `hits` (running it: hits and snippets).

mod hits;
mod index;
mod query;
mod schema;

pub use hits::{EngineResults, StoredHit, escape_html};
pub use query::{BuiltQuery, Mode};
pub use schema::{FORMAT, Fields, SearchDoc, bit, doc_key, schema, status_code, status_from_code};

use std::sync::Mutex;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{IndexReader, IndexWriter};

/// Why the index could not be opened, written or searched; the cause is kept.
#[derive(Debug)]
pub enum EngineError {
    /// tantivy failed (reading, writing, merging, searching).
    Tantivy(tantivy::TantivyError),
    /// The index directory could not be created or cleared.
    Io(std::io::Error),
    /// Another process holds this directory's writer lock.
    InUse {
        dir: std::path::PathBuf,
        source: tantivy::TantivyError,
    },
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EngineError::Tantivy(e) => write!(f, "{e}"),
            EngineError::Io(e) => write!(f, "{e}"),
            EngineError::InUse { dir, .. } => write!(
                f,
                "the search index in {} is in use by another process; every app node needs its \
                 own index directory (COLLECTIVEPOWER_INDEX_DIR)",
                dir.display()
            ),
        }
    }
}

impl std::error::Error for EngineError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EngineError::Tantivy(e) | EngineError::InUse { source: e, .. } => Some(e),
            EngineError::Io(e) => Some(e),
        }
    }
}

impl From<tantivy::TantivyError> for EngineError {
    fn from(e: tantivy::TantivyError) -> Self {
        EngineError::Tantivy(e)
    }
}

impl From<std::io::Error> for EngineError {
    fn from(e: std::io::Error) -> Self {
        EngineError::Io(e)
    }
}

/// A node's index: one writer (this process only), a reader reloaded after every commit.
pub struct SearchIndex {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    pub fields: Fields,
    analyzers: Analyzers,
}

#[derive(Clone)]
struct Analyzers {
    nl: TextAnalyzer,
    en: TextAnalyzer,
    plain: TextAnalyzer,
}

/// What `SearchIndex::open` found on disk.
pub enum Opened {
    /// An index of this format, with the payload of its last commit.
    Existing(Option<String>),
    /// Nothing usable was there (missing, corrupt or another format): a new, empty index.
    Fresh { reason: String },
}
