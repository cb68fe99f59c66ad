//! Founding a collective on the platform: a signed-in member fills in the profile (the fields of
//! DESIGN §3) and becomes the collective's first admin member.

// The form posts one field per server-function argument (what a plain HTML form can send); the
// macro's generated client and server functions take them all.
#![allow(clippy::too_many_arguments)]

use crate::accounts::use_viewer;
use crate::app::page_data;
use crate::error::AppError;
use crate::forms::{Field, FieldError, FormError, FormState};
use crate::i18n::{Locale, Msg, PROVINCES, legal_form_name, province_name, stage_name, use_i18n};
use crate::taxonomy::Term;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

pub const LEGAL_FORMS: [&str; 5] = ["cooperative", "association", "foundation", "informal", "bv"];
pub const STAGES: [&str; 4] = ["starting", "growing", "established", "scaling"];

/// The form as posted (every field text, as browsers send it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectiveForm {
    pub name: String,
    #[serde(default)]
    pub sectors: Vec<String>,
    pub municipality: String,
    pub province: String,
    pub legal_form: String,
    pub stage: String,
    #[serde(default)]
    pub founded_year: String,
    #[serde(default)]
    pub member_count: String,
    #[serde(default)]
    pub volunteer_count: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub umbrellas: String,
    #[serde(default)]
    pub description_nl: String,
    #[serde(default)]
    pub description_en: String,
    #[serde(default)]
    pub consent_open_data: Option<String>,
}

/// A collective profile that passed every check.
#[derive(Clone, Debug, PartialEq)]
pub struct NewCollective {
    pub name: String,
    pub sectors: Vec<String>,
    pub municipality: String,
    pub province: String,
    pub legal_form: String,
    pub stage: String,
    pub founded_year: Option<i64>,
    pub member_count: Option<i64>,
    pub volunteer_count: Option<i64>,
    pub website: Option<String>,
    pub umbrellas: Vec<String>,
    pub description_nl: String,
    pub description_en: String,
    pub consent_open_data: bool,
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl NewCollective {
    /// Checks every field; `known_sectors` are the sector slugs that exist, `this_year` bounds the
    /// founding year. All messages at once, one per field.
    pub fn parse(
        form: &CollectiveForm,
        known_sectors: &[String],
        this_year: i64,
    ) -> Result<NewCollective, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, msg: Msg| errors.push(FieldError::new(field, msg));
        let name = squeeze(&form.name);
        if !(2..=120).contains(&name.chars().count()) {
            fail("name", Msg::CollectiveNameInvalid);
        }
        // Known sectors only, each once (in the order of `known_sectors`).
        let sectors: Vec<String> = known_sectors
            .iter()
            .filter(|k| form.sectors.contains(k))
            .cloned()
            .collect();
        if sectors.is_empty() || form.sectors.iter().any(|s| !known_sectors.contains(s)) {
            fail("sectors", Msg::SectorsMissing);
        }
        let municipality = squeeze(&form.municipality);
        if !(2..=80).contains(&municipality.chars().count()) {
            fail("municipality", Msg::MunicipalityInvalid);
        }
        if !PROVINCES.iter().any(|(p, _)| *p == form.province) {
            fail("province", Msg::ProvinceMissing);
        }
        if !LEGAL_FORMS.contains(&form.legal_form.as_str()) {
            fail("legal_form", Msg::LegalFormMissing);
        }
        if !STAGES.contains(&form.stage.as_str()) {
            fail("stage", Msg::StageMissing);
        }
        let mut number = |field: &str, text: &str, range: std::ops::RangeInclusive<i64>| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            match text.parse::<i64>() {
                Ok(n) if range.contains(&n) => Some(n),
                _ => {
                    fail(field, Msg::NumberInvalid);
                    None
                }
            }
        };
        let founded_year = number("founded_year", &form.founded_year, 1800..=this_year);
        let member_count = number("member_count", &form.member_count, 0..=10_000_000);
        let volunteer_count = number("volunteer_count", &form.volunteer_count, 0..=1_000_000);
        let website = form.website.trim();
        let website = if website.is_empty() {
            None
        } else if (website.starts_with("https://") || website.starts_with("http://"))
            && website.len() <= 200
            && !website
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<')
        {
            Some(website.to_string())
        } else {
            fail("website", Msg::WebsiteInvalid);
            None
        };
        let umbrellas: Vec<String> = form
            .umbrellas
            .split(',')
            .map(squeeze)
            .filter(|u| !u.is_empty())
            .collect();
        if umbrellas.len() > 10 || umbrellas.iter().any(|u| u.chars().count() > 120) {
            fail("umbrellas", Msg::UmbrellasInvalid);
        }
        let description_nl = form.description_nl.trim().to_string();
        let description_en = form.description_en.trim().to_string();
        if description_nl.chars().count() > 4000 {
            fail("description_nl", Msg::DescriptionTooLong);
        }
        if description_en.chars().count() > 4000 {
            fail("description_en", Msg::DescriptionTooLong);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewCollective {
            name,
            sectors,
            municipality,
            province: form.province.clone(),
            legal_form: form.legal_form.clone(),
            stage: form.stage.clone(),
            founded_year,
            member_count,
            volunteer_count,
            website,
            umbrellas,
            description_nl,
            description_en,
            consent_open_data: form.consent_open_data.is_some(),
        })
    }
}

/// A URL slug from a name: lower-case ASCII letters and digits with single dashes.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ĳ' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ÿ' | 'ý' => 'y',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "collectief".to_string()
    } else {
        slug
    }
}

/// What the form needs: the sectors to choose from.
#[server(prefix = "/api", endpoint = "collective_form_options")]
pub async fn collective_form_options() -> Result<Vec<Term>, AppError> {
    let db = crate::server::use_db()?;
    Ok(crate::taxonomy::db::sectors(&db).await?)
}

/// Founds a collective; the founder becomes its admin member. Answers the new profile's path.
#[server(prefix = "/api", endpoint = "create_collective")]
pub async fn create_collective(
    name: String,
    sectors: Option<Vec<String>>,
    municipality: String,
    province: String,
    legal_form: String,
    stage: String,
    founded_year: String,
    member_count: String,
    volunteer_count: String,
    website: String,
    umbrellas: String,
    description_nl: String,
    description_en: String,
    consent_open_data: Option<String>,
) -> Result<String, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{redirect_plain_post, refuse};
    let form = CollectiveForm {
        name,
        sectors: sectors.unwrap_or_default(),
        municipality,
        province,
        legal_form,
        stage,
        founded_year,
        member_count,
        volunteer_count,
        website,
        umbrellas,
        description_nl,
        description_en,
        consent_open_data,
    };
    let values = [
        ("name", form.name.as_str()),
        ("municipality", form.municipality.as_str()),
        ("province", form.province.as_str()),
        ("legal_form", form.legal_form.as_str()),
        ("stage", form.stage.as_str()),
        ("founded_year", form.founded_year.as_str()),
        ("member_count", form.member_count.as_str()),
        ("volunteer_count", form.volunteer_count.as_str()),
        ("website", form.website.as_str()),
        ("umbrellas", form.umbrellas.as_str()),
        ("description_nl", form.description_nl.as_str()),
        ("description_en", form.description_en.as_str()),
    ];
    let fail = |e: AppError| refuse("collective", &values, e);
    let viewer = session::request_viewer();
    // Founding is taking part: not while suspended (issue 15).
    let viewer = policy::participate(viewer.as_ref()).map_err(fail)?;
    let db = crate::server::use_db()?;
    let known: Vec<String> = crate::taxonomy::db::sectors(&db)
        .await?
        .into_iter()
        .map(|t| t.slug)
        .collect();
    let this_year = crate::i18n::civil_date(crate::server::db::now_ms()).0;
    let new = NewCollective::parse(&form, &known, this_year)
        .map_err(|errors| fail(AppError::Fields(errors)))?;
    founding_limits(&db, viewer.id, &new).await.map_err(fail)?;
    let slug = super::db::create(&db, &new, viewer.id).await?;
    let path = format!("/collectives/{slug}");
    redirect_plain_post(&path);
    Ok(path)
}

/// Collectives one account may found in a day; an account younger than
/// `accounts::limits::NEW_FOR_DAYS` days may found one.
pub const FOUNDED_PER_DAY: u32 = 3;
pub const FOUNDED_PER_DAY_NEW_ACCOUNT: u32 = 1;

/// How many links a collective's texts carry: the website counts as one, and every address in
/// the name, the umbrellas and the descriptions as another.
#[cfg(feature = "ssr")]
pub fn link_count(new: &NewCollective) -> usize {
    let texts = [
        new.name.as_str(),
        new.description_nl.as_str(),
        new.description_en.as_str(),
    ];
    usize::from(new.website.is_some())
        + texts
            .into_iter()
            .chain(new.umbrellas.iter().map(String::as_str))
            .map(crate::server::markdown::link_count)
            .sum::<usize>()
}

/// The anti-spam limits of founding (issue 15): a new account gives at most
/// `limits::LINKS_PER_POST` links, and every account founds at most `FOUNDED_PER_DAY` collectives
/// a day (`FOUNDED_PER_DAY_NEW_ACCOUNT` while new). The day's count is a database rate limit
/// (`rate_limit::take` counts the attempt before it reads the count, so a parallel burst cannot
/// pass it), taken only for a form that is otherwise valid.
#[cfg(feature = "ssr")]
async fn founding_limits(
    db: &crate::server::db::Db,
    user_id: i64,
    new: &NewCollective,
) -> Result<(), AppError> {
    use crate::accounts::{limits, rate_limit};
    let is_new = crate::accounts::db::is_new_account(db, user_id, limits::NEW_FOR_DAYS).await?;
    if is_new && link_count(new) > limits::LINKS_PER_POST {
        let field = if new.website.is_some() {
            "website"
        } else {
            "description_nl"
        };
        return Err(AppError::Fields(vec![FieldError::new(
            field,
            Msg::NewAccountCollectiveLinks,
        )]));
    }
    let limit = rate_limit::Limit {
        max: if is_new {
            FOUNDED_PER_DAY_NEW_ACCOUNT
        } else {
            FOUNDED_PER_DAY
        },
        window_ms: 24 * 3_600_000,
    };
    let bucket = format!("found-collective:{user_id}");
    if rate_limit::take(db, &[(&bucket, limit)]).await? {
        Ok(())
    } else {
        Err(AppError::Invalid(Msg::CollectivesPerDay))
    }
}

/// `/collectives/new`
#[component]
pub fn NewCollectivePage() -> impl IntoView {
    let i18n = use_i18n();
    let sectors = Resource::new_blocking(|| (), |_| collective_form_options());
    let signed_in = use_viewer().is_some();
    view! {
        <Title text=i18n.head(Msg::NewCollectiveTitle) />
        <section class="page page--narrow">
            <header class="page__header">
                <h1>{i18n.t(Msg::NewCollectiveTitle)}</h1>
                <p class="lead">{i18n.t(Msg::NewCollectiveIntro)}</p>
            </header>
            {if signed_in {
                page_data(sectors, |sectors| view! { <CollectiveFormView sectors /> }).into_any()
            } else {
                view! { <crate::accounts::ui::SignInFirst next="/collectives/new" /> }.into_any()
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
            crate::accounts::ui::go_to(&path);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CollectiveForm {
        CollectiveForm {
            name: "  Energiecoöperatie   Zonnig Zuid ".into(),
            sectors: vec!["energy".into()],
            municipality: "Tilburg".into(),
            province: "noord-brabant".into(),
            legal_form: "cooperative".into(),
            stage: "starting".into(),
            founded_year: "2024".into(),
            member_count: "120".into(),
            ..CollectiveForm::default()
        }
    }

    #[test]
    fn a_complete_form_parses() {
        let known = vec!["energy".to_string(), "care".to_string()];
        let twice = CollectiveForm {
            sectors: vec!["care".into(), "energy".into(), "care".into()],
            ..form()
        };
        let new = NewCollective::parse(&twice, &known, 2026).expect("valid");
        assert_eq!(new.sectors, ["energy", "care"], "each sector once");
        let new = NewCollective::parse(&form(), &known, 2026).expect("valid");
        assert_eq!(new.name, "Energiecoöperatie Zonnig Zuid");
        assert_eq!(new.founded_year, Some(2024));
        assert_eq!(new.volunteer_count, None);
        assert!(!new.consent_open_data);
        assert_eq!(slugify(&new.name), "energiecooperatie-zonnig-zuid");
    }

    #[test]
    fn every_wrong_field_gets_its_message() {
        let known = vec!["energy".to_string()];
        let bad = CollectiveForm {
            name: "X".into(),
            sectors: vec!["energy".into(), "'; DROP TABLE".into()],
            province: "bavaria".into(),
            founded_year: "2099".into(),
            website: "javascript:alert(1)".into(),
            ..form()
        };
        let errors = NewCollective::parse(&bad, &known, 2026).expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["name", "sectors", "province", "founded_year", "website"]
        );
    }

    #[test]
    fn slugs_are_plain() {
        assert_eq!(
            slugify("Broodfonds 't Gouden Korstje!"),
            "broodfonds-t-gouden-korstje"
        );
        assert_eq!(slugify("???"), "collectief");
    }
}

#[cfg(all(test, feature = "ssr"))]
#[path = "found_tests.rs"]
mod found_tests;
