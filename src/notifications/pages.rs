//! `/notifications`: the caller's notifications, newest first, with "mark all read".

use super::NotificationView;
use super::api::{MarkNotificationsRead, list_notifications};
use crate::i18n::{Msg, format_date, iso_date, use_i18n};
use crate::ui::PageHead;
use crate::ui::live::set_unread_count;
use crate::ui::part_data;
use leptos::prelude::*;

/// `/notifications`
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let signed_in = crate::accounts::use_viewer().is_some();
    let version = RwSignal::new(0u32);
    let list = Resource::new_blocking(move || version.get(), |_| list_notifications());
    let action = ServerAction::<MarkNotificationsRead>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            set_unread_count(0);
            version.update(|v| *v += 1);
        }
    });
    view! {
        <PageHead title=i18n.head(Msg::Notifications) description=i18n.head(Msg::NotificationsDescription) />
        <section class="page page--narrow">
            <header class="page__header">
                <h1>{i18n.t(Msg::Notifications)}</h1>
            </header>
            {if signed_in {
                view! {
                    <ActionForm action attr:class="form form--inline">
                        <button type="submit" class="button button--small button--secondary" data-testid="mark-read">
                            {i18n.t(Msg::MarkAllRead)}
                        </button>
                    </ActionForm>
                    {part_data(list, |items| view! { <NotificationList items /> })}
                }
                    .into_any()
            } else {
                view! { <crate::ui::SignInFirst next="/notifications" /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn NotificationList(items: Vec<NotificationView>) -> impl IntoView {
    let i18n = use_i18n();
    if items.is_empty() {
        return view! { <p class="empty">{i18n.t(Msg::NoNotifications)}</p> }.into_any();
    }
    view! {
        <ul class="notifications">
            {items
                .into_iter()
                .map(|n| {
                    let href = n.href();
                    let created_at = n.created_at;
                    let who = n.actor_name.clone();
                    let kind = n.kind.clone();
                    if let Some(reason) = n.reason.clone() {
                        let headline = match n.kind.as_str() {
                            "suspension" => Msg::NotificationSuspended,
                            "unsuspension" => Msg::NotificationUnsuspended,
                            _ => Msg::NotificationWarned,
                        };
                        let until = n.until;
                        return view! {
                            <li class="notification notification--moderation" class:notification--unread=!n.read data-testid="moderation-notification">
                                <a href=href>{i18n.t(headline)}</a>
                                {until.map(|until| view! {
                                    " "
                                    <time datetime=iso_date(until)>{move || format_date(until, i18n.get())}</time>
                                })}
                                ": "
                                <q>{reason}</q>
                                " · "
                                <time datetime=iso_date(created_at)>{move || format_date(created_at, i18n.get())}</time>
                            </li>
                        }
                        .into_any();
                    }
                    view! {
                        <li class="notification" class:notification--unread=!n.read>
                            <a href=href>
                                {move || {
                                    let who = who
                                        .clone()
                                        .unwrap_or_else(|| i18n.t(Msg::FormerMember)().to_string());
                                    let what = match kind.as_str() {
                                        "lab_question" => Msg::NotificationLabQuestion,
                                        "waiting" => Msg::NotificationWaiting,
                                        "asker_replied" => Msg::NotificationAskerReplied,
                                        _ => Msg::NotificationAnswered,
                                    };
                                    format!("{} {}", who, i18n.t(what)())
                                }}
                                " "
                                <strong lang=n.question_lang.code()>{n.question_title.clone().unwrap_or_default()}</strong>
                            </a>
                            " · "
                            <time datetime=iso_date(created_at)>{move || format_date(created_at, i18n.get())}</time>
                        </li>
                    }
                    .into_any()
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
