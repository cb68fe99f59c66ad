//! Search against the demo platform and fresh writes, on SQLite and PostgreSQL.

use super::collector::Filters;
use super::db;
use super::engine::{Mode, SearchIndex};
use super::service::SearchService;
use super::text::parse_text;
use super::{DocKind, SearchParams, SearchResults};
use crate::i18n::Locale;
use crate::questions::db::{NewQuestion, add_answer, create, delete, set_hidden};
use crate::server::db::Db;
use crate::server::testing::backend_tests;
use std::sync::Arc;
use std::time::{Duration, Instant};

async fn find(search: &SearchService, q: &str) -> SearchResults {
    search
        .search(
            SearchParams {
                q: q.to_string(),
                page: 1,
                ..SearchParams::default()
            },
            Locale::Nl,
        )
        .await
        .expect("search")
}

fn urls(r: &SearchResults) -> Vec<String> {
    r.hits.iter().map(|h| h.url.clone()).collect()
}

fn question(title: &str, body: &str, lang: Locale) -> NewQuestion {
    NewQuestion {
        lang,
        title: title.to_string(),
        body_md: body.to_string(),
        author_id: None,
        collective_id: None,
        routed_lab_id: None,
        sector_ids: vec![1],
        topic_ids: vec![1],
    }
}

async fn wait_until(
    search: &SearchService,
    q: &str,
    want: impl Fn(&SearchResults) -> bool,
) -> Duration {
    let started = Instant::now();
    loop {
        let r = find(search, q).await;
        if want(&r) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "not applied after 5 s: {q} → {:?}",
            urls(&r)
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

backend_tests! {
    seeded;

    async fn demo_content_is_found_in_both_languages_with_facets(t) {
        let search = t.search().await;
        // Dutch stemming: "warmtenetten" finds the question about "een warmtenet".
        let r = find(&search, "warmtenetten financieren").await;
        assert!(
            r.hits
                .iter()
                .any(|h| h.title_html.contains("<mark>warmtenet</mark>")),
            "{:?}",
            r.hits
        );
        // English stemming, and the facet counts add up.
        let r = find(&search, "volunteers").await;
        assert!(r.total >= 3, "{}", r.total);
        let by_kind: u64 = r.kinds.iter().map(|(_, n)| n).sum();
        assert_eq!(by_kind, r.total);
        assert!(r.sectors.iter().any(|f| f.count > 0));
        // A sector filter narrows the results and keeps the other sectors' counts.
        let care = search
            .search(
                SearchParams {
                    q: "volunteers".into(),
                    sector: Some("care".into()),
                    page: 1,
                    ..SearchParams::default()
                },
                Locale::En,
            )
            .await
            .expect("search");
        assert!(
            care.total > 0 && care.total < r.total,
            "{} {}",
            care.total,
            r.total
        );
        assert!(
            care.hits
                .iter()
                .all(|h| h.sectors.iter().any(|s| s.slug == "care"))
        );
        let all_sectors: u64 = care.sectors.iter().map(|f| f.count).sum();
        assert!(
            all_sectors >= r.total,
            "sector counts ignore the sector filter itself"
        );
        // Collectives are documents too, found by place.
        let r = find(&search, "Zwolle").await;
        assert!(
            r.hits.iter().any(|h| h.kind == DocKind::Collective),
            "{:?}",
            urls(&r)
        );
    }

    async fn phrases_prefixes_and_typos(t) {
        let search = t.search().await;
        let phrase = find(&search, "\"heat network\"").await;
        assert!(phrase.total > 0);
        let words = find(&search, "heat network").await;
        assert!(words.total >= phrase.total);
        // Both words are common, never side by side: a phrase needs them adjacent.
        assert!(
            find(&search, "heat").await.total > 0 && find(&search, "volunteers").await.total > 0
        );
        assert_eq!(find(&search, "\"heat volunteers\"").await.total, 0);
        // As-you-type: the last word is a prefix.
        let typing = find(&search, "ledenobliga").await;
        assert!(typing.total > 0, "prefix");
        // A typo of five letters or more is read as the nearest indexed word, and said so.
        let typo = find(&search, "ledenobligaites").await;
        assert!(typo.total > 0, "typo");
        assert!(!typo.corrections.is_empty());
    }

    async fn bad_queries_never_fail(t) {
        let search = t.search().await;
        let long = "warmtenet ".repeat(1100);
        let nasty = [
            "\"unbalanced",
            "AND OR NOT",
            "NOT NOT \"",
            "'; DROP TABLE questions; --",
            "\u{0}\u{1b}[31m\u{7}",
            "*?~^:()[]{}\\/",
            "\"\"\"\"",
            "a",
            "de het een",
            long.as_str(),
        ];
        for q in nasty {
            let r = find(&search, q).await;
            assert!(r.total <= 1000, "{q:?}");
        }
        let r = find(&search, &long).await;
        assert_eq!(r.notice, Some(crate::i18n::Msg::SearchQueryCut));
        assert!(r.total > 0);
    }

    async fn highlights_cannot_inject_markup(t) {
        let id = create(
            &t.db,
            &question(
                "<script>alert(1)</script> Warmtepomp <b>vet</b> & \"quotes\"",
                "<img src=x onerror=alert(1)> de warmtepomp van <i>ons</i> dorp",
                Locale::Nl,
            ),
        )
        .await
        .expect("create");
        let search = t.search().await;
        let r = find(&search, "warmtepomp").await;
        let hit = r
            .hits
            .iter()
            .find(|h| h.url == format!("/questions/{id}"))
            .expect("found");
        for html in [&hit.title_html, &hit.snippet_html] {
            let without_marks = html.replace("<mark>", "").replace("</mark>", "");
            assert!(!without_marks.contains('<'), "{html}");
        }
        assert!(
            hit.title_html.contains("&lt;script&gt;"),
            "{}",
            hit.title_html
        );
        assert!(
            hit.title_html.contains("<mark>Warmtepomp</mark>"),
            "{}",
            hit.title_html
        );
    }

    async fn similar_questions_cross_sectors(t) {
        let search = t.search().await;
        let similar = search
            .similar(
                "Hoe vinden we vrijwilligers die willen blijven?".into(),
                "Onze vrijwilligers haken na een jaar af.".into(),
                5,
            )
            .await
            .expect("similar");
        assert_eq!(similar.len(), 5);
        let sectors: std::collections::HashSet<String> = similar
            .iter()
            .flat_map(|q| q.sectors.iter().map(|s| s.slug.clone()))
            .collect();
        assert!(sectors.len() >= 2, "{sectors:?}");
    }

    /// Two app nodes — separate pools, separate index directories, each with its own background
    /// sync — on one database: what one writes, the other finds within a second; hidden and deleted
    /// questions leave both.
    async fn a_write_on_one_node_is_found_on_another(t) {
        let node_a = t.search().await;
        node_a.spawn_sync();
        let dir_b = tempfile::tempdir().expect("dir");
        let db_b = Db::connect(&t.url, 4).await.expect("second pool");
        let (node_b, rebuilt) = SearchService::open(db_b.clone(), dir_b.path(), None, false)
            .await
            .expect("node b");
        assert!(rebuilt.is_some_and(|r| r.documents > 100));
        let node_b = Arc::new(node_b);
        node_b.spawn_sync();

        let id = create(
            &t.db,
            &question(
                "Kangoeroezorg in de polder",
                "Een unieke vraag over kangoeroezorg.",
                Locale::Nl,
            ),
        )
        .await
        .expect("create through node a's pool");
        let url = format!("/questions/{id}");
        let has = |r: &SearchResults| urls(r).contains(&url);
        let took = wait_until(&node_b, "kangoeroezorg", has).await;
        assert!(took < Duration::from_secs(1), "took {took:?}");
        wait_until(&node_a, "kangoeroezorg", has).await;

        // An answer's words make the question findable.
        add_answer(&t.db, id, Locale::En, None, "Try a *wallaby* rota.")
            .await
            .expect("answer");
        wait_until(&node_b, "wallaby", has).await;

        set_hidden(&t.db, id, true).await.expect("hide");
        let took = wait_until(&node_b, "kangoeroezorg", |r| !has(r)).await;
        assert!(took < Duration::from_secs(1), "took {took:?}");
        wait_until(&node_a, "kangoeroezorg", |r| !has(r)).await;
        set_hidden(&t.db, id, false).await.expect("show");
        wait_until(&node_b, "kangoeroezorg", has).await;
        delete(&t.db, id).await.expect("delete");
        wait_until(&node_b, "kangoeroezorg", |r| !has(r)).await;
        wait_until(&node_a, "kangoeroezorg", |r| !has(r)).await;

        // A restarted node continues from its commit payload instead of rebuilding.
        drop(node_b);
        tokio::time::sleep(Duration::from_millis(300)).await;
        let (again, rebuilt) = SearchService::open(db_b.clone(), dir_b.path(), None, false)
            .await
            .expect("reopen");
        assert!(rebuilt.is_none());
        assert!(find(&again, "kangoeroezorg").await.hits.is_empty());
        drop(again);
        db_b.close().await;
    }

    /// On PostgreSQL a change row with a lower id can become visible after one with a higher id.
    /// The feed must not skip it.
    async fn changes_committed_out_of_order_are_not_skipped(t) {
        let search = t.search().await;
        let first = create(&t.db, &question("Eerste vraag", "tekst", Locale::Nl))
            .await
            .expect("q");
        let second = create(&t.db, &question("Tweede vraag", "tekst", Locale::Nl))
            .await
            .expect("q");
        search.catch_up().await.expect("catch up");
        if t.db.backend == crate::server::db::Backend::Postgres {
            let mut slow = t.db.write.begin().await.expect("tx");
            sqlx::query("UPDATE questions SET title = 'Zeldzaamheid een' WHERE id = $1")
                .bind(first)
                .execute(&mut *slow)
                .await
                .expect("update");
            db::record(&mut slow, "question", first)
                .await
                .expect("record");
            let mut fast = t.db.write.begin().await.expect("tx");
            sqlx::query("UPDATE questions SET title = 'Zeldzaamheid twee' WHERE id = $1")
                .bind(second)
                .execute(&mut *fast)
                .await
                .expect("update");
            db::record(&mut fast, "question", second)
                .await
                .expect("record");
            fast.commit().await.expect("commit");
            search.catch_up().await.expect("catch up");
            slow.commit().await.expect("commit");
        } else {
            // SQLite: writers are serialised, ids commit in order; the same updates in sequence.
            for (id, title) in [(first, "Zeldzaamheid een"), (second, "Zeldzaamheid twee")] {
                let mut tx = t.db.begin_write().await.expect("tx");
                sqlx::query("UPDATE questions SET title = $2 WHERE id = $1")
                    .bind(id)
                    .bind(title)
                    .execute(&mut *tx)
                    .await
                    .expect("update");
                db::record(&mut tx, "question", id).await.expect("record");
                tx.commit().await.expect("commit");
            }
        }
        // On PostgreSQL the feed's bound is the oldest transaction still open in the whole
        // cluster: the other tests' transactions may hold it back for a moment, never for good.
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let found = loop {
            search.catch_up().await.expect("catch up");
            let found = urls(&find(&search, "zeldzaamheid").await);
            if found.len() >= 2 || std::time::Instant::now() > deadline {
                break found;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert!(found.contains(&format!("/questions/{first}")), "{found:?}");
        assert!(found.contains(&format!("/questions/{second}")), "{found:?}");
    }

    async fn a_corrupt_index_is_rebuilt_at_start(t) {
        let dir = tempfile::tempdir().expect("dir");
        {
            let (s, _) = SearchService::open(t.db.clone(), dir.path(), None, false)
                .await
                .expect("open");
            assert!(s.index.num_docs() > 100);
        }
        std::fs::write(dir.path().join("meta.json"), b"{ not json").expect("corrupt");
        let (s, rebuilt) = SearchService::open(t.db.clone(), dir.path(), None, false)
            .await
            .expect("reopen");
        assert!(rebuilt.is_some());
        assert!(find(&s, "warmtenet").await.total > 0);
        // `reindex` (a forced rebuild) indexes every question and collective.
        let rebuilt = s.rebuild(None).await.expect("rebuild");
        let (questions, collectives): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM questions), (SELECT COUNT(*) FROM collectives)",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("count");
        assert_eq!(rebuilt.documents as i64, questions + collectives);
        drop(s);
    }

    /// `serve` does not wait for a rebuild: it answers at once (saying the index is being built)
    /// and the results arrive when the background rebuild is done.
    async fn a_serving_node_rebuilds_in_the_background(t) {
        let dir = tempfile::tempdir().expect("dir");
        let node = SearchService::open_for_serving(t.db.clone(), dir.path())
            .await
            .expect("open");
        let first = find(&node, "warmtenet").await;
        if node.is_rebuilding() || first.total == 0 {
            assert_eq!(first.notice, Some(crate::i18n::Msg::SearchIndexBuilding));
        }
        let started = Instant::now();
        while node.is_rebuilding() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "rebuild did not finish"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let done = find(&node, "warmtenet").await;
        assert!(done.total > 0);
        assert_eq!(done.notice, None);
        // Writes after the rebuild are applied as usual.
        node.spawn_sync();
        let id = create(
            &t.db,
            &question("Nachtegaalcoöperatie", "tekst", Locale::Nl),
        )
        .await
        .expect("create");
        let url = format!("/questions/{id}");
        wait_until(&node, "nachtegaalcoöperatie", |r| urls(r).contains(&url)).await;
        drop(node);
    }
}

#[test]
fn the_engine_ranks_titles_over_bodies_and_filters_by_fast_fields() {
    use super::engine::SearchDoc;
    let dir = tempfile::tempdir().expect("dir");
    let (index, _) = SearchIndex::open(dir.path(), 1, 20_000_000).expect("index");
    let doc = |id: i64, title: &str, body: &str, sector: i64| SearchDoc {
        kind: Some(DocKind::Question),
        id,
        lang: Some(Locale::En),
        title: title.into(),
        body: vec![(Locale::En, body.into())],
        url: format!("/questions/{id}"),
        sector_mask: super::engine::bit(sector),
        status: 1,
        ..SearchDoc::default()
    };
    index
        .upsert(&doc(1, "Member bonds", "How it went.", 1))
        .expect("add");
    index
        .upsert(&doc(2, "A question", "We talked about member bonds.", 2))
        .expect("add");
    index.commit("{}").expect("commit");
    let all = index
        .search(
            &parse_text("member bonds"),
            Mode::Search,
            Filters::default(),
            0,
            10,
            Locale::En,
        )
        .expect("search");
    let ids: Vec<i64> = all.hits.iter().map(|h| h.id).collect();
    assert_eq!(ids, [1, 2]);
    let only_two = index
        .search(
            &parse_text("member bonds"),
            Mode::Search,
            Filters {
                sector_bit: Some(super::engine::bit(2)),
                ..Filters::default()
            },
            0,
            10,
            Locale::En,
        )
        .expect("search");
    assert_eq!(only_two.hits.iter().map(|h| h.id).collect::<Vec<_>>(), [2]);
    assert_eq!(only_two.collected.total, 1);
}

#[test]
fn the_corpus_is_deterministic_and_bilingual() {
    let a: Vec<String> = (0..50)
        .map(|n| super::corpus::question(7, n).title)
        .collect();
    let b: Vec<String> = (0..50)
        .map(|n| super::corpus::question(7, n).title)
        .collect();
    assert_eq!(a, b);
    let english = (0..1000)
        .filter(|n| super::corpus::question(7, *n).lang == Some(Locale::En))
        .count();
    assert!((300..500).contains(&english), "{english}");
}

/// A database restored from an older backup is behind the index's cursor: the node notices and
/// rebuilds instead of waiting for ids it has already passed. The index directory may hold other
/// files; only tantivy's own are ever removed.
#[tokio::test]
async fn a_database_behind_the_index_causes_a_rebuild() {
    let t = crate::server::testing::sqlite().await;
    crate::demo::seed(&t.db).await.expect("seed");
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("notes.txt"), b"keep me").expect("write");
    let (node, _) = SearchService::open(t.db.clone(), dir.path(), None, false)
        .await
        .expect("open");
    assert!(dir.path().join("notes.txt").exists());
    let before = find(&node, "warmtenet").await;
    assert!(before.total > 0);
    // "Restore" an older state: the feed is empty again and a question is hidden in it.
    let hidden = before.hits[0]
        .url
        .trim_start_matches("/questions/")
        .parse::<i64>()
        .ok();
    sqlx::query("DELETE FROM search_changes")
        .execute(&t.db.write)
        .await
        .expect("delete");
    if let Some(id) = hidden {
        sqlx::query("UPDATE questions SET hidden_at = 1 WHERE id = $1")
            .bind(id)
            .execute(&t.db.write)
            .await
            .expect("hide");
    }
    node.catch_up().await.expect("catch up");
    let after = find(&node, "warmtenet").await;
    assert_eq!(
        after.total + 1,
        before.total,
        "rebuilt from the restored state"
    );
    drop(node);
    t.finish().await;
}

#[test]
fn a_repeated_word_does_not_make_the_others_optional() {
    use super::engine::SearchDoc;
    let dir = tempfile::tempdir().expect("dir");
    let (index, _) = SearchIndex::open(dir.path(), 1, 20_000_000).expect("index");
    for (id, title) in [(1, "Heat network"), (2, "Heat pump")] {
        index
            .upsert(&SearchDoc {
                kind: Some(DocKind::Question),
                id,
                lang: Some(Locale::En),
                title: title.into(),
                ..SearchDoc::default()
            })
            .expect("add");
    }
    index.commit("{}").expect("commit");
    let r = index
        .search(
            &parse_text("heat heat pump "),
            Mode::Search,
            Filters::default(),
            0,
            10,
            Locale::En,
        )
        .expect("search");
    assert_eq!(r.hits.iter().map(|h| h.id).collect::<Vec<_>>(), [2]);
}
