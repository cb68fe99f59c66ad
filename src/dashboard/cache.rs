//! The dashboards' figures, kept per app node.
//!
//! Invalidation rule: a scope's figures are reused while the database's `(stats, people)` versions
//! are the ones read before they were computed, and for at most `MAX_AGE` (figures such as
//! "unanswered for more than 7 days" move with the clock alone). Triggers of migration 0007 move
//! `stats` with every write to questions, answers or partner roles, whatever code does it, so the
//! rule holds across app nodes. Checking costs one indexed read per request.
//!
//! Recomputing is cheap on a small platform and is done in the request then (the figures are
//! exact). When the last computation took longer than `INLINE_BUDGET` (a large platform), stale
//! figures are served while one background task per scope recomputes them, at most once per ten
//! times its own duration, so a busy platform spends at most a tenth of a core on it.

use super::{LabStats, Scope};
use crate::error::AppError;
use crate::server::db::Db;
use crate::taxonomy::LabSummary;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const MAX_AGE: Duration = Duration::from_secs(10 * 60);
pub const INLINE_BUDGET: Duration = Duration::from_millis(50);

/// The statistics cache in the request context.
pub fn use_stats() -> Result<Arc<StatsCache>, AppError> {
    crate::server::from_context("the statistics cache")
}

type Stamp = (i64, i64);

struct Entry {
    stats: Arc<LabStats>,
    stamp: Stamp,
    computed: Instant,
    cost: Duration,
}

pub struct StatsCache {
    db: Db,
    entries: Mutex<HashMap<Scope, Arc<Entry>>>,
    running: Mutex<HashSet<Scope>>,
}

impl StatsCache {
    pub fn new(db: Db) -> Arc<StatsCache> {
        Arc::new(StatsCache {
            db,
            entries: Mutex::new(HashMap::new()),
            running: Mutex::new(HashSet::new()),
        })
    }

    fn cached(&self, scope: Scope) -> Option<Arc<Entry>> {
        self.entries
            .lock()
            .ok()
            .and_then(|e| e.get(&scope).cloned())
    }

    /// The figures of `scope`, by the rule above.
    pub async fn get(self: &Arc<Self>, scope: Scope) -> Result<Arc<LabStats>, sqlx::Error> {
        let stamp = super::db::stamp(&self.db).await?;
        if let Some(entry) = self.cached(scope) {
            let fresh = entry.stamp == stamp && entry.computed.elapsed() < MAX_AGE;
            if fresh {
                return Ok(entry.stats.clone());
            }
            if entry.cost >= INLINE_BUDGET {
                if entry.computed.elapsed() >= entry.cost * 10 {
                    self.refresh_in_background(scope);
                }
                return Ok(entry.stats.clone());
            }
        }
        self.compute(scope, stamp).await
    }

    async fn compute(&self, scope: Scope, stamp: Stamp) -> Result<Arc<LabStats>, sqlx::Error> {
        let started = Instant::now();
        let stats =
            Arc::new(super::db::compute(&self.db, scope, crate::server::db::now_ms()).await?);
        let entry = Arc::new(Entry {
            stats: stats.clone(),
            stamp,
            computed: Instant::now(),
            cost: started.elapsed(),
        });
        tracing::debug!(
            ?scope,
            cost_ms = entry.cost.as_millis() as u64,
            "dashboard figures computed"
        );
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(scope, entry);
        }
        Ok(stats)
    }

    fn refresh_in_background(self: &Arc<Self>, scope: Scope) {
        let started = self
            .running
            .lock()
            .map(|mut running| running.insert(scope))
            .unwrap_or(false);
        if !started {
            return;
        }
        let this = self.clone();
        tokio::spawn(async move {
            let result = match super::db::stamp(&this.db).await {
                Ok(stamp) => this.compute(scope, stamp).await.map(|_| ()),
                Err(e) => Err(e),
            };
            if let Err(e) = result {
                tracing::warn!(?scope, "recomputing dashboard figures failed: {e}");
            }
            if let Ok(mut running) = this.running.lock() {
                running.remove(&scope);
            }
        });
    }

    /// Computes every scope once (at start-up, so the first visitors of a large platform do not
    /// wait for it).
    pub async fn warm(self: &Arc<Self>) -> Result<(), sqlx::Error> {
        self.get(Scope::All).await?;
        for id in super::db::partner_lab_ids(&self.db).await? {
            self.get(Scope::Lab(id)).await?;
        }
        Ok(())
    }

    /// The five labs with their counts (questions, and those waiting for a first answer) from
    /// the cached figures: the home page and lab pages never count a million rows per request.
    pub async fn lab_summaries(self: &Arc<Self>) -> Result<Vec<LabSummary>, sqlx::Error> {
        let mut labs = crate::taxonomy::db::labs(&self.db).await?;
        for lab in &mut labs {
            let scope = if lab.is_partner_lab {
                match crate::taxonomy::db::lab_id(&self.db, &lab.slug).await? {
                    Some(id) => Scope::Lab(id),
                    None => continue,
                }
            } else {
                Scope::All
            };
            let figures = self.get(scope).await?.figures;
            lab.question_count = figures.total;
            lab.open_count = figures.unanswered;
        }
        Ok(labs)
    }
}
