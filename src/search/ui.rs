//! The search page and the search box in the header.
//!
//! Without JavaScript both are plain GET forms and `/search?…` renders whole on the server. With
//! JavaScript, typing in the header box navigates (debounced, replacing the history entry) to the
//! search URL, so the results update without a reload and the URL stays shareable; the results
//! are a resource keyed on the URL, and a resource drops responses to superseded requests, so a
//! slow old answer never overwrites a newer one.

use super::{DocKind, FacetCount, SearchHit, SearchParams, SearchResults, search};
use crate::app::{ErrorPage, FilterButtons, PageLoading};
use crate::i18n::{Locale, Msg, use_i18n};
use crate::questions::QuestionStatus;
use crate::questions::ui::{LabBadge, StatusBadge};
use crate::taxonomy::{Term, TermChips};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use std::time::Duration;

/// How long typing must pause before the results follow.
const DEBOUNCE: Duration = Duration::from_millis(180);

fn current_params() -> Memo<SearchParams> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        SearchParams::from_query(|k| q.get(k))
    })
}

/// Goes to a search URL: replacing the entry while already on the search page (typing, filter
/// changes), adding one when coming from elsewhere.
fn go_to_search() -> impl Fn(SearchParams) + Clone + 'static {
    let navigate = use_navigate();
    let location = use_location();
    move |params: SearchParams| {
        let on_search = location.pathname.get_untracked() == "/search";
        navigate(
            &params.url(),
            NavigateOptions {
                replace: on_search,
                scroll: !on_search,
                ..NavigateOptions::default()
            },
        );
    }
}

#[component]
pub fn HeaderSearch() -> impl IntoView {
    let i18n = use_i18n();
    let params = current_params();
    let location = use_location();
    let go = go_to_search();
    let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    // What the box shows when a page is rendered: the current search on the search page.
    let initial = move || {
        if location.pathname.get() == "/search" {
            params.get().q
        } else {
            String::new()
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        let go = go.clone();
        let handle = set_timeout_with_handle(
            move || {
                let on_search = location.pathname.get_untracked() == "/search";
                let base = if on_search {
                    params.get_untracked()
                } else {
                    SearchParams::default()
                };
                go(base.with(|p| p.q = text));
            },
            DEBOUNCE,
        )
        .ok();
        timer.set_value(handle);
    };
    view! {
        <form class="header-search" role="search" method="get" action="/search">
            <label class="visually-hidden" for="header-search-q">
                {i18n.t(Msg::SearchLabel)}
            </label>
            <input
                id="header-search-q"
                class="header-search__input"
                type="search"
                name="q"
                maxlength="500"
                autocomplete="off"
                placeholder=i18n.t(Msg::SearchPlaceholder)
                value=initial
                on:input=on_input
                data-testid="header-search"
            />
            <button type="submit" class="header-search__button">
                {i18n.t(Msg::SearchButton)}
            </button>
        </form>
    }
}

/// `/search?q=…&type=…&sector=…&lab=…&topic=…&status=…&page=…`
#[component]
pub fn SearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = current_params();
    let results = Resource::new_blocking(move || params.get(), search);
    let page_title = |q: &str, l: Locale| {
        let label = Msg::SearchTitle.text(l);
        if q.trim().is_empty() {
            label.to_string()
        } else {
            format!("{} · {label}", q.trim())
        }
    };
    // See `I18n::head_text`: fixed on the server, following the query in the browser.
    #[cfg(feature = "ssr")]
    let title = {
        let fixed = page_title(&params.get_untracked().q, i18n.locale.get_untracked());
        move || fixed.clone()
    };
    #[cfg(not(feature = "ssr"))]
    let title = move || page_title(&params.get().q, i18n.get());
    view! {
        <Title text=title />
        <section class="page search-page">
            <header class="page__header">
                <h1>{i18n.t(Msg::SearchTitle)}</h1>
            </header>
            <Transition fallback=PageLoading>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(results) => view! { <SearchResultsView results /> }.into_any(),
                        Err(error) => view! { <ErrorPage error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn count_label(n: u64, l: Locale) -> String {
    match (l, n) {
        (Locale::Nl, 1) => "1 resultaat".to_string(),
        (Locale::Nl, n) => format!("{n} resultaten"),
        (Locale::En, 1) => "1 result".to_string(),
        (Locale::En, n) => format!("{n} results"),
    }
}

#[component]
fn SearchResultsView(results: SearchResults) -> impl IntoView {
    let i18n = use_i18n();
    let SearchResults {
        params,
        hits,
        total,
        kinds,
        sectors,
        labs,
        topics,
        corrections,
        notice,
        has_more,
    } = results;
    let empty_query = params.q.trim().is_empty();
    let filters = view! { <SearchFilters params=params.clone() kinds sectors labs topics /> };
    let body = if empty_query {
        view! { <SearchIntro /> }.into_any()
    } else if hits.is_empty() {
        view! { <NoResults params=params.clone() /> }.into_any()
    } else {
        let prev = (params.page > 1).then(|| {
            let mut p = params.clone();
            p.page -= 1;
            p.url()
        });
        let next = has_more.then(|| {
            let mut p = params.clone();
            p.page += 1;
            p.url()
        });
        view! {
            <ol class="search-hits" data-testid="search-hits">
                {hits.into_iter().map(|hit| view! { <SearchHitView hit /> }).collect_view()}
            </ol>
            <nav class="pager" aria-label=i18n.t(Msg::SearchPages)>
                {prev
                    .map(|href| {
                        view! {
                            <a class="button button--quiet" href=href rel="prev">
                                {i18n.t(Msg::SearchPrevious)}
                            </a>
                        }
                    })}
                {next
                    .map(|href| {
                        view! {
                            <a class="button button--quiet" href=href rel="next">
                                {i18n.t(Msg::SearchNext)}
                            </a>
                        }
                    })}
            </nav>
        }
        .into_any()
    };
    view! {
        {filters}
        <div class="search-status" role="status" aria-live="polite" data-testid="search-status">
            {(!empty_query)
                .then(|| {
                    view! {
                        <p class="search-count">
                            {move || count_label(total, i18n.get())}
                        </p>
                    }
                })}
            {notice.map(|n| view! { <p class="notice">{i18n.t(n)}</p> })}
            {(!corrections.is_empty())
                .then(|| {
                    let words = corrections
                        .iter()
                        .map(|(_, used)| used.clone())
                        .collect::<Vec<_>>()
                        .join(", ");
                    view! {
                        <p class="notice">
                            {i18n.t(Msg::SearchCorrected)} " " <strong>{words}</strong>
                        </p>
                    }
                })}
        </div>
        {body}
    }
}

#[component]
fn SearchHitView(hit: SearchHit) -> impl IntoView {
    let i18n = use_i18n();
    let SearchHit {
        kind,
        url,
        lang,
        title_html,
        snippet_html,
        sectors,
        lab,
        status,
        answer_count,
        place,
    } = hit;
    let kind_label = match kind {
        DocKind::Question => Msg::SearchKindQuestion,
        DocKind::Collective => Msg::SearchKindCollective,
    };
    let lang_attr = match kind {
        DocKind::Question => Some(lang.code()),
        DocKind::Collective => None,
    };
    view! {
        <li class=format!("search-hit search-hit--{}", kind.slug())>
            <p class="search-hit__meta">
                <span class="kind-badge">{i18n.t(kind_label)}</span>
                {status.map(|status| view! { <StatusBadge status /> })}
                {lab.map(|lab| view! { <LabBadge lab /> })}
                {(kind == DocKind::Question)
                    .then(|| {
                        view! {
                            <span class="muted">
                                {move || crate::i18n::answers_label(i18n.get(), answer_count as i64)}
                            </span>
                        }
                    })}
                {place.map(|p| view! { <span class="muted">{p}</span> })}
            </p>
            <h2 class="search-hit__title" lang=lang_attr>
                <a href=url inner_html=title_html></a>
            </h2>
            <p class="search-hit__snippet" lang=lang_attr inner_html=snippet_html></p>
            <TermChips terms=sectors kind="sector" />
        </li>
    }
}

#[component]
fn SearchIntro() -> impl IntoView {
    let i18n = use_i18n();
    let examples = move || match i18n.get() {
        Locale::Nl => [
            "warmtenet financiering",
            "vrijwilligers vasthouden",
            "\"lokale bank\"",
            "gemeente vergunning",
        ],
        Locale::En => [
            "finance a heat network",
            "keep volunteers",
            "\"member bonds\"",
            "municipality permit",
        ],
    };
    view! {
        <div class="search-intro">
            <p>{i18n.t(Msg::SearchIntro)}</p>
            <p>
                {i18n.t(Msg::SearchTry)} ": "
                {move || {
                    examples()
                        .into_iter()
                        .map(|q| {
                            let href = SearchParams {
                                q: q.to_string(),
                                ..SearchParams::default()
                            }
                                .url();
                            view! {
                                <a class="chip chip--link" href=href>
                                    {q}
                                </a>
                                " "
                            }
                        })
                        .collect_view()
                }}
            </p>
        </div>
    }
}

#[component]
fn NoResults(params: SearchParams) -> impl IntoView {
    let i18n = use_i18n();
    let mut removals: Vec<(Msg, String)> = Vec::new();
    if params.kind.is_some() {
        removals.push((Msg::FilterType, params.with(|p| p.kind = None).url()));
    }
    if params.sector.is_some() {
        removals.push((Msg::FilterSector, params.with(|p| p.sector = None).url()));
    }
    if params.lab.is_some() {
        removals.push((Msg::FilterLab, params.with(|p| p.lab = None).url()));
    }
    if params.topic.is_some() {
        removals.push((Msg::FilterTopic, params.with(|p| p.topic = None).url()));
    }
    if params.status.is_some() {
        removals.push((Msg::FilterStatus, params.with(|p| p.status = None).url()));
    }
    let all_off = params.has_filters().then(|| {
        SearchParams {
            q: params.q.clone(),
            ..SearchParams::default()
        }
        .url()
    });
    view! {
        <div class="empty search-empty" data-testid="search-no-results">
            <p>
                <strong>{i18n.t(Msg::SearchNoResults)}</strong>
            </p>
            {(!removals.is_empty())
                .then(|| {
                    view! {
                        <p>{i18n.t(Msg::SearchTryWithout)}</p>
                        <ul class="chips">
                            {removals
                                .into_iter()
                                .map(|(label, href)| {
                                    view! {
                                        <li>
                                            <a class="chip chip--link" href=href>
                                                {i18n.t(Msg::SearchRemoveFilter)}
                                                ": "
                                                {i18n.t(label)}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                            {all_off
                                .map(|href| {
                                    view! {
                                        <li>
                                            <a class="chip chip--link" href=href>
                                                {i18n.t(Msg::FilterReset)}
                                            </a>
                                        </li>
                                    }
                                })}
                        </ul>
                    }
                })}
            <p class="muted">{i18n.t(Msg::SearchNoResultsTips)}</p>
        </div>
    }
}

fn option_label(name: &str, count: Option<u64>) -> String {
    match count {
        Some(n) => format!("{name} ({n})"),
        None => name.to_string(),
    }
}

/// Type, sector, lab, topic and status: a GET form (with a submit button for readers without
/// JavaScript); with JavaScript a change applies at once. Type, sector and lab show how many
/// results each choice would give.
#[component]
fn SearchFilters(
    params: SearchParams,
    kinds: Vec<(DocKind, u64)>,
    sectors: Vec<FacetCount>,
    labs: Vec<FacetCount>,
    topics: Vec<Term>,
) -> impl IntoView {
    let i18n = use_i18n();
    let go = go_to_search();
    let show_counts = !params.q.trim().is_empty();
    let count = move |n: u64| show_counts.then_some(n);
    let base = StoredValue::new(params.clone());
    let on_change = move |key: &'static str| {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            let value = (!value.is_empty()).then_some(value);
            let next = base.get_value().with(|p| match key {
                "type" => p.kind = value.as_deref().and_then(DocKind::parse),
                "sector" => p.sector = value,
                "lab" => p.lab = value,
                "topic" => p.topic = value,
                _ => p.status = value.as_deref().and_then(QuestionStatus::parse),
            });
            go(next);
        }
    };
    let kind_now = params.kind;
    let sector_now = params.sector.clone().unwrap_or_default();
    let lab_now = params.lab.clone().unwrap_or_default();
    let topic_now = params.topic.clone().unwrap_or_default();
    let status_now = params.status;
    let reset = SearchParams {
        q: params.q.clone(),
        ..SearchParams::default()
    }
    .url();
    let term_options = move |items: Vec<(Term, Option<u64>)>, now: String| {
        items
            .into_iter()
            .map(|(term, n)| {
                let selected = term.slug == now;
                let value = term.slug.clone();
                view! {
                    <option value=value selected=selected>
                        {move || option_label(term.name(i18n.get()), n)}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <form class="filters search-filters" method="get" action="/search" data-testid="search-filters">
            <input type="hidden" name="q" value=params.q.clone() />
            <label>
                <span>{i18n.t(Msg::FilterType)}</span>
                <select name="type" on:change=on_change("type")>
                    <option value="" selected=kind_now.is_none()>
                        {i18n.t(Msg::FilterAll)}
                    </option>
                    {kinds
                        .into_iter()
                        .map(|(kind, n)| {
                            view! {
                                <option value=kind.slug() selected=kind_now == Some(kind)>
                                    {move || option_label(kind.label().text(i18n.get()), count(n))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span>{i18n.t(Msg::FilterSector)}</span>
                <select name="sector" on:change=on_change("sector") data-testid="filter-sector">
                    <option value="" selected=sector_now.is_empty()>
                        {i18n.t(Msg::FilterAll)}
                    </option>
                    {term_options(
                        sectors.into_iter().map(|f| (f.term, count(f.count))).collect(),
                        sector_now.clone(),
                    )}
                </select>
            </label>
            <label>
                <span>{i18n.t(Msg::FilterLab)}</span>
                <select name="lab" on:change=on_change("lab")>
                    <option value="" selected=lab_now.is_empty()>
                        {i18n.t(Msg::FilterAll)}
                    </option>
                    {term_options(
                        labs.into_iter().map(|f| (f.term, count(f.count))).collect(),
                        lab_now.clone(),
                    )}
                </select>
            </label>
            <label>
                <span>{i18n.t(Msg::FilterTopic)}</span>
                <select name="topic" on:change=on_change("topic")>
                    <option value="" selected=topic_now.is_empty()>
                        {i18n.t(Msg::FilterAll)}
                    </option>
                    {term_options(topics.into_iter().map(|t| (t, None)).collect(), topic_now.clone())}
                </select>
            </label>
            <label>
                <span>{i18n.t(Msg::FilterStatus)}</span>
                <select name="status" on:change=on_change("status")>
                    <option value="" selected=status_now.is_none()>
                        {i18n.t(Msg::FilterAll)}
                    </option>
                    {[
                        QuestionStatus::Open,
                        QuestionStatus::Answered,
                        QuestionStatus::Resolved,
                        QuestionStatus::Closed,
                    ]
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.as_str() selected=status_now == Some(s)>
                                    {move || s.label(i18n.get())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <FilterButtons reset />
        </form>
    }
}
