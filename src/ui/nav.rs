//! Going places: a full page load, and the sign-in prompt members-only pages show visitors.

use super::href::url_encode;
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;

/// A full page load of `path` (after signing in or out every part of the page changes).
pub fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Signed-out visitors of a members-only page get this instead.
#[component]
pub fn SignInFirst(#[prop(into)] next: String) -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    crate::error::set_page_status(http::StatusCode::UNAUTHORIZED);
    view! {
        <div class="card notice" data-testid="sign-in-first">
            <p>{i18n.t(Msg::SignInRequired)}</p>
            <p>
                <a class="button" href=format!("/signin?next={}", url_encode(&next))>
                    {i18n.t(Msg::SignIn)}
                </a>
                " "
                <a class="button button--secondary" href="/signup">{i18n.t(Msg::SignUp)}</a>
            </p>
        </div>
    }
}

// Where the browser is going: kept for `full_load_after_failed_chunk`, which runs in a panic
// hook, outside the reactive system.
#[cfg(feature = "hydrate")]
thread_local! {
    static HEADING_TO: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Records every client-side navigation's target (placed inside the router, in the shell).
#[component]
pub fn NavigationWatch() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let location = leptos_router::hooks::use_location();
        Effect::new(move |_| {
            let target = format!(
                "{}{}{}",
                location.pathname.get(),
                location.search.get(),
                location.hash.get()
            );
            HEADING_TO.with(|to| *to.borrow_mut() = Some(target));
        });
    }
}

/// A page's code comes in a chunk of its own (lazy routes). When a chunk cannot be fetched while
/// moving between pages (a flaky phone connection, a deploy that replaced the files), Leptos 0.8
/// panics, which stops the app: called from the panic hook, this turns that into a full page load
/// of the page the reader was going to, so they get the server-rendered page instead of a dead one.
/// Nothing happens on the first load (the server's page is already there and works without WASM).
#[cfg(feature = "hydrate")]
pub fn full_load_after_failed_chunk(info: &std::panic::PanicHookInfo) {
    let message = info.to_string();
    if !message.contains("load callback should succeed") {
        return;
    }
    let Some(target) = HEADING_TO.with(|to| to.borrow().clone()) else {
        return;
    };
    let location = window().location();
    let here = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        location.hash().unwrap_or_default()
    );
    if target != here {
        let _ = location.assign(&target);
    }
}
