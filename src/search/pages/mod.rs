//! The search page, `/search?…`.
//!
//! Without JavaScript its filters (`filters`) are a plain GET form and `/search?…` renders whole
//! on the server. With JavaScript the results are a resource keyed on the URL, which the header
//! box and the filters change; a resource drops responses to superseded requests, so a slow old
//! answer never overwrites a newer one.

mod filters;

use super::api::search;
use super::parts::current_params;
use super::{DocKind, SearchHit, SearchParams, SearchResults};
use crate::i18n::{Locale, Msg, use_i18n};
use crate::taxonomy::TermChips;
use crate::ui::PageHead;
use crate::ui::{ErrorPage, LabBadge, PageLoading, StatusBadge};
use filters::SearchFilters;
use leptos::prelude::*;

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
        <PageHead title=title description=i18n.head(Msg::SearchDescription) />
        <section class="page search-page">
            <header class="page__header">
                <h1>{i18n.t(Msg::SearchTitle)}</h1>
            </header>
            <Transition fallback=PageLoading>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(results) => view! { <SearchResultsView results /> }.into_any(),
                        Err(error) => view! { <ErrorPage error part=true /> }.into_any(),
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
