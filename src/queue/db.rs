//! SQL for the partner queue. A queue is a range of the `questions_open` index (status, lab)
//! for the partner's labs; the writes bump the thread's page-cache version and record the search
//! change like every other write to a question.

use super::{Claim, PartnerQueue, QUEUE_PAGE, QueueFilter, QueueItem};
use crate::content::QuestionStatus;
use crate::i18n::Locale;
use crate::server::db::{Db, now_ms};
use crate::taxonomy::Term;
use sqlx::Any;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    lang: String,
    title: String,
    body_md: String,
    status: String,
    answer_count: i64,
    first_expert_answer_at: Option<i64>,
    created_at: i64,
    waiting_since: Option<i64>,
    claimed_by: Option<i64>,
    claimed_at: Option<i64>,
    claimed_name: Option<String>,
    author_name: Option<String>,
    collective_name: Option<String>,
    lab_slug: String,
    lab_nl: String,
    lab_en: String,
}

const QUEUE_SELECT: &str = "SELECT q.id, q.lang, q.title, q.body_md, q.status, q.answer_count,
        q.first_expert_answer_at, q.created_at, q.waiting_since, q.claimed_by, q.claimed_at,
        CASE WHEN cu.deleted_at IS NULL THEN cu.display_name END AS claimed_name,
        CASE WHEN au.deleted_at IS NULL THEN au.display_name END AS author_name,
        c.name AS collective_name, l.slug AS lab_slug, l.name_nl AS lab_nl, l.name_en AS lab_en
    FROM questions q
    JOIN labs l ON l.id = q.routed_lab_id
    LEFT JOIN users cu ON cu.id = q.claimed_by
    LEFT JOIN users au ON au.id = q.author_id
    LEFT JOIN collectives c ON c.id = q.collective_id";

/// One lab's questions of one status, oldest first: a walk along `questions_queue` (or, for the
/// unclaimed ones, `questions_open`) that stops after a page.
const BY_LAB: &str =
    "WHERE q.routed_lab_id = $1 AND q.status = $2 AND q.hidden_at IS NULL {claimed}
    ORDER BY q.created_at, q.id LIMIT $3";

/// The partner's own or waiting questions: few, found by `questions_claimed` or the partial
/// index `questions_waiting`, sorted here.
const MINE: &str = "WHERE q.claimed_by = $1 AND q.status IN ('open', 'answered')
      AND q.hidden_at IS NULL
      AND q.routed_lab_id IN (SELECT p.lab_id FROM lab_partners p WHERE p.user_id = $1)
    ORDER BY CASE WHEN q.status = 'open' THEN 0 ELSE 1 END, q.created_at, q.id LIMIT $2";
// `|| ''` and `+ 0` keep the planner on the small partial index `questions_waiting` instead of
// walking every open question of the labs (the same on SQLite and PostgreSQL).
const WAITING: &str = "WHERE q.waiting_since IS NOT NULL AND q.status || '' IN ('open', 'answered')
      AND q.hidden_at IS NULL
      AND q.routed_lab_id + 0 IN (SELECT p.lab_id FROM lab_partners p WHERE p.user_id = $1)
    ORDER BY CASE WHEN q.status = 'open' THEN 0 ELSE 1 END, q.created_at, q.id LIMIT $2";

fn item(r: Row) -> QueueItem {
    QueueItem {
        id: r.id,
        lang: Locale::from_code(&r.lang).unwrap_or_default(),
        title: r.title,
        excerpt: crate::server::markdown::excerpt(&r.body_md, 220),
        lab: Term {
            slug: r.lab_slug,
            name_nl: r.lab_nl,
            name_en: r.lab_en,
        },
        status: QuestionStatus::parse(&r.status).unwrap_or(QuestionStatus::Open),
        answer_count: r.answer_count,
        has_expert_answer: r.first_expert_answer_at.is_some(),
        created_at: r.created_at,
        author_name: r.author_name,
        collective_name: r.collective_name,
        claim: r.claimed_by.map(|user_id| Claim {
            user_id,
            name: r.claimed_name,
            since: r.claimed_at.unwrap_or(r.created_at),
        }),
        waiting_since: r.waiting_since,
    }
}

/// The labs a partner answers for: (id, term).
pub async fn partner_labs(db: &Db, user_id: i64) -> Result<Vec<(i64, Term)>, sqlx::Error> {
    Ok(sqlx::query_as::<_, (i64, String, String, String)>(
        "SELECT l.id, l.slug, l.name_nl, l.name_en FROM lab_partners p
         JOIN labs l ON l.id = p.lab_id WHERE p.user_id = $1 ORDER BY l.position",
    )
    .bind(user_id)
    .fetch_all(&db.read)
    .await?
    .into_iter()
    .map(|(id, slug, name_nl, name_en)| {
        (
            id,
            Term {
                slug,
                name_nl,
                name_en,
            },
        )
    })
    .collect())
}

/// A partner's queue: unanswered questions first, then the longest waiting. `lab_counts` are the
/// open and unclaimed questions of the partner's labs (from the dashboards' cached figures, so a
/// queue never counts a lab's questions per request).
pub async fn queue(
    db: &Db,
    user_id: i64,
    filter: QueueFilter,
    labs: &[(i64, Term)],
    lab_counts: (i64, i64),
) -> Result<PartnerQueue, sqlx::Error> {
    let items: Vec<QueueItem> = match filter {
        QueueFilter::Open | QueueFilter::Unclaimed => {
            let claimed = if filter == QueueFilter::Unclaimed {
                "AND q.claimed_by IS NULL"
            } else {
                ""
            };
            let sql = format!("{QUEUE_SELECT} {}", BY_LAB.replace("{claimed}", claimed));
            let mut rows = Vec::new();
            for status in ["open", "answered"] {
                let mut of_status = Vec::new();
                for (lab_id, _) in labs {
                    of_status.extend(
                        sqlx::query_as::<_, Row>(&sql)
                            .bind(lab_id)
                            .bind(status)
                            .bind(QUEUE_PAGE)
                            .fetch_all(&db.read)
                            .await?,
                    );
                }
                of_status.sort_by_key(|r| (r.created_at, r.id));
                rows.extend(of_status);
                if rows.len() as i64 >= QUEUE_PAGE {
                    break;
                }
            }
            rows.truncate(QUEUE_PAGE as usize);
            rows.into_iter().map(item).collect()
        }
        QueueFilter::Mine | QueueFilter::Waiting => {
            let sql = format!(
                "{QUEUE_SELECT} {}",
                if filter == QueueFilter::Mine {
                    MINE
                } else {
                    WAITING
                }
            );
            sqlx::query_as::<_, Row>(&sql)
                .bind(user_id)
                .bind(QUEUE_PAGE)
                .fetch_all(&db.read)
                .await?
                .into_iter()
                .map(item)
                .collect()
        }
    };
    let (mine, waiting) = sqlx::query_as::<_, (i64, i64)>(
        "SELECT
            (SELECT COUNT(*) FROM questions q
             WHERE q.claimed_by = $1 AND q.status IN ('open', 'answered') AND q.hidden_at IS NULL
               AND q.routed_lab_id IN (SELECT p.lab_id FROM lab_partners p WHERE p.user_id = $1)),
            (SELECT COUNT(*) FROM questions q
             WHERE q.waiting_since IS NOT NULL AND q.status || '' IN ('open', 'answered')
               AND q.hidden_at IS NULL
               AND q.routed_lab_id + 0 IN (SELECT p.lab_id FROM lab_partners p WHERE p.user_id = $1))",
    )
    .bind(user_id)
    .fetch_one(&db.read)
    .await?;
    Ok(PartnerQueue {
        filter,
        items,
        counts: vec![lab_counts.0, lab_counts.1, mine, waiting],
        labs: labs.iter().map(|(_, t)| t.clone()).collect(),
        viewer_id: user_id,
    })
}

/// A visible question as the queue's actions need it.
pub struct Queued {
    pub lab_slug: Option<String>,
    pub status: QuestionStatus,
    pub locked: bool,
    pub answer_count: i64,
}

pub async fn queued(db: &Db, question_id: i64) -> Result<Option<Queued>, sqlx::Error> {
    Ok(
        sqlx::query_as::<_, (Option<String>, String, Option<i64>, i64)>(
            "SELECT l.slug, q.status, q.locked_at, q.answer_count
         FROM questions q LEFT JOIN labs l ON l.id = q.routed_lab_id
         WHERE q.id = $1 AND q.hidden_at IS NULL",
        )
        .bind(question_id)
        .fetch_optional(&db.read)
        .await?
        .map(|(lab_slug, status, locked, answer_count)| Queued {
            lab_slug,
            status: QuestionStatus::parse(&status).unwrap_or(QuestionStatus::Open),
            locked: locked.is_some(),
            answer_count,
        }),
    )
}

/// One statement on a question, in a write transaction of its own (the page cache and the
/// search feed follow it: migration 0010). Returns whether it changed the question.
async fn change<'q>(
    db: &Db,
    statement: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let changed = statement.execute(&mut *tx).await?.rows_affected() > 0;
    tx.commit().await?;
    Ok(changed)
}

/// Claims a question for `user_id` unless someone else holds it (claiming one's own again is a
/// no-op that succeeds).
pub async fn claim(db: &Db, question_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    let statement = sqlx::query(
        "UPDATE questions SET claimed_by = $2, claimed_at = COALESCE(claimed_at, $3)
         WHERE id = $1 AND (claimed_by IS NULL OR claimed_by = $2)",
    )
    .bind(question_id)
    .bind(user_id)
    .bind(now_ms());
    change(db, statement).await
}

/// Releases `user_id`'s claim (and any wait that came with it).
pub async fn release(db: &Db, question_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    let statement = sqlx::query(
        "UPDATE questions SET claimed_by = NULL, claimed_at = NULL, waiting_since = NULL
         WHERE id = $1 AND claimed_by = $2",
    )
    .bind(question_id)
    .bind(user_id);
    change(db, statement).await
}

/// Posts the partner's note as a comment on the question, marks it waiting on the asker (and
/// claimed by the partner if nobody held it), and tells the asker; one transaction.
pub async fn wait_for_asker(
    db: &Db,
    question_id: i64,
    partner_id: i64,
    lang: Locale,
    note_md: &str,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    let html = crate::server::markdown::render(note_md);
    let mut tx = db.begin_write().await?;
    let comment_id: i64 = sqlx::query_scalar(
        "INSERT INTO comments (question_id, entity_type, entity_id, lang, author_id, body_md,
                               body_html, created_at, updated_at)
         VALUES ($1, 'question', $1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(question_id)
    .bind(lang.code())
    .bind(partner_id)
    .bind(note_md)
    .bind(&html)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE questions SET waiting_since = $2,
             claimed_by = COALESCE(claimed_by, $3),
             claimed_at = CASE WHEN claimed_by IS NULL THEN $2 ELSE claimed_at END
         WHERE id = $1",
    )
    .bind(question_id)
    .bind(now)
    .bind(partner_id)
    .execute(&mut *tx)
    .await?;
    // The notification names the note's comment: hiding the note takes it away.
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, question_id, actor_id, created_at, comment_id)
         SELECT q.author_id, 'waiting', q.id, $2, $3, $4 FROM questions q
         WHERE q.id = $1 AND q.author_id IS NOT NULL AND q.author_id <> $2",
    )
    .bind(question_id)
    .bind(partner_id)
    .bind(now)
    .bind(comment_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

pub async fn stop_waiting(db: &Db, question_id: i64) -> Result<(), sqlx::Error> {
    let statement =
        sqlx::query("UPDATE questions SET waiting_since = NULL WHERE id = $1").bind(question_id);
    change(db, statement).await.map(|_| ())
}

/// Marks an open or answered question resolved (no longer waiting).
pub async fn resolve(db: &Db, question_id: i64) -> Result<(), sqlx::Error> {
    let statement = sqlx::query(
        "UPDATE questions SET status = 'resolved', waiting_since = NULL, last_activity_at = $2
         WHERE id = $1 AND status IN ('open', 'answered')",
    )
    .bind(question_id)
    .bind(now_ms());
    change(db, statement).await.map(|_| ())
}
