//! Collecting a search: the top documents and the facet counts (per type, sector and lab) in
//! one pass over the matches, filtering by fast fields.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// Filters by fast field; each is an exact value (kind, lab, status) or a bit (sector, topic).
#[derive(Clone, Copy, Debug, Default)]
pub struct Filters {
    pub kind: Option<u64>,
    pub sector_bit: Option<u64>,
    pub lab: Option<u64>,
    pub topic_bit: Option<u64>,
    pub status: Option<u64>,
}

#[derive(Clone, Debug)]
pub struct Collected {
    /// (score, address), best first.
    pub top: Vec<(Score, DocAddress)>,
    pub total: u64,
    /// Counts per kind code, per sector bit and per lab id, each with the other filters applied.
    pub kinds: HashMap<u64, u64>,
    pub sectors: Vec<u64>,
    pub labs: HashMap<u64, u64>,
}

impl Default for Collected {
    fn default() -> Self {
        Collected {
            top: Vec::new(),
            total: 0,
            kinds: HashMap::new(),
            sectors: vec![0; 64],
            labs: HashMap::new(),
        }
    }
}

pub struct FacetedTop {
    pub filters: Filters,
    pub limit: usize,
}

#[derive(PartialEq)]
struct Ranked(Score, DocAddress);

impl Eq for Ranked {}

impl Ord for Ranked {
    // The heap keeps the worst on top: lower score, then later document, is "greater".
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .0
            .total_cmp(&self.0)
            .then_with(|| self.1.cmp(&other.1))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

pub struct FacetedSegment {
    filters: Filters,
    limit: usize,
    segment: SegmentOrdinal,
    kind: Column<u64>,
    sectors: Column<u64>,
    topics: Column<u64>,
    lab: Column<u64>,
    status: Column<u64>,
    heap: BinaryHeap<Ranked>,
    out: Collected,
}

impl Collector for FacetedTop {
    type Fruit = Collected;
    type Child = FacetedSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetedSegment> {
        let ff = reader.fast_fields();
        Ok(FacetedSegment {
            filters: self.filters,
            limit: self.limit,
            segment,
            kind: ff.u64("kind")?,
            sectors: ff.u64("sectors")?,
            topics: ff.u64("topics")?,
            lab: ff.u64("lab")?,
            status: ff.u64("status")?,
            heap: BinaryHeap::with_capacity(self.limit.min(1024) + 1),
            out: Collected::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Collected>) -> tantivy::Result<Collected> {
        let mut all = Collected::default();
        let mut top = Vec::new();
        for fruit in fruits {
            top.extend(fruit.top.into_iter().map(|(s, a)| Ranked(s, a)));
            all.total += fruit.total;
            for (k, v) in fruit.kinds {
                *all.kinds.entry(k).or_default() += v;
            }
            for (k, v) in fruit.labs {
                *all.labs.entry(k).or_default() += v;
            }
            for (i, v) in fruit.sectors.iter().enumerate() {
                all.sectors[i] += v;
            }
        }
        top.sort();
        top.truncate(self.limit);
        all.top = top.into_iter().map(|Ranked(s, a)| (s, a)).collect();
        Ok(all)
    }
}

impl SegmentCollector for FacetedSegment {
    type Fruit = Collected;

    fn collect(&mut self, doc: DocId, score: Score) {
        let get = |c: &Column<u64>| c.first(doc).unwrap_or(0);
        let f = self.filters;
        // Columns are read only when a filter needs them (this runs for every match).
        if f.status.is_some_and(|s| s != get(&self.status)) {
            return;
        }
        if f.topic_bit.is_some_and(|b| get(&self.topics) & b == 0) {
            return;
        }
        let kind = get(&self.kind);
        let sectors = get(&self.sectors);
        let lab = get(&self.lab);
        let kind_ok = f.kind.is_none_or(|k| k == kind);
        let sector_ok = f.sector_bit.is_none_or(|b| sectors & b != 0);
        let lab_ok = f.lab.is_none_or(|l| l == lab);
        if sector_ok && lab_ok {
            *self.out.kinds.entry(kind).or_default() += 1;
        }
        if kind_ok && lab_ok {
            let mut bits = sectors;
            while bits != 0 {
                let i = bits.trailing_zeros() as usize;
                self.out.sectors[i] += 1;
                bits &= bits - 1;
            }
        }
        if kind_ok && sector_ok && lab != 0 {
            *self.out.labs.entry(lab).or_default() += 1;
        }
        if kind_ok && sector_ok && lab_ok {
            self.out.total += 1;
            if self.limit > 0 {
                let ranked = Ranked(score, DocAddress::new(self.segment, doc));
                if self.heap.len() < self.limit {
                    self.heap.push(ranked);
                } else if self.heap.peek().is_some_and(|worst| ranked < *worst) {
                    self.heap.pop();
                    self.heap.push(ranked);
                }
            }
        }
    }

    fn harvest(mut self) -> Collected {
        let mut top = self.heap.into_vec();
        top.sort();
        self.out.top = top.into_iter().map(|Ranked(s, a)| (s, a)).collect();
        self.out
    }
}
