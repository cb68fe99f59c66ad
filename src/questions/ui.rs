//! Components for questions: the card used in every list, the list page and the thread page.

use super::api::{AcceptAnswer, PostAnswer, get_question_thread, list_questions};
use super::{
    AnswerView, AuthorCard, QuestionFilter, QuestionPage, QuestionStatus, QuestionSummary,
};
use crate::app::page_data;
use crate::i18n::{Msg, answers_label, format_date, iso_date, use_i18n};
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

/// `/questions?lab=…&collective=…&before=…`: every question, newest first, with keyset pages.
#[component]
pub fn QuestionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = Resource::new_blocking(
        move || {
            let q = query.read();
            (
                QuestionFilter {
                    lab: q.get("lab").filter(|s| !s.is_empty()),
                    collective: q.get("collective").filter(|s| !s.is_empty()),
                },
                q.get("before"),
            )
        },
        |(filter, before)| list_questions(filter, before),
    );
    view! {
        <Title text=i18n.head(Msg::QuestionsTitle) />
        <section class="page">
            <header class="page__header">
                <h1>{i18n.t(Msg::QuestionsTitle)}</h1>
                <p class="lead">{i18n.t(Msg::QuestionsIntro)}</p>
            </header>
            {page_data(page, |page| view! { <QuestionPageView page /> })}
        </section>
    }
}

#[component]
fn QuestionPageView(page: QuestionPage) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let older = page.next.map(|cursor| {
        let q = query.read_untracked();
        let mut params = vec![];
        for key in ["lab", "collective"] {
            if let Some(v) = q.get(key).filter(|v| !v.is_empty()) {
                params.push(format!("{key}={}", url_encode(&v)));
            }
        }
        params.push(format!("before={}", cursor.to_param()));
        format!("/questions?{}", params.join("&"))
    });
    view! {
        <QuestionCards questions=page.items />
        <nav class="pager" aria-label=i18n.t(Msg::Pagination)>
            {older
                .map(|href| {
                    view! {
                        <a class="button button--secondary" href=href rel="next">
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

/// `/questions/:id`: the question, its answers (accepted first) and who wrote them.
#[component]
pub fn QuestionThreadPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    provide_context(ThreadVersion(version));
    let thread = crate::app::resource_by_id(get_question_thread, version.into());
    view! {
        {page_data(thread, |thread| view! { <ThreadView thread /> })}
    }
}

#[component]
fn ThreadView(thread: super::QuestionThread) -> impl IntoView {
    let i18n = use_i18n();
    let q = thread.summary;
    let count = thread.answers.len() as i64;
    // The asker may accept an answer (the server checks again).
    let can_accept =
        crate::accounts::use_viewer().is_some_and(|v| thread.author.user_id == Some(v.id));
    let created_at = q.created_at;
    let title = q.title.clone();
    view! {
        <Title text=title.clone() />
        <article class="thread">
            <header class="thread__header">
                <p class="thread__status">
                    <StatusBadge status=q.status />
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
            <div class="post">
                <div class="prose" lang=q.lang.code() inner_html=thread.body_html></div>
                <AuthorCardView author=thread.author />
            </div>
            <section class="answers" aria-labelledby="answers-heading">
                <h2 id="answers-heading">{move || answers_label(i18n.get(), count)}</h2>
                {if thread.answers.is_empty() {
                    view! { <p class="empty">{i18n.t(Msg::NoAnswersYet)}</p> }.into_any()
                } else {
                    thread
                        .answers
                        .into_iter()
                        .map(|answer| view! { <Answer answer can_accept /> })
                        .collect_view()
                        .into_any()
                }}
            </section>
            {(q.status != QuestionStatus::Closed).then(|| view! { <AnswerForm question_id=q.id /> })}
        </article>
    }
}

#[component]
fn Answer(answer: AnswerView, can_accept: bool) -> impl IntoView {
    let i18n = use_i18n();
    let accept = (can_accept && !answer.is_accepted).then(|| {
        let action = ServerAction::<AcceptAnswer>::new();
        let version = use_context::<ThreadVersion>();
        Effect::new(move |_| {
            if let (Some(Ok(())), Some(ThreadVersion(version))) = (action.value().get(), version) {
                version.update(|v| *v += 1);
            }
        });
        let form = crate::forms::FormState::new("accept", action.value());
        view! {
            <ActionForm action attr:class="answer__accept" attr:data-form="accept">
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
    let class = if answer.is_accepted {
        "answer answer--accepted"
    } else {
        "answer"
    };
    view! {
        <article class=class id=format!("answer-{}", answer.id)>
            <div class="answer__badges">
                {answer
                    .is_accepted
                    .then(|| {
                        view! {
                            <span class="badge badge--accepted">
                                "✓ "
                                {i18n.t(Msg::AcceptedAnswer)}
                            </span>
                        }
                    })}
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
            <div class="prose" lang=answer.lang.code() inner_html=answer.body_html></div>
            <footer class="answer__footer">
                {accept}
                <AuthorCardView author=answer.author />
                <time datetime=iso_date(created_at)>
                    {move || format_date(created_at, i18n.get())}
                </time>
            </footer>
        </article>
    }
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

/// Bumped by the thread's forms after a change: the thread is loaded again, in place.
#[derive(Clone, Copy)]
struct ThreadVersion(RwSignal<u32>);

/// "Your answer" under a thread: for members a markdown form (a plain form post without
/// JavaScript), for visitors a way to sign in first.
#[component]
fn AnswerForm(question_id: i64) -> impl IntoView {
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
