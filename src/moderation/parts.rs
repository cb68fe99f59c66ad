//! The parts of moderation that other pages embed: the flag control under posts, the moderators'
//! boxes on posts and members, the thread tools, and the notices and flashes of a plain form post.

use super::api::{FlagPost, ModeratePost, ModerateThread, ModerateUser};
use super::{FlagReason, PostAction};
use crate::content::{Hidden, PostKind};
use crate::forms::{Field, FormError, FormState, action_error};
use crate::i18n::{Msg, format_date, iso_date, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// "Flag" under a post: a reason and an optional note for the moderators. Shown to members who
/// did not write the post; it opens without JavaScript (`<details>`).
#[component]
pub fn FlagControl(kind: PostKind, post_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<FlagPost>::new();
    let done = move || matches!(action.value().get(), Some(Ok(())));
    let error = move || action_error(action.value().get()).map(|m| m.text(i18n.get()));
    let name = format!("flag-{}-{post_id}", kind.as_str());
    view! {
        <details class="flag" data-testid="flag">
            <summary>{i18n.t(Msg::Flag)}</summary>
            <Show
                when=done
                fallback=move || {
                    let name = name.clone();
                    view! {
                        <ActionForm action attr:class="form form--compact flag__form">
                            <input type="hidden" name="kind" value=kind.as_str() />
                            <input type="hidden" name="post_id" value=post_id />
                            <fieldset>
                                <legend>{i18n.t(Msg::FlagWhy)}</legend>
                                {FlagReason::ALL
                                    .into_iter()
                                    .map(|reason| {
                                        let id = format!("{name}-{}", reason.as_str());
                                        let for_id = id.clone();
                                        view! {
                                            <label class="choice" for=for_id>
                                                <input type="radio" id=id name="reason" value=reason.as_str() required=true />
                                                " "
                                                {i18n.t(reason.label())}
                                            </label>
                                        }
                                    })
                                    .collect_view()}
                            </fieldset>
                            <label for=format!("{name}-note")>{i18n.t(Msg::FlagNote)}</label>
                            <textarea id=format!("{name}-note") name="note" rows="2" maxlength="500"></textarea>
                            <p class="form-error" role="alert">{error}</p>
                            <button type="submit" class="button button--small" data-testid="send-flag">
                                {i18n.t(Msg::SendFlag)}
                            </button>
                        </ActionForm>
                    }
                }
            >
                <p class="flag__done" role="status">{i18n.t(Msg::FlagThanks)}</p>
            </Show>
        </details>
    }
}

/// One submit button per action (`name="action"`): the form posts the one pressed.
#[component]
pub(super) fn ActionButtons(actions: Vec<PostAction>) -> impl IntoView {
    let i18n = use_i18n();
    actions
        .into_iter()
        .map(|a| {
            view! {
                <button type="submit" name="action" value=a.as_str()
                    class="button button--small button--secondary"
                    data-testid=format!("mod-{}", a.as_str())>
                    {i18n.t(a.label())}
                </button>
                " "
            }
        })
        .collect_view()
}

/// The required reason of a moderation form.
#[component]
pub(super) fn ReasonInput(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let hint = format!("{id}-hint");
    view! {
        <label for=id.clone()>{i18n.t(Msg::ModReason)}</label>
        <input id=id type="text" name="reason" required=true minlength="3" maxlength="300" aria-describedby=hint.clone() />
        <small class="hint" id=hint>{i18n.t(Msg::ModReasonHint)}</small>
    }
}

/// Where a moderation action refused without JavaScript is explained: at the top of the thread
/// or the queue (the moderation boxes of a page share one flash).
#[component]
pub fn ModerationFlash() -> impl IntoView {
    let action = ServerAction::<ModeratePost>::new();
    let form = FormState::new("moderate", action.value());
    view! {
        <form class="thread-flash" data-form="moderate" data-flash=form.flash_json()>
            <FormError form />
        </form>
    }
}

/// "Thanks for flagging" after a plain form post (`?flagged=1`).
#[component]
pub fn FlaggedNotice() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    move || {
        query.with(|q| q.get("flagged").is_some()).then(|| {
            view! { <p class="notice" role="status">{i18n.t(Msg::FlagThanks)}</p> }
        })
    }
}

/// A post's moderation box for moderators: hide, delete or restore it, with the reason. On a
/// thread the thread reloads in place; in the queue the queue does.
#[component]
pub fn PostModeration(
    kind: PostKind,
    post_id: i64,
    hidden: Option<Hidden>,
    #[prop(optional)] on_done: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ModeratePost>::new();
    let on_done = on_done.unwrap_or_else(crate::ui::thread_reloader);
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            on_done.run(());
        }
    });
    let error = move || action_error(action.value().get()).map(|m| m.text(i18n.get()));
    let reason_id = format!("moderate-{}-{post_id}-reason", kind.as_str());
    let actions: Vec<PostAction> = match hidden {
        None => vec![PostAction::Hide, PostAction::Delete],
        Some(_) => vec![PostAction::Restore],
    };
    view! {
        <details class="mod-tools" data-testid="moderate">
            <summary>{i18n.t(Msg::Moderate)}</summary>
            <ActionForm action attr:class="form form--compact">
                <input type="hidden" name="kind" value=kind.as_str() />
                <input type="hidden" name="post_id" value=post_id />
                <ReasonInput id=reason_id />
                <p class="form-error" role="alert">{error}</p>
                <p class="form__actions">
                    <ActionButtons actions />
                </p>
            </ActionForm>
        </details>
    }
}

/// The thread tools for moderators: lock or unlock, pin to a lab page or unpin, close as a
/// duplicate of another question (its answers move there and its URL redirects).
#[component]
pub fn ThreadTools(question_id: i64, locked: bool, pinned_in: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ModerateThread>::new();
    let form = FormState::new("thread-tools", action.value());
    let reload = crate::ui::thread_reloader();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(path)) if path != format!("/questions/{question_id}") => crate::ui::go_to(&path),
        Some(Ok(_)) => reload.run(()),
        _ => {}
    });
    // A pinned thread's first lab is preselected, so "Unpin" acts where it is pinned.
    let preselected = pinned_in.first().cloned();
    let lab_options = crate::taxonomy::LABS
        .into_iter()
        .map(|(slug, nl, en)| {
            let pinned = pinned_in.iter().any(|p| p == slug);
            let selected = preselected.as_deref() == Some(slug);
            view! {
                <option value=slug selected=selected>
                    {move || i18n.get().pick(nl, en).to_string()}
                    {pinned.then_some(" 📌")}
                </option>
            }
        })
        .collect_view();
    let (lock_action, lock_label) = if locked {
        ("unlock", Msg::ModUnlock)
    } else {
        ("lock", Msg::ModLock)
    };
    view! {
        <details class="mod-tools thread-tools" data-testid="thread-tools">
            <summary>{i18n.t(Msg::ThreadTools)}</summary>
            <ActionForm action attr:class="form form--compact" attr:data-form="thread-tools" attr:data-flash=form.flash_json()>
                <input type="hidden" name="question_id" value=question_id />
                <FormError form />
                <Field form name="reason" label=Msg::ModReason hint=Msg::ModReasonHint required=true maxlength=300 />
                <p class="form__actions">
                    <button type="submit" name="action" value=lock_action class="button button--small button--secondary" data-testid=format!("mod-{lock_action}")>
                        {i18n.t(lock_label)}
                    </button>
                </p>
                <label for="thread-tools-lab">{i18n.t(Msg::PinLab)}</label>
                <select id="thread-tools-lab" name="lab">{lab_options}</select>
                <p class="form__actions">
                    <button type="submit" name="action" value="pin" class="button button--small button--secondary" data-testid="mod-pin">
                        {i18n.t(Msg::ModPin)}
                    </button>
                    " "
                    <button type="submit" name="action" value="unpin" class="button button--small button--secondary" data-testid="mod-unpin">
                        {i18n.t(Msg::ModUnpin)}
                    </button>
                </p>
                <Field form name="target" label=Msg::DuplicateOf hint=Msg::DuplicateOfHint maxlength=300 />
                <p class="form__actions">
                    <button type="submit" name="action" value="duplicate" class="button button--small button--secondary" data-testid="mod-duplicate">
                        {i18n.t(Msg::ModDuplicate)}
                    </button>
                </p>
            </ActionForm>
        </details>
    }
}

/// A moderator's box on a member's profile: warn, suspend for some days, lift a suspension.
#[component]
pub fn UserModeration(user_id: i64, suspended_until: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ModerateUser>::new();
    let form = FormState::new("moderate-user", action.value());
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            crate::ui::go_to(&format!("/users/{user_id}"));
        }
    });
    view! {
        <section class="mod-tools mod-tools--user" aria-labelledby="user-moderation-heading">
            <h2 id="user-moderation-heading">{i18n.t(Msg::Moderate)}</h2>
            {suspended_until
                .map(|until| {
                    view! {
                        <p class="notice" data-testid="suspended-until">
                            {i18n.t(Msg::SuspendedUntil)}
                            " "
                            <time datetime=iso_date(until)>{move || format_date(until, i18n.get())}</time>
                        </p>
                    }
                })}
            <ActionForm action attr:class="form form--compact" attr:data-form="moderate-user" attr:data-flash=form.flash_json()>
                <input type="hidden" name="user_id" value=user_id />
                <FormError form />
                <Field form name="reason" label=Msg::ModReason hint=Msg::ModReasonHint required=true maxlength=300 />
                <p class="form__actions">
                    <button type="submit" name="action" value="warn" class="button button--small button--secondary" data-testid="mod-warn-user">
                        {i18n.t(Msg::ModWarn)}
                    </button>
                    " "
                    {if suspended_until.is_some() {
                        view! {
                            <button type="submit" name="action" value="unsuspend" class="button button--small button--secondary" data-testid="mod-unsuspend">
                                {i18n.t(Msg::ModUnsuspend)}
                            </button>
                        }
                            .into_any()
                    } else {
                        view! {
                            <label for="suspend-days">{i18n.t(Msg::SuspendDays)}</label>
                            " "
                            <input id="suspend-days" type="number" name="days" min="1" max="365" value="7" inputmode="numeric" />
                            " "
                            <button type="submit" name="action" value="suspend" class="button button--small button--danger" data-testid="mod-suspend-user">
                                {i18n.t(Msg::ModSuspend)}
                            </button>
                        }
                            .into_any()
                    }}
                </p>
            </ActionForm>
        </section>
    }
}
