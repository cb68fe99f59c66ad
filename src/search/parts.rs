//! The search box in the header (the shell embeds it), and the search URL helpers the search
//! page shares with it.
//!
//! The box is a plain GET form to `/search`. With JavaScript it is a live form (`data-live`,
//! `public/nav.js`): typing in it shows the search page for what was typed, after a pause, without
//! a reload, and the URL stays shareable; on the search page the filters are kept.

use super::SearchParams;
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

/// The search parameters of the current URL.
pub(super) fn current_params() -> Memo<SearchParams> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        SearchParams::from_query(|k| q.get(k))
    })
}

/// The search box in the header.
#[component]
pub fn HeaderSearch() -> impl IntoView {
    let i18n = use_i18n();
    let params = current_params();
    let location = use_location();
    // What the box shows when a page is rendered: the current search on the search page.
    let initial = if location.pathname.get_untracked() == "/search" {
        params.get_untracked().q
    } else {
        String::new()
    };
    view! {
        <form class="header-search" role="search" method="get" action="/search" data-live="merge">
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
                data-testid="header-search"
            />
            <button type="submit" class="header-search__button">
                {i18n.t(Msg::SearchButton)}
            </button>
        </form>
    }
}
