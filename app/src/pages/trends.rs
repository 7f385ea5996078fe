//! The dashboard's trends: small line charts drawn on the server, one per series (tasks
//! falling due with those verified, activities, people reached, each indicator), and one
//! table with every number. A second line is dashed as well as coloured, and each point
//! carries its value in a tooltip, so nothing depends on colour.

use crate::domain::dashboard::figures::Trends;
use crate::domain::reports::periods::Period;
use crate::i18n::{Lang, Texts, format_decimal, format_number, use_lang, use_texts};
use crate::pages::reports::period_label;
use leptos::prelude::*;

const W: f64 = 300.0;
const H: f64 = 110.0;
const LEFT: f64 = 8.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 18.0;
const BOTTOM: f64 = 22.0;

/// A series to draw: its label, values (absent where there is none) and whether dashed.
struct Line {
    label: String,
    values: Vec<Option<f64>>,
    dashed: bool,
}

fn number(lang: Lang, v: f64) -> String {
    if v.fract() == 0.0 {
        format_number(lang, v as i64)
    } else {
        format_decimal(lang, (v * 100.0).round() / 100.0)
    }
}

/// The vertical extent: from zero (or the lowest value, when all are far above it) to the
/// highest.
fn extent(lines: &[Line]) -> (f64, f64) {
    let all: Vec<f64> = lines
        .iter()
        .flat_map(|l| l.values.iter().flatten().copied())
        .collect();
    let max = all.iter().copied().fold(f64::MIN, f64::max);
    let min = all.iter().copied().fold(f64::MAX, f64::min);
    if all.is_empty() {
        return (0.0, 1.0);
    }
    let low = if min > 0.0 && min > max * 0.5 {
        min * 0.9
    } else {
        min.min(0.0)
    };
    let high = if max > low { max } else { low + 1.0 };
    (low, high)
}

/// One small chart.
fn chart(
    title: String,
    lines: Vec<Line>,
    periods: &[Period],
    t: &'static Texts,
    lang: Lang,
) -> AnyView {
    let n = periods.len().max(1);
    let x = |i: usize| {
        if n == 1 {
            W / 2.0
        } else {
            LEFT + (W - LEFT - RIGHT) * i as f64 / (n - 1) as f64
        }
    };
    let (low, high) = extent(&lines);
    let top = lines
        .iter()
        .flat_map(|l| l.values.iter().flatten().copied())
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
    let Some(top) = top else {
        return view! {
            <figure class="trend">
                <figcaption>{title}</figcaption>
                <p class="hint">{t.dashboard.no_values}</p>
            </figure>
        }
        .into_any();
    };
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - (v - low) / (high - low));
    let drawn = lines
        .iter()
        .enumerate()
        .map(|(k, line)| {
            // Consecutive values joined; a gap where a period has none.
            let mut path = String::new();
            let mut pen_down = false;
            for (i, v) in line.values.iter().enumerate() {
                match v {
                    Some(v) => {
                        path.push_str(&format!(
                            "{}{:.1} {:.1} ",
                            if pen_down { "L" } else { "M" },
                            x(i),
                            y(*v)
                        ));
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            let class = if line.dashed { "trend-line second" } else { "trend-line" };
            let points = line
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, v)))
                .map(|(i, v)| {
                    let tip = format!("{} — {}: {}", line.label, period_label(&periods[i], t), number(lang, v));
                    view! { <circle class=format!("trend-point p{k}") cx=format!("{:.1}", x(i)) cy=format!("{:.1}", y(v)) r="3"><title>{tip}</title></circle> }
                })
                .collect_view();
            view! { <path class=class d=path.trim_end().to_owned()/>{points} }
        })
        .collect_view();
    let first = periods
        .first()
        .map(|p| period_label(p, t))
        .unwrap_or_default();
    let last = periods
        .last()
        .map(|p| period_label(p, t))
        .unwrap_or_default();
    let legend = (lines.len() > 1).then(|| {
        lines
            .iter()
            .map(|l| {
                let class = if l.dashed {
                    "legend-dash"
                } else {
                    "legend-solid"
                };
                view! { <li><span class=class aria-hidden="true"></span>{l.label.clone()}</li> }
            })
            .collect_view()
    });
    let alt = format!("{}: {title}", t.dashboard.trend_chart_alt);
    view! {
        <figure class="trend">
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=alt>
                <line class="trend-axis" x1=LEFT y1=H - BOTTOM x2=W - RIGHT y2=H - BOTTOM/>
                <text class="trend-tick" x=LEFT y="12">{number(lang, top)}</text>
                <text class="trend-tick" x=LEFT y=H - 6.0>{first}</text>
                <text class="trend-tick end" x=W - RIGHT y=H - 6.0>{last}</text>
                {drawn}
            </svg>
            {legend.map(|items| view! { <ul class="legend">{items}</ul> })}
        </figure>
    }
    .into_any()
}

/// The trends section.
#[component]
pub fn TrendCharts(trends: Trends) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.dashboard;
    let as_values = |v: &[i64]| v.iter().map(|n| Some(*n as f64)).collect::<Vec<_>>();
    let periods = trends.periods.clone();
    let mut charts: Vec<(String, Vec<Line>)> = vec![
        (
            s.trend_tasks_due.to_owned(),
            vec![
                Line {
                    label: s.trend_tasks_due.to_owned(),
                    values: as_values(&trends.tasks_due),
                    dashed: false,
                },
                Line {
                    label: s.trend_tasks_verified.to_owned(),
                    values: as_values(&trends.tasks_verified),
                    dashed: true,
                },
            ],
        ),
        (
            s.trend_activities.to_owned(),
            vec![Line {
                label: s.trend_activities.to_owned(),
                values: as_values(&trends.activities),
                dashed: false,
            }],
        ),
        (
            s.trend_reached.to_owned(),
            vec![Line {
                label: s.trend_reached.to_owned(),
                values: as_values(&trends.reached),
                dashed: false,
            }],
        ),
    ];
    for indicator in &trends.indicators {
        let unit = indicator.unit.get(lang);
        let title = if unit.is_empty() {
            format!("{} {}", indicator.code, indicator.name.get(lang))
        } else {
            format!("{} {} ({unit})", indicator.code, indicator.name.get(lang))
        };
        charts.push((
            title.clone(),
            vec![Line {
                label: title,
                values: indicator.values.clone(),
                dashed: false,
            }],
        ));
    }
    let heads = periods
        .iter()
        .map(|p| view! { <th scope="col" class="num">{period_label(p, t)}</th> })
        .collect_view();
    let rows = charts
        .iter()
        .flat_map(|(_, lines)| lines.iter())
        .map(|line| {
            let cells = line
                .values
                .iter()
                .map(|v| match v {
                    Some(v) => view! { <td class="num">{number(lang, *v)}</td> }.into_any(),
                    None => view! { <td class="num"><span aria-label=s.no_value>"—"</span></td> }
                        .into_any(),
                })
                .collect_view();
            view! { <tr><th scope="row">{line.label.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    let figures = charts
        .into_iter()
        .map(|(title, lines)| chart(title, lines, &periods, t, lang))
        .collect_view();
    view! {
        <section aria-labelledby="trends-title">
            <h2 id="trends-title">{s.trends_title}</h2>
            <p class="hint">{s.trends_intro}</p>
            <div class="trends" data-testid="trends">{figures}</div>
            <div class="table-wrap">
                <table data-testid="trends-table">
                    <caption class="visually-hidden">{s.trends_title}</caption>
                    <thead><tr><th scope="col">{s.series}</th>{heads}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
