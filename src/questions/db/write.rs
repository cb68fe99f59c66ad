//! Writing questions and answers: asking, answering, accepting, hiding and deleting, the checks
//! a write makes first (who owns a post, whether a thread is open), and what every write keeps.

use crate::content::QuestionStatus;
use crate::i18n::Locale;
use crate::server::db::Db;
use sqlx::Any;
use sqlx::any::AnyArguments;

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
        "UPDATE questions SET last_activity_at = $2,
             status = CASE WHEN status = 'closed' THEN status ELSE 'resolved' END
         WHERE id = $1",
    )
    .bind(question_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
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
    // The expert badge: the facts read here, the rule in `accounts::policy`.
    let routed = sqlx::query_as::<_, (i64, String)>(
        "SELECT l.id, l.slug FROM questions q JOIN labs l ON l.id = q.routed_lab_id
         WHERE q.id = $1",
    )
    .bind(question_id)
    .fetch_optional(&mut **tx)
    .await?;
    let partner_labs: Vec<String> = match (&routed, author_id) {
        (Some(_), Some(author)) => {
            sqlx::query_scalar(
                "SELECT l.slug FROM lab_partners p JOIN labs l ON l.id = p.lab_id
                 WHERE p.user_id = $1",
            )
            .bind(author)
            .fetch_all(&mut **tx)
            .await?
        }
        _ => Vec::new(),
    };
    let expert_lab_id = routed
        .filter(|(_, slug)| {
            crate::accounts::policy::expert_badge(&partner_labs, Some(slug.as_str())).is_some()
        })
        .map(|(id, _)| id);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO answers (question_id, lang, author_id, body_md, body_html, created_at,
                              updated_at, expert_lab_id)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)
         RETURNING id",
    )
    .bind(question_id)
    .bind(lang.code())
    .bind(author_id)
    .bind(body_md)
    .bind(html)
    .bind(now)
    .bind(expert_lab_id)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE questions SET answer_count = answer_count + 1, last_activity_at = $2,
             status = CASE WHEN status = 'open' THEN 'answered' ELSE status END
         WHERE id = $1",
    )
    .bind(question_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
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
    Ok(id)
}

/// Runs one statement on a question in a write transaction of its own (the page cache and
/// the search feed follow it: migration 0010). Returns whether a row changed.
async fn change_question<'q>(
    db: &Db,
    statement: sqlx::query::Query<'q, Any, AnyArguments<'q>>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let changed = statement.execute(&mut *tx).await?.rows_affected() > 0;
    tx.commit().await?;
    Ok(changed)
}

/// Hides a question from every page, list and search (or shows it again).
pub async fn set_hidden(db: &Db, id: i64, hidden: bool) -> Result<bool, sqlx::Error> {
    let hidden_at = hidden.then(crate::server::db::now_ms);
    let statement = sqlx::query("UPDATE questions SET hidden_at = $2 WHERE id = $1")
        .bind(id)
        .bind(hidden_at);
    change_question(db, statement).await
}

/// Deletes a question and its answers.
pub async fn delete(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let statement = sqlx::query("DELETE FROM questions WHERE id = $1").bind(id);
    change_question(db, statement).await
}
