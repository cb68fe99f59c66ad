//! Every server function of questions: the list, the thread (reading it, voting, following,
//! answering, accepting, commenting) and asking. Reading is public; writing is for signed-in
//! members (`accounts::policy`).
// The server function `ask_question` takes the form's fields one by one (that is how forms post).
#![allow(clippy::too_many_arguments)]

use super::{
    AskForm, FilterOptions, PostCommentsPage, QuestionFilter, QuestionPage, QuestionThread,
    ThreadViewerState, VoteState,
};
use crate::error::AppError;
use leptos::prelude::*;

// Named only inside the server functions' bodies, which the browser build leaves out.
#[cfg(feature = "ssr")]
use super::comment_link::comment_path;
#[cfg(feature = "ssr")]
use super::{Draft, NewQuestionInput, PostKind};
#[cfg(feature = "ssr")]
use crate::i18n::Msg;
#[cfg(feature = "ssr")]
use crate::taxonomy::Term;

// The list.

/// One page of questions, newest first. `before` is the cursor from the previous page's
/// "older" link; a malformed one is treated as the first page.
#[server(prefix = "/api", endpoint = "list_questions")]
pub async fn list_questions(
    filter: QuestionFilter,
    before: Option<String>,
) -> Result<QuestionPage, AppError> {
    let db = crate::server::use_db()?;
    let before = before.as_deref().and_then(super::Cursor::parse);
    Ok(super::db::list(&db, &filter, before).await?)
}

/// The choices of the list's filters: sectors, topics and the partner labs.
#[server(prefix = "/api", endpoint = "question_filter_options")]
pub async fn question_filter_options() -> Result<FilterOptions, crate::error::AppError> {
    let db = crate::server::use_db()?;
    Ok(FilterOptions {
        sectors: crate::taxonomy::db::sectors(&db).await?,
        topics: crate::taxonomy::db::topics(&db).await?,
        labs: crate::taxonomy::db::partner_labs(&db).await?,
    })
}

// The thread.

/// One page of a thread: `page` (from 1), or the page holding `answer` (a link to an answer).
#[server(prefix = "/api", endpoint = "question_thread")]
pub async fn get_question_thread(
    id: i64,
    #[server(default)] page: Option<i64>,
    #[server(default)] answer: Option<i64>,
) -> Result<QuestionThread, AppError> {
    let db = crate::server::use_db()?;
    // Moderators also get what was hidden or deleted, marked (never cached: they are signed in).
    let moderator = crate::accounts::session::request_viewer()
        .is_some_and(|v| crate::accounts::policy::moderate(Some(&v)).is_ok());
    let request = super::ThreadPageRequest { page, answer };
    match super::db::thread_page(&db, id, moderator, request).await? {
        Some(thread) => {
            if let Some(target) = thread.duplicate_of {
                crate::error::redirect_page(&format!("/questions/{target}"));
            }
            Ok(thread)
        }
        None => {
            crate::error::mark_not_found();
            Err(AppError::NotFound)
        }
    }
}

/// Follows (`follow` = true) or stops following a question. Answers whether the caller follows it.
#[server(prefix = "/api", endpoint = "follow_question")]
pub async fn follow_question(question_id: i64, follow: bool) -> Result<bool, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{redirect_plain_post, refuse};
    let fail = |e: AppError| refuse("thread", &[], e);
    let viewer = session::request_viewer();
    let viewer = policy::member(viewer.as_ref()).map_err(fail)?;
    let db = crate::server::use_db()?;
    if super::db::status_of(&db, question_id).await?.is_none() {
        return Err(fail(AppError::NotFound));
    }
    super::db::follows::set(&db, viewer.id, question_id, follow).await?;
    redirect_plain_post(&format!("/questions/{question_id}"));
    Ok(follow)
}

/// The reader's votes on this thread and whether they follow it; marks the thread's
/// notifications read. Visitors get the empty state.
#[server(prefix = "/api", endpoint = "load_thread_viewer_state")]
pub async fn load_thread_viewer_state(question_id: i64) -> Result<ThreadViewerState, AppError> {
    let Some(viewer) = crate::accounts::session::request_viewer() else {
        return Ok(ThreadViewerState::default());
    };
    let db = crate::server::use_db()?;
    let has_unread = viewer.unread_notifications > 0;
    Ok(super::db::follows::viewer_state(&db, viewer.id, question_id, has_unread).await?)
}

/// Votes `value` (+1 up, -1 down, 0 withdraw) on a question or an answer. Not on one's own post.
#[server(prefix = "/api", endpoint = "vote")]
pub async fn vote(kind: String, post_id: i64, value: i64) -> Result<VoteState, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{redirect_plain_post, refuse};
    let fail = |e: AppError| refuse("thread", &[], e);
    let viewer = session::request_viewer();
    policy::participate(viewer.as_ref()).map_err(fail)?;
    let (Some(kind @ (PostKind::Question | PostKind::Answer)), true) =
        (PostKind::parse(&kind), (-1..=1).contains(&value))
    else {
        return Err(fail(AppError::Invalid(Msg::InvalidRequest)));
    };
    let db = crate::server::use_db()?;
    let Some(post) = super::db::post_owner(&db, kind, post_id).await? else {
        return Err(fail(AppError::NotFound));
    };
    let viewer = policy::vote(viewer.as_ref(), post.author_id).map_err(fail)?;
    let state = super::db::votes::vote(&db, kind, post_id, viewer.id, value).await?;
    redirect_plain_post(&super::post_anchor(kind, post.question_id, post_id));
    Ok(state)
}

/// Posts an answer (markdown, rendered and sanitised once, here) to an open question. The answer
/// carries the routed lab's expert badge when its author is one of that lab's partners. Answers
/// the new answer's id.
#[server(prefix = "/api", endpoint = "post_answer")]
pub async fn post_answer(question_id: i64, body: String, lang: String) -> Result<i64, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{redirect_plain_post, refuse};
    let values = [("body", body.as_str())];
    let fail = |e: AppError| refuse("answer", &values, e);
    let viewer = session::request_viewer();
    let viewer = policy::participate(viewer.as_ref()).map_err(fail)?;
    let db = crate::server::use_db()?;
    let id = write_answer(&db, viewer, question_id, &body, &lang)
        .await
        .map_err(fail)?;
    // The new answer may be on a later page of a long thread.
    redirect_plain_post(&super::db::answer_path(&db, question_id, id).await?);
    Ok(id)
}

/// Checks and stores an answer by `viewer` (who may take part): the text's length, the question
/// open and not locked, the writing limits. Shared by the thread's form and the partner queue.
#[cfg(feature = "ssr")]
pub async fn write_answer(
    db: &crate::server::db::Db,
    viewer: &crate::accounts::Viewer,
    question_id: i64,
    body: &str,
    lang: &str,
) -> Result<i64, AppError> {
    use crate::forms::FieldError;
    use crate::i18n::{Locale, Msg};
    let text = super::AnswerBody::parse(body)
        .map_err(|m| AppError::Fields(vec![FieldError::new("body", m)]))?;
    let lang = Locale::from_code(lang).unwrap_or_default();
    match super::db::status_of(db, question_id).await? {
        None => return Err(AppError::NotFound),
        Some((super::QuestionStatus::Closed, _)) => {
            return Err(AppError::Invalid(Msg::QuestionClosed));
        }
        Some((_, true)) => return Err(AppError::Invalid(Msg::ThreadLocked)),
        Some(_) => {}
    }
    use crate::accounts::limits::{Writing, check, check_new_post};
    check(db, viewer.id, text.as_str(), Writing::NewPost).await?;
    let html = crate::server::markdown::render(text.as_str());
    let now = crate::server::db::now_ms();
    let mut tx = db.begin_write().await?;
    // Counted again where the answer is inserted: a parallel burst cannot pass it. The account
    // is locked before the question (the one order of every write path).
    check_new_post(&mut tx, viewer.id, now).await?;
    // Decided again inside the transaction: a moderator may have locked or closed the thread
    // since the read above.
    match super::db::status_in_write(&mut tx, db.backend, question_id).await? {
        None => return Err(AppError::NotFound),
        Some((super::QuestionStatus::Closed, _)) => {
            return Err(AppError::Invalid(Msg::QuestionClosed));
        }
        Some((_, true)) => return Err(AppError::Invalid(Msg::ThreadLocked)),
        Some(_) => {}
    }
    let id = super::db::insert_answer(
        &mut tx,
        question_id,
        lang,
        Some(viewer.id),
        text.as_str(),
        &html,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The asker accepts an answer (or moves the acceptance to another one); the question becomes
/// resolved.
#[server(prefix = "/api", endpoint = "accept_answer")]
pub async fn accept_answer(answer_id: i64) -> Result<(), AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::refuse;
    let fail = |e: AppError| refuse("accept", &[], e);
    let viewer = session::request_viewer();
    policy::participate(viewer.as_ref()).map_err(fail)?;
    let db = crate::server::use_db()?;
    let Some((question_id, asked_by)) = super::db::answer_context(&db, answer_id).await? else {
        return Err(fail(AppError::NotFound));
    };
    policy::question_author(viewer.as_ref(), asked_by).map_err(fail)?;
    super::db::accept_answer(&db, question_id, answer_id).await?;
    Ok(())
}

/// Adds a comment under a post; answers the comment's id.
#[server(prefix = "/api", endpoint = "post_comment")]
pub async fn post_comment(
    kind: String,
    post_id: i64,
    body: String,
    lang: String,
) -> Result<i64, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{FieldError, redirect_plain_post, refuse};
    use crate::i18n::Locale;
    // A refusal without JavaScript is shown at the top of the thread (`pages::votes::ThreadFlash`).
    let fail = |e: AppError| refuse("thread", &[], e);
    let viewer = session::request_viewer();
    let viewer = policy::participate(viewer.as_ref()).map_err(fail)?;
    let Some(kind @ (PostKind::Question | PostKind::Answer)) = PostKind::parse(&kind) else {
        return Err(fail(AppError::Invalid(Msg::InvalidRequest)));
    };
    let text = super::CommentBody::parse(&body)
        .map_err(|m| fail(AppError::Fields(vec![FieldError::new("body", m)])))?;
    let lang = Locale::from_code(&lang).unwrap_or_default();
    let db = crate::server::use_db()?;
    let Some(post) = super::db::post_owner(&db, kind, post_id).await? else {
        return Err(fail(AppError::NotFound));
    };
    if post.locked {
        return Err(fail(AppError::Invalid(Msg::ThreadLocked)));
    }
    use crate::accounts::limits::{Writing, check, check_new_post};
    check(&db, viewer.id, text.as_str(), Writing::NewPost)
        .await
        .map_err(fail)?;
    let html = crate::server::markdown::render(text.as_str());
    let now = crate::server::db::now_ms();
    let mut tx = db.begin_write().await?;
    // Counted again where the comment is inserted: a parallel burst cannot pass it. Rows are
    // locked in one order on every write path (account, answer, question), so no two writes
    // wait for each other.
    check_new_post(&mut tx, viewer.id, now)
        .await
        .map_err(fail)?;
    // Decided again inside the transaction: a moderator may have hidden the answer, or locked
    // or hidden the thread, since the read above.
    if kind == PostKind::Answer
        && !super::db::answer_visible_in_write(&mut tx, db.backend, post_id).await?
    {
        return Err(fail(AppError::NotFound));
    }
    match super::db::status_in_write(&mut tx, db.backend, post.question_id).await? {
        None => return Err(fail(AppError::NotFound)),
        Some((_, true)) => return Err(fail(AppError::Invalid(Msg::ThreadLocked))),
        Some(_) => {}
    }
    let new = super::db::comments::NewComment {
        question_id: post.question_id,
        kind,
        post_id,
        lang,
        author_id: viewer.id,
        body_md: text.as_str(),
    };
    let id = super::db::comments::insert(&mut tx, &new, &html, now).await?;
    tx.commit().await?;
    redirect_plain_post(&comment_path(&db, post.question_id, kind, post_id, id).await?);
    Ok(id)
}

/// A page of `COMMENTS_PER_PAGE` comments under a visible question or answer. Public, like the
/// thread.
#[server(prefix = "/api", endpoint = "post_comments")]
pub async fn post_comments(
    kind: String,
    id: i64,
    #[server(default)] page: Option<i64>,
) -> Result<PostCommentsPage, AppError> {
    use super::COMMENTS_PER_PAGE;
    let db = crate::server::use_db()?;
    let not_found = || {
        crate::error::mark_not_found();
        AppError::NotFound
    };
    let Some(kind @ (PostKind::Question | PostKind::Answer)) = PostKind::parse(&kind) else {
        return Err(not_found());
    };
    let Some(post) = super::db::post_owner(&db, kind, id).await? else {
        return Err(not_found());
    };
    let heading = super::db::question_title(&db, post.question_id).await?;
    // A page far beyond the last is cheap for the database (an index range), and empty.
    let page = page.unwrap_or(1).clamp(1, 1_000_000);
    let (comments, more) = super::db::post_comments(
        &db,
        kind,
        id,
        (page - 1) * COMMENTS_PER_PAGE,
        COMMENTS_PER_PAGE,
    )
    .await?;
    let back = match kind {
        PostKind::Answer => super::db::answer_path(&db, post.question_id, id).await?,
        _ => format!("/questions/{}", post.question_id),
    };
    Ok(PostCommentsPage {
        kind,
        post_id: id,
        heading,
        back,
        comments,
        page,
        more,
    })
}

// Asking.

/// What the ask page needs: the choices, the member's draft and, with `preview`, the draft's
/// preview and similar questions. Members only.
#[server(prefix = "/api", endpoint = "load_ask_form")]
pub async fn load_ask_form(preview: bool) -> Result<AskForm, AppError> {
    use crate::accounts::{policy, session};
    let viewer = session::request_viewer();
    let viewer = policy::member(viewer.as_ref())?;
    let db = crate::server::use_db()?;
    let draft = super::db::ask::draft(&db, viewer.id).await?;
    let (preview_html, similar) = match (&draft, preview) {
        (Some(d), true) => {
            let similar = match crate::search::service::use_search() {
                Ok(search) => search
                    .similar(d.title.clone(), d.body.clone(), 5)
                    .await
                    .unwrap_or_default(),
                Err(_) => Vec::new(),
            };
            (Some(crate::server::markdown::render(&d.body)), similar)
        }
        _ => (None, Vec::new()),
    };
    Ok(AskForm {
        sectors: crate::taxonomy::db::sectors(&db).await?,
        topics: crate::taxonomy::db::topics(&db).await?,
        labs: crate::taxonomy::db::partner_labs(&db).await?,
        collectives: super::db::ask::collectives_of(&db, viewer.id).await?,
        draft,
        preview_html,
        similar,
    })
}

/// Posts a question (`intent` = "post") or keeps the draft and shows its preview (`intent` =
/// "preview"). Answers the path to go to: the new thread, or the preview.
#[server(prefix = "/api", endpoint = "ask_question")]
pub async fn ask_question(
    title: String,
    body: String,
    sectors: Option<Vec<String>>,
    topics: Option<Vec<String>>,
    collective: Option<String>,
    lab: Option<String>,
    lang: String,
    intent: Option<String>,
) -> Result<String, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{redirect_plain_post, refuse};
    use crate::i18n::Locale;
    let draft = Draft {
        title,
        body,
        sectors: sectors.unwrap_or_default(),
        topics: topics.unwrap_or_default(),
        collective: collective.unwrap_or_default(),
        lab: lab.unwrap_or_default(),
    };
    // The draft keeps what was typed (checkboxes included); the flash only carries messages.
    let fail = |e: AppError| refuse("ask", &[], e);
    let viewer = session::request_viewer();
    let viewer = policy::participate(viewer.as_ref()).map_err(fail)?;
    let lang = Locale::from_code(&lang).unwrap_or_default();
    let db = crate::server::use_db()?;
    super::db::ask::save_draft(&db, viewer.id, lang, &draft).await?;
    if intent.as_deref() == Some("preview") {
        let path = "/questions/new?preview=1".to_string();
        redirect_plain_post(&path);
        return Ok(path);
    }
    let slugs = |terms: Vec<Term>| terms.into_iter().map(|t| t.slug).collect::<Vec<_>>();
    let known_sectors = slugs(crate::taxonomy::db::sectors(&db).await?);
    let known_topics = slugs(crate::taxonomy::db::topics(&db).await?);
    let known_labs = slugs(crate::taxonomy::db::partner_labs(&db).await?);
    let mine: Vec<String> = super::db::ask::collectives_of(&db, viewer.id)
        .await?
        .into_iter()
        .map(|c| c.slug)
        .collect();
    let input = NewQuestionInput::parse(&draft, &known_sectors, &known_topics, &known_labs, &mine)
        .map_err(|errors| fail(AppError::Fields(errors)))?;
    use crate::accounts::limits::{Writing, check};
    check(&db, viewer.id, input.body.as_str(), Writing::NewPost)
        .await
        .map_err(fail)?;
    let id = super::db::ask::post(&db, viewer.id, lang, &input)
        .await
        .map_err(fail)?;
    let path = format!("/questions/{id}");
    redirect_plain_post(&path);
    Ok(path)
}
