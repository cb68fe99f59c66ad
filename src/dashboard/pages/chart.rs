//! The weekly trend as an SVG line chart, drawn by a component (on the server and in the
//! browser alike, no chart library). Accessible: the SVG is an image with a title and a
//! description that states the totals, the two series differ by line style and marker (not by
//! colour alone), and the same numbers are in a table below it.

use crate::dashboard::Week;
use crate::i18n::{Locale, Msg, format_date, iso_date, use_i18n};
use leptos::prelude::*;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

/// The smallest "round" number (1, 2, 5 × 10ⁿ) at or above `max`, at least 5, so the axis has
/// whole-number gridlines.
pub fn axis_max(max: i64) -> i64 {
    let max = max.max(4);
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if m * step >= max {
                return m * step;
            }
        }
        step *= 10;
    }
}

fn x_of(i: usize, n: usize) -> f64 {
    let span = WIDTH - LEFT - RIGHT;
    if n <= 1 {
        LEFT + span / 2.0
    } else {
        LEFT + span * i as f64 / (n - 1) as f64
    }
}

fn y_of(v: i64, top: i64) -> f64 {
    let span = HEIGHT - TOP - BOTTOM;
    TOP + span * (1.0 - v as f64 / top.max(1) as f64)
}

/// `points` attribute of a polyline through the values.
pub fn polyline(values: &[i64], top: i64) -> String {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", x_of(i, values.len()), y_of(*v, top)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The chart's description: what a sighted reader takes from it, in words.
pub fn describe(weeks: &[Week], l: Locale) -> String {
    let asked: i64 = weeks.iter().map(|w| w.asked).sum();
    let answered: i64 = weeks.iter().map(|w| w.answered).sum();
    let busiest = weeks.iter().max_by_key(|w| (w.asked, w.start));
    let mut text = Msg::ChartDescription
        .text(l)
        .replace("{weeks}", &weeks.len().to_string())
        .replace("{asked}", &asked.to_string())
        .replace("{answered}", &answered.to_string());
    if let Some(w) = busiest.filter(|w| w.asked > 0) {
        text.push(' ');
        text.push_str(
            &Msg::ChartBusiestWeek
                .text(l)
                .replace("{date}", &format_date(w.start, l))
                .replace("{asked}", &w.asked.to_string()),
        );
    }
    text
}

/// Asked vs answered per week. `id` makes the title and description ids unique on the page.
#[component]
pub fn TrendChart(weeks: Vec<Week>, #[prop(into)] id: String) -> impl IntoView {
    let i18n = use_i18n();
    let top = axis_max(
        weeks
            .iter()
            .map(|w| w.asked.max(w.answered))
            .max()
            .unwrap_or(0),
    );
    let asked: Vec<i64> = weeks.iter().map(|w| w.asked).collect();
    let answered: Vec<i64> = weeks.iter().map(|w| w.answered).collect();
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    let n = weeks.len();
    let gridlines = [0, top / 2, top]
        .into_iter()
        .map(|v| {
            let y = format!("{:.1}", y_of(v, top));
            view! {
                <line class="chart__grid" x1=LEFT x2={WIDTH - RIGHT} y1=y.clone() y2=y.clone() />
                <text class="chart__tick" x={LEFT - 6.0} y=y text-anchor="end" dominant-baseline="middle">
                    {v}
                </text>
            }
        })
        .collect_view();
    // A date under every 13th week (a quarter), and the last one.
    let ticks = weeks
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 13 == 0 || *i + 1 == n)
        .map(|(i, w)| {
            let start = w.start;
            let x = format!("{:.1}", x_of(i, n));
            let anchor = if i == 0 {
                "start"
            } else if i + 1 == n {
                "end"
            } else {
                "middle"
            };
            view! {
                <text class="chart__tick" x=x y={HEIGHT - 12.0} text-anchor=anchor>
                    {move || format_date(start, i18n.get())}
                </text>
            }
        })
        .collect_view();
    let asked_points = polyline(&asked, top);
    let answered_points = polyline(&answered, top);
    let markers = answered
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let (x, y) = (format!("{:.1}", x_of(i, n)), format!("{:.1}", y_of(*v, top)));
            view! { <rect class="chart__marker" x=x y=y width="4" height="4" transform="translate(-2 -2)" /> }
        })
        .collect_view();
    let described = weeks.clone();
    // Unfolded stays unfolded across the dashboard's refreshes.
    let open = use_context::<super::TableOpen>()
        .map(|t| t.0)
        .unwrap_or_else(|| RwSignal::new(false));
    let rows = weeks
        .into_iter()
        .rev()
        .map(|w| {
            let start = w.start;
            view! {
                <tr>
                    <th scope="row">
                        <time datetime=iso_date(start)>{move || format_date(start, i18n.get())}</time>
                    </th>
                    <td>{w.asked}</td>
                    <td>{w.answered}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" data-testid="trend-chart">
            <svg
                class="chart__svg"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-labelledby=labelled_by
                preserveAspectRatio="xMidYMid meet"
            >
                <title id=title_id>{i18n.t(Msg::ChartTitle)}</title>
                <desc id=desc_id>{move || describe(&described, i18n.get())}</desc>
                <g aria-hidden="true">
                    {gridlines}
                    {ticks}
                    <polyline class="chart__line chart__line--asked" points=asked_points fill="none" />
                    <polyline class="chart__line chart__line--answered" points=answered_points fill="none" />
                    {markers}
                </g>
            </svg>
            <figcaption class="chart__legend">
                <span class="legend legend--asked">{i18n.t(Msg::ChartAsked)}</span>
                <span class="legend legend--answered">{i18n.t(Msg::ChartAnswered)}</span>
            </figcaption>
            <details
                class="chart__table"
                prop:open=move || open.get()
                on:toggle=move |ev| {
                    use leptos::wasm_bindgen::JsCast;
                    if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        open.set(el.has_attribute("open"));
                    }
                }
            >
                <summary>{i18n.t(Msg::ChartAsTable)}</summary>
                <div class="table-scroll">
                    <table data-testid="trend-table">
                        <caption>{i18n.t(Msg::ChartTitle)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t(Msg::ChartWeekOf)}</th>
                                <th scope="col">{i18n.t(Msg::ChartAsked)}</th>
                                <th scope="col">{i18n.t(Msg::ChartAnswered)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_ends_on_a_round_number() {
        assert_eq!(axis_max(0), 5);
        assert_eq!(axis_max(4), 5);
        assert_eq!(axis_max(7), 10);
        assert_eq!(axis_max(11), 20);
        assert_eq!(axis_max(180), 200);
        assert_eq!(axis_max(201), 500);
    }

    #[test]
    fn points_run_from_left_to_right_and_zero_sits_on_the_axis() {
        let points = polyline(&[0, 5, 10], 10);
        let coords: Vec<(f64, f64)> = points
            .split(' ')
            .map(|p| {
                let (x, y) = p.split_once(',').expect("x,y");
                (x.parse().expect("x"), y.parse().expect("y"))
            })
            .collect();
        assert_eq!(coords.len(), 3);
        assert!((coords[0].0 - LEFT).abs() < 0.1);
        assert!((coords[2].0 - (WIDTH - RIGHT)).abs() < 0.1);
        assert!((coords[0].1 - (HEIGHT - BOTTOM)).abs() < 0.1);
        assert!((coords[2].1 - TOP).abs() < 0.1);
        assert!((coords[1].1 - (TOP + HEIGHT - BOTTOM) / 2.0).abs() < 0.1);
    }

    #[test]
    fn the_description_states_the_totals_and_the_busiest_week() {
        let weeks = [
            Week {
                start: 1_709_208_000_000,
                asked: 3,
                answered: 1,
            },
            Week {
                start: 1_709_812_800_000,
                asked: 5,
                answered: 4,
            },
        ];
        let en = describe(&weeks, Locale::En);
        assert!(en.contains("8 questions were asked"), "{en}");
        assert!(en.contains("5 got their first answer"), "{en}");
        assert!(en.contains("7 Mar 2024"), "{en}");
        let nl = describe(&weeks, Locale::Nl);
        assert!(nl.contains("8 vragen gesteld"), "{nl}");
    }
}
