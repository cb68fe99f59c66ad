//! The search page's filters: type, sector, lab, topic and status, with how many results each
//! choice would give.

use crate::content::QuestionStatus;
use crate::i18n::{Msg, use_i18n};
use crate::search::{DocKind, FacetCount, SearchParams};
use crate::taxonomy::Term;
use crate::ui::FilterButtons;
use leptos::prelude::*;

fn option_label(name: &str, count: Option<u64>) -> String {
    match count {
        Some(n) => format!("{name} ({n})"),
        None => name.to_string(),
    }
}

/// Type, sector, lab, topic and status: a GET form (with a submit button for readers without
/// JavaScript); with JavaScript a change applies at once (`data-live`, `public/nav.js`). Type, sector and lab show how many
/// results each choice would give.
#[component]
pub fn SearchFilters(
    params: SearchParams,
    kinds: Vec<(DocKind, u64)>,
    sectors: Vec<FacetCount>,
    labs: Vec<FacetCount>,
    topics: Vec<Term>,
) -> impl IntoView {
    let i18n = use_i18n();
    let show_counts = !params.q.trim().is_empty();
    let count = move |n: u64| show_counts.then_some(n);
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
        <form class="filters search-filters" method="get" action="/search" data-live="" data-testid="search-filters">
            <input type="hidden" name="q" value=params.q.clone() />
            <label>
                <span>{i18n.t(Msg::FilterType)}</span>
                <select name="type">
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
                <select name="sector" data-testid="filter-sector">
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
                <select name="lab">
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
                <select name="topic">
                    <option value="" selected=topic_now.is_empty()>
                        {i18n.t(Msg::FilterAll)}
                    </option>
                    {term_options(topics.into_iter().map(|t| (t, None)).collect(), topic_now.clone())}
                </select>
            </label>
            <label>
                <span>{i18n.t(Msg::FilterStatus)}</span>
                <select name="status">
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
