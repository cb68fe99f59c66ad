//! Issue 15, point 9b (security review F8): notifications about hidden answers and comments
//! (and comments under hidden answers) are left out of the list and every unread count, like
//! those about hidden questions. On every backend.

use crate::i18n::Locale;
use crate::questions::db as questions;
use crate::server::testing::client::Client;
use crate::server::testing::{TestDb, backend_tests, count, demo_user, test_config};
use axum::http::StatusCode;

/// (kinds of the shown notifications about `question`, the unread count, the header's count).
async fn seen(t: &TestDb, user: i64, who: &Client<'_>, question: i64) -> (Vec<String>, i64, i64) {
    let kinds = crate::notifications::db::recent(&t.db, user, 50)
        .await
        .expect("recent")
        .into_iter()
        .filter(|n| n.question_id == Some(question))
        .map(|n| n.kind)
        .collect();
    let unread = crate::notifications::db::unread(&t.db, user)
        .await
        .expect("unread");
    let cookie = who.cookie().unwrap_or_default();
    let token = cookie.split_once('=').map(|(_, v)| v).unwrap_or_default();
    let header = crate::accounts::session::lookup(&t.db, &test_config(&[]), token)
        .await
        .expect("lookup")
        .expect("a session")
        .viewer
        .unread_notifications;
    (kinds, unread, header)
}

async fn moderate(moderator: &Client<'_>, kind: &str, id: i64, action: &str) {
    let reply = moderator
        .call(
            "moderate_post",
            &[
                ("kind", kind),
                ("post_id", &id.to_string()),
                ("action", action),
                ("reason", "Test of hidden posts"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

backend_tests! {
    seeded;

    async fn notifications_about_hidden_answers_and_comments_are_left_out(t) {
        let (priya_id, jos_id, marloes_id) = (
            demo_user(t, "priya").await,
            demo_user(t, "jos").await,
            demo_user(t, "marloes").await,
        );
        let (priya, marloes, moderator) = (
            t.client().signed_in("priya").await,
            t.client().signed_in("marloes").await,
            t.client().signed_in("moderator").await,
        );
        let q = questions::create(
            &t.db,
            &questions::NewQuestion {
                lang: Locale::En,
                title: "Notifications: who lends to a village hall?".into(),
                body_md: "We want to buy our village hall and need a bridge loan.".into(),
                author_id: Some(priya_id),
                collective_id: None,
                routed_lab_id: None,
                sector_ids: Vec::new(),
                topic_ids: Vec::new(),
            },
        )
        .await
        .expect("question");
        // Priya follows her question: she hears of Jos's answer; a partner's request for more
        // information is a comment she hears of; her reply, a comment under Jos's answer, is
        // what the partner hears of.
        let a = questions::add_answer(&t.db, q, Locale::En, Some(jos_id), "Ask the bank.")
            .await
            .expect("answer");
        crate::queue::db::wait_for_asker(&t.db, q, marloes_id, Locale::En, "Which bank?")
            .await
            .expect("wait for the asker");
        let reply = priya
            .call(
                "post_comment",
                &[
                    ("kind", "answer"),
                    ("post_id", &a.to_string()),
                    ("lang", "en"),
                    ("body", "Triodos, thank you both."),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let note = count(
            t,
            &format!("SELECT comment_id FROM notifications WHERE kind = 'waiting' AND user_id = {priya_id} AND question_id = {q}"),
        )
        .await;

        let (kinds, unread, header) = seen(t, priya_id, &priya, q).await;
        assert_eq!(kinds, ["waiting", "answer"]);
        assert_eq!(header, unread);
        let (partner_kinds, partner_unread, _) = seen(t, marloes_id, &marloes, q).await;
        assert_eq!(partner_kinds, ["asker_replied"]);
        let page = priya.get("/notifications").await;
        assert!(page.body.contains(&format!("#answer-{a}")));

        // The answer is hidden: Priya no longer hears of it, nor Marloes of the comment under it.
        moderate(&moderator, "answer", a, "hide").await;
        let after = seen(t, priya_id, &priya, q).await;
        assert_eq!(after, (vec!["waiting".to_string()], unread - 1, unread - 1));
        let page = priya.get("/notifications").await;
        assert!(
            !page.body.contains(&format!("#answer-{a}")),
            "no name, no link"
        );
        let partner_after = seen(t, marloes_id, &marloes, q).await;
        assert_eq!(partner_after.0, Vec::<String>::new());
        assert_eq!(partner_after.1, partner_unread - 1);
        assert_eq!(partner_after.2, partner_unread - 1);

        // The partner's note is hidden: so is Priya's notification of it.
        moderate(&moderator, "comment", note, "hide").await;
        assert_eq!(
            seen(t, priya_id, &priya, q).await,
            (Vec::new(), unread - 2, unread - 2)
        );

        // Shown again, they are back (left out, not deleted).
        moderate(&moderator, "answer", a, "restore").await;
        moderate(&moderator, "comment", note, "restore").await;
        assert_eq!(seen(t, priya_id, &priya, q).await, (kinds, unread, unread));
        assert_eq!(seen(t, marloes_id, &marloes, q).await.0, ["asker_replied"]);
    }

    /// The header's unread count runs on every signed-in request: it stops counting at `UNREAD_CAP`
    /// (shown as "99+") however many unread notifications pile up.
    async fn the_unread_count_stops_at_its_cap(t) {
        let user = demo_user(t, "priya").await;
        let priya = t.client().signed_in("priya").await;
        let question: i64 = sqlx::query_scalar("SELECT MIN(id) FROM questions")
            .fetch_one(&t.db.read)
            .await
            .expect("a question");
        let mut tx = t.db.begin_write().await.expect("begin");
        for i in 0..(crate::notifications::UNREAD_CAP + 50) {
            sqlx::query(
                "INSERT INTO notifications (user_id, kind, question_id, created_at)
                 VALUES ($1, 'answer', $2, $3)",
            )
            .bind(user)
            .bind(question)
            .bind(1_000 + i)
            .execute(&mut *tx)
            .await
            .expect("notification");
        }
        tx.commit().await.expect("commit");
        let (_, unread, header) = seen(t, user, &priya, question).await;
        assert_eq!(unread, crate::notifications::UNREAD_CAP, "{}", t.url);
        assert_eq!(header, crate::notifications::UNREAD_CAP, "{}", t.url);
        assert_eq!(crate::notifications::unread_label(header), "99+");
        assert_eq!(crate::notifications::unread_label(7), "7");
    }
}
