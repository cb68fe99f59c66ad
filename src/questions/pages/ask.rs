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
    Effect::new(move |_| {
        if let Some(Ok(path)) = action.value().get() {
            crate::ui::go_to(&path);
        }
    });
    let draft = form.draft.clone().unwrap_or_default();
    // Similar questions: from the preview step, then live while the title is typed.
    let similar = RwSignal::new(form.similar.clone());
    let preview = RwSignal::new(form.preview_html.clone());
    let typed = RwSignal::new((draft.title.clone(), draft.body.clone()));
    let on_input = move |ev: leptos::ev::Event| {
        let Some(target) = event_target_field(&ev) else {
            return;
        };
        typed.update(|(title, body)| match target.0.as_str() {
            "title" => *title = target.1,
            "body" => *body = target.1,
            _ => {}
        });
    };
    debounced_lookups(typed, similar, preview);
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
        <ActionForm action attr:class="form ask-form" attr:data-form="ask" attr:data-flash=state.flash_json() on:input=on_input>
            <input type="hidden" name="lang" value=move || i18n.get().code() />
            <FormError form=state />
            <Field form=state name="title" label=Msg::QuestionTitleLabel hint=Msg::QuestionTitleHint required=true maxlength=150 value=draft.title.clone() />
            <SimilarList similar />
            <Field form=state name="body" label=Msg::BodyLabel hint=Msg::QuestionBodyHint multiline=true required=true maxlength=20000 value=draft.body.clone() />
            <section class="preview" aria-live="polite">
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

/// The name and value of the input or textarea an input event came from.
fn event_target_field(ev: &leptos::ev::Event) -> Option<(String, String)> {
    let name = event_target::<web_sys::Element>(ev).get_attribute("name")?;
    Some((name, event_target_value(ev)))
}

/// In the browser: 300 ms after the title stops changing, similar questions are looked up; 400 ms
/// after the body stops changing, the preview is rendered on the server. Answers to superseded
/// requests are dropped.
fn debounced_lookups(
    typed: RwSignal<(String, String)>,
    similar: RwSignal<Vec<SimilarQuestion>>,
    preview: RwSignal<Option<String>>,
) {
    #[cfg(feature = "hydrate")]
    {
        use std::time::Duration;
        let generation = StoredValue::new((0u32, 0u32));
        let title = Memo::new(move |_| typed.with(|(t, _)| t.clone()));
        let body = Memo::new(move |_| typed.with(|(_, b)| b.clone()));
        Effect::new(move |first: Option<()>| {
            let title = title.get();
            if first.is_none() {
                return;
            }
            generation.update_value(|g| g.0 += 1);
            let mine = generation.get_value().0;
            set_timeout(
                move || {
                    if generation.get_value().0 != mine {
                        return;
                    }
                    if title.trim().chars().count() < 8 {
                        similar.set(Vec::new());
                        return;
                    }
                    let body = body.get_untracked();
                    leptos::task::spawn_local(async move {
                        if let Ok(found) = crate::search::api::similar_questions(title, body).await
                            && generation.get_value().0 == mine
                        {
                            similar.set(found);
                        }
                    });
                },
                Duration::from_millis(300),
            );
        });
        Effect::new(move |first: Option<()>| {
            let body = body.get();
            if first.is_none() {
                return;
            }
            generation.update_value(|g| g.1 += 1);
            let mine = generation.get_value().1;
            set_timeout(
                move || {
                    if generation.get_value().1 != mine {
                        return;
                    }
                    if body.trim().is_empty() {
                        preview.set(None);
                        return;
                    }
                    leptos::task::spawn_local(async move {
                        if let Ok(html) = crate::editing::api::preview_markdown(body).await
                            && generation.get_value().1 == mine
                        {
                            preview.set(Some(html));
                        }
                    });
                },
                Duration::from_millis(400),
            );
        });
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (typed, similar, preview);
    }
}

#[component]
fn SimilarList(similar: RwSignal<Vec<SimilarQuestion>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="similar" aria-live="polite" data-testid="similar">
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
