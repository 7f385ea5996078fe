//! The dashboard page: the filter form (a GET form, so the filters live in the URL and work
//! without JavaScript), the figures in numbers, tasks by status as a server-drawn SVG chart
//! with its table, each direction, goal and objective with its indicators, people reached by
//! sex and age, and the balance between the two directions over time. Every chart has a table
//! with the same numbers, and no chart tells anything by colour alone.

mod report;
mod warning;
pub use report::PrintableReportPage;

use crate::api::dashboard::get_dashboard;
use crate::api::early_warning::get_warning_figures;
use crate::components::charts::{Bars, PairChart, ProgressBar};
use crate::components::outcome::error_view;
use crate::domain::{
    dashboard::export::{Dataset, Format},
    dashboard::figures::{
        ActivityCounts, Audience, BalancePoint, ConceptFigures, Dashboard, DashboardFilter,
        EffortMix, Figures, Level,
    },
    reports::periods::Period,
    roles::OrgKind,
    tasks::fields::Category,
    tasks::inputs::date_to_iso,
    tasks::workflow::Status,
};
use crate::i18n::{Lang, Texts, format_decimal, format_number, use_lang, use_texts};
use crate::pages::indicators::value_text;
use crate::pages::map::Map;
use crate::pages::reports::period_label;
use crate::pages::tasks::{filter_select, options};
use crate::pages::trends::TrendCharts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{A, Form},
    hooks::use_query_map,
};

/// A share in percent to one decimal, or a dash.
pub(crate) fn percent(lang: Lang, share: Option<f64>) -> String {
    share.map_or_else(
        || "—".to_owned(),
        |p| format!("{}%", format_decimal(lang, (p * 10.0).round() / 10.0)),
    )
}

/// What the filter form offers beyond the page's own data: the regions and the objectives.
/// Made by the page itself, outside its `<Suspense>`: a resource created inside a suspended
/// view can keep the streamed response from ever ending (leptos-rs/leptos#4866).
#[derive(Clone, Copy)]
pub struct FilterChoices {
    framework: Resource<Result<crate::domain::views::Framework, crate::error::AppError>>,
    territory: Resource<Result<crate::domain::views::Territory, crate::error::AppError>>,
}

impl FilterChoices {
    pub fn load() -> Self {
        Self {
            framework: Resource::new_blocking(|| (), |_| crate::api::framework::get_framework()),
            territory: Resource::new_blocking(|| (), |_| crate::api::framework::get_territory()),
        }
    }
}

/// The filter form, sending the browser to `action` (the dashboard or the scorecards) with
/// the filters in the URL.
#[component]
pub(crate) fn Filters(
    choices: FilterChoices,
    filter: DashboardFilter,
    periods: Vec<Period>,
    from: Period,
    to: Period,
    action: &'static str,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.dashboard;
    let FilterChoices {
        framework,
        territory,
    } = choices;
    let f = filter.clone();
    let period_options = move |chosen: time::Date| {
        periods
            .iter()
            .map(|p| {
                let value = date_to_iso(p.start);
                view! { <option value=value selected=p.start == chosen>{period_label(p, t)}</option> }
            })
            .collect_view()
    };
    let from = period_options(from.start);
    let to = period_options(to.start);
    view! {
        <Form method="GET" action=action attr:class="filters" attr:aria-label=s.filters>
            {filter.measure.map(|m| view! { <input type="hidden" name="measure" value=m.as_str()/> })}
            <div class="field">
                <label for="filter-from">{s.from_period}</label>
                <select id="filter-from" name="from">{from}</select>
            </div>
            <div class="field">
                <label for="filter-to">{s.to_period}</label>
                <select id="filter-to" name="to">{to}</select>
            </div>
            <Suspense>
                {move || { let f = f.clone(); Suspend::new(async move {
                    let regions = territory.await.map(|t| t.regions).unwrap_or_default();
                    let objectives = framework.await.map(|f| f.objectives).unwrap_or_default();
                    let region = f.region_code.clone();
                    let objective = f.objective.clone();
                    view! {
                        {filter_select("region", t.region, s.any_region, regions.into_iter().map(|r| {
                            let selected = region.as_deref() == Some(r.code.as_str());
                            view! { <option value=r.code.clone() selected=selected>{r.name.get(lang).to_owned()}</option> }
                        }).collect_view())}
                        {filter_select("kind", s.organization_kind, s.any_kind,
                            options(OrgKind::ALL.iter().copied(), f.kind, |k| k.as_str().to_owned(), |k| k.label(t).to_owned()))}
                        {filter_select("category", t.tasks.category, s.any_category,
                            options(Category::ALL.iter().copied(), f.category, |c| c.as_str().to_owned(), |c| c.label(t).to_owned()))}
                        {filter_select("objective", t.tasks.objectives, s.any_objective, objectives.into_iter().map(|o| {
                            let selected = objective.as_deref() == Some(o.item.code.as_str());
                            view! { <option value=o.item.code.clone() selected=selected>{format!("{}. {}", o.item.code, o.item.name.get(lang))}</option> }
                        }).collect_view())}
                    }
                })}}
            </Suspense>
            <div class="actions">
                <button type="submit">{s.apply}</button>
                {filter.is_filtered().then(|| view! { <A href=action>{s.clear}</A> })}
            </div>
        </Form>
    }
}

/// Links to download the selection's rows as spreadsheets, for the range shown.
#[component]
fn Exports(data: Dashboard) -> impl IntoView {
    let e = use_texts().export;
    let filter = DashboardFilter {
        from: Some(data.from.start),
        to: Some(data.to.start),
        ..data.filter.clone()
    };
    let query = filter.to_query();
    let rows = vec![
        (Dataset::Tasks, e.tasks),
        (Dataset::Reports, e.reports),
        (Dataset::Activities, e.activities),
        (Dataset::Indicators, e.indicator_values),
    ];
    view! {
        <section aria-labelledby="export-title" class="exports">
            <h2 id="export-title">{e.title}</h2>
            <p class="hint">{e.intro}</p>
            <ExportList rows query testid="exports"/>
        </section>
    }
}

/// Download links, CSV and XLSX, for each dataset in `rows` (with its name): plain links to
/// `/export/{dataset}.{format}?{query}&lang=…` in the page's language, so they work without
/// JavaScript.
#[component]
pub fn ExportList(
    rows: Vec<(Dataset, &'static str)>,
    query: String,
    testid: &'static str,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let e = t.export;
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("{query}&")
    };
    let items = rows
        .into_iter()
        .map(|(dataset, name)| {
            let links = Format::ALL
                .into_iter()
                .map(|format| {
                    let href = format!(
                        "/export/{}.{}?{query}lang={}",
                        dataset.as_str(),
                        format.extension(),
                        lang.code()
                    );
                    let label = match format {
                        Format::Csv => e.csv,
                        Format::Xlsx => e.xlsx,
                    };
                    view! {
                        <a href=href rel="external" download="" aria-label=format!("{name}: {label}")>{label}</a>
                    }
                })
                .collect_view();
            view! { <li><span>{name}</span>" "{links}</li> }
        })
        .collect_view();
    view! { <ul data-testid=testid>{items}</ul> }
}

/// The headline numbers.
#[component]
fn Summary(figures: Figures) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.dashboard;
    let n = move |v: i64| format_number(lang, v);
    let items = [
        (s.tasks, n(figures.tasks.total())),
        (
            s.verified_share,
            percent(lang, figures.tasks.verified_share()),
        ),
        (s.overdue, n(figures.tasks.overdue)),
        (s.reports_on_time, n(figures.reports.on_time)),
        (s.reports_late, n(figures.reports.late)),
        (
            s.on_time_share,
            percent(lang, figures.reports.on_time_share()),
        ),
        (s.activities, n(figures.activities.activities)),
        (s.people_reached, n(figures.activities.reach.total)),
    ];
    view! {
        <section aria-labelledby="summary-title">
            <h2 id="summary-title">{s.summary}</h2>
            <dl class="figures" data-testid="summary">
                {items.into_iter().map(|(label, value)| view! {
                    <div><dt>{label}</dt><dd>{value}</dd></div>
                }).collect_view()}
            </dl>
        </section>
    }
}

/// Tasks by status: a chart and the same numbers as a table.
#[component]
fn TasksByStatus(figures: Figures) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.dashboard;
    let rows: Vec<(String, i64)> = Status::ALL
        .into_iter()
        .filter(|st| *st != Status::Draft)
        .map(|st| (st.label(t).to_owned(), figures.tasks.of(st)))
        .collect();
    let table = rows
        .iter()
        .map(|(name, v)| view! { <tr><th scope="row">{name.clone()}</th><td>{format_number(lang, *v)}</td></tr> })
        .collect_view();
    view! {
        <section aria-labelledby="status-title">
            <h2 id="status-title">{s.tasks_by_status}</h2>
            <Bars label=s.chart_tasks_alt rows=rows.clone()/>
            <div class="table-wrap">
                <table data-testid="tasks-by-status">
                    <thead><tr><th scope="col">{t.status}</th><th scope="col">{s.count}</th></tr></thead>
                    <tbody>{table}</tbody>
                </table>
            </div>
        </section>
    }
}

/// One table of directions, goals or objectives.
#[component]
fn ConceptTable(
    title: &'static str,
    testid: &'static str,
    rows: Vec<ConceptFigures>,
    filter: DashboardFilter,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.dashboard;
    let n = move |v: i64| format_number(lang, v);
    let body = rows
        .into_iter()
        .map(|row| {
            let f = row.figures;
            let name = format!("{}. {}", row.code, row.name.get(lang));
            let heading = if row.level == Level::Objective && filter.objective.is_none() {
                let href = format!("/dashboard?{}", filter.with_objective(&row.code).to_query());
                view! { <A href=href attr:title=s.only_this>{name}</A> }.into_any()
            } else {
                view! { <span>{name}</span> }.into_any()
            };
            view! {
                <tr>
                    <th scope="row" class="card-title">{heading}</th>
                    <td data-label=s.tasks>{n(f.tasks.total())}</td>
                    <td data-label=s.verified_share>{percent(lang, f.tasks.verified_share())}</td>
                    <td data-label=s.overdue>{n(f.tasks.overdue)}</td>
                    <td data-label=s.reports_on_time>{n(f.reports.on_time)}</td>
                    <td data-label=s.reports_late>{n(f.reports.late)}</td>
                    <td data-label=s.activities>{n(f.activities.activities)}</td>
                    <td data-label=s.people_reached>{n(f.activities.reach.total)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="cards" data-testid=testid>
                <caption>{title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{title}</th>
                        <th scope="col">{s.tasks}</th>
                        <th scope="col">{s.verified_share}</th>
                        <th scope="col">{s.overdue}</th>
                        <th scope="col">{s.reports_on_time}</th>
                        <th scope="col">{s.reports_late}</th>
                        <th scope="col">{s.activities}</th>
                        <th scope="col">{s.people_reached}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// The objectives' indicators: baseline → latest → target with progress.
#[component]
fn Indicators(rows: Vec<ConceptFigures>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.dashboard;
    let i = t.indicators;
    let body = rows
        .into_iter()
        .filter(|row| row.level == Level::Objective)
        .map(|row| {
            let code = row.code.clone();
            if row.indicators.is_empty() {
                return view! {
                    <tr><th scope="row" class="card-title">{code}</th><td colspan="4">{s.no_indicators}</td></tr>
                }
                .into_any();
            }
            row.indicators
                .into_iter()
                .map(|ind| {
                    let unit = ind.unit.get(lang).to_owned();
                    let latest = ind
                        .latest
                        .map(|(p, v)| format!("{} ({})", value_text(v, &unit, lang), period_label(&p, t)))
                        .unwrap_or_else(|| i.no_value.to_owned());
                    view! {
                        <tr>
                            <th scope="row" class="card-title">
                                {format!("{} · ", code)}
                                <A href=format!("/indicators/{}", ind.id)>{ind.name.get(lang).to_owned()}</A>
                            </th>
                            <td data-label=i.baseline>{format!("{} ({})", value_text(ind.baseline.0, &unit, lang), ind.baseline.1)}</td>
                            <td data-label=i.latest>{latest}</td>
                            <td data-label=i.target>{format!("{} ({})", value_text(ind.target.0, &unit, lang), ind.target.1)}</td>
                            <td data-label=i.progress><ProgressBar progress=ind.progress/></td>
                        </tr>
                    }
                })
                .collect_view()
                .into_any()
        })
        .collect_view();
    view! {
        <section aria-labelledby="indicators-title">
            <h2 id="indicators-title">{s.indicators}</h2>
            <div class="table-wrap">
                <table class="cards" data-testid="dashboard-indicators">
                    <thead>
                        <tr>
                            <th scope="col">{i.indicator}</th>
                            <th scope="col">{i.baseline}</th>
                            <th scope="col">{i.latest}</th>
                            <th scope="col">{i.target}</th>
                            <th scope="col">{i.progress}</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
}

/// People reached by activities, by sex and age group.
#[component]
fn Reach(figures: Figures) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.dashboard;
    let r = t.reports;
    let cells = figures.activities.reach.cells;
    let ages = [r.age_under_18, r.age_18_29, r.age_30_49, r.age_50_plus];
    let rows = [(r.female, 0usize), (r.male, 1)]
        .into_iter()
        .map(|(label, sex)| {
            let tds = (0..4)
                .map(|age| view! { <td>{format_number(lang, cells[sex * 4 + age])}</td> })
                .collect_view();
            let sum: i64 = cells[sex * 4..sex * 4 + 4].iter().sum();
            view! { <tr><th scope="row">{label}</th>{tds}<td>{format_number(lang, sum)}</td></tr> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="reach-title">
            <h2 id="reach-title">{s.reach_by_sex_age}</h2>
            <div class="table-wrap">
                <table class="reach" data-testid="dashboard-reach">
                    <caption>{format!("{}: {}", s.people_reached, format_number(lang, figures.activities.reach.total))}</caption>
                    <thead>
                        <tr>
                            <td></td>
                            {ages.into_iter().map(|a| view! { <th scope="col">{a}</th> }).collect_view()}
                            <th scope="col">{s.count}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The balance of effort between the two directions over the periods shown, and where
/// enforcement effort goes next to treatment and harm reduction.
#[component]
fn Balance(points: Vec<BalancePoint>, effort: EffortMix) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.dashboard;
    let n = move |v: i64| format_number(lang, v);
    let chart: Vec<(String, [i64; 2])> = points
        .iter()
        .map(|p| (period_label(&p.period, t), p.tasks))
        .collect();
    let activities: Vec<(String, [i64; 2])> = points
        .iter()
        .map(|p| (period_label(&p.period, t), p.activities))
        .collect();
    let body = points
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row" class="card-title">{period_label(&p.period, t)}</th>
                    <td data-label=format!("{} · D1", s.tasks_started)>{n(p.tasks[0])}</td>
                    <td data-label=format!("{} · D2", s.tasks_started)>{n(p.tasks[1])}</td>
                    <td data-label=format!("{} · D1", s.activities)>{n(p.activities[0])}</td>
                    <td data-label=format!("{} · D2", s.activities)>{n(p.activities[1])}</td>
                    <td data-label=format!("{} · D1", s.people_reached)>{n(p.reached[0])}</td>
                    <td data-label=format!("{} · D2", s.people_reached)>{n(p.reached[1])}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="balance-title">
            <h2 id="balance-title">{s.balance_title}</h2>
            <p class="hint">{s.balance_note}</p>
            <ul class="legend">
                <li><span class="swatch d1" aria-hidden="true"></span>{s.supply}</li>
                <li><span class="swatch d2" aria-hidden="true"></span>{s.demand}</li>
            </ul>
            <h3>{s.tasks_started}</h3>
            <PairChart label=s.chart_balance_alt points=chart/>
            <h3>{s.activities}</h3>
            <PairChart label=s.chart_balance_alt points=activities/>
            <div class="table-wrap">
                <table class="cards" data-testid="balance">
                    <thead>
                        <tr>
                            <th scope="col">{s.period}</th>
                            <th scope="col">{format!("{} · D1", s.tasks_started)}</th>
                            <th scope="col">{format!("{} · D2", s.tasks_started)}</th>
                            <th scope="col">{format!("{} · D1", s.activities)}</th>
                            <th scope="col">{format!("{} · D2", s.activities)}</th>
                            <th scope="col">{format!("{} · D1", s.people_reached)}</th>
                            <th scope="col">{format!("{} · D2", s.people_reached)}</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <Effort effort/>
        </section>
    }
}

/// Enforcement effort by focus (tasks and their reports), then what treatment and harm
/// reduction reached: the concept's critique is that effort goes against people who use drugs
/// rather than against dealers.
#[component]
fn Effort(effort: EffortMix) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let s = t.dashboard;
    let n = move |v: i64| format_number(lang, v);
    let total_tasks: i64 = effort.enforcement.iter().map(|e| e.tasks).sum();
    let total_reports: i64 = effort.enforcement.iter().map(|e| e.reports).sum();
    let share = move |part: i64, whole: i64| {
        percent(
            lang,
            (whole > 0).then(|| part as f64 * 100.0 / whole as f64),
        )
    };
    let rows = effort
        .enforcement
        .iter()
        .map(|e| {
            let label = e.focus.map_or(s.focus_not_recorded, |f| f.label(t));
            view! {
                <tr>
                    <th scope="row" class="card-title">{label}</th>
                    <td data-label=s.enforcement_tasks>{n(e.tasks)}</td>
                    <td data-label=s.share_of_tasks>{share(e.tasks, total_tasks)}</td>
                    <td data-label=s.enforcement_reports>{n(e.reports)}</td>
                    <td data-label=s.share_of_reports>{share(e.reports, total_reports)}</td>
                </tr>
            }
        })
        .collect_view();
    let reach_row = |label: &'static str, counts: ActivityCounts| {
        view! {
            <tr>
                <th scope="row" class="card-title">{label}</th>
                <td data-label=s.activities>{n(counts.activities)}</td>
                <td data-label=s.people_reached>{n(counts.reach.total)}</td>
            </tr>
        }
    };
    view! {
        <h3 id="effort-title">{s.effort_title}</h3>
        <p class="hint">{s.effort_intro}</p>
        <div class="table-wrap">
            <table class="cards" data-testid="enforcement-focus" aria-labelledby="effort-title">
                <thead>
                    <tr>
                        <th scope="col">{t.tasks.enforcement_focus}</th>
                        <th scope="col">{s.enforcement_tasks}</th>
                        <th scope="col">{s.share_of_tasks}</th>
                        <th scope="col">{s.enforcement_reports}</th>
                        <th scope="col">{s.share_of_reports}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <h3 id="d2-reach-title">{s.d2_reach_title}</h3>
        <div class="table-wrap">
            <table class="cards" data-testid="d2-reach" aria-labelledby="d2-reach-title">
                <thead>
                    <tr>
                        <th scope="col">{t.tasks.category}</th>
                        <th scope="col">{s.activities}</th>
                        <th scope="col">{s.people_reached}</th>
                    </tr>
                </thead>
                <tbody>
                    {reach_row(t.tasks.category_treatment, effort.treatment)}
                    {reach_row(t.tasks.category_harm_reduction, effort.harm_reduction)}
                </tbody>
            </table>
        </div>
    }
}

fn audience_text(audience: Audience, t: &Texts) -> &'static str {
    match audience {
        Audience::Everything => t.dashboard.audience_everything,
        Audience::OwnOrganization => t.dashboard.audience_own,
        Audience::Published => t.dashboard.audience_published,
    }
}

/// "Showing: first period – last period. `rest`": the line above the figures of the
/// dashboard, the public page and the scorecards.
pub fn showing_line(t: &'static Texts, from: &Period, to: &Period, rest: &str) -> String {
    format!(
        "{}: {} – {}. {rest}",
        t.dashboard.showing,
        period_label(from, t),
        period_label(to, t)
    )
}

/// What the dashboard and its printable report share: the period and audience shown, the
/// headline figures, the map, tasks by status, each direction, goal and objective, the
/// indicators, reach, the balance and the trends.
#[component]
fn Sections(data: Dashboard, printable: bool) -> impl IntoView {
    let t = use_texts();
    let s = t.dashboard;
    let showing = showing_line(t, &data.from, &data.to, audience_text(data.audience, t));
    let of_level = |level: Level| -> Vec<ConceptFigures> {
        data.concept
            .iter()
            .filter(|c| c.level == level)
            .cloned()
            .collect()
    };
    let directions = of_level(Level::Direction);
    let goals = of_level(Level::Goal);
    let base = if printable {
        "/dashboard/report"
    } else {
        "/dashboard"
    };
    view! {
        <p class="hint" data-testid="showing">{showing}</p>
        <Summary figures=data.total/>
        <Map map=data.map.clone() filter=data.filter.clone() base=base link_regions=!printable/>
        <TasksByStatus figures=data.total/>
        <section aria-labelledby="concept-title">
            <h2 id="concept-title">{s.by_concept}</h2>
            {(!directions.is_empty()).then(|| view! {
                <ConceptTable title=s.directions testid="directions" rows=directions filter=data.filter.clone()/>
            })}
            {(!goals.is_empty()).then(|| view! {
                <ConceptTable title=s.goals testid="goals" rows=goals filter=data.filter.clone()/>
            })}
            <ConceptTable title=s.objectives testid="objectives" rows=of_level(Level::Objective) filter=data.filter.clone()/>
        </section>
        <Indicators rows=data.concept.clone()/>
        <Reach figures=data.total/>
        <Balance points=data.balance.clone() effort=data.effort.clone()/>
        <TrendCharts trends=data.trends.clone()/>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let t = use_texts();
    let s = t.dashboard;
    let query = use_query_map();
    let filter = move || DashboardFilter::parse(|k| query.read().get(k));
    let data = Resource::new_blocking(filter, get_dashboard);
    let warning = Resource::new_blocking(|| (), |_| get_warning_figures());
    let choices = FilterChoices::load();
    view! {
        <Title text=s.dashboard_title/>
        <h1>{s.dashboard_title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let data = match data.await {
                    Ok(data) => data,
                    Err(error) => return error_view(error),
                };
                let query = data.filter.to_query();
                view! {
                    <Filters choices filter=data.filter.clone() periods=data.periods.clone() from=data.from to=data.to action="/dashboard"/>
                    <ul class="page-links">
                        <li><A href=format!("/dashboard/organizations?{query}")>{s.open_scorecards}</A></li>
                        <li><A href=format!("/dashboard/report?{query}")>{s.report_link}</A></li>
                    </ul>
                    <Sections data=data.clone() printable=false/>
                    {(data.audience != Audience::Published).then(|| view! { <Exports data=data.clone()/> })}
                }
                .into_any()
            })}
        </Suspense>
        <Suspense>
            {move || Suspend::new(async move {
                // National counts only; a failure here leaves the rest of the dashboard whole.
                warning.await.ok().filter(|f| !f.is_empty()).map(|figures| view! { <warning::WarningSection figures/> })
            })}
        </Suspense>
    }
}
