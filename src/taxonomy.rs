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

#[cfg(feature = "ssr")]
pub mod db {
    use super::Term;
    use crate::server::db::Db;

    pub async fn sectors(db: &Db) -> Result<Vec<Term>, sqlx::Error> {
        sqlx::query_as::<_, Term>("SELECT slug, name_nl, name_en FROM sectors ORDER BY position")
            .fetch_all(&db.read)
            .await
    }

    pub async fn topics(db: &Db) -> Result<Vec<Term>, sqlx::Error> {
        sqlx::query_as::<_, Term>(
            "SELECT slug, name_nl, name_en FROM challenge_topics ORDER BY position",
        )
        .fetch_all(&db.read)
        .await
    }

    /// The four Partner Labs (not the Collectives Lab), in their order.
    pub async fn partner_labs(db: &Db) -> Result<Vec<Term>, sqlx::Error> {
        sqlx::query_as::<_, Term>(
            "SELECT slug, name_nl, name_en FROM labs WHERE is_partner_lab = 1 ORDER BY position",
        )
        .fetch_all(&db.read)
        .await
    }
}
