//! The dashboard's early-warning section: signals, cases opened and decided and substances
//! placed under control by year, and the median days cases spend in each stage, as tables
//! (national counts; the figures of the register and the cases behind them).

use crate::domain::early_warning::figures::WarningFigures;
use crate::i18n::{format_decimal, format_number, use_lang, use_texts};
use leptos::prelude::*;

#[component]
pub fn WarningSection(figures: WarningFigures) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let w = t.warning;
    let years = figures
        .years
        .iter()
        .rev()
        .map(|y| {
            view! {
                <tr>
                    <th scope="row">{y.year.to_string()}</th>
                    <td data-label=w.signals_title>{format_number(lang, y.signals)}</td>
                    <td data-label=w.fig_opened>{format_number(lang, y.opened)}</td>
                    <td data-label=w.fig_decided>{format_number(lang, y.decided)}</td>
                    <td data-label=w.fig_controlled>{format_number(lang, y.controlled)}</td>
                </tr>
            }
        })
        .collect_view();
    let stages = figures
        .stages
        .iter()
        .map(|s| {
            let median = s
                .median_days
                .map_or_else(|| "—".to_owned(), |d| format_decimal(lang, d));
            view! {
                <tr>
                    <th scope="row">{s.stage.label(t)}</th>
                    <td data-label=w.fig_median_days>{median}</td>
                    <td data-label=w.fig_cases_left>{format_number(lang, s.cases as i64)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="warning-title" class="warning-figures" data-testid="dashboard-warning">
            <h2 id="warning-title">{w.fig_title}</h2>
            <p class="hint">{w.fig_intro}</p>
            <div class="table-wrap">
                <table class="cards">
                    <caption>{w.fig_by_year}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{w.year}</th>
                            <th scope="col">{w.signals_title}</th>
                            <th scope="col">{w.fig_opened}</th>
                            <th scope="col">{w.fig_decided}</th>
                            <th scope="col">{w.fig_controlled}</th>
                        </tr>
                    </thead>
                    <tbody>{years}</tbody>
                </table>
            </div>
            <div class="table-wrap">
                <table class="cards">
                    <caption>{w.fig_stage_days}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{w.stage}</th>
                            <th scope="col">{w.fig_median_days}</th>
                            <th scope="col">{w.fig_cases_left}</th>
                        </tr>
                    </thead>
                    <tbody>{stages}</tbody>
                </table>
            </div>
        </section>
    }
}
