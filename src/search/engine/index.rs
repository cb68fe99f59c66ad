//! The index's lifecycle: opening it (or starting over when it is missing, unreadable or of
//! another format), adding and deleting documents, committing with the node's sync position.

use super::schema::{SearchDoc, analyzer, register_analyzers, schema};
use super::{Analyzers, EngineError, Opened, SearchIndex};
use crate::i18n::Locale;
use crate::search::DocKind;
use std::path::Path;
use std::sync::Mutex;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::Language;
use tantivy::{Index, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

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
                e @ tantivy::TantivyError::LockFailure(..) => EngineError::InUse {
                    dir: dir.to_path_buf(),
                    source: e,
                },
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
