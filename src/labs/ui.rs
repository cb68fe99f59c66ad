//! Lab cards (home page) and the lab page.

use super::{LabDetail, LabSummary, get_lab};
use crate::app::page_data;
use crate::i18n::{Msg, questions_label, use_i18n};
use crate::questions::ui::QuestionCards;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn LabCard(lab: LabSummary) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/labs/{}", lab.slug);
    let class = format!("lab-card lab-card--{}", lab.slug);
    let (count, open) = (lab.question_count, lab.open_count);
    let lab_name = lab.clone();
    view! {
        <li class=class>
            <h3>
                <a href=href>{move || lab_name.name(i18n.get()).to_string()}</a>
            </h3>
            <p>{move || lab.tagline(i18n.get()).to_string()}</p>
            <p class="lab-card__counts">
                <strong data-testid="lab-question-count">
                    {move || questions_label(i18n.get(), count)}
                </strong>
                " · "
                {open}
                " "
                {i18n.t(Msg::LabOpenCount)}
            </p>
        </li>
    }
}

/// `/labs/:slug`
#[component]
pub fn LabPage() -> impl IntoView {
    let params = use_params_map();
    let lab = Resource::new_blocking(
        move || params.read().get("slug").unwrap_or_default(),
        get_lab,
    );
    view! {
        {page_data(lab, |lab| view! { <LabView lab /> })}
    }
}

#[component]
fn LabView(lab: LabDetail) -> impl IntoView {
    let i18n = use_i18n();
    let summary = lab.summary;
    let slug = summary.slug.clone();
    let name = summary.clone();
    let title = summary.clone();
    let (count, open) = (summary.question_count, summary.open_count);
    let explainer = if summary.is_partner_lab {
        Msg::LabRoutedExplainer
    } else {
        Msg::LabCollectivesExplainer
    };
    let all_href = if summary.is_partner_lab {
        format!("/questions?lab={slug}")
    } else {
        "/questions".to_string()
    };
    let (description_nl, description_en) = (lab.description_nl, lab.description_en);
    view! {
        <Title text=i18n.head_text(move |l| title.name(l).to_string()) />
        <section class=format!("page lab lab--{slug}")>
            <header class="page__header lab__header">
                <h1>{move || name.name(i18n.get()).to_string()}</h1>
                <p class="lead">{move || summary.tagline(i18n.get()).to_string()}</p>
                <p class="lab__figures">
                    <strong>{move || questions_label(i18n.get(), count)}</strong>
                    " · "
                    {open}
                    " "
                    {i18n.t(Msg::LabOpenCount)}
                </p>
            </header>
            <div class="lab__layout">
                <div class="lab__main">
                    <p class="lab__description">
                        {move || i18n.get().pick(&description_nl, &description_en).to_string()}
                    </p>
                    <p class="muted">{i18n.t(explainer)}</p>
                    <h2>{i18n.t(Msg::LabQuestionsTitle)}</h2>
                    <QuestionCards questions=lab.recent />
                    <p>
                        <a class="button button--secondary" href=all_href>
                            {i18n.t(Msg::AllQuestions)}
                        </a>
                    </p>
                </div>
                {(!lab.partners.is_empty())
                    .then(|| {
                        view! {
                            <aside class="lab__aside" aria-labelledby="partners-heading">
                                <h2 id="partners-heading">{i18n.t(Msg::LabPartners)}</h2>
                                <ul class="partners">
                                    {lab
                                        .partners
                                        .into_iter()
                                        .map(|p| {
                                            view! {
                                                <li>
                                                    <span class="author">{p.name}</span>
                                                    <span class="muted">{p.organisation}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </aside>
                        }
                    })}
            </div>
        </section>
    }
}
