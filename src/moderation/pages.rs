//! The pages of moderation: the flags queue (`/moderation`), the public log (`/moderation/log`)
//! and the admins' audit log (`/admin/audit`). Every form is an `ActionForm`; the server checks
//! every role again.

use super::api::{ModeratePost, audit_log, load_flag_queue, moderation_log};
use super::parts::{ActionButtons, ModerationFlash, ReasonInput};
use super::{FlaggedPost, LogEntry, LogPage, PostAction};
use crate::content::PostKind;
use crate::forms::action_error;
use crate::i18n::{Msg, format_date, iso_date, use_i18n};
use crate::ui::PageHead;
use crate::ui::part_data;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/moderation`: the flags queue.
#[component]
pub fn FlagQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(1)
            .max(1)
    });
    let queue = Resource::new_blocking(
        move || (version.get(), page.get()),
        |(_, page)| load_flag_queue(Some(page)),
    );
    let reload = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <PageHead title=i18n.head(Msg::FlagQueue) description=i18n.head(Msg::FlagQueueLead) />
        <section class="page">
            <header class="page__header">
                <h1>{i18n.t(Msg::FlagQueue)}</h1>
                <p class="lead">
                    {i18n.t(Msg::FlagQueueLead)}
                    " "
                    <a href="/moderation/log">{i18n.t(Msg::ModerationLog)}</a>
                </p>
            </header>
            <ModerationFlash />
            {part_data(
                queue,
                move |items| {
                    let full = items.len() as i64 >= super::FLAG_QUEUE_PAGE;
                    let page = page.get_untracked();
                    view! {
                        <QueueList items reload />
                        <QueuePager page full />
                    }
                },
            )}
        </section>
    }
}

/// The queue's pages (issue 15: paged like every list of user-made rows).
#[component]
fn QueuePager(page: i64, full: bool) -> impl IntoView {
    let i18n = use_i18n();
    let href = |p: i64| {
        if p <= 1 {
            "/moderation".to_string()
        } else {
            format!("/moderation?page={p}")
        }
    };
    (page > 1 || full).then(|| {
        view! {
            <nav class="pager" aria-label=i18n.t(Msg::Pagination)>
                {(page > 1)
                    .then(|| {
                        view! {
                            <a class="button button--secondary" href=href(page - 1) rel="prev">
                                "← "
                                {i18n.t(Msg::PreviousPage)}
                            </a>
                        }
                    })}
                " "
                {full
                    .then(|| {
                        view! {
                            <a class="button button--secondary" href=href(page + 1) rel="next">
                                {i18n.t(Msg::FollowingPage)}
                                " →"
                            </a>
                        }
                    })}
            </nav>
        }
    })
}

#[component]
fn QueueList(items: Vec<FlaggedPost>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    if items.is_empty() {
        return view! { <p class="empty" data-testid="queue-empty">{i18n.t(Msg::FlagQueueEmpty)}</p> }
            .into_any();
    }
    view! {
        <ol class="queue" data-testid="flag-queue">
            {items.into_iter().map(|item| view! { <QueueItem item reload /> }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn QueueItem(item: FlaggedPost, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ModeratePost>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            reload.run(());
        }
    });
    let error = move || action_error(action.value().get()).map(|m| m.text(i18n.get()));
    let reason_id = format!("queue-{}-{}-reason", item.kind.as_str(), item.id);
    let flag_count = item.flag_count;
    let link = crate::ui::href::post_anchor(item.kind, item.question_id, item.id);
    let edit = crate::revisions::EditKind::Post(item.kind).edit_path(item.id);
    let first = item.first_flagged_at;
    let kind_label = match item.kind {
        PostKind::Question => Msg::KindQuestion,
        PostKind::Answer => Msg::KindAnswer,
        PostKind::Comment => Msg::KindComment,
    };
    let hide_actions: Vec<PostAction> = match item.hidden {
        None => vec![PostAction::Hide, PostAction::Delete],
        Some(_) => vec![PostAction::Restore],
    };
    let mut actions = vec![PostAction::Dismiss];
    actions.extend(hide_actions);
    if !item.locked {
        actions.push(PostAction::Lock);
    }
    let has_author = item.author_id.is_some();
    if has_author {
        actions.push(PostAction::Warn);
    }
    view! {
        <li class="queue__item" data-testid="queue-item">
            <p class="queue__meta">
                <strong>{move || format!("{flag_count} × {}", i18n.t(Msg::Flags)())}</strong>
                " · "
                {i18n.t(kind_label)}
                " · "
                <time datetime=iso_date(first)>{move || format_date(first, i18n.get())}</time>
                {item.hidden.map(|h| view! { " · " <span class="badge badge--hidden">{i18n.t(h.label())}</span> })}
            </p>
            <p class="queue__thread"><a href=link>{item.question_title.clone()}</a></p>
            <blockquote class="queue__excerpt">{item.excerpt.clone()}</blockquote>
            <p class="queue__author">
                {i18n.t(Msg::WrittenBy)}
                " "
                {match item.author_id {
                    Some(id) => view! {
                        <a href=format!("/users/{id}")>{item.author_name.clone().unwrap_or_default()}</a>
                    }
                        .into_any(),
                    None => view! { <crate::ui::AuthorName name=None /> }.into_any(),
                }}
            </p>
            <ul class="queue__reasons">
                {item
                    .reasons
                    .iter()
                    .map(|(reason, n)| {
                        let (reason, n) = (*reason, *n);
                        view! { <li>{move || format!("{} × {n}", i18n.t(reason.label())())}</li> }
                    })
                    .collect_view()}
                {item.notes.iter().map(|note| view! { <li class="queue__note">"“" {note.clone()} "”"</li> }).collect_view()}
            </ul>
            <ActionForm action attr:class="form form--compact">
                <input type="hidden" name="kind" value=item.kind.as_str() />
                <input type="hidden" name="post_id" value=item.id />
                <ReasonInput id=reason_id />
                <p class="form-error" role="alert">{error}</p>
                <p class="form__actions">
                    <ActionButtons actions />
                    <a class="button button--small button--secondary" href=edit data-testid="mod-edit">{i18n.t(Msg::Edit)}</a>
                </p>
                {has_author
                    .then(|| {
                        view! {
                            <p class="form__actions queue__suspend">
                                <label for=format!("days-{}-{}", item.kind.as_str(), item.id)>{i18n.t(Msg::SuspendDays)}</label>
                                <input id=format!("days-{}-{}", item.kind.as_str(), item.id) type="number" name="days" min="1" max="365" value="7" inputmode="numeric" />
                                <button type="submit" name="action" value="suspend" class="button button--small button--danger" data-testid="mod-suspend">
                                    {i18n.t(Msg::ModSuspend)}
                                </button>
                            </p>
                        }
                    })}
            </ActionForm>
        </li>
    }
}

fn before_param() -> Memo<Option<i64>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get("before").and_then(|b| b.parse().ok())))
}

/// `/moderation/log`: every moderation action, by role, with its reason.
#[component]
pub fn ModerationLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let before = before_param();
    let page = Resource::new_blocking(move || before.get(), moderation_log);
    view! {
        <PageHead title=i18n.head(Msg::ModerationLog) description=i18n.head(Msg::ModerationLogLead) />
        <section class="page">
            <header class="page__header">
                <h1>{i18n.t(Msg::ModerationLog)}</h1>
                <p class="lead">{i18n.t(Msg::ModerationLogLead)}</p>
            </header>
            {part_data(page, |page| view! { <LogTable page audit=false /> })}
        </section>
    }
}

/// `/admin/audit`: the log with the exact actor and the member acted upon (admins only).
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let before = before_param();
    let page = Resource::new_blocking(move || before.get(), audit_log);
    view! {
        <PageHead title=i18n.head(Msg::AuditLog) description=i18n.head(Msg::AuditLogDescription) />
        <section class="page">
            <header class="page__header">
                <h1>{i18n.t(Msg::AuditLog)}</h1>
            </header>
            {part_data(page, |page| view! { <LogTable page audit=true /> })}
        </section>
    }
}

fn action_label(action: &str) -> Msg {
    match action {
        "dismiss" => Msg::LogDismiss,
        "hide" => Msg::LogHide,
        "delete" => Msg::LogDelete,
        "restore" => Msg::LogRestore,
        "lock" => Msg::LogLock,
        "unlock" => Msg::LogUnlock,
        "pin" => Msg::LogPin,
        "unpin" => Msg::LogUnpin,
        "duplicate" => Msg::LogDuplicate,
        "warn" => Msg::LogWarn,
        "suspend" => Msg::LogSuspend,
        "unsuspend" => Msg::LogUnsuspend,
        "redact" => Msg::LogRedact,
        _ => Msg::LogEdit,
    }
}

fn entity_label(entity_type: &str) -> Msg {
    match entity_type {
        "question" => Msg::KindQuestion,
        "answer" => Msg::KindAnswer,
        "comment" => Msg::KindComment,
        "user" => Msg::KindMember,
        t if t.starts_with("collective") => Msg::KindCollective,
        _ => Msg::KindLab,
    }
}

#[component]
fn LogTable(page: LogPage, audit: bool) -> impl IntoView {
    let i18n = use_i18n();
    if page.entries.is_empty() {
        return view! { <p class="empty">{i18n.t(Msg::LogEmpty)}</p> }.into_any();
    }
    let base = if audit {
        "/admin/audit"
    } else {
        "/moderation/log"
    };
    let next = page.next.map(|id| format!("{base}?before={id}"));
    view! {
        <div class="table-scroll">
            <table class="log" data-testid="moderation-log">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(Msg::LogWhen)}</th>
                        <th scope="col">{i18n.t(Msg::LogWho)}</th>
                        <th scope="col">{i18n.t(Msg::LogWhat)}</th>
                        <th scope="col">{i18n.t(Msg::LogReason)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.entries.into_iter().map(|e| view! { <LogRow entry=e audit /> }).collect_view()}
                </tbody>
            </table>
        </div>
        {next
            .map(|href| {
                view! {
                    <nav class="pager">
                        <a class="button button--secondary" href=href rel="next">{i18n.t(Msg::NextPage)} " →"</a>
                    </nav>
                }
            })}
    }
    .into_any()
}

#[component]
fn LogRow(entry: LogEntry, audit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let created_at = entry.created_at;
    let role = if entry.actor_role == "admin" {
        Msg::RoleAdmin
    } else {
        Msg::RoleModerator
    };
    let action = action_label(&entry.action);
    let entity = entity_label(&entry.entity_type);
    let detail = entry.detail.clone();
    let detail_view = match entry.action.as_str() {
        "pin" | "unpin" => {
            Some(view! { " · " <a href=format!("/labs/{detail}")>{detail.clone()}</a> }.into_any())
        }
        "duplicate" => Some(
            view! { " → " <a href=format!("/questions/{detail}")>{format!("#{detail}")}</a> }
                .into_any(),
        ),
        "suspend" => detail.parse::<i64>().ok().map(|until| {
            view! {
                " · "
                {i18n.t(Msg::SuspendedUntil)}
                " "
                <time datetime=iso_date(until)>{move || format_date(until, i18n.get())}</time>
            }
            .into_any()
        }),
        _ => None,
    };
    view! {
        <tr>
            <td><time datetime=iso_date(created_at)>{move || format_date(created_at, i18n.get())}</time></td>
            <td>
                {i18n.t(role)}
                {audit
                    .then(|| {
                        entry
                            .actor
                            .clone()
                            .map(|(id, name)| view! { " · " <a href=format!("/users/{id}")>{name}</a> })
                    })}
            </td>
            <td>
                {i18n.t(action)}
                " · "
                {i18n.t(entity)}
                {entry
                    .question
                    .clone()
                    .map(|(id, title)| view! { " · " <a href=format!("/questions/{id}")>{title}</a> })}
                {detail_view}
                {audit
                    .then(|| {
                        entry
                            .target
                            .clone()
                            .map(|(id, name)| {
                                view! {
                                    " · "
                                    {i18n.t(Msg::LogMember)}
                                    " "
                                    <a href=format!("/users/{id}")>{name}</a>
                                }
                            })
                    })}
            </td>
            <td class="log__reason">{entry.reason.clone()}</td>
        </tr>
    }
}
