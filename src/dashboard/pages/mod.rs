//! The dashboard pages: `/labs/:slug/dashboard`, `/stats` (public) and `/admin/overview`
//! (admins). Rendered on the server; in the browser the page is shown again, in place, every 30
//! seconds while the tab is visible and whenever the window gets the focus back
//! (`data-refresh-seconds`, `public/nav.js`): same boxes, same sizes, no layout shift.
//! The weekly trend is drawn by `chart`.

mod chart;

use super::api::{load_admin_overview, load_lab_dashboard, load_platform_stats};
use super::{
    AdminOverview, Durations, Figures, Giving, Heat, LabDashboard, LabRow, LabStats, PlatformStats,
};
use crate::i18n::{Locale, Msg, format_date, iso_date, use_i18n};
use crate::ui::PageHead;
use crate::ui::live::REFRESH_SECONDS;
use crate::ui::{page_data_in_place, part_data_in_place};
use chart::TrendChart;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// A duration in words: minutes, hours or days.
pub fn format_duration(ms: i64, l: Locale) -> String {
    let minutes = ms / 60_000;
    if minutes < 60 {
        return format!("{} min", minutes.max(1));
    }
    let hours = ms as f64 / 3_600_000.0;
    if hours < 48.0 {
        let h = if hours < 10.0 {
            format!("{:.1}", hours)
        } else {
            format!("{:.0}", hours)
        };
        let h = match l {
            Locale::Nl => h.replace('.', ","),
            Locale::En => h,
        };
        return format!("{h} {}", Msg::UnitHours.text(l));
    }
    let days = hours / 24.0;
    let d = if days < 10.0 {
        format!("{:.1}", days)
    } else {
        format!("{:.0}", days)
    };
    let d = match l {
        Locale::Nl => d.replace('.', ","),
        Locale::En => d,
    };
    format!("{d} {}", Msg::UnitDays.text(l))
}

/// "YYYY-MM-DD HH:MM UTC" of an instant.
fn stamp_text(ms: i64, l: Locale) -> String {
    let minute_of_day = ms.rem_euclid(86_400_000) / 60_000;
    format!(
        "{} {:02}:{:02} UTC",
        format_date(ms, l),
        minute_of_day / 60,
        minute_of_day % 60
    )
}

/// Whether the chart's data table is unfolded; kept above the refreshes so a reader's table
/// does not fold away every 30 seconds.
#[derive(Clone, Copy)]
pub struct TableOpen(pub RwSignal<bool>);

/// `/labs/:slug/dashboard`
#[component]
pub fn LabDashboardPage() -> impl IntoView {
    let params = use_params_map();
    provide_context(TableOpen(RwSignal::new(false)));
    let data = Resource::new_blocking(
        move || params.read().get("slug").unwrap_or_default(),
        load_lab_dashboard,
    );
    view! { {page_data_in_place(data, |d| view! { <LabDashboardView data=d /> })} }
}

#[component]
fn LabDashboardView(data: LabDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let lab = data.lab;
    let slug = lab.slug.clone();
    let (title_lab, heading_lab, about_lab) = (lab.clone(), lab.clone(), lab.clone());
    let scope_note = if lab.is_partner_lab {
        Msg::DashboardRoutedScope
    } else {
        Msg::DashboardAllScope
    };
    view! {
        <PageHead
            title=i18n
                .head_text(move |l| format!("{} · {}", Msg::DashboardTitle.text(l), title_lab.name(l)))
            description=i18n
                .head_text(move |l| format!("{}: {}", about_lab.name(l), Msg::LabDashboardDescription.text(l)))
        />
        <section class=format!("page dashboard lab--{slug}") data-testid="dashboard" data-refresh-seconds=REFRESH_SECONDS>
            <header class="page__header">
                <p class="breadcrumb">
                    <a href=format!("/labs/{slug}")>{move || lab.name(i18n.get()).to_string()}</a>
                </p>
                <h1>
                    {i18n.t(Msg::DashboardTitle)} " · "
                    {move || heading_lab.name(i18n.get()).to_string()}
                </h1>
                <p class="lead">{i18n.t(scope_note)}</p>
            </header>
            <Dashboard stats=data.stats id="lab" />
        </section>
    }
}

/// `/stats`: the public statistics page.
#[component]
pub fn StatsPage() -> impl IntoView {
    let i18n = use_i18n();
    provide_context(TableOpen(RwSignal::new(false)));
    let data = Resource::new_blocking(|| (), |_| load_platform_stats());
    view! {
        <PageHead title=i18n.head(Msg::StatsTitle) description=i18n.head(Msg::StatsIntro) />
        <section class="page dashboard" data-testid="dashboard" data-refresh-seconds=REFRESH_SECONDS>
            <header class="page__header">
                <h1>{i18n.t(Msg::StatsTitle)}</h1>
                <p class="lead">{i18n.t(Msg::StatsIntro)}</p>
            </header>
            {part_data_in_place(data, |p| view! { <PlatformView platform=p /> })}
        </section>
    }
}

/// `/admin/overview`: the same figures, and what needs the admins' attention.
#[component]
pub fn AdminOverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    provide_context(TableOpen(RwSignal::new(false)));
    let data = Resource::new_blocking(|| (), |_| load_admin_overview());
    view! {
        <PageHead title=i18n.head(Msg::OverviewTitle) description=i18n.head(Msg::OverviewIntro) />
        <section class="page dashboard" data-testid="dashboard" data-refresh-seconds=REFRESH_SECONDS>
            <header class="page__header">
                <h1>{i18n.t(Msg::OverviewTitle)}</h1>
                <p class="lead">{i18n.t(Msg::OverviewIntro)}</p>
            </header>
            {part_data_in_place(data, |o| view! { <OverviewView overview=o /> })}
        </section>
    }
}

#[component]
fn OverviewView(overview: AdminOverview) -> impl IntoView {
    let i18n = use_i18n();
    let o = overview.operations;
    let items = [
        (Msg::OpsMembers, o.members, "/admin", "ops-members"),
        (
            Msg::OpsNewMembers,
            o.new_members_30_days,
            "/admin",
            "ops-new-members",
        ),
        (
            Msg::OpsCollectives,
            o.collectives,
            "/collectives",
            "ops-collectives",
        ),
        (Msg::OpsPartners, o.partners, "/admin", "ops-partners"),
        (
            Msg::OpsPendingMemberships,
            o.pending_memberships,
            "/collectives",
            "ops-pending",
        ),
        (Msg::OpsOpenFlags, o.open_flags, "/moderation", "ops-flags"),
        (
            Msg::OpsSuspended,
            o.suspended,
            "/admin/audit",
            "ops-suspended",
        ),
    ];
    view! {
        <section class="dashboard__section" aria-labelledby="ops-heading">
            <h2 id="ops-heading">{i18n.t(Msg::OpsTitle)}</h2>
            <dl class="kpis">
                {items
                    .into_iter()
                    .map(|(label, value, href, testid)| {
                        view! {
                            <div class="kpi">
                                <dt>{i18n.t(label)}</dt>
                                <dd data-testid=testid>
                                    <a href=href>{value}</a>
                                </dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </section>
        <PlatformView platform=overview.platform />
    }
}

#[component]
fn PlatformView(platform: PlatformStats) -> impl IntoView {
    view! {
        <Dashboard stats=platform.stats id="platform" />
        <LabComparison labs=platform.labs />
    }
}

/// Each lab side by side.
#[component]
fn LabComparison(labs: Vec<LabRow>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = labs
        .into_iter()
        .map(|lab| {
            let f = lab.figures;
            let href = format!("/labs/{}/dashboard", lab.slug);
            let testid = format!("lab-row-{}", lab.slug);
            view! {
                <tr data-testid=testid>
                    <th scope="row">
                        <a href=href>{move || lab.name(i18n.get()).to_string()}</a>
                    </th>
                    <td>{f.total}</td>
                    <td>{f.open}</td>
                    <td>{f.overdue}</td>
                    <td>{move || median_text(f.first_answer, i18n.get())}</td>
                    <td>{move || percent_text(f.resolved_percent())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="dashboard__section" aria-labelledby="labs-heading">
            <h2 id="labs-heading">{i18n.t(Msg::CompareLabsTitle)}</h2>
            <div class="table-scroll">
                <table class="data-table" data-testid="lab-comparison">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t(Msg::NavLabs)}</th>
                            <th scope="col">{i18n.t(Msg::KpiTotal)}</th>
                            <th scope="col">{i18n.t(Msg::KpiOpen)}</th>
                            <th scope="col">{i18n.t(Msg::KpiOverdue)}</th>
                            <th scope="col">{i18n.t(Msg::KpiFirstAnswer)}</th>
                            <th scope="col">{i18n.t(Msg::KpiResolved)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

fn median_text(d: Durations, l: Locale) -> String {
    d.median_ms
        .map(|ms| format_duration(ms, l))
        .unwrap_or_else(|| "–".to_string())
}

fn percent_text(p: Option<i64>) -> String {
    p.map(|p| format!("{p}%"))
        .unwrap_or_else(|| "–".to_string())
}

/// The figures, the trend, the heat table and the contributors of one scope.
#[component]
pub fn Dashboard(stats: LabStats, #[prop(into)] id: String) -> impl IntoView {
    let i18n = use_i18n();
    let computed_at = stats.computed_at;
    view! {
        <Kpis figures=stats.figures />
        <p class="muted dashboard__stamp">
            {i18n.t(Msg::DashboardUpdated)} " "
            <time datetime=iso_date(computed_at) data-testid="dashboard-updated">
                {move || stamp_text(computed_at, i18n.get())}
            </time>
            " · " {i18n.t(Msg::DashboardRefreshNote)}
        </p>
        <section class="dashboard__section" aria-labelledby=format!("{id}-trend-heading")>
            <h2 id=format!("{id}-trend-heading")>{i18n.t(Msg::TrendTitle)}</h2>
            <TrendChart weeks=stats.weeks id=format!("{id}-trend") />
        </section>
        <section class="dashboard__section" aria-labelledby=format!("{id}-heat-heading")>
            <h2 id=format!("{id}-heat-heading")>{i18n.t(Msg::HeatTitle)}</h2>
            <p class="muted">{i18n.t(Msg::HeatIntro)}</p>
            <HeatTable heat=stats.heat />
        </section>
        <section class="dashboard__section" aria-labelledby=format!("{id}-giving-heading")>
            <h2 id=format!("{id}-giving-heading")>{i18n.t(Msg::GivingTitle)}</h2>
            <p class="muted">{i18n.t(Msg::GivingIntro)}</p>
            <GivingTable giving=stats.giving />
        </section>
    }
}

#[component]
fn Kpis(figures: Figures) -> impl IntoView {
    let i18n = use_i18n();
    let f = figures;
    let overdue = f.overdue > 0;
    let duration_pair = move |d: Durations, l: Locale| match (d.median_ms, d.p90_ms) {
        (Some(median), Some(p90)) => format!(
            "{} · p90 {}",
            format_duration(median, l),
            format_duration(p90, l)
        ),
        _ => "–".to_string(),
    };
    view! {
        <dl class="kpis" data-testid="kpis">
            <div class="kpi">
                <dt>{i18n.t(Msg::KpiOpen)}</dt>
                <dd data-testid="kpi-open">{f.open}</dd>
            </div>
            <div class="kpi">
                <dt>{i18n.t(Msg::KpiUnanswered)}</dt>
                <dd data-testid="kpi-unanswered">{f.unanswered}</dd>
            </div>
            <div class="kpi" class:kpi--alert=overdue>
                <dt>{i18n.t(Msg::KpiOverdue)}</dt>
                <dd data-testid="kpi-overdue">{f.overdue}</dd>
            </div>
            <div class="kpi">
                <dt>{i18n.t(Msg::KpiUnclaimed)}</dt>
                <dd data-testid="kpi-unclaimed">{f.unclaimed}</dd>
            </div>
            <div class="kpi kpi--wide">
                <dt>{i18n.t(Msg::KpiFirstAnswer)}</dt>
                <dd data-testid="kpi-first-answer">
                    {move || duration_pair(f.first_answer, i18n.get())}
                </dd>
            </div>
            <div class="kpi kpi--wide">
                <dt>{i18n.t(Msg::KpiFirstExpertAnswer)}</dt>
                <dd data-testid="kpi-first-expert">
                    {move || duration_pair(f.first_expert_answer, i18n.get())}
                </dd>
            </div>
            <div class="kpi">
                <dt>{i18n.t(Msg::KpiResolved)}</dt>
                <dd data-testid="kpi-resolved">{percent_text(f.resolved_percent())}</dd>
            </div>
            <div class="kpi">
                <dt>{i18n.t(Msg::KpiAskedYear)}</dt>
                <dd data-testid="kpi-asked">{f.asked}</dd>
            </div>
        </dl>
    }
}

/// One of six shades (0: none) for a count, relative to the table's largest.
pub fn heat_level(count: i64, max: i64) -> i64 {
    if count <= 0 || max <= 0 {
        0
    } else {
        ((count * 5 + max - 1) / max).clamp(1, 5)
    }
}

#[component]
fn HeatTable(heat: Heat) -> impl IntoView {
    let i18n = use_i18n();
    let max = heat.max();
    if max == 0 {
        return view! { <p class="empty">{i18n.t(Msg::HeatEmpty)}</p> }.into_any();
    }
    let topics = heat.topics.clone();
    let header = topics
        .into_iter()
        .map(|t| view! { <th scope="col">{move || t.name(i18n.get()).to_string()}</th> })
        .collect_view();
    let rows = heat
        .sectors
        .into_iter()
        .zip(heat.counts)
        .map(|(sector, counts)| {
            let cells = counts
                .into_iter()
                .map(|c| {
                    let class = format!("heat__cell heat--{}", heat_level(c, max));
                    view! { <td class=class>{(c > 0).then_some(c)}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{move || sector.name(i18n.get()).to_string()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="heat" data-testid="heat-table">
                <caption class="visually-hidden">{i18n.t(Msg::HeatTitle)}</caption>
                <thead>
                    <tr>
                        <td></td>
                        {header}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn GivingTable(giving: Vec<Giving>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = giving
        .into_iter()
        .map(|g| {
            let testid = format!("giving-{}", g.stakeholder.as_str());
            let top = g
                .top
                .into_iter()
                .map(|c| {
                    let href = format!("/users/{}", c.user_id);
                    let name = c.name.unwrap_or_default();
                    view! {
                        <li>
                            <a href=href>{name}</a>
                            {c.organisation.map(|o| view! { " " <span class="muted">"(" {o} ")"</span> })}
                            " · "
                            {move || crate::i18n::answers_label(i18n.get(), c.answers)}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <tr data-testid=testid>
                    <th scope="row">{i18n.t(g.stakeholder.label())}</th>
                    <td>{g.answers}</td>
                    <td>{g.accepted}</td>
                    <td>{g.people}</td>
                    <td>
                        <ul class="contributors">{top}</ul>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data-table giving" data-testid="giving-table">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(Msg::GivingWho)}</th>
                        <th scope="col">{i18n.t(Msg::GivingAnswers)}</th>
                        <th scope="col">{i18n.t(Msg::GivingAccepted)}</th>
                        <th scope="col">{i18n.t(Msg::GivingPeople)}</th>
                        <th scope="col">{i18n.t(Msg::GivingTop)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_minutes_hours_or_days() {
        assert_eq!(format_duration(20_000, Locale::En), "1 min");
        assert_eq!(format_duration(45 * 60_000, Locale::En), "45 min");
        assert_eq!(format_duration(90 * 60_000, Locale::En), "1.5 h");
        assert_eq!(format_duration(90 * 60_000, Locale::Nl), "1,5 uur");
        assert_eq!(format_duration(30 * 3_600_000, Locale::En), "30 h");
        assert_eq!(format_duration(3 * 86_400_000, Locale::En), "3.0 days");
        assert_eq!(format_duration(12 * 86_400_000, Locale::Nl), "12 dagen");
    }

    #[test]
    fn heat_levels_scale_to_the_largest_count() {
        assert_eq!(heat_level(0, 10), 0);
        assert_eq!(heat_level(1, 10), 1);
        assert_eq!(heat_level(5, 10), 3);
        assert_eq!(heat_level(10, 10), 5);
        assert_eq!(heat_level(3, 0), 0);
    }
}
