//! The index's schema and fields, the Dutch, English and plain analysers, the `FORMAT` version,
//! and `SearchDoc`, one document as the index sees it.

use crate::i18n::Locale;
use crate::search::DocKind;
use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, TokenStream,
};

/// Bump when the schema or the analysers change: an index of another version is rebuilt.
pub const FORMAT: u32 = 2;

const NL: &str = "cp_nl";
const EN: &str = "cp_en";
const PLAIN: &str = "cp_plain";

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

pub fn status_code(s: crate::content::QuestionStatus) -> u64 {
    use crate::content::QuestionStatus::*;
    match s {
        Open => 1,
        Answered => 2,
        Resolved => 3,
        Closed => 4,
    }
}

pub fn status_from_code(code: u64) -> Option<crate::content::QuestionStatus> {
    use crate::content::QuestionStatus::*;
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

pub(super) fn analyzer(language: Option<Language>) -> TextAnalyzer {
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

pub(super) fn register_analyzers(index: &Index) {
    index
        .tokenizers()
        .register(NL, analyzer(Some(Language::Dutch)));
    index
        .tokenizers()
        .register(EN, analyzer(Some(Language::English)));
    index.tokenizers().register(PLAIN, analyzer(None));
}

/// The tokens of `text` under one analyser.
pub(super) fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}
