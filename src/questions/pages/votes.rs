//! The vote buttons of questions and answers: they update at once (optimistic) and roll back when
//! the server refuses; without JavaScript they are plain form posts. And the thread's one flash.

use crate::i18n::{Msg, use_i18n};
use crate::questions::api::Vote;
use crate::questions::{PostKind, VoteState};
use leptos::prelude::*;

/// Up, score, down. `mine` is the reader's vote; `enabled` is false for visitors and for the
/// post's own author (the server checks again).
#[island]
pub(super) fn VoteButtons(
    kind: PostKind,
    post_id: i64,
    score: i64,
    mine: i64,
    enabled: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(VoteState { score, mine });
    let action = ServerAction::<Vote>::new();
    // The state before the pending vote, to roll back to.
    let before = StoredValue::new(None::<VoteState>);
    Effect::new(move |_| {
        if let Some(input) = action.input().get() {
            let current = state.get_untracked();
            before.set_value(Some(current));
            state.set(current.after(input.value));
        }
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(confirmed)) => {
            before.set_value(None);
            state.set(confirmed);
        }
        Some(Err(_)) => {
            if let Some(previous) = before.get_value() {
                state.set(previous);
            }
            before.set_value(None);
        }
        None => {}
    });
    // With JavaScript a refusal shows here; a refused plain form post shows at the top of the
    // thread (`ThreadFlash`), since the flash is one per page.
    let error =
        move || crate::forms::action_error(action.value().get()).map(|m| m.text(i18n.get()));
    let button = move |direction: i64| {
        let (label, symbol) = if direction > 0 {
            (Msg::VoteUp, "▲")
        } else {
            (Msg::VoteDown, "▼")
        };
        let testid = if direction > 0 {
            "vote-up"
        } else {
            "vote-down"
        };
        let pressed = move || state.get().mine == direction;
        // Pressing the active direction again withdraws the vote.
        let value = move || if pressed() { 0 } else { direction };
        view! {
            <ActionForm action attr:class="vote__form">
                <input type="hidden" name="kind" value=kind.as_str() />
                <input type="hidden" name="post_id" value=post_id />
                <input type="hidden" name="value" value=value />
                <button
                    type="submit"
                    class="vote__button"
                    class:vote__button--on=pressed
                    aria-pressed=move || pressed().to_string()
                    title=move || i18n.t(label)()
                    disabled=!enabled
                    data-testid=testid
                >
                    <span aria-hidden="true">{symbol}</span>
                    <span class="visually-hidden">{i18n.t(label)}</span>
                </button>
            </ActionForm>
        }
    };
    view! {
        <div class="vote" data-kind=kind.as_str() data-id=post_id>
            {button(1)}
            <span class="vote__score" data-testid="score" aria-label=move || i18n.t(Msg::Score)()>
                {move || state.get().score}
            </span>
            {button(-1)}
            <p class="vote__error" role="alert">{error}</p>
        </div>
    }
}

/// Where a vote or comment refused without JavaScript is explained: once, at the top of the
/// thread (the small forms of a thread share one flash).
#[component]
pub(super) fn ThreadFlash() -> impl IntoView {
    let action = ServerAction::<Vote>::new();
    let form = crate::forms::FormState::new("thread", action.value());
    view! {
        <form class="thread-flash" data-form="thread" data-flash=form.flash_json()>
            <crate::forms::FormError form />
        </form>
    }
}
