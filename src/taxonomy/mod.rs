//! Reference vocabularies held in the database with a name per language: sectors, challenge
//! topics and labs as they appear on other features' cards.

use crate::i18n::{Locale, use_i18n};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A sector, a challenge topic or a lab, as shown on a card or chip.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Term {
    pub slug: String,
    pub name_nl: String,
    pub name_en: String,
}

impl Term {
    pub fn name(&self, l: Locale) -> &str {
        l.pick(&self.name_nl, &self.name_en)
    }
}

/// Chips for a list of sectors or topics; `kind` is a CSS modifier (`sector`, `topic`).
#[component]
pub fn TermChips(terms: Vec<Term>, kind: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let class = format!("chip chip--{kind}");
    view! {
        <ul class="chips">
            {terms
                .into_iter()
                .map(|term| {
                    let class = class.clone();
                    view! { <li class=class>{move || term.name(i18n.get()).to_string()}</li> }
                })
                .collect_view()}
        </ul>
    }
}

/// The slug of the lab that holds every question.
pub const COLLECTIVES_LAB: &str = "collectives";

/// The five labs (reference data of migration 0002, which never changes at run time): slug,
/// Dutch and English name, in their order. For choices that need no database round trip.
pub const LABS: [(&str, &str, &str); 5] = [
    ("collectives", "Collectievenlab", "Collectives Lab"),
    ("network", "Netwerklab", "Network Lab"),
    ("finance", "Financieringslab", "Finance Lab"),
    ("government", "Overheidslab", "Government Lab"),
    ("science", "Wetenschapslab", "Science Lab"),
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabSummary {
    pub slug: String,
    pub is_partner_lab: bool,
    pub name_nl: String,
    pub name_en: String,
    pub tagline_nl: String,
    pub tagline_en: String,
    /// Questions in the lab: all of them for the Collectives Lab, the routed ones for a Partner Lab.
    pub question_count: i64,
    /// Of those, the ones still waiting for a first answer.
    pub open_count: i64,
}

impl LabSummary {
    pub fn name(&self, l: Locale) -> &str {
        l.pick(&self.name_nl, &self.name_en)
    }

    pub fn tagline(&self, l: Locale) -> &str {
        l.pick(&self.tagline_nl, &self.tagline_en)
    }

    pub fn term(&self) -> Term {
        Term {
            slug: self.slug.clone(),
            name_nl: self.name_nl.clone(),
            name_en: self.name_en.clone(),
        }
    }
}

#[cfg(feature = "ssr")]
pub mod db;
