//! The collectives' pages: the list (filterable by sector and province, a plain GET form), the
//! profile page with its membership box (`membership`), and founding a collective (`new`).

mod membership;
mod new;

pub use new::NewCollectivePage;

use super::api::{get_collective, list_collectives};
use super::{CollectiveCard, CollectiveList, CollectiveProfile};
use crate::i18n::{Locale, Msg, PROVINCES, legal_form_name, province_name, stage_name, use_i18n};
use crate::taxonomy::TermChips;
use crate::ui::QuestionCards;
use crate::ui::{FilterButtons, part_data};
use crate::ui::{PageHead, Share};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};
use membership::{MembershipBox, MembershipState};

/// `/collectives?sector=…&province=…` (`&after=ID` / `&before=ID`: the next or previous page)
#[component]
pub fn CollectivesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let list = Resource::new_blocking(
        move || {
            let q = query.read();
            let id = |name: &str| q.get(name).and_then(|v| v.parse::<i64>().ok());
            (
                q.get("sector"),
                q.get("province"),
                id("after"),
                id("before"),
            )
        },
        |(sector, province, after, before)| list_collectives(sector, province, after, before),
    );
    view! {
        <PageHead title=i18n.head(Msg::CollectivesTitle) description=i18n.head(Msg::CollectivesIntro) />
        <section class="page">
            <header class="page__header">
                <h1>{i18n.t(Msg::CollectivesTitle)}</h1>
                <p class="lead">{i18n.t(Msg::CollectivesIntro)}</p>
                <Show when=move || query.read().get("welcome").is_some()>
                    <p class="notice" role="status">{i18n.t(Msg::CollectivesWelcome)}</p>
                </Show>
                <p>
                    <a class="button button--secondary" href="/collectives/new">
                        {i18n.t(Msg::NewCollectiveTitle)}
                    </a>
                </p>
            </header>
            {part_data(list, |list| view! { <CollectiveListView list /> })}
        </section>
    }
}

#[component]
fn CollectiveListView(list: CollectiveList) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let current = move |key: &str| query.read().get(key).unwrap_or_default();
    let sectors = list.sectors;
    let items = list.items;
    let count = list.total.max(items.len() as i64);
    // The pages keep the filter (shareable URLs).
    let page_href = move |cursor: &str, id: i64| {
        let q = query.read_untracked();
        let mut params: Vec<String> = ["sector", "province"]
            .into_iter()
            .filter_map(|k| {
                q.get(k)
                    .filter(|v| !v.is_empty())
                    .map(|v| format!("{k}={}", crate::ui::url_encode(&v)))
            })
            .collect();
        params.push(format!("{cursor}={id}"));
        format!("/collectives?{}", params.join("&"))
    };
    let previous = list.previous.map(|id| page_href("before", id));
    let next = list.next.map(|id| page_href("after", id));
    view! {
        <Form method="GET" action="/collectives" attr:class="filters">
            <label>
                <span>{i18n.t(Msg::FilterSector)}</span>
                <select name="sector">
                    <option value="" selected=move || current("sector").is_empty()>
                        {i18n.t(Msg::FilterAll)}
                    </option>
                    {sectors
                        .into_iter()
                        .map(|s| {
                            let slug = s.slug.clone();
                            let value = s.slug.clone();
                            let selected = move || current("sector") == slug;
                            view! {
                                <option value=value selected=selected>
                                    {move || s.name(i18n.get()).to_string()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span>{i18n.t(Msg::FilterProvince)}</span>
                <select name="province">
                    <option value="" selected=move || current("province").is_empty()>
                        {i18n.t(Msg::FilterAll)}
                    </option>
                    {PROVINCES
                        .iter()
                        .map(|(slug, name)| {
                            let selected = move || current("province") == *slug;
                            view! {
                                <option value=*slug selected=selected>
                                    {*name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <FilterButtons reset="/collectives".to_string() />
        </Form>
        <p class="muted" role="status">
            {count}
            " "
            {move || i18n.get().pick("collectieven", "collectives")}
        </p>
        {if items.is_empty() {
            view! { <p class="empty">{i18n.t(Msg::NoCollectivesMatch)}</p> }.into_any()
        } else {
            view! {
                <ul class="collective-grid">
                    {items
                        .into_iter()
                        .map(|card| view! { <CollectiveCardView card /> })
                        .collect_view()}
                </ul>
            }
                .into_any()
        }}
        {(previous.is_some() || next.is_some())
            .then(|| {
                view! {
                    <nav class="pager" aria-label=i18n.t(Msg::Pagination)>
                        {previous
                            .map(|href| {
                                view! {
                                    <a class="button button--secondary" href=href rel="prev" data-testid="collectives-previous">
                                        "← "
                                        {i18n.t(Msg::PreviousPage)}
                                    </a>
                                }
                            })}
                        " "
                        {next
                            .map(|href| {
                                view! {
                                    <a class="button button--secondary" href=href rel="next" data-testid="collectives-next">
                                        {i18n.t(Msg::FollowingPage)}
                                        " →"
                                    </a>
                                }
                            })}
                    </nav>
                }
            })}
    }
}

#[component]
fn CollectiveCardView(card: CollectiveCard) -> impl IntoView {
    let i18n = use_i18n();
    let CollectiveCard {
        slug,
        name,
        sectors,
        municipality,
        province,
        founded_year,
        member_count,
        ..
    } = card;
    view! {
        <li class="collective-card">
            <h2>
                <a href=format!("/collectives/{slug}")>{name}</a>
            </h2>
            <p class="muted">{municipality} " · " {province_name(&province).to_string()}</p>
            <TermChips terms=sectors kind="sector" />
            <p class="collective-card__facts">
                {founded_year
                    .map(|y| view! { <span>{i18n.t(Msg::Founded)} " " {y}</span> })}
                {member_count
                    .map(|n| view! { <span>{n} " " {move || i18n.t(Msg::Members)().to_lowercase()}</span> })}
            </p>
        </li>
    }
}

/// Only web links are rendered as links; anything else stays text.
fn safe_web_link(url: &str) -> Option<&str> {
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

/// `/collectives/:slug`
#[component]
pub fn CollectivePage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let profile = Resource::new_blocking(move || slug.get(), get_collective);
    let membership = MembershipState::new(slug);
    view! {
        {crate::ui::page_data_in_place(profile, move |profile| view! { <CollectiveProfileView profile membership /> })}
    }
}

/// What a collective's page says in search results and link previews: its description in the
/// reader's language, else in the other one, else who and where it is.
fn head_description(nl: &str, en: &str, name: &str, place: &str, l: Locale) -> String {
    let (own, other) = match l {
        Locale::Nl => (nl, en),
        Locale::En => (en, nl),
    };
    [own, other]
        .into_iter()
        .find(|text| !text.trim().is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| {
            format!(
                "{name}, {place}: {}",
                Msg::CollectiveDescriptionFallback.text(l)
            )
        })
}

#[component]
fn CollectiveProfileView(profile: CollectiveProfile, membership: MembershipState) -> impl IntoView {
    use crate::editing::parts::TextBlock;
    use crate::revisions::EditKind;
    let i18n = use_i18n();
    let description = view! {
        <TextBlock
            kind=EditKind::Collective
            id=profile.id
            text_nl=profile.description_nl.clone()
            text_en=profile.description_en.clone()
            version=profile.version
            can_edit=profile.can_edit
            class="collective__description"
        />
    };
    let about = (
        profile.description_nl.clone(),
        profile.description_en.clone(),
        profile.card.name.clone(),
        profile.card.municipality.clone(),
    );
    let head_description = i18n.head_text(move |l| {
        let (nl, en, name, place) = &about;
        head_description(nl, en, name, place, l)
    });
    let CollectiveProfile {
        card,
        volunteer_count,
        website,
        umbrellas,
        members_on_platform,
        questions,
        ..
    } = profile;
    let legal_form = card.legal_form.clone();
    let stage = card.stage.clone();
    let website = website.filter(|w| safe_web_link(w).is_some());
    view! {
        <PageHead title=card.name.clone() description=head_description share=Share::Website />
        <section class="page collective">
            <header class="page__header">
                <h1>{card.name.clone()}</h1>
                <p class="lead">
                    {card.municipality.clone()} " · " {province_name(&card.province).to_string()}
                </p>
                <TermChips terms=card.sectors.clone() kind="sector" />
            </header>
            <div class="lab__layout">
                <div class="lab__main">
                    {description}
                    <h2>{i18n.t(Msg::CollectiveQuestions)}</h2>
                    <QuestionCards questions />
                </div>
                <aside class="lab__aside">
                    <MembershipBox state=membership />
                    <dl class="facts">
                        {card
                            .founded_year
                            .map(|y| view! { <dt>{i18n.t(Msg::Founded)}</dt> <dd>{y}</dd> })}
                        <dt>{i18n.t(Msg::LegalForm)}</dt>
                        <dd>{move || legal_form_name(&legal_form, i18n.get()).to_string()}</dd>
                        <dt>{i18n.t(Msg::Stage)}</dt>
                        <dd>{move || stage_name(&stage, i18n.get()).to_string()}</dd>
                        {card
                            .member_count
                            .map(|n| view! { <dt>{i18n.t(Msg::Members)}</dt> <dd>{n}</dd> })}
                        {volunteer_count
                            .map(|n| view! { <dt>{i18n.t(Msg::Volunteers)}</dt> <dd>{n}</dd> })}
                        <dt>{i18n.t(Msg::CollectiveMembersOnPlatform)}</dt>
                        <dd>{members_on_platform}</dd>
                        {(!umbrellas.is_empty())
                            .then(|| {
                                view! {
                                    <dt>{i18n.t(Msg::Umbrella)}</dt>
                                    <dd>{umbrellas.join(", ")}</dd>
                                }
                            })}
                        {website
                            .map(|w| {
                                view! {
                                    <dt>{i18n.t(Msg::Website)}</dt>
                                    <dd>
                                        <a href=w.clone() rel="noopener nofollow external">{w.clone()}</a>
                                    </dd>
                                }
                            })}
                    </dl>
                </aside>
            </div>
        </section>
    }
}
