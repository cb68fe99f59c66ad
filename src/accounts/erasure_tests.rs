//! Issue 15: account deletion and the personal-data export cover every column that points at a
//! person, read from the live schema of both databases, and do what `db::PERSON_COLUMNS` says.

use crate::accounts::db::{Erasure, Exported, PERSON_COLUMNS, USER_FIELDS};
use crate::i18n::Locale;
use crate::server::db::now_ms;
use crate::server::testing::client::Client;
use crate::server::testing::{TestDb, backend_tests, count, demo_user};
use axum::http::StatusCode;
use std::collections::BTreeSet;

/// Every (table, column) of the live schema (migration bookkeeping left out).
async fn all_columns(t: &TestDb) -> BTreeSet<(String, String)> {
    let sql = if t.url.starts_with("postgres") {
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns
         WHERE table_schema = current_schema()"
    } else {
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table'"
    };
    sqlx::query_as::<_, (String, String)>(sql)
        .fetch_all(&t.db.read)
        .await
        .expect("columns")
        .into_iter()
        .filter(|(table, _)| !table.starts_with("_sqlx") && !table.starts_with("sqlite_"))
        .collect()
}

/// Every (table, column) with a foreign key to `users`.
async fn foreign_keys_to_users(t: &TestDb) -> BTreeSet<(String, String)> {
    let sql = if t.url.starts_with("postgres") {
        "SELECT CAST(c.conrelid::regclass AS TEXT), CAST(a.attname AS TEXT)
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
         WHERE c.contype = 'f' AND c.confrelid = CAST('users' AS regclass)"
    } else {
        "SELECT m.name, p.\"from\" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) p
         WHERE m.type = 'table' AND p.\"table\" = 'users'"
    };
    sqlx::query_as::<_, (String, String)>(sql)
        .fetch_all(&t.db.read)
        .await
        .expect("foreign keys")
        .into_iter()
        .collect()
}

/// A column that names a person by its name alone (for columns without a foreign key).
fn sounds_like_a_person(column: &str) -> bool {
    column == "user_id"
        || column.ends_with("_user_id")
        || column.ends_with("_by")
        || [
            "author_id",
            "actor_id",
            "editor_id",
            "owner_id",
            "creator_id",
            "founder_id",
            "member_id",
            "partner_id",
            "moderator_id",
            "admin_id",
            "reviewer_id",
            "recipient_id",
            "sender_id",
        ]
        .contains(&column)
}

backend_tests! {
    async fn every_column_that_points_at_a_person_is_erased_exported_or_kept(t) {
        let columns = all_columns(t).await;
        let mut personal = foreign_keys_to_users(t).await;
        personal.extend(
            columns
                .iter()
                .filter(|(_, column)| sounds_like_a_person(column))
                .cloned(),
        );
        personal.retain(|(table, _)| table != "users");
        assert!(
            personal.len() >= 20,
            "the schema was read ({} columns): {personal:?}",
            columns.len()
        );
        let listed: BTreeSet<(String, String)> = PERSON_COLUMNS
            .iter()
            .map(|c| (c.table.to_string(), c.column.to_string()))
            .collect();
        let missing: Vec<_> = personal.difference(&listed).collect();
        assert!(
            missing.is_empty(),
            "columns that point at a person but are in neither the deletion, the export nor the \
             kept list (add them to accounts::db::PERSON_COLUMNS, delete_account and the export): \
             {missing:?}"
        );
        let stale: Vec<_> = listed.difference(&columns).collect();
        assert!(stale.is_empty(), "listed but not in the schema: {stale:?}");
        // The users row itself: every column emptied or kept for a reason.
        let user_columns: BTreeSet<String> = columns
            .iter()
            .filter(|(table, _)| table == "users")
            .map(|(_, column)| column.clone())
            .collect();
        let fields: BTreeSet<String> = USER_FIELDS.iter().map(|f| f.0.to_string()).collect();
        assert_eq!(
            user_columns, fields,
            "every column of users is in accounts::db::USER_FIELDS"
        );
        // A row kept or not exported says why.
        for c in PERSON_COLUMNS {
            if let Erasure::Kept(why) = c.erasure {
                assert!(
                    why.len() > 20,
                    "{}.{}: say why it is kept",
                    c.table,
                    c.column
                );
            }
            if let Exported::No(why) = c.export {
                assert!(why.len() > 20, "{}.{}: say why not", c.table, c.column);
            }
        }
    }
}

async fn one(t: &TestDb, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .bind(id)
        .fetch_one(&t.db.read)
        .await
        .expect(sql)
}

async fn exec(t: &TestDb, sql: &str, binds: &[i64]) {
    let mut query = sqlx::query(sql);
    for b in binds {
        query = query.bind(*b);
    }
    query.execute(&t.db.write).await.expect(sql);
}

async fn ok(who: &Client<'_>, endpoint: &str, args: &[(&str, &str)]) -> String {
    let reply = who.call(endpoint, args).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "/api/{endpoint}: {}",
        reply.body
    );
    reply.body
}

backend_tests! {
    seeded;

    async fn a_deleted_account_leaves_nothing_personal_and_the_export_had_every_kind(t) {
        // Marloes (a partner) gets a row in every table that can point at a person.
        let me = demo_user(t, "marloes").await;
        let henk = demo_user(t, "henk").await;
        let marloes = t.client().signed_in("marloes").await;
        let admin = t.client().signed_in("admin").await;
        let now = now_ms();
        let mine = crate::questions::db::create(
            &t.db,
            &crate::questions::db::NewQuestion {
                lang: Locale::En,
                title: "Erasure: may the fund see our member list?".into(),
                body_md: "The fund asks for our member list. Are we allowed to share it?".into(),
                author_id: Some(me),
                collective_id: None,
                routed_lab_id: None,
                sector_ids: Vec::new(),
                topic_ids: Vec::new(),
            },
        )
        .await
        .expect("question");
        let theirs = crate::questions::db::create(
            &t.db,
            &crate::questions::db::NewQuestion {
                lang: Locale::En,
                title: "Erasure: who keeps the minutes of the members' meeting?".into(),
                body_md: "Our secretary left. Who keeps the minutes now, and how?".into(),
                author_id: Some(henk),
                collective_id: None,
                routed_lab_id: None,
                sector_ids: Vec::new(),
                topic_ids: Vec::new(),
            },
        )
        .await
        .expect("question");
        let their_answer = crate::questions::db::add_answer(
            &t.db,
            theirs,
            Locale::En,
            Some(henk),
            "The chair keeps them.",
        )
        .await
        .expect("answer");
        let my_answer = crate::questions::db::add_answer(
            &t.db,
            theirs,
            Locale::En,
            Some(me),
            "Our board rotates the task.",
        )
        .await
        .expect("answer");
        let question_score = "SELECT score FROM questions WHERE id = $1";
        let answer_score = "SELECT score FROM answers WHERE id = $1";
        let before_votes = (
            one(t, question_score, theirs).await,
            one(t, answer_score, their_answer).await,
        );
        let (theirs_s, my_answer_s, their_answer_s) = (
            theirs.to_string(),
            my_answer.to_string(),
            their_answer.to_string(),
        );
        // What she does herself, through the server functions.
        for (endpoint, args) in [
            (
                "vote",
                vec![
                    ("kind", "question"),
                    ("post_id", theirs_s.as_str()),
                    ("value", "1"),
                ],
            ),
            (
                "vote",
                vec![
                    ("kind", "answer"),
                    ("post_id", their_answer_s.as_str()),
                    ("value", "-1"),
                ],
            ),
            (
                "post_comment",
                vec![
                    ("kind", "question"),
                    ("post_id", theirs_s.as_str()),
                    ("body", "Erasure comment: we use a shared folder."),
                    ("lang", "en"),
                ],
            ),
            (
                "edit_post",
                vec![
                    ("kind", "answer"),
                    ("id", my_answer_s.as_str()),
                    ("base_version", "1"),
                    ("body", "Our board rotates the task every year."),
                ],
            ),
            (
                "follow_question",
                vec![("question_id", theirs_s.as_str()), ("follow", "true")],
            ),
            ("follow_lab", vec![("slug", "science"), ("follow", "true")]),
            (
                "flag_post",
                vec![
                    ("kind", "answer"),
                    ("post_id", their_answer_s.as_str()),
                    ("reason", "other"),
                    ("note", "Erasure note: I know this person"),
                ],
            ),
            (
                "ask_question",
                vec![
                    ("title", "Erasure draft: our private plans"),
                    ("body", "Nobody may read this draft of our private plans."),
                    ("lang", "en"),
                    ("intent", "preview"),
                ],
            ),
        ] {
            ok(&marloes, endpoint, &args).await;
        }
        assert_eq!(
            (
                one(t, question_score, theirs).await,
                one(t, answer_score, their_answer).await
            ),
            (before_votes.0 + 1, before_votes.1 - 1),
            "her votes counted"
        );
        // An admin warns her (a log entry about her, and her notification).
        let me_s = me.to_string();
        ok(
            &admin,
            "moderate_user",
            &[
                ("user_id", &me_s),
                ("action", "warn"),
                ("reason", "Erasure test warning"),
            ],
        )
        .await;
        // What staff and other people's rows record of her (written directly).
        exec(t, "UPDATE users SET is_moderator = 1 WHERE id = $1", &[me]).await;
        let moderator = t.client().signed_in("marloes").await;
        let henk_s = henk.to_string();
        ok(
            &moderator,
            "moderate_user",
            &[
                ("user_id", &henk_s),
                ("action", "warn"),
                ("reason", "Erasure test by her"),
            ],
        )
        .await;
        for (sql, binds) in [
            (
                "INSERT INTO email_verifications (token_hash, user_id, email, created_at, expires_at)
                 VALUES ('erasure-token', $1, 'marloes@demo.collectievekracht.example', $2, $2)",
                vec![me, now],
            ),
            (
                "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
                 VALUES ('erasure-reset', $1, $2, $2)",
                vec![me, now],
            ),
            (
                "UPDATE memberships SET decided_by = $1, decided_at = $2 WHERE user_id = $3",
                vec![me, now, henk],
            ),
            (
                "UPDATE lab_partners SET granted_by = $1 WHERE user_id <> $1",
                vec![me],
            ),
            (
                "UPDATE questions SET claimed_by = $1, claimed_at = $2 WHERE id = $3",
                vec![me, now, theirs],
            ),
            (
                "INSERT INTO notifications (user_id, kind, question_id, actor_id, created_at)
                 VALUES ($1, 'answer', $2, $3, $4)",
                vec![henk, mine, me, now],
            ),
            (
                "INSERT INTO flags (entity_type, entity_id, question_id, user_id, reason, note,
                                    created_at, resolved_at, resolved_by, resolution)
                 VALUES ('question', $1, $1, $2, 'spam', '', $3, $3, $4, 'dismiss')",
                vec![mine, henk, now, me],
            ),
            (
                "INSERT INTO lab_pins (lab_id, question_id, pinned_by, created_at)
                 SELECT id, $1, $2, $3 FROM labs WHERE slug = 'finance'",
                vec![theirs, me, now],
            ),
        ] {
            exec(t, sql, &binds).await;
        }
        // A join request of her own (whatever memberships the demo gave her).
        exec(
            t,
            "INSERT INTO memberships (user_id, collective_id, role, status, created_at)
             SELECT $1, MIN(id), 'member', 'pending', $2 FROM collectives
             WHERE id NOT IN (SELECT collective_id FROM memberships WHERE user_id = $1)",
            &[me, now],
        )
        .await;

        // Every entry has rows to show and to erase: the fixture covers the whole list.
        let mut counts = Vec::new();
        for c in PERSON_COLUMNS {
            let sql = format!("SELECT COUNT(*) FROM {} WHERE {} = $1", c.table, c.column);
            let n = one(t, &sql, me).await;
            assert!(
                n > 0,
                "the test gives her a row in {}.{}",
                c.table,
                c.column
            );
            counts.push(n);
        }

        // The export has every kind.
        let export = moderator.get("/account/export").await;
        assert_eq!(export.status, StatusCode::OK);
        let data: serde_json::Value = serde_json::from_str(&export.body).expect("json");
        for c in PERSON_COLUMNS {
            if let Exported::As(key) = c.export {
                let section = &data[key];
                let filled = section
                    .as_array()
                    .map_or(!section.is_null(), |a| !a.is_empty());
                assert!(
                    filled,
                    "the export's {key:?} shows {}.{}",
                    c.table, c.column
                );
            }
        }
        for (field, _, export) in USER_FIELDS {
            if let Exported::As(key) = export {
                assert!(data[*key].is_object(), "{field} in {key}");
            }
        }
        for text in [
            "Erasure comment: we use a shared folder.",
            "Our board rotates the task every year.",
            "Erasure note: I know this person",
            "Erasure draft: our private plans",
            "Erasure: may the fund see our member list?",
            "Erasure test warning",
        ] {
            assert!(export.body.contains(text), "{text} is in the export");
        }
        assert_eq!(data["votes"].as_array().map(Vec::len), Some(2));
        assert!(!export.body.contains("$argon2"), "no password hash");

        // She deletes her account.
        let reply = moderator
            .call(
                "delete_account",
                &[("password", crate::demo::DEMO_PASSWORD), ("confirm", "yes")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        for (c, before) in PERSON_COLUMNS.iter().zip(counts) {
            let sql = format!("SELECT COUNT(*) FROM {} WHERE {} = $1", c.table, c.column);
            let after = one(t, &sql, me).await;
            match c.erasure {
                Erasure::Deleted | Erasure::Cleared => {
                    assert_eq!(after, 0, "{}.{} is erased", c.table, c.column)
                }
                Erasure::Kept(_) => assert!(
                    after > 0 && after <= before,
                    "{}.{} is kept",
                    c.table,
                    c.column
                ),
            }
        }
        for (field, erasure, _) in USER_FIELDS {
            if *erasure == Erasure::Cleared {
                let sql = format!(
                    "SELECT COUNT(*) FROM users WHERE id = $1
                     AND COALESCE(CAST({field} AS TEXT), '') NOT IN ('', '0')"
                );
                assert_eq!(one(t, &sql, me).await, 0, "users.{field} is emptied");
            }
        }
        assert_eq!(
            one(
                t,
                "SELECT COUNT(*) FROM flags WHERE user_id = $1 AND note <> ''",
                me
            )
            .await,
            0,
            "flag notes are emptied"
        );
        assert_eq!(
            (
                one(t, question_score, theirs).await,
                one(t, answer_score, their_answer).await
            ),
            before_votes,
            "her votes left the scores"
        );
        assert_eq!(
            count(
                t,
                "SELECT COUNT(*) FROM question_drafts WHERE title LIKE 'Erasure draft%'"
            )
            .await,
            0,
            "the draft is gone"
        );
        assert_eq!(
            one(
                t,
                "SELECT COUNT(*) FROM questions WHERE id = $1 AND claimed_at IS NULL",
                theirs
            )
            .await,
            1,
            "her claim is released"
        );
        // Her posts stay, by a former member.
        let page = t.client().get(&format!("/questions/{theirs}")).await;
        assert!(page.body.contains("Our board rotates the task every year."));
        assert!(!page.body.contains("Marloes"));
    }
}
