//! The SVG and `<progress>` charts the pages draw on the server. Each is an image with its
//! own accessible name; the page beside it always has a table with the same numbers, and no
//! chart tells anything by colour alone.

use crate::domain::reports::periods::Period;
use crate::i18n::{format_number, use_lang, use_texts};
use leptos::prelude::*;

/// Horizontal bars with their numbers written beside them.
#[component]
pub fn Bars(label: &'static str, rows: Vec<(String, i64)>) -> impl IntoView {
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    let (w, row_h, label_w) = (640.0_f64, 26.0_f64, 220.0_f64);
    let h = row_h * rows.len() as f64 + 4.0;
    let lang = use_lang();
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, (name, value))| {
            let y = i as f64 * row_h + 2.0;
            let width = (w - label_w - 80.0) * value as f64 / max;
            view! {
                <text x="0" y=format!("{:.1}", y + 17.0) class="chart-label">{name}</text>
                <rect x=label_w y=format!("{:.1}", y + 4.0) width=format!("{width:.1}") height="16" class="chart-bar"/>
                <text x=format!("{:.1}", label_w + width + 6.0) y=format!("{:.1}", y + 17.0) class="chart-label">{format_number(lang, value)}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {w} {h}") role="img" aria-label=label>{bars}</svg>
    }
}

/// Paired bars per period for D1 and D2, told apart by pattern and a letter as well as colour.
#[component]
pub fn PairChart(label: &'static str, points: Vec<(String, [i64; 2])>) -> impl IntoView {
    let lang = use_lang();
    let max = points
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let (h, top, bottom) = (200.0_f64, 16.0_f64, 24.0_f64);
    let slot = 96.0_f64;
    let w = (slot * points.len() as f64 + 12.0).max(480.0);
    let bars = points
        .into_iter()
        .enumerate()
        .map(|(i, (name, values))| {
            let x = i as f64 * slot + 20.0;
            let pair = values
                .iter()
                .enumerate()
                .map(|(side, v)| {
                    let height = (h - top - bottom) * *v as f64 / max;
                    let bx = x + side as f64 * 26.0;
                    let y = h - bottom - height;
                    view! {
                        <rect x=format!("{bx:.1}") y=format!("{y:.1}") width="24" height=format!("{height:.1}") class=if side == 0 { "chart-bar d1" } else { "chart-bar d2" }/>
                        <text x=format!("{:.1}", bx + 12.0) y=format!("{:.1}", y - 3.0) text-anchor="middle" class="chart-value">{format_number(lang, *v)}</text>
                    }
                })
                .collect_view();
            view! {
                {pair}
                <text x=format!("{:.1}", x + 25.0) y=format!("{:.1}", h - 6.0) text-anchor="middle" class="chart-label">{name}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {w} {h}") role="img" aria-label=label>{bars}</svg>
    }
}

/// Progress towards the target as a `<progress>` bar with its percentage in words.
#[component]
pub fn ProgressBar(progress: Option<f64>) -> impl IntoView {
    let t = use_texts();
    match progress {
        Some(p) => {
            let text = format!("{}%", p.round());
            view! {
                <span class="progress">
                    <progress max="100" value=p.round().to_string() aria-label=format!("{}: {text}", t.indicators.progress)></progress>
                    " "{text}
                </span>
            }
            .into_any()
        }
        None => view! { <span>"—"</span> }.into_any(),
    }
}

/// The accepted totals as a line over the periods, with the baseline and target as lines.
#[component]
pub fn SeriesChart(series: Vec<(Period, f64)>, baseline: f64, target: f64) -> impl IntoView {
    let t = use_texts();
    let (w, h, pad) = (640.0_f64, 200.0_f64, 24.0_f64);
    let values = series.iter().map(|(_, v)| *v).chain([baseline, target]);
    let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = if (hi - lo).abs() < f64::EPSILON {
        1.0
    } else {
        hi - lo
    };
    let y = move |v: f64| h - pad - (v - lo) / span * (h - 2.0 * pad);
    let n = series.len().max(2) as f64;
    let x = move |i: usize| pad + i as f64 * (w - 2.0 * pad) / (n - 1.0);
    let points = series
        .iter()
        .enumerate()
        .map(|(i, (_, v))| format!("{:.1},{:.1}", x(i), y(*v)))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = series
        .iter()
        .enumerate()
        .map(|(i, (_, v))| view! { <circle cx=format!("{:.1}", x(i)) cy=format!("{:.1}", y(*v)) r="3" class="series-dot"/> })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {w} {h}") role="img" aria-label=t.indicators.chart_label>
            <line x1=pad x2=w - pad y1=format!("{:.1}", y(baseline)) y2=format!("{:.1}", y(baseline)) class="chart-baseline"/>
            <text x=pad y=format!("{:.1}", y(baseline) - 4.0) class="chart-label">{t.indicators.baseline}</text>
            <line x1=pad x2=w - pad y1=format!("{:.1}", y(target)) y2=format!("{:.1}", y(target)) class="chart-target"/>
            <text x=pad y=format!("{:.1}", y(target) - 4.0) class="chart-label">{t.indicators.target}</text>
            <polyline points=points class="series-line"/>
            {dots}
        </svg>
    }
}
