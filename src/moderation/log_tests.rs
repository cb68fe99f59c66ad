//! Issue 15: the public moderation log must not let anyone work out who was warned, suspended or
//! unsuspended — neither in the server function's JSON nor in the page (its HTML and its
//! hydration data) — while the admins' audit log keeps everything.

use crate::i18n::Locale;
use crate::server::testing::{backend_tests, demo_user};
use axum::http::StatusCode;

/// The `entity_id` of every log entry whose reason starts with `marker`, as the text carries it
/// (JSON as sent, or JSON escaped inside the page's hydration data): the entry's fields are
/// serialised in order, so its `entity_id` is the last one before its reason.
fn entity_ids_before(text: &str, marker: &str) -> Vec<String> {
    text.match_indices(marker)
        .filter_map(|(at, _)| {
            let key = text[..at].rfind("entity_id")?;
            (at - key < 200).then(|| {
                text[key + "entity_id".len()..at]
                    .chars()
                    .skip_while(|c| matches!(c, '"' | '\\' | ':' | ' '))
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
            })
        })
        .collect()
}

backend_tests! {
    seeded;

    async fn the_public_log_does_not_say_who_was_warned_or_suspended(t) {
        let moderator = t.client().signed_in("moderator").await;
        let henk_id = demo_user(t, "henk").await;
        // A thread of its own, so its link can only come from the warning.
        let question = crate::questions::db::create(
            &t.db,
            &crate::questions::db::NewQuestion {
                lang: Locale::En,
                title: "Logtest: who pays for the shared battery?".into(),
                body_md: "We want to share one battery between twelve houses. Who pays?".into(),
                author_id: Some(demo_user(t, "priya").await),
                collective_id: None,
                routed_lab_id: None,
                sector_ids: Vec::new(),
                topic_ids: Vec::new(),
            },
        )
        .await
        .expect("question");
        let answer = crate::questions::db::add_answer(
            &t.db,
            question,
            Locale::En,
            Some(henk_id),
            "Rude words about the battery.",
        )
        .await
        .expect("answer");
        let henk = henk_id.to_string();
        let answer = answer.to_string();
        let actions: [&[(&str, &str)]; 4] = [
            // Warned from the thread (the entry carries the thread), then on the profile.
            &[
                ("kind", "answer"),
                ("post_id", &answer),
                ("action", "warn"),
                ("reason", "Logtest warning one"),
            ],
            &[
                ("user_id", &henk),
                ("action", "suspend"),
                ("days", "2"),
                ("reason", "Logtest suspension"),
            ],
            &[
                ("user_id", &henk),
                ("action", "unsuspend"),
                ("reason", "Logtest lifted"),
            ],
            &[
                ("user_id", &henk),
                ("action", "warn"),
                ("reason", "Logtest warning two"),
            ],
        ];
        for (i, args) in actions.into_iter().enumerate() {
            let endpoint = if i == 0 {
                "moderate_post"
            } else {
                "moderate_user"
            };
            let reply = moderator.call(endpoint, args).await;
            assert_eq!(
                reply.status,
                StatusCode::OK,
                "/api/{endpoint}: {}",
                reply.body
            );
        }

        // The server function's raw JSON, as anyone gets it.
        let reply = t.client().call("moderation_log", &[]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let log: serde_json::Value = serde_json::from_str(&reply.body).expect("json");
        let entries = log["entries"].as_array().expect("entries");
        let about_henk: Vec<&serde_json::Value> = entries
            .iter()
            .filter(|e| {
                e["reason"]
                    .as_str()
                    .is_some_and(|r| r.starts_with("Logtest"))
            })
            .collect();
        assert_eq!(about_henk.len(), 4, "every action is in the public log");
        for entry in &about_henk {
            assert_eq!(entry["entity_type"], "user");
            assert!(entry["entity_id"].is_null(), "no member id: {entry}");
            assert!(entry["question"].is_null(), "no thread: {entry}");
            assert!(entry["actor"].is_null() && entry["target"].is_null());
        }
        let actions: Vec<&str> = about_henk
            .iter()
            .filter_map(|e| e["action"].as_str())
            .collect();
        assert_eq!(actions, ["warn", "unsuspend", "suspend", "warn"]);
        assert_eq!(
            entity_ids_before(&reply.body, "Logtest"),
            ["null"; 4],
            "{}",
            reply.body
        );
        assert!(!reply.body.contains("Logtest: who pays"), "no thread title");

        // The page: its HTML and its hydration data.
        let page = t.client().get("/moderation/log").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("Logtest warning one"),
            "the reason is public"
        );
        assert!(!page.body.contains("/users/"), "no profile links");
        assert!(
            !page.body.contains(&format!("/questions/{question}")),
            "no link to the thread the member was warned in"
        );
        assert!(!page.body.contains("Logtest: who pays"));
        // Pages render on the server only (islands), so no hydration data of the log reaches the
        // browser today; should any serialised entries appear again, they carry no member id.
        let ids = entity_ids_before(&page.body, "Logtest");
        assert!(
            ids.iter().all(|id| id == "null"),
            "the hydration data carries no member id: {ids:?}"
        );
        assert!(!page.body.contains("Henk Brinkman"));

        // The admins' audit log keeps all of it.
        let audit = crate::moderation::db::log(&t.db, None, true).await.expect("audit");
        let kept: Vec<_> = audit
            .entries
            .iter()
            .filter(|e| e.reason.starts_with("Logtest"))
            .collect();
        assert_eq!(kept.len(), 4);
        assert!(kept.iter().all(
            |e| e.entity_id == Some(henk_id) && e.target.as_ref().map(|t| t.0) == Some(henk_id)
        ));
        assert!(
            kept.iter()
                .any(|e| e.question.as_ref().map(|q| q.0) == Some(question))
        );
        let admin = t.client().signed_in("admin").await;
        let page = admin.get("/admin/audit").await;
        assert!(page.body.contains(&format!("/users/{henk_id}")));
    }
}
