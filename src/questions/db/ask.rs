//! SQL of the ask page: the member's draft, the collectives they may ask for, and posting the
//! question (which drops the draft).

use crate::content::CollectiveRef;
use crate::i18n::Locale;
use crate::questions::{Draft, NewQuestionInput};
use crate::server::db::{Db, now_ms};

fn split(list: &str) -> Vec<String> {
    list.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

pub async fn draft(db: &Db, user_id: i64) -> Result<Option<Draft>, sqlx::Error> {
    Ok(
        sqlx::query_as::<_, (String, String, String, String, String, String)>(
            "SELECT title, body_md, sectors, topics, collective, lab FROM question_drafts
         WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_optional(&db.read)
        .await?
        .map(|(title, body, sectors, topics, collective, lab)| Draft {
            title,
            body,
            sectors: split(&sectors),
            topics: split(&topics),
            collective,
            lab,
        }),
    )
}

/// Keeps what was typed (cut to the field limits, so a draft never grows without bound).
pub async fn save_draft(db: &Db, user_id: i64, lang: Locale, d: &Draft) -> Result<(), sqlx::Error> {
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let list = |items: &[String]| {
        items
            .iter()
            .take(20)
            .map(|s| cut(s, 40).replace(',', ""))
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO question_drafts (user_id, lang, title, body_md, sectors, topics,
                                      collective, lab, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang, title = excluded.title,
             body_md = excluded.body_md, sectors = excluded.sectors, topics = excluded.topics,
             collective = excluded.collective, lab = excluded.lab,
             updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(lang.code())
    .bind(cut(&d.title, 300))
    .bind(cut(&d.body, crate::content::QuestionBody::MAX_CHARS + 100))
    .bind(list(&d.sectors))
    .bind(list(&d.topics))
    .bind(cut(&d.collective, 100))
    .bind(cut(&d.lab, 40))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// The collectives someone may ask on behalf of: those they are an active member of.
pub async fn collectives_of(db: &Db, user_id: i64) -> Result<Vec<CollectiveRef>, sqlx::Error> {
    Ok(sqlx::query_as::<_, (String, String)>(
        "SELECT c.slug, c.name FROM memberships m JOIN collectives c ON c.id = m.collective_id
         WHERE m.user_id = $1 AND m.status = 'active' ORDER BY c.name",
    )
    .bind(user_id)
    .fetch_all(&db.read)
    .await?
    .into_iter()
    .map(|(slug, name)| CollectiveRef { slug, name })
    .collect())
}

async fn ids(db: &Db, table: &'static str, slugs: &[String]) -> Result<Vec<i64>, sqlx::Error> {
    let mut out = Vec::with_capacity(slugs.len());
    for slug in slugs {
        // Only the fixed table names of the caller are formatted in.
        let id: Option<i64> =
            sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE slug = $1"))
                .bind(slug)
                .fetch_optional(&db.read)
                .await?;
        out.extend(id);
    }
    Ok(out)
}

/// Stores the question (the asker follows it) and drops the draft.
/// Publishes the question and drops the draft, in one transaction that counts the new
/// account's posts again (`limits::check_new_post`: a parallel burst cannot pass).
pub async fn post(
    db: &Db,
    user_id: i64,
    lang: Locale,
    input: &NewQuestionInput,
) -> Result<i64, crate::error::AppError> {
    let collective_id = match &input.collective {
        Some(slug) => {
            sqlx::query_scalar::<_, i64>("SELECT id FROM collectives WHERE slug = $1")
                .bind(slug)
                .fetch_optional(&db.read)
                .await?
        }
        None => None,
    };
    let routed_lab_id = ids(db, "labs", input.lab.as_slice())
        .await?
        .first()
        .copied();
    let question = crate::questions::db::NewQuestion {
        lang,
        title: input.title.as_str().to_string(),
        body_md: input.body.as_str().to_string(),
        author_id: Some(user_id),
        collective_id,
        routed_lab_id,
        sector_ids: ids(db, "sectors", &input.sectors).await?,
        topic_ids: ids(db, "challenge_topics", &input.topics).await?,
    };
    let html = crate::server::markdown::render(&question.body_md);
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    crate::accounts::limits::check_new_post(&mut tx, user_id, now).await?;
    let id = crate::questions::db::insert_question(&mut tx, &question, &html, now).await?;
    sqlx::query("DELETE FROM question_drafts WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}
