//! The search box in the header (the shell embeds it), and the search URL helpers the search
//! page shares with it.
//!
//! Without JavaScript the box is a plain GET form to `/search`. With JavaScript, typing in it
//! navigates (debounced, replacing the history entry) to the search URL, so the results update
//! without a reload and the URL stays shareable.

use super::SearchParams;
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use std::time::Duration;

/// How long typing must pause before the results follow.
const DEBOUNCE: Duration = Duration::from_millis(180);

/// The search parameters of the current URL.
pub(super) fn current_params() -> Memo<SearchParams> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        SearchParams::from_query(|k| q.get(k))
    })
}

/// Goes to a search URL: replacing the entry while already on the search page (typing, filter
/// changes), adding one when coming from elsewhere.
pub(super) fn go_to_search() -> impl Fn(SearchParams) + Clone + 'static {
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

/// The search box in the header.
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
