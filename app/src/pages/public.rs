//! The public transparency page (no login): aggregate progress per direction, goal and
//! objective, the indicators with baseline, latest value and target, people reached by sex and
//! age with small counts hidden, and the newest activities their organisations marked public
//! and the coordinating body verified.

use crate::api::public::get_public_page;
use crate::components::charts::ProgressBar;
use crate::components::outcome::error_view;
use crate::domain::{
    dashboard::figures::DashboardFilter,
    dashboard::figures::Level,
    dashboard::map::Measure,
    public::{PublicConcept, PublicFigures, PublicPage},
};
use crate::i18n::{format_date, format_datetime, format_number, use_lang, use_texts};
use crate::pages::dashboard::{percent, showing_line};
use crate::pages::indicators::value_text;
use crate::pages::map::{Map, count_text};
use crate::pages::reports::period_label;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
fn PublicSummary(figures: PublicFigures) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.dashboard;
    let items = [
        (s.tasks, format_number(lang, figures.tasks)),
        (s.verified_share, percent(lang, figures.verified_share)),
        (
            s.on_time_share,
            percent(lang, figures.reports_on_time_share),
        ),
        (s.activities, format_number(lang, figures.activities)),
        (s.people_reached, count_text(lang, t, figures.reach.total)),
    ];
    view! {
        <dl class="figures" data-testid="public-summary">
            {items.into_iter().map(|(label, value)| view! { <div><dt>{label}</dt><dd>{value}</dd></div> }).collect_view()}
        </dl>
    }
}

#[component]
fn PublicConceptTable(title: &'static str, rows: Vec<PublicConcept>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.dashboard;
    let body = rows
        .into_iter()
        .map(|row| {
            let f = row.figures;
            view! {
                <tr>
                    <th scope="row" class="card-title">{format!("{}. {}", row.code, row.name.get(lang))}</th>
                    <td data-label=s.tasks>{format_number(lang, f.tasks)}</td>
                    <td data-label=s.verified_share>{percent(lang, f.verified_share)}</td>
                    <td data-label=s.on_time_share>{percent(lang, f.reports_on_time_share)}</td>
                    <td data-label=s.activities>{format_number(lang, f.activities)}</td>
                    <td data-label=s.people_reached>{count_text(lang, t, f.reach.total)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="cards">
                <caption>{title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{title}</th>
                        <th scope="col">{s.tasks}</th>
                        <th scope="col">{s.verified_share}</th>
                        <th scope="col">{s.on_time_share}</th>
                        <th scope="col">{s.activities}</th>
                        <th scope="col">{s.people_reached}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

#[component]
fn PublicContent(page: PublicPage, measure: Option<Measure>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.dashboard;
    let i = t.indicators;
    let r = t.reports;
    let of_level = |level: Level| -> Vec<PublicConcept> {
        page.concept
            .iter()
            .filter(|c| c.level == level)
            .cloned()
            .collect()
    };
    let showing = showing_line(
        t,
        &page.from,
        &page.to,
        &format!(
            "{} {}.",
            s.figures_as_of,
            format_datetime(lang, page.generated_at)
        ),
    );
    let indicators = page
        .indicators
        .iter()
        .map(|ind| {
            let unit = ind.unit.get(lang).to_owned();
            let latest = ind
                .latest
                .map(|(p, v)| format!("{} ({})", value_text(v, &unit, lang), period_label(&p, t)))
                .unwrap_or_else(|| i.no_value.to_owned());
            view! {
                <tr>
                    <th scope="row" class="card-title">{format!("{} · {}", ind.objective_code, ind.name.get(lang))}</th>
                    <td data-label=i.baseline>{format!("{} ({})", value_text(ind.baseline.0, &unit, lang), ind.baseline.1)}</td>
                    <td data-label=i.latest>{latest}</td>
                    <td data-label=i.target>{format!("{} ({})", value_text(ind.target.0, &unit, lang), ind.target.1)}</td>
                    <td data-label=i.progress><ProgressBar progress=ind.progress/></td>
                </tr>
            }
        })
        .collect_view();
    let reach = page.total.reach;
    let ages = [r.age_under_18, r.age_18_29, r.age_30_49, r.age_50_plus];
    let reach_rows = [(r.female, 0usize), (r.male, 1)]
        .into_iter()
        .map(|(label, sex)| {
            let tds = (0..4)
                .map(|age| view! { <td>{count_text(lang, t, reach.cells[sex * 4 + age])}</td> })
                .collect_view();
            view! { <tr><th scope="row">{label}</th>{tds}</tr> }
        })
        .collect_view();
    let activities = if page.activities.is_empty() {
        view! { <p>{s.no_public_activities}</p> }.into_any()
    } else {
        let rows = page
            .activities
            .iter()
            .map(|a| {
                let dates = if a.start_date == a.end_date {
                    format_date(lang, a.start_date)
                } else {
                    format!("{} – {}", format_date(lang, a.start_date), format_date(lang, a.end_date))
                };
                view! {
                    <tr>
                        <th scope="row" class="card-title">{a.title.clone()}</th>
                        <td data-label=s.activity_type>{a.activity_type.label(t)}</td>
                        <td data-label=s.organization>{a.organization.get(lang).to_owned()}</td>
                        <td data-label=s.dates>{dates}</td>
                        <td data-label=s.region>{a.region.get(lang).to_owned()}</td>
                        <td data-label=s.people_reached>{a.reached.map(|c| count_text(lang, t, c)).unwrap_or_else(|| "—".to_owned())}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="cards" data-testid="public-activities">
                    <thead>
                        <tr>
                            <th scope="col">{t.activities.title}</th>
                            <th scope="col">{s.activity_type}</th>
                            <th scope="col">{s.organization}</th>
                            <th scope="col">{s.dates}</th>
                            <th scope="col">{s.region}</th>
                            <th scope="col">{s.people_reached}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <p class="hint" data-testid="showing">{showing}</p>
        <PublicSummary figures=page.total/>
        <Map map=page.map.clone() filter=DashboardFilter { measure, ..DashboardFilter::default() } base="/public" link_regions=false/>
        <section aria-labelledby="public-concept">
            <h2 id="public-concept">{s.by_concept}</h2>
            <PublicConceptTable title=s.directions rows=of_level(Level::Direction)/>
            <PublicConceptTable title=s.goals rows=of_level(Level::Goal)/>
            <PublicConceptTable title=s.objectives rows=of_level(Level::Objective)/>
        </section>
        <section aria-labelledby="public-indicators">
            <h2 id="public-indicators">{s.indicators}</h2>
            <div class="table-wrap">
                <table class="cards" data-testid="public-indicators">
                    <thead>
                        <tr>
                            <th scope="col">{i.indicator}</th>
                            <th scope="col">{i.baseline}</th>
                            <th scope="col">{i.latest}</th>
                            <th scope="col">{i.target}</th>
                            <th scope="col">{i.progress}</th>
                        </tr>
                    </thead>
                    <tbody>{indicators}</tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="public-reach">
            <h2 id="public-reach">{s.reach_by_sex_age}</h2>
            <div class="table-wrap">
                <table class="reach" data-testid="public-reach">
                    <caption>{format!("{}: {}", s.people_reached, count_text(lang, t, reach.total))}</caption>
                    <thead>
                        <tr><td></td>{ages.into_iter().map(|a| view! { <th scope="col">{a}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>{reach_rows}</tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="public-activities-title">
            <h2 id="public-activities-title">{s.public_activities}</h2>
            {activities}
        </section>
        <ControlledSubstances substances=page.controlled.clone()/>
        <p class="hint">{s.suppression_note}</p>
        <p><A href="/about">{t.nav_about}</A></p>
    }
}

/// The substances placed under national control: name, list, act and date.
#[component]
fn ControlledSubstances(
    substances: Vec<crate::domain::substances::views::ControlledSubstance>,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.substances;
    let body = if substances.is_empty() {
        view! { <p>{s.public_none}</p> }.into_any()
    } else {
        let rows = substances
            .into_iter()
            .map(|c| view! {
                <tr>
                    <th scope="row" class="card-title">{c.name.get(lang).to_owned()}</th>
                    <td data-label=s.national_list>{c.national_list.label(t)}</td>
                    <td data-label=s.legal_act>{c.legal_act.clone()}</td>
                    <td data-label=s.controlled_since>{format_date(lang, c.controlled_since)}</td>
                </tr>
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="cards" data-testid="public-substances">
                    <thead>
                        <tr>
                            <th scope="col">{s.form_title}</th>
                            <th scope="col">{s.national_list}</th>
                            <th scope="col">{s.legal_act}</th>
                            <th scope="col">{s.controlled_since}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="public-substances-title">
            <h2 id="public-substances-title">{s.public_title}</h2>
            {body}
        </section>
    }
}

#[component]
pub fn PublicPageView() -> impl IntoView {
    let t = use_texts();
    let s = t.dashboard;
    let page = Resource::new_blocking(|| (), |_| get_public_page());
    let query = leptos_router::hooks::use_query_map();
    let measure = move || query.read().get("measure").and_then(|m| Measure::parse(&m));
    view! {
        <Title text=s.public_title/>
        <h1>{s.public_title}</h1>
        <p>{s.public_intro}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <PublicContent page measure=measure()/> }.into_any(),
                    Err(error) => error_view(error),
                }
            })}
        </Suspense>
    }
}
