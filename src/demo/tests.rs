//! The demo platform as the README promises it, on every backend.

use super::seed;
use crate::server::testing::{backend_tests, backends};

backend_tests! {
    seeded;

    async fn demo_covers_every_sector_province_and_both_languages(t) {
        let db = &t.db;
        let count = |sql: &'static str| async move {
            sqlx::query_as::<_, (i64,)>(sql)
                .fetch_one(&db.read)
                .await
                .expect(sql)
                .0
        };
        assert!(count("SELECT COUNT(*) FROM collectives").await >= 40);
        assert_eq!(
            count("SELECT COUNT(DISTINCT province) FROM collectives").await,
            12
        );
        assert_eq!(
            count("SELECT COUNT(DISTINCT sector_id) FROM collective_sectors").await,
            count("SELECT COUNT(*) FROM sectors").await
        );
        assert!(count("SELECT COUNT(*) FROM questions").await >= 60);
        assert!(count("SELECT COUNT(*) FROM questions WHERE lang = 'nl'").await >= 20);
        assert!(count("SELECT COUNT(*) FROM questions WHERE lang = 'en'").await >= 20);
        assert!(count("SELECT COUNT(*) FROM answers").await >= 60);
        // Some expert answers, some accepted, some routed questions still waiting.
        assert!(count("SELECT COUNT(*) FROM answers WHERE expert_lab_id IS NOT NULL").await >= 4);
        assert!(count("SELECT COUNT(*) FROM answers WHERE is_accepted = 1").await >= 5);
        assert!(
            count(
                "SELECT COUNT(*) FROM questions WHERE routed_lab_id IS NOT NULL AND answer_count = 0"
            )
            .await
                >= 4
        );
        // Every Partner Lab has partners and routed questions.
        assert_eq!(
            count(
                "SELECT COUNT(*) FROM labs l WHERE l.is_partner_lab = 1
                 AND EXISTS (SELECT 1 FROM lab_partners p WHERE p.lab_id = l.id)
                 AND EXISTS (SELECT 1 FROM questions q WHERE q.routed_lab_id = l.id)"
            )
            .await,
            4
        );
        // The stored answer count and status agree with the answers.
        assert_eq!(
            count(
                "SELECT COUNT(*) FROM questions q WHERE q.answer_count <>
                 (SELECT COUNT(*) FROM answers a WHERE a.question_id = q.id)"
            )
            .await,
            0
        );
        assert_eq!(
            count(
                "SELECT COUNT(*) FROM questions q WHERE (q.status = 'resolved') <>
                 EXISTS (SELECT 1 FROM answers a WHERE a.question_id = q.id AND a.is_accepted = 1)"
            )
            .await,
            0
        );
        // Markdown was rendered on write.
        assert_eq!(
            count("SELECT COUNT(*) FROM questions WHERE body_html = ''").await,
            0
        );
    }

    async fn seeding_twice_writes_nothing_the_second_time(t) {
        let again = seed(&t.db).await.expect("second seed");
        assert!(again.already_present);
        let (users,) = sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM users")
            .fetch_one(&t.db.read)
            .await
            .expect("count");
        let content: serde_json::Value =
            serde_json::from_str(include_str!("content.json")).expect("json");
        assert_eq!(
            users as usize,
            content["users"].as_array().map_or(0, Vec::len)
        );
    }
}

#[tokio::test]
async fn demo_is_identical_on_every_seed_and_backend() {
    let mut snapshots = Vec::new();
    for t in backends().await.into_iter().chain(backends().await) {
        let report = seed(&t.db).await.expect("seed");
        assert!(!report.already_present);
        let rows = sqlx::query_as::<_, (i64, String, i64, String)>(
            "SELECT q.id, q.title, q.created_at, q.body_html FROM questions q ORDER BY q.id",
        )
        .fetch_all(&t.db.read)
        .await
        .expect("questions");
        snapshots.push(rows);
        t.finish().await;
    }
    assert!(snapshots.len() >= 2);
    assert!(snapshots.windows(2).all(|w| w[0] == w[1]));
}

backend_tests! {
    async fn reference_data_exists_without_the_demo(t) {
        assert!(crate::demo::database_is_empty(&t.db).await.expect("empty check"));
        let labs = crate::labs::db::all(&t.db).await.expect("labs");
        let slugs: Vec<_> = labs.iter().map(|l| l.slug.as_str()).collect();
        assert_eq!(
            slugs,
            ["collectives", "network", "finance", "government", "science"]
        );
        let counted = crate::dashboard::cache::StatsCache::new(t.db.clone())
            .lab_summaries()
            .await
            .expect("counted labs");
        assert!(
            counted
                .iter()
                .all(|l| l.question_count == 0 && l.open_count == 0)
        );
        assert_eq!(
            crate::taxonomy::db::sectors(&t.db)
                .await
                .expect("sectors")
                .len(),
            9
        );
    }
}
