#![recursion_limit = "256"]
//! CollectivePower / CollectieveKracht — the knowledge exchange platform for citizen collectives.
//! See ARCHITECTURE.md for the map of this crate.

pub mod accounts;
// The router and the shell. In the islands trial's browser build nothing routes in the browser.
#[cfg(any(feature = "ssr", not(feature = "islands")))]
pub mod app;
pub mod collectives;
pub mod content;
pub mod dashboard;
pub mod editing;
pub mod error;
pub mod forms;
pub mod home;
pub mod i18n;
pub mod labs;
pub mod moderation;
pub mod notifications;
pub mod profiles;
pub mod questions;
pub mod queue;
pub mod revisions;
pub mod search;
pub mod taxonomy;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod sitemap;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        ui::nav::full_load_after_failed_chunk(info);
    }));
    // Pages are lazy routes (see `app`): hydration waits for the first page's chunk.
    #[cfg(not(feature = "islands"))]
    leptos::mount::hydrate_lazy(app::App);
    // The islands trial: leptos' island script hydrates each `#[island]` after this call returns,
    // one by one; a task queued now runs after them and marks the page as the lazy pages do.
    #[cfg(feature = "islands")]
    {
        leptos::mount::hydrate_islands();
        leptos::prelude::set_timeout(
            || {
                if let Some(html) = leptos::prelude::document().document_element() {
                    let _ = html.set_attribute("data-hydrated", "true");
                }
            },
            std::time::Duration::ZERO,
        );
    }
}
