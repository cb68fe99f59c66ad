//! The personal-data export's queries (`export`, the download): the account, what the person
//! made and every section of `PERSON_COLUMNS` that the export shows.

use crate::server::db::Db;
use serde_json::{Value, json};

async fn rows(
    db: &Db,
    sql: &str,
    user_id: i64,
    columns: &[&str],
) -> Result<Vec<Value>, sqlx::Error> {
    use sqlx::Row;
    let rows = sqlx::query(sql).bind(user_id).fetch_all(&db.read).await?;
    rows.iter()
        .map(|row| {
            let mut object = serde_json::Map::new();
            for (i, name) in columns.iter().enumerate() {
                let value = match row.try_get::<Option<i64>, _>(i) {
                    Ok(v) => json!(v),
                    Err(_) => json!(row.try_get::<Option<String>, _>(i)?),
                };
                object.insert(name.to_string(), value);
            }
            Ok(Value::Object(object))
        })
        .collect()
}

/// One section of the export: a key, the query (its only bind is the person's id) and the names
/// of its columns.
type Section = (&'static str, &'static str, &'static [&'static str]);

/// Everything else the person made or is recorded with, one section per key of
/// `accounts::db::PERSON_COLUMNS` (issue 15: comments, votes, flags, follows, notifications, the
/// draft, revisions, and the staff records). Others' ids are left out where a row is about
/// someone else too.
const SECTIONS: &[Section] = &[
    (
        "comments",
        "SELECT id, question_id, entity_type, entity_id, lang, body_md, created_at, updated_at
         FROM comments WHERE author_id = $1 ORDER BY created_at, id",
        &["id", "question_id", "on_type", "on_id", "lang", "body_markdown", "created_at_ms", "updated_at_ms"],
    ),
    (
        "revisions",
        "SELECT entity_type, entity_id, version, title, body_md, reason, created_at
         FROM revisions WHERE editor_id = $1 ORDER BY created_at, entity_type, entity_id, version",
        &["text_type", "text_id", "version", "title", "body_markdown", "reason", "created_at_ms"],
    ),
    (
        "votes",
        "SELECT entity_type, entity_id, value, created_at FROM votes
         WHERE user_id = $1 ORDER BY created_at, entity_type, entity_id",
        &["on_type", "on_id", "value", "created_at_ms"],
    ),
    (
        "flags",
        "SELECT entity_type, entity_id, question_id, reason, note, created_at, resolved_at, resolution
         FROM flags WHERE user_id = $1 ORDER BY created_at, id",
        &["on_type", "on_id", "question_id", "reason", "note", "created_at_ms", "resolved_at_ms", "resolution"],
    ),
    (
        "follows",
        "SELECT question_id, created_at FROM follows WHERE user_id = $1 ORDER BY created_at, question_id",
        &["question_id", "since_ms"],
    ),
    (
        "lab_follows",
        "SELECT l.slug, f.created_at FROM lab_follows f JOIN labs l ON l.id = f.lab_id
         WHERE f.user_id = $1 ORDER BY f.created_at, l.slug",
        &["lab", "since_ms"],
    ),
    (
        "notifications",
        "SELECT kind, question_id, answer_id, log_id, created_at, read_at FROM notifications
         WHERE user_id = $1 ORDER BY created_at, id",
        &["kind", "question_id", "answer_id", "moderation_log_id", "created_at_ms", "read_at_ms"],
    ),
    (
        "claimed_questions",
        "SELECT id, claimed_at, waiting_since FROM questions WHERE claimed_by = $1 ORDER BY id",
        &["question_id", "claimed_at_ms", "waiting_since_ms"],
    ),
    (
        "email_verifications",
        "SELECT email, created_at, expires_at, used_at FROM email_verifications
         WHERE user_id = $1 ORDER BY created_at",
        &["email", "created_at_ms", "expires_at_ms", "used_at_ms"],
    ),
    (
        "password_resets",
        "SELECT created_at, expires_at, used_at FROM password_resets
         WHERE user_id = $1 ORDER BY created_at",
        &["created_at_ms", "expires_at_ms", "used_at_ms"],
    ),
    (
        "moderation_about_me",
        "SELECT id, action, reason, detail, created_at FROM moderation_log
         WHERE target_user_id = $1 ORDER BY id",
        &["id", "action", "reason", "detail", "created_at_ms"],
    ),
    (
        "moderation_actions",
        "SELECT id, actor_role, action, entity_type,
                CASE WHEN entity_type = 'user' THEN NULL ELSE entity_id END,
                question_id, reason, detail, created_at
         FROM moderation_log WHERE actor_id = $1 ORDER BY id",
        &["id", "as_role", "action", "on_type", "on_id", "question_id", "reason", "detail", "created_at_ms"],
    ),
    (
        "flags_resolved",
        "SELECT entity_type, entity_id, resolution, resolved_at FROM flags
         WHERE resolved_by = $1 ORDER BY resolved_at, id",
        &["on_type", "on_id", "resolution", "resolved_at_ms"],
    ),
    (
        "pins",
        "SELECT l.slug, p.question_id, p.created_at FROM lab_pins p JOIN labs l ON l.id = p.lab_id
         WHERE p.pinned_by = $1 ORDER BY p.created_at, p.question_id",
        &["lab", "question_id", "pinned_at_ms"],
    ),
    (
        "join_decisions",
        "SELECT c.slug, m.status, m.decided_at FROM memberships m
         JOIN collectives c ON c.id = m.collective_id
         WHERE m.decided_by = $1 ORDER BY m.decided_at, c.slug",
        &["collective_slug", "status", "decided_at_ms"],
    ),
    (
        "partner_roles_granted",
        "SELECT l.slug, p.created_at FROM lab_partners p JOIN labs l ON l.id = p.lab_id
         WHERE p.granted_by = $1 ORDER BY p.created_at, l.slug",
        &["lab", "granted_at_ms"],
    ),
];

/// The export's content: the account, memberships, lab roles, questions, answers, sessions, the
/// question draft and every section of `SECTIONS`.
pub(in crate::accounts) async fn personal_data(
    db: &Db,
    user_id: i64,
) -> Result<Value, sqlx::Error> {
    let account = rows(
        db,
        "SELECT id, display_name, email, bio_nl, bio_en, is_moderator, is_admin, created_at,
                email_verified_at, password_changed_at, suspended_until
         FROM users WHERE id = $1",
        user_id,
        &[
            "id",
            "display_name",
            "email",
            "bio_nl",
            "bio_en",
            "is_moderator",
            "is_admin",
            "created_at_ms",
            "email_verified_at_ms",
            "password_changed_at_ms",
            "suspended_until_ms",
        ],
    )
    .await?;
    let memberships = rows(
        db,
        "SELECT c.slug, c.name, m.role, m.status, m.created_at
         FROM memberships m JOIN collectives c ON c.id = m.collective_id
         WHERE m.user_id = $1 ORDER BY m.created_at",
        user_id,
        &[
            "collective_slug",
            "collective_name",
            "role",
            "status",
            "requested_at_ms",
        ],
    )
    .await?;
    let labs = rows(
        db,
        "SELECT l.slug, p.organisation, p.created_at FROM lab_partners p
         JOIN labs l ON l.id = p.lab_id WHERE p.user_id = $1 ORDER BY l.position",
        user_id,
        &["lab", "organisation", "since_ms"],
    )
    .await?;
    let questions = rows(
        db,
        "SELECT id, lang, title, body_md, status, created_at, updated_at
         FROM questions WHERE author_id = $1 ORDER BY created_at",
        user_id,
        &[
            "id",
            "lang",
            "title",
            "body_markdown",
            "status",
            "created_at_ms",
            "updated_at_ms",
        ],
    )
    .await?;
    let answers = rows(
        db,
        "SELECT id, question_id, lang, body_md, is_accepted, created_at, updated_at
         FROM answers WHERE author_id = $1 ORDER BY created_at",
        user_id,
        &[
            "id",
            "question_id",
            "lang",
            "body_markdown",
            "is_accepted",
            "created_at_ms",
            "updated_at_ms",
        ],
    )
    .await?;
    let sessions = rows(
        db,
        "SELECT created_at, last_seen_at, expires_at, user_agent FROM sessions
         WHERE user_id = $1 ORDER BY created_at",
        user_id,
        &[
            "created_at_ms",
            "last_seen_at_ms",
            "expires_at_ms",
            "user_agent",
        ],
    )
    .await?;
    let draft = rows(
        db,
        "SELECT lang, title, body_md, sectors, topics, collective, lab, updated_at
         FROM question_drafts WHERE user_id = $1",
        user_id,
        &[
            "lang",
            "title",
            "body_markdown",
            "sectors",
            "topics",
            "collective",
            "lab",
            "updated_at_ms",
        ],
    )
    .await?;
    let mut out = json!({
        "format": "collectivepower-personal-data/2",
        "exported_at_ms": crate::server::db::now_ms(),
        "account": account.into_iter().next(),
        "memberships": memberships,
        "partner_labs": labs,
        "questions": questions,
        "answers": answers,
        "sessions": sessions,
        "question_draft": draft.into_iter().next(),
    });
    for (key, sql, columns) in SECTIONS {
        out[*key] = Value::Array(rows(db, sql, user_id, columns).await?);
    }
    Ok(out)
}
