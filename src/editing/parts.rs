//! The parts of editing that other features embed: the "Edit" control and the inline editor
//! (`InlineEdit`, see the module doc of `editing`), and the profile text blocks (`TextBlock`).

use super::api::{EditPost, load_post_source, preview_markdown};
use super::{EditKind, PostSource};
use crate::error::AppError;
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;

#[cfg(feature = "hydrate")]
type Switches = std::collections::HashMap<(EditKind, i64), ArcRwSignal<bool>>;

#[cfg(feature = "hydrate")]
thread_local! {
    static SWITCHES: std::cell::RefCell<Switches> = Default::default();
}

/// Whether a text is being edited in place. Its "Edit" control and the text are two islands in
/// different places of the page; they find their one switch here, by what they edit.
#[derive(Clone)]
pub struct Editing(ArcRwSignal<bool>);

impl Editing {
    /// The switch of one text. On the server every render has its own (nothing is shared
    /// between requests).
    #[cfg(not(feature = "hydrate"))]
    pub fn of(_kind: EditKind, _id: i64) -> Editing {
        Editing(ArcRwSignal::new(false))
    }

    /// A new switch for one text (its `InlineEdit`, which comes first in the page). The islands of
    /// a page swapped out by `public/nav.js` are never disposed: they keep the old switch, which
    /// nothing turns on any more.
    #[cfg(not(feature = "hydrate"))]
    pub fn fresh(kind: EditKind, id: i64) -> Editing {
        Editing::of(kind, id)
    }

    /// The switch of one text, shared by the islands of the page.
    #[cfg(feature = "hydrate")]
    pub fn of(kind: EditKind, id: i64) -> Editing {
        SWITCHES.with(|switches| {
            Editing(
                switches
                    .borrow_mut()
                    .entry((kind, id))
                    .or_insert_with(|| ArcRwSignal::new(false))
                    .clone(),
            )
        })
    }

    /// A new switch for one text (its `InlineEdit`, which comes first in the page, so its "Edit"
    /// control finds this one). The islands of a page swapped out by `public/nav.js` are never
    /// disposed: they keep the old switch, which nothing turns on any more.
    #[cfg(feature = "hydrate")]
    pub fn fresh(kind: EditKind, id: i64) -> Editing {
        let switch = ArcRwSignal::new(false);
        SWITCHES.with(|switches| switches.borrow_mut().insert((kind, id), switch.clone()));
        Editing(switch)
    }

    fn get(&self) -> bool {
        self.0.get()
    }

    fn set(&self, on: bool) {
        self.0.set(on);
    }
}

/// "Edit": a link to the edit page that, once the page is interactive, opens the inline editor
/// instead.
#[island]
pub fn EditControl(kind: EditKind, id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let editing = Editing::of(kind, id);
    let expanded = editing.clone();
    view! {
        <a
            href=kind.edit_path(id)
            class="edit-control"
            data-testid="edit-post"
            aria-expanded=move || expanded.get().to_string()
            on:click=move |ev| {
                ev.prevent_default();
                editing.set(true);
            }
        >
            {i18n.t(Msg::Edit)}
        </a>
    }
}

/// Shows `children` (the text as published), or the editor while its "Edit" control is on. After
/// a save the page is shown again, in place, with the new text (`ui::nav::reload_in_place`).
#[island]
pub fn InlineEdit(kind: EditKind, id: i64, children: Children) -> impl IntoView {
    let editing = Editing::fresh(kind, id);
    let shown = editing.clone();
    view! {
        <div class="inline-edit__text" hidden=move || shown.get()>
            {children()}
        </div>
        {move || editing.get().then(|| view! { <InlineEditor kind id editing=editing.clone() /> })}
    }
}

#[component]
fn InlineEditor(kind: EditKind, id: i64, editing: Editing) -> impl IntoView {
    let i18n = use_i18n();
    let source = LocalResource::new(move || load_post_source(kind.as_str().to_string(), id));
    view! {
        <div class="inline-editor" data-testid="inline-editor">
            {move || match source.get() {
                None => view! { <p class="loading" role="status">{i18n.t(Msg::Loading)}</p> }.into_any(),
                Some(Err(e)) => {
                    view! { <p class="form-error" role="alert">{e.message().text(i18n.get())}</p> }.into_any()
                }
                Some(Ok(source)) => view! { <EditorForm source editing=editing.clone() /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn EditorForm(source: PostSource, editing: Editing) -> impl IntoView {
    let i18n = use_i18n();
    let kind = source.kind;
    let id = source.id;
    let action = ServerAction::<EditPost>::new();
    let base = RwSignal::new(source.version);
    let body = RwSignal::new(source.body_md.clone());
    let previewing = RwSignal::new(false);
    let preview = RwSignal::new(None::<String>);
    let newer = RwSignal::new(None::<PostSource>);
    let cancel = editing.clone();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            editing.set(false);
            crate::ui::nav::reload_in_place();
        }
        Some(Err(AppError::Invalid(Msg::EditConflict))) => {
            // Fetch the version that won and show it; the next save starts from it.
            leptos::task::spawn_local(async move {
                if let Ok(current) = load_post_source(kind.as_str().to_string(), id).await {
                    base.set(current.version);
                    newer.set(Some(current));
                }
            });
        }
        _ => {}
    });
    let field_error = move |field: &'static str| {
        move || {
            action.value().with(|v| match v {
                Some(Err(AppError::Fields(fields))) => fields
                    .iter()
                    .find(|f| f.field == field)
                    .map(|f| f.msg.text(i18n.get())),
                _ => None,
            })
        }
    };
    let form_error = move || {
        action.value().with(|v| match v {
            Some(Err(AppError::Fields(_))) | None | Some(Ok(_)) => None,
            Some(Err(e)) => Some(e.message().text(i18n.get())),
        })
    };
    let show_preview = move |_| {
        previewing.set(true);
        if kind.is_markdown() {
            let text = body.get_untracked();
            leptos::task::spawn_local(async move {
                if let Ok(html) = preview_markdown(text).await {
                    preview.set(Some(html));
                }
            });
        }
    };
    let prefix = format!("inline-{}-{id}", kind.as_str());
    let (title_id, body_id, reason_id) = (
        format!("{prefix}-title"),
        format!("{prefix}-body"),
        format!("{prefix}-reason"),
    );
    let lang = source.lang.code();
    let title = source.title.clone().unwrap_or_default();
    let reason_required = source.reason_required;
    view! {
        {move || newer.get().map(|source| view! { <NewerVersion source /> })}
        <ActionForm action attr:class="form form--inline-editor">
            <input type="hidden" name="kind" value=kind.as_str() />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="base_version" prop:value=move || base.get().to_string() />
            <p class="form-error" role="alert">{form_error}</p>
            {kind
                .has_title()
                .then(|| {
                    let title_id = title_id.clone();
                    view! {
                        <div class="field">
                            <label for=title_id.clone()>{i18n.t(Msg::QuestionTitleLabel)}</label>
                            <input id=title_id type="text" name="title" value=title required=true maxlength="150" lang=lang />
                            <p class="field__error" role="alert">{field_error("title")}</p>
                        </div>
                    }
                })}
            <div class="editor-tabs" role="group">
                <button type="button" class="tab" aria-pressed=move || (!previewing.get()).to_string() on:click=move |_| previewing.set(false)>
                    {i18n.t(Msg::Write)}
                </button>
                <button type="button" class="tab" aria-pressed=move || previewing.get().to_string() on:click=show_preview data-testid="inline-preview">
                    {i18n.t(Msg::Preview)}
                </button>
            </div>
            <div class="field" hidden=move || previewing.get()>
                <label for=body_id.clone()>{i18n.t(Msg::BodyLabel)}</label>
                <textarea
                    id=body_id
                    name="body"
                    rows="8"
                    maxlength="20000"
                    required=kind.is_markdown()
                    lang=lang
                    prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))
                ></textarea>
                <p class="field__error" role="alert">{field_error("body")}</p>
            </div>
            <div class="inline-editor__preview" hidden=move || !previewing.get() data-testid="inline-preview-body" lang=lang>
                {move || {
                    if kind.is_markdown() {
                        let html = preview.get().unwrap_or_default();
                        view! { <div class="prose" inner_html=html></div> }.into_any()
                    } else {
                        view! { <p class="plain-text">{body.get()}</p> }.into_any()
                    }
                }}
            </div>
            <div class="field">
                <label for=reason_id.clone()>{i18n.t(Msg::EditReason)}</label>
                <input id=reason_id type="text" name="reason" maxlength="300" required=reason_required data-testid="edit-reason-input" />
                <small class="hint">
                    {i18n.t(if reason_required { Msg::EditReasonRequiredHint } else { Msg::EditReasonHint })}
                </small>
                <p class="field__error" role="alert">{field_error("reason")}</p>
            </div>
            <p class="form__actions">
                <button type="submit" class="button" data-testid="save-edit" disabled=move || action.pending().get()>
                    {i18n.t(Msg::SaveEdit)}
                </button>
                " "
                <button type="button" class="button button--secondary" on:click=move |_| cancel.set(false)>
                    {i18n.t(Msg::Cancel)}
                </button>
            </p>
        </ActionForm>
    }
}

/// The version somebody saved while this editor was open.
#[component]
pub(super) fn NewerVersion(source: PostSource) -> impl IntoView {
    let i18n = use_i18n();
    let lang = source.lang.code();
    let version = source.version;
    view! {
        <section class="newer-version" data-testid="newer-version" aria-labelledby="newer-version-heading">
            <h2 id="newer-version-heading">
                {move || format!("{} ({} {version})", i18n.t(Msg::NewerVersion)(), i18n.t(Msg::Version)())}
            </h2>
            {source.title.map(|t| view! { <p class="newer-version__title" lang=lang><strong>{t}</strong></p> })}
            {if source.kind.is_markdown() {
                view! { <div class="prose" lang=lang inner_html=source.body_html></div> }.into_any()
            } else {
                view! { <p class="plain-text" lang=lang>{source.body_md}</p> }.into_any()
            }}
        </section>
    }
}

/// A profile text (a collective's or a lab's description) in the reader's language, with its
/// "Edit" and "History" controls for those who may edit it. Texts are plain: paragraphs split
/// on blank lines. `version` counts edits of the row (both languages).
#[component]
pub fn TextBlock(
    /// `EditKind::Collective` or `EditKind::Lab` for the given language.
    kind: fn(crate::i18n::Locale) -> EditKind,
    id: i64,
    text_nl: String,
    text_en: String,
    version: i64,
    can_edit: bool,
    class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.locale.get_untracked();
    let kind = kind(lang);
    let text = lang.pick(&text_nl, &text_en).to_string();
    view! {
        <div class=class data-testid="text-block">
            <InlineEdit kind id>
                <Paragraphs text=text.clone() />
            </InlineEdit>
            <p class="post-tools">
                {can_edit.then(|| view! { <EditControl kind id /> })}
                {(version > 1)
                    .then(|| {
                        view! {
                            " "
                            <a href=kind.history_path(id) data-testid="history">{i18n.t(Msg::Edited)}</a>
                        }
                    })}
            </p>
        </div>
    }
}

/// Plain text as paragraphs (blank lines separate them); nothing in it is markup.
#[component]
pub fn Paragraphs(text: String) -> impl IntoView {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| view! { <p>{p.to_string()}</p> })
        .collect_view()
}
