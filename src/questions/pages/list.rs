//! `/questions`: every question, with filters, four orders and keyset pages (the sort tabs, the
//! filter form and the "next page" link).

use crate::i18n::{Msg, use_i18n};
use crate::questions::api::{list_questions, question_filter_options};
use crate::questions::{FilterOptions, QuestionFilter, QuestionPage, QuestionSort, QuestionStatus};
use crate::taxonomy::Term;
use crate::ui::PageHead;
use crate::ui::{QuestionCards, part_data, url_encode};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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
        <PageHead title=i18n.head(Msg::QuestionsTitle) description=i18n.head(Msg::QuestionsIntro) />
        <section class="page">
            <header class="page__header page__header--with-action">
                <div>
                    <h1>{i18n.t(Msg::QuestionsTitle)}</h1>
                    <p class="lead">{i18n.t(Msg::QuestionsIntro)}</p>
                </div>
                <a class="button" href="/questions/new" data-testid="ask">{i18n.t(Msg::AskQuestion)}</a>
            </header>
            <SortTabs filter />
            {part_data(options, move |options| view! { <FilterForm options filter=filter.get_untracked() /> })}
            {part_data(page, move |page| view! { <QuestionPageView page filter=filter.get_untracked() /> })}
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
