//! Components for questions: the card used in every list, the list page and the thread page.

use super::api::{AcceptAnswer, PostAnswer, get_question_thread, list_questions};
use super::comments::Comments;
use super::follow::{FollowButton, load_thread_viewer_state};
use super::votes::VoteButtons;
use super::{
    AnswerView, AuthorCard, Hidden, PostKind, QuestionFilter, QuestionPage, QuestionSort,
    QuestionStatus, QuestionSummary, ThreadViewerState,
};
use crate::app::page_data;
use crate::editing::EditKind;
use crate::editing::inline::{EditControl, Editing, InlineEdit};
use crate::i18n::{Msg, answers_label, format_date, iso_date, use_i18n};
use crate::moderation::ui::{
    FlagControl, FlaggedNotice, ModerationFlash, PostModeration, ThreadTools,
};
use crate::taxonomy::{Term, TermChips};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StatusBadge(status: QuestionStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("status status--{}", status.as_str())>
            {move || status.label(i18n.get())}
        </span>
    }
}

#[component]
pub fn LabBadge(lab: Term) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/labs/{}", lab.slug);
    let class = format!("lab-badge lab-badge--{}", lab.slug);
    view! {
        <a class=class href=href>
            {move || lab.name(i18n.get()).to_string()}
        </a>
    }
}

#[component]
pub fn QuestionCard(question: QuestionSummary) -> impl IntoView {
    let i18n = use_i18n();
    let QuestionSummary {
        id,
        lang,
        title,
        status,
        answer_count,
        created_at,
        author_name,
        score: _,
        last_activity_at: _,
        collective,
        routed_lab,
        sectors,
        topics,
    } = question;
    let href = format!("/questions/{id}");
    view! {
        <article class="qcard">
            <div class="qcard__counts">
                <StatusBadge status />
                <span class="qcard__answers">{move || answers_label(i18n.get(), answer_count)}</span>
            </div>
            <div class="qcard__main">
                <h3 class="qcard__title" lang=lang.code()>
                    <a href=href>{title}</a>
                </h3>
                <div class="qcard__terms">
                    <TermChips terms=sectors kind="sector" />
                    <TermChips terms=topics kind="topic" />
                </div>
                <p class="qcard__meta">
                    <AuthorName name=author_name />
                    {collective
                        .map(|c| {
                            view! {
                                " · "
                                <a href=format!("/collectives/{}", c.slug)>{c.name}</a>
                            }
                        })}
                    " · "
                    <time datetime=iso_date(created_at)>
                        {move || format_date(created_at, i18n.get())}
                    </time>
                    {routed_lab
                        .map(|lab| {
                            view! {
                                " · "
                                <span class="visually-hidden">{i18n.t(Msg::RoutedTo)}</span>
                                " "
                                <LabBadge lab />
                            }
                        })}
                </p>
            </div>
        </article>
    }
}

/// A person's name, or "former member" for an account that was deleted.
#[component]
pub fn AuthorName(name: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    match name {
        Some(name) => view! { <span class="author">{name}</span> }.into_any(),
        None => view! { <span class="author author--former">{i18n.t(Msg::FormerMember)}</span> }
            .into_any(),
    }
}

#[component]
pub fn QuestionCards(questions: Vec<QuestionSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if questions.is_empty() {
        return view! { <p class="empty">{i18n.t(Msg::LabNoQuestions)}</p> }.into_any();
    }
    view! {
        <div class="qlist">
            {questions
                .into_iter()
                .map(|question| view! { <QuestionCard question /> })
                .collect_view()}
        </div>
    }
    .into_any()
}

/// `/questions?sector&topic&lab&collective&status&unanswered&sort&before`: every question, with
/// filters, four orders and keyset pages; every state is a shareable, server-rendered URL.
#[component]
pub fn QuestionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        QuestionFilter::from_params(|key| q.get(key))
    });
    let page = Resource::new_blocking(
        move || (filter.get(), query.read().get("before")),
        |(filter, before)| list_questions(filter, before),
    );
    let options = Resource::new_blocking(|| (), |_| question_filter_options());
    view! {
        <Title text=i18n.head(Msg::QuestionsTitle) />
        <section class="page">
            <header class="page__header page__header--with-action">
                <div>
                    <h1>{i18n.t(Msg::QuestionsTitle)}</h1>
                    <p class="lead">{i18n.t(Msg::QuestionsIntro)}</p>
                </div>
                <a class="button" href="/questions/new" data-testid="ask">{i18n.t(Msg::AskQuestion)}</a>
            </header>
            <SortTabs filter />
            {page_data(options, move |options| view! { <FilterForm options filter=filter.get_untracked() /> })}
            {page_data(page, move |page| view! { <QuestionPageView page filter=filter.get_untracked() /> })}
        </section>
    }
}

/// The list URL for a filter (and, optionally, a page cursor).
fn list_href(filter: &QuestionFilter, before: Option<String>) -> String {
    let mut params: Vec<String> = filter
        .params()
        .into_iter()
        .map(|(k, v)| format!("{k}={}", url_encode(&v)))
        .collect();
    if let Some(b) = before {
        params.push(format!("before={b}"));
    }
    if params.is_empty() {
        "/questions".to_string()
    } else {
        format!("/questions?{}", params.join("&"))
    }
}

#[component]
fn SortTabs(filter: Memo<QuestionFilter>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="tabs" aria-label=move || i18n.t(Msg::SortBy)()>
            {QuestionSort::ALL
                .into_iter()
                .map(|sort| {
                    let href = move || {
                        let mut f = filter.get();
                        f.sort = sort;
                        list_href(&f, None)
                    };
                    let current = move || filter.get().sort == sort;
                    view! {
                        <a
                            class="tabs__tab"
                            class:tabs__tab--current=current
                            aria-current=move || current().then_some("page")
                            href=href
                        >
                            {i18n.t(sort.label())}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// The choices of the list's filters.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FilterOptions {
    pub sectors: Vec<Term>,
    pub topics: Vec<Term>,
    pub labs: Vec<Term>,
}

#[server(prefix = "/api", endpoint = "question_filter_options")]
pub async fn question_filter_options() -> Result<FilterOptions, crate::error::AppError> {
    let db = crate::server::use_db()?;
    Ok(FilterOptions {
        sectors: crate::taxonomy::db::sectors(&db).await?,
        topics: crate::taxonomy::db::topics(&db).await?,
        labs: crate::taxonomy::db::partner_labs(&db).await?,
    })
}

/// A GET form: without JavaScript "Apply" loads the filtered list; with it, the router navigates
/// in place.
#[component]
fn FilterForm(options: FilterOptions, filter: QuestionFilter) -> impl IntoView {
    let i18n = use_i18n();
    let select = move |name: &'static str, label: Msg, terms: Vec<Term>, chosen: Option<String>| {
        let id = format!("filter-{name}");
        view! {
            <div class="filter">
                <label for=id.clone()>{i18n.t(label)}</label>
                <select id=id name=name>
                    <option value="">{i18n.t(Msg::AnyChoice)}</option>
                    {terms
                        .into_iter()
                        .map(|t| {
                            let selected = chosen.as_deref() == Some(t.slug.as_str());
                            let value = t.slug.clone();
                            view! {
                                <option value=value selected=selected>
                                    {move || t.name(i18n.get()).to_string()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    let statuses = [
        QuestionStatus::Open,
        QuestionStatus::Answered,
        QuestionStatus::Resolved,
        QuestionStatus::Closed,
    ];
    view! {
        <leptos_router::components::Form method="GET" action="/questions" attr:class="filters">
            {select("sector", Msg::FilterSector, options.sectors, filter.sector.clone())}
            {select("topic", Msg::FilterTopic, options.topics, filter.topic.clone())}
            {select("lab", Msg::FilterLab, options.labs, filter.lab.clone())}
            <div class="filter">
                <label for="filter-status">{i18n.t(Msg::FilterStatus)}</label>
                <select id="filter-status" name="status">
                    <option value="">{i18n.t(Msg::AnyChoice)}</option>
                    {statuses
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.as_str() selected=filter.status == Some(s)>
                                    {move || s.label(i18n.get())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <label class="choice filter">
                <input type="checkbox" name="unanswered" value="1" checked=filter.unanswered />
                <span>{i18n.t(Msg::FilterUnanswered)}</span>
            </label>
            {filter.collective.clone().map(|c| view! { <input type="hidden" name="collective" value=c /> })}
            {(filter.sort != QuestionSort::Newest)
                .then(|| view! { <input type="hidden" name="sort" value=filter.sort.as_str() /> })}
            <button type="submit" class="button button--small" data-testid="apply-filters">
                {i18n.t(Msg::ApplyFilters)}
            </button>
        </leptos_router::components::Form>
    }
}

#[component]
fn QuestionPageView(page: QuestionPage, filter: QuestionFilter) -> impl IntoView {
    let i18n = use_i18n();
    let older = page
        .next
        .map(|cursor| list_href(&filter, Some(cursor.to_param())));
    view! {
        <QuestionCards questions=page.items />
        <nav class="pager" aria-label=i18n.t(Msg::Pagination)>
            {older
                .map(|href| {
                    view! {
                        <a class="button button--secondary" href=href rel="next" data-testid="next-page">
                            {i18n.t(Msg::NextPage)}
                            " →"
                        </a>
                    }
                })}
        </nav>
    }
}

/// Percent-encodes a query value (slugs are already safe; this keeps any other value intact).
pub fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A thread and how it looks to the reader.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ThreadPageData {
    pub thread: super::QuestionThread,
    pub reader: ThreadViewerState,
}

async fn load_thread_page(
    id: i64,
    request: super::ThreadPageRequest,
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
            let request = super::ThreadPageRequest {
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
        {crate::app::page_data_in_place(page, |page| view! { <ThreadView thread=page.thread reader=page.reader /> })}
    }
}

/// What the reader may do with a post (the server checks again).
#[derive(Clone, Copy)]
pub struct PostRights {
    pub vote: bool,
    pub edit: bool,
    pub flag: bool,
    pub moderate: bool,
}

pub fn rights(author: Option<i64>) -> PostRights {
    use crate::accounts::policy;
    let viewer = crate::accounts::use_viewer();
    let viewer = viewer.as_ref();
    PostRights {
        vote: policy::vote(viewer, author).is_ok(),
        edit: policy::edit_post(viewer, author).is_ok(),
        flag: policy::flag(viewer, author).is_ok(),
        moderate: policy::moderate(viewer).is_ok(),
    }
}

/// Reloads the thread in place (after an edit, a comment, a moderator's action).
pub fn thread_reloader() -> Callback<()> {
    let version = use_context::<ThreadVersion>();
    Callback::new(move |()| {
        if let Some(ThreadVersion(version)) = version {
            version.update(|v| *v += 1);
        }
    })
}

/// Under a post: "Edit" (inline), "Edited" (the history), "Flag", and the moderator's box.
#[component]
pub fn PostTools(
    kind: PostKind,
    id: i64,
    version: i64,
    rights: PostRights,
    editing: Editing,
    hidden: Option<Hidden>,
) -> impl IntoView {
    let i18n = use_i18n();
    let edit_kind = EditKind::Post(kind);
    view! {
        <span class="post-tools">
            {(rights.edit && hidden.is_none())
                .then(|| view! { <EditControl kind=edit_kind id editing /> })}
            {(version > 1)
                .then(|| {
                    view! {
                        " "
                        <a href=edit_kind.history_path(id) data-testid="history">
                            {i18n.t(Msg::Edited)}
                        </a>
                    }
                })}
            {(rights.flag && hidden.is_none())
                .then(|| view! { " " <FlagControl kind post_id=id /> })}
            {rights.moderate.then(|| view! { " " <PostModeration kind post_id=id hidden /> })}
        </span>
    }
}

/// A moderator's marker on a post others no longer see.
#[component]
pub fn HiddenMarker(hidden: Option<Hidden>) -> impl IntoView {
    let i18n = use_i18n();
    hidden.map(|h| {
        view! { <p class="badge badge--hidden" data-testid="hidden-marker">{i18n.t(h.label())}</p> }
    })
}

#[component]
fn ThreadView(thread: super::QuestionThread, reader: ThreadViewerState) -> impl IntoView {
    let i18n = use_i18n();
    let q = thread.summary;
    let count = thread.answer_total.max(thread.answers.len() as i64);
    let (page, pages) = (thread.page.max(1), thread.pages.max(1));
    let signed_in = crate::accounts::use_viewer().is_some();
    if signed_in {
        crate::notifications::set_unread_count(reader.unread_notifications);
    }
    // The asker may accept an answer (the server checks again).
    let can_accept =
        crate::accounts::use_viewer().is_some_and(|v| thread.author.user_id == Some(v.id));
    let question_rights = rights(thread.author.user_id);
    let created_at = q.created_at;
    let title = q.title.clone();
    let reader_votes = reader.clone();
    let accepting = RwSignal::new(None::<i64>);
    provide_context(Accepting(accepting));
    if let Some(target) = thread.duplicate_of {
        // Closed as a duplicate: the old URL leads to the thread that holds its answers now.
        return view! { <leptos_router::components::Redirect path=format!("/questions/{target}") /> }
            .into_any();
    }
    let editing = Editing::new();
    let reload = thread_reloader();
    let body_html = thread.body_html.clone();
    let locked = thread.locked;
    let open_for_answers = q.status != QuestionStatus::Closed && !locked;
    view! {
        <Title text=title.clone() />
        <crate::questions::votes::ThreadFlash />
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
                    <InlineEdit kind=EditKind::Post(PostKind::Question) id=q.id editing on_saved=reload>
                        <div class="prose" lang=q.lang.code() inner_html=body_html.clone()></div>
                    </InlineEdit>
                    <footer class="post__footer">
                        <PostTools
                            kind=PostKind::Question
                            id=q.id
                            version=thread.version
                            rights=question_rights
                            editing
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
            {open_for_answers.then(|| view! { <AnswerForm question_id=q.id single_page=pages == 1 && count < super::ANSWERS_PER_PAGE /> })}
        </article>
    }
    .into_any()
}

#[component]
fn Answer(answer: AnswerView, can_accept: bool, mine: i64, open: bool) -> impl IntoView {
    let i18n = use_i18n();
    let answer_rights = rights(answer.author.user_id);
    let editing = Editing::new();
    let reload = thread_reloader();
    let body_html = answer.body_html.clone();
    let hidden = answer.hidden;
    // Accepting shows at once (optimistic); a refusal puts the thread back as it was, a
    // confirmation reloads it (the accepted answer moves to the top).
    let accepting = use_context::<Accepting>().map(|a| a.0);
    let answer_id = answer.id;
    let was_accepted = answer.is_accepted;
    let accepted = move || {
        accepting
            .and_then(|a| a.get())
            .map_or(was_accepted, |id| id == answer_id)
    };
    let accept = (can_accept && !answer.is_accepted).then(|| {
        let action = ServerAction::<AcceptAnswer>::new();
        let version = use_context::<ThreadVersion>();
        Effect::new(move |_| {
            if action.input().get().is_some()
                && let Some(accepting) = accepting
            {
                accepting.set(Some(answer_id));
            }
        });
        Effect::new(move |_| match action.value().get() {
            Some(Ok(())) => {
                if let Some(ThreadVersion(version)) = version {
                    version.update(|v| *v += 1);
                }
            }
            Some(Err(_)) => {
                if let Some(accepting) = accepting {
                    accepting.set(None);
                }
            }
            None => {}
        });
        let form = crate::forms::FormState::new("accept", action.value());
        view! {
            <ActionForm action attr:class="answer__accept" attr:data-form="accept" attr:hidden=accepted>
                <input type="hidden" name="answer_id" value=answer.id />
                <crate::forms::FormError form />
                <button type="submit" class="button button--small button--secondary" data-testid="accept-answer">
                    "✓ "
                    {i18n.t(Msg::AcceptThisAnswer)}
                </button>
            </ActionForm>
        }
    });
    let created_at = answer.created_at;
    let class = move || match (accepted(), hidden.is_some()) {
        (_, true) => "answer answer--hidden",
        (true, false) => "answer answer--accepted",
        (false, false) => "answer",
    };
    view! {
        <article class=class id=format!("answer-{}", answer.id)>
            <HiddenMarker hidden />
            <div class="answer__badges">
                {move || {
                    accepted()
                        .then(|| {
                            view! {
                                <span class="badge badge--accepted">
                                    "✓ "
                                    {i18n.t(Msg::AcceptedAnswer)}
                                </span>
                            }
                        })
                }}
                {answer
                    .expert_lab
                    .map(|lab| {
                        let lab_name = lab.clone();
                        view! {
                            <span class=format!("badge badge--expert lab-badge--{}", lab.slug)>
                                {i18n.t(Msg::ExpertAnswer)}
                                " · "
                                {move || lab_name.name(i18n.get()).to_string()}
                            </span>
                        }
                    })}
            </div>
            <div class="post">
                <VoteButtons
                    kind=PostKind::Answer
                    post_id=answer.id
                    score=answer.score
                    mine
                    enabled=answer_rights.vote
                />
                <div class="post__main">
                    <InlineEdit kind=EditKind::Post(PostKind::Answer) id=answer.id editing on_saved=reload>
                        <div class="prose" lang=answer.lang.code() inner_html=body_html.clone()></div>
                    </InlineEdit>
                    <footer class="answer__footer">
                        {accept}
                        <PostTools
                            kind=PostKind::Answer
                            id=answer.id
                            version=answer.version
                            rights=answer_rights
                            editing
                            hidden
                        />
                        <AuthorCardView author=answer.author />
                        <time datetime=iso_date(created_at)>
                            {move || format_date(created_at, i18n.get())}
                        </time>
                    </footer>
                    <Comments
                        kind=PostKind::Answer
                        post_id=answer.id
                        comments=answer.comments
                        more=answer.more_comments
                        open
                    />
                </div>
            </div>
        </article>
    }
}

/// The pages of a long thread's answers (plain links: they work without JavaScript). Nothing on
/// a thread of one page.
#[component]
fn AnswerPager(question_id: i64, page: i64, pages: i64) -> impl IntoView {
    let i18n = use_i18n();
    (pages > 1).then(|| {
        // The first, the last and the pages around this one; gaps as "…".
        let shown: Vec<i64> = (1..=pages)
            .filter(|p| *p == 1 || *p == pages || (*p - page).abs() <= 2)
            .collect();
        let mut items = Vec::new();
        let mut last = 0;
        for p in shown {
            if p > last + 1 {
                items.push(view! { <span class="pager__gap">"…"</span> }.into_any());
            }
            last = p;
            let href = super::thread_page_path(question_id, p);
            items.push(if p == page {
                view! { <span class="pager__current" aria-current="page">{p}</span> }.into_any()
            } else {
                view! {
                    <a class="pager__page" href=href data-testid=format!("answers-page-{p}")>
                        <span class="visually-hidden">{i18n.t(Msg::PageNumber)} " "</span>
                        {p}
                    </a>
                }
                .into_any()
            });
        }
        let previous = (page > 1).then(|| super::thread_page_path(question_id, page - 1));
        let next = (page < pages).then(|| super::thread_page_path(question_id, page + 1));
        view! {
            <nav class="pager pager--answers" aria-label=move || i18n.t(Msg::AnswerPages)()>
                {previous
                    .map(|href| {
                        view! {
                            <a class="button button--secondary" href=href rel="prev" data-testid="answers-previous">
                                "← "
                                {i18n.t(Msg::PreviousPage)}
                            </a>
                        }
                    })}
                " "
                {items}
                " "
                {next
                    .map(|href| {
                        view! {
                            <a class="button button--secondary" href=href rel="next" data-testid="answers-next">
                                {i18n.t(Msg::FollowingPage)}
                                " →"
                            </a>
                        }
                    })}
            </nav>
        }
    })
}

#[component]
fn AuthorCardView(author: AuthorCard) -> impl IntoView {
    let i18n = use_i18n();
    let initial = author
        .name
        .as_deref()
        .and_then(|n| n.chars().next())
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_else(|| "?".into());
    view! {
        <div class="author-card">
            <span class="avatar" aria-hidden="true">{initial}</span>
            <div>
                {match author.user_id {
                    Some(id) => view! {
                        <a class="author-card__name" href=format!("/users/{id}")>
                            <AuthorName name=author.name />
                        </a>
                    }
                        .into_any(),
                    None => view! { <AuthorName name=author.name /> }.into_any(),
                }}
                <div class="author-card__affiliation">
                    {author
                        .collective
                        .map(|c| {
                            view! { <a href=format!("/collectives/{}", c.slug)>{c.name}</a> }
                        })}
                    {author
                        .sector
                        .map(|s| {
                            view! {
                                " · "
                                <span>{move || s.name(i18n.get()).to_string()}</span>
                            }
                        })}
                    {author.organisation.map(|o| view! { <span>{o}</span> })}
                </div>
            </div>
        </div>
    }
}

/// The answer being accepted, shown as accepted before the server confirms.
#[derive(Clone, Copy)]
struct Accepting(RwSignal<Option<i64>>);

/// Bumped by the thread's forms after a change: the thread is loaded again, in place.
#[derive(Clone, Copy)]
pub struct ThreadVersion(pub RwSignal<u32>);

/// "Your answer" under a thread: for members a markdown form (a plain form post without
/// JavaScript), for visitors a way to sign in first.
#[component]
fn AnswerForm(question_id: i64, single_page: bool) -> impl IntoView {
    let i18n = use_i18n();
    if crate::accounts::use_viewer().is_none() {
        let next = format!("/signin?next=/questions/{question_id}");
        return view! {
            <p class="answer-form__signin">
                <a class="button button--secondary" href=next>
                    {i18n.t(Msg::SignInToAnswer)}
                </a>
            </p>
        }
        .into_any();
    }
    let action = ServerAction::<PostAnswer>::new();
    let form = crate::forms::FormState::new("answer", action.value());
    let version = use_context::<ThreadVersion>();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            if !single_page {
                // A long thread: the new answer may be on another page than this one.
                crate::accounts::ui::go_to(&super::answer_link(question_id, id));
                return;
            }
            if let Some(ThreadVersion(version)) = version {
                version.update(|v| *v += 1);
            }
            #[cfg(feature = "hydrate")]
            let _ = window().location().set_hash(&format!("answer-{id}"));
            #[cfg(not(feature = "hydrate"))]
            let _ = id;
        }
    });
    view! {
        <section class="answer-form" aria-labelledby="answer-form-heading">
            <h2 id="answer-form-heading">{i18n.t(Msg::YourAnswer)}</h2>
            <ActionForm
                action
                attr:class="form"
                attr:data-form="answer"
                attr:data-flash=form.flash_json()
            >
                <input type="hidden" name="question_id" value=question_id />
                <input type="hidden" name="lang" value=move || i18n.get().code() />
                <crate::forms::FormError form />
                <crate::forms::Field
                    form
                    name="body"
                    label=Msg::YourAnswer
                    hint=Msg::AnswerHint
                    multiline=true
                    required=true
                    maxlength=20000
                />
                <button type="submit" class="button" data-testid="post-answer">
                    {i18n.t(Msg::PostAnswer)}
                </button>
            </ActionForm>
        </section>
    }
    .into_any()
}
