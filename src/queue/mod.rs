//! The partner queue (`/queue`): the open questions routed to the labs a partner answers for,
//! made for a phone. A partner claims a question (so colleagues know it is taken), answers it
//! from the queue, asks the asker for more information ("waiting on the asker", which the
//! asker's reply ends), or marks it resolved. Every action is a plain form that also works
//! without JavaScript.

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod ui;

use crate::error::AppError;
use crate::i18n::{Locale, Msg};
use crate::questions::QuestionStatus;
use crate::taxonomy::Term;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The queue's views.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueFilter {
    /// Every open question routed to the partner's labs.
    #[default]
    Open,
    /// Nobody has claimed them yet.
    Unclaimed,
    /// Claimed by the partner.
    Mine,
    /// A partner asked the asker for more information.
    Waiting,
}

impl QueueFilter {
    pub const ALL: [QueueFilter; 4] = [
        QueueFilter::Open,
        QueueFilter::Unclaimed,
        QueueFilter::Mine,
        QueueFilter::Waiting,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueFilter::Open => "open",
            QueueFilter::Unclaimed => "unclaimed",
            QueueFilter::Mine => "mine",
            QueueFilter::Waiting => "waiting",
        }
    }

    /// Unknown or missing: the whole queue.
    pub fn parse(s: &str) -> QueueFilter {
        QueueFilter::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .unwrap_or_default()
    }

    pub fn label(self) -> Msg {
        match self {
            QueueFilter::Open => Msg::QueueFilterOpen,
            QueueFilter::Unclaimed => Msg::QueueFilterUnclaimed,
            QueueFilter::Mine => Msg::QueueFilterMine,
            QueueFilter::Waiting => Msg::QueueFilterWaiting,
        }
    }
}

/// A partner's change of a queued question's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueStatus {
    /// Ask the asker for more information (the note is posted as a comment).
    Waiting,
    /// The information arrived or is no longer needed: back to work.
    Active,
    /// The question is dealt with (it has at least one answer).
    Resolved,
}

impl QueueStatus {
    pub fn parse(s: &str) -> Option<QueueStatus> {
        match s {
            "waiting" => Some(QueueStatus::Waiting),
            "active" => Some(QueueStatus::Active),
            "resolved" => Some(QueueStatus::Resolved),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            QueueStatus::Waiting => "waiting",
            QueueStatus::Active => "active",
            QueueStatus::Resolved => "resolved",
        }
    }
}

/// Who claimed a question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub user_id: i64,
    pub name: Option<String>,
    pub since: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: i64,
    pub lang: Locale,
    pub title: String,
    /// The start of the question, as plain text.
    pub excerpt: String,
    pub lab: Term,
    pub status: QuestionStatus,
    pub answer_count: i64,
    pub has_expert_answer: bool,
    pub created_at: i64,
    pub author_name: Option<String>,
    pub collective_name: Option<String>,
    pub claim: Option<Claim>,
    pub waiting_since: Option<i64>,
}

/// `/queue`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerQueue {
    pub filter: QueueFilter,
    pub items: Vec<QueueItem>,
    /// How many questions each filter holds, in `QueueFilter::ALL` order.
    pub counts: Vec<i64>,
    /// The labs the partner answers for.
    pub labs: Vec<Term>,
    pub viewer_id: i64,
}

/// How many questions the queue lists at once (oldest unanswered first): a phone screen's worth
/// of work; the next ones move up as these are dealt with.
pub const QUEUE_PAGE: i64 = 20;

/// The caller's queue. Partners only.
#[server(prefix = "/api", endpoint = "load_queue")]
pub async fn load_queue(filter: String) -> Result<PartnerQueue, AppError> {
    let viewer = crate::accounts::session::request_viewer();
    let viewer = crate::accounts::policy::partner(viewer.as_ref())?;
    let db = crate::server::use_db()?;
    let filter = QueueFilter::parse(&filter);
    let labs = db::partner_labs(&db, viewer.id).await?;
    let stats = crate::dashboard::use_stats()?;
    let (mut open, mut unclaimed) = (0, 0);
    for (id, _) in &labs {
        let figures = stats.get(crate::dashboard::Scope::Lab(*id)).await?.figures;
        open += figures.open;
        unclaimed += figures.unclaimed;
    }
    Ok(db::queue(&db, viewer.id, filter, &labs, (open, unclaimed)).await?)
}

/// Where a queue form returns without JavaScript: the queue view it was sent from.
#[cfg(feature = "ssr")]
fn back_to_queue() {
    let back = crate::forms::referer_path()
        .filter(|p| p.starts_with("/queue"))
        .unwrap_or_else(|| "/queue".to_string());
    crate::forms::redirect_plain_post(&back);
}

/// The routed lab of a visible question and whether the caller may work on it.
#[cfg(feature = "ssr")]
async fn queued(
    db: &crate::server::db::Db,
    question_id: i64,
) -> Result<(crate::accounts::Viewer, db::Queued), AppError> {
    let viewer = crate::accounts::session::request_viewer();
    crate::accounts::policy::partner(viewer.as_ref())?;
    let Some(question) = db::queued(db, question_id).await? else {
        return Err(AppError::NotFound);
    };
    let viewer =
        crate::accounts::policy::partner_of(viewer.as_ref(), question.lab_slug.as_deref())?.clone();
    Ok((viewer, question))
}

/// Claims (`claim` = true) or releases a question routed to one of the caller's labs. A question
/// someone else claimed cannot be claimed over them. Answers whether the caller now holds it.
#[server(prefix = "/api", endpoint = "claim_question")]
pub async fn claim_question(question_id: i64, claim: bool) -> Result<bool, AppError> {
    let fail = |e: AppError| crate::forms::refuse("queue", &[], e);
    let db = crate::server::use_db()?;
    let (viewer, _) = queued(&db, question_id).await.map_err(fail)?;
    let changed = if claim {
        db::claim(&db, question_id, viewer.id).await?
    } else {
        db::release(&db, question_id, viewer.id).await?
    };
    if !changed {
        let msg = if claim {
            Msg::AlreadyClaimed
        } else {
            Msg::NotYourClaim
        };
        return Err(fail(AppError::Invalid(msg)));
    }
    back_to_queue();
    Ok(claim)
}

/// A partner changes a queued question's state: `waiting` (with a note to the asker, posted as a
/// comment), `active` (no longer waiting) or `resolved` (needs an answer).
#[server(prefix = "/api", endpoint = "set_queue_status")]
pub async fn set_queue_status(
    question_id: i64,
    status: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::forms::FieldError;
    let values = [("note", note.as_str())];
    let fail = |e: AppError| crate::forms::refuse("queue", &values, e);
    let Some(status) = QueueStatus::parse(&status) else {
        return Err(fail(AppError::Invalid(Msg::InvalidRequest)));
    };
    let db = crate::server::use_db()?;
    let (viewer, question) = queued(&db, question_id).await.map_err(fail)?;
    crate::accounts::policy::participate(Some(&viewer)).map_err(fail)?;
    if question.locked
        || !matches!(
            question.status,
            QuestionStatus::Open | QuestionStatus::Answered
        )
    {
        return Err(fail(AppError::Invalid(Msg::QueueNotOpen)));
    }
    match status {
        QueueStatus::Waiting => {
            let text = crate::questions::CommentBody::parse(&note)
                .map_err(|m| fail(AppError::Fields(vec![FieldError::new("note", m)])))?;
            use crate::accounts::limits::{Writing, check};
            check(&db, viewer.id, text.as_str(), Writing::NewPost)
                .await
                .map_err(fail)?;
            let lang = crate::i18n::initial_locale();
            db::wait_for_asker(&db, question_id, viewer.id, lang, text.as_str()).await?;
        }
        QueueStatus::Active => db::stop_waiting(&db, question_id).await?,
        QueueStatus::Resolved => {
            if question.answer_count == 0 {
                return Err(fail(AppError::Invalid(Msg::ResolveNeedsAnswer)));
            }
            db::resolve(&db, question_id).await?;
        }
    }
    back_to_queue();
    Ok(())
}

/// Answers a question from the queue (the same rules as on the thread). An unclaimed question
/// becomes the answering partner's.
#[server(prefix = "/api", endpoint = "answer_from_queue")]
pub async fn answer_from_queue(
    question_id: i64,
    body: String,
    lang: String,
) -> Result<i64, AppError> {
    let values = [("body", body.as_str())];
    let fail = |e: AppError| crate::forms::refuse("queue", &values, e);
    let db = crate::server::use_db()?;
    let (viewer, _) = queued(&db, question_id).await.map_err(fail)?;
    crate::accounts::policy::participate(Some(&viewer)).map_err(fail)?;
    let id = crate::questions::api::write_answer(&db, &viewer, question_id, &body, &lang)
        .await
        .map_err(fail)?;
    db::claim(&db, question_id, viewer.id).await?;
    back_to_queue();
    Ok(id)
}
