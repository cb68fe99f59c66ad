//! `/queue`, made for a phone held in one hand: the filters are large tabs, every action is a
//! full-width button (at least 48 px high) at the bottom of its card, and the forms that need
//! typing (answer, ask the asker) unfold in place (`<details>`, so without JavaScript too).

use super::api::{AnswerFromQueue, ClaimQuestion, SetQueueStatus, load_queue};
use super::{PartnerQueue, QueueFilter, QueueItem};
use crate::forms::{FormState, action_error};
use crate::i18n::{Msg, answers_label, format_date, iso_date, use_i18n};
use crate::ui::PageHead;
use crate::ui::part_data_in_place;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/queue`
#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new_blocking(
        move || query.read().get("filter").unwrap_or_default(),
        load_queue,
    );
    let reload = Callback::new(|()| {});
    view! {
        <PageHead title=i18n.head(Msg::QueueTitle) description=i18n.head(Msg::QueueDescription) />
        // Shown again on focus and every 30 s (colleagues claim too), by `public/nav.js`.
        <section class="page pqueue" data-testid="queue" data-refresh-seconds=crate::ui::live::REFRESH_SECONDS>
            <QueueFlash />
            {part_data_in_place(data, move |queue| view! { <QueueView queue reload /> })}
        </section>
    }
}

/// A queue action refused without JavaScript is explained once, at the top.
#[component]
fn QueueFlash() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ClaimQuestion>::new();
    let form = FormState::new("queue", action.value());
    let messages = form.messages();
    view! {
        <form class="thread-flash" data-form="queue" data-flash=form.flash_json()>
            <p class="form-error" role="alert" data-testid="queue-error">
                {move || {
                    messages
                        .get()
                        .into_iter()
                        .map(|m| m.text(i18n.get()))
                        .collect::<Vec<_>>()
                        .join(" ")
                }}
            </p>
        </form>
    }
}

#[component]
fn QueueView(queue: PartnerQueue, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let current = queue.filter;
    let labs = queue.labs.clone();
    let tabs = QueueFilter::ALL
        .into_iter()
        .zip(queue.counts.iter().copied())
        .map(|(filter, count)| {
            let href = format!("/queue?filter={}", filter.as_str());
            let active = filter == current;
            view! {
                <li>
                    <a
                        href=href
                        class="pqueue__tab"
                        class:pqueue__tab--active=active
                        aria-current=active.then_some("page")
                        data-testid=format!("queue-filter-{}", filter.as_str())
                    >
                        <span>{i18n.t(filter.label())}</span>
                        <span class="pqueue__count">{count}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let viewer_id = queue.viewer_id;
    let empty = queue.items.is_empty();
    let items = queue
        .items
        .into_iter()
        .map(|item| view! { <QueueCard item viewer_id reload /> })
        .collect_view();
    view! {
        <header class="page__header pqueue__header">
            <h1>{i18n.t(Msg::QueueTitle)}</h1>
            <p class="muted">
                {i18n.t(Msg::QueueFor)} " "
                {move || {
                    labs.iter().map(|l| l.name(i18n.get()).to_string()).collect::<Vec<_>>().join(", ")
                }}
            </p>
        </header>
        <nav class="pqueue__filters" aria-label=i18n.t(Msg::QueueFilters)>
            <ul>{tabs}</ul>
        </nav>
        {if empty {
            view! { <p class="empty" data-testid="queue-empty">{i18n.t(Msg::QueueEmpty)}</p> }.into_any()
        } else {
            view! { <ol class="pqueue__list">{items}</ol> }.into_any()
        }}
    }
}

#[component]
fn QueueCard(item: QueueItem, viewer_id: i64, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = item.id;
    let claim_action = ServerAction::<ClaimQuestion>::new();
    let status_action = ServerAction::<SetQueueStatus>::new();
    let answer_action = ServerAction::<AnswerFromQueue>::new();
    Effect::new(move |_| {
        let done = matches!(claim_action.value().get(), Some(Ok(_)))
            || matches!(status_action.value().get(), Some(Ok(_)))
            || matches!(answer_action.value().get(), Some(Ok(_)));
        if done {
            reload.run(());
        }
    });
    let error = move || {
        action_error(claim_action.value().get())
            .or_else(|| action_error(status_action.value().get()))
            .or_else(|| action_error(answer_action.value().get()))
    };
    let mine = item.claim.as_ref().is_some_and(|c| c.user_id == viewer_id);
    let claimed_by_other = item
        .claim
        .as_ref()
        .filter(|c| c.user_id != viewer_id)
        .cloned();
    let (claim_class, claim_testid, claim_label) = if mine {
        (
            "button button--big button--secondary",
            "queue-release",
            Msg::QueueRelease,
        )
    } else {
        ("button button--big", "queue-claim", Msg::QueueClaim)
    };
    let created_at = item.created_at;
    let lab = item.lab.clone();
    let lab_class = format!("chip chip--lab lab--{}", lab.slug);
    let status = item.status;
    let waiting = item.waiting_since;
    let answers = item.answer_count;
    let can_resolve = answers > 0;
    let claim_line = match (&item.claim, mine) {
        (_, true) => view! { <span class="pqueue__claim pqueue__claim--mine">{i18n.t(Msg::QueueClaimedByYou)}</span> }.into_any(),
        (Some(c), false) => {
            let name = c.name.clone();
            view! {
                <span class="pqueue__claim">
                    {i18n.t(Msg::QueueClaimedBy)} " "
                    {move || name.clone().unwrap_or_else(|| Msg::FormerMember.text(i18n.get()).to_string())}
                </span>
            }
            .into_any()
        }
        (None, _) => view! { <span class="pqueue__claim pqueue__claim--none">{i18n.t(Msg::QueueUnclaimed)}</span> }.into_any(),
    };
    let who = [item.author_name.clone(), item.collective_name.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="qitem" data-testid="queue-item" data-question=id>
            <p class="qitem__badges">
                <span class=lab_class>{move || lab.name(i18n.get()).to_string()}</span>
                <span class=format!("status status--{}", status.as_str())>{move || status.label(i18n.get())}</span>
                {waiting.map(|since| view! {
                    <span class="chip chip--waiting" data-testid="queue-waiting">
                        {i18n.t(Msg::QueueWaitingSince)} " "
                        <time datetime=iso_date(since)>{move || format_date(since, i18n.get())}</time>
                    </span>
                })}
            </p>
            <h2 class="qitem__title">
                <a href=format!("/questions/{id}") lang=item.lang.code()>{item.title.clone()}</a>
            </h2>
            <p class="qitem__excerpt" lang=item.lang.code()>{item.excerpt.clone()}</p>
            <p class="qitem__meta muted">
                <time datetime=iso_date(created_at)>{move || format_date(created_at, i18n.get())}</time>
                {(!who.is_empty()).then(|| view! { " · " {who.clone()} })}
                " · "
                <span data-testid="queue-answers">{move || answers_label(i18n.get(), answers)}</span>
                {item.has_expert_answer.then(|| view! { " · " <span class="badge badge--expert">{i18n.t(Msg::ExpertAnswer)}</span> })}
            </p>
            <p class="qitem__claim">{claim_line}</p>
            <p class="form-error" role="alert">{move || error().map(|m| m.text(i18n.get()))}</p>
            <div class="qitem__actions">
                {claimed_by_other
                    .is_none()
                    .then(|| {
                        view! {
                            <ActionForm action=claim_action attr:class="qitem__form">
                                <input type="hidden" name="question_id" value=id />
                                <input type="hidden" name="claim" value=(!mine).to_string() />
                                <button type="submit" class=claim_class data-testid=claim_testid>
                                    {i18n.t(claim_label)}
                                </button>
                            </ActionForm>
                        }
                    })}
                <details class="qitem__more" data-testid="queue-answer">
                    <summary class="button button--big button--secondary">{i18n.t(Msg::QueueAnswer)}</summary>
                    <ActionForm action=answer_action attr:class="form qitem__form">
                        <input type="hidden" name="question_id" value=id />
                        <input type="hidden" name="lang" value=move || i18n.get().code() />
                        <label for=format!("queue-answer-{id}")>{i18n.t(Msg::YourAnswer)}</label>
                        <textarea id=format!("queue-answer-{id}") name="body" rows="6" required data-testid="queue-answer-body"></textarea>
                        <button type="submit" class="button button--big" data-testid="queue-answer-submit">
                            {i18n.t(Msg::PostAnswer)}
                        </button>
                    </ActionForm>
                </details>
                <details class="qitem__more" data-testid="queue-status">
                    <summary class="button button--big button--secondary">{i18n.t(Msg::QueueChangeStatus)}</summary>
                    <div class="qitem__status">
                        {if waiting.is_some() {
                            view! {
                                <ActionForm action=status_action attr:class="qitem__form">
                                    <input type="hidden" name="question_id" value=id />
                                    <input type="hidden" name="status" value="active" />
                                    <button type="submit" class="button button--big button--secondary" data-testid="queue-active">
                                        {i18n.t(Msg::QueueBackToWork)}
                                    </button>
                                </ActionForm>
                            }
                            .into_any()
                        } else {
                            view! {
                                <ActionForm action=status_action attr:class="form qitem__form">
                                    <input type="hidden" name="question_id" value=id />
                                    <input type="hidden" name="status" value="waiting" />
                                    <label for=format!("queue-note-{id}")>{i18n.t(Msg::QueueNoteLabel)}</label>
                                    <textarea id=format!("queue-note-{id}") name="note" rows="3" required data-testid="queue-note"></textarea>
                                    <button type="submit" class="button button--big button--secondary" data-testid="queue-wait">
                                        {i18n.t(Msg::QueueAskAsker)}
                                    </button>
                                </ActionForm>
                            }
                            .into_any()
                        }}
                        {can_resolve.then(|| view! {
                            <ActionForm action=status_action attr:class="qitem__form">
                                <input type="hidden" name="question_id" value=id />
                                <input type="hidden" name="status" value="resolved" />
                                <button type="submit" class="button button--big button--secondary" data-testid="queue-resolve">
                                    {i18n.t(Msg::QueueMarkResolved)}
                                </button>
                            </ActionForm>
                        })}
                    </div>
                </details>
            </div>
        </li>
    }
}
