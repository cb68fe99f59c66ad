//! Belonging to a collective: a member asks to join, the collective's admin members approve or
//! refuse. The panel on the collective's page shows each person their part of it.

use crate::accounts::use_viewer;
use crate::error::AppError;
use crate::forms::{FormError, FormState};
use crate::i18n::{Msg, format_date, use_i18n};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MembershipStatus {
    Pending,
    Active,
    Refused,
}

impl MembershipStatus {
    pub fn parse(text: &str) -> Option<MembershipStatus> {
        match text {
            "pending" => Some(MembershipStatus::Pending),
            "active" => Some(MembershipStatus::Active),
            "refused" => Some(MembershipStatus::Refused),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JoinRequest {
    pub user_id: i64,
    pub name: String,
    pub requested_at: i64,
}

/// The caller's relation to one collective, and (for its admins) the open join requests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MembershipPanel {
    pub slug: String,
    pub status: Option<MembershipStatus>,
    pub is_collective_admin: bool,
    pub can_manage: bool,
    pub requests: Vec<JoinRequest>,
}

/// Whether a `(status, role)` membership makes its person an admin of the collective.
#[cfg(feature = "ssr")]
fn is_active_admin((status, role): &(String, String)) -> bool {
    status == "active" && role == "admin"
}

#[server(prefix = "/api", endpoint = "load_membership")]
pub async fn load_membership(slug: String) -> Result<MembershipPanel, AppError> {
    use crate::accounts::{policy, session};
    let db = crate::server::use_db()?;
    let viewer = session::request_viewer();
    let Some(collective_id) = super::db::id_of(&db, &slug).await? else {
        return Err(AppError::NotFound);
    };
    let mine = match &viewer {
        Some(v) => super::db::membership(&db, collective_id, v.id).await?,
        None => None,
    };
    let is_collective_admin = mine.as_ref().is_some_and(is_active_admin);
    let can_manage = policy::manage_collective(viewer.as_ref(), is_collective_admin).is_ok();
    let requests = if can_manage {
        super::db::join_requests(&db, collective_id).await?
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
    let Some(collective_id) = super::db::id_of(&db, &slug).await? else {
        return Err(crate::forms::refuse("join", &[], AppError::NotFound));
    };
    super::db::request_join(&db, collective_id, viewer.id).await?;
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
    let Some(collective_id) = super::db::id_of(&db, &slug).await? else {
        return Err(refuse(AppError::NotFound));
    };
    let is_collective_admin = super::db::membership(&db, collective_id, viewer_ref.id)
        .await?
        .as_ref()
        .is_some_and(is_active_admin);
    let decider =
        policy::manage_collective(viewer.as_ref(), is_collective_admin).map_err(refuse)?;
    let approve = match decision.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => return Err(refuse(AppError::Invalid(Msg::ErrorText))),
    };
    if !super::db::decide_join(&db, collective_id, user_id, approve, decider.id).await? {
        return Err(refuse(AppError::NotFound));
    }
    Ok(())
}

/// The membership box's data and actions. Created by the page itself, next to the profile's
/// resource: a blocking resource created inside another resource's rendering could leave the
/// server-side render waiting (a hang seen in the test suite).
#[derive(Clone, Copy)]
pub struct MembershipState {
    pub join: ServerAction<RequestJoin>,
    pub decide: ServerAction<DecideJoin>,
    pub panel: Resource<Result<MembershipPanel, AppError>>,
}

impl MembershipState {
    pub fn new(slug: Memo<String>) -> MembershipState {
        let join = ServerAction::<RequestJoin>::new();
        let decide = ServerAction::<DecideJoin>::new();
        let panel = Resource::new_blocking(
            move || (slug.get(), join.version().get(), decide.version().get()),
            |(slug, _, _)| load_membership(slug),
        );
        MembershipState {
            join,
            decide,
            panel,
        }
    }
}

/// The membership box on a collective's page.
#[component]
pub fn MembershipBox(state: MembershipState) -> impl IntoView {
    let i18n = use_i18n();
    let MembershipState {
        join,
        decide,
        panel,
    } = state;
    let signed_in = use_viewer().is_some();
    let join_form = FormState::new("join", join.value());
    view! {
        <section class="membership" aria-labelledby="membership-title" data-testid="membership">
            <h2 id="membership-title">{i18n.t(Msg::MembershipTitle)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match panel.await {
                        Err(_) => ().into_any(),
                        Ok(p) => {
                            let slug = p.slug.clone();
                            let status = match p.status {
                                Some(MembershipStatus::Active) if p.is_collective_admin => {
                                    view! { <p class="membership__status">{i18n.t(Msg::MembershipAdmin)}</p> }.into_any()
                                }
                                Some(MembershipStatus::Active) => {
                                    view! { <p class="membership__status">{i18n.t(Msg::MembershipActive)}</p> }.into_any()
                                }
                                Some(MembershipStatus::Pending) => {
                                    view! { <p class="membership__status" data-testid="membership-pending">{i18n.t(Msg::MembershipPending)}</p> }.into_any()
                                }
                                status if signed_in => {
                                    let refused = status == Some(MembershipStatus::Refused);
                                    view! {
                                        {refused.then(|| view! { <p class="muted">{i18n.t(Msg::MembershipRefused)}</p> })}
                                        <ActionForm action=join attr:data-form="join">
                                            <input type="hidden" name="slug" value=slug.clone() />
                                            <FormError form=join_form />
                                            <button type="submit" class="button">{i18n.t(Msg::MembershipAsk)}</button>
                                        </ActionForm>
                                    }.into_any()
                                }
                                _ => {
                                    let next = format!("/signin?next=/collectives/{slug}");
                                    view! {
                                        <p><a class="button button--secondary" href=next>{i18n.t(Msg::MembershipSignInToJoin)}</a></p>
                                    }.into_any()
                                }
                            };
                            let requests = p.can_manage.then(|| view! { <JoinRequests slug=p.slug.clone() requests=p.requests.clone() decide /> });
                            view! { {status} {requests} }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn JoinRequests(
    slug: String,
    requests: Vec<JoinRequest>,
    decide: ServerAction<DecideJoin>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("decide", decide.value());
    view! {
        <div class="join-requests">
            <h3>{i18n.t(Msg::JoinRequestsTitle)}</h3>
            <FormError form />
            {if requests.is_empty() {
                view! { <p class="muted">{i18n.t(Msg::JoinRequestsNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="join-requests__list">
                        {requests
                            .into_iter()
                            .map(|r| {
                                let slug = slug.clone();
                                let date = move || format_date(r.requested_at, i18n.get());
                                view! {
                                    <li class="join-request" data-testid="join-request">
                                        <a href=format!("/users/{}", r.user_id)>{r.name.clone()}</a>
                                        <span class="muted">{date}</span>
                                        <div class="join-request__actions">
                                            {[("approve", Msg::JoinApprove, "button"), ("refuse", Msg::JoinRefuse, "button button--secondary")]
                                                .into_iter()
                                                .map(|(decision, label, class)| {
                                                    let slug = slug.clone();
                                                    view! {
                                                    <ActionForm action=decide attr:data-form="decide">
                                                        <input type="hidden" name="slug" value=slug.clone() />
                                                        <input type="hidden" name="user_id" value=r.user_id />
                                                        <input type="hidden" name="decision" value=decision />
                                                        <button type="submit" class=class>{i18n.t(label)}</button>
                                                    </ActionForm>
                                                }})
                                                .collect_view()}
                                        </div>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}
