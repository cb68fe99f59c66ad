//! The header's bell with the unread count (the shell embeds it).

use super::unread_label;
use crate::i18n::{Msg, use_i18n};
use crate::ui::live::UnreadCount;
use leptos::prelude::*;

/// The header's link to `/notifications`, with the unread count.
#[component]
pub fn NotificationBell() -> impl IntoView {
    let i18n = use_i18n();
    let Some(UnreadCount(count)) = use_context::<UnreadCount>() else {
        return ().into_any();
    };
    view! {
        <a class="bell" href="/notifications" data-testid="notifications"
            aria-label=move || format!("{}: {}", i18n.t(Msg::Notifications)(), unread_label(count.get()))>
            <span aria-hidden="true">"🔔"</span>
            {move || {
                let n = count.get();
                (n > 0).then(|| view! { <span class="bell__count" data-testid="unread-count">{unread_label(n)}</span> })
            }}
        </a>
    }
    .into_any()
}
