//! Moderation through the whole HTTP stack, on every backend: flags through the queue to hiding,
//! what hidden posts look like to whom, locks, suspensions, duplicates and the two logs.

use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::questions::db as questions;
use crate::server::testing::{
    TestDb, count, demo_session, demo_user, error_of, get, post, seeded_backends, send_with,
    test_config,
};
use axum::http::{StatusCode, header};

async fn question(t: &TestDb, author: i64, title: &str) -> i64 {
    questions::create(
        &t.db,
        &questions::NewQuestion {
            lang: Locale::En,
            title: title.into(),
            body_md: "How do other collectives handle this, and what did it cost them?".into(),
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

async fn answer(t: &TestDb, question_id: i64, author: i64, body: &str) -> i64 {
    questions::add_answer(&t.db, question_id, Locale::En, Some(author), body)
        .await
        .expect("answer")
}

/// How many search hits a query has (every kind, the whole index).
async fn hits(t: &TestDb, q: &str) -> u64 {
    t.search()
        .await
        .search(
            crate::search::SearchParams {
                q: q.to_string(),
                page: 1,
                ..Default::default()
            },
            Locale::En,
        )
        .await
        .expect("search")
        .total
}

async fn answer_count(t: &TestDb, question_id: i64) -> i64 {
    sqlx::query_scalar("SELECT answer_count FROM questions WHERE id = $1")
        .bind(question_id)
        .fetch_one(&t.db.read)
        .await
        .expect("count")
}

#[tokio::test]
async fn a_flag_goes_through_the_queue_to_hide_and_the_post_vanishes_for_everybody_else() {
    for t in seeded_backends().await {
        let config = test_config(&[]);
        let (henk, priya_id, jos_id) = (
            demo_session(&t, "henk").await,
            demo_user(&t, "priya").await,
            demo_user(&t, "jos").await,
        );
        let (priya, moderator, admin) = (
            demo_session(&t, "priya").await,
            demo_session(&t, "moderator").await,
            demo_session(&t, "admin").await,
        );
        let q = question(&t, priya_id, "Flags: how do we insure volunteers?").await;
        let spam = answer(
            &t,
            q,
            jos_id,
            "Buy cheap panels at spam-shop dot example now!",
        )
        .await;
        let fine = answer(
            &t,
            q,
            jos_id,
            "Ask your umbrella organisation for a group policy.",
        )
        .await;
        assert_eq!(answer_count(&t, q).await, 2);

        // Members flag it; once each; never their own post.
        let flag = |who: &str, id: i64, reason: &str| {
            post(
                "/api/flag_post",
                &[
                    ("kind", "answer"),
                    ("post_id", &id.to_string()),
                    ("reason", reason),
                    ("note", "Advertising"),
                ],
                Some(who),
                false,
            )
        };
        let reply = send_with(&t, &config, flag(&henk, spam, "spam")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let again = send_with(&t, &config, flag(&henk, spam, "abusive")).await;
        assert_eq!(
            error_of(&again),
            Some(AppError::Invalid(Msg::AlreadyFlagged))
        );
        let reply = send_with(&t, &config, flag(&priya, spam, "spam")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let reply = send_with(&t, &config, flag(&henk, fine, "off_topic")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let jos = demo_session(&t, "jos").await;
        let own = send_with(&t, &config, flag(&jos, fine, "spam")).await;
        assert_eq!(error_of(&own), Some(AppError::Invalid(Msg::OwnPostFlag)));
        let other_without_note = send_with(
            &t,
            &config,
            post(
                "/api/flag_post",
                &[
                    ("kind", "answer"),
                    ("post_id", &fine.to_string()),
                    ("reason", "other"),
                ],
                Some(&priya),
                false,
            ),
        )
        .await;
        assert!(matches!(
            error_of(&other_without_note),
            Some(AppError::Fields(_))
        ));

        // The queue: most flagged first, with reasons and notes.
        let queue = super::db::queue(&t.db, 50).await.expect("queue");
        let ours: Vec<_> = queue.iter().filter(|p| p.question_id == q).collect();
        assert_eq!(ours.len(), 2);
        assert_eq!((ours[0].id, ours[0].flag_count), (spam, 2));
        assert_eq!(ours[0].reasons, vec![(super::FlagReason::Spam, 2)]);
        assert_eq!(ours[0].notes, vec!["Advertising", "Advertising"]);
        assert_eq!((ours[1].id, ours[1].flag_count), (fine, 1));
        let page = send_with(&t, &config, get("/moderation", Some(&moderator))).await;
        assert!(
            page.body.contains("spam-shop"),
            "the queue page shows the post"
        );

        // A reason is required; then hiding resolves its flags and writes the log.
        let hide = |reason: &str| {
            post(
                "/api/moderate_post",
                &[
                    ("kind", "answer"),
                    ("post_id", &spam.to_string()),
                    ("action", "hide"),
                    ("reason", reason),
                ],
                Some(&moderator),
                false,
            )
        };
        let refused = send_with(&t, &config, hide("")).await;
        assert!(matches!(error_of(&refused), Some(AppError::Fields(_))));
        assert_eq!(answer_count(&t, q).await, 2, "nothing changed");
        let reply = send_with(&t, &config, hide("Advertising for a shop")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(answer_count(&t, q).await, 1, "public counts leave it out");
        let queue = super::db::queue(&t.db, 50).await.expect("queue");
        assert!(
            !queue
                .iter()
                .any(|p| p.id == spam && p.kind == crate::content::PostKind::Answer)
        );

        // Gone for visitors and members; there, marked, for moderators.
        let thread = questions::thread(&t.db, q, false)
            .await
            .expect("thread")
            .expect("exists");
        assert_eq!(
            thread.answers.iter().map(|a| a.id).collect::<Vec<_>>(),
            [fine]
        );
        let visitor = send_with(&t, &config, get(&format!("/questions/{q}"), None)).await;
        assert!(!visitor.body.contains("spam-shop"));
        let member = send_with(&t, &config, get(&format!("/questions/{q}"), Some(&henk))).await;
        assert!(!member.body.contains("spam-shop"));
        let seen = send_with(
            &t,
            &config,
            get(&format!("/questions/{q}"), Some(&moderator)),
        )
        .await;
        assert!(seen.body.contains("spam-shop"), "moderators still see it");
        assert!(seen.body.contains("Hidden by a moderator"));
        // Nobody can vote on, comment on or edit it any more.
        let vote = send_with(
            &t,
            &config,
            post(
                "/api/vote",
                &[
                    ("kind", "answer"),
                    ("post_id", &spam.to_string()),
                    ("value", "1"),
                ],
                Some(&henk),
                false,
            ),
        )
        .await;
        assert_eq!(error_of(&vote), Some(AppError::NotFound));

        // The public log names the role and the reason, never the person; the audit log does.
        let log = super::db::log(&t.db, None, false).await.expect("log");
        let entry = log
            .entries
            .iter()
            .find(|e| e.entity_id == Some(spam) && e.action == "hide")
            .expect("logged");
        assert_eq!(entry.actor_role, "moderator");
        assert_eq!(entry.reason, "Advertising for a shop");
        assert!(entry.actor.is_none() && entry.target.is_none());
        let page = send_with(&t, &config, get("/moderation/log", None)).await;
        assert!(page.body.contains("Advertising for a shop"));
        assert!(
            !page.body.contains("/users/"),
            "no people in the public log"
        );
        let audit = super::db::log(&t.db, None, true).await.expect("audit");
        let entry = audit
            .entries
            .iter()
            .find(|e| e.entity_id == Some(spam))
            .expect("audited");
        assert_eq!(
            entry.actor.as_ref().map(|a| a.0),
            Some(demo_user(&t, "moderator").await)
        );
        assert_eq!(entry.target.as_ref().map(|a| a.0), Some(jos_id));
        let refused = send_with(&t, &config, get("/admin/audit", Some(&moderator))).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let page = send_with(&t, &config, get("/admin/audit", Some(&admin))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Advertising for a shop"));

        // Restoring shows it again and counts it again.
        let reply = send_with(
            &t,
            &config,
            post(
                "/api/moderate_post",
                &[
                    ("kind", "answer"),
                    ("post_id", &spam.to_string()),
                    ("action", "restore"),
                    ("reason", "Wrong call, it is a real offer"),
                ],
                Some(&moderator),
                false,
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(answer_count(&t, q).await, 2);
        t.finish().await;
    }
}

#[tokio::test]
async fn hidden_questions_leave_lists_search_and_counts_and_deleted_comments_leave_threads() {
    for t in seeded_backends().await {
        let config = test_config(&[]);
        let moderator = demo_session(&t, "moderator").await;
        let priya = demo_user(&t, "priya").await;
        let q = question(&t, priya, "Zeppelin cooperative wants hydrogen subsidies").await;
        let comment = crate::questions::db::comments::add(
            &t.db,
            q,
            crate::content::PostKind::Question,
            q,
            Locale::En,
            demo_user(&t, "henk").await,
            "You are a rude zeppelin person.",
        )
        .await
        .expect("comment");
        assert_eq!(hits(&t, "zeppelin").await, 1);
        for (kind, id, action) in [("question", q, "hide"), ("comment", comment, "delete")] {
            let reply = send_with(
                &t,
                &config,
                post(
                    "/api/moderate_post",
                    &[
                        ("kind", kind),
                        ("post_id", &id.to_string()),
                        ("action", action),
                        ("reason", "Off-topic and rude"),
                    ],
                    Some(&moderator),
                    false,
                ),
            )
            .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        }
        // The index follows the change log (on PostgreSQL only once no older transaction runs).
        let mut left = hits(&t, "zeppelin").await;
        for _ in 0..50 {
            if left == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            left = hits(&t, "zeppelin").await;
        }
        assert_eq!(left, 0, "gone from search");
        let list = questions::latest(&t.db, 100).await.expect("list");
        assert!(!list.iter().any(|s| s.id == q), "gone from lists");
        let visitor = send_with(&t, &config, get(&format!("/questions/{q}"), None)).await;
        assert_eq!(visitor.status, StatusCode::NOT_FOUND);
        let seen = send_with(
            &t,
            &config,
            get(&format!("/questions/{q}"), Some(&moderator)),
        )
        .await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(seen.body.contains("rude zeppelin"));
        assert!(seen.body.contains("Deleted by a moderator"));
        let thread = questions::thread(&t.db, q, true)
            .await
            .expect("thread")
            .expect("moderators");
        assert_eq!(
            thread.comments[0].hidden,
            Some(crate::content::Hidden::Deleted)
        );
        assert!(
            questions::thread(&t.db, q, false)
                .await
                .expect("thread")
                .is_none()
        );
        // A warning about the hidden thread still reaches its author.
        let reply = send_with(
            &t,
            &config,
            post(
                "/api/moderate_post",
                &[
                    ("kind", "question"),
                    ("post_id", &q.to_string()),
                    ("action", "warn"),
                    ("reason", "Please stay on topic"),
                ],
                Some(&moderator),
                false,
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let notes = crate::notifications::db::recent(&t.db, priya, 10)
            .await
            .expect("list");
        assert_eq!(notes[0].reason.as_deref(), Some("Please stay on topic"));
        let unread = crate::notifications::db::unread(&t.db, priya)
            .await
            .expect("unread");
        assert_eq!(unread, 1);
        t.finish().await;
    }
}

#[tokio::test]
async fn a_locked_thread_and_a_suspended_member_are_refused_on_the_server() {
    for t in seeded_backends().await {
        let config = test_config(&[]);
        let moderator = demo_session(&t, "moderator").await;
        let henk = demo_session(&t, "henk").await;
        let henk_id = demo_user(&t, "henk").await;
        let priya = demo_user(&t, "priya").await;
        let q = question(&t, priya, "Locks: the heated thread about the mill").await;
        let a = answer(
            &t,
            q,
            demo_user(&t, "jos").await,
            "A calm answer about the mill.",
        )
        .await;
        let reply = send_with(
            &t,
            &config,
            post(
                "/api/moderate_thread",
                &[
                    ("question_id", &q.to_string()),
                    ("action", "lock"),
                    ("reason", "Too heated"),
                ],
                Some(&moderator),
                false,
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let answer_body = "Another answer about the mill, with details.";
        let refused = send_with(
            &t,
            &config,
            post(
                "/api/post_answer",
                &[
                    ("question_id", &q.to_string()),
                    ("body", answer_body),
                    ("lang", "en"),
                ],
                Some(&henk),
                false,
            ),
        )
        .await;
        assert_eq!(
            error_of(&refused),
            Some(AppError::Invalid(Msg::ThreadLocked))
        );
        let refused = send_with(
            &t,
            &config,
            post(
                "/api/post_comment",
                &[
                    ("kind", "answer"),
                    ("post_id", &a.to_string()),
                    ("body", "Me too!"),
                    ("lang", "en"),
                ],
                Some(&henk),
                false,
            ),
        )
        .await;
        assert_eq!(
            error_of(&refused),
            Some(AppError::Invalid(Msg::ThreadLocked))
        );
        let page = send_with(&t, &config, get(&format!("/questions/{q}"), Some(&henk))).await;
        assert!(page.body.contains("Locked by a moderator"));
        assert!(
            !page.body.contains("data-testid=\"post-answer\""),
            "no answer form"
        );

        // A moderator may not suspend another moderator; an admin may; nobody themselves.
        let suspend = |who: &str, user: i64| {
            post(
                "/api/moderate_user",
                &[
                    ("user_id", &user.to_string()),
                    ("action", "suspend"),
                    ("reason", "Repeated spam"),
                    ("days", "3"),
                ],
                Some(who),
                false,
            )
        };
        let admin_id = demo_user(&t, "admin").await;
        let refused = send_with(&t, &config, suspend(&moderator, admin_id)).await;
        assert_eq!(error_of(&refused), Some(AppError::Forbidden));
        let reply = send_with(&t, &config, suspend(&moderator, henk_id)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

        // Suspended: still reads and signs in, but cannot ask, answer, comment, vote or flag.
        let page = send_with(&t, &config, get("/questions", Some(&henk))).await;
        assert_eq!(page.status, StatusCode::OK);
        let other = question(&t, priya, "Suspensions: an open question about heat").await;
        let attempts = [
            post(
                "/api/post_answer",
                &[
                    ("question_id", &other.to_string()),
                    ("body", answer_body),
                    ("lang", "en"),
                ],
                Some(&henk),
                false,
            ),
            post(
                "/api/vote",
                &[
                    ("kind", "question"),
                    ("post_id", &other.to_string()),
                    ("value", "1"),
                ],
                Some(&henk),
                false,
            ),
            post(
                "/api/post_comment",
                &[
                    ("kind", "question"),
                    ("post_id", &other.to_string()),
                    ("body", "A remark."),
                    ("lang", "en"),
                ],
                Some(&henk),
                false,
            ),
            post(
                "/api/flag_post",
                &[
                    ("kind", "question"),
                    ("post_id", &other.to_string()),
                    ("reason", "spam"),
                ],
                Some(&henk),
                false,
            ),
            post(
                "/api/ask_question",
                &[
                    ("title", "A question while suspended"),
                    ("body", "x"),
                    ("lang", "en"),
                    ("intent", "post"),
                ],
                Some(&henk),
                false,
            ),
        ];
        for attempt in attempts {
            let what = attempt.uri().to_string();
            let reply = send_with(&t, &config, attempt).await;
            assert_eq!(
                error_of(&reply),
                Some(AppError::Invalid(Msg::Suspended)),
                "{what}: {}",
                reply.body
            );
        }
        assert_eq!(answer_count(&t, other).await, 0);
        // The member is told why.
        let page = send_with(&t, &config, get("/notifications", Some(&henk))).await;
        assert!(page.body.contains("Repeated spam"));
        // Lifting it lets them take part again.
        let reply = send_with(
            &t,
            &config,
            post(
                "/api/moderate_user",
                &[
                    ("user_id", &henk_id.to_string()),
                    ("action", "unsuspend"),
                    ("reason", "Served"),
                ],
                Some(&moderator),
                false,
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let reply = send_with(
            &t,
            &config,
            post(
                "/api/vote",
                &[
                    ("kind", "question"),
                    ("post_id", &other.to_string()),
                    ("value", "1"),
                ],
                Some(&henk),
                false,
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        t.finish().await;
    }
}

#[tokio::test]
async fn a_duplicate_hands_its_answers_to_the_target_and_its_url_redirects() {
    for t in seeded_backends().await {
        let config = test_config(&[]);
        let moderator = demo_session(&t, "moderator").await;
        let priya = demo_user(&t, "priya").await;
        let henk = demo_user(&t, "henk").await;
        let target = question(&t, priya, "Duplicates: which insurance covers volunteers?").await;
        let dup = question(&t, henk, "Duplicates: insurance for our volunteers?").await;
        answer(
            &t,
            target,
            demo_user(&t, "jos").await,
            "The original answer on insurance.",
        )
        .await;
        let moved = answer(
            &t,
            dup,
            demo_user(&t, "anna").await,
            "Our umbrella has a group policy.",
        )
        .await;
        crate::questions::db::accept_answer(&t.db, dup, moved)
            .await
            .expect("accept");
        let close = |target: &str| {
            post(
                "/api/moderate_thread",
                &[
                    ("question_id", &dup.to_string()),
                    ("action", "duplicate"),
                    ("reason", "Asked before"),
                    ("target", target),
                ],
                Some(&moderator),
                false,
            )
        };
        let refused = send_with(&t, &config, close(&dup.to_string())).await;
        assert!(
            matches!(error_of(&refused), Some(AppError::Fields(_))),
            "not itself"
        );
        let refused = send_with(&t, &config, close("999999")).await;
        assert!(
            matches!(error_of(&refused), Some(AppError::Fields(_))),
            "a real question"
        );
        let reply = send_with(
            &t,
            &config,
            close(&format!("https://example.org/questions/{target}")),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

        let thread = questions::thread(&t.db, target, false)
            .await
            .expect("thread")
            .expect("target");
        assert_eq!(thread.answers.len(), 2, "the answers moved");
        assert!(
            thread.answers.iter().all(|a| !a.is_accepted),
            "the target's asker accepts"
        );
        assert_eq!(answer_count(&t, target).await, 2);
        let follows = count(
            &t,
            &format!(
                "SELECT COUNT(*) FROM follows WHERE question_id = {target} AND user_id = {henk}"
            ),
        )
        .await;
        assert_eq!(follows, 1, "the duplicate's asker follows the target");
        let old = questions::thread(&t.db, dup, false)
            .await
            .expect("thread")
            .expect("dup");
        assert_eq!(old.duplicate_of, Some(target));
        assert_eq!(old.summary.status, crate::content::QuestionStatus::Closed);
        let page = send_with(&t, &config, get(&format!("/questions/{dup}"), None)).await;
        assert!(page.status.is_redirection(), "{}", page.status);
        assert_eq!(
            page.headers[header::LOCATION],
            format!("/questions/{target}")
        );
        let again = send_with(&t, &config, close(&target.to_string())).await;
        assert!(
            matches!(error_of(&again), Some(AppError::Fields(_))),
            "closed once"
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn collective_and_lab_texts_are_edited_by_their_own_people_with_conflicts_refused() {
    for t in seeded_backends().await {
        let config = test_config(&[]);
        let (anna, henk, moderator) = (
            demo_session(&t, "anna").await,
            demo_session(&t, "henk").await,
            demo_session(&t, "moderator").await,
        );
        let anna_id = demo_user(&t, "anna").await;
        let collective: i64 = sqlx::query_scalar(
            "SELECT collective_id FROM memberships WHERE user_id = $1 AND role = 'admin' AND status = 'active'",
        )
        .bind(anna_id)
        .fetch_one(&t.db.read)
        .await
        .expect("anna's collective");
        let edit = |who: &str, kind: &str, id: i64, base: i64, body: &str, reason: &str| {
            post(
                "/api/edit_post",
                &[
                    ("kind", kind),
                    ("id", &id.to_string()),
                    ("base_version", &base.to_string()),
                    ("body", body),
                    ("reason", reason),
                ],
                Some(who),
                false,
            )
        };
        let text = "We heat 40 homes with a shared heat pump.\n\nNew members welcome.";
        let refused = send_with(
            &t,
            &config,
            edit(&henk, "collective-en", collective, 1, text, "Mine now"),
        )
        .await;
        assert_eq!(error_of(&refused), Some(AppError::Forbidden));
        let reply = send_with(
            &t,
            &config,
            edit(&anna, "collective-en", collective, 1, text, ""),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        // A moderator who opened version 1 is refused, and nothing changes.
        let stale = send_with(
            &t,
            &config,
            edit(
                &moderator,
                "collective-en",
                collective,
                1,
                "Overwritten.",
                "Fix",
            ),
        )
        .await;
        assert_eq!(error_of(&stale), Some(AppError::Invalid(Msg::EditConflict)));
        let stored: String =
            sqlx::query_scalar("SELECT description_en FROM collectives WHERE id = $1")
                .bind(collective)
                .fetch_one(&t.db.read)
                .await
                .expect("text");
        assert_eq!(stored, text);
        // Moderators give a reason for others' texts; lab texts are theirs alone.
        let no_reason = send_with(
            &t,
            &config,
            edit(&moderator, "collective-nl", collective, 2, "Tekst.", ""),
        )
        .await;
        assert!(matches!(error_of(&no_reason), Some(AppError::Fields(_))));
        let lab: i64 = sqlx::query_scalar("SELECT id FROM labs WHERE slug = 'finance'")
            .fetch_one(&t.db.read)
            .await
            .expect("lab");
        let refused = send_with(
            &t,
            &config,
            edit(&anna, "lab-en", lab, 1, "Money.", "Shorter"),
        )
        .await;
        assert_eq!(error_of(&refused), Some(AppError::Forbidden));
        let reply = send_with(
            &t,
            &config,
            edit(
                &moderator,
                "lab-en",
                lab,
                1,
                "Banks and funds answer money questions.",
                "Clearer",
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let page = send_with(&t, &config, get("/labs/finance", None)).await;
        assert!(
            page.body
                .contains("Banks and funds answer money questions.")
        );
        let history = send_with(&t, &config, get(&format!("/history/lab-en/{lab}"), None)).await;
        assert!(
            history.body.contains("Clearer"),
            "the reason is in the history"
        );
        assert_eq!(
            count(&t, "SELECT COUNT(*) FROM moderation_log WHERE action = 'edit' AND entity_type = 'lab-en'").await,
            1,
            "a moderator's edit of a lab text is logged"
        );
        t.finish().await;
    }
}

/// Issue 15: the flag queue is a page of posts at a time, read with a fixed number of queries.
/// Pages do not overlap and together hold every flagged post, most flagged first; each post
/// keeps its own reasons (summing to its flag count) and its own first notes.
#[tokio::test]
async fn the_flag_queue_pages_posts_with_their_own_reasons_and_notes() {
    for t in seeded_backends().await {
        sqlx::query("DELETE FROM flags")
            .execute(&t.db.write)
            .await
            .expect("clear flags");
        let answers: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT id, question_id FROM answers WHERE hidden_at IS NULL ORDER BY id LIMIT 7",
        )
        .fetch_all(&t.db.read)
        .await
        .expect("answers");
        let users: Vec<i64> = sqlx::query_scalar("SELECT id FROM users ORDER BY id LIMIT 12")
            .fetch_all(&t.db.read)
            .await
            .expect("users");
        assert_eq!(answers.len(), 7);
        assert!(users.len() >= 8);
        let reasons = ["spam", "abusive", "off_topic", "other"];
        for (i, (answer, question)) in answers.iter().enumerate() {
            // Answer i gets i + 1 flags; every other flag carries a note naming its answer.
            for (k, user) in users.iter().take(i + 1).enumerate() {
                let note = if k % 2 == 0 {
                    format!("note-{answer}-{k}")
                } else {
                    String::new()
                };
                sqlx::query(
                    "INSERT INTO flags (entity_type, entity_id, question_id, user_id, reason, note,
                                        created_at)
                     VALUES ('answer', $1, $2, $3, $4, $5, $6)",
                )
                .bind(answer)
                .bind(question)
                .bind(user)
                .bind(reasons[k % reasons.len()])
                .bind(note)
                .bind(1_000 + (i * 10 + k) as i64)
                .execute(&t.db.write)
                .await
                .expect("flag");
            }
        }
        let mut seen = Vec::new();
        for page in 0..4 {
            let posts = super::db::queue_page(&t.db, 3, page * 3)
                .await
                .expect("page");
            assert_eq!(posts.len(), [3, 3, 1, 0][page as usize], "page {page}");
            for post in posts {
                let i = answers
                    .iter()
                    .position(|(a, _)| *a == post.id)
                    .expect("a flagged answer");
                assert_eq!(post.flag_count, i as i64 + 1);
                assert_eq!(post.question_id, answers[i].1);
                let summed: i64 = post.reasons.iter().map(|(_, n)| n).sum();
                assert_eq!(summed, post.flag_count, "reasons of answer {}", post.id);
                // Flags k = 0..=i, a note on every even k.
                assert_eq!(post.notes.len(), i / 2 + 1, "notes of answer {}", post.id);
                assert!(
                    post.notes
                        .iter()
                        .all(|n| n.starts_with(&format!("note-{}-", post.id))),
                    "notes of answer {}: {:?}",
                    post.id,
                    post.notes
                );
                seen.push(post.flag_count);
            }
        }
        assert_eq!(
            seen,
            vec![7, 6, 5, 4, 3, 2, 1],
            "most flagged first, each once"
        );
        t.finish().await;
    }
}
