//! `/users/:id`: a person's public profile.

use super::UserProfile;
use super::api::get_user_profile;
use crate::i18n::{Msg, format_date, use_i18n};
use crate::moderation::parts::UserModeration;
use crate::ui::PageHead;
use crate::ui::{LabBadge, QuestionCards, page_data};
use leptos::prelude::*;

/// `/users/:id`
#[component]
pub fn ProfilePage() -> impl IntoView {
    let profile = crate::ui::resource_by_id(get_user_profile, Signal::stored(0));
    view! { <section class="page">{page_data(profile, |p| view! { <ProfileView profile=p /> })}</section> }
}

#[component]
fn ProfileView(profile: UserProfile) -> impl IntoView {
    let i18n = use_i18n();
    let name = profile.name.clone();
    let joined = move || format_date(profile.joined_at, i18n.get());
    let bio = {
        let (nl, en) = (profile.bio_nl.clone(), profile.bio_en.clone());
        move || i18n.get().pick(&nl, &en).to_string()
    };
    let head_description = {
        let (nl, en, who) = (profile.bio_nl.clone(), profile.bio_en.clone(), name.clone());
        i18n.head_text(move |l| {
            let bio = l.pick(&nl, &en);
            if bio.trim().is_empty() {
                format!("{who}: {}", Msg::ProfileDescription.text(l))
            } else {
                bio.to_string()
            }
        })
    };
    view! {
        <PageHead title=name.clone() description=head_description />
        <header class="page__header profile__header">
            <h1>{name}</h1>
            <p class="muted">{i18n.t(Msg::MemberSince)} " " {joined}</p>
            {profile.is_moderator.then(|| view! { <span class="badge">{i18n.t(Msg::RoleModerator)}</span> })}
            <p>{bio}</p>
        </header>
        {crate::accounts::use_viewer()
            .is_some_and(|v| crate::accounts::policy::discipline(Some(&v), profile.id, false).is_ok())
            .then(|| {
                view! {
                    <UserModeration
                        user_id=profile.id
                        suspended_until=profile.suspended_until
                    />
                }
            })}
        <div class="profile__facts">
            {(!profile.labs.is_empty()).then(|| view! {
                <section data-testid="profile-labs">
                    <h2>{i18n.t(Msg::ProfileLabs)}</h2>
                    <ul class="plain-list">
                        {profile.labs.iter().cloned().map(|r| view! {
                            <li><LabBadge lab=r.lab /> " " {r.organisation}</li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <section>
                <h2>{i18n.t(Msg::ProfileCollectives)}</h2>
                {if profile.collectives.is_empty() {
                    view! { <p class="muted">{i18n.t(Msg::ProfileNoCollectives)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list">
                            {profile.collectives.iter().cloned().map(|c| view! {
                                <li>
                                    <a href=format!("/collectives/{}", c.slug)>{c.name}</a>
                                    {c.is_admin.then(|| view! { " " <span class="badge">{i18n.t(Msg::RoleCollectiveAdmin)}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </div>
        <section>
            <h2>{i18n.t(Msg::ProfileQuestions)}</h2>
            {if profile.questions.is_empty() {
                view! { <p class="muted">{i18n.t(Msg::ProfileNone)}</p> }.into_any()
            } else {
                view! { <QuestionCards questions=profile.questions.clone() /> }.into_any()
            }}
        </section>
        <section>
            <h2>{i18n.t(Msg::ProfileAnswers)}</h2>
            {if profile.answers.is_empty() {
                view! { <p class="muted">{i18n.t(Msg::ProfileNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list answer-links">
                        {profile.answers.iter().cloned().map(|a| {
                            let date = move || format_date(a.created_at, i18n.get());
                            view! {
                                <li>
                                    <a href=format!("/questions/{}", a.question_id)>{a.question_title}</a>
                                    " " <span class="muted">{date}</span>
                                    {a.is_accepted.then(|| view! { " " <span class="badge badge--accepted">{i18n.t(Msg::AcceptedAnswer)}</span> })}
                                    {a.expert_lab.map(|lab| view! { " " <LabBadge lab /> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
