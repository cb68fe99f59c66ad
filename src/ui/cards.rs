//! The small parts many pages show: a question's card and list, status and lab badges, an
//! author's name (or "former member").

use crate::content::{QuestionStatus, QuestionSummary};
use crate::i18n::{Msg, answers_label, format_date, iso_date, use_i18n};
use crate::taxonomy::{Term, TermChips};
use leptos::prelude::*;

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
