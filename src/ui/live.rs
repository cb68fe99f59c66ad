//! Pages that stay current: the thread's version (its forms and moderators' tools bump it and the
//! thread loads again in place) and the dashboards' timer.

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

/// How often an open dashboard loads its figures again.
pub const REFRESH_SECONDS: u64 = 30;

/// A counter that moves every `REFRESH_SECONDS` while the page is visible, and when the window
/// gets the focus or becomes visible again. Nothing moves on the server.
pub fn live_version() -> RwSignal<u32> {
    let version = RwSignal::new(0u32);
    Effect::new(move |_| {
        let bump = move || version.update(|v| *v = v.wrapping_add(1));
        let visible = || !document().hidden();
        if let Ok(handle) = set_interval_with_handle(
            move || {
                if visible() {
                    bump();
                }
            },
            std::time::Duration::from_secs(REFRESH_SECONDS),
        ) {
            on_cleanup(move || handle.clear());
        }
        let focus = window_event_listener(leptos::ev::focus, move |_| bump());
        let change = leptos::ev::Custom::<leptos::ev::Event>::new("visibilitychange");
        let shown = window_event_listener(change, move |_| {
            if visible() {
                bump();
            }
        });
        on_cleanup(move || {
            focus.remove();
            shown.remove();
        });
    });
    version
}
