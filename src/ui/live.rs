//! Pages that stay current: the header's unread count (pages that mark notifications read set it
//! while they render), the thread's version (a server-side key of its resources), and how often
//! `public/nav.js` shows a dashboard or the queue again.

use leptos::prelude::*;

/// The unread count in the header; pages that mark notifications read set it.
#[derive(Clone, Copy)]
pub struct UnreadCount(pub RwSignal<i64>);

pub fn provide_unread_count(initial: i64) {
    provide_context(UnreadCount(RwSignal::new(initial)));
}

pub fn set_unread_count(count: i64) {
    if let Some(UnreadCount(signal)) = use_context::<UnreadCount>() {
        signal.set(count);
    }
}

/// Bumped by the thread's forms after a change: the thread is loaded again, in place.
#[derive(Clone, Copy)]
pub struct ThreadVersion(pub RwSignal<u32>);

/// Reloads the thread in place (after an edit, a comment, a moderator's action).
pub fn thread_reloader() -> Callback<()> {
    let version = use_context::<ThreadVersion>();
    Callback::new(move |()| {
        if let Some(ThreadVersion(version)) = version {
            version.update(|v| *v += 1);
        }
    })
}

/// How often an open dashboard or queue is shown again (`data-refresh-seconds` on the page,
/// read by `public/nav.js`, which also does it when the window gets the focus back).
pub const REFRESH_SECONDS: u64 = 30;
