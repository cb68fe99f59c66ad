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

/// Shows the current page again, in place (after an island changed what the server renders):
/// `public/nav.js` fetches it and swaps it in, keeping the scroll position.
pub fn reload_in_place() {
    #[cfg(feature = "hydrate")]
    if let Ok(event) = web_sys::Event::new("cp:reload") {
        let _ = window().dispatch_event(&event);
    }
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
