//! SQL for questions and answers (one set of queries for SQLite and PostgreSQL).

use super::{
    ANSWERS_PER_PAGE, AnswerView, AuthorCard, COMMENTS_SHOWN, CollectiveRef, CommentView, Cursor,
    Hidden, PAGE_SIZE, PostKind, QuestionFilter, QuestionPage, QuestionStatus, QuestionSummary,
    QuestionThread, ThreadPageRequest,
};
use crate::i18n::Locale;
use crate::server::db::{Db, placeholders};
use crate::taxonomy::Term;
use sqlx::any::AnyArguments;
use sqlx::query::QueryAs;
use sqlx::{Any, FromRow};
use std::collections::HashMap;

#[derive(FromRow)]
struct SummaryRow {
    id: i64,
    lang: String,
    title: String,
    status: String,
    answer_count: i64,
    score: i64,
    created_at: i64,
    last_activity_at: i64,
    author_name: Option<String>,
    collective_slug: Option<String>,
    collective_name: Option<String>,
    lab_slug: Option<String>,
    lab_name_nl: Option<String>,
    lab_name_en: Option<String>,
}

const SUMMARY_COLUMNS: &str = "q.id, q.lang, q.title, q.status, q.answer_count, q.score,
        q.created_at, q.last_activity_at,
        CASE WHEN u.deleted_at IS NULL THEN u.display_name END AS author_name,
        c.slug AS collective_slug, c.name AS collective_name,
        l.slug AS lab_slug, l.name_nl AS lab_name_nl, l.name_en AS lab_name_en";

const SUMMARY_FROM: &str = "FROM questions q
    LEFT JOIN users u ON u.id = q.author_id
    LEFT JOIN collectives c ON c.id = q.collective_id
    LEFT JOIN labs l ON l.id = q.routed_lab_id";

fn locale_of(code: &str) -> Locale {
    Locale::from_code(code).unwrap_or_default()
}

fn term(slug: Option<String>, nl: Option<String>, en: Option<String>) -> Option<Term> {
    Some(Term {
        slug: slug?,
        name_nl: nl.unwrap_or_default(),
        name_en: en.unwrap_or_default(),
    })
}

fn collective(slug: Option<String>, name: Option<String>) -> Option<CollectiveRef> {
    Some(CollectiveRef {
        slug: slug?,
        name: name.unwrap_or_default(),
    })
}

impl SummaryRow {
    fn into_summary(self) -> QuestionSummary {
        QuestionSummary {
            id: self.id,
            lang: locale_of(&self.lang),
            title: self.title,
            status: QuestionStatus::parse(&self.status).unwrap_or(QuestionStatus::Open),
            answer_count: self.answer_count,
            score: self.score,
            created_at: self.created_at,
            last_activity_at: self.last_activity_at,
            author_name: self.author_name,
            collective: collective(self.collective_slug, self.collective_name),
            routed_lab: term(self.lab_slug, self.lab_name_nl, self.lab_name_en),
            sectors: Vec::new(),
            topics: Vec::new(),
        }
    }
}

#[derive(FromRow)]
struct TermRow {
    owner_id: i64,
    slug: String,
    name_nl: String,
    name_en: String,
}

/// Sectors or topics of several questions at once (one query, not one per question).
async fn terms_by_question(
    db: &Db,
    link_table: &'static str,
    term_table: &'static str,
    term_column: &'static str,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<Term>>, sqlx::Error> {
    let mut out: HashMap<i64, Vec<Term>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    // Only the fixed table names above are formatted in; every value is bound.
    let sql = format!(
        "SELECT x.question_id AS owner_id, t.slug, t.name_nl, t.name_en
         FROM {link_table} x JOIN {term_table} t ON t.id = x.{term_column}
         WHERE x.question_id IN ({}) ORDER BY t.position",
        placeholders(1, ids.len())
    );
    let mut query = sqlx::query_as::<_, TermRow>(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    for row in query.fetch_all(&db.read).await? {
        out.entry(row.owner_id).or_default().push(Term {
            slug: row.slug,
            name_nl: row.name_nl,
            name_en: row.name_en,
        });
    }
    Ok(out)
}

async fn with_terms(db: &Db, rows: Vec<SummaryRow>) -> Result<Vec<QuestionSummary>, sqlx::Error> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut sectors =
        terms_by_question(db, "question_sectors", "sectors", "sector_id", &ids).await?;
    let mut topics =
        terms_by_question(db, "question_topics", "challenge_topics", "topic_id", &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let id = row.id;
            let mut summary = row.into_summary();
            summary.sectors = sectors.remove(&id).unwrap_or_default();
            summary.topics = topics.remove(&id).unwrap_or_default();
            summary
        })
        .collect())
}

type SummaryQuery<'q> = QueryAs<'q, Any, SummaryRow, AnyArguments<'q>>;

/// Newest first, `PAGE_SIZE` at a time, below `before` (keyset pagination: as fast on page 5,000
/// as on page 1).
/// A person's most recent visible questions (their profile page).
pub async fn by_author(
    db: &Db,
    author_id: i64,
    limit: i64,
) -> Result<Vec<QuestionSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} {SUMMARY_FROM}
         WHERE q.author_id = $1 AND q.hidden_at IS NULL
         ORDER BY q.created_at DESC, q.id DESC LIMIT $2"
    );
    let rows: Vec<SummaryRow> = sqlx::query_as(&sql)
        .bind(author_id)
        .bind(limit)
        .fetch_all(&db.read)
        .await?;
    with_terms(db, rows).await
}

pub async fn list(
    db: &Db,
    filter: &QuestionFilter,
    before: Option<Cursor>,
) -> Result<QuestionPage, sqlx::Error> {
    use super::QuestionSort;
    let mut clauses: Vec<String> = vec!["q.hidden_at IS NULL".to_string()];
    let mut n = 0;
    let mut next_bind = || {
        n += 1;
        format!("${n}")
    };
    // Only fixed SQL and `$n` placeholders are formatted in; every value is bound below, in the
    // same order.
    if filter.lab.is_some() {
        clauses.push(format!(
            "q.routed_lab_id = (SELECT id FROM labs WHERE slug = {})",
            next_bind()
        ));
    }
    if filter.collective.is_some() {
        clauses.push(format!(
            "q.collective_id = (SELECT id FROM collectives WHERE slug = {})",
            next_bind()
        ));
    }
    if filter.sector.is_some() {
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM question_sectors x WHERE x.question_id = q.id
                     AND x.sector_id = (SELECT id FROM sectors WHERE slug = {}))",
            next_bind()
        ));
    }
    if filter.topic.is_some() {
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM question_topics x WHERE x.question_id = q.id
                     AND x.topic_id = (SELECT id FROM challenge_topics WHERE slug = {}))",
            next_bind()
        ));
    }
    if filter.status.is_some() {
        clauses.push(format!("q.status = {}", next_bind()));
    }
    if filter.unanswered || filter.sort == QuestionSort::Unanswered {
        clauses.push("q.answer_count = 0".to_string());
    }
    let key = match filter.sort {
        QuestionSort::Newest | QuestionSort::Unanswered => "q.created_at",
        QuestionSort::Active => "q.last_activity_at",
        QuestionSort::Votes => "q.score",
    };
    if before.is_some() {
        let (a, b) = (next_bind(), next_bind());
        clauses.push(format!("({key}, q.id) < ({a}, {b})"));
    }
    let limit = next_bind();
    let where_sql = format!(" WHERE {}", clauses.join(" AND "));
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} {SUMMARY_FROM}{where_sql} ORDER BY {key} DESC, q.id DESC LIMIT {limit}"
    );
    let mut query: SummaryQuery = sqlx::query_as(&sql);
    for value in [
        &filter.lab,
        &filter.collective,
        &filter.sector,
        &filter.topic,
    ]
    .into_iter()
    .flatten()
    {
        query = query.bind(value.clone());
    }
    if let Some(status) = filter.status {
        query = query.bind(status.as_str());
    }
    if let Some(c) = before {
        query = query.bind(c.key).bind(c.id);
    }
    let mut rows = query.bind(PAGE_SIZE + 1).fetch_all(&db.read).await?;
    let has_more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let items = with_terms(db, rows).await?;
    let next = if has_more {
        items.last().map(|q| q.cursor(filter.sort))
    } else {
        None
    };
    Ok(QuestionPage { items, next })
}

pub async fn latest(db: &Db, limit: i64) -> Result<Vec<QuestionSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} {SUMMARY_FROM} WHERE q.hidden_at IS NULL
         ORDER BY q.created_at DESC, q.id DESC LIMIT $1"
    );
    let rows = sqlx::query_as::<_, SummaryRow>(&sql)
        .bind(limit)
        .fetch_all(&db.read)
        .await?;
    with_terms(db, rows).await
}

/// The questions a moderator pinned to a lab's page, most recently pinned first (visible ones).
pub async fn pinned(db: &Db, lab_id: i64) -> Result<Vec<QuestionSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} {SUMMARY_FROM} JOIN lab_pins pin ON pin.question_id = q.id
         WHERE pin.lab_id = $1 AND q.hidden_at IS NULL
         ORDER BY pin.created_at DESC, q.id DESC LIMIT 10"
    );
    let rows = sqlx::query_as::<_, SummaryRow>(&sql)
        .bind(lab_id)
        .fetch_all(&db.read)
        .await?;
    with_terms(db, rows).await
}

#[derive(FromRow)]
struct ThreadRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
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

/// How a post was taken away, from its `hidden_at` and `hidden_kind` columns.
pub fn hidden(at: Option<i64>, kind: Option<String>) -> Option<Hidden> {
    at.map(|_| Hidden::parse(kind.as_deref().unwrap_or("hidden")))
}

#[derive(FromRow)]
struct CommentRow {
    id: i64,
    entity_type: String,
    entity_id: i64,
    lang: String,
    author_id: Option<i64>,
    author_name: Option<String>,
    body_html: String,
    created_at: i64,
    version: i64,
    hidden_at: Option<i64>,
    hidden_kind: Option<String>,
}

const COMMENT_COLUMNS: &str = "c.id, c.entity_type, c.entity_id, c.lang, c.author_id,
        CASE WHEN u.deleted_at IS NULL THEN u.display_name END AS author_name,
        c.body_html, c.created_at, c.version, c.hidden_at, c.hidden_kind";

fn comment_view(row: CommentRow) -> CommentView {
    CommentView {
        id: row.id,
        lang: locale_of(&row.lang),
        author_id: row.author_name.as_ref().and(row.author_id),
        author_name: row.author_name,
        body_html: row.body_html,
        created_at: row.created_at,
        version: row.version,
        hidden: hidden(row.hidden_at, row.hidden_kind),
    }
}

/// The first comments under each of `posts` (oldest first, at most `shown` + 1 each: one more
/// tells that there are more), grouped by post. One query of one bounded arm per post, along
/// `comments_post`. Hidden ones only for moderators (`include_hidden`).
async fn first_comments(
    db: &Db,
    posts: &[(PostKind, i64)],
    shown: i64,
    include_hidden: bool,
) -> Result<HashMap<(PostKind, i64), Vec<CommentView>>, sqlx::Error> {
    let mut out: HashMap<(PostKind, i64), Vec<CommentView>> = HashMap::new();
    if posts.is_empty() {
        return Ok(out);
    }
    // $1: include hidden, $2: the limit per post; then two binds per post.
    let arms: Vec<String> = (0..posts.len())
        .map(|i| {
            format!(
                "SELECT * FROM (SELECT {COMMENT_COLUMNS}
                     FROM comments c LEFT JOIN users u ON u.id = c.author_id
                     WHERE c.entity_type = ${} AND c.entity_id = ${}
                       AND ($1 = 1 OR c.hidden_at IS NULL)
                     ORDER BY c.created_at, c.id LIMIT $2) AS c{i}",
                3 + 2 * i,
                4 + 2 * i
            )
        })
        .collect();
    let sql = arms.join(" UNION ALL ");
    let mut query = sqlx::query_as::<_, CommentRow>(&sql)
        .bind(include_hidden as i64)
        .bind(shown + 1);
    for (kind, id) in posts {
        query = query.bind(kind.as_str()).bind(*id);
    }
    let mut rows = query.fetch_all(&db.read).await?;
    rows.sort_by_key(|r| (r.created_at, r.id));
    for row in rows {
        let Some(kind) = PostKind::parse(&row.entity_type) else {
            continue;
        };
        out.entry((kind, row.entity_id))
            .or_default()
            .push(comment_view(row));
    }
    Ok(out)
}

/// One page of the comments under a post (`offset` from the first, oldest first, at most
/// `limit`), and whether more follow. Visible comments only.
pub async fn post_comments(
    db: &Db,
    kind: PostKind,
    post_id: i64,
    offset: i64,
    limit: i64,
) -> Result<(Vec<CommentView>, bool), sqlx::Error> {
    let sql = format!(
        "SELECT {COMMENT_COLUMNS} FROM comments c LEFT JOIN users u ON u.id = c.author_id
         WHERE c.entity_type = $1 AND c.entity_id = $2 AND c.hidden_at IS NULL
         ORDER BY c.created_at, c.id LIMIT $3 OFFSET $4"
    );
    let mut rows = sqlx::query_as::<_, CommentRow>(&sql)
        .bind(kind.as_str())
        .bind(post_id)
        .bind(limit + 1)
        .bind(offset.max(0))
        .fetch_all(&db.read)
        .await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit.max(0) as usize);
    Ok((rows.into_iter().map(comment_view).collect(), more))
}

/// The place (from 0) of a visible comment among the visible comments under its post.
pub async fn comment_place(db: &Db, comment_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM comments b
                 WHERE b.entity_type = c.entity_type AND b.entity_id = c.entity_id
                   AND b.hidden_at IS NULL
                   AND (b.created_at < c.created_at
                        OR (b.created_at = c.created_at AND b.id < c.id)))
         FROM comments c WHERE c.id = $1 AND c.hidden_at IS NULL",
    )
    .bind(comment_id)
    .fetch_optional(&db.read)
    .await
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

/// The place (from 0) of an answer in its thread's order (accepted first, then by score, then
/// oldest first), among the answers the reader may see; None when it is not one of them.
pub async fn answer_place(
    db: &Db,
    question_id: i64,
    answer_id: i64,
    include_hidden: bool,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM answers b
                 WHERE b.question_id = a.question_id AND ($3 = 1 OR b.hidden_at IS NULL)
                   AND (b.is_accepted > a.is_accepted
                        OR (b.is_accepted = a.is_accepted
                            AND (b.score > a.score
                                 OR (b.score = a.score
                                     AND (b.created_at < a.created_at
                                          OR (b.created_at = a.created_at AND b.id < a.id)))))))
         FROM answers a
         WHERE a.id = $2 AND a.question_id = $1 AND ($3 = 1 OR a.hidden_at IS NULL)",
    )
    .bind(question_id)
    .bind(answer_id)
    .bind(include_hidden as i64)
    .fetch_optional(&db.read)
    .await
}

/// The page of a thread that holds a visible answer: `/questions/Q#answer-A` on the first page
/// (the URL visitors get from the page cache), `/questions/Q?page=N#answer-A` further on. For
/// the redirects after a write (no JavaScript), which land on the answer.
pub async fn answer_path(db: &Db, question_id: i64, answer_id: i64) -> Result<String, sqlx::Error> {
    let page = answer_place(db, question_id, answer_id, false)
        .await?
        .map_or(1, |place| place / ANSWERS_PER_PAGE + 1);
    Ok(format!(
        "{}#answer-{answer_id}",
        super::thread_page_path(question_id, page)
    ))
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
        "SELECT {SUMMARY_COLUMNS}, q.body_html, q.author_id, q.version, q.updated_at,
                q.hidden_at, q.hidden_kind, q.locked_at, q.duplicate_of {SUMMARY_FROM}
         WHERE q.id = $1 AND ($2 = 1 OR q.hidden_at IS NULL)"
    );
    let Some(ThreadRow {
        summary: row,
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

/// A question to store; the caller has parsed and checked every field.
pub struct NewQuestion {
    pub lang: Locale,
    pub title: String,
    pub body_md: String,
    pub author_id: Option<i64>,
    pub collective_id: Option<i64>,
    pub routed_lab_id: Option<i64>,
    pub sector_ids: Vec<i64>,
    pub topic_ids: Vec<i64>,
}

/// Stores a question (markdown rendered and sanitised once, here) and records the search change
/// in the same transaction. Returns the new id.
pub async fn create(db: &Db, q: &NewQuestion) -> Result<i64, sqlx::Error> {
    let now = crate::server::db::now_ms();
    let html = crate::server::markdown::render(&q.body_md);
    let mut tx = db.begin_write().await?;
    let id = insert_question(&mut tx, q, &html, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// `create` inside the caller's transaction (which may check more first, such as the limits of
/// new accounts), with the HTML rendered beforehand.
pub async fn insert_question(
    tx: &mut sqlx::Transaction<'static, Any>,
    q: &NewQuestion,
    html: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO questions (lang, title, body_md, body_html, author_id, collective_id,
             routed_lab_id, status, answer_count, created_at, updated_at, last_activity_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', 0, $8, $8, $8) RETURNING id",
    )
    .bind(q.lang.code())
    .bind(&q.title)
    .bind(&q.body_md)
    .bind(html)
    .bind(q.author_id)
    .bind(q.collective_id)
    .bind(q.routed_lab_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    for sector in &q.sector_ids {
        sqlx::query("INSERT INTO question_sectors (question_id, sector_id) VALUES ($1, $2)")
            .bind(id)
            .bind(*sector)
            .execute(&mut **tx)
            .await?;
    }
    for topic in &q.topic_ids {
        sqlx::query("INSERT INTO question_topics (question_id, topic_id) VALUES ($1, $2)")
            .bind(id)
            .bind(*topic)
            .execute(&mut **tx)
            .await?;
    }
    // Followers of the lab it lands in hear of it: the Collectives Lab holds every question, a
    // Partner Lab the ones routed to it. Once per person, never the asker.
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, question_id, actor_id, created_at)
         SELECT DISTINCT f.user_id, 'lab_question', $1, $2, $3
         FROM lab_follows f JOIN labs l ON l.id = f.lab_id
         WHERE (l.is_partner_lab = 0 OR l.id = $4) AND f.user_id <> COALESCE($2, 0)",
    )
    .bind(id)
    .bind(q.author_id)
    .bind(now)
    .bind(q.routed_lab_id)
    .execute(&mut **tx)
    .await?;
    // The asker follows their own question.
    if let Some(author) = q.author_id {
        sqlx::query("INSERT INTO follows (user_id, question_id, created_at) VALUES ($1, $2, $3)")
            .bind(author)
            .bind(id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    crate::search::changes::record(tx, "question", id).await?;
    Ok(id)
}

/// The question of a visible answer and who asked it: `(question_id, asked_by)`.
pub async fn answer_context(
    db: &Db,
    answer_id: i64,
) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as::<_, (i64, Option<i64>)>(
        "SELECT q.id, q.author_id FROM answers a JOIN questions q ON q.id = a.question_id
         WHERE a.id = $1 AND a.hidden_at IS NULL AND q.hidden_at IS NULL",
    )
    .bind(answer_id)
    .fetch_optional(&db.read)
    .await
}

/// Makes `answer_id` the accepted answer of its question (replacing an earlier choice) and the
/// question resolved, in one transaction.
pub async fn accept_answer(db: &Db, question_id: i64, answer_id: i64) -> Result<(), sqlx::Error> {
    let now = crate::server::db::now_ms();
    let mut tx = db.begin_write().await?;
    // At most one accepted answer per question (a unique index): clear before setting.
    sqlx::query("UPDATE answers SET is_accepted = 0 WHERE question_id = $1 AND is_accepted = 1")
        .bind(question_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE answers SET is_accepted = 1 WHERE id = $1 AND question_id = $2")
        .bind(answer_id)
        .bind(question_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE questions SET last_activity_at = $2, cache_version = cache_version + 1,
             status = CASE WHEN status = 'closed' THEN status ELSE 'resolved' END
         WHERE id = $1",
    )
    .bind(question_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    crate::search::changes::record(&mut tx, "question", question_id).await?;
    tx.commit().await
}

/// Sets when question `question_id` got its first visible answer and its first visible expert
/// answer (the dashboards' time-to-answer figures), inside the transaction of a write that adds,
/// hides, restores or moves answers.
pub async fn refresh_answer_times(
    tx: &mut sqlx::Transaction<'static, Any>,
    question_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE questions SET
             first_answer_at = (SELECT MIN(a.created_at) FROM answers a
                                WHERE a.question_id = $1 AND a.hidden_at IS NULL),
             first_expert_answer_at = (SELECT MIN(a.created_at) FROM answers a
                                       WHERE a.question_id = $1 AND a.hidden_at IS NULL
                                         AND a.expert_lab_id IS NOT NULL)
         WHERE id = $1",
    )
    .bind(question_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks a thread's cached page stale (`page_cache`), inside the write's transaction.
pub async fn touch(
    tx: &mut sqlx::Transaction<'static, Any>,
    question_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE questions SET cache_version = cache_version + 1 WHERE id = $1")
        .bind(question_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whose post this is and where it lives (visible posts only: a comment under a hidden answer is
/// hidden with it).
pub struct PostOwner {
    pub question_id: i64,
    pub author_id: Option<i64>,
    pub status: QuestionStatus,
    /// The thread takes no new answers or comments.
    pub locked: bool,
}

pub async fn post_owner(
    db: &Db,
    kind: PostKind,
    post_id: i64,
) -> Result<Option<PostOwner>, sqlx::Error> {
    let sql = match kind {
        PostKind::Question => {
            "SELECT q.id, q.author_id, q.status, q.locked_at FROM questions q
             WHERE q.id = $1 AND q.hidden_at IS NULL"
        }
        PostKind::Answer => {
            "SELECT q.id, a.author_id, q.status, q.locked_at
             FROM answers a JOIN questions q ON q.id = a.question_id
             WHERE a.id = $1 AND a.hidden_at IS NULL AND q.hidden_at IS NULL"
        }
        PostKind::Comment => {
            "SELECT q.id, c.author_id, q.status, q.locked_at
             FROM comments c JOIN questions q ON q.id = c.question_id
             LEFT JOIN answers pa ON c.entity_type = 'answer' AND pa.id = c.entity_id
             WHERE c.id = $1 AND c.hidden_at IS NULL AND q.hidden_at IS NULL
               AND pa.hidden_at IS NULL"
        }
    };
    Ok(
        sqlx::query_as::<_, (i64, Option<i64>, String, Option<i64>)>(sql)
            .bind(post_id)
            .fetch_optional(&db.read)
            .await?
            .map(|(question_id, author_id, status, locked_at)| PostOwner {
                question_id,
                author_id,
                status: QuestionStatus::parse(&status).unwrap_or(QuestionStatus::Open),
                locked: locked_at.is_some(),
            }),
    )
}

/// The status of a visible question and whether it is locked (None: no such question, or
/// hidden).
pub async fn status_of(db: &Db, id: i64) -> Result<Option<(QuestionStatus, bool)>, sqlx::Error> {
    Ok(sqlx::query_as::<_, (String, Option<i64>)>(
        "SELECT status, locked_at FROM questions WHERE id = $1 AND hidden_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&db.read)
    .await?
    .and_then(|(status, locked)| Some((QuestionStatus::parse(&status)?, locked.is_some()))))
}

/// `status_of` read again inside a write transaction, the question's row locked until commit on
/// PostgreSQL (SQLite runs write transactions one at a time): a lock, close or hide committed since
/// the first read decides, and none can commit between this check and the insert.
pub async fn status_in_write(
    tx: &mut sqlx::Transaction<'static, Any>,
    backend: crate::server::db::Backend,
    id: i64,
) -> Result<Option<(QuestionStatus, bool)>, sqlx::Error> {
    // Only the fixed lock clause is formatted in.
    Ok(sqlx::query_as::<_, (String, Option<i64>)>(&format!(
        "SELECT status, locked_at FROM questions WHERE id = $1 AND hidden_at IS NULL{}",
        backend.for_update()
    ))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .and_then(|(status, locked)| Some((QuestionStatus::parse(&status)?, locked.is_some()))))
}

/// Whether answer `id` is still shown (not hidden), read inside a write transaction and locked
/// on PostgreSQL until it ends, so a hide committed since the first read decides. Answers are
/// locked before their question, as accepting and hiding do.
pub async fn answer_visible_in_write(
    tx: &mut sqlx::Transaction<'static, Any>,
    backend: crate::server::db::Backend,
    id: i64,
) -> Result<bool, sqlx::Error> {
    // Only the fixed lock clause is formatted in.
    Ok(sqlx::query_scalar::<_, i64>(&format!(
        "SELECT id FROM answers WHERE id = $1 AND hidden_at IS NULL{}",
        backend.for_update()
    ))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .is_some())
}

/// Adds an answer to a question (which becomes "answered" if it was open) and records the
/// question's search change in the same transaction. The answer carries the expert badge of the
/// lab the question is routed to when its author is one of that lab's partners (the rule of
/// `accounts::policy::expert_lab`; a partner of several labs gets the routed lab's badge only).
pub async fn add_answer(
    db: &Db,
    question_id: i64,
    lang: Locale,
    author_id: Option<i64>,
    body_md: &str,
) -> Result<i64, sqlx::Error> {
    let now = crate::server::db::now_ms();
    let html = crate::server::markdown::render(body_md);
    let mut tx = db.begin_write().await?;
    let id = insert_answer(&mut tx, question_id, lang, author_id, body_md, &html, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// `add_answer` inside the caller's transaction (which may check more first, such as the
/// limits of new accounts), with the HTML rendered beforehand.
pub async fn insert_answer(
    tx: &mut sqlx::Transaction<'static, Any>,
    question_id: i64,
    lang: Locale,
    author_id: Option<i64>,
    body_md: &str,
    html: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO answers (question_id, lang, author_id, body_md, body_html, created_at,
                              updated_at, expert_lab_id)
         VALUES ($1, $2, $3, $4, $5, $6, $6,
                 (SELECT q.routed_lab_id FROM questions q
                  JOIN lab_partners p ON p.lab_id = q.routed_lab_id AND p.user_id = $3
                  WHERE q.id = $1))
         RETURNING id",
    )
    .bind(question_id)
    .bind(lang.code())
    .bind(author_id)
    .bind(body_md)
    .bind(html)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE questions SET answer_count = answer_count + 1, last_activity_at = $2,
             cache_version = cache_version + 1,
             status = CASE WHEN status = 'open' THEN 'answered' ELSE status END
         WHERE id = $1",
    )
    .bind(question_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    refresh_answer_times(tx, question_id).await?;
    // Everybody who follows the question hears of it, except whoever wrote the answer.
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, question_id, answer_id, actor_id, created_at)
         SELECT f.user_id, 'answer', $1, $2, $3, $4 FROM follows f
         WHERE f.question_id = $1 AND f.user_id <> COALESCE($3, 0)",
    )
    .bind(question_id)
    .bind(id)
    .bind(author_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    crate::search::changes::record(tx, "question", question_id).await?;
    Ok(id)
}

/// Runs one statement on question `id` and, when it changed a row, records the search change in
/// the same transaction. Returns whether a row changed.
async fn change_question<'q>(
    db: &Db,
    id: i64,
    statement: sqlx::query::Query<'q, Any, AnyArguments<'q>>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let changed = statement.execute(&mut *tx).await?.rows_affected() > 0;
    if changed {
        crate::search::changes::record(&mut tx, "question", id).await?;
    }
    tx.commit().await?;
    Ok(changed)
}

/// Hides a question from every page, list and search (or shows it again).
pub async fn set_hidden(db: &Db, id: i64, hidden: bool) -> Result<bool, sqlx::Error> {
    let hidden_at = hidden.then(crate::server::db::now_ms);
    let statement = sqlx::query(
        "UPDATE questions SET hidden_at = $2, cache_version = cache_version + 1 WHERE id = $1",
    )
    .bind(id)
    .bind(hidden_at);
    change_question(db, id, statement).await
}

/// Deletes a question and its answers.
pub async fn delete(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let statement = sqlx::query("DELETE FROM questions WHERE id = $1").bind(id);
    change_question(db, id, statement).await
}
