#![recursion_limit = "256"]
//! CollectivePower / CollectieveKracht — the knowledge exchange platform for citizen collectives.
//! See ARCHITECTURE.md for the map of this crate.

pub mod accounts;
// The router and the shell: the server renders every page; in the browser only islands run.
#[cfg(feature = "ssr")]
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

/// The browser's entry point. leptos' island script calls it once the WASM has loaded and then,
/// in the same synchronous run, hydrates every `#[island]` of the page; so no other script (a
/// journey, `public/nav.js`) sees `<html data-hydrated>` before the islands are live. nav.js
/// hydrates the islands of the pages it swaps in only once this is set (before, the island
/// script's own pass finds them).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    if let Some(html) = leptos::prelude::document().document_element() {
        let _ = html.set_attribute("data-hydrated", "true");
    }
}
