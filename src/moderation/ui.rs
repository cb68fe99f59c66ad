//! Moderation in the browser: the flag control under posts, the moderator's tools on a thread,
//! the flags queue (`/moderation`), the public log (`/moderation/log`), the admins' audit log
//! (`/admin/audit`) and the moderator's box on a member's profile. Every form is an `ActionForm`
//! (a plain form post without JavaScript); the server checks every role again.

use super::{
    FlagPost, FlagReason, FlaggedPost, LogEntry, LogPage, ModeratePost, ModerateThread,
    ModerateUser, PostAction, audit_log, load_flag_queue, moderation_log,
};
use crate::app::page_data;
use crate::forms::{Field, FormError, FormState, action_error};
use crate::i18n::{Msg, format_date, iso_date, use_i18n};
use crate::questions::{Hidden, PostKind};
use leptos::prelude::*;
use leptos_meta::Title;
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
fn ActionButtons(actions: Vec<PostAction>) -> impl IntoView {
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
fn ReasonInput(id: String) -> impl IntoView {
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
    let on_done = on_done.unwrap_or_else(crate::questions::ui::thread_reloader);
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
    let reload = crate::questions::ui::thread_reloader();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(path)) if path != format!("/questions/{question_id}") => {
            crate::accounts::ui::go_to(&path)
        }
        Some(Ok(_)) => reload.run(()),
        _ => {}
    });
    // A pinned thread's first lab is preselected, so "Unpin" acts where it is pinned.
    let preselected = pinned_in.first().cloned();
    let lab_options = crate::labs::LABS
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
        <Title text=i18n.head(Msg::FlagQueue) />
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
            {page_data(
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
    let link = crate::questions::post_anchor(item.kind, item.question_id, item.id);
    let edit = crate::editing::EditKind::Post(item.kind).edit_path(item.id);
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
                    None => view! { <crate::questions::ui::AuthorName name=None /> }.into_any(),
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
        <Title text=i18n.head(Msg::ModerationLog) />
        <section class="page">
            <header class="page__header">
                <h1>{i18n.t(Msg::ModerationLog)}</h1>
                <p class="lead">{i18n.t(Msg::ModerationLogLead)}</p>
            </header>
            {page_data(page, |page| view! { <LogTable page audit=false /> })}
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
        <Title text=i18n.head(Msg::AuditLog) />
        <section class="page">
            <header class="page__header">
                <h1>{i18n.t(Msg::AuditLog)}</h1>
            </header>
            {page_data(page, |page| view! { <LogTable page audit=true /> })}
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

/// A moderator's box on a member's profile: warn, suspend for some days, lift a suspension.
#[component]
pub fn UserModeration(user_id: i64, suspended_until: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ModerateUser>::new();
    let form = FormState::new("moderate-user", action.value());
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            crate::accounts::ui::go_to(&format!("/users/{user_id}"));
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
