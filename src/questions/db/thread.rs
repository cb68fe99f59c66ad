//! One page of a thread: the question, a page of answers with their first comments, author
//! cards, and where an answer falls among the pages.

use super::comments::first_comments;
use super::{SUMMARY_COLUMNS, SUMMARY_FROM, SummaryRow, hidden, locale_of, term, with_terms};
use crate::content::db::answer_place;
use crate::content::{CollectiveRef, PostKind};
use crate::questions::{
    ANSWERS_PER_PAGE, AnswerView, AuthorCard, COMMENTS_SHOWN, QuestionThread, ThreadPageRequest,
};
use crate::server::db::{Db, placeholders};
use sqlx::FromRow;
use std::collections::HashMap;

#[derive(FromRow)]
struct ThreadRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    body_md: String,
    body_html: String,
    author_id: Option<i64>,
    version: i64,
    updated_at: i64,
    hidden_at: Option<i64>,
    hidden_kind: Option<String>,
    locked_at: Option<i64>,
    duplicate_of: Option<i64>,
}

#[derive(FromRow)]
struct AnswerRow {
    id: i64,
    lang: String,
    author_id: Option<i64>,
    author_name: Option<String>,
    body_html: String,
    lab_slug: Option<String>,
    lab_name_nl: Option<String>,
    lab_name_en: Option<String>,
    is_accepted: i64,
    score: i64,
    version: i64,
    created_at: i64,
    updated_at: i64,
    hidden_at: Option<i64>,
    hidden_kind: Option<String>,
}

#[derive(FromRow)]
struct AffiliationRow {
    user_id: i64,
    collective_slug: String,
    collective_name: String,
    sector_slug: Option<String>,
    sector_name_nl: Option<String>,
    sector_name_en: Option<String>,
}

#[derive(FromRow)]
struct OrganisationRow {
    user_id: i64,
    organisation: String,
}

/// Author cards for several users at once: their first active collective (with its first sector)
/// and, for partners, their organisation.
async fn author_cards(
    db: &Db,
    users: &[(i64, Option<String>)],
) -> Result<HashMap<i64, AuthorCard>, sqlx::Error> {
    let ids: Vec<i64> = users.iter().map(|(id, _)| *id).collect();
    let mut cards: HashMap<i64, AuthorCard> = users
        .iter()
        .map(|(id, name)| {
            (
                *id,
                AuthorCard {
                    user_id: name.as_ref().map(|_| *id),
                    name: name.clone(),
                    collective: None,
                    sector: None,
                    organisation: None,
                },
            )
        })
        .collect();
    if ids.is_empty() {
        return Ok(cards);
    }
    let list = placeholders(1, ids.len());
    let sql = format!(
        "SELECT m.user_id, c.slug AS collective_slug, c.name AS collective_name,
                s.slug AS sector_slug, s.name_nl AS sector_name_nl, s.name_en AS sector_name_en
         FROM memberships m
         JOIN collectives c ON c.id = m.collective_id
         LEFT JOIN sectors s ON s.id = (
             SELECT cs.sector_id FROM collective_sectors cs JOIN sectors s2 ON s2.id = cs.sector_id
             WHERE cs.collective_id = c.id ORDER BY s2.position LIMIT 1)
         WHERE m.status = 'active' AND m.user_id IN ({list})
         ORDER BY m.user_id, m.created_at, c.id"
    );
    let mut query = sqlx::query_as::<_, AffiliationRow>(&sql);
    for id in &ids {
        query = query.bind(*id);
    }
    for row in query.fetch_all(&db.read).await? {
        if let Some(card) = cards.get_mut(&row.user_id)
            && card.collective.is_none()
        {
            card.collective = Some(CollectiveRef {
                slug: row.collective_slug,
                name: row.collective_name,
            });
            card.sector = term(row.sector_slug, row.sector_name_nl, row.sector_name_en);
        }
    }
    let sql = format!(
        "SELECT user_id, organisation FROM lab_partners WHERE user_id IN ({list})
         ORDER BY user_id, lab_id"
    );
    let mut query = sqlx::query_as::<_, OrganisationRow>(&sql);
    for id in &ids {
        query = query.bind(*id);
    }
    for row in query.fetch_all(&db.read).await? {
        if let Some(card) = cards.get_mut(&row.user_id)
            && card.organisation.is_none()
        {
            card.organisation = Some(row.organisation);
        }
    }
    Ok(cards)
}

fn former_member() -> AuthorCard {
    AuthorCard {
        user_id: None,
        name: None,
        collective: None,
        sector: None,
        organisation: None,
    }
}

/// The first page of a thread (see `thread_page`).
pub async fn thread(
    db: &Db,
    id: i64,
    include_hidden: bool,
) -> Result<Option<QuestionThread>, sqlx::Error> {
    thread_page(db, id, include_hidden, ThreadPageRequest::default()).await
}

/// The answers a reader may see under a question.
async fn answer_total(db: &Db, id: i64, include_hidden: bool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM answers WHERE question_id = $1 AND ($2 = 1 OR hidden_at IS NULL)",
    )
    .bind(id)
    .bind(include_hidden as i64)
    .fetch_one(&db.read)
    .await
}

/// One page of a thread, or `None` when there is no such question: the question with its first
/// comments, `ANSWERS_PER_PAGE` answers with their first `COMMENTS_SHOWN` comments each (the
/// page named, or the one holding `request.answer`; out of range: the nearest page). Posts a
/// moderator hid or deleted are left out, unless `include_hidden` (for moderators, who see them
/// marked). A bounded number of queries and rows, however large the thread.
pub async fn thread_page(
    db: &Db,
    id: i64,
    include_hidden: bool,
    request: ThreadPageRequest,
) -> Result<Option<QuestionThread>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, q.body_md, q.body_html, q.author_id, q.version, q.updated_at,
                q.hidden_at, q.hidden_kind, q.locked_at, q.duplicate_of {SUMMARY_FROM}
         WHERE q.id = $1 AND ($2 = 1 OR q.hidden_at IS NULL)"
    );
    let Some(ThreadRow {
        summary: row,
        body_md,
        body_html,
        author_id,
        version,
        updated_at,
        hidden_at,
        hidden_kind,
        locked_at,
        duplicate_of,
    }) = sqlx::query_as::<_, ThreadRow>(&sql)
        .bind(id)
        .bind(include_hidden as i64)
        .fetch_optional(&db.read)
        .await?
    else {
        return Ok(None);
    };
    let author_name = row.author_name.clone();
    let summary = with_terms(db, vec![row]).await?.remove(0);

    let answer_total = answer_total(db, id, include_hidden).await?;
    let pages = ((answer_total + ANSWERS_PER_PAGE - 1) / ANSWERS_PER_PAGE).max(1);
    let wanted = match request.answer {
        Some(answer) => answer_place(db, id, answer, include_hidden)
            .await?
            .map(|place| place / ANSWERS_PER_PAGE + 1),
        None => None,
    };
    let page = wanted.or(request.page).unwrap_or(1).clamp(1, pages);
    let answer_rows = sqlx::query_as::<_, AnswerRow>(
        "SELECT a.id, a.lang, a.author_id,
                CASE WHEN u.deleted_at IS NULL THEN u.display_name END AS author_name,
                a.body_html, l.slug AS lab_slug, l.name_nl AS lab_name_nl, l.name_en AS lab_name_en,
                a.is_accepted, a.score, a.version, a.created_at, a.updated_at,
                a.hidden_at, a.hidden_kind
         FROM answers a
         LEFT JOIN users u ON u.id = a.author_id
         LEFT JOIN labs l ON l.id = a.expert_lab_id
         WHERE a.question_id = $1 AND ($2 = 1 OR a.hidden_at IS NULL)
         ORDER BY a.is_accepted DESC, a.score DESC, a.created_at, a.id
         LIMIT $3 OFFSET $4",
    )
    .bind(id)
    .bind(include_hidden as i64)
    .bind(ANSWERS_PER_PAGE)
    .bind((page - 1) * ANSWERS_PER_PAGE)
    .fetch_all(&db.read)
    .await?;

    let mut people: Vec<(i64, Option<String>)> = answer_rows
        .iter()
        .filter_map(|a| a.author_id.map(|id| (id, a.author_name.clone())))
        .collect();
    if let Some(author_id) = author_id {
        people.push((author_id, author_name));
    }
    people.sort_by_key(|(id, _)| *id);
    people.dedup_by_key(|(id, _)| *id);
    let cards = author_cards(db, &people).await?;
    let card_of = |id: Option<i64>| {
        id.and_then(|id| cards.get(&id).cloned())
            .filter(|card| card.name.is_some())
            .unwrap_or_else(former_member)
    };

    let posts: Vec<(PostKind, i64)> = std::iter::once((PostKind::Question, id))
        .chain(answer_rows.iter().map(|a| (PostKind::Answer, a.id)))
        .collect();
    let mut comments = first_comments(db, &posts, COMMENTS_SHOWN, include_hidden).await?;
    // At most `COMMENTS_SHOWN` each; whether more follow.
    let mut take_comments = |post: (PostKind, i64)| {
        let mut list = comments.remove(&post).unwrap_or_default();
        let more = list.len() as i64 > COMMENTS_SHOWN;
        list.truncate(COMMENTS_SHOWN as usize);
        (list, more)
    };
    let pinned_in: Vec<String> = sqlx::query_scalar(
        "SELECT l.slug FROM lab_pins p JOIN labs l ON l.id = p.lab_id
         WHERE p.question_id = $1 ORDER BY l.position",
    )
    .bind(id)
    .fetch_all(&db.read)
    .await?;
    let answers = answer_rows
        .into_iter()
        .map(|a| {
            let (comments, more_comments) = take_comments((PostKind::Answer, a.id));
            AnswerView {
                comments,
                more_comments,
                version: a.version,
                updated_at: a.updated_at,
                id: a.id,
                lang: locale_of(&a.lang),
                author: card_of(a.author_id),
                body_html: a.body_html,
                expert_lab: term(a.lab_slug, a.lab_name_nl, a.lab_name_en),
                is_accepted: a.is_accepted != 0,
                score: a.score,
                created_at: a.created_at,
                hidden: hidden(a.hidden_at, a.hidden_kind),
            }
        })
        .collect();
    let (question_comments, more_comments) = take_comments((PostKind::Question, id));
    Ok(Some(QuestionThread {
        author: card_of(author_id),
        summary,
        body_html,
        // Longer than a description: `ui::head::summary` cuts it at a word.
        excerpt: crate::server::markdown::excerpt(&body_md, 400),
        version,
        updated_at,
        comments: question_comments,
        more_comments,
        answers,
        answer_total,
        page,
        pages,
        hidden: hidden(hidden_at, hidden_kind),
        locked: locked_at.is_some(),
        duplicate_of,
        pinned_in,
    }))
}

/// The title of a question (the heading of the comment pages of its posts).
pub async fn question_title(db: &Db, id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT title FROM questions WHERE id = $1")
        .bind(id)
        .fetch_one(&db.read)
        .await
}

/// What a thread's cached page was rendered from (`page_cache`): the question's `cache_version`
/// and the `people` row of `cache_versions`. None: no such question.
pub async fn cache_stamp(db: &Db, question_id: i64) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as::<_, (i64, i64)>(
        "SELECT q.cache_version,
                COALESCE((SELECT value FROM cache_versions WHERE name = 'people'), 0)
         FROM questions q WHERE q.id = $1",
    )
    .bind(question_id)
    .fetch_optional(&db.read)
    .await
}
