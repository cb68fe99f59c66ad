//! Votes, comments, edits with revisions, follows and notifications, and the list's orders and
//! filters, on every backend.

use super::{PostKind, QuestionFilter, QuestionSort, QuestionStatus, db};
use crate::i18n::Locale;
use crate::server::testing::{TestDb, backend_tests};
use std::collections::HashSet;

async fn user(t: &TestDb, key: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(format!("{key}@demo.collectievekracht.example"))
        .fetch_one(&t.db.read)
        .await
        .expect("demo user")
}

async fn new_question(t: &TestDb, author: i64, title: &str) -> i64 {
    db::create(
        &t.db,
        &db::NewQuestion {
            lang: Locale::En,
            title: title.into(),
            body_md: "How do you keep volunteers after the first year?".into(),
            author_id: Some(author),
            collective_id: None,
            routed_lab_id: None,
            sector_ids: Vec::new(),
            topic_ids: Vec::new(),
        },
    )
    .await
    .expect("question")
}

/// The list in `filter`'s order, page by page to the end: (sort key, id) of every row.
async fn walk(t: &TestDb, filter: &QuestionFilter) -> Vec<super::QuestionSummary> {
    let mut out = Vec::new();
    let mut before = None;
    loop {
        let page = db::list(&t.db, filter, before).await.expect("page");
        out.extend(page.items);
        match page.next {
            Some(next) => before = Some(next),
            None => return out,
        }
    }
}

backend_tests! {
    seeded;

    async fn every_order_and_filter_pages_through_each_matching_question_once(t) {
        let all: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM questions WHERE hidden_at IS NULL")
            .fetch_one(&t.db.read)
            .await
            .expect("count");
        for sort in QuestionSort::ALL {
            let filter = QuestionFilter {
                sort,
                ..Default::default()
            };
            let rows = walk(t, &filter).await;
            let keys: Vec<(i64, i64)> =
                rows.iter().map(|q| (sort.cursor_of(q).key, q.id)).collect();
            assert!(
                keys.windows(2).all(|w| w[0] > w[1]),
                "{sort:?}: strictly descending by (key, id)"
            );
            let ids: HashSet<i64> = rows.iter().map(|q| q.id).collect();
            assert_eq!(ids.len(), rows.len(), "{sort:?}: no question twice");
            match sort {
                QuestionSort::Unanswered => {
                    assert!(rows.iter().all(|q| q.answer_count == 0));
                    assert!(!rows.is_empty());
                }
                _ => assert_eq!(rows.len() as i64, all, "{sort:?}: every question"),
            }
        }
        // Filters: each row matches, and the counts agree with SQL.
        let filter = QuestionFilter {
            sector: Some("care".into()),
            sort: QuestionSort::Active,
            ..Default::default()
        };
        let rows = walk(t, &filter).await;
        let care: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM questions q JOIN question_sectors x ON x.question_id = q.id
             JOIN sectors s ON s.id = x.sector_id WHERE s.slug = 'care' AND q.hidden_at IS NULL",
        )
        .fetch_one(&t.db.read)
        .await
        .expect("care");
        assert!(care > 0);
        assert_eq!(rows.len() as i64, care);
        assert!(
            rows.iter()
                .all(|q| q.sectors.iter().any(|s| s.slug == "care"))
        );

        let filter = QuestionFilter {
            topic: Some("volunteers".into()),
            status: Some(QuestionStatus::Answered),
            sort: QuestionSort::Votes,
            ..Default::default()
        };
        let rows = walk(t, &filter).await;
        assert!(rows.iter().all(|q| {
            q.status == QuestionStatus::Answered && q.topics.iter().any(|s| s.slug == "volunteers")
        }));
        let filter = QuestionFilter {
            unanswered: true,
            lab: Some("finance".into()),
            ..Default::default()
        };
        let rows = walk(t, &filter).await;
        assert!(rows.iter().all(|q| {
            q.answer_count == 0 && q.routed_lab.as_ref().is_some_and(|l| l.slug == "finance")
        }));
        // Unknown slugs match nothing rather than everything.
        let filter = QuestionFilter {
            sector: Some("no-such-sector".into()),
            ..Default::default()
        };
        assert!(walk(t, &filter).await.is_empty());
    }

    async fn one_vote_per_person_changeable_and_withdrawable(t) {
        use crate::questions::VoteState;
        use crate::questions::db::votes;
        let priya = user(t, "priya").await;
        let henk = user(t, "henk").await;
        let anna = user(t, "anna").await;
        let q = new_question(t, priya, "Votes: do they add up?").await;
        let up = votes::vote(&t.db, PostKind::Question, q, henk, 1)
            .await
            .expect("up");
        assert_eq!(up, VoteState { score: 1, mine: 1 });
        let again = votes::vote(&t.db, PostKind::Question, q, henk, 1)
            .await
            .expect("again");
        assert_eq!(again.score, 1, "voting the same way twice counts once");
        let down = votes::vote(&t.db, PostKind::Question, q, henk, -1)
            .await
            .expect("down");
        assert_eq!(
            down,
            VoteState {
                score: -1,
                mine: -1
            }
        );
        let other = votes::vote(&t.db, PostKind::Question, q, anna, 1)
            .await
            .expect("anna");
        assert_eq!(other.score, 0);
        let gone = votes::vote(&t.db, PostKind::Question, q, henk, 0)
            .await
            .expect("withdraw");
        assert_eq!(gone, VoteState { score: 1, mine: 0 });
        let rows: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM votes WHERE entity_type = 'question' AND entity_id = $1",
        )
        .bind(q)
        .fetch_one(&t.db.read)
        .await
        .expect("votes");
        assert_eq!(rows, 1);
        // Answers too, and the thread sorts by them (accepted first, then score, then age).
        let first = db::add_answer(&t.db, q, Locale::En, Some(henk), "First answer.")
            .await
            .expect("a1");
        let second = db::add_answer(&t.db, q, Locale::En, Some(anna), "Second answer.")
            .await
            .expect("a2");
        votes::vote(&t.db, PostKind::Answer, second, priya, 1)
            .await
            .expect("vote a2");
        let thread = db::thread(&t.db, q, false)
            .await
            .expect("thread")
            .expect("exists");
        assert_eq!(thread.summary.score, 1);
        assert_eq!(
            thread.answers.iter().map(|a| a.id).collect::<Vec<_>>(),
            [second, first]
        );
    }

    async fn edits_keep_every_version_and_refuse_a_stale_one(t) {
        use crate::editing::{EditKind, db as edit};
        use crate::revisions::DiffPart;
        let priya = user(t, "priya").await;
        let moderator = user(t, "moderator").await;
        let q = new_question(t, priya, "Who insures our volunteers?").await;
        let saved = edit::apply(
            &t.db,
            EditKind::Post(PostKind::Question),
            q,
            1,
            priya,
            edit::Change {
                title: Some("Who insures our volunteers on trips?"),
                body_md: "How do you keep volunteers after the first year, <script>alert(1)</script> and trips?",
                reason: "",
                edits_per_hour: None,
            },
        )
        .await
        .expect("edit");
        assert_eq!(saved, Some(2));
        // A moderator who opened version 1 cannot overwrite version 2.
        let stale = edit::apply(
            &t.db,
            EditKind::Post(PostKind::Question),
            q,
            1,
            moderator,
            edit::Change {
                title: Some("Overwritten title"),
                body_md: "Overwritten body text here.",
                reason: "Conflicting fix",
                edits_per_hour: None,
            },
        )
        .await
        .expect("stale edit");
        assert!(stale.is_none(), "a conflicting edit is refused");
        let source = edit::source(&t.db, EditKind::Post(PostKind::Question), q)
            .await
            .expect("source")
            .expect("exists")
            .source;
        assert_eq!(source.version, 2);
        assert_eq!(
            source.title.as_deref(),
            Some("Who insures our volunteers on trips?")
        );
        let thread = db::thread(&t.db, q, false)
            .await
            .expect("thread")
            .expect("exists");
        assert!(
            !thread.body_html.contains("<script"),
            "edits are sanitised on write"
        );
        assert_eq!(thread.summary.title, "Who insures our volunteers on trips?");

        let history = edit::history(
            &t.db,
            EditKind::Post(PostKind::Question),
            q,
            None,
            edit::Hidden::Excluded,
        )
        .await
        .expect("history")
        .expect("exists");
        let versions: Vec<i64> = history.versions.iter().map(|v| v.version).collect();
        assert_eq!(versions, [2, 1], "newest first, the original kept");
        let title_diff = history.versions[0].title.clone().expect("title diff");
        assert!(
            title_diff.contains(&DiffPart::Added(" on trips".into()))
                || title_diff
                    .iter()
                    .any(|p| matches!(p, DiffPart::Added(t) if t.contains("on trips")))
        );
        assert_eq!(history.versions[1].editor_id, Some(priya));

        // Answers share the table.
        let a = db::add_answer(
            &t.db,
            q,
            Locale::En,
            Some(moderator),
            "Ask the municipality.",
        )
        .await
        .expect("answer");
        let never_edited = edit::history(
            &t.db,
            EditKind::Post(PostKind::Answer),
            a,
            None,
            edit::Hidden::Excluded,
        )
        .await
        .expect("history")
        .expect("exists");
        assert_eq!(never_edited.versions.len(), 1);
        assert!(
            edit::apply(
                &t.db,
                EditKind::Post(PostKind::Answer),
                a,
                1,
                moderator,
                edit::Change {
                    title: None,
                    body_md: "Ask the municipality first.",
                    reason: "Clearer",
                    edits_per_hour: None,
                },
            )
            .await
            .expect("edit")
            .is_some()
        );
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT entity_type, version FROM revisions WHERE entity_id IN ($1, $2) ORDER BY entity_type, version",
        )
        .bind(q)
        .bind(a)
        .fetch_all(&t.db.read)
        .await
        .expect("revisions");
        assert!(rows.contains(&("answer".into(), 1)) && rows.contains(&("answer".into(), 2)));
    }

    async fn followers_hear_of_answers_and_reading_the_thread_clears_them(t) {
        use crate::questions::db::follows as follow;
        let priya = user(t, "priya").await;
        let henk = user(t, "henk").await;
        let anna = user(t, "anna").await;
        let unread = |who: i64| {
            let db = t.db.clone();
            async move {
                crate::notifications::db::unread(&db, who)
                    .await
                    .expect("unread")
            }
        };
        let (p0, h0, a0) = (unread(priya).await, unread(henk).await, unread(anna).await);
        let q = new_question(t, priya, "Following: who hears what?").await;
        follow::set(&t.db, henk, q, true).await.expect("follow");
        follow::set(&t.db, henk, q, true)
            .await
            .expect("follow twice is harmless");
        db::add_answer(&t.db, q, Locale::En, Some(anna), "An answer by Anna.")
            .await
            .expect("answer");
        assert_eq!(
            unread(priya).await,
            p0 + 1,
            "the asker follows her question"
        );
        assert_eq!(unread(henk).await, h0 + 1);
        assert_eq!(unread(anna).await, a0, "nobody hears of their own answer");
        let state = follow::viewer_state(&t.db, henk, q, true)
            .await
            .expect("state");
        assert!(state.following);
        assert_eq!(
            state.unread_notifications, h0,
            "opening the thread marks its notifications read"
        );
        follow::set(&t.db, henk, q, false).await.expect("unfollow");
        db::add_answer(&t.db, q, Locale::En, Some(anna), "Another answer.")
            .await
            .expect("answer");
        assert_eq!(unread(henk).await, h0);
        let list = crate::notifications::db::recent(&t.db, priya, 50)
            .await
            .expect("list");
        assert!(
            list.iter()
                .any(|n| n.question_id == Some(q) && n.kind == "answer" && !n.read)
        );
    }

    async fn comments_belong_to_their_post_and_are_sanitised(t) {
        let priya = user(t, "priya").await;
        let henk = user(t, "henk").await;
        let q = new_question(t, priya, "Comments: where do they go?").await;
        let a = db::add_answer(&t.db, q, Locale::En, Some(henk), "An answer.")
            .await
            .expect("answer");
        db::comments::add(
            &t.db,
            q,
            PostKind::Question,
            q,
            Locale::En,
            henk,
            "On the question.",
        )
        .await
        .expect("c1");
        db::comments::add(
            &t.db,
            q,
            PostKind::Answer,
            a,
            Locale::En,
            priya,
            "On the answer <img src=x onerror=alert(1)>.",
        )
        .await
        .expect("c2");
        let thread = db::thread(&t.db, q, false)
            .await
            .expect("thread")
            .expect("exists");
        assert_eq!(thread.comments.len(), 1);
        assert!(thread.comments[0].body_html.contains("On the question."));
        assert_eq!(thread.answers[0].comments.len(), 1);
        assert!(!thread.answers[0].comments[0].body_html.contains("onerror"));
    }

    async fn a_restored_version_is_a_new_version_with_its_reason(t) {
        use crate::editing::{EditKind, db as edit};
        let priya = user(t, "priya").await;
        let moderator = user(t, "moderator").await;
        let q = new_question(t, priya, "Restoring: is nothing lost?").await;
        let spam = edit::Change {
            title: Some("Buy cheap solar panels here now"),
            body_md: "Spam spam spam, visit our shop for the best prices.",
            reason: "",
            edits_per_hour: None,
        };
        assert!(
            edit::apply(&t.db, EditKind::Post(PostKind::Question), q, 1, priya, spam)
                .await
                .expect("edit")
                .is_some()
        );
        let (title, body) = crate::revisions::db::text_of(&t.db, "question", q, 1)
            .await
            .expect("text")
            .expect("version 1 kept");
        let restore = edit::Change {
            title: title.as_deref(),
            body_md: &body,
            reason: "Restored version 1: spam",
            edits_per_hour: None,
        };
        assert!(
            edit::apply(
                &t.db,
                EditKind::Post(PostKind::Question),
                q,
                2,
                moderator,
                restore
            )
            .await
            .expect("restore")
            .is_some()
        );
        let history = edit::history(
            &t.db,
            EditKind::Post(PostKind::Question),
            q,
            None,
            edit::Hidden::Excluded,
        )
        .await
        .expect("history")
        .expect("exists");
        assert_eq!(
            history
                .versions
                .iter()
                .map(|v| v.version)
                .collect::<Vec<_>>(),
            [3, 2, 1]
        );
        assert_eq!(history.versions[0].reason, "Restored version 1: spam");
        assert_eq!(history.versions[0].editor_id, Some(moderator));
        let thread = db::thread(&t.db, q, false)
            .await
            .expect("thread")
            .expect("exists");
        assert_eq!(thread.summary.title, "Restoring: is nothing lost?");
        assert_eq!(thread.version, 3);
    }
}
