//! `/labs/:slug`: a lab's page — its description, pinned, unanswered and recent questions, its
//! partners, and following it.

use super::LabDetail;
use super::api::{FollowLab, get_lab};
use crate::i18n::{Msg, questions_label, use_i18n};
use crate::ui::QuestionCards;
use crate::ui::page_data_in_place;
use crate::ui::{PageHead, Share};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// `/labs/:slug`
#[component]
pub fn LabPage() -> impl IntoView {
    let params = use_params_map();
    let lab = Resource::new_blocking(
        move || params.read().get("slug").unwrap_or_default(),
        get_lab,
    );
    view! {
        {page_data_in_place(lab, move |lab| view! { <LabView lab /> })}
    }
}

#[component]
fn LabView(lab: LabDetail) -> impl IntoView {
    use crate::editing::parts::TextBlock;
    use crate::revisions::EditKind;
    let i18n = use_i18n();
    // Lab texts are the moderators' (the server checks again).
    let can_edit = crate::accounts::use_viewer()
        .is_some_and(|v| crate::accounts::policy::moderate(Some(&v)).is_ok());
    let description = view! {
        <TextBlock
            kind=EditKind::Lab
            id=lab.id
            text_nl=lab.description_nl.clone()
            text_en=lab.description_en.clone()
            version=lab.version
            can_edit
            class="lab__description"
        />
    };
    let pinned = lab.pinned.clone();
    let unanswered = lab.unanswered.clone();
    let signed_in = crate::accounts::use_viewer().is_some();
    let follow = view! {
        <LabFollowButton slug=lab.summary.slug.clone() following=lab.following followers=lab.followers signed_in />
    };
    // The lab's description, else its tagline.
    let head_description = {
        let (nl, en) = (lab.description_nl.clone(), lab.description_en.clone());
        let tagline = lab.summary.clone();
        i18n.head_text(move |l| {
            let text = l.pick(&nl, &en);
            if text.trim().is_empty() {
                tagline.tagline(l).to_string()
            } else {
                text.to_string()
            }
        })
    };
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
    view! {
        <PageHead
            title=i18n.head_text(move |l| title.name(l).to_string())
            description=head_description
            share=Share::Website
        />
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
                <div class="lab__actions">
                    {follow}
                    <a class="button button--small button--secondary" href=format!("/labs/{slug}/dashboard") data-testid="lab-dashboard-link">
                        {i18n.t(Msg::DashboardTitle)}
                    </a>
                </div>
            </header>
            <div class="lab__layout">
                <div class="lab__main">
                    {description}
                    <p class="muted">{i18n.t(explainer)}</p>
                    {(!pinned.is_empty())
                        .then(|| {
                            view! {
                                <section class="lab__pinned" aria-labelledby="pinned-heading" data-testid="lab-pinned">
                                    <h2 id="pinned-heading">"📌 " {i18n.t(Msg::PinnedQuestions)}</h2>
                                    <QuestionCards questions=pinned />
                                </section>
                            }
                        })}
                    {(!unanswered.is_empty())
                        .then(|| {
                            view! {
                                <section class="lab__unanswered" aria-labelledby="unanswered-heading" data-testid="lab-unanswered">
                                    <h2 id="unanswered-heading">{i18n.t(Msg::LabUnansweredTitle)}</h2>
                                    <QuestionCards questions=unanswered />
                                </section>
                            }
                        })}
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

/// "Follow" / "Following" a lab, with the number of followers; a plain form post without
/// JavaScript. Visitors see a link to sign in.
#[component]
fn LabFollowButton(
    slug: String,
    following: bool,
    followers: i64,
    signed_in: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if !signed_in {
        let next = format!("/signin?next=/labs/{slug}");
        return view! {
            <a class="button button--small button--secondary" href=next data-testid="lab-follow">
                {i18n.t(Msg::Follow)}
            </a>
        }
        .into_any();
    }
    let state = RwSignal::new(following);
    let count = RwSignal::new(followers);
    let action = ServerAction::<FollowLab>::new();
    Effect::new(move |_| {
        if let Some(Ok(now)) = action.value().get() {
            if now != state.get_untracked() {
                count.update(|c| *c += if now { 1 } else { -1 });
            }
            state.set(now);
        }
    });
    view! {
        <ActionForm action attr:class="follow">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="follow" value=move || (!state.get()).to_string() />
            <button
                type="submit"
                class="button button--small button--secondary"
                aria-pressed=move || state.get().to_string()
                data-testid="lab-follow"
            >
                {move || if state.get() { i18n.t(Msg::Following)() } else { i18n.t(Msg::Follow)() }}
                " · "
                <span data-testid="lab-followers">{move || count.get()}</span>
            </button>
        </ActionForm>
    }
    .into_any()
}
