//! The lab card (the home page shows the five).

use super::LabSummary;
use crate::i18n::{Msg, questions_label, use_i18n};
use leptos::prelude::*;

/// One lab on the home page: its name, tagline and question counts, linking to its page.
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
