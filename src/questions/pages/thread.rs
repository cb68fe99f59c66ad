//! `/questions/:id`: a thread (the question, a page of its answers, who wrote them) as the reader
//! sees it, with the "Follow" button.

use super::answers::{Accepting, Answer, AnswerForm, AnswerPager};
use super::comments::Comments;
use super::posts::{AuthorCardView, HiddenMarker, PostTools, rights};
use super::votes::{ThreadFlash, VoteButtons};
use crate::editing::parts::InlineEdit;
use crate::i18n::{Msg, answers_label, format_date, iso_date, use_i18n};
use crate::moderation::parts::{FlaggedNotice, ModerationFlash, ThreadTools};
use crate::questions::api::{FollowQuestion, get_question_thread, load_thread_viewer_state};
use crate::questions::{
    ANSWERS_PER_PAGE, PostKind, QuestionStatus, QuestionThread, ThreadPageRequest,
    ThreadViewerState,
};
use crate::revisions::EditKind;
use crate::taxonomy::TermChips;
use crate::ui::{LabBadge, PageHead, Share, StatusBadge, ThreadVersion};
use leptos::prelude::*;

/// A thread and how it looks to the reader.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct ThreadPageData {
    thread: QuestionThread,
    reader: ThreadViewerState,
}

async fn load_thread_page(
    id: i64,
    request: ThreadPageRequest,
) -> Result<ThreadPageData, crate::error::AppError> {
    let thread = get_question_thread(id, request.page, request.answer).await?;
    let reader = if crate::accounts::use_viewer().is_some() {
        load_thread_viewer_state(id).await?
    } else {
        ThreadViewerState::default()
    };
    Ok(ThreadPageData { thread, reader })
}

/// `/questions/:id`: the question, its answers (accepted first) and who wrote them; a page of
/// answers at a time (`?page=N`, or `?answer=ID` for the page holding that answer).
#[component]
pub fn QuestionThreadPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    provide_context(ThreadVersion(version));
    let params = leptos_router::hooks::use_params_map();
    let query = leptos_router::hooks::use_query_map();
    let page = Resource::new_blocking(
        move || {
            let id = params
                .read()
                .get("id")
                .and_then(|id| id.parse::<i64>().ok());
            let query = query.read();
            let number = |name: &str| query.get(name).and_then(|v| v.parse::<i64>().ok());
            let request = ThreadPageRequest {
                page: number("page"),
                answer: number("answer"),
            };
            (id, request, version.get())
        },
        |(id, request, _)| async move {
            match id {
                Some(id) => load_thread_page(id, request).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        {crate::ui::page_data_in_place(page, |page| view! { <ThreadView thread=page.thread reader=page.reader /> })}
    }
}

#[component]
fn ThreadView(thread: QuestionThread, reader: ThreadViewerState) -> impl IntoView {
    let i18n = use_i18n();
    let q = thread.summary;
    let count = thread.answer_total.max(thread.answers.len() as i64);
    let (page, pages) = (thread.page.max(1), thread.pages.max(1));
    let signed_in = crate::accounts::use_viewer().is_some();
    if signed_in {
        crate::ui::live::set_unread_count(reader.unread_notifications);
    }
    // The asker may accept an answer (the server checks again).
    let can_accept =
        crate::accounts::use_viewer().is_some_and(|v| thread.author.user_id == Some(v.id));
    let question_rights = rights(thread.author.user_id);
    let created_at = q.created_at;
    let title = q.title.clone();
    // The start of the question as plain text (made on the server); a body of markup alone
    // leaves the title.
    let head_description = if thread.excerpt.trim().is_empty() {
        title.clone()
    } else {
        thread.excerpt.clone()
    };
    let reader_votes = reader.clone();
    let accepting = RwSignal::new(None::<i64>);
    provide_context(Accepting(accepting));
    if let Some(target) = thread.duplicate_of {
        // Closed as a duplicate: the old URL leads to the thread that holds its answers now.
        return view! { <leptos_router::components::Redirect path=format!("/questions/{target}") /> }
            .into_any();
    }
    let body_html = thread.body_html.clone();
    let locked = thread.locked;
    let open_for_answers = q.status != QuestionStatus::Closed && !locked;
    view! {
        <PageHead title=title.clone() description=head_description share=Share::Article />
        <ThreadFlash />
        <ModerationFlash />
        <FlaggedNotice />
        <article class="thread" class:thread--hidden=thread.hidden.is_some()>
            <HiddenMarker hidden=thread.hidden />
            {locked
                .then(|| {
                    view! {
                        <p class="notice notice--locked" data-testid="thread-locked">
                            "🔒 "
                            {i18n.t(Msg::ThreadLockedNotice)}
                        </p>
                    }
                })}
            {question_rights
                .moderate
                .then(|| {
                    view! { <ThreadTools question_id=q.id locked pinned_in=thread.pinned_in.clone() /> }
                })}
            <header class="thread__header">
                <p class="thread__status">
                    {move || {
                        let status = if accepting.get().is_some() && q.status != QuestionStatus::Closed {
                            QuestionStatus::Resolved
                        } else {
                            q.status
                        };
                        view! { <StatusBadge status /> }
                    }}
                    {q.routed_lab
                        .map(|lab| {
                            view! {
                                <span class="thread__routed">
                                    {i18n.t(Msg::RoutedTo)}
                                    " "
                                    <LabBadge lab />
                                </span>
                            }
                        })}
                </p>
                <h1 lang=q.lang.code()>{title}</h1>
                <p class="thread__meta">
                    {i18n.t(Msg::Asked)}
                    " "
                    <time datetime=iso_date(created_at)>
                        {move || format_date(created_at, i18n.get())}
                    </time>
                </p>
                <div class="thread__terms">
                    <TermChips terms=q.sectors kind="sector" />
                    <TermChips terms=q.topics kind="topic" />
                </div>
            </header>
            <div class="post post--question">
                <VoteButtons
                    kind=PostKind::Question
                    post_id=q.id
                    score=q.score
                    mine=reader.vote_on(PostKind::Question, q.id)
                    enabled=question_rights.vote
                />
                <div class="post__main">
                    <InlineEdit kind=EditKind::Post(PostKind::Question) id=q.id >
                        <div class="prose" lang=q.lang.code() inner_html=body_html.clone()></div>
                    </InlineEdit>
                    <footer class="post__footer">
                        <PostTools
                            kind=PostKind::Question
                            id=q.id
                            version=thread.version
                            rights=question_rights
                            hidden=thread.hidden
                        />
                        {signed_in.then(|| view! { <FollowButton question_id=q.id following=reader.following /> })}
                        <AuthorCardView author=thread.author />
                    </footer>
                    <Comments
                        kind=PostKind::Question
                        post_id=q.id
                        comments=thread.comments
                        more=thread.more_comments
                        open=open_for_answers
                    />
                </div>
            </div>
            <section class="answers" aria-labelledby="answers-heading">
                <h2 id="answers-heading">{move || answers_label(i18n.get(), count)}</h2>
                {if thread.answers.is_empty() {
                    view! { <p class="empty">{i18n.t(Msg::NoAnswersYet)}</p> }.into_any()
                } else {
                    thread
                        .answers
                        .into_iter()
                        .map(|answer| {
                            let mine = reader_votes.vote_on(PostKind::Answer, answer.id);
                            view! { <Answer answer can_accept mine open=open_for_answers /> }
                        })
                        .collect_view()
                        .into_any()
                }}
                <AnswerPager question_id=q.id page pages />
            </section>
            {open_for_answers.then(|| view! { <AnswerForm question_id=q.id single_page=pages == 1 && count < ANSWERS_PER_PAGE /> })}
        </article>
    }
    .into_any()
}

/// "Follow" / "Following" for members: a plain form post without JavaScript.
#[island]
fn FollowButton(question_id: i64, following: bool) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(following);
    let action = ServerAction::<FollowQuestion>::new();
    Effect::new(move |_| {
        if let Some(Ok(now)) = action.value().get() {
            state.set(now);
        }
    });
    view! {
        <ActionForm action attr:class="follow">
            <input type="hidden" name="question_id" value=question_id />
            <input type="hidden" name="follow" value=move || (!state.get()).to_string() />
            <button
                type="submit"
                class="button button--small button--secondary"
                aria-pressed=move || state.get().to_string()
                data-testid="follow"
            >
                {move || {
                    if state.get() {
                        i18n.t(Msg::Following)()
                    } else {
                        i18n.t(Msg::Follow)()
                    }
                }}
            </button>
        </ActionForm>
    }
}
