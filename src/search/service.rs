//! One node's search: its index, kept in step with the database by a background loop that
//! applies the change feed every `POLL` (well within the one second a write may take to become
//! findable on every node), rebuilt from the database when it is missing, corrupt or of another
//! format.

use super::changes::{self, Cursor, Feed};
use super::collector::Filters;
use super::documents::{ENTITIES, Taxonomy, indexable};
use super::engine::{
    EngineError, Mode, Opened, SearchIndex, StoredHit, bit, doc_key, status_code, status_from_code,
};
use super::text::parse_text;
use super::{DocKind, FacetCount, SearchHit, SearchParams, SearchResults, SimilarQuestion};
use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::server::db::Db;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

pub const POLL: Duration = Duration::from_millis(200);

/// The search service in the request context.
pub fn use_search() -> Result<Arc<SearchService>, AppError> {
    crate::server::from_context("the search service")
}

pub struct SearchService {
    pub index: Arc<SearchIndex>,
    db: Db,
    taxonomy: Taxonomy,
    /// `None` until the index is known to match the database (after a rebuild when needed).
    cursor: tokio::sync::Mutex<Option<Cursor>>,
    rebuilding: AtomicBool,
}

/// What a rebuild did.
#[derive(Clone, Copy, Debug)]
pub struct Rebuilt {
    pub documents: u64,
    pub seconds: f64,
}

impl Rebuilt {
    pub fn per_second(&self) -> f64 {
        self.documents as f64 / self.seconds.max(1e-9)
    }
}

impl std::fmt::Display for Rebuilt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "indexed {} documents in {:.1} s ({:.0} documents/s)",
            self.documents,
            self.seconds,
            self.per_second()
        )
    }
}

/// Why the index could not be opened, rebuilt or brought up to date.
#[derive(Debug)]
pub enum SearchError {
    /// The task opening the index panicked or was cancelled.
    OpenTask(tokio::task::JoinError),
    /// The index in `dir` could not be opened.
    Open {
        dir: std::path::PathBuf,
        source: EngineError,
    },
    /// The sectors, topics and labs could not be read.
    ReferenceData(sqlx::Error),
    /// The change feed could not be read.
    Changes(sqlx::Error),
    /// The documents of one entity type could not be read.
    Documents {
        entity: &'static str,
        source: sqlx::Error,
    },
    /// An indexing task panicked or was cancelled.
    IndexingStopped(tokio::task::JoinError),
    /// The index refused a write.
    Indexing(EngineError),
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::OpenTask(e) => write!(f, "cannot open the search index: {e}"),
            SearchError::Open { dir, source } => write!(
                f,
                "cannot open the search index in {}: {source}",
                dir.display()
            ),
            SearchError::ReferenceData(e) => write!(f, "cannot read the reference data: {e}"),
            SearchError::Changes(e) => write!(f, "cannot read the search changes: {e}"),
            SearchError::Documents { entity, source } => {
                write!(f, "cannot read {entity}s: {source}")
            }
            SearchError::IndexingStopped(e) => write!(f, "search indexing stopped: {e}"),
            SearchError::Indexing(e) => write!(f, "search indexing failed: {e}"),
        }
    }
}

impl std::error::Error for SearchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SearchError::OpenTask(e) | SearchError::IndexingStopped(e) => Some(e),
            SearchError::ReferenceData(e)
            | SearchError::Changes(e)
            | SearchError::Documents { source: e, .. } => Some(e),
            SearchError::Open { source: e, .. } | SearchError::Indexing(e) => Some(e),
        }
    }
}

fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "search failed");
    AppError::Internal
}

/// Documents read from the database per batch while rebuilding.
const REBUILD_BATCH: i64 = 500;

impl SearchService {
    /// Opens this node's index in `dir`, rebuilds it from the database when needed (or when
    /// `force`d), and brings it up to date. `progress` is called with (documents done, documents
    /// in all) while rebuilding.
    pub async fn open(
        db: Db,
        dir: &Path,
        progress: Option<&(dyn Fn(u64, u64) + Sync)>,
        force: bool,
    ) -> Result<(SearchService, Option<Rebuilt>), SearchError> {
        let (service, reason) = Self::open_index(db, dir, force).await?;
        let rebuilt = match reason {
            Some(reason) => {
                tracing::info!(dir = %dir.display(), "building the search index: {reason}");
                let done = service.rebuild(progress).await?;
                tracing::info!("search index built: {done}");
                Some(done)
            }
            None => None,
        };
        service.catch_up().await?;
        Ok((service, rebuilt))
    }

    /// For `serve`: like `open`, but a needed rebuild runs in the background while the node
    /// already serves; search answers from what is indexed so far and says the index is being
    /// built. A failed rebuild (database away) is retried.
    pub async fn open_for_serving(db: Db, dir: &Path) -> Result<Arc<SearchService>, SearchError> {
        let (service, reason) = Self::open_index(db, dir, false).await?;
        let service = Arc::new(service);
        match reason {
            None => {
                service.catch_up().await?;
            }
            Some(reason) => {
                tracing::info!(dir = %dir.display(), "building the search index in the background: {reason}");
                service.rebuilding.store(true, Ordering::SeqCst);
                let builder = service.clone();
                tokio::spawn(async move {
                    loop {
                        match builder.rebuild(None).await {
                            Ok(done) => {
                                tracing::info!("search index built: {done}");
                                break;
                            }
                            Err(e) => {
                                tracing::error!(error = %e, "building the search index failed; retrying in 5 s");
                                tokio::time::sleep(Duration::from_secs(5)).await;
                            }
                        }
                    }
                    builder.rebuilding.store(false, Ordering::SeqCst);
                });
            }
        }
        Ok(service)
    }

    /// Whether the index is still being built from the database.
    pub fn is_rebuilding(&self) -> bool {
        self.rebuilding.load(Ordering::SeqCst)
    }

    /// Opens the index; says why it must be rebuilt, if it must.
    async fn open_index(
        db: Db,
        dir: &Path,
        force: bool,
    ) -> Result<(SearchService, Option<String>), SearchError> {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(4);
        let dir_owned = dir.to_path_buf();
        let (index, opened) = tokio::task::spawn_blocking(move || {
            SearchIndex::open(&dir_owned, threads, 64 * 1024 * 1024 * threads)
        })
        .await
        .map_err(SearchError::OpenTask)?
        .map_err(|source| SearchError::Open {
            dir: dir.to_path_buf(),
            source,
        })?;
        let taxonomy = Taxonomy::load(&db)
            .await
            .map_err(SearchError::ReferenceData)?;
        let cursor = match &opened {
            Opened::Existing(Some(payload)) => Cursor::from_payload(payload, db.backend),
            _ => None,
        };
        let reason = match (opened, cursor) {
            (_, Some(_)) if force => Some("asked for".to_string()),
            (_, Some(_)) => None,
            (Opened::Fresh { reason }, None) => Some(reason),
            (Opened::Existing(_), None) => {
                Some("it was made for another database or format".to_string())
            }
        };
        let service = SearchService {
            index: Arc::new(index),
            db,
            taxonomy,
            cursor: tokio::sync::Mutex::new(cursor.filter(|_| reason.is_none())),
            rebuilding: AtomicBool::new(false),
        };
        Ok((service, reason))
    }

    /// Throws the index's documents away and indexes everything from the database again.
    pub async fn rebuild(
        &self,
        progress: Option<&(dyn Fn(u64, u64) + Sync)>,
    ) -> Result<Rebuilt, SearchError> {
        let mut cursor_guard = self.cursor.lock().await;
        let started = Instant::now();
        let start = changes::current(&self.db)
            .await
            .map_err(SearchError::Changes)?;
        let mut total = 0u64;
        for entity in ENTITIES {
            total += super::db::count_rows(&self.db, entity.table())
                .await
                .map(|n| n.max(0) as u64)
                .unwrap_or(0);
        }
        let index = self.index.clone();
        blocking(move || index.clear()).await?;
        let mut done = 0u64;
        let mut documents = 0u64;
        for entity in ENTITIES {
            let mut after = 0;
            loop {
                let ids = entity
                    .ids_after(&self.db, after, REBUILD_BATCH)
                    .await
                    .map_err(|source| SearchError::Documents {
                        entity: entity.entity(),
                        source,
                    })?;
                let Some(last) = ids.last().copied() else {
                    break;
                };
                after = last;
                let docs = entity
                    .load(&self.db, &self.taxonomy, &ids)
                    .await
                    .map_err(|source| SearchError::Documents {
                        entity: entity.entity(),
                        source,
                    })?;
                documents += docs.len() as u64;
                done += ids.len() as u64;
                let index = self.index.clone();
                blocking(move || {
                    for doc in &docs {
                        index.add(doc)?;
                    }
                    Ok(())
                })
                .await?;
                if let Some(progress) = progress {
                    progress(done, total.max(done));
                }
            }
        }
        let index = self.index.clone();
        let payload = start.to_payload();
        blocking(move || index.commit(&payload)).await?;
        *cursor_guard = Some(start);
        Ok(Rebuilt {
            documents,
            seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// Applies the changes made since the last call; returns how many entities changed. Works
    /// in bounded rounds (one on PostgreSQL, where the bound moves with every transaction in the
    /// cluster) so a busy database cannot keep it looping; the sync loop calls it again.
    pub async fn catch_up(&self) -> Result<usize, SearchError> {
        const ROUNDS: usize = 10;
        let mut applied = 0;
        for _ in 0..ROUNDS {
            let mut guard = self.cursor.lock().await;
            // Not rebuilt yet: nothing to apply changes to.
            let Some(cursor) = *guard else {
                return Ok(applied);
            };
            let feed = changes::since(&self.db, cursor)
                .await
                .map_err(SearchError::Changes)?;
            let (changed, next) = match feed {
                Feed::Changes(changed, next) => (changed, next),
                Feed::Behind => {
                    *guard = None;
                    drop(guard);
                    tracing::warn!(
                        "the database is behind this search index (restored or failed over); rebuilding"
                    );
                    self.rebuilding.store(true, Ordering::SeqCst);
                    let done = self.rebuild(None).await;
                    self.rebuilding.store(false, Ordering::SeqCst);
                    tracing::info!("search index rebuilt: {}", done?);
                    return Ok(applied);
                }
            };
            if changed.is_empty() {
                // Nothing to index: move on without a commit (a restart re-reads an empty range).
                *guard = Some(next);
                break;
            }
            let mut upserts = Vec::new();
            let mut deletes = Vec::new();
            for entity in ENTITIES {
                let ids: Vec<i64> = changed
                    .iter()
                    .filter(|(e, _)| e == entity.entity())
                    .map(|(_, id)| *id)
                    .collect();
                for chunk in ids.chunks(REBUILD_BATCH as usize) {
                    let docs =
                        entity
                            .load(&self.db, &self.taxonomy, chunk)
                            .await
                            .map_err(|source| SearchError::Documents {
                                entity: entity.entity(),
                                source,
                            })?;
                    for id in chunk {
                        if !docs.iter().any(|d| d.id == *id) {
                            deletes.push(doc_key(entity.entity(), *id));
                        }
                    }
                    upserts.extend(docs);
                }
            }
            for (entity, _) in &changed {
                if indexable(entity).is_none() {
                    tracing::warn!(entity, "search change for an unknown entity type; ignored");
                }
            }
            applied += changed.len();
            let index = self.index.clone();
            let payload = next.to_payload();
            blocking(move || {
                for key in &deletes {
                    index.delete(key);
                }
                for doc in &upserts {
                    index.upsert(doc)?;
                }
                index.commit(&payload)
            })
            .await?;
            *guard = Some(next);
            if matches!(next, Cursor::Postgres(_)) {
                break;
            }
        }
        Ok(applied)
    }

    /// Applies the change feed every `POLL` until the process ends.
    pub fn spawn_sync(self: &Arc<Self>) {
        let service = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut failing = false;
            loop {
                tokio::time::sleep(POLL).await;
                let Some(service) = service.upgrade() else {
                    break;
                };
                match service.catch_up().await {
                    Ok(_) => failing = false,
                    Err(e) if !failing => {
                        failing = true;
                        tracing::error!(error = %e, "search sync failed; retrying");
                    }
                    Err(_) => {}
                }
            }
        });
    }

    fn hit(&self, h: StoredHit) -> Option<SearchHit> {
        Some(SearchHit {
            kind: h.kind?,
            url: h.url,
            lang: h.lang.unwrap_or_default(),
            title_html: h.title_html,
            snippet_html: h.snippet_html,
            sectors: self.taxonomy.sectors_in(h.sector_mask),
            lab: self.taxonomy.lab(h.lab_id).filter(|_| h.lab_id != 0),
            status: status_from_code(h.status),
            answer_count: h.answer_count,
            place: (!h.place.is_empty()).then_some(h.place),
        })
    }

    /// A search for the search page and the header box.
    pub async fn search(
        &self,
        params: SearchParams,
        ui: Locale,
    ) -> Result<SearchResults, AppError> {
        let tax = &self.taxonomy;
        let mut notice = None;
        let id_of = |list: &[(i64, crate::taxonomy::Term)], slug: &Option<String>| {
            slug.as_deref().and_then(|s| Taxonomy::id_of(list, s))
        };
        // A filter naming nothing known is dropped (and so not shown as active).
        let mut params = params;
        let sector = id_of(&tax.sectors, &params.sector);
        let topic = id_of(&tax.topics, &params.topic);
        let lab =
            id_of(&tax.labs, &params.lab).filter(|_| params.lab.as_deref() != Some("collectives"));
        if sector.is_none() {
            params.sector = None;
        }
        if topic.is_none() {
            params.topic = None;
        }
        if lab.is_none() {
            params.lab = None;
        }
        let filters = Filters {
            kind: params.kind.map(DocKind::code),
            sector_bit: sector.map(bit),
            lab: lab.and_then(|l| u64::try_from(l).ok()),
            topic_bit: topic.map(bit),
            status: params.status.map(status_code),
        };
        let mut results = SearchResults {
            topics: tax.topics.iter().map(|(_, t)| t.clone()).collect(),
            ..SearchResults::default()
        };
        let text = parse_text(&params.q);
        if text.cut {
            notice = Some(Msg::SearchQueryCut);
        } else if self.is_rebuilding() {
            notice = Some(Msg::SearchIndexBuilding);
        }
        if params.q.trim().is_empty() {
            results.params = params;
            return Ok(results);
        }
        if text.words.is_empty() && text.phrases.is_empty() {
            results.notice = Some(Msg::SearchNothingSearchable);
            results.params = params;
            return Ok(results);
        }
        // The server function takes parameters as sent, not only as parsed from a URL.
        params.page = params.page.clamp(1, 1000);
        let offset = (params.page - 1) * super::PAGE_SIZE;
        let index = self.index.clone();
        let found = tokio::task::spawn_blocking(move || {
            index.search(
                &text,
                Mode::AsYouType,
                filters,
                offset,
                super::PAGE_SIZE + 1,
                ui,
            )
        })
        .await
        .map_err(internal)?
        .map_err(internal)?;
        let c = found.collected;
        results.total = c.total;
        results.has_more = found.hits.len() > super::PAGE_SIZE;
        results.hits = found
            .hits
            .into_iter()
            .take(super::PAGE_SIZE)
            .filter_map(|h| self.hit(h))
            .collect();
        results.kinds = DocKind::ALL
            .into_iter()
            .map(|k| (k, c.kinds.get(&k.code()).copied().unwrap_or(0)))
            .collect();
        results.sectors = tax
            .sectors
            .iter()
            .filter(|(id, _)| (0..64).contains(id))
            .map(|(id, t)| FacetCount {
                term: t.clone(),
                count: c.sectors[*id as usize],
            })
            .collect();
        results.labs = tax
            .labs
            .iter()
            .filter(|(_, t)| t.slug != "collectives")
            .map(|(id, t)| FacetCount {
                term: t.clone(),
                count: u64::try_from(*id)
                    .ok()
                    .and_then(|id| c.labs.get(&id).copied())
                    .unwrap_or(0),
            })
            .collect();
        results.corrections = found.corrections;
        results.notice = notice;
        results.params = params;
        Ok(results)
    }

    pub async fn similar(
        &self,
        title: String,
        body: String,
        limit: usize,
    ) -> Result<Vec<SimilarQuestion>, AppError> {
        let index = self.index.clone();
        let hits = tokio::task::spawn_blocking(move || index.similar(&title, &body, limit))
            .await
            .map_err(internal)?
            .map_err(internal)?;
        Ok(hits
            .into_iter()
            .map(|h| SimilarQuestion {
                id: h.id,
                title: h.title,
                lang: h.lang.unwrap_or_default(),
                status: status_from_code(h.status),
                answer_count: h.answer_count,
                sectors: self.taxonomy.sectors_in(h.sector_mask),
            })
            .collect())
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, EngineError> + Send + 'static,
) -> Result<T, SearchError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(SearchError::IndexingStopped)?
        .map_err(SearchError::Indexing)
}
