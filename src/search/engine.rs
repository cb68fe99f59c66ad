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

use super::DocKind;
use super::collector::{Collected, FacetedTop, Filters};
use super::text::{MAX_WORDS, ParsedText};
use crate::i18n::Locale;
use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, TokenStream,
};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher, TantivyDocument,
    Term,
};

/// Bump when the schema or the analysers change: an index of another version is rebuilt.
pub const FORMAT: u32 = 2;

const NL: &str = "cp_nl";
const EN: &str = "cp_en";
const PLAIN: &str = "cp_plain";

/// How many indexed words a prefix or a typo may stand for.
const PREFIX_EXPANSIONS: usize = 4;
const FUZZY_EXPANSIONS: usize = 4;
/// Prefix expansion looks at this many dictionary entries per segment at most.
const PREFIX_SCAN_LIMIT: usize = 4000;

/// One document as the index sees it. Built by an `Indexable` content type.
#[derive(Clone, Debug, Default)]
pub struct SearchDoc {
    pub kind: Option<DocKind>,
    pub id: i64,
    /// The content's language; `None` for bilingual content (collectives).
    pub lang: Option<Locale>,
    pub title: String,
    /// Text per language (a question's body and its answers each in their own language).
    pub body: Vec<(Locale, String)>,
    /// Extra words that should find the document: sector, topic and lab names, places.
    pub extra: String,
    pub url: String,
    pub place: String,
    pub sector_mask: u64,
    pub topic_mask: u64,
    pub lab_id: u64,
    /// 0 for documents without a status, else `status_code`.
    pub status: u64,
    pub answer_count: u64,
}

impl SearchDoc {
    pub fn key(&self) -> String {
        doc_key(self.kind.map(DocKind::slug).unwrap_or("none"), self.id)
    }
}

pub fn doc_key(entity: &str, id: i64) -> String {
    format!("{entity}:{id}")
}

/// Bit for a reference-data id (sectors, topics) in a 64-bit mask; ids beyond 63 have none.
pub fn bit(id: i64) -> u64 {
    if (0..64).contains(&id) { 1u64 << id } else { 0 }
}

pub fn status_code(s: crate::questions::QuestionStatus) -> u64 {
    use crate::questions::QuestionStatus::*;
    match s {
        Open => 1,
        Answered => 2,
        Resolved => 3,
        Closed => 4,
    }
}

pub fn status_from_code(code: u64) -> Option<crate::questions::QuestionStatus> {
    use crate::questions::QuestionStatus::*;
    [Open, Answered, Resolved, Closed]
        .into_iter()
        .find(|s| status_code(*s) == code)
}

#[derive(Clone, Copy)]
pub struct Fields {
    pub key: Field,
    pub kind: Field,
    pub id: Field,
    pub lang: Field,
    pub url: Field,
    pub title: Field,
    pub place: Field,
    pub title_nl: Field,
    pub title_en: Field,
    pub body_nl: Field,
    pub body_en: Field,
    pub extra: Field,
    /// Every word, unstemmed: the vocabulary for prefixes and near words (not searched).
    pub words: Field,
    pub sectors: Field,
    pub topics: Field,
    pub lab: Field,
    pub status: Field,
    pub answers: Field,
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str, stored: bool| {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        kind: b.add_u64_field("kind", FAST | STORED | INDEXED),
        id: b.add_i64_field("id", STORED),
        lang: b.add_text_field("lang", STORED),
        url: b.add_text_field("url", STORED),
        title: b.add_text_field("title", STORED),
        place: b.add_text_field("place", STORED),
        title_nl: b.add_text_field("title_nl", text(NL, true)),
        title_en: b.add_text_field("title_en", text(EN, true)),
        body_nl: b.add_text_field("body_nl", text(NL, true)),
        body_en: b.add_text_field("body_en", text(EN, true)),
        extra: b.add_text_field("extra", text(PLAIN, false)),
        words: b.add_text_field(
            "words",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(PLAIN)
                    .set_index_option(IndexRecordOption::Basic),
            ),
        ),
        sectors: b.add_u64_field("sectors", FAST | STORED),
        topics: b.add_u64_field("topics", FAST),
        lab: b.add_u64_field("lab", FAST | STORED),
        status: b.add_u64_field("status", FAST | STORED),
        answers: b.add_u64_field("answers", STORED),
    };
    (b.build(), fields)
}

/// English function words. Lucene's short list (tantivy's default) keeps "how", "do", "we",
/// which every English question starts with; here they would make most words required.
const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "about", "am", "an", "and", "any", "anyone", "are", "as", "at", "be", "been", "being",
    "but", "by", "can", "could", "did", "do", "does", "for", "from", "get", "got", "had", "has",
    "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of", "on",
    "or", "other", "others", "our", "ours", "should", "so", "some", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "to", "us", "was", "we",
    "were", "what", "when", "where", "which", "who", "why", "will", "with", "would", "you", "your",
];

fn analyzer(language: Option<Language>) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match language {
        None => base.build(),
        Some(Language::English) => base
            .filter(StopWordFilter::remove(
                ENGLISH_STOP_WORDS.iter().map(|w| w.to_string()),
            ))
            .filter(Stemmer::new(Language::English))
            .build(),
        Some(language) => match StopWordFilter::new(language) {
            Some(stop) => base.filter(stop).filter(Stemmer::new(language)).build(),
            None => base.filter(Stemmer::new(language)).build(),
        },
    }
}

fn register_analyzers(index: &Index) {
    index
        .tokenizers()
        .register(NL, analyzer(Some(Language::Dutch)));
    index
        .tokenizers()
        .register(EN, analyzer(Some(Language::English)));
    index.tokenizers().register(PLAIN, analyzer(None));
}

/// The tokens of `text` under one analyser.
fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

#[derive(Debug)]
pub struct EngineError(pub String);

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<tantivy::TantivyError> for EngineError {
    fn from(e: tantivy::TantivyError) -> Self {
        EngineError(e.to_string())
    }
}

impl From<std::io::Error> for EngineError {
    fn from(e: std::io::Error) -> Self {
        EngineError(e.to_string())
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

impl SearchIndex {
    /// Opens the index in `dir`, or creates an empty one when there is none, it cannot be read,
    /// or it has another schema — the caller then rebuilds it from the database.
    pub fn open(
        dir: &Path,
        writer_threads: usize,
        heap_bytes: usize,
    ) -> Result<(SearchIndex, Opened), EngineError> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let existing = if !dir.join("meta.json").exists() {
            Err(String::new())
        } else {
            match Index::open_in_dir(dir) {
                Ok(index) if index.schema() == schema => Ok(index),
                Ok(_) => Err("the index has another schema".to_string()),
                Err(e) => Err(format!("the index cannot be read ({e})")),
            }
        };
        let (index, opened) = match existing {
            Ok(index) => {
                let payload = index.load_metas()?.payload;
                (index, Opened::Existing(payload))
            }
            Err(reason) => {
                // Start over (a corrupt or foreign index is thrown away: it is derived data).
                wipe_index_files(dir)?;
                let index = Index::create_in_dir(dir, schema)?;
                let reason = if reason.is_empty() {
                    "no index yet".to_string()
                } else {
                    reason
                };
                (index, Opened::Fresh { reason })
            }
        };
        let mut index = index;
        register_analyzers(&index);
        // Segments are searched in parallel: one query's latency, not the throughput, is the
        // budget, and a large index has several segments.
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        if cores > 1 {
            index.set_multithread_executor(cores.min(4))?;
        }
        let writer = index
            .writer_with_num_threads(writer_threads.max(1), heap_bytes)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => EngineError(format!(
                    "the search index in {} is in use by another process; every app node needs \
                     its own index directory (COLLECTIVEPOWER_INDEX_DIR)",
                    dir.display()
                )),
                e => e.into(),
            })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let this = SearchIndex {
            analyzers: Analyzers {
                nl: analyzer(Some(Language::Dutch)),
                en: analyzer(Some(Language::English)),
                plain: analyzer(None),
            },
            reader,
            writer: Mutex::new(writer),
            fields,
        };
        // A quick read proves the segments are readable; otherwise start over.
        if let Opened::Existing(_) = &opened
            && let Err(e) = this.probe()
        {
            drop(this);
            wipe_index_files(dir)?;
            let (fresh, _) = SearchIndex::open(dir, writer_threads, heap_bytes)?;
            return Ok((
                fresh,
                Opened::Fresh {
                    reason: format!("the index cannot be read ({e})"),
                },
            ));
        }
        Ok((this, opened))
    }

    fn probe(&self) -> Result<(), EngineError> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.title_en, "probe"),
            IndexRecordOption::Basic,
        );
        searcher.search(&query, &tantivy::collector::Count)?;
        Ok(())
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn lock_writer(&self) -> std::sync::MutexGuard<'_, IndexWriter> {
        // A panic while holding the lock cannot leave the writer half-changed: uncommitted work
        // is simply not committed.
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Removes every document (taking effect at the next commit).
    pub fn clear(&self) -> Result<(), EngineError> {
        let mut writer = self.lock_writer();
        // Documents added but not committed (a rebuild that failed halfway) would otherwise
        // survive `delete_all_documents` and come back twice.
        writer.rollback()?;
        writer.delete_all_documents()?;
        Ok(())
    }

    /// Removes the document with this key (at the next commit).
    pub fn delete(&self, key: &str) {
        self.lock_writer()
            .delete_term(Term::from_field_text(self.fields.key, key));
    }

    /// Adds or replaces a document (at the next commit).
    pub fn upsert(&self, doc: &SearchDoc) -> Result<(), EngineError> {
        let writer = self.lock_writer();
        writer.delete_term(Term::from_field_text(self.fields.key, &doc.key()));
        writer.add_document(self.to_tantivy(doc))?;
        Ok(())
    }

    /// Adds a document known not to be in the index yet (a rebuild).
    pub fn add(&self, doc: &SearchDoc) -> Result<(), EngineError> {
        self.lock_writer().add_document(self.to_tantivy(doc))?;
        Ok(())
    }

    /// Commits with the node's sync position as payload, and makes the commit searchable.
    pub fn commit(&self, payload: &str) -> Result<(), EngineError> {
        {
            let mut writer = self.lock_writer();
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(payload);
            prepared.commit()?;
        }
        self.reader.reload()?;
        Ok(())
    }

    /// Waits for background merges (after a rebuild, so the index is compact).
    pub fn wait_for_merges(self) -> Result<(), EngineError> {
        let writer = self.writer.into_inner().unwrap_or_else(|p| p.into_inner());
        writer.wait_merging_threads()?;
        Ok(())
    }

    fn to_tantivy(&self, d: &SearchDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.key, d.key());
        doc.add_u64(f.kind, d.kind.map(DocKind::code).unwrap_or(0));
        doc.add_i64(f.id, d.id);
        doc.add_text(f.lang, d.lang.map(Locale::code).unwrap_or(""));
        doc.add_text(f.url, &d.url);
        doc.add_text(f.title, &d.title);
        doc.add_text(f.place, &d.place);
        match d.lang {
            Some(Locale::Nl) => doc.add_text(f.title_nl, &d.title),
            Some(Locale::En) => doc.add_text(f.title_en, &d.title),
            None => {
                doc.add_text(f.title_nl, &d.title);
                doc.add_text(f.title_en, &d.title);
            }
        }
        for (lang, text) in &d.body {
            let field = match lang {
                Locale::Nl => f.body_nl,
                Locale::En => f.body_en,
            };
            doc.add_text(field, text);
        }
        doc.add_text(f.extra, &d.extra);
        doc.add_text(f.words, &d.title);
        for (_, text) in &d.body {
            doc.add_text(f.words, text);
        }
        doc.add_text(f.words, &d.extra);
        doc.add_u64(f.sectors, d.sector_mask);
        doc.add_u64(f.topics, d.topic_mask);
        doc.add_u64(f.lab, d.lab_id);
        doc.add_u64(f.status, d.status);
        doc.add_u64(f.answers, d.answer_count);
        doc
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }
}

/// Removes tantivy's own files from `dir` (meta files and segment files, named by a 32-hex-digit
/// id) and nothing else: the directory may be one a person pointed us at. Lock files stay: they
/// keep another process from writing here.
fn wipe_index_files(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let segment_file = name.len() > 33
            && name.as_bytes()[32] == b'.'
            && name[..32].bytes().all(|b| b.is_ascii_hexdigit());
        if (name == "meta.json" || name == ".managed.json" || segment_file)
            && entry.file_type()?.is_file()
        {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Building the query

/// How a query is matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A submitted search: most words must match.
    Search,
    /// As-you-type: the last word may be the start of a word.
    AsYouType,
    /// "More like this" (similar questions): any word may match, the best matches first.
    Similar,
}

pub struct BuiltQuery {
    pub query: Box<dyn Query>,
    /// (typed word, indexed word used instead).
    pub corrections: Vec<(String, String)>,
}

fn levenshtein(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    if distance <= 1 {
        ONE.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true))
    } else {
        TWO.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true))
    }
}

struct DfaAutomaton(DFA);

impl tantivy_fst::Automaton for DfaAutomaton {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != levenshtein_automata::SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// The smallest byte string above every string that starts with `prefix`.
fn prefix_upper_bound(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut bound = prefix.to_vec();
    while let Some(last) = bound.pop() {
        if last < 0xFF {
            bound.push(last + 1);
            return Some(bound);
        }
    }
    None
}

fn most_frequent(mut counts: HashMap<String, u64>, n: usize) -> Vec<String> {
    let mut all: Vec<(String, u64)> = counts.drain().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all.into_iter().take(n).map(|(w, _)| w).collect()
}

impl SearchIndex {
    /// Indexed words that start with `prefix` (itself excluded), most frequent first.
    fn prefix_words(&self, searcher: &Searcher, prefix: &str) -> Vec<String> {
        let mut counts: HashMap<String, u64> = HashMap::new();
        let lower = prefix.as_bytes();
        let upper = prefix_upper_bound(lower);
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.fields.words) else {
                continue;
            };
            let mut range = inverted.terms().range().ge(lower);
            if let Some(upper) = &upper {
                range = range.lt(upper);
            }
            let Ok(mut stream) = range.into_stream() else {
                continue;
            };
            let mut scanned = 0;
            while stream.advance() && scanned < PREFIX_SCAN_LIMIT {
                scanned += 1;
                if let Ok(word) = std::str::from_utf8(stream.key())
                    && word != prefix
                {
                    *counts.entry(word.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
        most_frequent(counts, PREFIX_EXPANSIONS)
    }

    /// Indexed words near `word` (a typo), most frequent first.
    fn near_words(&self, searcher: &Searcher, word: &str) -> Vec<String> {
        let distance = if word.chars().count() >= 8 { 2 } else { 1 };
        let mut counts: HashMap<String, u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.fields.words) else {
                continue;
            };
            let dfa = DfaAutomaton(levenshtein(distance).build_dfa(word));
            let Ok(mut stream) = inverted.terms().search(dfa).into_stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(found) = std::str::from_utf8(stream.key()) {
                    *counts.entry(found.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
        most_frequent(counts, FUZZY_EXPANSIONS)
    }

    fn first_token(analyzer: &TextAnalyzer, word: &str) -> Option<String> {
        tokens(&mut analyzer.clone(), word).into_iter().next()
    }

    /// The term queries for one (unstemmed) word in every searched field that holds it, with
    /// their weights, and how many documents they match in all.
    fn word_terms(
        &self,
        searcher: &Searcher,
        word: &str,
        weight: Score,
    ) -> (Vec<(Term, Score)>, u64) {
        self.word_terms_in(searcher, word, weight, true)
    }

    /// As `word_terms`; without `bodies` only titles and the extra words are searched (for the
    /// completions of a word being typed, which would otherwise each walk long body postings).
    fn word_terms_in(
        &self,
        searcher: &Searcher,
        word: &str,
        weight: Score,
        bodies: bool,
    ) -> (Vec<(Term, Score)>, u64) {
        let f = &self.fields;
        let mut out = Vec::new();
        let nl = Self::first_token(&self.analyzers.nl, word);
        let en = Self::first_token(&self.analyzers.en, word);
        let plain = Self::first_token(&self.analyzers.plain, word);
        if let Some(t) = &nl {
            out.push((Term::from_field_text(f.title_nl, t), 2.0 * weight));
            if bodies {
                out.push((Term::from_field_text(f.body_nl, t), weight));
            }
        }
        if let Some(t) = &en {
            out.push((Term::from_field_text(f.title_en, t), 2.0 * weight));
            if bodies {
                out.push((Term::from_field_text(f.body_en, t), weight));
            }
        }
        if let Some(t) = &plain {
            out.push((Term::from_field_text(f.extra, t), 1.5 * weight));
        }
        // Only terms that occur are kept: each is looked up once, here.
        let mut df = 0;
        out.retain(|(t, _)| {
            let n = searcher.doc_freq(t).unwrap_or(0);
            df += n;
            n > 0
        });
        (out, df)
    }

    fn is_stop_word(&self, word: &str) -> bool {
        Self::first_token(&self.analyzers.nl, word).is_none()
            || Self::first_token(&self.analyzers.en, word).is_none()
    }

    fn terms_query(terms: Vec<(Term, Score)>) -> Box<dyn Query> {
        let clauses: Vec<(Occur, Box<dyn Query>)> = terms
            .into_iter()
            .map(|(term, weight)| {
                let q: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                let q: Box<dyn Query> = if (weight - 1.0).abs() > f32::EPSILON {
                    Box::new(BoostQuery::new(q, weight))
                } else {
                    q
                };
                (Occur::Should, q)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    fn phrase_query(&self, phrase: &str) -> Option<Box<dyn Query>> {
        let f = &self.fields;
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (analyzer, fields) in [
            (&self.analyzers.nl, [f.title_nl, f.body_nl]),
            (&self.analyzers.en, [f.title_en, f.body_en]),
        ] {
            let mut a = analyzer.clone();
            let mut stream = a.token_stream(phrase);
            let mut positioned: Vec<(usize, String)> = Vec::new();
            while let Some(token) = stream.next() {
                positioned.push((token.position, token.text.clone()));
            }
            if positioned.is_empty() {
                continue;
            }
            let first = positioned[0].0;
            for field in fields {
                let q: Box<dyn Query> = if positioned.len() == 1 {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, &positioned[0].1),
                        IndexRecordOption::WithFreqs,
                    ))
                } else {
                    Box::new(PhraseQuery::new_with_offset(
                        positioned
                            .iter()
                            .map(|(p, t)| (p - first, Term::from_field_text(field, t)))
                            .collect(),
                    ))
                };
                alternatives.push((Occur::Should, q));
            }
        }
        (!alternatives.is_empty())
            .then(|| Box::new(BooleanQuery::new(alternatives)) as Box<dyn Query>)
    }

    /// Turns query text into a tantivy query; `None` when nothing in it can match.
    pub fn build_query(
        &self,
        searcher: &Searcher,
        text: &ParsedText,
        mode: Mode,
    ) -> Option<BuiltQuery> {
        let mut corrections = Vec::new();
        let mut word_clauses: Vec<Box<dyn Query>> = Vec::new();
        let only_stop_words = text.words.iter().all(|w| self.is_stop_word(w));
        let last = text.words.len().saturating_sub(1);
        // A repeated word counts once (else "heat heat pump" would make "pump" optional).
        let mut seen = std::collections::HashSet::new();
        for (i, word) in text.words.iter().enumerate() {
            if self.is_stop_word(word) && !only_stop_words {
                continue;
            }
            let typing_this = mode == Mode::AsYouType && i == last && text.last_word_open;
            if !seen.insert(word.to_lowercase()) && !typing_this {
                continue;
            }
            let (mut terms, df) = self.word_terms(searcher, word, 1.0);
            let plain = Self::first_token(&self.analyzers.plain, word).unwrap_or_default();
            let typing = mode == Mode::AsYouType && i == last && text.last_word_open;
            let mut matches = df > 0;
            if typing && plain.chars().count() >= 2 {
                let completions = self.prefix_words(searcher, &plain);
                for longer in &completions {
                    let (more, more_df) = self.word_terms_in(searcher, longer, 0.8, false);
                    if more_df > 0 {
                        matches = true;
                        terms.extend(more);
                    }
                }
                // Completions found only in bodies: search the most frequent one there too.
                if !matches && let Some(best) = completions.first() {
                    let (more, more_df) = self.word_terms(searcher, best, 0.8);
                    if more_df > 0 {
                        matches = true;
                        terms.extend(more);
                    }
                }
            }
            // Nothing starts with it either: a typo, read as the nearest indexed words.
            if !matches && plain.chars().count() >= 5 && mode != Mode::Similar {
                let near = self.near_words(searcher, &plain);
                if let Some(best) = near.first() {
                    corrections.push((word.clone(), best.clone()));
                }
                for other in near {
                    let (more, more_df) = self.word_terms(searcher, &other, 0.9);
                    if more_df > 0 {
                        matches = true;
                        terms.extend(more);
                    }
                }
            }
            // A word that matches nothing anywhere does not hold the others back.
            if matches {
                word_clauses.push(Self::terms_query(terms));
            }
        }
        let mut phrases = Vec::new();
        for phrase in &text.phrases {
            match self.phrase_query(phrase) {
                Some(q) => phrases.push(q),
                // A phrase of stop words only constrains nothing.
                None => continue,
            }
        }
        if word_clauses.is_empty() && phrases.is_empty() {
            return None;
        }
        let n = word_clauses.len();
        let required = match mode {
            Mode::Similar => usize::from(n > 0 && phrases.is_empty()),
            _ if !phrases.is_empty() && n == 0 => 0,
            _ => match n {
                0 => 0,
                1 | 2 => n,
                3 | 4 => n - 1,
                n => (2 * n).div_ceil(3),
            },
        };
        // When every word is required, an intersection (led by the rarest word) is much cheaper
        // than counting matches over the union.
        let occur = if required == n && n > 0 {
            Occur::Must
        } else {
            Occur::Should
        };
        let required = if occur == Occur::Must { 0 } else { required };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            word_clauses.into_iter().map(|q| (occur, q)).collect();
        clauses.extend(phrases.into_iter().map(|q| (Occur::Must, q)));
        Some(BuiltQuery {
            query: Box::new(BooleanQuery::with_minimum_required_clauses(
                clauses, required,
            )),
            corrections,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Running a search

/// A stored document's display fields.
#[derive(Clone, Debug, Default)]
pub struct StoredHit {
    pub kind: Option<DocKind>,
    pub id: i64,
    pub lang: Option<Locale>,
    pub url: String,
    pub title: String,
    pub place: String,
    pub sector_mask: u64,
    pub lab_id: u64,
    pub status: u64,
    pub answer_count: u64,
    pub title_html: String,
    pub snippet_html: String,
}

pub struct EngineResults {
    pub hits: Vec<StoredHit>,
    pub collected: Collected,
    pub corrections: Vec<(String, String)>,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// tantivy escapes the text and wraps matches in `<b>`; we show them as `<mark>`. A `<b>` typed
/// by a user arrives here already escaped (`&lt;b&gt;`), so only tantivy's tags are replaced.
fn highlighted(snippet: &tantivy::snippet::Snippet) -> Option<String> {
    if snippet.fragment().is_empty() {
        return None;
    }
    Some(
        snippet
            .to_html()
            .replace("<b>", "<mark>")
            .replace("</b>", "</mark>"),
    )
}

fn excerpt(text: &str, max_chars: usize) -> String {
    escape_html(&crate::server::markdown::shorten(text.trim(), max_chars))
}

impl SearchIndex {
    /// Searches; `ui` decides which language's text a bilingual document shows.
    pub fn search(
        &self,
        text: &ParsedText,
        mode: Mode,
        filters: Filters,
        offset: usize,
        limit: usize,
        ui: Locale,
    ) -> Result<EngineResults, EngineError> {
        let searcher = self.reader.searcher();
        let Some(built) = self.build_query(&searcher, text, mode) else {
            return Ok(EngineResults {
                hits: Vec::new(),
                collected: Collected::default(),
                corrections: Vec::new(),
            });
        };
        let collector = FacetedTop {
            filters,
            limit: offset + limit,
        };
        let mut collected = searcher.search(&*built.query, &collector)?;
        let page: Vec<(Score, DocAddress)> = collected.top.drain(..).skip(offset).collect();
        let hits = self.stored_hits(&searcher, &*built.query, &page, ui, true)?;
        Ok(EngineResults {
            hits,
            collected,
            corrections: built.corrections,
        })
    }

    /// Questions like a draft: any of its words, the rarest weighing most.
    pub fn similar(
        &self,
        title: &str,
        body: &str,
        limit: usize,
    ) -> Result<Vec<StoredHit>, EngineError> {
        let searcher = self.reader.searcher();
        let mut words: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        // All words of the title and of the first 2000 characters of the body (not cut to a
        // search box's length), the rarest of which are kept below.
        let draft: String = title
            .chars()
            .take(300)
            .chain(std::iter::once(' '))
            .chain(body.chars().take(2000))
            .collect();
        for w in draft
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(400)
        {
            let lower = w.to_lowercase();
            if seen.insert(lower.clone()) && !self.is_stop_word(&lower) {
                words.push(lower);
            }
        }
        // Keep the words that say most: present in the index, rarest first; title words first
        // among equals.
        let total = searcher.num_docs().max(1) as f64;
        let mut scored: Vec<(f64, usize, String)> = words
            .into_iter()
            .enumerate()
            .filter_map(|(i, w)| {
                let (_, df) = self.word_terms(&searcher, &w, 1.0);
                (df > 0).then(|| ((total / df as f64).ln(), i, w))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.truncate(MAX_WORDS);
        let text = ParsedText {
            words: scored.into_iter().map(|(_, _, w)| w).collect(),
            ..ParsedText::default()
        };
        let Some(built) = self.build_query(&searcher, &text, Mode::Similar) else {
            return Ok(Vec::new());
        };
        let collector = FacetedTop {
            filters: Filters {
                kind: Some(DocKind::Question.code()),
                ..Filters::default()
            },
            limit,
        };
        let collected = searcher.search(&*built.query, &collector)?;
        self.stored_hits(&searcher, &*built.query, &collected.top, Locale::Nl, false)
    }

    fn stored_hits(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        page: &[(Score, DocAddress)],
        ui: Locale,
        snippets: bool,
    ) -> Result<Vec<StoredHit>, EngineError> {
        let f = &self.fields;
        let generators = if snippets {
            let make = |field: Field, chars: usize| -> Result<SnippetGenerator, EngineError> {
                let mut g = SnippetGenerator::create(searcher, query, field)?;
                g.set_max_num_chars(chars);
                Ok(g)
            };
            Some((
                make(f.title_nl, 300)?,
                make(f.title_en, 300)?,
                make(f.body_nl, 220)?,
                make(f.body_en, 220)?,
            ))
        } else {
            None
        };
        let mut hits = Vec::with_capacity(page.len());
        for (_, address) in page {
            let doc: TantivyDocument = searcher.doc(*address)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            };
            let number = |field: Field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
            let lang = Locale::from_code(&text(f.lang));
            let mut hit = StoredHit {
                kind: DocKind::from_code(number(f.kind)),
                id: doc.get_first(f.id).and_then(|v| v.as_i64()).unwrap_or(0),
                lang,
                url: text(f.url),
                title: text(f.title),
                place: text(f.place),
                sector_mask: number(f.sectors),
                lab_id: number(f.lab),
                status: number(f.status),
                answer_count: number(f.answers),
                ..StoredHit::default()
            };
            if let Some((title_nl, title_en, body_nl, body_en)) = &generators {
                let shown = lang.unwrap_or(ui);
                let (title_gen, body_gen, body_field, other_gen) = match shown {
                    Locale::Nl => (title_nl, body_nl, f.body_nl, body_en),
                    Locale::En => (title_en, body_en, f.body_en, body_nl),
                };
                hit.title_html = highlighted(&title_gen.snippet(&hit.title))
                    .filter(|h| h.chars().count() + 40 >= hit.title.chars().count())
                    .unwrap_or_else(|| escape_html(&hit.title));
                // The body in the shown language, else whatever text matched (an answer in the
                // other language), else the start of the text.
                hit.snippet_html = highlighted(&body_gen.snippet_from_doc(&doc))
                    .or_else(|| highlighted(&other_gen.snippet_from_doc(&doc)))
                    .unwrap_or_else(|| {
                        let first = doc
                            .get_all(body_field)
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .next()
                            .unwrap_or_default();
                        excerpt(&first, 220)
                    });
            }
            hits.push(hit);
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_bounds() {
        assert_eq!(prefix_upper_bound(b"ab"), Some(b"ac".to_vec()));
        assert_eq!(prefix_upper_bound(&[0x61, 0xFF]), Some(vec![0x62]));
        assert_eq!(prefix_upper_bound(&[0xFF]), None);
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape_html("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}
