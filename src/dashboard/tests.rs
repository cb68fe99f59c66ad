//! The dashboards' figures against the demo platform, counted a second way by hand; the cache's
//! invalidation; the pages through the HTTP stack.

use super::{Durations, Scope, Stakeholder, WEEK_MS, WEEKS, cache::StatsCache, db};
use crate::i18n::Locale;
use crate::questions::db as questions;
use crate::server::testing::{TestDb, backend_tests, demo_user};
use axum::http::StatusCode;

const DAY: i64 = 24 * 3_600_000;

/// A question counted by hand: id, status, asked, claimed by, first answer, first expert answer.
type Hand = (i64, String, i64, Option<i64>, Option<i64>, Option<i64>);

async fn lab_id(t: &TestDb, slug: &str) -> i64 {
    crate::labs::db::id_of(&t.db, slug)
        .await
        .expect("lab")
        .expect("lab exists")
}

#[test]
fn percentiles_are_nearest_rank() {
    let d = Durations::of((1..=10).rev().collect());
    assert_eq!((d.count, d.median_ms, d.p90_ms), (10, Some(5), Some(9)));
    let one = Durations::of(vec![7]);
    assert_eq!((one.median_ms, one.p90_ms), (Some(7), Some(7)));
    assert_eq!(Durations::of(Vec::new()).median_ms, None);
}

#[test]
fn the_window_starts_on_a_monday_51_weeks_before_this_one() {
    // Thursday 2024-02-29 12:00 UTC.
    let now = 1_709_208_000_000;
    let start = db::window_start(now);
    // Monday 2024-02-26 00:00 UTC minus 51 weeks.
    assert_eq!(start, 1_708_905_600_000 - 51 * WEEK_MS);
    assert_eq!(start.rem_euclid(WEEK_MS), 4 * DAY);
    assert!(now - start < WEEKS as i64 * WEEK_MS);
}

backend_tests! {
    seeded;

    async fn a_partner_labs_figures_match_a_count_by_hand(t) {
        let finance = lab_id(t, "finance").await;
        let now = crate::server::db::now_ms();
        let stats = db::compute(&t.db, Scope::Lab(finance), now)
            .await
            .expect("figures");
        let f = stats.figures;
        // Every routed finance question, with its first (expert) answer, counted without the
        // denormalised columns.
        let rows: Vec<Hand> = sqlx::query_as(
            "SELECT q.id, q.status, q.created_at, q.claimed_by,
                    (SELECT MIN(a.created_at) FROM answers a
                     WHERE a.question_id = q.id AND a.hidden_at IS NULL),
                    (SELECT MIN(a.created_at) FROM answers a
                     WHERE a.question_id = q.id AND a.hidden_at IS NULL
                       AND a.expert_lab_id IS NOT NULL)
             FROM questions q WHERE q.routed_lab_id = $1 AND q.hidden_at IS NULL",
        )
        .bind(finance)
        .fetch_all(&t.db.read)
        .await
        .expect("rows");
        assert!(rows.len() >= 5, "the demo routes questions to finance");
        let open: Vec<_> = rows
            .iter()
            .filter(|r| r.1 == "open" || r.1 == "answered")
            .collect();
        assert_eq!(f.total, rows.len() as i64);
        assert_eq!(f.open, open.len() as i64);
        assert_eq!(
            f.unanswered,
            rows.iter().filter(|r| r.1 == "open").count() as i64
        );
        assert_eq!(
            f.overdue,
            rows.iter()
                .filter(|r| r.1 == "open" && r.2 < now - 7 * DAY)
                .count() as i64
        );
        assert!(f.overdue >= 1, "the film house question waits 12 days");
        assert_eq!(
            f.unclaimed,
            open.iter().filter(|r| r.3.is_none()).count() as i64
        );
        let start = db::window_start(now);
        let recent: Vec<_> = rows.iter().filter(|r| r.2 >= start).collect();
        assert_eq!(f.asked, recent.len() as i64);
        assert_eq!(
            f.resolved,
            recent.iter().filter(|r| r.1 == "resolved").count() as i64
        );
        let first = Durations::of(recent.iter().filter_map(|r| r.4.map(|a| a - r.2)).collect());
        assert_eq!(f.first_answer, first);
        assert!(first.count > 0);
        let expert = Durations::of(recent.iter().filter_map(|r| r.5.map(|a| a - r.2)).collect());
        assert_eq!(f.first_expert_answer, expert);
        // The trend adds up; its weeks are consecutive.
        assert_eq!(stats.weeks.len(), WEEKS);
        assert_eq!(stats.weeks.iter().map(|w| w.asked).sum::<i64>(), f.asked);
        assert!(
            stats
                .weeks
                .windows(2)
                .all(|w| w[1].start - w[0].start == WEEK_MS)
        );
        let answered_in_window = rows
            .iter()
            .filter(|r| r.4.is_some_and(|a| a >= start))
            .count() as i64;
        assert_eq!(
            stats.weeks.iter().map(|w| w.answered).sum::<i64>(),
            answered_in_window
        );
        // Every recent question has a sector and a topic, so the heat table holds at least one
        // cell per question.
        assert_eq!(stats.heat.counts.len(), stats.heat.sectors.len());
        assert!(stats.heat.counts.iter().flatten().sum::<i64>() >= f.asked);
        // Finance's partners answered finance questions.
        let giving: Vec<_> = stats.giving.iter().map(|g| g.stakeholder).collect();
        assert_eq!(giving, Stakeholder::ALL);
        let finance_giving = &stats.giving[2];
        // Expert answers count for the lab whose badge they carry (Marloes is a partner of the
        // Network Lab too, listed first by position, but answers here as Finance).
        let expert_answers: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM answers a JOIN questions q ON q.id = a.question_id
             WHERE q.routed_lab_id = $1 AND a.expert_lab_id = $1 AND a.created_at >= $2
               AND a.hidden_at IS NULL AND q.hidden_at IS NULL",
        )
        .bind(finance)
        .bind(start)
        .fetch_one(&t.db.read)
        .await
        .expect("expert answers");
        assert!(expert_answers > 0);
        assert!(
            finance_giving.answers >= expert_answers,
            "{:?}",
            stats.giving
        );
        assert!(finance_giving.top.iter().all(|c| c.organisation.is_some()));
    }

    async fn cached_figures_follow_every_write_and_only_then_are_recomputed(t) {
        let cache = StatsCache::new(t.db.clone());
        let before = cache.get(Scope::All).await.expect("figures");
        let again = cache.get(Scope::All).await.expect("figures");
        assert!(
            std::sync::Arc::ptr_eq(&before, &again),
            "unchanged data: the same cached figures"
        );
        // A new routed question: more open, more unanswered, more unclaimed.
        let finance = lab_id(t, "finance").await;
        let priya = demo_user(t, "priya").await;
        let q = questions::create(
            &t.db,
            &questions::NewQuestion {
                lang: Locale::En,
                title: "Dashboard: which fund lends to a cooperative without collateral?".into(),
                body_md: "We need 40,000 euros for a heat pump and have no collateral.".into(),
                author_id: Some(priya),
                collective_id: None,
                routed_lab_id: Some(finance),
                sector_ids: Vec::new(),
                topic_ids: Vec::new(),
            },
        )
        .await
        .expect("question");
        let asked = cache.get(Scope::All).await.expect("figures");
        assert_eq!(asked.figures.open, before.figures.open + 1);
        assert_eq!(asked.figures.unanswered, before.figures.unanswered + 1);
        assert_eq!(asked.figures.unclaimed, before.figures.unclaimed + 1);
        let lab = cache.get(Scope::Lab(finance)).await.expect("figures");
        // An expert answer: the question is answered, with a first (expert) answer time.
        let jeroen = demo_user(t, "jeroen").await;
        questions::add_answer(&t.db, q, Locale::En, Some(jeroen), "Try the regional fund.")
            .await
            .expect("answer");
        let answered = cache.get(Scope::Lab(finance)).await.expect("figures");
        assert_eq!(answered.figures.unanswered, lab.figures.unanswered - 1);
        assert_eq!(
            answered.figures.first_expert_answer.count,
            lab.figures.first_expert_answer.count + 1
        );
        assert_eq!(answered.figures.answers, lab.figures.answers + 1);
        let (first, expert): (Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT first_answer_at, first_expert_answer_at FROM questions WHERE id = $1",
        )
        .bind(q)
        .fetch_one(&t.db.read)
        .await
        .expect("times");
        assert!(first.is_some() && first == expert);
        // A claim (no other change) moves the unclaimed count.
        crate::queue::db::claim(&t.db, q, jeroen)
            .await
            .expect("claim");
        let claimed = cache.get(Scope::Lab(finance)).await.expect("figures");
        assert_eq!(claimed.figures.unclaimed, answered.figures.unclaimed - 1);
        // Votes do not count: the cached figures stay.
        let voted_before = cache.get(Scope::Lab(finance)).await.expect("figures");
        sqlx::query("UPDATE questions SET score = score + 1 WHERE id = $1")
            .bind(q)
            .execute(&t.db.write)
            .await
            .expect("score");
        let voted = cache.get(Scope::Lab(finance)).await.expect("figures");
        assert!(std::sync::Arc::ptr_eq(&voted_before, &voted));
    }

    async fn the_dashboards_render_on_the_server_with_an_accessible_chart(t) {
        let page = t.client().get("/labs/finance/dashboard").await;
        assert_eq!(page.status, StatusCode::OK);
        for needle in [
            "data-testid=\"kpi-open\"",
            "data-testid=\"kpi-first-answer\"",
            "role=\"img\"",
            "<title id=\"lab-trend-title\">Questions asked and first answered per week",
            "<desc id=\"lab-trend-desc\">Over the last 52 weeks",
            "data-testid=\"trend-table\"",
            "data-testid=\"heat-table\"",
            "data-testid=\"giving-finance\"",
        ] {
            assert!(page.body.contains(needle), "{needle} missing");
        }
        let stats = t.client().get("/stats").await;
        assert_eq!(stats.status, StatusCode::OK);
        assert!(stats.body.contains("data-testid=\"lab-row-science\""));
        let missing = t.client().get("/labs/nowhere/dashboard").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        let henk = t.client().signed_in("henk").await;
        let refused = henk.get("/admin/overview").await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let admin = t.client().signed_in("admin").await;
        let overview = admin.get("/admin/overview").await;
        assert_eq!(overview.status, StatusCode::OK);
        assert!(overview.body.contains("data-testid=\"ops-flags\""));
    }

    async fn following_a_lab_brings_its_new_questions(t) {
        use crate::server::testing::count;
        let (anna, henk) = (
            t.client().signed_in("anna").await,
            t.client().signed_in("henk").await,
        );
        let (anna_id, henk_id, priya_id) = (
            demo_user(t, "anna").await,
            demo_user(t, "henk").await,
            demo_user(t, "priya").await,
        );
        for (who, slug) in [
            (&anna, "finance"),
            (&henk, "collectives"),
            (&henk, "finance"),
        ] {
            let reply = who
                .call("follow_lab", &[("slug", slug), ("follow", "true")])
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        }
        let page = anna.get("/labs/finance").await;
        assert!(page.body.contains("aria-pressed=\"true\""));
        assert!(page.body.contains("data-testid=\"lab-followers\">2<"));
        let ask = |routed: Option<i64>, title: &'static str| {
            let db = t.db.clone();
            async move {
                questions::create(
                    &db,
                    &questions::NewQuestion {
                        lang: Locale::En,
                        title: title.into(),
                        body_md: "How did other collectives arrange this with their bank?".into(),
                        author_id: Some(priya_id),
                        collective_id: None,
                        routed_lab_id: routed,
                        sector_ids: Vec::new(),
                        topic_ids: Vec::new(),
                    },
                )
                .await
            }
        };
        let finance = lab_id(t, "finance").await;
        let routed = ask(
            Some(finance),
            "Follow: a bank account for a new cooperative?",
        )
        .await
        .expect("question");
        let unrouted = ask(
            None,
            "Follow: who keeps the minutes of the members' meeting?",
        )
        .await
        .expect("question");
        let heard = |user: i64, question: i64| {
            format!(
                "SELECT COUNT(*) FROM notifications
                 WHERE kind = 'lab_question' AND user_id = {user} AND question_id = {question}"
            )
        };
        assert_eq!(count(t, &heard(anna_id, routed)).await, 1);
        assert_eq!(count(t, &heard(anna_id, unrouted)).await, 0);
        // Following two labs that hold the question: one notification.
        assert_eq!(count(t, &heard(henk_id, routed)).await, 1);
        assert_eq!(count(t, &heard(henk_id, unrouted)).await, 1);
        assert_eq!(count(t, &heard(priya_id, routed)).await, 0);
        // Unfollowing stops them.
        let reply = anna
            .call("follow_lab", &[("slug", "finance"), ("follow", "false")])
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        let later = ask(Some(finance), "Follow: does the bank need our statutes?")
            .await
            .expect("question");
        assert_eq!(count(t, &heard(anna_id, later)).await, 0);
    }
}
