//! Fixed domain vocabularies (legal forms, stages, provinces): stored as slugs, named per language
//! here.

use super::Locale;

/// Legal forms, stages and provinces are fixed vocabularies: translated here, stored as slugs.
pub fn legal_form_name(slug: &str, l: Locale) -> &str {
    match slug {
        "cooperative" => l.pick("Coöperatie", "Cooperative"),
        "association" => l.pick("Vereniging", "Association"),
        "foundation" => l.pick("Stichting", "Foundation"),
        "informal" => l.pick("Informeel collectief", "Informal collective"),
        "bv" => l.pick("BV", "Private company"),
        other => other,
    }
}

pub fn stage_name(slug: &str, l: Locale) -> &str {
    match slug {
        "starting" => l.pick("Startend", "Starting"),
        "growing" => l.pick("Groeiend", "Growing"),
        "established" => l.pick("Gevestigd", "Established"),
        "scaling" => l.pick("Opschalend", "Scaling up"),
        other => other,
    }
}

/// The twelve Dutch provinces, in the order of the official list.
pub const PROVINCES: [(&str, &str); 12] = [
    ("groningen", "Groningen"),
    ("friesland", "Fryslân"),
    ("drenthe", "Drenthe"),
    ("overijssel", "Overijssel"),
    ("flevoland", "Flevoland"),
    ("gelderland", "Gelderland"),
    ("utrecht", "Utrecht"),
    ("noord-holland", "Noord-Holland"),
    ("zuid-holland", "Zuid-Holland"),
    ("zeeland", "Zeeland"),
    ("noord-brabant", "Noord-Brabant"),
    ("limburg", "Limburg"),
];

pub fn province_name(slug: &str) -> &str {
    PROVINCES
        .iter()
        .find(|(s, _)| *s == slug)
        .map(|(_, name)| *name)
        .unwrap_or(slug)
}
