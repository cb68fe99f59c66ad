//! Moderation through the whole HTTP stack, on every backend: flags through the queue to hiding,
//! what hidden posts look like to whom, locks, suspensions, duplicates and the two logs.

use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::questions::db as questions;
use crate::server::testing::client::Client;
use crate::server::testing::fixtures::{answer, question};
use crate::server::testing::{TestDb, backend_tests, count, demo_user, error_of};
use axum::http::{StatusCode, header};

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

backend_tests! {
    seeded;

    async fn a_flag_goes_through_the_queue_to_hide_and_the_post_vanishes_for_everybody_else(t) {
        let (henk, priya_id, jos_id) = (
            t.client().signed_in("henk").await,
            demo_user(t, "priya").await,
            demo_user(t, "jos").await,
        );
        let (priya, moderator, admin) = (
            t.client().signed_in("priya").await,
            t.client().signed_in("moderator").await,
            t.client().signed_in("admin").await,
        );
        let q = question(t, priya_id, "Flags: how do we insure volunteers?").await;
        let spam = answer(
            t,
            q,
            jos_id,
            "Buy cheap panels at spam-shop dot example now!",
        )
        .await;
        let fine = answer(
            t,
            q,
            jos_id,
            "Ask your umbrella organisation for a group policy.",
        )
        .await;
        assert_eq!(answer_count(t, q).await, 2);

        // Members flag it; once each; never their own post.
        let flag = async |who: &Client<'_>, id: i64, reason: &str| {
            who.call(
                "flag_post",
                &[
                    ("kind", "answer"),
                    ("post_id", &id.to_string()),
                    ("reason", reason),
                    ("note", "Advertising"),
                ],
            )
            .await
        };
        let reply = flag(&henk, spam, "spam").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let again = flag(&henk, spam, "abusive").await;
        assert_eq!(
            error_of(&again),
            Some(AppError::Invalid(Msg::AlreadyFlagged))
        );
        let reply = flag(&priya, spam, "spam").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let reply = flag(&henk, fine, "off_topic").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let jos = t.client().signed_in("jos").await;
        let own = flag(&jos, fine, "spam").await;
        assert_eq!(error_of(&own), Some(AppError::Invalid(Msg::OwnPostFlag)));
        let other_without_note = priya
            .call(
                "flag_post",
                &[
                    ("kind", "answer"),
                    ("post_id", &fine.to_string()),
                    ("reason", "other"),
                ],
            )
            .await;
        assert!(matches!(
            error_of(&other_without_note),
            Some(AppError::Fields(_))
        ));

        // The queue: most flagged first, with reasons and notes.
        let queue = crate::moderation::db::queue(&t.db, 50).await.expect("queue");
        let ours: Vec<_> = queue.iter().filter(|p| p.question_id == q).collect();
        assert_eq!(ours.len(), 2);
        assert_eq!((ours[0].id, ours[0].flag_count), (spam, 2));
        assert_eq!(ours[0].reasons, vec![(crate::moderation::FlagReason::Spam, 2)]);
        assert_eq!(ours[0].notes, vec!["Advertising", "Advertising"]);
        assert_eq!((ours[1].id, ours[1].flag_count), (fine, 1));
        let page = moderator.get("/moderation").await;
        assert!(
            page.body.contains("spam-shop"),
            "the queue page shows the post"
        );

        // A reason is required; then hiding resolves its flags and writes the log.
        let hide = async |reason: &str| {
            moderator
                .call(
                    "moderate_post",
                    &[
                        ("kind", "answer"),
                        ("post_id", &spam.to_string()),
                        ("action", "hide"),
                        ("reason", reason),
                    ],
                )
                .await
        };
        let refused = hide("").await;
        assert!(matches!(error_of(&refused), Some(AppError::Fields(_))));
        assert_eq!(answer_count(t, q).await, 2, "nothing changed");
        let reply = hide("Advertising for a shop").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(answer_count(t, q).await, 1, "public counts leave it out");
        let queue = crate::moderation::db::queue(&t.db, 50).await.expect("queue");
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
        let visitor = t.client().get(&format!("/questions/{q}")).await;
        assert!(!visitor.body.contains("spam-shop"));
        let member = henk.get(&format!("/questions/{q}")).await;
        assert!(!member.body.contains("spam-shop"));
        let seen = moderator.get(&format!("/questions/{q}")).await;
        assert!(seen.body.contains("spam-shop"), "moderators still see it");
        assert!(seen.body.contains("Hidden by a moderator"));
        // Nobody can vote on, comment on or edit it any more.
        let vote = henk
            .call(
                "vote",
                &[
                    ("kind", "answer"),
                    ("post_id", &spam.to_string()),
                    ("value", "1"),
                ],
            )
            .await;
        assert_eq!(error_of(&vote), Some(AppError::NotFound));

        // The public log names the role and the reason, never the person; the audit log does.
        let log = crate::moderation::db::log(&t.db, None, false).await.expect("log");
        let entry = log
            .entries
            .iter()
            .find(|e| e.entity_id == Some(spam) && e.action == "hide")
            .expect("logged");
        assert_eq!(entry.actor_role, "moderator");
        assert_eq!(entry.reason, "Advertising for a shop");
        assert!(entry.actor.is_none() && entry.target.is_none());
        let page = t.client().get("/moderation/log").await;
        assert!(page.body.contains("Advertising for a shop"));
        assert!(
            !page.body.contains("/users/"),
            "no people in the public log"
        );
        let audit = crate::moderation::db::log(&t.db, None, true).await.expect("audit");
        let entry = audit
            .entries
            .iter()
            .find(|e| e.entity_id == Some(spam))
            .expect("audited");
        assert_eq!(
            entry.actor.as_ref().map(|a| a.0),
            Some(demo_user(t, "moderator").await)
        );
        assert_eq!(entry.target.as_ref().map(|a| a.0), Some(jos_id));
        let refused = moderator.get("/admin/audit").await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let page = admin.get("/admin/audit").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Advertising for a shop"));

        // Restoring shows it again and counts it again.
        let reply = moderator
            .call(
                "moderate_post",
                &[
                    ("kind", "answer"),
                    ("post_id", &spam.to_string()),
                    ("action", "restore"),
                    ("reason", "Wrong call, it is a real offer"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(answer_count(t, q).await, 2);
    }

    async fn hidden_questions_leave_lists_search_and_counts_and_deleted_comments_leave_threads(t) {
        let moderator = t.client().signed_in("moderator").await;
        let priya = demo_user(t, "priya").await;
        let q = question(t, priya, "Zeppelin cooperative wants hydrogen subsidies").await;
        let comment = crate::questions::db::comments::add(
            &t.db,
            q,
            crate::content::PostKind::Question,
            q,
            Locale::En,
            demo_user(t, "henk").await,
            "You are a rude zeppelin person.",
        )
        .await
        .expect("comment");
        assert_eq!(hits(t, "zeppelin").await, 1);
        for (kind, id, action) in [("question", q, "hide"), ("comment", comment, "delete")] {
            let reply = moderator
                .call(
                    "moderate_post",
                    &[
                        ("kind", kind),
                        ("post_id", &id.to_string()),
                        ("action", action),
                        ("reason", "Off-topic and rude"),
                    ],
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        }
        // The index follows the change log (on PostgreSQL only once no older transaction runs).
        let mut left = hits(t, "zeppelin").await;
        for _ in 0..50 {
            if left == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            left = hits(t, "zeppelin").await;
        }
        assert_eq!(left, 0, "gone from search");
        let list = questions::latest(&t.db, 100).await.expect("list");
        assert!(!list.iter().any(|s| s.id == q), "gone from lists");
        let visitor = t.client().get(&format!("/questions/{q}")).await;
        assert_eq!(visitor.status, StatusCode::NOT_FOUND);
        let seen = moderator.get(&format!("/questions/{q}")).await;
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
        let reply = moderator
            .call(
                "moderate_post",
                &[
                    ("kind", "question"),
                    ("post_id", &q.to_string()),
                    ("action", "warn"),
                    ("reason", "Please stay on topic"),
                ],
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
    }

    async fn a_locked_thread_and_a_suspended_member_are_refused_on_the_server(t) {
        let moderator = t.client().signed_in("moderator").await;
        let henk = t.client().signed_in("henk").await;
        let henk_id = demo_user(t, "henk").await;
        let priya = demo_user(t, "priya").await;
        let q = question(t, priya, "Locks: the heated thread about the mill").await;
        let a = answer(
            t,
            q,
            demo_user(t, "jos").await,
            "A calm answer about the mill.",
        )
        .await;
        let reply = moderator
            .call(
                "moderate_thread",
                &[
                    ("question_id", &q.to_string()),
                    ("action", "lock"),
                    ("reason", "Too heated"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let answer_body = "Another answer about the mill, with details.";
        let refused = henk
            .call(
                "post_answer",
                &[
                    ("question_id", &q.to_string()),
                    ("body", answer_body),
                    ("lang", "en"),
                ],
            )
            .await;
        assert_eq!(
            error_of(&refused),
            Some(AppError::Invalid(Msg::ThreadLocked))
        );
        let refused = henk
            .call(
                "post_comment",
                &[
                    ("kind", "answer"),
                    ("post_id", &a.to_string()),
                    ("body", "Me too!"),
                    ("lang", "en"),
                ],
            )
            .await;
        assert_eq!(
            error_of(&refused),
            Some(AppError::Invalid(Msg::ThreadLocked))
        );
        let page = henk.get(&format!("/questions/{q}")).await;
        assert!(page.body.contains("Locked by a moderator"));
        assert!(
            !page.body.contains("data-testid=\"post-answer\""),
            "no answer form"
        );

        // A moderator may not suspend another moderator; an admin may; nobody themselves.
        let suspend = async |who: &Client<'_>, user: i64| {
            who.call(
                "moderate_user",
                &[
                    ("user_id", &user.to_string()),
                    ("action", "suspend"),
                    ("reason", "Repeated spam"),
                    ("days", "3"),
                ],
            )
            .await
        };
        let admin_id = demo_user(t, "admin").await;
        let refused = suspend(&moderator, admin_id).await;
        assert_eq!(error_of(&refused), Some(AppError::Forbidden));
        let reply = suspend(&moderator, henk_id).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

        // Suspended: still reads and signs in, but cannot ask, answer, comment, vote or flag.
        let page = henk.get("/questions").await;
        assert_eq!(page.status, StatusCode::OK);
        let other = question(t, priya, "Suspensions: an open question about heat").await;
        let other_id = other.to_string();
        let attempts: [(&str, &[(&str, &str)]); 5] = [
            (
                "post_answer",
                &[
                    ("question_id", other_id.as_str()),
                    ("body", answer_body),
                    ("lang", "en"),
                ],
            ),
            (
                "vote",
                &[
                    ("kind", "question"),
                    ("post_id", other_id.as_str()),
                    ("value", "1"),
                ],
            ),
            (
                "post_comment",
                &[
                    ("kind", "question"),
                    ("post_id", other_id.as_str()),
                    ("body", "A remark."),
                    ("lang", "en"),
                ],
            ),
            (
                "flag_post",
                &[
                    ("kind", "question"),
                    ("post_id", other_id.as_str()),
                    ("reason", "spam"),
                ],
            ),
            (
                "ask_question",
                &[
                    ("title", "A question while suspended"),
                    ("body", "x"),
                    ("lang", "en"),
                    ("intent", "post"),
                ],
            ),
        ];
        for (endpoint, fields) in attempts {
            let what = format!("/api/{endpoint}");
            let reply = henk.call(endpoint, fields).await;
            assert_eq!(
                error_of(&reply),
                Some(AppError::Invalid(Msg::Suspended)),
                "{what}: {}",
                reply.body
            );
        }
        assert_eq!(answer_count(t, other).await, 0);
        // The member is told why.
        let page = henk.get("/notifications").await;
        assert!(page.body.contains("Repeated spam"));
        // Lifting it lets them take part again.
        let reply = moderator
            .call(
                "moderate_user",
                &[
                    ("user_id", &henk_id.to_string()),
                    ("action", "unsuspend"),
                    ("reason", "Served"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let reply = henk
            .call(
                "vote",
                &[
                    ("kind", "question"),
                    ("post_id", &other.to_string()),
                    ("value", "1"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }

    async fn a_duplicate_hands_its_answers_to_the_target_and_its_url_redirects(t) {
        let moderator = t.client().signed_in("moderator").await;
        let priya = demo_user(t, "priya").await;
        let henk = demo_user(t, "henk").await;
        let target = question(t, priya, "Duplicates: which insurance covers volunteers?").await;
        let dup = question(t, henk, "Duplicates: insurance for our volunteers?").await;
        answer(
            t,
            target,
            demo_user(t, "jos").await,
            "The original answer on insurance.",
        )
        .await;
        let moved = answer(
            t,
            dup,
            demo_user(t, "anna").await,
            "Our umbrella has a group policy.",
        )
        .await;
        crate::questions::db::accept_answer(&t.db, dup, moved)
            .await
            .expect("accept");
        let close = async |target: &str| {
            moderator
                .call(
                    "moderate_thread",
                    &[
                        ("question_id", &dup.to_string()),
                        ("action", "duplicate"),
                        ("reason", "Asked before"),
                        ("target", target),
                    ],
                )
                .await
        };
        let refused = close(&dup.to_string()).await;
        assert!(
            matches!(error_of(&refused), Some(AppError::Fields(_))),
            "not itself"
        );
        let refused = close("999999").await;
        assert!(
            matches!(error_of(&refused), Some(AppError::Fields(_))),
            "a real question"
        );
        let reply = close(&format!("https://example.org/questions/{target}")).await;
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
        assert_eq!(answer_count(t, target).await, 2);
        let follows = count(
            t,
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
        let page = t.client().get(&format!("/questions/{dup}")).await;
        assert!(page.status.is_redirection(), "{}", page.status);
        assert_eq!(
            page.headers[header::LOCATION],
            format!("/questions/{target}")
        );
        let again = close(&target.to_string()).await;
        assert!(
            matches!(error_of(&again), Some(AppError::Fields(_))),
            "closed once"
        );
    }

    async fn collective_and_lab_texts_are_edited_by_their_own_people_with_conflicts_refused(t) {
        let (anna, henk, moderator) = (
            t.client().signed_in("anna").await,
            t.client().signed_in("henk").await,
            t.client().signed_in("moderator").await,
        );
        let anna_id = demo_user(t, "anna").await;
        let collective: i64 = sqlx::query_scalar(
            "SELECT collective_id FROM memberships WHERE user_id = $1 AND role = 'admin' AND status = 'active'",
        )
        .bind(anna_id)
        .fetch_one(&t.db.read)
        .await
        .expect("anna's collective");
        let edit =
            async |who: &Client<'_>, kind: &str, id: i64, base: i64, body: &str, reason: &str| {
                who.call(
                    "edit_post",
                    &[
                        ("kind", kind),
                        ("id", &id.to_string()),
                        ("base_version", &base.to_string()),
                        ("body", body),
                        ("reason", reason),
                    ],
                )
                .await
            };
        let text = "We heat 40 homes with a shared heat pump.\n\nNew members welcome.";
        let refused = edit(&henk, "collective-en", collective, 1, text, "Mine now").await;
        assert_eq!(error_of(&refused), Some(AppError::Forbidden));
        let reply = edit(&anna, "collective-en", collective, 1, text, "").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        // A moderator who opened version 1 is refused, and nothing changes.
        let stale = edit(
            &moderator,
            "collective-en",
            collective,
            1,
            "Overwritten.",
            "Fix",
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
        let no_reason = edit(&moderator, "collective-nl", collective, 2, "Tekst.", "").await;
        assert!(matches!(error_of(&no_reason), Some(AppError::Fields(_))));
        let lab: i64 = sqlx::query_scalar("SELECT id FROM labs WHERE slug = 'finance'")
            .fetch_one(&t.db.read)
            .await
            .expect("lab");
        let refused = edit(&anna, "lab-en", lab, 1, "Money.", "Shorter").await;
        assert_eq!(error_of(&refused), Some(AppError::Forbidden));
        let reply = edit(
            &moderator,
            "lab-en",
            lab,
            1,
            "Banks and funds answer money questions.",
            "Clearer",
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let page = t.client().get("/labs/finance").await;
        assert!(
            page.body
                .contains("Banks and funds answer money questions.")
        );
        let history = t.client().get(&format!("/history/lab-en/{lab}")).await;
        assert!(
            history.body.contains("Clearer"),
            "the reason is in the history"
        );
        assert_eq!(
            count(t, "SELECT COUNT(*) FROM moderation_log WHERE action = 'edit' AND entity_type = 'lab-en'").await,
            1,
            "a moderator's edit of a lab text is logged"
        );
    }

    /// Issue 15: the flag queue is a page of posts at a time, read with a fixed number of queries.
    /// Pages do not overlap and together hold every flagged post, most flagged first; each post
    /// keeps its own reasons (summing to its flag count) and its own first notes.
    async fn the_flag_queue_pages_posts_with_their_own_reasons_and_notes(t) {
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
            let posts = crate::moderation::db::queue_page(&t.db, 3, page * 3)
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
    }
}
