//! The pages of editing, for readers without JavaScript and for links: `/edit/:kind/:id` (the
//! editor as a plain form) and `/history/:kind/:id` (every version with a word diff, and
//! "restore" and "redact" for moderators).

use super::api::{EditPost, RedactRevision, RestoreRevision, load_post_source, post_history};
use super::parts::NewerVersion;
use super::{EditKind, PostSource};
use crate::error::AppError;
use crate::forms::{Field, FormError, FormState, action_error};
use crate::i18n::{Msg, format_date, iso_date, use_i18n};
use crate::revisions::{DiffPart, History};
use crate::ui::PageHead;
use crate::ui::part_data;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn kind_and_id() -> Memo<Option<(String, i64)>> {
    let params = use_params_map();
    Memo::new(move |_| {
        let p = params.read();
        let kind = p.get("kind").filter(|k| EditKind::parse(k).is_some())?;
        let id = p.get("id")?.parse::<i64>().ok()?;
        Some((kind, id))
    })
}

/// `/edit/:kind/:id`: the editor as a plain form (the inline editor's way without JavaScript).
#[component]
pub fn EditPostPage() -> impl IntoView {
    let i18n = use_i18n();
    let key = kind_and_id();
    let source = Resource::new_blocking(
        move || key.get(),
        |key| async move {
            match key {
                Some((kind, id)) => load_post_source(kind, id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <PageHead title=i18n.head(Msg::EditPostTitle) description=i18n.head(Msg::EditPostDescription) />
        <section class="page page--narrow">
            <header class="page__header">
                <h1>{i18n.t(Msg::EditPostTitle)}</h1>
            </header>
            {part_data(source, |source| view! { <EditForm source /> })}
        </section>
    }
}

#[component]
fn EditForm(source: PostSource) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<EditPost>::new();
    let form = FormState::new("edit", action.value());
    Effect::new(move |_| {
        if let Some(Ok(saved)) = action.value().get() {
            crate::ui::go_to(&saved.back);
        }
    });
    let history = source.kind.history_path(source.id);
    let back = source.back.clone();
    let title = source.title.clone().unwrap_or_default();
    let body = source.body_md.clone();
    let lang = source.lang.code();
    // After a refused save the form holds the editor's text again (from the flash) and the page
    // shows the version that was saved in between; saving again replaces it knowingly.
    let conflict = move || form.has_error(Msg::EditConflict);
    let newer = source.clone();
    view! {
        <p class="lead"><a href=back.clone() lang=lang>{source.heading.clone()}</a></p>
        <Show when=conflict>
            <NewerVersion source=newer.clone() />
        </Show>
        <ActionForm action attr:class="form" attr:data-form="edit" attr:data-flash=form.flash_json()>
            <input type="hidden" name="kind" value=source.kind.as_str() />
            <input type="hidden" name="id" value=source.id />
            <input type="hidden" name="base_version" value=source.version />
            <FormError form />
            {source
                .kind
                .has_title()
                .then(|| {
                    view! {
                        <Field form name="title" label=Msg::QuestionTitleLabel required=true maxlength=150 value=title />
                    }
                })}
            <Field
                form
                name="body"
                label=Msg::BodyLabel
                hint=if source.kind.is_markdown() { Msg::AnswerHint } else { Msg::PlainTextHint }
                multiline=true
                required=source.kind.is_markdown()
                maxlength=20000
                value=body
            />
            <Field
                form
                name="reason"
                label=Msg::EditReason
                hint=if source.reason_required { Msg::EditReasonRequiredHint } else { Msg::EditReasonHint }
                required=source.reason_required
                maxlength=300
            />
            <p class="form__actions">
                <button type="submit" class="button" data-testid="save-edit">{i18n.t(Msg::SaveEdit)}</button>
                " "
                <a href=back>{i18n.t(Msg::Cancel)}</a>
                " · "
                <a href=history>{i18n.t(Msg::History)}</a>
            </p>
        </ActionForm>
    }
}

/// `/history/:kind/:id` (`?before=V`: the page of versions older than V)
#[component]
pub fn HistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let key = kind_and_id();
    let query = leptos_router::hooks::use_query_map();
    let before = Memo::new(move |_| {
        query
            .read()
            .get("before")
            .and_then(|b| b.parse::<i64>().ok())
    });
    let history = Resource::new_blocking(
        move || (key.get(), before.get()),
        |(key, before)| async move {
            match key {
                Some((kind, id)) => post_history(kind, id, before).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <PageHead title=i18n.head(Msg::History) description=i18n.head(Msg::HistoryDescription) />
        <section class="page page--narrow">
            {part_data(history, |history| view! { <HistoryView history /> })}
        </section>
    }
}

#[component]
fn HistoryView(history: History) -> impl IntoView {
    let i18n = use_i18n();
    let can_restore = crate::accounts::use_viewer().is_some_and(|v| v.is_moderator || v.is_admin);
    let current = history.current;
    let (kind, id) = (history.kind, history.id);
    let lang = history.lang.code();
    let newer = history.newer.map(|before| history.page_path(before));
    let older = history.older.map(|before| history.page_path(Some(before)));
    view! {
        <header class="page__header">
            <h1>{i18n.t(Msg::History)}</h1>
            <p class="lead"><a href=history.back lang=lang>{history.heading}</a></p>
        </header>
        {can_restore.then(|| view! { <RedactFlash /> })}
        <ol class="history">
            {history
                .versions
                .into_iter()
                .map(|v| {
                    let created_at = v.created_at;
                    let version = v.version;
                    view! {
                        <li class="history__version" id=format!("v{version}")>
                            <p class="history__meta">
                                <strong>{move || format!("{} {version}", i18n.t(Msg::Version)())}</strong>
                                " · "
                                <crate::ui::AuthorName name=v.editor_name />
                                " · "
                                <time datetime=iso_date(created_at)>{move || format_date(created_at, i18n.get())}</time>
                            </p>
                            {v.title.map(|t| view! { <h2 class="history__title" lang=lang><Diff parts=t /></h2> })}
                            {(!v.reason.is_empty())
                                .then(|| {
                                    view! {
                                        <p class="history__reason" data-testid="edit-reason">
                                            {i18n.t(Msg::EditReason)}
                                            ": "
                                            {v.reason.clone()}
                                        </p>
                                    }
                                })}
                            {(!v.compared)
                                .then(|| {
                                    view! {
                                        <p class="history__note" data-testid="not-compared">
                                            {i18n.t(Msg::HistoryNotCompared)}
                                        </p>
                                    }
                                })}
                            {v.redacted.then(|| view! {
                                <p class="history__redacted" data-testid="redacted">{i18n.t(Msg::VersionRedacted)}</p>
                            })}
                            <pre class="history__body" lang=lang><Diff parts=v.body /></pre>
                            {(can_restore && version != current && !v.redacted)
                                .then(|| view! {
                                    <RestoreForm kind id version current />
                                    <RedactForm kind id version />
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <HistoryPager newer older />
    }
}

/// Links to the newer and older pages of a history (plain links: they work without JS).
#[component]
fn HistoryPager(newer: Option<String>, older: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    (newer.is_some() || older.is_some()).then(|| {
        view! {
            <nav class="pager" aria-label=i18n.t(Msg::Pagination)>
                {newer
                    .map(|href| {
                        view! {
                            <a class="button button--secondary" href=href rel="prev" data-testid="newer-versions">
                                "← "
                                {i18n.t(Msg::HistoryNewer)}
                            </a>
                        }
                    })}
                " "
                {older
                    .map(|href| {
                        view! {
                            <a class="button button--secondary" href=href rel="next" data-testid="older-versions">
                                {i18n.t(Msg::HistoryOlder)}
                                " →"
                            </a>
                        }
                    })}
            </nav>
        }
    })
}

/// "Restore this version" for moderators, with the required reason.
#[component]
fn RestoreForm(kind: EditKind, id: i64, version: i64, current: i64) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RestoreRevision>::new();
    Effect::new(move |_| {
        if let Some(Ok(path)) = action.value().get() {
            crate::ui::go_to(&path);
        }
    });
    let error =
        move || crate::forms::action_error(action.value().get()).map(|m| m.text(i18n.get()));
    let field = format!("restore-{version}-reason");
    view! {
        <ActionForm action attr:class="form form--inline history__restore">
            <input type="hidden" name="kind" value=kind.as_str() />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="version" value=version />
            <input type="hidden" name="base_version" value=current />
            <label for=field.clone()>{i18n.t(Msg::EditReason)}</label>
            <input id=field type="text" name="reason" required maxlength="300" />
            <p class="form-error" role="alert">{error}</p>
            <button type="submit" class="button button--small button--secondary" data-testid="restore">
                {i18n.t(Msg::RestoreVersion)}
            </button>
        </ActionForm>
    }
}

/// A word diff: insertions in `<ins>`, deletions in `<del>` (readable without colour too).
#[component]
fn Diff(parts: Vec<DiffPart>) -> impl IntoView {
    parts
        .into_iter()
        .map(|part| match part {
            DiffPart::Same(t) => view! { <span>{t}</span> }.into_any(),
            DiffPart::Added(t) => view! { <ins>{t}</ins> }.into_any(),
            DiffPart::Removed(t) => view! { <del>{t}</del> }.into_any(),
        })
        .collect_view()
}

/// "Redact this version" for moderators: folded (a `<details>`, so it opens without JavaScript),
/// with the required reason. A refusal without JavaScript is shown by `RedactFlash`.
#[component]
fn RedactForm(kind: EditKind, id: i64, version: i64) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RedactRevision>::new();
    Effect::new(move |_| {
        if let Some(Ok(path)) = action.value().get() {
            crate::ui::go_to(&path);
        }
    });
    let error = move || action_error(action.value().get()).map(|m| m.text(i18n.get()));
    let field = format!("redact-{version}-reason");
    let hint = format!("redact-{version}-hint");
    view! {
        <details class="history__redact">
            <summary>{i18n.t(Msg::RedactVersion)}</summary>
            <ActionForm action attr:class="form form--inline">
                <input type="hidden" name="kind" value=kind.as_str() />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="version" value=version />
                <label for=field.clone()>{i18n.t(Msg::RedactReason)}</label>
                <p class="field__hint" id=hint.clone()>{i18n.t(Msg::RedactHint)}</p>
                <input id=field type="text" name="reason" required maxlength="300" aria-describedby=hint />
                <p class="form-error" role="alert">{error}</p>
                <button type="submit" class="button button--small button--secondary" data-testid="redact">
                    {i18n.t(Msg::RedactVersion)}
                </button>
            </ActionForm>
        </details>
    }
}

/// Where a redaction refused without JavaScript is explained: once, at the top of the history
/// (the page's redaction forms share one flash).
#[component]
fn RedactFlash() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RedactRevision>::new();
    let form = FormState::new("redact", action.value());
    let messages = form.messages();
    view! {
        <form class="thread-flash" data-form="redact" data-flash=form.flash_json()>
            <p class="form-error" role="alert" data-testid="redact-error">
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
