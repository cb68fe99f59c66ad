//! The part of accounts that the shell embeds: the header's user menu (`UserMenu`).

use super::api::SignOut;
use super::use_viewer;
use crate::i18n::{Msg, use_i18n};
use crate::ui::go_to;
use leptos::prelude::*;

/// The header's part: sign-in and sign-up links, or the person's name, account and sign-out.
#[component]
pub fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    match use_viewer() {
        None => view! {
            <div class="user-menu">
                <a href="/signin" class="user-menu__link" data-testid="nav-sign-in">{i18n.t(Msg::SignIn)}</a>
                <a href="/signup" class="user-menu__link user-menu__link--primary">{i18n.t(Msg::SignUp)}</a>
            </div>
        }
        .into_any(),
        Some(viewer) => {
            let sign_out = ServerAction::<SignOut>::new();
            Effect::new(move |_| {
                if let Some(Ok(())) = sign_out.value().get() {
                    go_to("/");
                }
            });
            view! {
                <div class="user-menu">
                    {(!viewer.partner_labs.is_empty()).then(|| view! {
                        <a href="/queue" class="user-menu__link" data-testid="nav-queue">{i18n.t(Msg::QueueTitle)}</a>
                    })}
                    {(viewer.is_moderator || viewer.is_admin).then(|| view! {
                        <a href="/moderation" class="user-menu__link" data-testid="nav-moderation">{i18n.t(Msg::NavModeration)}</a>
                    })}
                    {viewer.is_admin.then(|| view! {
                        <a href="/admin" class="user-menu__link">{i18n.t(Msg::AdminTitle)}</a>
                        <a href="/admin/overview" class="user-menu__link" data-testid="nav-overview">{i18n.t(Msg::OverviewTitle)}</a>
                    })}
                    <a href="/account" class="user-menu__link" data-testid="nav-account">{viewer.name.clone()}</a>
                    <ActionForm action=sign_out attr:class="user-menu__form">
                        <button type="submit" class="user-menu__link user-menu__button" data-testid="sign-out">
                            {i18n.t(Msg::SignOut)}
                        </button>
                    </ActionForm>
                </div>
            }
            .into_any()
        }
    }
}
