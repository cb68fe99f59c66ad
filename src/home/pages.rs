//! `/`: the home page.

use super::HomeData;
use super::api::get_home;
use crate::i18n::{Msg, use_i18n};
use crate::labs::parts::LabCard;
use crate::ui::PageHead;
use crate::ui::QuestionCards;
use crate::ui::part_data;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let home = Resource::new_blocking(|| (), |_| get_home());
    let query = leptos_router::hooks::use_query_map();
    let deleted = move || query.read().get("account").as_deref() == Some("deleted");
    view! {
        <PageHead title=i18n.head(Msg::SiteTagline) description=i18n.head(Msg::HomeDescription) />
        <Show when=deleted>
            <p class="notice" role="status" data-testid="account-deleted">
                {i18n.t(Msg::AccountDeleted)}
            </p>
        </Show>
        <section class="hero">
            <h1>{i18n.t(Msg::HomeHeroTitle)}</h1>
            <p class="hero__text">{i18n.t(Msg::HomeHeroText)}</p>
            <p class="hero__actions">
                <a class="button" href="/questions">
                    {i18n.t(Msg::HomeBrowseQuestions)}
                </a>
                <a class="button button--secondary" href="/collectives">
                    {i18n.t(Msg::HomeFindCollectives)}
                </a>
            </p>
        </section>
        {part_data(home, |data| view! { <HomeSections data /> })}
    }
}

#[component]
fn HomeSections(data: HomeData) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="stats" aria-labelledby="stats-heading">
            <h2 id="stats-heading" class="visually-hidden">{i18n.t(Msg::HomeStatsTitle)}</h2>
            <dl class="stats__list">
                <div>
                    <dt>{i18n.t(Msg::HomeStatsCollectives)}</dt>
                    <dd data-testid="stat-collectives">{data.collective_count}</dd>
                </div>
                <div>
                    <dt>{i18n.t(Msg::HomeStatsQuestions)}</dt>
                    <dd data-testid="stat-questions">{data.question_count}</dd>
                </div>
                <div>
                    <dt>{i18n.t(Msg::HomeStatsAnswers)}</dt>
                    <dd data-testid="stat-answers">{data.answer_count}</dd>
                </div>
            </dl>
        </section>
        <section aria-labelledby="labs-heading">
            <h2 id="labs-heading">{i18n.t(Msg::HomeLabsTitle)}</h2>
            <ul class="lab-grid">
                {data.labs.into_iter().map(|lab| view! { <LabCard lab /> }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="latest-heading">
            <h2 id="latest-heading">{i18n.t(Msg::HomeLatestTitle)}</h2>
            <QuestionCards questions=data.latest />
            <p>
                <a class="button button--secondary" href="/questions">
                    {i18n.t(Msg::AllQuestions)}
                </a>
            </p>
        </section>
    }
}
