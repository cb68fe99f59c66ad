//! `/questions/new`: asking a question (title, markdown body with a preview, sectors, topics, an
//! optional collective and Partner Lab). Similar questions appear while the title is typed; without
//! JavaScript "Preview" stores the draft (one per member, kept until posted) and shows both.

use crate::forms::{Field, FormError, FormState};
use crate::i18n::{Msg, use_i18n};
use crate::questions::AskForm;
use crate::questions::api::{AskQuestion, load_ask_form};
use crate::search::SimilarQuestion;
use crate::taxonomy::Term;
use crate::ui::PageHead;
use crate::ui::part_data;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/questions/new` (`?preview=1` after the Preview button).
#[component]
pub fn AskPage() -> impl IntoView {
    let i18n = use_i18n();
    let signed_in = crate::accounts::use_viewer().is_some();
    let query = use_query_map();
    let form = Resource::new_blocking(move || query.read().get("preview").is_some(), load_ask_form);
    view! {
        <PageHead title=i18n.head(Msg::AskTitle) description=i18n.head(Msg::AskDescription) />
        <section class="page page--narrow">
            <header class="page__header">
                <h1>{i18n.t(Msg::AskTitle)}</h1>
                <p class="lead">{i18n.t(Msg::AskIntro)}</p>
            </header>
            {if signed_in {
                part_data(form, |form| view! { <AskFormView form /> }).into_any()
            } else {
                view! { <crate::ui::SignInFirst next="/questions/new" /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn AskFormView(form: AskForm) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AskQuestion>::new();
    let state = FormState::new("ask", action.value());
    let draft = form.draft.clone().unwrap_or_default();
    let choices = move |name: &'static str, terms: Vec<Term>, chosen: Vec<String>, legend: Msg| {
        let error = state.error(name);
        view! {
            <fieldset class="field field--choices" class:field--invalid=move || error.get().is_some()>
                <legend>{i18n.t(legend)}</legend>
                <div class="choices">
                    {terms
                        .into_iter()
                        .enumerate()
                        .map(|(i, t)| {
                            let checked = chosen.contains(&t.slug);
                            view! {
                                <label class="choice">
                                    <input type="checkbox" name=format!("{name}[{i}]") value=t.slug.clone() checked=checked />
                                    <span>{move || t.name(i18n.get()).to_string()}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
                <p class="field__error" role="alert">{move || error.get().map(|m| m.text(i18n.get()))}</p>
            </fieldset>
        }
    };
    let option_list = |items: Vec<(String, String)>| {
        items
            .into_iter()
            .map(|(value, text)| (value, Signal::derive(move || text.clone())))
            .collect::<Vec<_>>()
    };
    let labs: Vec<(String, Signal<String>)> = form
        .labs
        .iter()
        .cloned()
        .map(|lab| {
            let slug = lab.slug.clone();
            (
                slug,
                Signal::derive(move || lab.name(i18n.get()).to_string()),
            )
        })
        .collect();
    let collectives = option_list(
        form.collectives
            .iter()
            .map(|c| (c.slug.clone(), c.name.clone()))
            .collect(),
    );
    let has_collectives = !collectives.is_empty();
    view! {
        <ActionForm action attr:class="form ask-form" attr:data-form="ask" attr:data-flash=state.flash_json()>
            <input type="hidden" name="lang" value=move || i18n.get().code() />
            <FormError form=state />
            <Field form=state name="title" label=Msg::QuestionTitleLabel hint=Msg::QuestionTitleHint required=true maxlength=150 value=draft.title.clone() />
            <SimilarQuestions initial=form.similar.clone() />
            <Field form=state name="body" label=Msg::BodyLabel hint=Msg::QuestionBodyHint multiline=true required=true maxlength=20000 value=draft.body.clone() />
            <LivePreview initial=form.preview_html.clone() />
            {choices("sectors", form.sectors.clone(), draft.sectors.clone(), Msg::QuestionSectors)}
            {choices("topics", form.topics.clone(), draft.topics.clone(), Msg::QuestionTopics)}
            {has_collectives
                .then(|| {
                    view! {
                        <Field form=state name="collective" label=Msg::AskForCollective hint=Msg::AskForCollectiveHint options=collectives value=draft.collective.clone() />
                    }
                })}
            <Field form=state name="lab" label=Msg::RouteToLab hint=Msg::RouteToLabHint options=labs value=draft.lab.clone() />
            <p class="form__actions">
                <button type="submit" name="intent" value="post" class="button" data-testid="post-question">
                    {i18n.t(Msg::PostQuestion)}
                </button>
                " "
                <button type="submit" name="intent" value="preview" class="button button--secondary" formnovalidate=true data-testid="preview-question">
                    {i18n.t(Msg::Preview)}
                </button>
            </p>
        </ActionForm>
    }
}

/// What is typed in the ask form's title or body, as the reader types (in the browser; the
/// server renders the form as it was). `island` is the island's own element: an island of a page
/// `public/nav.js` has swapped out is never disposed, so its listener stays and must ignore the
/// ask form of a later visit.
fn typed_in_ask_form(
    field: &'static str,
    island: NodeRef<leptos::html::Section>,
) -> ReadSignal<String> {
    let (typed, set_typed) = signal(String::new());
    #[cfg(feature = "hydrate")]
    {
        let listener = window_event_listener(leptos::ev::input, move |ev| {
            if !island.get_untracked().is_some_and(|el| el.is_connected()) {
                return;
            }
            let target = event_target::<web_sys::Element>(&ev);
            if target.get_attribute("name").as_deref() == Some(field)
                && target
                    .closest("form[data-form=ask]")
                    .ok()
                    .flatten()
                    .is_some()
            {
                set_typed.set(event_target_value(&ev));
            }
        });
        on_cleanup(move || listener.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (field, island, set_typed);
    typed
}

/// The current value of a field of the ask form.
#[cfg(feature = "hydrate")]
fn ask_field(name: &str) -> String {
    use wasm_bindgen::JsCast;
    let Ok(Some(el)) = document().query_selector(&format!("form[data-form=ask] [name={name}]"))
    else {
        return String::new();
    };
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        return input.value();
    }
    el.dyn_ref::<web_sys::HtmlTextAreaElement>()
        .map(|t| t.value())
        .unwrap_or_default()
}

/// Runs `then` with the latest value `wait` after `typed` stops changing; a value superseded
/// meanwhile is dropped, and so is the answer to it when a newer one was asked for.
#[cfg(feature = "hydrate")]
fn debounced<F, Fut>(typed: ReadSignal<String>, wait: std::time::Duration, then: F)
where
    F: Fn(String, StoredValue<u32>, u32) -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let generation = StoredValue::new(0u32);
    Effect::new(move |first: Option<()>| {
        let text = typed.get();
        if first.is_none() {
            return;
        }
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.get_value() == mine {
                    leptos::task::spawn_local(then(text, generation, mine));
                }
            },
            wait,
        );
    });
}

/// Similar questions: those of the preview step, then looked up 300 ms after the title stops
/// changing (an island: the rest of the form is plain HTML).
#[island]
fn SimilarQuestions(initial: Vec<SimilarQuestion>) -> impl IntoView {
    let similar = RwSignal::new(initial);
    let root = NodeRef::new();
    let title = typed_in_ask_form("title", root);
    #[cfg(feature = "hydrate")]
    debounced(
        title,
        std::time::Duration::from_millis(300),
        move |title, generation, mine| async move {
            if title.trim().chars().count() < 8 {
                similar.set(Vec::new());
                return;
            }
            if let Ok(found) = crate::search::api::similar_questions(title, ask_field("body")).await
                && generation.get_value() == mine
            {
                similar.set(found);
            }
        },
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = title;
    view! { <SimilarList similar root /> }
}

/// The body as it will look: that of the preview step, then rendered on the server 400 ms after
/// the body stops changing (an island).
#[island]
fn LivePreview(initial: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let preview = RwSignal::new(initial);
    let root = NodeRef::new();
    let body = typed_in_ask_form("body", root);
    #[cfg(feature = "hydrate")]
    debounced(
        body,
        std::time::Duration::from_millis(400),
        move |body, generation, mine| async move {
            if body.trim().is_empty() {
                preview.set(None);
                return;
            }
            if let Ok(html) = crate::editing::api::preview_markdown(body).await
                && generation.get_value() == mine
            {
                preview.set(Some(html));
            }
        },
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = body;
    view! {
        <section class="preview" aria-live="polite" node_ref=root>
            {move || {
                preview
                    .get()
                    .map(|html| {
                        view! {
                            <h2 class="preview__heading">{i18n.t(Msg::Preview)}</h2>
                            <div class="prose preview__body" data-testid="preview" inner_html=html></div>
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn SimilarList(
    similar: RwSignal<Vec<SimilarQuestion>>,
    root: NodeRef<leptos::html::Section>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="similar" aria-live="polite" data-testid="similar" node_ref=root>
            {move || {
                let items = similar.get();
                (!items.is_empty())
                    .then(|| {
                        view! {
                            <h2 class="similar__heading">{i18n.t(Msg::SimilarQuestions)}</h2>
                            <ul class="similar__list">
                                {items
                                    .into_iter()
                                    .map(|q| {
                                        let sectors = q
                                            .sectors
                                            .iter()
                                            .map(|s| s.name(i18n.get()).to_string())
                                            .collect::<Vec<_>>()
                                            .join(", ");
                                        view! {
                                            <li>
                                                <a href=format!("/questions/{}", q.id) target="_blank" lang=q.lang.code()>{q.title}</a>
                                                " "
                                                <span class="similar__sectors">{sectors}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
            }}
        </section>
    }
}
