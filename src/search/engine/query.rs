//! Building the query: the typed words in both languages' fields, quoted phrases, completions of
//! the word being typed and near words for typos (a Levenshtein automaton over the indexed words).

use super::SearchIndex;
use super::schema::tokens;
use crate::search::text::ParsedText;
use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder};
use std::collections::HashMap;
use std::sync::OnceLock;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{Score, Searcher, Term};

/// How many indexed words a prefix or a typo may stand for.
const PREFIX_EXPANSIONS: usize = 4;
const FUZZY_EXPANSIONS: usize = 4;
/// Prefix expansion looks at this many dictionary entries per segment at most.
const PREFIX_SCAN_LIMIT: usize = 4000;

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
    pub(super) fn word_terms(
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

    pub(super) fn is_stop_word(&self, word: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_bounds() {
        assert_eq!(prefix_upper_bound(b"ab"), Some(b"ac".to_vec()));
        assert_eq!(prefix_upper_bound(&[0x61, 0xFF]), Some(vec![0x62]));
        assert_eq!(prefix_upper_bound(&[0xFF]), None);
    }
}
