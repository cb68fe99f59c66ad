//! The membership box on a collective's page: each person sees their part of belonging to it
//! (asking to join, waiting, being a member), and its admins the open join requests to decide.

use crate::accounts::use_viewer;
use crate::collectives::api::{DecideJoin, RequestJoin, load_membership};
use crate::collectives::{JoinRequest, MembershipPanel, MembershipStatus};
use crate::error::AppError;
use crate::forms::{FormError, FormState};
use crate::i18n::{Msg, format_date, use_i18n};
use leptos::prelude::*;

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
