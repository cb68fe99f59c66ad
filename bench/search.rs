//! Search benchmark: builds an index of a generated corpus (realistic Dutch and English
//! questions with answers across all sectors, deterministic) and runs a query mix against it.
//!
//!   cargo bench --features ssr --bench search -- --docs 1000000
//!
//! Options: `--docs N` (default 100000), `--queries N` (default 3000), `--seed N`,
//! `--check` (exit 1 when a budget is missed; CI runs a small size with it).
//! Budgets (issue 3): search p95 ≤ 20 ms and p99 ≤ 50 ms; as-you-type p95 ≤ 10 ms.
//! Latencies are one query at a time, the way one request runs; times include building the
//! query, collecting with facets, and loading and highlighting the page of hits.

use collectivepower::i18n::Locale;
use collectivepower::search::collector::Filters;
use collectivepower::search::corpus::{self, Rng};
use collectivepower::search::engine::{Mode, SearchIndex, bit};
use collectivepower::search::text::parse_text;
use std::time::Instant;

struct Args {
    docs: u64,
    queries: usize,
    seed: u64,
    check: bool,
}

fn args() -> Args {
    let mut a = Args {
        docs: 100_000,
        queries: 3000,
        seed: 2026,
        check: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .and_then(|v| v.replace('_', "").parse::<u64>().ok())
        };
        match arg.as_str() {
            "--docs" => a.docs = value().unwrap_or(a.docs),
            "--queries" => a.queries = value().map(|v| v as usize).unwrap_or(a.queries),
            "--seed" => a.seed = value().unwrap_or(a.seed),
            "--check" => a.check = true,
            _ => {} // `cargo bench` passes `--bench`
        }
    }
    a
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

struct Stats {
    name: &'static str,
    ms: Vec<f64>,
    hits: u64,
}

impl Stats {
    fn new(name: &'static str) -> Stats {
        Stats {
            name,
            ms: Vec::new(),
            hits: 0,
        }
    }

    fn report(&mut self) -> (f64, f64, f64) {
        self.ms.sort_by(f64::total_cmp);
        let (p50, p95, p99) = (
            percentile(&self.ms, 50.0),
            percentile(&self.ms, 95.0),
            percentile(&self.ms, 99.0),
        );
        println!(
            "{:<22} {:>6} queries  p50 {:>6.2} ms  p95 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms  mean hits {:.0}",
            self.name,
            self.ms.len(),
            p50,
            p95,
            p99,
            self.ms.last().copied().unwrap_or(0.0),
            self.hits as f64 / self.ms.len().max(1) as f64
        );
        (p50, p95, p99)
    }
}

fn main() {
    let a = args();
    let dir = tempfile::tempdir().expect("temporary directory");
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!(
        "corpus: {} generated questions (seed {}), {} indexing threads",
        a.docs, a.seed, threads
    );

    // Build.
    let started = Instant::now();
    let (index, _) =
        SearchIndex::open(dir.path(), threads, 256 * 1024 * 1024).expect("create index");
    for n in 0..a.docs {
        index.add(&corpus::question(a.seed, n)).expect("add");
    }
    index.commit("{}").expect("commit");
    let build = started.elapsed().as_secs_f64();
    let started = Instant::now();
    index.wait_for_merges().expect("merge");
    let merge = started.elapsed().as_secs_f64();
    println!(
        "index build: {:.1} s ({:.0} documents/s), then merges {:.1} s",
        build,
        a.docs as f64 / build,
        merge
    );
    let (index, _) = SearchIndex::open(dir.path(), 1, 20_000_000).expect("reopen");
    let size: u64 = std::fs::read_dir(dir.path())
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    println!(
        "index: {} documents, {} segments, {:.0} MB on disk",
        index.num_docs(),
        index.searcher().segment_readers().len(),
        size as f64 / 1e6
    );

    // The query mix.
    let mut rng = Rng::new(a.seed ^ 0x5EED);
    let mut search = Stats::new("search (mix)");
    let mut typos = Stats::new("  of which typos");
    let mut filtered = Stats::new("  of which filtered");
    let mut typing = Stats::new("as-you-type prefixes");
    let run = |text: &str, filters: Filters, mode: Mode| {
        let parsed = parse_text(text);
        let t = Instant::now();
        let r = index
            .search(&parsed, mode, filters, 0, 11, Locale::Nl)
            .expect("search");
        (t.elapsed().as_secs_f64() * 1000.0, r.collected.total)
    };
    // Warm up the page cache and the automaton builders.
    for q in corpus::QUERIES.iter().chain(corpus::TYPOS) {
        run(q, Filters::default(), Mode::AsYouType);
    }
    for _ in 0..a.queries {
        let roll = rng.below(100);
        let text: String = if roll < 45 {
            (*rng.pick(corpus::QUERIES)).to_string()
        } else if roll < 55 {
            (*rng.pick(corpus::TYPOS)).to_string()
        } else if roll < 80 {
            // Two or three words from a real title.
            let title = corpus::question(a.seed, rng.below(a.docs as usize) as u64).title;
            let words: Vec<&str> = title.split_whitespace().filter(|w| w.len() > 3).collect();
            let take = 2 + rng.below(2);
            let start = rng.below(words.len().saturating_sub(take).max(1));
            words
                .iter()
                .skip(start)
                .take(take)
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            // A whole question as someone would type it.
            corpus::question(a.seed, rng.below(a.docs as usize) as u64).title
        };
        let mut filters = Filters::default();
        let filter_roll = rng.below(100);
        if filter_roll < 20 {
            filters.sector_bit = Some(bit(1 + rng.below(9) as i64));
        } else if filter_roll < 30 {
            filters.lab = Some(2 + rng.below(4) as u64);
        } else if filter_roll < 35 {
            filters.status = Some(1 + rng.below(4) as u64);
        }
        let (ms, hits) = run(&text, filters, Mode::AsYouType);
        search.ms.push(ms);
        search.hits += hits;
        if (45..55).contains(&roll) {
            typos.ms.push(ms);
            typos.hits += hits;
        }
        if filter_roll < 35 {
            filtered.ms.push(ms);
            filtered.hits += hits;
        }
    }
    // As-you-type: every prefix (from three characters) of queries being typed.
    let mut slowest: Vec<(f64, String, u64)> = Vec::new();
    for q in corpus::QUERIES {
        let chars: Vec<char> = q.chars().collect();
        for end in 3..=chars.len() {
            let prefix: String = chars[..end].iter().collect();
            let (ms, hits) = run(&prefix, Filters::default(), Mode::AsYouType);
            typing.ms.push(ms);
            typing.hits += hits;
            slowest.push((ms, prefix, hits));
        }
    }
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!();
    let (_, s95, s99) = search.report();
    typos.report();
    filtered.report();
    let (_, t95, _) = typing.report();
    println!("\nslowest as-you-type prefixes:");
    for (ms, prefix, hits) in slowest.iter().take(8) {
        println!("  {ms:>6.2} ms  {hits:>7} hits  {prefix:?}");
    }
    let ok = s95 <= 20.0 && s99 <= 50.0 && t95 <= 10.0;
    println!(
        "\nbudget (search p95 ≤ 20 ms, p99 ≤ 50 ms; as-you-type p95 ≤ 10 ms): {}",
        if ok { "met" } else { "MISSED" }
    );
    if a.check && !ok {
        std::process::exit(1);
    }
}
