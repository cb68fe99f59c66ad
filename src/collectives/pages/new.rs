//! `/collectives/new`: founding a collective. A signed-in member fills in the profile (the
//! fields of `CollectiveForm`); the server checks it (`NewCollective::parse`) and answers the new
//! profile's path.

use crate::accounts::use_viewer;
use crate::collectives::api::{CreateCollective, collective_form_options};
use crate::collectives::{LEGAL_FORMS, STAGES};
use crate::forms::{Field, FormError, FormState};
use crate::i18n::{Locale, Msg, PROVINCES, legal_form_name, province_name, stage_name, use_i18n};
use crate::taxonomy::Term;
use crate::ui::PageHead;
use crate::ui::part_data;
use leptos::prelude::*;

/// `/collectives/new`
#[component]
pub fn NewCollectivePage() -> impl IntoView {
    let i18n = use_i18n();
    let sectors = Resource::new_blocking(|| (), |_| collective_form_options());
    let signed_in = use_viewer().is_some();
    view! {
        <PageHead title=i18n.head(Msg::NewCollectiveTitle) description=i18n.head(Msg::NewCollectiveIntro) />
        <section class="page page--narrow">
            <header class="page__header">
                <h1>{i18n.t(Msg::NewCollectiveTitle)}</h1>
                <p class="lead">{i18n.t(Msg::NewCollectiveIntro)}</p>
            </header>
            {if signed_in {
                part_data(sectors, |sectors| view! { <CollectiveFormView sectors /> }).into_any()
            } else {
                view! { <crate::ui::SignInFirst next="/collectives/new" /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn CollectiveFormView(sectors: Vec<Term>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<CreateCollective>::new();
    let form = FormState::new("collective", action.value());
    Effect::new(move |_| {
        if let Some(Ok(path)) = action.value().get() {
            crate::ui::go_to(&path);
        }
    });
    // Choices whose texts follow the language switch.
    let choices = move |values: &[&'static str], name: fn(&'static str, Locale) -> &'static str| {
        values
            .iter()
            .map(|value| {
                let value = *value;
                let text = Signal::derive(move || name(value, i18n.get()).to_string());
                (value.to_string(), text)
            })
            .collect::<Vec<_>>()
    };
    let provinces: Vec<&'static str> = PROVINCES.iter().map(|(slug, _)| *slug).collect();
    let sectors_error = form.error("sectors");
    view! {
        <ActionForm action attr:class="form" attr:data-form="collective" attr:data-flash=form.flash_json()>
            <FormError form />
            <Field form name="name" label=Msg::CollectiveName required=true maxlength=120 />
            <fieldset class="field field--choices" class:field--invalid=move || sectors_error.get().is_some()>
                <legend>{i18n.t(Msg::CollectiveSectors)}</legend>
                <div class="choices">
                    {sectors
                        .into_iter()
                        .enumerate()
                        .map(|(i, s)| view! {
                            <label class="choice">
                                <input type="checkbox" name=format!("sectors[{i}]") value=s.slug.clone() />
                                <span>{move || s.name(i18n.get()).to_string()}</span>
                            </label>
                        })
                        .collect_view()}
                </div>
                <p class="field__error" role="alert">
                    {move || sectors_error.get().map(|m| m.text(i18n.get()))}
                </p>
            </fieldset>
            <Field form name="municipality" label=Msg::Municipality required=true maxlength=80 />
            <Field form name="province" label=Msg::FilterProvince required=true options=choices(&provinces, |s, _| province_name(s)) />
            <Field form name="legal_form" label=Msg::LegalForm required=true options=choices(&LEGAL_FORMS, legal_form_name) />
            <Field form name="stage" label=Msg::Stage required=true options=choices(&STAGES, stage_name) />
            <Field form name="founded_year" label=Msg::Founded kind="number" />
            <Field form name="member_count" label=Msg::Members kind="number" />
            <Field form name="volunteer_count" label=Msg::Volunteers kind="number" />
            <Field form name="website" label=Msg::Website kind="url" maxlength=200 />
            <Field form name="umbrellas" label=Msg::Umbrella hint=Msg::UmbrellasHint />
            <Field form name="description_nl" label=Msg::DescriptionNl maxlength=4000 multiline=true />
            <Field form name="description_en" label=Msg::DescriptionEn maxlength=4000 multiline=true />
            <label class="choice">
                <input type="checkbox" name="consent_open_data" value="yes" />
                <span>{i18n.t(Msg::ConsentOpenData)}</span>
            </label>
            <button type="submit" class="button">{i18n.t(Msg::NewCollectiveSubmit)}</button>
        </ActionForm>
    }
}
