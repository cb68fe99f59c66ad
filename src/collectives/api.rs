//! The server functions of collectives: the directory and a profile, founding a collective (with
//! its anti-spam limits), and joining one (asking; its admins approving or refusing).

// The form posts one field per server-function argument (what a plain HTML form can send); the
// macro's generated client and server functions take them all.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
use super::{
    COLLECTIVES_PER_PAGE, CollectiveCursor, CollectiveFilter, CollectiveForm, FOUNDED_PER_DAY,
    FOUNDED_PER_DAY_NEW_ACCOUNT, MembershipStatus, NewCollective, db,
};
use super::{CollectiveList, CollectiveProfile, MembershipPanel};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::forms::FieldError;
#[cfg(feature = "ssr")]
use crate::i18n::Msg;
use crate::taxonomy::Term;
use leptos::prelude::*;

/// A page of the directory: the filter, and `after`/`before` (a collective's id; from the
/// "next"/"previous" links). Public.
#[server(prefix = "/api", endpoint = "list_collectives")]
pub async fn list_collectives(
    sector: Option<String>,
    province: Option<String>,
    #[server(default)] after: Option<i64>,
    #[server(default)] before: Option<i64>,
) -> Result<CollectiveList, AppError> {
    let db = crate::server::use_db()?;
    let filter = CollectiveFilter::parse(sector, province);
    let cursor = match (after, before) {
        (Some(id), _) => CollectiveCursor::After(id),
        (None, Some(id)) => CollectiveCursor::Before(id),
        (None, None) => CollectiveCursor::First,
    };
    let page = db::list(&db, &filter, cursor, COLLECTIVES_PER_PAGE).await?;
    Ok(CollectiveList {
        items: page.items,
        total: page.total,
        next: page.next,
        previous: page.previous,
        sectors: crate::taxonomy::db::sectors(&db).await?,
    })
}

#[server(prefix = "/api", endpoint = "collective_profile")]
pub async fn get_collective(slug: String) -> Result<CollectiveProfile, AppError> {
    use crate::accounts::{policy, session};
    let db = crate::server::use_db()?;
    match db::profile(&db, &slug).await? {
        Some(mut profile) => {
            // Whether the reader may edit the description (its admins, moderators).
            if let Some(viewer) = session::request_viewer() {
                let is_admin =
                    crate::accounts::db::is_collective_admin(&db, profile.id, viewer.id).await?;
                profile.can_edit = policy::edit_collective(Some(&viewer), is_admin).is_ok();
            }
            Ok(profile)
        }
        None => {
            crate::error::mark_not_found();
            Err(AppError::NotFound)
        }
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
    let slug = db::create(&db, &new, viewer.id).await?;
    let path = format!("/collectives/{slug}");
    redirect_plain_post(&path);
    Ok(path)
}

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

#[server(prefix = "/api", endpoint = "load_membership")]
pub async fn load_membership(slug: String) -> Result<MembershipPanel, AppError> {
    use crate::accounts::{policy, session};
    let db = crate::server::use_db()?;
    let viewer = session::request_viewer();
    let Some(collective_id) = db::id_of(&db, &slug).await? else {
        return Err(AppError::NotFound);
    };
    let mine = match &viewer {
        Some(v) => crate::accounts::db::collective_membership(&db, collective_id, v.id).await?,
        None => None,
    };
    let is_collective_admin = mine
        .as_ref()
        .is_some_and(crate::accounts::db::is_active_admin);
    let can_manage = policy::manage_collective(viewer.as_ref(), is_collective_admin).is_ok();
    let requests = if can_manage {
        db::join_requests(&db, collective_id).await?
    } else {
        Vec::new()
    };
    Ok(MembershipPanel {
        slug,
        status: mine.and_then(|(status, _)| MembershipStatus::parse(&status)),
        is_collective_admin,
        can_manage,
        requests,
    })
}

/// Asks to join (again, after a refusal). Asking twice changes nothing. Taking part: not while
/// suspended.
#[server(prefix = "/api", endpoint = "request_join")]
pub async fn request_join(slug: String) -> Result<(), AppError> {
    use crate::accounts::{policy, session};
    let viewer = session::request_viewer();
    let viewer =
        policy::participate(viewer.as_ref()).map_err(|e| crate::forms::refuse("join", &[], e))?;
    let db = crate::server::use_db()?;
    let Some(collective_id) = db::id_of(&db, &slug).await? else {
        return Err(crate::forms::refuse("join", &[], AppError::NotFound));
    };
    db::request_join(&db, collective_id, viewer.id).await?;
    Ok(())
}

/// Approves (`decision` = "approve") or refuses a pending join request: the collective's admins
/// and platform admins, not while suspended (`policy::manage_collective`).
#[server(prefix = "/api", endpoint = "decide_join")]
pub async fn decide_join(slug: String, user_id: i64, decision: String) -> Result<(), AppError> {
    use crate::accounts::{policy, session};
    let viewer = session::request_viewer();
    let refuse = |e: AppError| crate::forms::refuse("decide", &[], e);
    let viewer_ref = policy::member(viewer.as_ref()).map_err(refuse)?;
    let db = crate::server::use_db()?;
    let Some(collective_id) = db::id_of(&db, &slug).await? else {
        return Err(refuse(AppError::NotFound));
    };
    let is_collective_admin =
        crate::accounts::db::is_collective_admin(&db, collective_id, viewer_ref.id).await?;
    let decider =
        policy::manage_collective(viewer.as_ref(), is_collective_admin).map_err(refuse)?;
    let approve = match decision.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => return Err(refuse(AppError::Invalid(Msg::ErrorText))),
    };
    if !db::decide_join(&db, collective_id, user_id, approve, decider.id).await? {
        return Err(refuse(AppError::NotFound));
    }
    Ok(())
}
