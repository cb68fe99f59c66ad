//! A person's public profile (`/users/:id`): their collectives, labs, questions and answers.

use super::{AnswerLink, CollectiveRole, UserProfile};
use crate::accounts::db::{LAB_ROLE_SELECT, LabRoleRow};
use crate::server::db::Db;
use crate::taxonomy::Term;
use sqlx::FromRow;

#[derive(FromRow)]
struct ProfileRow {
    id: i64,
    display_name: String,
    bio_nl: String,
    bio_en: String,
    created_at: i64,
    is_moderator: i64,
    suspended_until: Option<i64>,
}

#[derive(FromRow)]
struct AnswerLinkRow {
    question_id: i64,
    title: String,
    created_at: i64,
    is_accepted: i64,
    lab_slug: Option<String>,
    lab_name_nl: Option<String>,
    lab_name_en: Option<String>,
}

/// A person's public profile (None for unknown and deleted accounts).
pub async fn profile(db: &Db, user_id: i64) -> Result<Option<UserProfile>, sqlx::Error> {
    let Some(row) = sqlx::query_as::<_, ProfileRow>(
        "SELECT id, display_name, bio_nl, bio_en, created_at, is_moderator,
                CASE WHEN suspended_until > $2 THEN suspended_until END AS suspended_until
         FROM users WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(user_id)
    .bind(crate::server::db::now_ms())
    .fetch_optional(&db.read)
    .await?
    else {
        return Ok(None);
    };
    let collectives = sqlx::query_as::<_, (String, String, String)>(
        "SELECT c.slug, c.name, m.role FROM memberships m JOIN collectives c ON c.id = m.collective_id
         WHERE m.user_id = $1 AND m.status = 'active' ORDER BY c.name LIMIT 100",
    )
    .bind(user_id)
    .fetch_all(&db.read)
    .await?
    .into_iter()
    .map(|(slug, name, role)| CollectiveRole {
        slug,
        name,
        is_admin: role == "admin",
    })
    .collect();
    let labs = sqlx::query_as::<_, LabRoleRow>(&format!(
        "{LAB_ROLE_SELECT} WHERE p.user_id = $1 ORDER BY l.position"
    ))
    .bind(user_id)
    .fetch_all(&db.read)
    .await?
    .into_iter()
    .map(LabRoleRow::into_role)
    .collect();
    let questions = crate::questions::db::by_author(db, user_id, 20).await?;
    let answers = sqlx::query_as::<_, AnswerLinkRow>(
        "SELECT q.id AS question_id, q.title, a.created_at, a.is_accepted,
                l.slug AS lab_slug, l.name_nl AS lab_name_nl, l.name_en AS lab_name_en
         FROM answers a JOIN questions q ON q.id = a.question_id
         LEFT JOIN labs l ON l.id = a.expert_lab_id
         WHERE a.author_id = $1 AND a.hidden_at IS NULL AND q.hidden_at IS NULL
         ORDER BY a.created_at DESC, a.id DESC LIMIT 20",
    )
    .bind(user_id)
    .fetch_all(&db.read)
    .await?
    .into_iter()
    .map(|r| AnswerLink {
        question_id: r.question_id,
        question_title: r.title,
        created_at: r.created_at,
        is_accepted: r.is_accepted != 0,
        expert_lab: r.lab_slug.map(|slug| Term {
            slug,
            name_nl: r.lab_name_nl.unwrap_or_default(),
            name_en: r.lab_name_en.unwrap_or_default(),
        }),
    })
    .collect();
    Ok(Some(UserProfile {
        id: row.id,
        name: row.display_name,
        bio_nl: row.bio_nl,
        bio_en: row.bio_en,
        joined_at: row.created_at,
        is_moderator: row.is_moderator != 0,
        collectives,
        labs,
        questions,
        answers,
        suspended_until: row.suspended_until,
    }))
}
