//! Running a search (and the similar questions for a draft) and turning the top documents into
//! hits: stored fields, highlighted titles and snippets, `escape_html`.

use super::query::Mode;
use super::{EngineError, SearchIndex};
use crate::i18n::Locale;
use crate::search::DocKind;
use crate::search::collector::{Collected, FacetedTop, Filters};
use crate::search::text::{MAX_WORDS, ParsedText};
use tantivy::query::Query;
use tantivy::schema::{Field, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Score, Searcher, TantivyDocument};

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

/// The one HTML escaper (the ground floor's), used for titles and snippets.
pub use crate::ui::href::escape_html;

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
    fn escaping() {
        assert_eq!(
            escape_html("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}
